//===- Callbacks.cpp - Keras's standard training callbacks ----------------===//
#include "dlc/Runtime/Callbacks.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace dlc {

MonitoredMetric::MonitoredMetric(std::string name, double minDelta)
    : name_(std::move(name)), minDelta_(minDelta),
      // Keras's "auto" mode: accuracies are maximized, the rest minimized.
      higherIsBetter_(name_.find("acc") != std::string::npos) {}

Result<double> MonitoredMetric::read(const MetricValues &logs) const {
  for (const MetricValue &value : logs)
    if (value.name == name_)
      return value.value;
  std::string known;
  for (const MetricValue &value : logs)
    known += (known.empty() ? "" : ", ") + value.name;
  return Status::error("callback monitors '" + name_ +
                       "', which this training does not report (it reports " +
                       known + ")");
}

bool MonitoredMetric::improves(double value) {
  bool better = !best_ || (higherIsBetter_ ? value > *best_ + minDelta_
                                           : value < *best_ - minDelta_);
  if (better)
    best_ = value;
  return better;
}

Result<bool> MonitoredMetric::outOfPatience(const MetricValues &logs,
                                            int64_t patience) {
  Result<double> value = read(logs);
  if (!value)
    return value.status();
  if (improves(*value)) {
    wait_ = 0;
    return false;
  }
  if (++wait_ < patience)
    return false;
  wait_ = 0;
  return true;
}

EarlyStopping::EarlyStopping(std::string monitor, int64_t patience,
                             double minDelta)
    : monitor_(std::move(monitor), minDelta), patience_(patience) {}

Status EarlyStopping::onEpochEnd(EpochEnd &state) {
  Result<bool> stop = monitor_.outOfPatience(state.logs, patience_);
  if (!stop)
    return stop.status();
  if (*stop) {
    state.stopTraining = true;
    stoppedEpoch_ = state.epoch;
  }
  return Status::ok();
}

ModelCheckpoint::ModelCheckpoint(std::string path, std::string monitor,
                                 bool saveBestOnly)
    : path_(std::move(path)), monitor_(std::move(monitor)),
      saveBestOnly_(saveBestOnly) {}

Status ModelCheckpoint::onEpochEnd(EpochEnd &state) {
  if (saveBestOnly_) {
    Result<double> value = monitor_.read(state.logs);
    if (!value)
      return value.status();
    if (!monitor_.improves(*value))
      return Status::ok();
  }
  return write(state.trainer, state.epoch + 1, std::nullopt);
}

Status ModelCheckpoint::onInterrupt(Trainer &trainer, int64_t epoch,
                                    int64_t steps) {
  // A partial epoch is no candidate for the best model.
  if (saveBestOnly_)
    return Status::ok();
  return write(trainer, epoch, steps);
}

Status ModelCheckpoint::write(Trainer &trainer, int64_t epochsDone,
                              std::optional<int64_t> stepsDone) const {
  std::string path = path_;
  std::string epochText = std::to_string(epochsDone);
  for (size_t at = path.find("{epoch}"); at != std::string::npos;
       at = path.find("{epoch}", at + epochText.size()))
    path.replace(at, 7, epochText);
  std::map<std::string, std::string> metadata = {
      {"dlc.checkpoint.epoch", epochText}};
  if (stepsDone)
    metadata["dlc.checkpoint.step"] = std::to_string(*stepsDone);
  return trainer.saveCheckpoint(path, metadata);
}

ReduceLROnPlateau::ReduceLROnPlateau(std::string monitor, double factor,
                                     int64_t patience, double minLearningRate)
    : monitor_(std::move(monitor)), factor_(factor),
      minLearningRate_(minLearningRate), patience_(patience) {}

Status ReduceLROnPlateau::onEpochEnd(EpochEnd &state) {
  Result<bool> reduce = monitor_.outOfPatience(state.logs, patience_);
  if (!reduce)
    return reduce.status();
  if (*reduce)
    state.trainer.setLearningRate(
        std::max(state.trainer.learningRate() * factor_, minLearningRate_));
  return Status::ok();
}

Status LearningRateScheduler::onEpochBegin(int64_t epoch, Trainer &trainer) {
  double rate = schedule_(epoch, trainer.learningRate());
  if (!std::isfinite(rate) || rate <= 0)
    return Status::error("LearningRateScheduler: the schedule gave " +
                         std::to_string(rate) + " for epoch " +
                         std::to_string(epoch + 1) +
                         "; a learning rate must be positive and finite");
  trainer.setLearningRate(rate);
  return Status::ok();
}

Status CSVLogger::onEpochEnd(EpochEnd &state) {
  history_.addEpoch(state.logs);
  return history_.writeCsv(path_).withContext("CSVLogger");
}

} // namespace dlc
