//===- Fit.h - Keras's fit / evaluate / predict loops ------------*- C++ -*-===//
//
// The loops around a Trainer's steps, JIT-compiled (TrainingSession) or
// linked into a program (`dlc compile --train`): epochs of shuffled batches
// with a progress bar, validation, callbacks and a History, as Keras's
// Model.fit prints and returns them.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_FIT_H
#define DLC_RUNTIME_FIT_H

#include "dlc/Runtime/Augmentation.h"
#include "dlc/Runtime/Trainer.h"
#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/History.h"
#include "dlc/Runtime/ProcessGroup.h"

#include <atomic>
#include <cstdio>
#include <optional>

namespace dlc {

class Callback;

struct FitOptions {
  int64_t epochs = 1;
  int64_t batchSize = 32;
  /// Fraction of the training samples (the last ones) held out for
  /// validation; ignored when `validationData` is given.
  double validationSplit = 0.0;
  std::optional<Dataset> validationData;
  /// Shuffle the training samples before each epoch. The order of epoch e
  /// depends only on (seed, e), so a run resumed at epoch e sees the same
  /// batches as an uninterrupted one.
  bool shuffle = true;
  uint64_t seed = 0;
  /// Epochs already done (a resumed run starts there), and steps done of
  /// the next one (a run interrupted within an epoch resumes at its next
  /// step).
  int64_t initialEpoch = 0;
  int64_t initialStep = 0;
  /// Checked after every step: once set (a SIGINT handler sets it), fit
  /// stops after that step, the callbacks' onInterrupt run, and fit
  /// returns the history of the epochs finished (the caller, who set the
  /// flag, knows training stopped early).
  const std::atomic<bool> *interrupt = nullptr;
  /// Random transformations of the first input's images in every training
  /// batch (not in validation); drawn from (seed, epoch), so a resumed run
  /// sees the same images.
  std::optional<ImageAugmentation> augmentation;
  /// Where the progress bars go; null for silence. With several processes,
  /// process 0's alone are shown.
  std::FILE *progress = stdout;
  /// The processes training together, each on its share of every batch
  /// (DataParallel.h), with steps compiled to average their gradients over
  /// them; null or a group of one: this process alone.
  ProcessGroup *processes = nullptr;
  std::vector<Callback *> callbacks;
};

/// What callbacks see and steer at the end of an epoch.
struct EpochEnd {
  /// 0-based index of the epoch that just ended.
  int64_t epoch;
  /// Its metrics: training ones, then `val_`-prefixed validation ones.
  const MetricValues &logs;
  Trainer &trainer;
  /// Set to end training after this epoch.
  bool stopTraining = false;
};

class Callback {
public:
  virtual ~Callback();
  /// Called before epoch `epoch` (0-based) trains.
  virtual Status onEpochBegin(int64_t epoch, Trainer &trainer);
  virtual Status onEpochEnd(EpochEnd &state) = 0;
  /// Called once after the last epoch.
  virtual Status onTrainEnd(Trainer &) { return Status::ok(); }
  /// Called when FitOptions::interrupt stopped training after `steps`
  /// steps of epoch `epoch` (0-based), instead of onTrainEnd.
  virtual Status onInterrupt(Trainer &, int64_t /*epoch*/,
                             int64_t /*steps*/) {
    return Status::ok();
  }
};

/// Trains on `train` for options.epochs epochs; returns the per-epoch
/// metrics. A loss that is not finite stops training with an error naming
/// the epoch and step.
Result<History> fit(Trainer &trainer, const Dataset &train,
                    const FitOptions &options);

/// Loss and metrics over all of `data`, averaged over samples.
Result<MetricValues> evaluate(Trainer &trainer, const Dataset &data,
                              int64_t batchSize);

/// The loss output of the model for every sample of `inputs` (one tensor
/// per model input, samples along the first dimension).
Result<Tensor> predict(Trainer &trainer,
                       const std::vector<Tensor> &inputs, int64_t batchSize);

} // namespace dlc

#endif // DLC_RUNTIME_FIT_H
