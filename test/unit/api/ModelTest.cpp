//===- ModelTest.cpp - The Keras-like Model: compile, fit, save, load ----===//
#include "dlc/Api/Model.h"
#include "dlc/Frontend/TensorData.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <map>
#include <random>
#include <unistd.h>

namespace dlc {
namespace {

using namespace nn;

/// y = sum(a) - 2 sum(b) for a in R^3, b in R^2.
Dataset twoInputData(int64_t count, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  Tensor a(DType::Float32, {count, 3}), b(DType::Float32, {count, 2});
  Tensor y(DType::Float32, {count});
  for (int64_t i = 0; i < count; ++i) {
    float target = 0;
    for (int j = 0; j < 3; ++j)
      target += a.typed<float>()[3 * i + j] = normal(random);
    for (int j = 0; j < 2; ++j)
      target -= 2 * (b.typed<float>()[2 * i + j] = normal(random));
    y.typed<float>()[i] = target;
  }
  return Dataset::create({a, b}, y).value();
}

std::unique_ptr<Model> twoInputModel() {
  SymbolicTensor a = Input({3}, "a"), b = Input({2}, "b");
  SymbolicTensor joined = Concatenate()({a, b});
  SymbolicTensor y = Dense(1)(Dense(16, "relu")(joined));
  Result<std::unique_ptr<Model>> model =
      Model::fromNetwork(FunctionalModel({a, b}, {y}), /*seed=*/3);
  EXPECT_TRUE(static_cast<bool>(model)) << model.status().message();
  return model ? std::move(*model) : nullptr;
}

TEST(Model, FitsAModelWithTwoInputs) {
  std::unique_ptr<Model> model = twoInputModel();
  ASSERT_TRUE(model);
  ASSERT_TRUE(model->compile(optimizers::adam(0.01), "mse", {"mae"}).isOk());
  FitOptions options;
  options.epochs = 30;
  options.batchSize = 32;
  options.validationSplit = 0.2;
  options.progress = nullptr;
  Result<History> history = model->fit(twoInputData(512, 1), options);
  ASSERT_TRUE(static_cast<bool>(history)) << history.status().message();
  std::vector<double> loss = history->values("loss");
  std::vector<double> validation = history->values("val_mae");
  ASSERT_EQ(loss.size(), 30u);
  EXPECT_LT(loss.back(), loss.front() / 20);
  EXPECT_LT(validation.back(), 0.3);

  Dataset test = twoInputData(64, 2);
  Result<MetricValues> metrics = model->evaluate(test);
  ASSERT_TRUE(static_cast<bool>(metrics));
  EXPECT_EQ((*metrics)[0].name, "loss");
  EXPECT_LT((*metrics)[1].value, 0.3) << "test mae";
  Result<Tensor> predicted = model->predict(test.inputs());
  ASSERT_TRUE(static_cast<bool>(predicted)) << predicted.status().message();
  EXPECT_EQ(predicted->shape(), (std::vector<int64_t>{64, 1}));
}

TEST(Model, SavedModelsLoadWithTheirWeightsAndTraining) {
  std::unique_ptr<Model> model = twoInputModel();
  ASSERT_TRUE(model);
  ASSERT_TRUE(model->compile(optimizers::sgd(0.01, 0.9), "mse").isOk());
  FitOptions options;
  options.epochs = 2;
  options.progress = nullptr;
  Dataset data = twoInputData(64, 4);
  ASSERT_TRUE(static_cast<bool>(model->fit(data, options)));
  std::string path =
      (std::filesystem::temp_directory_path() / "dlc-model-test.onnx").string();
  ASSERT_TRUE(model->save(path).isOk());

  Result<std::unique_ptr<Model>> loaded = Model::load(path);
  ASSERT_TRUE(static_cast<bool>(loaded)) << loaded.status().message();
  ASSERT_NE((*loaded)->session(), nullptr) << "the training section came back";
  Result<Tensor> before = model->predict(data.inputs());
  Result<Tensor> after = (*loaded)->predict(data.inputs());
  ASSERT_TRUE(before && after);
  for (int64_t i = 0; i < before->numElements(); ++i)
    EXPECT_EQ(before->typed<float>()[i], after->typed<float>()[i]);
  std::filesystem::remove(path);
}

TEST(Model, FitBeforeCompileIsAnError) {
  std::unique_ptr<Model> model = twoInputModel();
  ASSERT_TRUE(model);
  Result<History> history = model->fit(twoInputData(8, 5), FitOptions());
  ASSERT_FALSE(static_cast<bool>(history));
  EXPECT_EQ(history.status().message(),
            "functional: call compile() before fit, evaluate or predict");
}

/// The values of each float initializer of `model`.
std::map<std::string, std::vector<float>> weightsOf(const proto::Model &model) {
  std::map<std::string, std::vector<float>> weights;
  for (const proto::Tensor &initializer : model.graph().initializers()) {
    Result<Tensor> tensor = tensorFromProto(initializer);
    if (tensor && tensor->dtype() == DType::Float32)
      weights[initializer.name()].assign(
          tensor->typed<float>(),
          tensor->typed<float>() + tensor->numElements());
  }
  return weights;
}

std::map<std::string, std::vector<float>> trainedWeights(Model &model) {
  Result<proto::Model> trained = model.session()->trainedModel();
  EXPECT_TRUE(static_cast<bool>(trained));
  return trained ? weightsOf(*trained)
                 : std::map<std::string, std::vector<float>>();
}

/// Keras's fine-tuning: train, freeze a layer, compile again (keeping what
/// was trained), train on; the frozen layer's weights do not move and the
/// step has no parameters or optimizer slots for them.
TEST(Model, FrozenLayersKeepTheirWeights) {
  std::unique_ptr<Model> model = twoInputModel();
  ASSERT_TRUE(model);
  ASSERT_TRUE(model->compile(optimizers::adam(0.01), "mse").isOk());
  FitOptions options;
  options.epochs = 2;
  options.progress = nullptr;
  Dataset data = twoInputData(128, 6);
  ASSERT_TRUE(static_cast<bool>(model->fit(data, options)));
  EXPECT_EQ(model->session()->parameters().size(), 4u);
  std::map<std::string, std::vector<float>> trained = trainedWeights(*model);

  ASSERT_TRUE(model->setTrainable("dense", false).isOk());
  ASSERT_TRUE(model->compile(optimizers::adam(0.01), "mse").isOk());
  ASSERT_EQ(model->session()->parameters().size(), 2u);
  EXPECT_EQ(model->session()->parameters()[0].name, "dense_1/kernel");
  EXPECT_EQ(trainedWeights(*model), trained) << "compile kept the weights";
  ASSERT_TRUE(static_cast<bool>(model->fit(data, options)));
  std::map<std::string, std::vector<float>> tuned = trainedWeights(*model);
  EXPECT_EQ(tuned["dense/kernel"], trained["dense/kernel"]);
  EXPECT_EQ(tuned["dense/bias"], trained["dense/bias"]);
  EXPECT_NE(tuned["dense_1/kernel"], trained["dense_1/kernel"]);

  ASSERT_TRUE(model->setTrainable("dense", true).isOk());
  ASSERT_TRUE(model->compile(optimizers::adam(0.01), "mse").isOk());
  EXPECT_EQ(model->session()->parameters().size(), 4u);
  ASSERT_TRUE(static_cast<bool>(model->fit(data, options)));
  EXPECT_NE(trainedWeights(*model)["dense/kernel"], tuned["dense/kernel"]);
}

/// A frozen layer's weights are arguments of the compiled steps, not
/// constants: setWeights changes them for the next call without compiling
/// again (a GAN's discriminator inside the combined model), and training
/// leaves them as set.
TEST(Model, FrozenWeightsCanBeSetBetweenSteps) {
  std::unique_ptr<Model> model = twoInputModel();
  ASSERT_TRUE(model);
  ASSERT_TRUE(model->setTrainable("dense", false).isOk());
  ASSERT_TRUE(model->compile(optimizers::adam(0.01), "mse").isOk());
  ASSERT_EQ(model->session()->frozenWeights().size(), 2u);
  Result<std::vector<NamedTensor>> weights = model->weights();
  ASSERT_TRUE(static_cast<bool>(weights));
  EXPECT_EQ(weights->size(), 4u) << "trained and frozen";

  // "dense" is the output layer (constructed first): zeroed, it predicts 0
  // for every sample, whatever the trained hidden layer computes.
  std::vector<NamedTensor> zeros;
  for (const NamedTensor &weight : model->session()->frozenWeights())
    zeros.push_back({weight.name, Tensor(DType::Float32,
                                         weight.tensor.shape())});
  Result<int64_t> set = model->setWeights(zeros);
  ASSERT_TRUE(static_cast<bool>(set)) << set.status().message();
  EXPECT_EQ(*set, 2);
  Dataset data = twoInputData(64, 7);
  Result<Tensor> predicted = model->predict(data.inputs());
  ASSERT_TRUE(static_cast<bool>(predicted)) << predicted.status().message();
  for (int64_t i = 0; i < predicted->numElements(); ++i)
    ASSERT_EQ(predicted->typed<float>()[i], 0.0f) << i;

  FitOptions options;
  options.epochs = 1;
  options.progress = nullptr;
  ASSERT_TRUE(static_cast<bool>(model->fit(data, options)));
  std::map<std::string, std::vector<float>> trained = trainedWeights(*model);
  EXPECT_EQ(trained["dense/kernel"], std::vector<float>(16, 0.0f));
  EXPECT_EQ(trained["dense/bias"], std::vector<float>(1, 0.0f));
}

TEST(Model, TrainableNamesAreChecked) {
  std::unique_ptr<Model> model = twoInputModel();
  ASSERT_TRUE(model);
  EXPECT_EQ(model->setTrainable("dense_7", false).message(),
            "functional: setTrainable: 'dense_7' names no weight or layer of "
            "the model");
  ASSERT_TRUE(model->setTrainable("dense", false).isOk());
  EXPECT_EQ(model->setTrainable("dense/bias", true).message(),
            "functional: setTrainable: 'dense/bias' stays frozen with its "
            "layer; unfreeze the layer");
  // A single weight can be frozen alone, and a file's section is checked.
  ASSERT_TRUE(model->setTrainable("dense", true).isOk());
  ASSERT_TRUE(model->setTrainable("dense_1/bias", false).isOk());
  ASSERT_TRUE(model->compile(optimizers::sgd(), "mse").isOk());
  EXPECT_EQ(model->session()->parameters().size(), 3u);
  proto::Model edited = model->proto();
  edited.mutable_training()->add_frozen("nowhere");
  Result<TrainingSpec> spec = trainingSpecFromProto(edited, "m.pbtxt");
  ASSERT_FALSE(static_cast<bool>(spec));
  EXPECT_EQ(spec.status().message(),
            "m.pbtxt: training.frozen: 'nowhere' names no weight of the graph "
            "(a float initializer, or a layer whose weights are "
            "'nowhere/...')");
}

/// Sequences of 6 numbers; the class is whether they sum to more than 0.
Dataset sequenceData(int64_t count, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  Tensor x(DType::Float32, {count, 6, 1});
  Tensor y(DType::Int64, {count});
  for (int64_t i = 0; i < count; ++i) {
    float sum = 0;
    for (int t = 0; t < 6; ++t)
      sum += x.typed<float>()[6 * i + t] = normal(random);
    y.typed<int64_t>()[i] = sum > 0;
  }
  return Dataset::create(x, y).value();
}

/// x in R^4 with two targets: the sum of x (a regression) and whether the
/// first element is positive (a binary class).
Dataset twoTargetData(int64_t count, uint32_t seed) {
  std::mt19937 random(seed);
  std::normal_distribution<float> normal;
  Tensor x(DType::Float32, {count, 4});
  Tensor sum(DType::Float32, {count, 1}), positive(DType::Float32, {count, 1});
  for (int64_t i = 0; i < count; ++i) {
    float total = 0;
    for (int j = 0; j < 4; ++j)
      total += x.typed<float>()[4 * i + j] = normal(random);
    sum.typed<float>()[i] = total;
    positive.typed<float>()[i] = x.typed<float>()[4 * i] > 0;
  }
  return Dataset::create({x}, std::vector<Tensor>{sum, positive}).value();
}

/// A trunk and two heads, "sum" and "positive".
std::unique_ptr<Model> twoOutputModel() {
  SymbolicTensor x = Input({4}, "x");
  SymbolicTensor hidden = Dense(16, "relu")(x);
  SymbolicTensor sum = Dense(1).named("sum")(hidden);
  SymbolicTensor positive = Dense(1, "sigmoid").named("positive")(hidden);
  Result<std::unique_ptr<Model>> model =
      Model::fromNetwork(FunctionalModel({x}, {sum, positive}), /*seed=*/5);
  EXPECT_TRUE(static_cast<bool>(model)) << model.status().message();
  return model ? std::move(*model) : nullptr;
}

TEST(Model, FitsTwoOutputsWithALossEach) {
  std::unique_ptr<Model> model = twoOutputModel();
  ASSERT_TRUE(model);
  ASSERT_TRUE(model
                  ->compile(optimizers::adam(0.01),
                            {{"sum", "mse", 0.5f, {"mae"}},
                             {"positive", "binary_crossentropy", 2.0f,
                              {"accuracy"}}})
                  .isOk());
  EXPECT_EQ(model->session()->objectiveNames(),
            (std::vector<std::string>{"loss", "sum_loss", "positive_loss",
                                      "sum_mae", "positive_accuracy"}));
  FitOptions options;
  options.epochs = 20;
  options.batchSize = 32;
  options.progress = nullptr;
  Result<History> history = model->fit(twoTargetData(512, 1), options);
  ASSERT_TRUE(static_cast<bool>(history)) << history.status().message();
  Result<MetricValues> metrics = model->evaluate(twoTargetData(256, 2));
  ASSERT_TRUE(static_cast<bool>(metrics)) << metrics.status().message();
  std::map<std::string, double> values;
  for (const MetricValue &metric : *metrics)
    values[metric.name] = metric.value;
  // The total is the weighted sum of the outputs' losses.
  EXPECT_NEAR(values["loss"],
              0.5 * values["sum_loss"] + 2.0 * values["positive_loss"], 1e-4);
  EXPECT_LT(values["sum_mae"], 0.3);
  EXPECT_GT(values["positive_accuracy"], 0.9);
}

TEST(Model, AZeroLossWeightLeavesItsHeadUntrained) {
  std::unique_ptr<Model> model = twoOutputModel();
  ASSERT_TRUE(model);
  ASSERT_TRUE(model
                  ->compile(optimizers::sgd(0.1),
                            {{"sum", "mse", 1.0f},
                             {"positive", "binary_crossentropy", 0.0f}})
                  .isOk());
  auto weight = [&](const std::string &name) {
    for (const NamedTensor &parameter : model->session()->parameters())
      if (parameter.name == name)
        return parameter.tensor.clone();
    ADD_FAILURE() << "no parameter " << name;
    return Tensor();
  };
  Tensor positiveBefore = weight("positive/kernel");
  Tensor sumBefore = weight("sum/kernel");
  FitOptions options;
  options.epochs = 1;
  options.batchSize = 32;
  options.progress = nullptr;
  ASSERT_TRUE(static_cast<bool>(model->fit(twoTargetData(64, 3), options)));
  Tensor positiveAfter = weight("positive/kernel");
  Tensor sumAfter = weight("sum/kernel");
  EXPECT_EQ(std::memcmp(positiveBefore.data(), positiveAfter.data(),
                        positiveAfter.sizeInBytes()),
            0);
  EXPECT_NE(std::memcmp(sumBefore.data(), sumAfter.data(),
                        sumAfter.sizeInBytes()),
            0);
}

TEST(Model, SeveralLossesErrors) {
  std::unique_ptr<Model> model = twoOutputModel();
  ASSERT_TRUE(model);
  auto error = [&](const std::vector<OutputLoss> &losses) {
    Status status = model->compile(optimizers::sgd(), losses);
    return status.isOk() ? std::string("ok") : status.message();
  };
  EXPECT_NE(error({{"sum", "mse"}, {"size", "mse"}})
                .find("training.output_losses[0].output: the graph has no "
                      "output 'size'"),
            std::string::npos);
  EXPECT_NE(error({{"sum", "mse"}, {"", "mse"}})
                .find("training.output_losses[0].output: name the graph "
                      "output of this loss"),
            std::string::npos);
  EXPECT_NE(error({{"sum", "mse"}, {"sum", "mae"}})
                .find("training.output_losses[0]: output 'sum' has a loss "
                      "already"),
            std::string::npos);
  EXPECT_NE(error({{"sum", "mse"}, {"positive", "hinge"}})
                .find("training.output_losses[0].name: unknown loss 'hinge'"),
            std::string::npos);

  // A data set must bring labels for every loss.
  ASSERT_TRUE(model->compile(optimizers::sgd(),
                             {{"sum", "mse"}, {"positive", "mse"}})
                  .isOk());
  Dataset oneTarget = Dataset::create(Tensor(DType::Float32, {8, 4}),
                                      Tensor(DType::Float32, {8, 1}))
                          .value();
  FitOptions options;
  options.progress = nullptr;
  Result<History> history = model->fit(oneTarget, options);
  ASSERT_FALSE(static_cast<bool>(history));
  EXPECT_NE(history.status().message().find(
                "the model has 2 loss(es), each with labels of its own; got 1 "
                "labels tensor(s)"),
            std::string::npos)
      << history.status().message();
}

TEST(Model, LoadsWeightsByName) {
  std::string path = (std::filesystem::path(testing::TempDir()) /
                      ("dlc-load-weights-" + std::to_string(getpid()) + ".pb"))
                         .string();
  // A trained model whose first layer, "shared", a new model reuses.
  auto source = Model::fromNetwork(
      Sequential({Input({4}), Dense(3, "relu").named("shared"),
                  Dense(1).named("old_head")}),
      /*seed=*/1);
  ASSERT_TRUE(static_cast<bool>(source));
  ASSERT_TRUE((*source)->save(path).isOk());

  auto target = Model::fromNetwork(
      Sequential({Input({4}), Dense(3, "relu").named("shared"),
                  Dense(2).named("new_head")}),
      /*seed=*/2);
  ASSERT_TRUE(static_cast<bool>(target));
  Result<int64_t> loaded = (*target)->loadWeights(path);
  ASSERT_TRUE(static_cast<bool>(loaded)) << loaded.status().message();
  EXPECT_EQ(*loaded, 2); // shared/kernel and shared/bias
  auto weight = [](const Model &model, const std::string &name) {
    for (const proto::Tensor &tensor : model.proto().graph().initializers())
      if (tensor.name() == name)
        return tensor.SerializeAsString();
    return std::string();
  };
  EXPECT_EQ(weight(**target, "shared/kernel"),
            weight(**source, "shared/kernel"));
  EXPECT_FALSE(weight(**target, "new_head/kernel").empty());

  auto unrelated = Model::fromNetwork(
      Sequential({Input({4}), Dense(3).named("other")}), /*seed=*/3);
  ASSERT_TRUE(static_cast<bool>(unrelated));
  Result<int64_t> none = (*unrelated)->loadWeights(path);
  ASSERT_FALSE(static_cast<bool>(none));
  EXPECT_NE(none.status().message().find("has a namesake there"),
            std::string::npos)
      << none.status().message();

  auto reshaped = Model::fromNetwork(
      Sequential({Input({5}), Dense(3).named("shared")}), /*seed=*/3);
  ASSERT_TRUE(static_cast<bool>(reshaped));
  Result<int64_t> mismatch = (*reshaped)->loadWeights(path);
  ASSERT_FALSE(static_cast<bool>(mismatch));
  EXPECT_NE(mismatch.status().message().find(
                "weight 'shared/kernel' has another dtype or shape"),
            std::string::npos)
      << mismatch.status().message();
  std::filesystem::remove(path);
}

TEST(Model, SetsWeightsByNameInMemory) {
  auto compiledModel = [](const std::string &head, uint64_t seed) {
    auto model = Model::fromNetwork(
        Sequential({Input({4}), Dense(3, "relu").named("shared"),
                    Dense(1).named(head)}),
        seed);
    EXPECT_TRUE(static_cast<bool>(model));
    EXPECT_TRUE((*model)->compile(optimizers::sgd(), "mse").isOk());
    return std::move(*model);
  };
  auto source = compiledModel("head_a", 1);
  auto target = compiledModel("head_b", 2);
  Result<std::vector<NamedTensor>> weights = source->weights();
  ASSERT_TRUE(static_cast<bool>(weights));
  ASSERT_EQ(weights->size(), 4u);
  Result<int64_t> set = target->setWeights(*weights);
  ASSERT_TRUE(static_cast<bool>(set)) << set.status().message();
  EXPECT_EQ(*set, 2); // shared/kernel, shared/bias
  std::vector<NamedTensor> after = target->weights().value();
  EXPECT_EQ(after[0].name, "shared/kernel");
  EXPECT_EQ(std::memcmp(after[0].tensor.data(), (*weights)[0].tensor.data(),
                        after[0].tensor.sizeInBytes()),
            0);

  Result<int64_t> none = target->setWeights(
      {NamedTensor{"other/kernel", Tensor(DType::Float32, {4, 3})}});
  ASSERT_FALSE(static_cast<bool>(none));
  EXPECT_NE(none.status().message().find("no weight of the model has a "
                                         "namesake among the 1 given"),
            std::string::npos);
  Result<int64_t> wrong = target->setWeights(
      {NamedTensor{"shared/kernel", Tensor(DType::Float32, {3, 3})}});
  ASSERT_FALSE(static_cast<bool>(wrong));
  EXPECT_NE(wrong.status().message().find("weight 'shared/kernel' is "
                                          "float32 [4, 3], got float32 "
                                          "[3, 3]"),
            std::string::npos)
      << wrong.status().message();
}

/// An autoencoder through a two-dimensional Gaussian bottleneck: x in R^4
/// lies on a plane (x = A t for t in R^2), so the Sampling layer's latent
/// carries it; reconstruction beats the mean, and the encoder learns.
TEST(Model, SamplingBottleneckLearnsALatentPlane) {
  std::mt19937 random(4);
  std::normal_distribution<float> normal;
  const int64_t count = 512;
  Tensor x(DType::Float32, {count, 4});
  for (int64_t i = 0; i < count; ++i) {
    float t0 = normal(random), t1 = normal(random);
    float *row = x.typed<float>() + 4 * i;
    row[0] = t0, row[1] = t1, row[2] = t0 + t1, row[3] = t0 - t1;
  }
  SymbolicTensor input = Input({4}, "x");
  SymbolicTensor mean = Dense(2).named("z_mean")(input);
  SymbolicTensor logVariance = Dense(2).named("z_log_var")(input);
  SymbolicTensor z = Sampling()({mean, logVariance});
  SymbolicTensor kl = KLDivergence().named("kl")({mean, logVariance});
  SymbolicTensor output = Dense(4).named("decoded")(z);
  auto model = Model::fromNetwork(
      FunctionalModel({input}, {output, kl}, "vae"), /*seed=*/1);
  ASSERT_TRUE(static_cast<bool>(model)) << model.status().message();
  ASSERT_TRUE((*model)
                  ->compile(optimizers::adam(0.01),
                            {{"decoded", "mse", 1.0f}, {"kl", "mae", 0.01f}})
                  .isOk());
  Dataset data =
      Dataset::create({x}, std::vector<Tensor>{x, Tensor(DType::Float32,
                                                         {count, 1})})
          .value();
  FitOptions options;
  options.epochs = 60;
  options.batchSize = 32;
  options.progress = nullptr;
  Result<History> history = (*model)->fit(data, options);
  ASSERT_TRUE(static_cast<bool>(history)) << history.status().message();
  std::vector<double> reconstruction = history->values("decoded_loss");

  // The mean predicts nothing: its error is x's variance, 2 on average
  // over the four columns (1, 1, 2, 2 -> 1.5); a working latent gets
  // far below.
  EXPECT_LT(reconstruction.back(), 0.3) << "first " << reconstruction.front();
  EXPECT_GT(history->values("kl_loss").back(), 1.0)
      << "the latent carries x, so its KL term cannot vanish";
  // The layers' own constants (0.5, 1) are not weights to train.
  EXPECT_EQ((*model)->session()->parameters().size(), 6u);
}

/// Each recurrent layer, as the last state and as a sequence, learns the
/// task through Model::fit.
TEST(Model, RecurrentLayersTrain) {
  struct Case {
    const char *name;
    std::vector<Sequential::Entry> layers;
  };
  std::vector<Case> cases = {
      {"SimpleRNN", {Input({6, 1}), SimpleRNN(8), Dense(2, "softmax")}},
      {"LSTM", {Input({6, 1}), LSTM(8), Dense(2, "softmax")}},
      {"GRU sequences",
       {Input({6, 1}), GRU(4, /*returnSequences=*/true), Flatten(),
        Dense(2, "softmax")}},
      {"stacked SimpleRNN",
       {Input({6, 1}), SimpleRNN(8, /*returnSequences=*/true), SimpleRNN(8),
        Dense(2, "softmax")}},
      {"Bidirectional LSTM",
       {Input({6, 1}), Bidirectional(LSTM(8)), Dense(2, "softmax")}},
      {"Bidirectional GRU sequences, then LSTM",
       {Input({6, 1}), Bidirectional(GRU(4, /*returnSequences=*/true)),
        LSTM(4), Dense(2, "softmax")}},
      {"LSTM with dropout and recurrent dropout",
       {Input({6, 1}), LSTM(8, false, {0.1, 0.2}), Dense(2, "softmax")}},
      {"Bidirectional GRU with recurrent dropout",
       {Input({6, 1}), Bidirectional(GRU(8, false, {0.0, 0.2})),
        Dense(2, "softmax")}},
  };
  for (Case &c : cases) {
    SCOPED_TRACE(c.name);
    Result<std::unique_ptr<Model>> model =
        Model::fromNetwork(Sequential(c.layers), /*seed=*/1);
    ASSERT_TRUE(static_cast<bool>(model)) << model.status().message();
    ASSERT_TRUE((*model)
                    ->compile(optimizers::adam(0.01),
                              "sparse_categorical_crossentropy", {"accuracy"})
                    .isOk());
    FitOptions options;
    options.epochs = 15;
    options.batchSize = 32;
    options.progress = nullptr;
    Result<History> history = (*model)->fit(sequenceData(512, 2), options);
    ASSERT_TRUE(static_cast<bool>(history)) << history.status().message();
    Result<MetricValues> metrics = (*model)->evaluate(sequenceData(256, 3));
    ASSERT_TRUE(static_cast<bool>(metrics)) << metrics.status().message();
    EXPECT_GT((*metrics)[1].value, 0.9) << "test accuracy";
  }
}

/// Recurrent dropout draws its masks in training steps only: the loss of a
/// first step differs from that of the same network without dropout, while
/// evaluation (no masks) gives the same loss.
TEST(Model, RecurrentDropoutActsInTrainingOnly) {
  auto lossesOf = [](RecurrentDropout dropout) {
    Result<std::unique_ptr<Model>> model = Model::fromNetwork(
        Sequential(
            {Input({6, 1}), GRU(8, false, dropout), Dense(2, "softmax")}),
        /*seed=*/1);
    EXPECT_TRUE(static_cast<bool>(model)) << model.status().message();
    EXPECT_TRUE((*model)
                    ->compile(optimizers::sgd(),
                              "sparse_categorical_crossentropy")
                    .isOk());
    Dataset data = sequenceData(64, 2);
    Result<MetricValues> evaluated = (*model)->evaluate(data, 64);
    EXPECT_TRUE(static_cast<bool>(evaluated)) << evaluated.status().message();
    // One step: its loss is that of the initial weights.
    FitOptions options;
    options.epochs = 1;
    options.batchSize = 64;
    options.shuffle = false;
    options.progress = nullptr;
    Result<History> history = (*model)->fit(data, options);
    EXPECT_TRUE(static_cast<bool>(history)) << history.status().message();
    return std::pair{history->values("loss").front(), (*evaluated)[0].value};
  };
  auto [plainStep, plainEvaluation] = lossesOf({});
  for (RecurrentDropout dropout :
       {RecurrentDropout{0.0, 0.5}, RecurrentDropout{0.5, 0.0}}) {
    auto [step, evaluation] = lossesOf(dropout);
    EXPECT_GT(std::abs(step - plainStep), 1e-4)
        << "input " << dropout.input << ", recurrent " << dropout.recurrent;
    EXPECT_NEAR(evaluation, plainEvaluation, 1e-6);
  }
}

TEST(Model, RecurrentLayerWeightsAndErrors) {
  // W [gates * units, features], R [gates * units, units], two biases.
  EXPECT_EQ(Sequential({Input({5, 3}), SimpleRNN(4)}).countParams().value(),
            4 * 3 + 4 * 4 + 2 * 4);
  EXPECT_EQ(Sequential({Input({5, 3}), LSTM(4)}).countParams().value(),
            16 * 3 + 16 * 4 + 2 * 16);
  EXPECT_EQ(Sequential({Input({5, 3}), GRU(4)}).countParams().value(),
            12 * 3 + 12 * 4 + 2 * 12);
  // Bidirectional: weights of their own each way, outputs side by side.
  Sequential both({Input({5, 3}), Bidirectional(LSTM(4, true))});
  EXPECT_EQ(both.countParams().value(), 2 * (16 * 3 + 16 * 4 + 2 * 16));
  Result<std::string> summary = both.summary();
  ASSERT_TRUE(summary.isOk()) << summary.status().message();
  EXPECT_NE(summary->find("bidirectional (Bidirectional)  (None, 5, 8)"),
            std::string::npos)
      << *summary;
  for (auto [layers, message] :
       {std::pair{Sequential({Input({5, 3}), Bidirectional(Dense(3))}),
                  "wraps SimpleRNN, LSTM or GRU, not Dense"},
        std::pair{Sequential({Input({5, 3}),
                              Bidirectional(Bidirectional(GRU(2)))}),
                  "wraps a layer that is bidirectional already"}}) {
    ASSERT_FALSE(layers.status().isOk());
    EXPECT_NE(layers.status().message().find(message), std::string::npos)
        << layers.status().message();
  }
  for (auto [layer, message] :
       {std::pair{LSTM(4, false, {1.0, 0.0}), "dropout must be in [0, 1)"},
        std::pair{GRU(4, false, {0.0, -0.1}),
                  "recurrent_dropout must be in [0, 1)"}}) {
    Sequential dropping({Input({5, 3}), layer});
    ASSERT_FALSE(dropping.status().isOk());
    EXPECT_NE(dropping.status().message().find(message), std::string::npos)
        << dropping.status().message();
  }
  Sequential flat({Input({3}), LSTM(4)});
  ASSERT_FALSE(flat.status().isOk());
  EXPECT_NE(flat.status().message().find(
                "needs sequences of shape (time, features), got (None, 3)"),
            std::string::npos)
      << flat.status().message();
}

} // namespace
} // namespace dlc
