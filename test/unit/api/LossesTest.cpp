//===- LossesTest.cpp - Compiled losses and metrics against formulas -----===//
//
// A model whose output is its input (times an identity weight), optionally
// through a softmax or sigmoid, so that the compiled loss and metrics can be
// compared with the textbook formulas on chosen values.
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/TrainingSession.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>

namespace dlc {
namespace {

/// Output = x (2 samples, 3 values) through `activation` ("" for none).
proto::Model identityModel(const std::string &activation,
                           const std::string &loss, bool fromLogits,
                           const std::vector<std::string> &metrics) {
  std::string text = R"pb(
    format_version: 1
    opset_version: 13
    graph {
      inputs { name: "x" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 3 } }
      outputs { name: "out" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 3 } }
      initializers { name: "I" dtype: FLOAT32 shape: [ 3, 3 ] float_data: [ 1, 0, 0, 0, 1, 0, 0, 0, 1 ] }
  )pb";
  if (activation.empty())
    text += R"pb(nodes { op: "MatMul" inputs: [ "x", "I" ] outputs: [ "out" ] })pb";
  else
    text += R"pb(nodes { op: "MatMul" inputs: [ "x", "I" ] outputs: [ "z" ] })pb"
            "nodes { op: \"" + activation +
            "\" inputs: [ \"z\" ] outputs: [ \"out\" ] }";
  text += "}";
  proto::Model model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &model));
  proto::Training &training = *model.mutable_training();
  training.mutable_loss()->set_name(loss);
  training.mutable_loss()->set_from_logits(fromLogits);
  for (const std::string &metric : metrics)
    training.add_metrics(metric);
  return model;
}

std::vector<double> evaluate(const proto::Model &model, const Tensor &x,
                             const Tensor &labels) {
  Result<TrainingSpec> spec = trainingSpecFromProto(model, "m.pbtxt");
  EXPECT_TRUE(static_cast<bool>(spec)) << spec.status().message();
  Result<std::unique_ptr<TrainingSession>> session =
      TrainingSession::create(model, "m.pbtxt", *spec, 0.01);
  EXPECT_TRUE(static_cast<bool>(session)) << session.status().message();
  Result<std::vector<double>> values = (*session)->evaluateBatch({x}, labels);
  EXPECT_TRUE(static_cast<bool>(values)) << values.status().message();
  return *values;
}

const std::vector<float> kLogits = {2.0f, -1.0f, 0.5f, -0.3f, 0.8f, 3.0f};

std::vector<double> softmaxRow(const std::vector<float> &z, int row) {
  double total = 0;
  std::vector<double> p(3);
  for (int j = 0; j < 3; ++j)
    total += std::exp(z[3 * row + j]);
  for (int j = 0; j < 3; ++j)
    p[j] = std::exp(z[3 * row + j]) / total;
  return p;
}

TEST(Losses, SparseCategoricalCrossentropyAndAccuracy) {
  Tensor x = Tensor::fromFloats({2, 3}, kLogits);
  Tensor labels(DType::Int64, {2});
  labels.typed<int64_t>()[0] = 0; // argmax 0: right
  labels.typed<int64_t>()[1] = 1; // argmax 2: wrong
  double expected = -(std::log(softmaxRow(kLogits, 0)[0]) +
                      std::log(softmaxRow(kLogits, 1)[1])) / 2;
  for (auto [activation, fromLogits] :
       {std::pair{"", true}, std::pair{"Softmax", false}}) {
    std::vector<double> values = evaluate(
        identityModel(activation, "sparse_categorical_crossentropy",
                      fromLogits, {"accuracy"}),
        x, labels);
    EXPECT_NEAR(values[0], expected, 1e-6) << activation;
    EXPECT_DOUBLE_EQ(values[1], 0.5) << activation;
  }
}

TEST(Losses, CategoricalCrossentropyAndAccuracy) {
  Tensor x = Tensor::fromFloats({2, 3}, kLogits);
  Tensor targets = Tensor::fromFloats({2, 3}, {0.2f, 0.8f, 0, 0, 0, 1});
  std::vector<double> p0 = softmaxRow(kLogits, 0), p1 = softmaxRow(kLogits, 1);
  double expected =
      -(0.2 * std::log(p0[0]) + 0.8 * std::log(p0[1]) + std::log(p1[2])) / 2;
  std::vector<double> values = evaluate(
      identityModel("", "categorical_crossentropy", true, {"accuracy"}), x,
      targets);
  EXPECT_NEAR(values[0], expected, 1e-6);
  EXPECT_DOUBLE_EQ(values[1], 0.5); // row 0 wants class 1, row 1 class 2
}

TEST(Losses, BinaryCrossentropyFromLogitsAndFromProbabilities) {
  Tensor x = Tensor::fromFloats({2, 3}, kLogits);
  Tensor targets = Tensor::fromFloats({2, 3}, {1, 0, 1, 1, 0, 0});
  double expected = 0;
  int hits = 0;
  for (int i = 0; i < 6; ++i) {
    double p = 1 / (1 + std::exp(-kLogits[i])), y = targets.typed<float>()[i];
    expected -= y * std::log(p) + (1 - y) * std::log(1 - p);
    hits += (p > 0.5) == (y == 1);
  }
  expected /= 6;
  for (auto [activation, fromLogits] :
       {std::pair{"", true}, std::pair{"Sigmoid", false}}) {
    std::vector<double> values = evaluate(
        identityModel(activation, "binary_crossentropy", fromLogits,
                      {"accuracy"}),
        x, targets);
    EXPECT_NEAR(values[0], expected, 1e-6) << activation;
    EXPECT_DOUBLE_EQ(values[1], hits / 6.0) << activation;
  }
}

TEST(Losses, ProbabilitiesFromElsewhereAreClippedAsInKeras) {
  // Probabilities of exactly 0 and 1: log(0) would be infinite.
  Tensor p = Tensor::fromFloats({1, 3}, {0.0f, 1.0f, 0.5f});
  Tensor targets = Tensor::fromFloats({1, 3}, {1, 0, 1});
  // The bounds are float32 like the probabilities: 1 - 1e-7 rounds to
  // 1 - 2^-23 (as in Keras, which clips in float32 too).
  double low = 1e-7f, high = 1.0f - 1e-7f;
  double expected = -(std::log(low) + std::log(1 - high) + std::log(0.5)) / 3;
  std::vector<double> values =
      evaluate(identityModel("", "binary_crossentropy", false, {}), p, targets);
  EXPECT_NEAR(values[0], expected, 1e-4);
}

TEST(Losses, MeanSquaredAndAbsoluteErrors) {
  Tensor x = Tensor::fromFloats({2, 3}, kLogits);
  Tensor targets = Tensor::fromFloats({2, 3}, {1, 1, 1, 0, 0, 0});
  double squared = 0, absolute = 0;
  for (int i = 0; i < 6; ++i) {
    double d = kLogits[i] - targets.typed<float>()[i];
    squared += d * d;
    absolute += std::abs(d);
  }
  std::vector<double> mse =
      evaluate(identityModel("", "mse", false, {"mae"}), x, targets);
  EXPECT_NEAR(mse[0], squared / 6, 1e-6);
  EXPECT_NEAR(mse[1], absolute / 6, 1e-6);
  std::vector<double> mae =
      evaluate(identityModel("", "mae", false, {}), x, targets);
  EXPECT_NEAR(mae[0], absolute / 6, 1e-6);
}

} // namespace
} // namespace dlc
