//===- Predictions.h - Combining and scoring predict()'s outputs -*- C++ -*-===//
//
// What a driver does with class probabilities on the host: average several
// models' predictions (an ensemble, as the book's chapter 7 builds one by
// hand) and score predictions against labels.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_PREDICTIONS_H
#define DLC_RUNTIME_PREDICTIONS_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <vector>

namespace dlc {

/// sum(w_i * p_i) / sum(w_i) over the models' predictions `p_i` for the
/// same samples; equal weights when `weights` is empty. Fails unless there
/// is at least one prediction, all are float32 of one shape, and the
/// weights are one per prediction, finite, non-negative and not all zero.
Result<Tensor> averagePredictions(const std::vector<Tensor> &predictions,
                                  const std::vector<double> &weights = {});

/// The fraction of samples whose highest-scoring class (the first, among
/// equal scores) is their label: `scores` float32 [N, K], `labels` int64
/// [N]. Fails for other shapes or dtypes.
Result<double> classAccuracy(const Tensor &scores, const Tensor &labels);

} // namespace dlc

#endif // DLC_RUNTIME_PREDICTIONS_H
