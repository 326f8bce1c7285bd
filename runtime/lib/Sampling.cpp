//===- Sampling.cpp - Drawing the next token from a distribution ----------===//
#include "dlc/Runtime/Sampling.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace dlc {

Result<int64_t> sampleWithTemperature(const std::vector<float> &probabilities,
                                      double temperature, SplitMix64 &random) {
  if (probabilities.empty())
    return Status::error("sampling: empty distribution");
  if (!(temperature > 0) || !std::isfinite(temperature))
    return Status::error("sampling: the temperature must be positive, got " +
                         std::to_string(temperature));
  // log(p) / temperature, shifted by its maximum before exp.
  std::vector<double> weights(probabilities.size());
  double largest = -std::numeric_limits<double>::infinity();
  for (size_t i = 0; i < probabilities.size(); ++i) {
    double p = probabilities[i];
    if (!(p >= 0) || !std::isfinite(p))
      return Status::error("sampling: probability " + std::to_string(p) +
                           " at index " + std::to_string(i));
    weights[i] = p > 0 ? std::log(p) / temperature
                       : -std::numeric_limits<double>::infinity();
    largest = std::max(largest, weights[i]);
  }
  if (std::isinf(largest))
    return Status::error("sampling: every probability is zero");
  double total = 0;
  for (double &weight : weights)
    total += weight = std::exp(weight - largest);
  // A uniform draw in [0, total) with 53 random bits.
  double draw = static_cast<double>(random.next() >> 11) * 0x1.0p-53 * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (draw < weights[i])
      return static_cast<int64_t>(i);
    draw -= weights[i];
  }
  // Rounding left the draw past the end: the last index with weight.
  for (size_t i = weights.size(); i-- > 0;)
    if (weights[i] > 0)
      return static_cast<int64_t>(i);
  return Status::error("sampling: every probability is zero");
}

} // namespace dlc
