//===- NormalizerTest.cpp - Unit tests of feature standardization ---------===//
//
// Checks the fitted statistics against hand-computed ones, that they are
// applied unchanged to other samples, and the errors for wrong inputs.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Normalizer.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;

namespace {

std::vector<float> valuesOf(const Tensor &tensor) {
  const float *data = tensor.typed<float>();
  return std::vector<float>(data, data + tensor.numElements());
}

TEST(NormalizerTest, FitsPerFeatureMeanAndPopulationStddev) {
  // Feature 0: 1, 3, 5 (mean 3, variance 8/3); feature 1: 10, 10, 40 (mean
  // 20, variance 200).
  Result<Normalizer> normalizer =
      Normalizer::fit(Tensor::fromFloats({3, 2}, {1, 10, 3, 10, 5, 40}));
  ASSERT_TRUE(normalizer.isOk()) << normalizer.status().message();
  EXPECT_EQ(normalizer->mean(), (std::vector<float>{3, 20}));
  ASSERT_EQ(normalizer->stddev().size(), 2u);
  EXPECT_FLOAT_EQ(normalizer->stddev()[0], std::sqrt(8.0f / 3));
  EXPECT_FLOAT_EQ(normalizer->stddev()[1], std::sqrt(200.0f));
}

TEST(NormalizerTest, AppliesTrainingStatisticsToOtherSamples) {
  Result<Normalizer> normalizer =
      Normalizer::fit(Tensor::fromFloats({2, 2}, {0, 10, 2, 30}));
  ASSERT_TRUE(normalizer.isOk()) << normalizer.status().message();
  // mean (1, 20), stddev (1, 10): test samples are scaled by those, not by
  // their own statistics.
  Result<Tensor> test = normalizer->apply(Tensor::fromFloats({1, 2}, {4, 0}));
  ASSERT_TRUE(test.isOk()) << test.status().message();
  EXPECT_EQ(test->shape(), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(valuesOf(*test), (std::vector<float>{3, -2}));
}

TEST(NormalizerTest, NormalizedTrainingDataHasMeanZeroAndStddevOne) {
  std::vector<float> values;
  for (int i = 0; i < 100; ++i)
    values.push_back(static_cast<float>(i * i % 37) * 1.5f + 7);
  Tensor features = Tensor::fromFloats({100, 1}, values);
  Result<Normalizer> normalizer = Normalizer::fit(features);
  ASSERT_TRUE(normalizer.isOk()) << normalizer.status().message();
  Result<Tensor> normalized = normalizer->apply(features);
  ASSERT_TRUE(normalized.isOk()) << normalized.status().message();
  Result<Normalizer> refit = Normalizer::fit(*normalized);
  ASSERT_TRUE(refit.isOk()) << refit.status().message();
  EXPECT_NEAR(refit->mean()[0], 0, 1e-6);
  EXPECT_NEAR(refit->stddev()[0], 1, 1e-6);
}

TEST(NormalizerTest, ConstantFeaturesAreOnlyCentered) {
  Result<Normalizer> normalizer =
      Normalizer::fit(Tensor::fromFloats({2, 2}, {0, 5, 2, 5}));
  ASSERT_TRUE(normalizer.isOk()) << normalizer.status().message();
  EXPECT_EQ(normalizer->stddev()[1], 0.0f);
  Result<Tensor> applied =
      normalizer->apply(Tensor::fromFloats({1, 2}, {1, 6.5f}));
  ASSERT_TRUE(applied.isOk()) << applied.status().message();
  EXPECT_EQ(valuesOf(*applied), (std::vector<float>{0, 1.5f}));
}

TEST(NormalizerTest, ImagesHaveOneFeaturePerPixel) {
  // Two 1x2 "images": the statistics are per pixel.
  Result<Normalizer> normalizer =
      Normalizer::fit(Tensor::fromFloats({2, 1, 2}, {0, 4, 2, 8}));
  ASSERT_TRUE(normalizer.isOk()) << normalizer.status().message();
  EXPECT_EQ(normalizer->mean(), (std::vector<float>{1, 6}));
  EXPECT_EQ(normalizer->stddev(), (std::vector<float>{1, 2}));
}

TEST(NormalizerTest, AppliesToDatasetsKeepingLabels) {
  Result<Dataset> train = Dataset::create(Tensor::fromFloats({2, 1}, {0, 2}),
                                          Tensor::fromFloats({2}, {7, 8}));
  ASSERT_TRUE(train.isOk());
  Result<Normalizer> normalizer = Normalizer::fit(train->features());
  ASSERT_TRUE(normalizer.isOk()) << normalizer.status().message();
  Result<Dataset> normalized = normalizer->apply(*train);
  ASSERT_TRUE(normalized.isOk()) << normalized.status().message();
  EXPECT_EQ(valuesOf(normalized->features()), (std::vector<float>{-1, 1}));
  EXPECT_EQ(valuesOf(normalized->labels()), (std::vector<float>{7, 8}));
  EXPECT_EQ(valuesOf(train->features()), (std::vector<float>{0, 2}))
      << "the input must not change";
}

TEST(NormalizerTest, Errors) {
  EXPECT_EQ(Normalizer::fit(Tensor(DType::UInt8, {2, 3})).status().message(),
            "normalization needs float32 features, got uint8");
  EXPECT_EQ(Normalizer::fit(Tensor(DType::Float32, {})).status().message(),
            "normalization needs features with a first dimension counting "
            "samples, got a scalar");
  EXPECT_EQ(Normalizer::fit(Tensor(DType::Float32, {0, 3})).status().message(),
            "cannot fit a normalization to 0 samples");

  Result<Normalizer> normalizer =
      Normalizer::fit(Tensor(DType::Float32, {2, 3}));
  ASSERT_TRUE(normalizer.isOk());
  EXPECT_EQ(
      normalizer->apply(Tensor(DType::Float32, {2, 4})).status().message(),
      "normalization was fitted to samples of shape [3] but got [4]");
  EXPECT_EQ(
      normalizer->apply(Tensor(DType::Float64, {2, 3})).status().message(),
      "normalization needs float32 features, got float64");
}

} // namespace
