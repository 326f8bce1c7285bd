//===- DataParallel.h - The fit loop across processes ------------*- C++ -*-===//
//
// Data-parallel training (FitOptions::processes): every process reads the
// same seeded shuffle of the training data and takes its share of each
// batch, and the compiled step averages the gradients over the processes
// (dlc.all_reduce), so that all keep the same weights. These helpers are
// the fit loop's side of that: who takes which samples, that the processes
// agree on what they train, and averages of what each computed alone.
//
// `--batch-size` is the global batch: P processes each step on about B / P
// samples, and the learning rate is not rescaled. A batch of fewer samples
// than processes (an epoch's last, at most P - 1 samples) is skipped: a
// process with no sample would have no mean to contribute.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_DATAPARALLEL_H
#define DLC_RUNTIME_DATAPARALLEL_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Metrics.h"
#include "dlc/Runtime/ProcessGroup.h"
#include "dlc/Runtime/Trainer.h"

namespace dlc {

/// Samples [begin, end) of a batch, this process's share.
struct BatchShare {
  int64_t begin, end;
};

/// The share of process `rank` of `processes` in a batch of `samples`:
/// contiguous, the sizes differing by at most one.
BatchShare shareOfBatch(int64_t samples, int rank, int processes);

/// The most samples any process steps on in a batch of `batchSize`.
int64_t largestShare(int64_t batchSize, int processes);

/// What fixes a training run: the weights, the data's size and the fit
/// settings. Processes that would train differently (another model file,
/// other data, other flags) have different fingerprints.
uint64_t trainingFingerprint(const Trainer &trainer, const Dataset &data,
                             int64_t batchSize, int64_t epochs, uint64_t seed);

/// Fails on every process when any process's fingerprint differs from
/// process 0's, naming those that differ.
Status checkSameTraining(ProcessGroup &group, uint64_t fingerprint);

/// Fails on every process when any process's weights differ from process
/// 0's: the check that training kept them equal, bit for bit.
Status checkSameWeights(ProcessGroup &group, const Trainer &trainer);

/// Means each process computed over its `samples`, averaged over all
/// processes' samples (a process without samples adds nothing).
Result<MetricValues> averageMetrics(ProcessGroup &group,
                                    const MetricValues &local,
                                    int64_t samples);

/// Whether any process was asked to stop: all stop after the same step.
Result<bool> anyProcessInterrupted(ProcessGroup &group, bool interrupted);

} // namespace dlc

#endif // DLC_RUNTIME_DATAPARALLEL_H
