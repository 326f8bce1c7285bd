//===- PredictionsTest.cpp - Averaging and scoring predictions ------------===//
#include "dlc/Runtime/Predictions.h"

#include <gtest/gtest.h>

using namespace dlc;

namespace {

Tensor scores(std::vector<float> values, int64_t classes) {
  Tensor tensor(DType::Float32,
                {static_cast<int64_t>(values.size()) / classes, classes});
  std::copy(values.begin(), values.end(), tensor.typed<float>());
  return tensor;
}

Tensor labels(std::vector<int64_t> values) {
  Tensor tensor(DType::Int64, {static_cast<int64_t>(values.size())});
  std::copy(values.begin(), values.end(), tensor.typed<int64_t>());
  return tensor;
}

void expectValues(const Tensor &tensor, const std::vector<float> &expected) {
  ASSERT_EQ(tensor.numElements(), static_cast<int64_t>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i)
    EXPECT_NEAR(tensor.typed<float>()[i], expected[i], 1e-6) << "at " << i;
}

TEST(Predictions, AveragesWithAndWithoutWeights) {
  Tensor a = scores({0.9f, 0.1f, 0.4f, 0.6f}, 2);
  Tensor b = scores({0.3f, 0.7f, 0.2f, 0.8f}, 2);
  Result<Tensor> plain = averagePredictions({a, b});
  ASSERT_TRUE(static_cast<bool>(plain));
  expectValues(*plain, {0.6f, 0.4f, 0.3f, 0.7f});
  Result<Tensor> weighted = averagePredictions({a, b}, {3, 1});
  ASSERT_TRUE(static_cast<bool>(weighted));
  expectValues(*weighted, {0.75f, 0.25f, 0.35f, 0.65f});
}

TEST(Predictions, EnsembleBeatsItsMembers) {
  // Each member misses a different sample; the average gets all three.
  Tensor a = scores({0.4f, 0.6f, 0.2f, 0.8f, 0.9f, 0.1f}, 2);
  Tensor b = scores({0.8f, 0.2f, 0.6f, 0.4f, 0.7f, 0.3f}, 2);
  Tensor c = scores({0.7f, 0.3f, 0.3f, 0.7f, 0.45f, 0.55f}, 2);
  Tensor truth = labels({0, 1, 0});
  for (const Tensor &member : {a, b, c})
    EXPECT_NEAR(classAccuracy(member, truth).value(), 2.0 / 3, 1e-12);
  EXPECT_EQ(classAccuracy(averagePredictions({a, b, c}).value(), truth).value(),
            1.0);
}

TEST(Predictions, RejectsWhatDoesNotFit) {
  Tensor a = scores({0.5f, 0.5f}, 2);
  EXPECT_EQ(averagePredictions({}).status().message(),
            "averagePredictions: no predictions");
  EXPECT_EQ(averagePredictions({a, scores({1, 0, 0, 1}, 2)}).status().message(),
            "averagePredictions: prediction 1 is not float32 of the first "
            "one's shape");
  EXPECT_EQ(averagePredictions({a, a}, {1}).status().message(),
            "averagePredictions: 1 weights for 2 predictions");
  EXPECT_EQ(averagePredictions({a, a}, {1, -1}).status().message(),
            "averagePredictions: weight 1 is -1.000000; weights must be "
            "finite and non-negative");
  EXPECT_EQ(averagePredictions({a, a}, {0, 0}).status().message(),
            "averagePredictions: the weights are all zero");
  EXPECT_FALSE(static_cast<bool>(classAccuracy(a, labels({0, 1}))));
}

} // namespace
