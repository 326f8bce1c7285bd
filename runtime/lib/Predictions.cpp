//===- Predictions.cpp - Combining and scoring predict()'s outputs --------===//
#include "dlc/Runtime/Predictions.h"

#include <cmath>

namespace dlc {

Result<Tensor> averagePredictions(const std::vector<Tensor> &predictions,
                                  const std::vector<double> &weights) {
  if (predictions.empty())
    return Status::error("averagePredictions: no predictions");
  if (!weights.empty() && weights.size() != predictions.size())
    return Status::error("averagePredictions: " +
                         std::to_string(weights.size()) + " weights for " +
                         std::to_string(predictions.size()) + " predictions");
  const Tensor &first = predictions.front();
  double total = 0;
  for (size_t i = 0; i < predictions.size(); ++i) {
    const Tensor &prediction = predictions[i];
    if (prediction.dtype() != DType::Float32 ||
        prediction.shape() != first.shape())
      return Status::error("averagePredictions: prediction " +
                           std::to_string(i) +
                           " is not float32 of the first one's shape");
    double weight = weights.empty() ? 1.0 : weights[i];
    if (!std::isfinite(weight) || weight < 0)
      return Status::error("averagePredictions: weight " + std::to_string(i) +
                           " is " + std::to_string(weight) +
                           "; weights must be finite and non-negative");
    total += weight;
  }
  if (total == 0)
    return Status::error("averagePredictions: the weights are all zero");
  Tensor average(DType::Float32, first.shape());
  std::vector<double> sums(first.numElements(), 0.0);
  for (size_t i = 0; i < predictions.size(); ++i) {
    double weight = (weights.empty() ? 1.0 : weights[i]) / total;
    const float *values = predictions[i].typed<float>();
    for (size_t e = 0; e < sums.size(); ++e)
      sums[e] += weight * values[e];
  }
  for (size_t e = 0; e < sums.size(); ++e)
    average.typed<float>()[e] = static_cast<float>(sums[e]);
  return average;
}

Result<double> classAccuracy(const Tensor &scores, const Tensor &labels) {
  if (scores.dtype() != DType::Float32 || scores.shape().size() != 2 ||
      labels.dtype() != DType::Int64 || labels.shape().size() != 1 ||
      labels.shape()[0] != scores.shape()[0] || scores.shape()[0] == 0 ||
      scores.shape()[1] == 0)
    return Status::error("classAccuracy: needs float32 scores [N, K] and "
                         "int64 labels [N] with N, K > 0");
  int64_t samples = scores.shape()[0], classes = scores.shape()[1];
  int64_t correct = 0;
  for (int64_t n = 0; n < samples; ++n) {
    const float *row = scores.typed<float>() + n * classes;
    int64_t best = 0;
    for (int64_t k = 1; k < classes; ++k)
      if (row[k] > row[best])
        best = k;
    correct += best == labels.typed<int64_t>()[n];
  }
  return static_cast<double>(correct) / static_cast<double>(samples);
}

} // namespace dlc
