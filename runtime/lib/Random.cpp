//===- Random.cpp - SplitMix64 and the Fisher-Yates shuffle ---------------===//
//
// The constants are those of the reference implementation,
// https://prng.di.unimi.it/splitmix64.c; the unit tests pin its outputs.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Random.h"

#include <cassert>
#include <cmath>
#include <cstddef>
#include <numeric>
#include <utility>

using namespace dlc;

uint64_t SplitMix64::next() {
  uint64_t z = state_ += 0x9E3779B97F4A7C15ull;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

uint64_t SplitMix64::below(uint64_t bound) {
  assert(bound > 0 && "below() needs a positive bound");
  // 2^64 mod bound, computed in 64 bits: -bound is 2^64 - bound.
  uint64_t threshold = -bound % bound;
  for (;;) {
    uint64_t bits = next();
    // The values from threshold to 2^64-1 are a whole number of copies of
    // 0..bound-1.
    if (bits >= threshold)
      return bits % bound;
  }
}

void dlc::shuffle(std::vector<int64_t> &values, SplitMix64 &random) {
  for (size_t i = values.size(); i > 1; --i)
    std::swap(values[i - 1], values[random.below(i)]);
}

std::vector<int64_t> dlc::randomPermutation(int64_t count, SplitMix64 &random) {
  assert(count >= 0 && "a permutation needs a non-negative count");
  std::vector<int64_t> values(static_cast<size_t>(count));
  std::iota(values.begin(), values.end(), 0);
  shuffle(values, random);
  return values;
}

uint64_t dlc::hashString(std::string_view text) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 0x100000001b3ull;
  }
  return hash;
}

double dlc::standardNormal(SplitMix64 &random) {
  auto uniform = [&] {
    return static_cast<double>((random.next() >> 11) + 1) * 0x1.0p-53;
  };
  double radius = std::sqrt(-2 * std::log(uniform()));
  return radius * std::cos(2 * M_PI * uniform());
}
