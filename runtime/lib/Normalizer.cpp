//===- Normalizer.cpp - Per-feature mean and standard deviation -----------===//
//
// Sums are taken in double, in two passes (mean, then squared deviations),
// so that 60000 samples of values near 1 keep float32 precision.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Normalizer.h"

#include <cmath>
#include <string>

using namespace dlc;

/// Standard deviations below this count as 0: the feature is constant.
static constexpr double kMinStddev = 1e-7;

/// Fails unless `features` is float32 with a first dimension (samples).
static Status checkFeatures(const Tensor &features) {
  if (features.dtype() != DType::Float32)
    return Status::error(std::string("normalization needs float32 features, "
                                     "got ") +
                         dtypeName(features.dtype()));
  if (features.rank() == 0)
    return Status::error("normalization needs features with a first "
                         "dimension counting samples, got a scalar");
  return Status::ok();
}

Result<Normalizer> Normalizer::fit(const Tensor &features) {
  DLC_RETURN_IF_ERROR(checkFeatures(features));
  int64_t samples = features.shape()[0];
  if (samples == 0)
    return Status::error("cannot fit a normalization to 0 samples");
  size_t width = static_cast<size_t>(features.numElements() / samples);
  const float *values = features.typed<float>();

  std::vector<double> sums(width, 0.0);
  for (int64_t sample = 0; sample < samples; ++sample)
    for (size_t feature = 0; feature < width; ++feature)
      sums[feature] += values[sample * width + feature];
  std::vector<double> means(width);
  for (size_t feature = 0; feature < width; ++feature)
    means[feature] = sums[feature] / samples;

  std::vector<double> squares(width, 0.0);
  for (int64_t sample = 0; sample < samples; ++sample)
    for (size_t feature = 0; feature < width; ++feature) {
      double deviation = values[sample * width + feature] - means[feature];
      squares[feature] += deviation * deviation;
    }
  std::vector<float> mean(width), stddev(width);
  for (size_t feature = 0; feature < width; ++feature) {
    mean[feature] = static_cast<float>(means[feature]);
    stddev[feature] = static_cast<float>(std::sqrt(squares[feature] / samples));
  }
  std::vector<int64_t> sampleShape(features.shape().begin() + 1,
                                   features.shape().end());
  return Normalizer(std::move(sampleShape), std::move(mean), std::move(stddev));
}

Result<Tensor> Normalizer::apply(const Tensor &features) const {
  DLC_RETURN_IF_ERROR(checkFeatures(features));
  std::vector<int64_t> sampleShape(features.shape().begin() + 1,
                                   features.shape().end());
  if (sampleShape != sampleShape_)
    return Status::error("normalization was fitted to samples of shape " +
                         formatShape(sampleShape_) + " but got " +
                         formatShape(sampleShape));
  Tensor result(DType::Float32, features.shape());
  const float *source = features.typed<float>();
  float *target = result.typed<float>();
  size_t width = mean_.size();
  for (int64_t sample = 0; sample < features.shape()[0]; ++sample)
    for (size_t feature = 0; feature < width; ++feature) {
      float scale = stddev_[feature] < kMinStddev ? 1.0f : stddev_[feature];
      size_t index = sample * width + feature;
      target[index] = (source[index] - mean_[feature]) / scale;
    }
  return result;
}

Result<Dataset> Normalizer::apply(const Dataset &dataset) const {
  if (dataset.inputs().size() != 1)
    return Status::error("a normalizer standardizes one input; this data set "
                         "has " + std::to_string(dataset.inputs().size()) +
                         " (normalize each input tensor on its own)");
  Result<Tensor> features = apply(dataset.features());
  if (!features)
    return features.status();
  return Dataset::create({std::move(features).value()}, dataset.allLabels());
}
