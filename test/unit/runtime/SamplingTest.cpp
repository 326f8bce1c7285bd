//===- SamplingTest.cpp - Temperature sampling ----------------------------===//
#include "dlc/Runtime/Sampling.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;

namespace {

/// How often each index is drawn in `draws` draws.
std::vector<double> frequencies(const std::vector<float> &probabilities,
                                double temperature, int draws) {
  SplitMix64 random(3);
  std::vector<int> counts(probabilities.size());
  for (int i = 0; i < draws; ++i) {
    Result<int64_t> index =
        sampleWithTemperature(probabilities, temperature, random);
    EXPECT_TRUE(index.isOk()) << index.status().message();
    ++counts[*index];
  }
  std::vector<double> shares;
  for (int count : counts)
    shares.push_back(static_cast<double>(count) / draws);
  return shares;
}

} // namespace

TEST(SamplingTest, TemperatureOneDrawsTheDistribution) {
  std::vector<double> seen = frequencies({0.5f, 0.3f, 0.2f, 0.0f}, 1.0, 40000);
  EXPECT_NEAR(seen[0], 0.5, 0.01);
  EXPECT_NEAR(seen[1], 0.3, 0.01);
  EXPECT_NEAR(seen[2], 0.2, 0.01);
  EXPECT_EQ(seen[3], 0.0);
}

TEST(SamplingTest, TemperatureReweights) {
  // p^2 normalized: 0.25, 0.09, 0.04 over 0.38.
  std::vector<double> sharp = frequencies({0.5f, 0.3f, 0.2f}, 0.5, 40000);
  EXPECT_NEAR(sharp[0], 0.25 / 0.38, 0.01);
  EXPECT_NEAR(sharp[2], 0.04 / 0.38, 0.01);
  // Very low: always the most likely; very high: nearly uniform.
  EXPECT_EQ(frequencies({0.2f, 0.5f, 0.3f}, 1e-3, 1000)[1], 1.0);
  std::vector<double> flat = frequencies({0.7f, 0.2f, 0.1f}, 100.0, 40000);
  EXPECT_NEAR(flat[2], 1.0 / 3, 0.02);
}

TEST(SamplingTest, TinyProbabilitiesDoNotUnderflow) {
  // 1e-30^(1/0.1) is 1e-300 in float64 and 0 in float32: still drawn from.
  std::vector<double> seen = frequencies({1e-30f, 2e-30f}, 0.1, 1000);
  EXPECT_DOUBLE_EQ(seen[0] + seen[1], 1.0);
  EXPECT_GT(seen[1], 0.99);
}

TEST(SamplingTest, Errors) {
  SplitMix64 random(1);
  auto message = [&](const std::vector<float> &p, double temperature) {
    Result<int64_t> index = sampleWithTemperature(p, temperature, random);
    return index.isOk() ? std::string("ok") : index.status().message();
  };
  EXPECT_EQ(message({}, 1.0), "sampling: empty distribution");
  EXPECT_EQ(message({0.5f}, 0.0),
            "sampling: the temperature must be positive, got 0.000000");
  EXPECT_EQ(message({0.0f, 0.0f}, 1.0), "sampling: every probability is zero");
  EXPECT_EQ(message({0.5f, NAN}, 1.0),
            "sampling: probability nan at index 1");
}
