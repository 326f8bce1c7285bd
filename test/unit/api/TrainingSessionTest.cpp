//===- TrainingSessionTest.cpp - Compiled training steps end to end ------===//
#include "dlc/Api/TrainingSession.h"

#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Frontend/WeightInit.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <random>

namespace dlc {
namespace {

/// y = x W + b, a 3-feature linear regression with a dynamic batch.
constexpr const char *kLinearModel = R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs { name: "x" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 3 } }
    outputs { name: "y" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 1 } }
    initializers { name: "W" dtype: FLOAT32 shape: [ 3, 1 ] float_data: [ 0, 0, 0 ] }
    initializers { name: "b" dtype: FLOAT32 shape: [ 1 ] float_data: [ 0 ] }
    nodes { op: "Gemm" inputs: [ "x", "W", "b" ] outputs: [ "y" ] }
  }
  training {
    loss { name: "mse" }
    optimizer { name: "sgd" learning_rate: 0.1 }
    metrics: "mae"
  }
)pb";

/// A 4-class softmax classifier on 2 features.
constexpr const char *kClassifierModel = R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs { name: "x" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 2 } }
    outputs { name: "p" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 4 } }
    initializers { name: "W" dtype: FLOAT32 shape: [ 2, 4 ] float_data: [ 0, 0, 0, 0, 0, 0, 0, 0 ] }
    nodes { op: "MatMul" inputs: [ "x", "W" ] outputs: [ "z" ] }
    nodes { op: "Softmax" inputs: [ "z" ] outputs: [ "p" ] }
  }
  training {
    loss { name: "sparse_categorical_crossentropy" }
    optimizer { name: "adam" learning_rate: 0.05 }
    metrics: "accuracy"
  }
)pb";

/// Conv(4, 3x3) - relu - MaxPool(2) - Flatten - Dense(2) - softmax on 8x8
/// single-channel images (channels first).
constexpr const char *kConvnetModel = R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs {
      name: "x" dtype: FLOAT32
      shape { symbol: "batch" } shape { size: 1 } shape { size: 8 } shape { size: 8 }
    }
    outputs { name: "p" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 2 } }
    initializers { name: "conv/kernel" dtype: FLOAT32 shape: [ 4, 1, 3, 3 ] init { kind: "glorot_uniform" seed: 1 } }
    initializers { name: "conv/bias" dtype: FLOAT32 shape: [ 4 ] init { kind: "zeros" } }
    initializers { name: "dense/kernel" dtype: FLOAT32 shape: [ 36, 2 ] init { kind: "glorot_uniform" seed: 2 } }
    initializers { name: "dense/bias" dtype: FLOAT32 shape: [ 2 ] init { kind: "zeros" } }
    nodes {
      op: "Conv" inputs: [ "x", "conv/kernel", "conv/bias" ] outputs: [ "c" ]
      attributes { name: "kernel_shape" ints { values: [ 3, 3 ] } }
    }
    nodes { op: "Relu" inputs: [ "c" ] outputs: [ "r" ] }
    nodes {
      op: "MaxPool" inputs: [ "r" ] outputs: [ "m" ]
      attributes { name: "kernel_shape" ints { values: [ 2, 2 ] } }
      attributes { name: "strides" ints { values: [ 2, 2 ] } }
    }
    nodes { op: "Flatten" inputs: [ "m" ] outputs: [ "f" ] }
    nodes { op: "Gemm" inputs: [ "f", "dense/kernel", "dense/bias" ] outputs: [ "z" ] }
    nodes { op: "Softmax" inputs: [ "z" ] outputs: [ "p" ] }
  }
  training {
    loss { name: "sparse_categorical_crossentropy" }
    optimizer { name: "adam" learning_rate: 0.01 }
    metrics: "accuracy"
  }
)pb";

/// A recurrent layer `op` (RNN, GRU or LSTM with `gates` gates, hidden 4,
/// default activations) over 6 steps of one feature, its final state
/// through Dense(2) - softmax. The samples come batch first (as training feeds
/// them) and are transposed to the layer's layout 0. Only Y_h is used: the
/// rule's other result gradients are zeros.
std::string recurrentModel(const std::string &op, int gates) {
  std::string rows = std::to_string(4 * gates);
  return R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs {
      name: "x" dtype: FLOAT32
      shape { symbol: "batch" } shape { size: 6 } shape { size: 1 }
    }
    outputs { name: "p" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 2 } }
    initializers { name: "rnn/w" dtype: FLOAT32 shape: [ 1, )pb" +
         rows + R"pb(, 1 ] init { kind: "glorot_uniform" seed: 1 } }
    initializers { name: "rnn/r" dtype: FLOAT32 shape: [ 1, )pb" +
         rows + R"pb(, 4 ] init { kind: "glorot_uniform" seed: 2 } }
    initializers { name: "rnn/b" dtype: FLOAT32 shape: [ 1, )pb" +
         std::to_string(8 * gates) + R"pb( ] init { kind: "zeros" } }
    initializers { name: "dense/kernel" dtype: FLOAT32 shape: [ 4, 2 ] init { kind: "glorot_uniform" seed: 3 } }
    initializers { name: "dense/bias" dtype: FLOAT32 shape: [ 2 ] init { kind: "zeros" } }
    nodes {
      op: "Transpose" inputs: [ "x" ] outputs: [ "steps" ]
      attributes { name: "perm" ints { values: [ 1, 0, 2 ] } }
    }
    nodes {
      op: ")pb" + op + R"pb(" inputs: [ "steps", "rnn/w", "rnn/r", "rnn/b" ] outputs: [ "", "h" ]
      attributes { name: "hidden_size" i: 4 }
    }
    nodes {
      op: "Flatten" inputs: [ "h" ] outputs: [ "f" ]
      attributes { name: "axis" i: 2 }
    }
    nodes { op: "Gemm" inputs: [ "f", "dense/kernel", "dense/bias" ] outputs: [ "z" ] }
    nodes { op: "Softmax" inputs: [ "z" ] outputs: [ "p" ] }
  }
  training {
    loss { name: "sparse_categorical_crossentropy" }
    optimizer { name: "adam" learning_rate: 0.03 }
    metrics: "accuracy"
  }
)pb";
}

proto::Model parse(const char *text) {
  proto::Model model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &model));
  return model;
}

std::unique_ptr<TrainingSession> makeSession(const proto::Model &model) {
  Result<TrainingSpec> spec = trainingSpecFromProto(model, "test.pbtxt");
  EXPECT_TRUE(static_cast<bool>(spec)) << spec.status().message();
  Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(
      model, "test.pbtxt", *spec, learningRateFromProto(model.training()));
  EXPECT_TRUE(static_cast<bool>(session)) << session.status().message();
  return session ? std::move(*session) : nullptr;
}

/// Samples of y = 2 x0 - x1 + 0.5 x2 + 1.
void linearBatch(std::mt19937 &random, int64_t n, Tensor &x, Tensor &y) {
  std::normal_distribution<float> normal;
  x = Tensor(DType::Float32, {n, 3});
  y = Tensor(DType::Float32, {n});
  for (int64_t i = 0; i < n; ++i) {
    float *row = x.typed<float>() + 3 * i;
    for (int j = 0; j < 3; ++j)
      row[j] = normal(random);
    y.typed<float>()[i] = 2 * row[0] - row[1] + 0.5f * row[2] + 1;
  }
}

TEST(TrainingSession, SgdFitsALinearRegression) {
  std::unique_ptr<TrainingSession> session = makeSession(parse(kLinearModel));
  ASSERT_TRUE(session);
  EXPECT_EQ(session->objectiveNames(),
            (std::vector<std::string>{"loss", "mae"}));
  std::mt19937 random(1);
  Tensor x, y;
  double firstLoss = 0, lastLoss = 0;
  for (int step = 0; step < 200; ++step) {
    linearBatch(random, 16, x, y);
    Result<std::vector<double>> objective = session->trainBatch({x}, y);
    ASSERT_TRUE(static_cast<bool>(objective)) << objective.status().message();
    (step == 0 ? firstLoss : lastLoss) = (*objective)[0];
  }
  EXPECT_GT(firstLoss, 1.0);
  EXPECT_LT(lastLoss, 1e-6);
  Result<proto::Model> trained = session->trainedModel();
  ASSERT_TRUE(static_cast<bool>(trained));
  Result<Tensor> weights = tensorFromProto(trained->graph().initializers(0));
  Result<Tensor> bias = tensorFromProto(trained->graph().initializers(1));
  ASSERT_TRUE(weights && bias);
  ASSERT_EQ(weights->shape(), (std::vector<int64_t>{3, 1}));
  EXPECT_NEAR(weights->typed<float>()[0], 2.0, 1e-3);
  EXPECT_NEAR(weights->typed<float>()[1], -1.0, 1e-3);
  EXPECT_NEAR(weights->typed<float>()[2], 0.5, 1e-3);
  EXPECT_NEAR(bias->typed<float>()[0], 1.0, 1e-3);
  EXPECT_EQ(session->iteration(), 200);

  // A different batch size compiles another step and agrees with predict.
  linearBatch(random, 5, x, y);
  Result<std::vector<Tensor>> predicted = session->predictBatch({x});
  ASSERT_TRUE(static_cast<bool>(predicted)) << predicted.status().message();
  for (int i = 0; i < 5; ++i)
    EXPECT_NEAR((*predicted)[0].typed<float>()[i], y.typed<float>()[i], 1e-2);
}

/// What `dlc train --logdir` draws: the gradients are those the next SGD
/// step applies (new W = W - 0.1 dW), and the last node's output is the
/// prediction.
TEST(TrainingSession, InspectsNodeOutputsAndGradients) {
  std::unique_ptr<TrainingSession> session = makeSession(parse(kLinearModel));
  ASSERT_TRUE(session);
  std::mt19937 random(3);
  Tensor x, y;
  for (int step = 0; step < 3; ++step) {
    linearBatch(random, 8, x, y);
    ASSERT_TRUE(static_cast<bool>(session->trainBatch({x}, y)));
  }
  linearBatch(random, 8, x, y);
  Result<std::vector<NamedTensor>> gradients = session->gradients({x}, {y});
  ASSERT_TRUE(static_cast<bool>(gradients)) << gradients.status().message();
  ASSERT_EQ(gradients->size(), 2u);
  EXPECT_EQ((*gradients)[0].name, "W");
  EXPECT_EQ((*gradients)[1].name, "b");
  std::vector<NamedTensor> before;
  for (const NamedTensor &parameter : session->parameters())
    before.push_back({parameter.name, parameter.tensor.clone()});
  ASSERT_TRUE(static_cast<bool>(session->trainBatch({x}, y)));
  for (size_t p = 0; p < before.size(); ++p)
    for (int64_t i = 0; i < before[p].tensor.numElements(); ++i)
      EXPECT_NEAR(session->parameters()[p].tensor.valueAt(i),
                  before[p].tensor.valueAt(i) -
                      0.1 * (*gradients)[p].tensor.valueAt(i),
                  1e-5)
          << before[p].name << " element " << i;

  Result<std::vector<NamedTensor>> outputs = session->nodeOutputs({x});
  ASSERT_TRUE(static_cast<bool>(outputs)) << outputs.status().message();
  ASSERT_FALSE(outputs->empty());
  Result<std::vector<Tensor>> predicted = session->predictBatch({x});
  ASSERT_TRUE(static_cast<bool>(predicted));
  const Tensor &last = outputs->back().tensor;
  ASSERT_EQ(last.shape(), (*predicted)[0].shape());
  for (int64_t i = 0; i < last.numElements(); ++i)
    EXPECT_FLOAT_EQ(last.valueAt(i), (*predicted)[0].valueAt(i));
}

TEST(TrainingSession, AdamLearnsAClassifierAndReportsAccuracy) {
  std::unique_ptr<TrainingSession> session =
      makeSession(parse(kClassifierModel));
  ASSERT_TRUE(session);
  // The class is the quadrant of the point.
  std::mt19937 random(2);
  std::uniform_real_distribution<float> uniform(-1, 1);
  auto batch = [&](int64_t n, Tensor &x, Tensor &labels) {
    x = Tensor(DType::Float32, {n, 2});
    labels = Tensor(DType::Int64, {n});
    for (int64_t i = 0; i < n; ++i) {
      float a = uniform(random), b = uniform(random);
      x.typed<float>()[2 * i] = a;
      x.typed<float>()[2 * i + 1] = b;
      labels.typed<int64_t>()[i] = (a > 0 ? 1 : 0) + (b > 0 ? 2 : 0);
    }
  };
  Tensor x, labels;
  for (int step = 0; step < 300; ++step) {
    batch(32, x, labels);
    ASSERT_TRUE(static_cast<bool>(session->trainBatch({x}, labels)));
  }
  batch(500, x, labels);
  Result<std::vector<double>> objective = session->evaluateBatch({x}, labels);
  ASSERT_TRUE(static_cast<bool>(objective)) << objective.status().message();
  EXPECT_LT((*objective)[0], 0.5);
  EXPECT_GT((*objective)[1], 0.9) << "accuracy";
}

/// A short batch padded to the step batch size (its padding masked out of
/// the loss and metrics) evaluates and trains like a step of its own size,
/// up to rounding.
TEST(TrainingSession, PaddedShortBatchesMatchStepsOfTheirOwnSize) {
  proto::Model model = parse(kClassifierModel);
  std::unique_ptr<TrainingSession> exact = makeSession(model);
  std::unique_ptr<TrainingSession> padded = makeSession(model);
  ASSERT_TRUE(exact && padded);
  ASSERT_TRUE(static_cast<bool>(padded->setStepBatchSize(32)));
  std::mt19937 random(5);
  std::uniform_real_distribution<float> uniform(-1, 1);
  Tensor x(DType::Float32, {13, 2}), labels(DType::Int64, {13});
  for (int64_t i = 0; i < 13; ++i) {
    x.typed<float>()[2 * i] = uniform(random);
    x.typed<float>()[2 * i + 1] = uniform(random);
    labels.typed<int64_t>()[i] = i % 4;
  }
  for (int step = 0; step < 3; ++step) {
    Result<std::vector<double>> a = exact->trainBatch({x}, labels);
    Result<std::vector<double>> b = padded->trainBatch({x}, labels);
    ASSERT_TRUE(a && b);
    EXPECT_NEAR((*a)[0], (*b)[0], 1e-6) << "loss at step " << step;
    EXPECT_DOUBLE_EQ((*a)[1], (*b)[1]) << "accuracy at step " << step;
  }
  for (size_t i = 0; i < exact->parameters().size(); ++i) {
    const Tensor &a = exact->parameters()[i].tensor;
    const Tensor &b = padded->parameters()[i].tensor;
    for (int64_t j = 0; j < a.numElements(); ++j)
      EXPECT_NEAR(a.valueAt(j), b.valueAt(j), 1e-6);
  }
  Result<std::vector<double>> a = exact->evaluateBatch({x}, labels);
  Result<std::vector<double>> b = padded->evaluateBatch({x}, labels);
  ASSERT_TRUE(a && b);
  EXPECT_NEAR((*a)[0], (*b)[0], 1e-6);
  EXPECT_DOUBLE_EQ((*a)[1], (*b)[1]);
  EXPECT_FALSE(padded->setStepBatchSize(-1));
}

/// The gradients of Conv and MaxPool, end to end: a convnet learns whether
/// a bright 2x2 square lies in the left or the right half of a noisy 8x8
/// image.
TEST(TrainingSession, ConvnetLearnsWhereASquareIs) {
  proto::Model model = parse(kConvnetModel);
  ASSERT_TRUE(materializeInitializers(model, "convnet.pbtxt").isOk());
  std::unique_ptr<TrainingSession> session = makeSession(model);
  ASSERT_TRUE(session);
  std::mt19937 random(4);
  std::uniform_real_distribution<float> noise(0.0f, 0.2f);
  std::uniform_int_distribution<int> row(0, 6), column(0, 2), half(0, 1);
  auto batch = [&](int64_t n, Tensor &x, Tensor &labels) {
    x = Tensor(DType::Float32, {n, 1, 8, 8});
    labels = Tensor(DType::Int64, {n});
    for (int64_t i = 0; i < n; ++i) {
      float *image = x.typed<float>() + 64 * i;
      for (int j = 0; j < 64; ++j)
        image[j] = noise(random);
      int right = half(random), top = row(random);
      // Columns 0-3 or 4-7, so the square never straddles the middle.
      int left = column(random) + 4 * right;
      for (int r = top; r < top + 2; ++r)
        for (int c = left; c < left + 2; ++c)
          image[8 * r + c] = 1.0f;
      labels.typed<int64_t>()[i] = right;
    }
  };
  Tensor x, labels;
  double firstLoss = 0;
  for (int step = 0; step < 150; ++step) {
    batch(32, x, labels);
    Result<std::vector<double>> objective = session->trainBatch({x}, labels);
    ASSERT_TRUE(static_cast<bool>(objective)) << objective.status().message();
    if (step == 0)
      firstLoss = (*objective)[0];
  }
  batch(400, x, labels);
  Result<std::vector<double>> objective = session->evaluateBatch({x}, labels);
  ASSERT_TRUE(static_cast<bool>(objective)) << objective.status().message();
  EXPECT_LT((*objective)[0], 0.5 * firstLoss);
  EXPECT_GT((*objective)[1], 0.9) << "accuracy";
}

/// Backpropagation through time end to end: the label is whether a
/// sequence's sum is positive, which the layer must accumulate step by step.
void expectLearnsTheSignOfASequenceSum(const std::string &op, int gates) {
  proto::Model model = parse(recurrentModel(op, gates).c_str());
  ASSERT_TRUE(materializeInitializers(model, "recurrent.pbtxt").isOk());
  std::unique_ptr<TrainingSession> session = makeSession(model);
  ASSERT_TRUE(session);
  std::mt19937 random(5);
  std::normal_distribution<float> normal;
  const int64_t steps = 6;
  auto batch = [&](int64_t n, Tensor &x, Tensor &labels) {
    x = Tensor(DType::Float32, {n, steps, 1});
    labels = Tensor(DType::Int64, {n});
    for (int64_t i = 0; i < n; ++i) {
      float sum = 0;
      for (int64_t t = 0; t < steps; ++t) {
        float value = normal(random);
        x.typed<float>()[i * steps + t] = value;
        sum += value;
      }
      labels.typed<int64_t>()[i] = sum > 0;
    }
  };
  Tensor x, labels;
  batch(400, x, labels);
  Result<std::vector<double>> before = session->evaluateBatch({x}, labels);
  ASSERT_TRUE(static_cast<bool>(before)) << before.status().message();
  for (int step = 0; step < 300; ++step) {
    Tensor trainX, trainLabels;
    batch(32, trainX, trainLabels);
    Result<std::vector<double>> objective =
        session->trainBatch({trainX}, trainLabels);
    ASSERT_TRUE(static_cast<bool>(objective)) << objective.status().message();
  }
  Result<std::vector<double>> after = session->evaluateBatch({x}, labels);
  ASSERT_TRUE(static_cast<bool>(after)) << after.status().message();
  EXPECT_LT((*after)[0], 0.4 * (*before)[0]);
  EXPECT_GT((*after)[1], 0.9) << "accuracy";
}

TEST(TrainingSession, RnnLearnsTheSignOfASequenceSum) {
  expectLearnsTheSignOfASequenceSum("RNN", 1);
}

TEST(TrainingSession, GruLearnsTheSignOfASequenceSum) {
  expectLearnsTheSignOfASequenceSum("GRU", 3);
}

TEST(TrainingSession, LstmLearnsTheSignOfASequenceSum) {
  expectLearnsTheSignOfASequenceSum("LSTM", 4);
}

TEST(TrainingSession, RejectsLabelsThatDoNotFitTheLoss) {
  std::unique_ptr<TrainingSession> session =
      makeSession(parse(kClassifierModel));
  ASSERT_TRUE(session);
  Tensor x(DType::Float32, {2, 2});
  Tensor labels(DType::Int64, {2});
  labels.typed<int64_t>()[0] = 1;
  labels.typed<int64_t>()[1] = 4;
  Result<std::vector<double>> result = session->trainBatch({x}, labels);
  ASSERT_FALSE(static_cast<bool>(result));
  EXPECT_EQ(result.status().message(),
            "labels: class index 4 (sample 1) is outside [0, 4) of output 'p'");

  Tensor floats(DType::Float32, {2});
  result = session->trainBatch({x}, floats);
  ASSERT_FALSE(static_cast<bool>(result));
  EXPECT_NE(result.status().message().find("expects integer class indices"),
            std::string::npos);
}

TEST(TrainingSession, RejectsAModelWithoutLossOrWithUnknownNames) {
  proto::Model model = parse(kLinearModel);
  model.mutable_training()->mutable_loss()->set_name("");
  Result<TrainingSpec> spec = trainingSpecFromProto(model, "m.pbtxt");
  ASSERT_FALSE(static_cast<bool>(spec));
  EXPECT_NE(spec.status().message().find("m.pbtxt: the model has no loss"),
            std::string::npos);

  model.mutable_training()->mutable_loss()->set_name("hinge");
  spec = trainingSpecFromProto(model, "m.pbtxt");
  ASSERT_FALSE(static_cast<bool>(spec));
  EXPECT_NE(spec.status().message().find(
                "training.loss.name: unknown loss 'hinge'"),
            std::string::npos);

  model.mutable_training()->mutable_loss()->set_name("mse");
  model.mutable_training()->add_metrics("accuracy");
  spec = trainingSpecFromProto(model, "m.pbtxt");
  ASSERT_FALSE(static_cast<bool>(spec));
  EXPECT_NE(spec.status().message().find("unknown metric 'accuracy' for loss "
                                         "'mse'"),
            std::string::npos);
}

/// Batch normalization of 2 features, then a linear layer.
constexpr const char *kBatchNormModel = R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs { name: "x" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 2 } }
    outputs { name: "y" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 1 } }
    initializers { name: "gamma" dtype: FLOAT32 shape: [ 2 ] float_data: [ 1, 1 ] }
    initializers { name: "beta" dtype: FLOAT32 shape: [ 2 ] float_data: [ 0, 0 ] }
    initializers { name: "moving_mean" dtype: FLOAT32 shape: [ 2 ] float_data: [ 0, 0 ] }
    initializers { name: "moving_variance" dtype: FLOAT32 shape: [ 2 ] float_data: [ 1, 1 ] }
    initializers { name: "W" dtype: FLOAT32 shape: [ 2, 1 ] float_data: [ 0, 0 ] }
    nodes {
      op: "BatchNormalization"
      inputs: [ "x", "gamma", "beta", "moving_mean", "moving_variance" ]
      outputs: [ "normalized" ]
      attributes { name: "momentum" f: 0.9 }
    }
    nodes { op: "MatMul" inputs: [ "normalized", "W" ] outputs: [ "y" ] }
  }
  training {
    loss { name: "mse" }
    optimizer { name: "adam" learning_rate: 0.05 }
  }
)pb";

TEST(TrainingSession, BatchNormTrainsOnBatchStatisticsAndMovesTheStoredOnes) {
  std::unique_ptr<TrainingSession> session = makeSession(parse(kBatchNormModel));
  ASSERT_TRUE(session);
  // Features with mean 5 and 3, standard deviations 2 and 0.5; the target
  // is their standardized sum.
  std::mt19937 random(4);
  std::normal_distribution<float> first(5, 2), second(3, 0.5);
  auto batch = [&](int64_t n, Tensor &x, Tensor &y) {
    x = Tensor(DType::Float32, {n, 2});
    y = Tensor(DType::Float32, {n});
    for (int64_t i = 0; i < n; ++i) {
      float a = first(random), b = second(random);
      x.typed<float>()[2 * i] = a;
      x.typed<float>()[2 * i + 1] = b;
      y.typed<float>()[i] = (a - 5) / 2 + (b - 3) / 0.5f;
    }
  };
  Tensor x, y;
  for (int step = 0; step < 200; ++step) {
    batch(64, x, y);
    ASSERT_TRUE(static_cast<bool>(session->trainBatch({x}, y)));
  }
  Result<proto::Model> trained = session->trainedModel();
  ASSERT_TRUE(static_cast<bool>(trained));
  auto initializer = [&](const std::string &name) {
    for (const proto::Tensor &tensor : trained->graph().initializers())
      if (tensor.name() == name)
        return tensorFromProto(tensor).value();
    return Tensor();
  };
  Tensor mean = initializer("moving_mean"), variance = initializer("moving_variance");
  EXPECT_NEAR(mean.typed<float>()[0], 5.0, 0.3);
  EXPECT_NEAR(mean.typed<float>()[1], 3.0, 0.1);
  EXPECT_NEAR(variance.typed<float>()[0], 4.0, 0.8);
  EXPECT_NEAR(variance.typed<float>()[1], 0.25, 0.05);
  // Evaluation normalizes with the moving statistics, and has learned.
  batch(500, x, y);
  Result<std::vector<double>> objective = session->evaluateBatch({x}, y);
  ASSERT_TRUE(static_cast<bool>(objective)) << objective.status().message();
  EXPECT_LT((*objective)[0], 0.05);
}

/// loss = (x w)^2 with x = 1: the gradient is 2 w, so each optimizer's
/// update can be replayed by hand.
constexpr const char *kScalarModel = R"pb(
  format_version: 1
  opset_version: 13
  graph {
    inputs { name: "x" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 1 } }
    outputs { name: "y" dtype: FLOAT32 shape { symbol: "batch" } shape { size: 1 } }
    initializers { name: "w" dtype: FLOAT32 shape: [ 1, 1 ] float_data: [ 1.5 ] }
    nodes { op: "MatMul" inputs: [ "x", "w" ] outputs: [ "y" ] }
  }
  training { loss { name: "mse" } }
)pb";

struct OptimizerCase {
  const char *name;
  proto::Optimizer optimizer;
  /// The next weight from the current one, step t (from 1) and the state.
  std::function<double(double w, int t, std::vector<double> &state)> update;
};

std::vector<OptimizerCase> optimizerCases() {
  auto optimizer = [](const std::string &text) {
    proto::Optimizer result;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &result));
    return result;
  };
  return {
      {"sgd", optimizer("name: 'sgd' learning_rate: 0.1"),
       [](double w, int, std::vector<double> &) { return w - 0.1 * 2 * w; }},
      {"sgd_momentum", optimizer("name: 'sgd' learning_rate: 0.1 momentum: 0.9"),
       [](double w, int, std::vector<double> &v) {
         v[0] = 0.9 * v[0] - 0.1 * 2 * w;
         return w + v[0];
       }},
      {"sgd_nesterov",
       optimizer("name: 'sgd' learning_rate: 0.1 momentum: 0.9 nesterov: true"),
       [](double w, int, std::vector<double> &v) {
         v[0] = 0.9 * v[0] - 0.1 * 2 * w;
         return w + 0.9 * v[0] - 0.1 * 2 * w;
       }},
      {"rmsprop", optimizer("name: 'rmsprop' learning_rate: 0.01"),
       [](double w, int, std::vector<double> &a) {
         double g = 2 * w;
         a[0] = 0.9 * a[0] + 0.1 * g * g;
         return w - 0.01 * g / std::sqrt(a[0] + 1e-7);
       }},
      {"adam", optimizer("name: 'adam' learning_rate: 0.01"),
       [](double w, int t, std::vector<double> &mv) {
         double g = 2 * w;
         mv[0] = 0.9 * mv[0] + 0.1 * g;
         mv[1] = 0.999 * mv[1] + 0.001 * g * g;
         double rate = 0.01 * std::sqrt(1 - std::pow(0.999, t)) /
                       (1 - std::pow(0.9, t));
         return w - rate * mv[0] / (std::sqrt(mv[1]) + 1e-7);
       }},
  };
}

TEST(TrainingSession, OptimizersFollowKerasUpdateRules) {
  for (const OptimizerCase &c : optimizerCases()) {
    SCOPED_TRACE(c.name);
    proto::Model model = parse(kScalarModel);
    *model.mutable_training()->mutable_optimizer() = c.optimizer;
    std::unique_ptr<TrainingSession> session = makeSession(model);
    ASSERT_TRUE(session);
    Tensor x = Tensor::fromFloats({1, 1}, {1.0f});
    Tensor label = Tensor::fromFloats({1}, {0.0f});
    double expected = 1.5;
    std::vector<double> state(2, 0.0);
    for (int step = 1; step <= 4; ++step) {
      expected = c.update(expected, step, state);
      ASSERT_TRUE(static_cast<bool>(session->trainBatch({x}, label)));
      Result<std::vector<Tensor>> y = session->predictBatch({x});
      ASSERT_TRUE(static_cast<bool>(y));
      EXPECT_NEAR((*y)[0].typed<float>()[0], expected, 1e-5 * std::abs(expected))
          << "step " << step;
    }
  }
}

TEST(TrainingSession, CheckpointRestoresTrainingExactly) {
  proto::Model model = parse(kClassifierModel);
  std::mt19937 random(3);
  std::uniform_real_distribution<float> uniform(-1, 1);
  std::vector<Tensor> xs, ys;
  for (int i = 0; i < 6; ++i) {
    Tensor x(DType::Float32, {8, 2}), y(DType::Int64, {8});
    for (int j = 0; j < 16; ++j)
      x.typed<float>()[j] = uniform(random);
    for (int j = 0; j < 8; ++j)
      y.typed<int64_t>()[j] = j % 4;
    xs.push_back(x);
    ys.push_back(y);
  }
  std::unique_ptr<TrainingSession> straight = makeSession(model);
  for (int i = 0; i < 6; ++i)
    ASSERT_TRUE(static_cast<bool>(straight->trainBatch({xs[i]}, ys[i])));

  std::string path = (std::filesystem::temp_directory_path() /
                      "dlc-checkpoint-test.pb").string();
  std::unique_ptr<TrainingSession> first = makeSession(model);
  for (int i = 0; i < 3; ++i)
    ASSERT_TRUE(static_cast<bool>(first->trainBatch({xs[i]}, ys[i])));
  ASSERT_TRUE(first->saveCheckpoint(path, {{"epoch", "3"}}).isOk());
  std::unique_ptr<TrainingSession> resumed = makeSession(model);
  Result<std::map<std::string, std::string>> metadata =
      resumed->loadCheckpoint(path);
  ASSERT_TRUE(static_cast<bool>(metadata)) << metadata.status().message();
  EXPECT_EQ(metadata->at("epoch"), "3");
  EXPECT_EQ(resumed->iteration(), 3);
  for (int i = 3; i < 6; ++i)
    ASSERT_TRUE(static_cast<bool>(resumed->trainBatch({xs[i]}, ys[i])));

  Result<proto::Model> a = straight->trainedModel();
  Result<proto::Model> b = resumed->trainedModel();
  ASSERT_TRUE(a && b);
  EXPECT_EQ(a->graph().initializers(0).SerializeAsString(),
            b->graph().initializers(0).SerializeAsString());
  std::filesystem::remove(path);
}

} // namespace
} // namespace dlc
