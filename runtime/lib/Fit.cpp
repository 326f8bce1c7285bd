//===- Fit.cpp - Keras's fit / evaluate / predict loops -------------------===//
#include "dlc/Runtime/Fit.h"

#include "dlc/Runtime/DataParallel.h"
#include "dlc/Runtime/ProgressBar.h"
#include "dlc/Runtime/Random.h"

#include <cmath>
#include <cstring>

namespace dlc {

Callback::~Callback() = default;

Status Callback::onEpochBegin(int64_t, Trainer &) { return Status::ok(); }

namespace {

/// The shuffle generator of epoch `epoch`: the epoch-th output of a
/// SplitMix64 seeded with `seed`, so each epoch's order depends only on
/// (seed, epoch).
SplitMix64 epochGenerator(uint64_t seed, int64_t epoch) {
  SplitMix64 sequence(seed);
  uint64_t state = 0;
  for (int64_t i = 0; i <= epoch; ++i)
    state = sequence.next();
  return SplitMix64(state);
}

/// Running means of the step results over the samples seen, weighted by
/// batch size, as Keras averages its per-batch logs.
class RunningMeans {
public:
  explicit RunningMeans(const std::vector<std::string> &names)
      : names_(names), sums_(names.size(), 0.0) {}

  void add(const std::vector<double> &values, int64_t samples) {
    for (size_t i = 0; i < values.size(); ++i)
      sums_[i] += values[i] * samples;
    samples_ += samples;
  }
  int64_t samples() const { return samples_; }
  MetricValues means(const std::string &prefix = "") const {
    MetricValues result;
    for (size_t i = 0; i < names_.size(); ++i)
      result.push_back({prefix + names_[i],
                        samples_ ? sums_[i] / samples_ : std::nan("")});
    return result;
  }

private:
  const std::vector<std::string> &names_;
  std::vector<double> sums_;
  int64_t samples_ = 0;
};

} // namespace

Result<MetricValues> evaluate(Trainer &trainer, const Dataset &data,
                              int64_t batchSize) {
  if (batchSize <= 0)
    return Status::error("batch size must be positive, got " +
                         std::to_string(batchSize));
  DLC_RETURN_IF_ERROR(trainer.setStepBatchSize(batchSize));
  RunningMeans means(trainer.objectiveNames());
  for (Dataset batch : data.batches(batchSize)) {
    Result<std::vector<double>> values =
        trainer.evaluateBatch(batch.inputs(), batch.allLabels());
    if (!values)
      return values.status();
    means.add(*values, batch.size());
  }
  return means.means();
}

Result<Tensor> predict(Trainer &trainer,
                       const std::vector<Tensor> &inputs, int64_t batchSize) {
  if (batchSize <= 0)
    return Status::error("batch size must be positive, got " +
                         std::to_string(batchSize));
  if (inputs.empty() || inputs.front().rank() == 0)
    return Status::error("predict: no samples");
  int64_t samples = inputs.front().shape()[0];
  // Labels are not read; the Dataset only needs a tensor of matching length.
  Result<Dataset> data =
      Dataset::create(inputs, Tensor(DType::Float32, {samples}));
  if (!data)
    return data.status();
  std::vector<Tensor> pieces;
  for (Dataset batch : data->batches(batchSize)) {
    Result<std::vector<Tensor>> outputs =
        trainer.predictBatch(batch.inputs());
    if (!outputs)
      return outputs.status();
    pieces.push_back((*outputs)[trainer.labelFormat().output]);
  }
  if (pieces.empty())
    return Status::error("predict: no samples");
  std::vector<int64_t> shape = pieces.front().shape();
  shape[0] = samples;
  Tensor result(pieces.front().dtype(), shape);
  char *out = static_cast<char *>(result.data());
  for (const Tensor &piece : pieces) {
    std::memcpy(out, piece.data(), piece.sizeInBytes());
    out += piece.sizeInBytes();
  }
  return result;
}

Result<History> fit(Trainer &trainer, const Dataset &train,
                    const FitOptions &options) {
  if (options.batchSize <= 0)
    return Status::error("batch size must be positive, got " +
                         std::to_string(options.batchSize));
  Dataset training = train;
  std::optional<Dataset> validation = options.validationData;
  if (!validation && options.validationSplit > 0) {
    Result<std::pair<Dataset, Dataset>> split =
        train.split(options.validationSplit);
    if (!split)
      return split.status();
    training = split->first;
    validation = split->second;
  }
  if (training.size() == 0)
    return Status::error("fit: no training samples");
  ProcessGroup *group = options.processes;
  const bool parallel = group && group->size() > 1;
  const int rank = parallel ? group->rank() : 0;
  const int processes = parallel ? group->size() : 1;
  if (parallel)
    DLC_RETURN_IF_ERROR(checkSameTraining(
        *group, trainingFingerprint(trainer, training, options.batchSize,
                                    options.epochs, options.seed)));
  std::FILE *progress = rank == 0 ? options.progress : nullptr;

  History history;
  for (int64_t epoch = options.initialEpoch; epoch < options.epochs; ++epoch) {
    // Validation steps on batches of their own size.
    DLC_RETURN_IF_ERROR(trainer.setStepBatchSize(
        largestShare(options.batchSize, processes)));
    Dataset epochData = training;
    if (options.shuffle) {
      SplitMix64 random = epochGenerator(options.seed, epoch);
      epochData = training.shuffled(random);
    }
    for (Callback *callback : options.callbacks)
      DLC_RETURN_IF_ERROR(callback->onEpochBegin(epoch, trainer));
    Batches batches = epochData.batches(options.batchSize);
    std::optional<ProgressBar> bar;
    if (progress)
      bar.emplace(epoch + 1, options.epochs, batches.size(), progress);
    RunningMeans means(trainer.objectiveNames());
    // Its own stream, so that augmenting does not change the shuffle; each
    // process draws its own.
    SplitMix64 augmentRandom(epochGenerator(options.seed, epoch).next() ^
                             hashString("augmentation") ^ rank);
    // A run resumed within this epoch skips the steps done (drawing their
    // augmentations still, so that later steps draw the same ones).
    int64_t firstStep = epoch == options.initialEpoch ? options.initialStep : 0;
    for (int64_t step = 0; step < batches.size(); ++step) {
      Dataset batch = batches[step];
      // The step's losses and metrics average over the whole batch.
      const int64_t batchSamples = batch.size();
      if (parallel) {
        if (batchSamples < processes)
          continue;
        BatchShare share = shareOfBatch(batchSamples, rank, processes);
        batch = batch.slice(share.begin, share.end);
      }
      std::vector<Tensor> inputs = batch.inputs();
      if (options.augmentation) {
        Result<Tensor> augmented =
            augmentImages(inputs.front(), *options.augmentation, augmentRandom);
        if (!augmented)
          return augmented.status().withContext("fit");
        inputs.front() = std::move(*augmented);
      }
      if (step < firstStep)
        continue;
      Result<std::vector<double>> values =
          trainer.trainBatch(inputs, batch.allLabels());
      if (!values)
        return values.status();
      if (!std::isfinite(values->front())) {
        Result<std::string> cause =
            trainer.explainNonFinite(inputs, batch.allLabels());
        return Status::error(
            "the loss became " +
            std::string(std::isnan(values->front()) ? "NaN" : "infinite") +
            " at epoch " + std::to_string(epoch + 1) + ", step " +
            std::to_string(step + 1) + ": " +
            (cause ? *cause : cause.status().message()) +
            "; lower the learning rate or check the data for NaN/inf");
      }
      means.add(*values, batchSamples);
      if (bar)
        bar->update(step + 1, means.means());
      bool interrupted = options.interrupt && options.interrupt->load();
      if (parallel) {
        Result<bool> any = anyProcessInterrupted(*group, interrupted);
        if (!any)
          return any.status();
        interrupted = *any;
      }
      if (interrupted) {
        if (bar)
          std::fputc('\n', progress);
        for (Callback *callback : options.callbacks)
          DLC_RETURN_IF_ERROR(callback->onInterrupt(trainer, epoch, step + 1));
        return history;
      }
    }
    MetricValues logs = means.means();
    if (validation && validation->size() > 0) {
      // Each process evaluates its share of the validation data.
      Dataset part = *validation;
      if (parallel) {
        BatchShare share = shareOfBatch(validation->size(), rank, processes);
        part = validation->slice(share.begin, share.end);
      }
      Result<MetricValues> validated = RunningMeans(trainer.objectiveNames())
                                           .means();
      if (part.size() > 0)
        validated = evaluate(trainer, part, options.batchSize);
      if (validated && parallel)
        validated = averageMetrics(*group, *validated, part.size());
      if (!validated)
        return validated.status();
      for (MetricValue &value : *validated)
        logs.push_back({"val_" + value.name, value.value});
    }
    if (bar)
      bar->finish(means.samples(), logs);
    history.addEpoch(logs);
    EpochEnd state{epoch, logs, trainer};
    for (Callback *callback : options.callbacks)
      DLC_RETURN_IF_ERROR(callback->onEpochEnd(state));
    if (state.stopTraining)
      break;
  }
  if (parallel)
    DLC_RETURN_IF_ERROR(checkSameWeights(*group, trainer));
  for (Callback *callback : options.callbacks)
    DLC_RETURN_IF_ERROR(callback->onTrainEnd(trainer));
  return history;
}

} // namespace dlc
