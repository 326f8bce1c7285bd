//===- Normalizer.h - Feature standardization fitted on training data -----===//
//
// Standardizes each feature to mean 0 and standard deviation 1. The
// statistics must come from the training samples only and then be applied
// unchanged to validation and test samples; otherwise the held-out samples
// leak into training and the evaluation is optimistic.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_NORMALIZER_H
#define DLC_RUNTIME_NORMALIZER_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <cstdint>
#include <vector>

namespace dlc {

class Normalizer {
public:
  /// Computes the mean and the (population, as numpy's std) standard
  /// deviation of every feature of float32 `features`, over the first
  /// dimension; a feature is one element of a sample, so [N, 28, 28] images
  /// have 784 features. Fails for other dtypes, rank 0 or zero samples.
  static Result<Normalizer> fit(const Tensor &features);

  /// (x - mean) / stddev for every feature of float32 `features`, whose
  /// shape below the first dimension must be the fitted one. A feature that
  /// was constant (stddev < 1e-7) is only centered, as scikit-learn's
  /// StandardScaler does, so that it cannot blow up to huge values.
  Result<Tensor> apply(const Tensor &features) const;
  /// The dataset with its features normalized and its labels unchanged.
  Result<Dataset> apply(const Dataset &dataset) const;

  const std::vector<float> &mean() const { return mean_; }
  const std::vector<float> &stddev() const { return stddev_; }

private:
  Normalizer(std::vector<int64_t> sampleShape, std::vector<float> mean,
             std::vector<float> stddev)
      : sampleShape_(std::move(sampleShape)), mean_(std::move(mean)),
        stddev_(std::move(stddev)) {}

  /// The features' shape without the first dimension.
  std::vector<int64_t> sampleShape_;
  std::vector<float> mean_;
  std::vector<float> stddev_;
};

} // namespace dlc

#endif // DLC_RUNTIME_NORMALIZER_H
