//===- Callbacks.h - Keras's standard training callbacks ---------*- C++ -*-===//
#ifndef DLC_RUNTIME_CALLBACKS_H
#define DLC_RUNTIME_CALLBACKS_H

#include "dlc/Runtime/Fit.h"
#include "dlc/Runtime/History.h"

#include <functional>
#include <limits>
#include <map>
#include <optional>

namespace dlc {

/// Watches one metric of the epoch logs ("val_loss", "val_accuracy", ...);
/// "improved" means lower, or higher for accuracies, as Keras's "auto" mode.
class MonitoredMetric {
public:
  explicit MonitoredMetric(std::string name, double minDelta = 0.0);
  const std::string &name() const { return name_; }
  /// Reads the metric from `logs`; an error if it is not there.
  Result<double> read(const MetricValues &logs) const;
  /// Whether `value` beats the best so far by more than minDelta; if so it
  /// becomes the best.
  bool improves(double value);
  /// Reads the metric and counts the epochs since it last improved; true
  /// once that count reaches `patience` (and the count starts again).
  Result<bool> outOfPatience(const MetricValues &logs, int64_t patience);

private:
  std::string name_;
  double minDelta_;
  bool higherIsBetter_;
  std::optional<double> best_;
  int64_t wait_ = 0;
};

/// Stops training when the monitored metric has not improved for
/// `patience` epochs.
class EarlyStopping : public Callback {
public:
  explicit EarlyStopping(std::string monitor = "val_loss", int64_t patience = 0,
                         double minDelta = 0.0);
  Status onEpochEnd(EpochEnd &state) override;
  /// The epoch (0-based) that stopped training, if any.
  std::optional<int64_t> stoppedEpoch() const { return stoppedEpoch_; }

private:
  MonitoredMetric monitor_;
  int64_t patience_;
  std::optional<int64_t> stoppedEpoch_;
};

/// Writes a checkpoint (Trainer::saveCheckpoint, atomically) after
/// each epoch, or only when the monitored metric improved. The path may
/// contain "{epoch}", replaced by the 1-based epoch number.
class ModelCheckpoint : public Callback {
public:
  explicit ModelCheckpoint(std::string path, std::string monitor = "val_loss",
                           bool saveBestOnly = false);
  Status onEpochEnd(EpochEnd &state) override;
  /// Writes a checkpoint of the steps done so far (`dlc.checkpoint.step`
  /// says how many of the unfinished epoch), unless only the best are kept.
  Status onInterrupt(Trainer &trainer, int64_t epoch, int64_t steps) override;

private:
  Status write(Trainer &trainer, int64_t epochsDone,
               std::optional<int64_t> stepsDone) const;

  std::string path_;
  MonitoredMetric monitor_;
  bool saveBestOnly_;
};

/// Multiplies the learning rate by `factor` when the monitored metric has
/// not improved for `patience` epochs, down to `minLearningRate`.
class ReduceLROnPlateau : public Callback {
public:
  explicit ReduceLROnPlateau(std::string monitor = "val_loss",
                             double factor = 0.1, int64_t patience = 10,
                             double minLearningRate = 0.0);
  Status onEpochEnd(EpochEnd &state) override;

private:
  MonitoredMetric monitor_;
  double factor_, minLearningRate_;
  int64_t patience_;
};

/// Sets the learning rate before each epoch to `schedule(epoch, rate)`,
/// with the 0-based epoch and the current rate (Keras's
/// LearningRateScheduler). A rate that is not positive and finite stops
/// training with an error naming the epoch.
class LearningRateScheduler : public Callback {
public:
  using Schedule = std::function<double(int64_t epoch, double learningRate)>;
  explicit LearningRateScheduler(Schedule schedule)
      : schedule_(std::move(schedule)) {}
  Status onEpochBegin(int64_t epoch, Trainer &trainer) override;
  Status onEpochEnd(EpochEnd &) override { return Status::ok(); }

private:
  Schedule schedule_;
};

/// Writes the epochs' metrics to a CSV file after each epoch (Keras's
/// CSVLogger), as History::writeCsv does: a header, then a row per epoch
/// of this fit numbered from 1. The file is replaced atomically each time,
/// so an interrupted run keeps every finished epoch's row.
class CSVLogger : public Callback {
public:
  explicit CSVLogger(std::string path) : path_(std::move(path)) {}
  Status onEpochEnd(EpochEnd &state) override;

private:
  std::string path_;
  History history_;
};

} // namespace dlc

#endif // DLC_RUNTIME_CALLBACKS_H
