//===- Random.h - A portable seeded random generator and shuffle ----------===//
//
// Training shuffles its data with a seed, and a seed must give the same order
// on every machine and with every standard library. std::shuffle and the
// std:: distributions are implementation-defined, so the runtime uses its own
// generator and its own Fisher-Yates shuffle, both fixed by this header:
// changing either changes every seeded run, so they must not change.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_RANDOM_H
#define DLC_RUNTIME_RANDOM_H

#include <cstdint>
#include <string_view>
#include <vector>

namespace dlc {

/// SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number
/// generators", OOPSLA 2014; the generator that seeds xoshiro). The state is
/// one 64-bit counter advanced by the golden-ratio constant 0x9E3779B97F4A7C15
/// and each output is that counter through a 64-bit finalizer. Every seed,
/// including 0, gives a full-period sequence. Not for cryptography.
class SplitMix64 {
public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  /// The next 64 uniformly distributed bits.
  uint64_t next();

  /// A uniform integer in [0, bound); `bound` must be positive. Draws of
  /// next() below 2^64 mod bound are rejected and redrawn, so that every
  /// result is equally likely (plain next() % bound would favor small ones).
  uint64_t below(uint64_t bound);

private:
  uint64_t state_;
};

/// A standard normal draw: the Box-Muller transform of two uniforms in
/// (0, 1] of 53 bits each (as dlc.random_normal draws in compiled code).
double standardNormal(SplitMix64 &random);

/// FNV-1a of `text`: a stable 64-bit seed from a name (a tensor's, a
/// layer's), the same on every machine.
uint64_t hashString(std::string_view text);

/// Shuffles `values` in place with the Fisher-Yates (Durstenfeld) algorithm:
/// for i from size-1 down to 1, swap values[i] with values[random.below(i+1)].
void shuffle(std::vector<int64_t> &values, SplitMix64 &random);

/// The integers 0..count-1 in an order drawn by shuffle().
std::vector<int64_t> randomPermutation(int64_t count, SplitMix64 &random);

} // namespace dlc

#endif // DLC_RUNTIME_RANDOM_H
