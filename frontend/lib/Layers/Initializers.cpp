//===- Initializers.cpp - Initial values of layer weights -----------------===//
#include "Initializers.h"

#include <cmath>

namespace dlc::nn::detail {

Initializer Initializer::glorotUniform(double fanIn, double fanOut) {
  // The limit is rounded to float first: symmetricUniform needs a float.
  return uniform(static_cast<float>(std::sqrt(6.0 / (fanIn + fanOut))));
}

Tensor Initializer::create(const std::vector<int64_t> &shape,
                           SplitMix64 &random) const {
  Tensor tensor(DType::Float32, shape);
  float *values = tensor.typed<float>();
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    values[i] =
        kind_ == Kind::Constant ? value_ : symmetricUniform(random, value_);
  return tensor;
}

float symmetricUniform(SplitMix64 &random, float limit) {
  constexpr int64_t kSteps = int64_t(1) << 24;
  int64_t k = static_cast<int64_t>(random.next() >> 40);
  double fraction = static_cast<double>(2 * k + 1 - kSteps) / kSteps;
  return static_cast<float>(static_cast<double>(limit) * fraction);
}

} // namespace dlc::nn::detail
