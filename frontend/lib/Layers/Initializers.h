//===- Initializers.h - Initial values of layer weights ---------*- C++ -*-===//
//
// Keras's default initializers, drawn from dlc's portable SplitMix64 so that
// a seed gives bit-identical weights on every machine (docs/layers.md).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_LAYERS_INITIALIZERS_H
#define DLC_FRONTEND_LAYERS_INITIALIZERS_H

#include "dlc/Runtime/Random.h"
#include "dlc/Runtime/Tensor.h"

#include <cstdint>
#include <vector>

namespace dlc::nn::detail {

class Initializer {
public:
  static Initializer zeros() { return {Kind::Constant, 0.0f}; }
  static Initializer ones() { return {Kind::Constant, 1.0f}; }
  /// Uniform on (-limit, limit).
  static Initializer uniform(float limit) { return {Kind::Uniform, limit}; }
  /// Keras's glorot_uniform: uniform with limit sqrt(6 / (fanIn + fanOut)).
  static Initializer glorotUniform(double fanIn, double fanOut);

  /// A float32 tensor of `shape`. Uniform initializers draw one value per
  /// element from `random`, in row-major order; constants draw nothing.
  Tensor create(const std::vector<int64_t> &shape, SplitMix64 &random) const;

private:
  enum class Kind { Constant, Uniform };
  Initializer(Kind kind, float value) : kind_(kind), value_(value) {}

  Kind kind_;
  float value_;
};

/// A float uniformly distributed on (-limit, limit), from the top 24 bits k
/// of one random.next(): limit * (2k + 1 - 2^24) / 2^24, rounded once to
/// float. The lattice is symmetric around 0, and the product of the float
/// limit and the 25-bit fraction is exact in double, so that no compiler
/// choice (fused multiply-add, x87) can change the result.
float symmetricUniform(SplitMix64 &random, float limit);

} // namespace dlc::nn::detail

#endif // DLC_FRONTEND_LAYERS_INITIALIZERS_H
