//===- RandomTest.cpp - Unit tests of SplitMix64 and the shuffle ----------===//
//
// Pins the generator's outputs and the shuffle's permutations: seeded runs
// must give the same order on every machine, so any change here is a
// breaking change. The expected values come from the reference
// splitmix64.c and from a Python transcription of shuffle().
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Random.h"

#include <gtest/gtest.h>

#include <cmath>

#include <algorithm>
#include <numeric>

using namespace dlc;

namespace {

TEST(SplitMix64Test, MatchesTheReferenceImplementation) {
  SplitMix64 zero(0);
  EXPECT_EQ(zero.next(), 0xE220A8397B1DCDAFull);
  EXPECT_EQ(zero.next(), 0x6E789E6AA1B965F4ull);
  EXPECT_EQ(zero.next(), 0x06C45D188009454Full);

  SplitMix64 random(1234567);
  for (uint64_t expected :
       {6457827717110365317ull, 3203168211198807973ull, 9817491932198370423ull,
        4593380528125082431ull, 16408922859458223821ull})
    EXPECT_EQ(random.next(), expected);
}

TEST(SplitMix64Test, BelowIsPinned) {
  SplitMix64 random(7);
  std::vector<uint64_t> draws;
  for (int i = 0; i < 10; ++i)
    draws.push_back(random.below(6));
  EXPECT_EQ(draws, (std::vector<uint64_t>{3, 0, 0, 3, 4, 3, 4, 0, 5, 5}));
}

TEST(SplitMix64Test, BelowStaysInRangeAndCoversIt) {
  SplitMix64 random(99);
  std::vector<int> counts(10, 0);
  for (int i = 0; i < 100000; ++i) {
    uint64_t value = random.below(10);
    ASSERT_LT(value, 10u);
    ++counts[value];
  }
  // Each count is binomial(100000, 0.1): mean 10000, deviation about 95.
  for (int count : counts)
    EXPECT_NEAR(count, 10000, 600);

  EXPECT_EQ(random.below(1), 0u);
  // A bound just above 2^63 rejects almost half of the draws.
  uint64_t huge = (1ull << 63) + 1;
  for (int i = 0; i < 100; ++i)
    EXPECT_LT(random.below(huge), huge);
}

TEST(SplitMix64Test, StandardNormalHasMeanZeroAndVarianceOne) {
  SplitMix64 random(9);
  double sum = 0, squares = 0;
  const int draws = 20000;
  for (int i = 0; i < draws; ++i) {
    double z = standardNormal(random);
    ASSERT_TRUE(std::isfinite(z));
    sum += z;
    squares += z * z;
  }
  // Standard errors: 0.007 for the mean, 0.01 for the variance.
  EXPECT_NEAR(sum / draws, 0.0, 0.03);
  EXPECT_NEAR(squares / draws, 1.0, 0.04);
}

TEST(ShuffleTest, PermutationIsPinned) {
  SplitMix64 random(42);
  EXPECT_EQ(randomPermutation(10, random),
            (std::vector<int64_t>{0, 9, 5, 8, 6, 4, 7, 2, 1, 3}));
}

TEST(ShuffleTest, IsAPermutationThatDependsOnTheSeed) {
  SplitMix64 first(1), second(2);
  std::vector<int64_t> a = randomPermutation(1000, first);
  std::vector<int64_t> b = randomPermutation(1000, second);
  EXPECT_NE(a, b);
  std::sort(a.begin(), a.end());
  std::vector<int64_t> identity(1000);
  std::iota(identity.begin(), identity.end(), 0);
  EXPECT_EQ(a, identity);
}

TEST(ShuffleTest, SameSeedSameOrderAndStreamsContinue) {
  SplitMix64 first(5), second(5);
  std::vector<int64_t> epoch1 = randomPermutation(100, first);
  EXPECT_EQ(epoch1, randomPermutation(100, second));
  // A generator reused across epochs gives each epoch a new order.
  EXPECT_NE(epoch1, randomPermutation(100, first));
}

TEST(ShuffleTest, ShufflesGivenValuesAndTrivialSizes) {
  std::vector<int64_t> values = {10, 20, 30};
  SplitMix64 random(3);
  shuffle(values, random);
  std::vector<int64_t> sorted = values;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(sorted, (std::vector<int64_t>{10, 20, 30}));

  EXPECT_EQ(randomPermutation(0, random), std::vector<int64_t>{});
  EXPECT_EQ(randomPermutation(1, random), std::vector<int64_t>{0});
}

} // namespace
