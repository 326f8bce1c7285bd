//===- LayersTest.cpp - Tests of the Keras-style model building API -------===//

#include "dlc/Frontend/FunctionalModel.h"

#include "dlc/Api/InferenceSession.h"
#include "dlc/Api/TrainingSession.h"
#include "dlc/Compiler/Diagnostics.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/ModelImporter.h"
#include "dlc/Frontend/TensorData.h"
#include "dlc/Runtime/Random.h"
#include "mlir/IR/MLIRContext.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <filesystem>

namespace dlc::nn {
namespace {

namespace fs = std::filesystem;

//===----------------------------------------------------------------------===//
// Helpers
//===----------------------------------------------------------------------===//

proto::Model build(const FunctionalModel &model, uint64_t seed = 0) {
  Result<proto::Model> proto = model.toProto(seed);
  EXPECT_TRUE(proto) << proto.status().message();
  return proto ? *proto : proto::Model();
}

/// The model passes validateModel and imports into the dlc dialect.
void expectImports(const proto::Model &model) {
  Status valid = validateModel(model, "built.pb");
  ASSERT_TRUE(valid) << valid.message();
  mlir::MLIRContext context;
  registerImporterDialects(context);
  DiagnosticCollector diagnostics(context);
  mlir::OwningOpRef<mlir::ModuleOp> module =
      importModel(context, model, "built.pb");
  EXPECT_TRUE(module) << diagnostics.toStatus("import failed").message();
}

std::string errorOf(const FunctionalModel &model) {
  Status status = model.status();
  EXPECT_FALSE(status) << "expected the model to be rejected";
  // Every entry point reports the same error, and none crashes.
  EXPECT_FALSE(model.toProto());
  EXPECT_FALSE(model.summary());
  EXPECT_FALSE(model.countParams());
  return status.message();
}

std::string opsOf(const proto::Model &model) {
  std::string ops;
  for (const proto::Node &node : model.graph().nodes())
    ops += (ops.empty() ? "" : " ") + node.op();
  return ops;
}

const proto::Tensor *findInitializer(const proto::Model &model,
                                     const std::string &name) {
  for (const proto::Tensor &tensor : model.graph().initializers())
    if (tensor.name() == name)
      return &tensor;
  return nullptr;
}

Tensor weight(const proto::Model &model, const std::string &name) {
  const proto::Tensor *tensor = findInitializer(model, name);
  EXPECT_NE(tensor, nullptr) << "no initializer " << name;
  if (!tensor)
    return Tensor();
  Result<Tensor> decoded = tensorFromProto(*tensor);
  EXPECT_TRUE(decoded) << decoded.status().message();
  return decoded ? *decoded : Tensor();
}

std::vector<float> values(const Tensor &tensor) {
  const float *data = tensor.typed<float>();
  return {data, data + tensor.numElements()};
}

std::vector<int64_t> shapeOf(const proto::ValueInfo &info) {
  std::vector<int64_t> shape;
  for (const proto::Dim &dim : info.shape())
    shape.push_back(dim.value_case() == proto::Dim::kSize ? dim.size() : -1);
  return shape;
}

Tensor seededInput(std::vector<int64_t> shape, uint64_t seed) {
  Tensor tensor(DType::Float32, std::move(shape));
  SplitMix64 random(seed);
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    tensor.typed<float>()[i] =
        static_cast<float>(random.next() >> 40) / (1 << 24) * 2 - 1;
  return tensor;
}

/// Runs `model` with the JIT on `inputs`.
std::vector<Tensor> run(const proto::Model &model,
                        const std::vector<Tensor> &inputs) {
  std::string pattern =
      (fs::temp_directory_path() / "dlc-layers-XXXXXX").string();
  EXPECT_NE(mkdtemp(pattern.data()), nullptr);
  std::string path = pattern + "/model.pb";
  Status saved = saveModelFile(model, path);
  EXPECT_TRUE(saved) << saved.message();
  Result<std::unique_ptr<InferenceSession>> session =
      InferenceSession::load(path);
  fs::remove_all(pattern);
  EXPECT_TRUE(session) << session.status().message();
  if (!session)
    return {};
  Result<std::vector<NamedTensor>> outputs = (*session)->run(inputs);
  EXPECT_TRUE(outputs) << outputs.status().message();
  std::vector<Tensor> tensors;
  if (outputs)
    for (const NamedTensor &output : *outputs)
      tensors.push_back(output.tensor);
  return tensors;
}

Sequential chapter2Mlp() {
  return Sequential({Input({784}), Dense(512, "relu"), Dense(10, "softmax")});
}

/// The convnet of chapter 5 of "Deep Learning with Python" for MNIST.
Sequential chapter5Convnet() {
  return Sequential({Input({28, 28, 1}), Conv2D(32, 3, "relu"), MaxPooling2D(2),
                     Conv2D(64, 3, "relu"), MaxPooling2D(2),
                     Conv2D(64, 3, "relu"), Flatten(), Dense(64, "relu"),
                     Dense(10, "softmax")});
}

//===----------------------------------------------------------------------===//
// Sequential models
//===----------------------------------------------------------------------===//

TEST(LayersTest, Chapter2MlpHasKerasParamsAndNodes) {
  Sequential model = chapter2Mlp();
  ASSERT_TRUE(model.status()) << model.status().message();
  EXPECT_EQ(model.countParams().value(), 407050);

  proto::Model proto = build(model);
  EXPECT_EQ(proto.format_version(), 1);
  EXPECT_EQ(proto.opset_version(), 13);
  EXPECT_EQ(proto.name(), "sequential");
  EXPECT_FALSE(proto.has_training());

  const proto::Graph &graph = proto.graph();
  ASSERT_EQ(graph.inputs_size(), 1);
  EXPECT_EQ(graph.inputs(0).name(), "input");
  EXPECT_EQ(graph.inputs(0).shape(0).symbol(), "batch");
  EXPECT_EQ(shapeOf(graph.inputs(0)), (std::vector<int64_t>{-1, 784}));
  ASSERT_EQ(graph.outputs_size(), 1);
  EXPECT_EQ(graph.outputs(0).name(), "dense_1");
  EXPECT_EQ(graph.outputs(0).dtype(), proto::FLOAT32);
  EXPECT_EQ(shapeOf(graph.outputs(0)), (std::vector<int64_t>{-1, 10}));

  std::vector<std::string> nodes;
  for (const proto::Node &node : graph.nodes()) {
    std::string text = node.op() + "(";
    for (const std::string &input : node.inputs())
      text += (text.back() == '(' ? "" : ", ") + input;
    nodes.push_back(text + ") -> " + node.outputs(0));
  }
  EXPECT_EQ(nodes, (std::vector<std::string>{
                       "Gemm(input, dense/kernel, dense/bias) -> dense/gemm",
                       "Relu(dense/gemm) -> dense",
                       "Gemm(dense, dense_1/kernel, dense_1/bias) -> "
                       "dense_1/gemm",
                       "Softmax(dense_1/gemm) -> dense_1"}));
  EXPECT_EQ(graph.nodes(3).attributes(0).name(), "axis");
  EXPECT_EQ(graph.nodes(3).attributes(0).i(), -1);

  std::vector<std::string> initializers;
  for (const proto::Tensor &tensor : graph.initializers())
    initializers.push_back(
        tensor.name() + " " +
        formatShape({tensor.shape().begin(), tensor.shape().end()}));
  EXPECT_EQ(initializers, (std::vector<std::string>{"dense/kernel [784, 512]",
                                                    "dense/bias [512]",
                                                    "dense_1/kernel [512, 10]",
                                                    "dense_1/bias [10]"}));
  expectImports(proto);
}

TEST(LayersTest, Chapter2MlpSummary) {
  Result<std::string> summary = chapter2Mlp().summary();
  ASSERT_TRUE(summary) << summary.status().message();
  EXPECT_EQ(*summary, "Model: \"sequential\"\n"
                      "_________________________________________\n"
                      " Layer (type)     Output Shape  Param #\n"
                      "=========================================\n"
                      " dense (Dense)    (None, 512)   401,920\n"
                      " dense_1 (Dense)  (None, 10)      5,130\n"
                      "=========================================\n"
                      "Total params: 407,050 (1.55 MB)\n"
                      "Trainable params: 407,050 (1.55 MB)\n"
                      "Non-trainable params: 0 (0.00 B)\n");
}

TEST(LayersTest, Chapter5ConvnetSummaryHasKerasParamCounts) {
  Sequential model = chapter5Convnet();
  Result<std::string> summary = model.summary();
  ASSERT_TRUE(summary) << summary.status().message();
  EXPECT_EQ(*summary,
            "Model: \"sequential\"\n"
            "______________________________________________________________\n"
            " Layer (type)                    Output Shape        Param #\n"
            "==============================================================\n"
            " conv2d (Conv2D)                 (None, 26, 26, 32)      320\n"
            " max_pooling2d (MaxPooling2D)    (None, 13, 13, 32)        0\n"
            " conv2d_1 (Conv2D)               (None, 11, 11, 64)   18,496\n"
            " max_pooling2d_1 (MaxPooling2D)  (None, 5, 5, 64)          0\n"
            " conv2d_2 (Conv2D)               (None, 3, 3, 64)     36,928\n"
            " flatten (Flatten)               (None, 576)               0\n"
            " dense (Dense)                   (None, 64)           36,928\n"
            " dense_1 (Dense)                 (None, 10)              650\n"
            "==============================================================\n"
            "Total params: 93,322 (364.54 KB)\n"
            "Trainable params: 93,322 (364.54 KB)\n"
            "Non-trainable params: 0 (0.00 B)\n");
}

TEST(LayersTest, ConvnetTransposesToChannelsFirstOnceAndBackForFlatten) {
  proto::Model proto = build(chapter5Convnet());
  EXPECT_EQ(opsOf(proto), "Transpose Conv Relu MaxPool Conv Relu MaxPool "
                          "Conv Relu Transpose Flatten Gemm Relu Gemm "
                          "Softmax");
  EXPECT_EQ(shapeOf(proto.graph().inputs(0)),
            (std::vector<int64_t>{-1, 28, 28, 1}));
  const proto::Tensor *kernel = findInitializer(proto, "conv2d_1/kernel");
  ASSERT_NE(kernel, nullptr);
  EXPECT_EQ(
      std::vector<int64_t>(kernel->shape().begin(), kernel->shape().end()),
      (std::vector<int64_t>{64, 32, 3, 3}));
  expectImports(proto);
}

TEST(LayersTest, SequentialAddMatchesTheList) {
  Sequential added;
  added.add(Input({784}));
  added.add(Dense(512, "relu"));
  added.add(Dropout(0.5));
  added.add(Dense(10, "softmax"));
  Sequential listed(
      {Input({784}), Dense(512, "relu"), Dropout(0.5), Dense(10, "softmax")});
  EXPECT_EQ(build(added, 7).SerializeAsString(),
            build(listed, 7).SerializeAsString());
}

TEST(LayersTest, DropoutEmitsOnnxDropoutWithItsRatio) {
  proto::Model proto = build(
      Sequential({Input({784}), Dense(512, "relu"), Dropout(0.5), Dense(10)}));
  EXPECT_EQ(opsOf(proto), "Gemm Relu Dropout Gemm");
  const proto::Node &dropout = proto.graph().nodes(2);
  EXPECT_EQ(dropout.outputs(0), "dropout");
  ASSERT_EQ(dropout.inputs_size(), 2);
  EXPECT_EQ(dropout.inputs(0), "dense");
  Tensor ratio = weight(proto, dropout.inputs(1));
  EXPECT_EQ(ratio.rank(), 0);
  EXPECT_EQ(ratio.typed<float>()[0], 0.5f);
  // The ratio is an operand, not a weight that training would update.
  std::vector<std::string> parameters = parameterInitializers(proto);
  EXPECT_EQ(std::count(parameters.begin(), parameters.end(), "dropout/ratio"),
            0);
  expectImports(proto);
}

//===----------------------------------------------------------------------===//
// Weight initialization
//===----------------------------------------------------------------------===//

TEST(LayersTest, SameSeedGivesIdenticalWeights) {
  proto::Model first = build(chapter5Convnet(), 42);
  proto::Model second = build(chapter5Convnet(), 42);
  proto::Model other = build(chapter5Convnet(), 43);
  ASSERT_EQ(first.graph().initializers_size(),
            second.graph().initializers_size());
  for (int i = 0; i < first.graph().initializers_size(); ++i)
    EXPECT_EQ(first.graph().initializers(i).SerializeAsString(),
              second.graph().initializers(i).SerializeAsString())
        << first.graph().initializers(i).name();
  EXPECT_NE(first.graph().initializers(0).raw_data(),
            other.graph().initializers(0).raw_data());
  EXPECT_EQ(first.metadata().at("seed"), "42");
}

TEST(LayersTest, WeightsFollowTheDocumentedRecipe) {
  // docs/layers.md: one SplitMix64(seed) for the model; each uniform value
  // from the top 24 bits k of one draw, limit * (2k + 1 - 2^24) / 2^24.
  proto::Model proto = build(chapter2Mlp(), 1234);
  SplitMix64 random(1234);
  float limit = static_cast<float>(std::sqrt(6.0 / (784 + 512)));
  std::vector<float> kernel = values(weight(proto, "dense/kernel"));
  for (int i = 0; i < 3; ++i) {
    int64_t k = static_cast<int64_t>(random.next() >> 40);
    EXPECT_EQ(kernel[i],
              static_cast<float>(double(limit) * double(2 * k + 1 - (1 << 24)) /
                                 (1 << 24)));
  }
  // The second layer's kernel continues the same stream (biases draw
  // nothing).
  for (size_t i = 3; i < kernel.size(); ++i)
    random.next();
  int64_t k = static_cast<int64_t>(random.next() >> 40);
  float limit1 = static_cast<float>(std::sqrt(6.0 / (512 + 10)));
  EXPECT_EQ(values(weight(proto, "dense_1/kernel"))[0],
            static_cast<float>(double(limit1) * double(2 * k + 1 - (1 << 24)) /
                               (1 << 24)));
}

TEST(LayersTest, PinnedInitialWeightBits) {
  // Guards the recipe itself: a change here changes every seeded model.
  proto::Model proto =
      build(Sequential({Input({3}), Dense(2, "linear", {}, false)}), 2024);
  std::vector<float> kernel = values(weight(proto, "dense/kernel"));
  std::vector<uint32_t> bits(kernel.size());
  std::memcpy(bits.data(), kernel.data(), kernel.size() * sizeof(float));
  EXPECT_EQ(bits,
            (std::vector<uint32_t>{0x3e89b5e2u, 0xbf61e653u, 0xbee1f1c1u,
                                   0xbf5744c1u, 0x3f39691bu, 0x3deb361fu}));
}

TEST(LayersTest, GlorotAndUniformBoundsHold) {
  auto x = Input({6}, "tokens", DType::Int64);
  auto h = Embedding(1000, 64)(x);
  auto c = Conv1D(32, 3, "relu")(h);
  auto y = Dense(10)(Flatten()(c));
  proto::Model proto = build(FunctionalModel({x}, {y}), 5);

  struct Bound {
    std::string weight;
    double limit;
  };
  for (const Bound &bound :
       {Bound{"embedding/embeddings", 0.05},
        Bound{"conv1d/kernel", std::sqrt(6.0 / (64 * 3 + 32 * 3))},
        Bound{"dense/kernel", std::sqrt(6.0 / (4 * 32 + 10))}}) {
    std::vector<float> w = values(weight(proto, bound.weight));
    float limit = static_cast<float>(bound.limit);
    double sum = 0, largest = 0;
    for (float value : w) {
      EXPECT_LT(std::fabs(value), limit) << bound.weight;
      sum += value;
      largest = std::max(largest, std::fabs(double(value)));
    }
    // Spread over the whole interval, centered on 0.
    EXPECT_GT(largest, 0.99 * limit) << bound.weight;
    EXPECT_LT(std::fabs(sum / w.size()), 0.05 * limit) << bound.weight;
  }
  for (float value : values(weight(proto, "dense/bias")))
    EXPECT_EQ(value, 0.0f);
  expectImports(proto);
}

//===----------------------------------------------------------------------===//
// Functional models
//===----------------------------------------------------------------------===//

TEST(LayersTest, FunctionalTwoInputsTwoOutputs) {
  auto a = Input({8}, "a");
  auto b = Input({4}, "b");
  auto sum = Add()({Dense(16, "relu")(a), Dense(16, "relu")(b)});
  auto joined = Concatenate()({sum, b});
  auto score = Dense(1, "sigmoid").named("score")(joined);
  auto classes = Dense(3, "softmax").named("classes")(sum);
  FunctionalModel model({a, b}, {score, classes}, "two_towers");
  ASSERT_TRUE(model.status()) << model.status().message();
  EXPECT_EQ(joined.shape(), (std::vector<int64_t>{20}));

  proto::Model proto = build(model);
  const proto::Graph &graph = proto.graph();
  ASSERT_EQ(graph.inputs_size(), 2);
  EXPECT_EQ(graph.inputs(0).name(), "a");
  EXPECT_EQ(graph.inputs(1).name(), "b");
  ASSERT_EQ(graph.outputs_size(), 2);
  EXPECT_EQ(graph.outputs(0).name(), "score");
  EXPECT_EQ(shapeOf(graph.outputs(0)), (std::vector<int64_t>{-1, 1}));
  EXPECT_EQ(graph.outputs(1).name(), "classes");
  EXPECT_EQ(shapeOf(graph.outputs(1)), (std::vector<int64_t>{-1, 3}));
  EXPECT_EQ(opsOf(proto), "Gemm Relu Gemm Relu Add Concat Gemm Sigmoid Gemm "
                          "Softmax");
  expectImports(proto);

  Result<std::string> summary = model.summary();
  ASSERT_TRUE(summary);
  EXPECT_NE(summary->find(" a (InputLayer)"), std::string::npos) << *summary;
  EXPECT_NE(summary->find("concatenate (Concatenate)"), std::string::npos);
  EXPECT_NE(summary->find("add, b"), std::string::npos) << *summary;

  std::vector<Tensor> outputs =
      run(proto, {seededInput({5, 8}, 1), seededInput({5, 4}, 2)});
  ASSERT_EQ(outputs.size(), 2u);
  EXPECT_EQ(outputs[0].shape(), (std::vector<int64_t>{5, 1}));
  EXPECT_EQ(outputs[1].shape(), (std::vector<int64_t>{5, 3}));
  for (int64_t row = 0; row < 5; ++row) {
    const float *p = outputs[1].typed<float>() + 3 * row;
    EXPECT_NEAR(p[0] + p[1] + p[2], 1.0f, 1e-5f);
  }
}

TEST(LayersTest, SharedLayerHasOneSetOfWeights) {
  auto left = Input({4}, "left");
  auto right = Input({4}, "right");
  Layer shared = Dense(8, "tanh");
  auto merged = Add()({shared(left), shared(right)});
  FunctionalModel model({left, right}, {merged});
  EXPECT_EQ(model.countParams().value(), 4 * 8 + 8);
  proto::Model proto = build(model);
  EXPECT_EQ(proto.graph().initializers_size(), 2);
  EXPECT_EQ(proto.graph().nodes(3).outputs(0), "dense/call_1");
  expectImports(proto);
}

TEST(LayersTest, ResidualConvBlockStaysChannelsFirst) {
  auto x = Input({8, 8, 3});
  auto h = Conv2D(16, 3, "relu", 1, "same")(x);
  auto r = Conv2D(16, 3, "linear", 1, "same")(h);
  auto y = BatchNormalization()(Activation("relu")(Add()({h, r})));
  auto p = MaxPooling2D(2, 2, "same")(y);
  FunctionalModel model({x}, {p});
  EXPECT_EQ(p.shape(), (std::vector<int64_t>{4, 4, 16}));
  proto::Model proto = build(model);
  // Transposes only at the input and the output.
  EXPECT_EQ(opsOf(proto), "Transpose Conv Relu Conv Add Relu "
                          "BatchNormalization MaxPool Transpose");
  EXPECT_EQ(model.countParams().value(),
            (16 * 3 * 9 + 16) + (16 * 16 * 9 + 16) + 4 * 16);
  Result<std::string> summary = model.summary();
  EXPECT_NE(summary->find("Non-trainable params: 32 (128.00 B)"),
            std::string::npos)
      << *summary;
  expectImports(proto);
}

TEST(LayersTest, RegularizersGoToTheTrainingSection) {
  Sequential model({Input({20}), Dense(16, "relu", regularizers::l2(0.001f)),
                    Dense(1, "linear", regularizers::l1_l2(0.01f, 0.02f))});
  proto::Model proto = build(model);
  ASSERT_EQ(proto.training().regularizers_size(), 2);
  const proto::Regularizer &first = proto.training().regularizers(0);
  EXPECT_EQ(first.parameter(), "dense/kernel");
  EXPECT_EQ(first.l1(), 0.0f);
  EXPECT_EQ(first.l2(), 0.001f);
  const proto::Regularizer &second = proto.training().regularizers(1);
  EXPECT_EQ(second.parameter(), "dense_1/kernel");
  EXPECT_EQ(second.l1(), 0.01f);
  EXPECT_EQ(second.l2(), 0.02f);
  std::vector<std::string> parameters = parameterInitializers(proto);
  EXPECT_EQ(std::count(parameters.begin(), parameters.end(), "dense/kernel"),
            1);
}

TEST(LayersTest, GivenNamesAreKeptAndAutomaticNamesSkipThem) {
  auto x = Input({4});
  auto h = Dense(4).named("dense")(x);
  auto y = Dense(4)(Dense(4).named("dense_1")(h));
  proto::Model proto = build(FunctionalModel({x}, {y}));
  EXPECT_EQ(proto.graph().outputs(0).name(), "dense_2");
}

TEST(LayersTest, ReshapeEmbeddingAndRankThreeDense) {
  auto tokens = Input({10}, "tokens", DType::Int32);
  auto e = Embedding(50, 8)(tokens);
  auto d = Dense(4, "elu")(e);
  auto r = Reshape({-1, 2})(d);
  auto y = Activation("linear")(r);
  FunctionalModel model({tokens}, {y});
  EXPECT_EQ(y.shape(), (std::vector<int64_t>{20, 2}));
  proto::Model proto = build(model);
  EXPECT_EQ(opsOf(proto), "Gather MatMul Add Elu Reshape Identity");
  Tensor shape = weight(proto, "reshape/shape");
  ASSERT_EQ(shape.dtype(), DType::Int64);
  EXPECT_EQ(shape.typed<int64_t>()[0], -1);
  EXPECT_EQ(shape.typed<int64_t>()[1], 20);
  expectImports(proto);
}

TEST(LayersTest, EveryActivationImports) {
  for (const char *activation : {"linear", "relu", "sigmoid", "tanh", "softmax",
                                 "elu", "selu", "softplus", "leaky_relu"}) {
    auto x = Input({5});
    proto::Model proto =
        build(FunctionalModel({x}, {Activation(activation)(x)}));
    expectImports(proto);
  }
}

//===----------------------------------------------------------------------===//
// Execution
//===----------------------------------------------------------------------===//

TEST(LayersTest, MlpRunsAndMatchesItsWeights) {
  proto::Model proto =
      build(Sequential({Input({6}), Dense(5, "relu"), Dense(3, "softmax")}), 3);
  Tensor input = seededInput({2, 6}, 9);
  std::vector<Tensor> outputs = run(proto, {input});
  ASSERT_EQ(outputs.size(), 1u);
  ASSERT_EQ(outputs[0].shape(), (std::vector<int64_t>{2, 3}));

  // Biases are zero initially.
  std::vector<float> w1 = values(weight(proto, "dense/kernel"));
  std::vector<float> w2 = values(weight(proto, "dense_1/kernel"));
  for (int64_t row = 0; row < 2; ++row) {
    const float *x = input.typed<float>() + 6 * row;
    std::vector<double> hidden(5), logits(3);
    for (int j = 0; j < 5; ++j) {
      for (int i = 0; i < 6; ++i)
        hidden[j] += x[i] * w1[i * 5 + j];
      hidden[j] = std::max(hidden[j], 0.0);
    }
    double total = 0;
    for (int j = 0; j < 3; ++j) {
      for (int i = 0; i < 5; ++i)
        logits[j] += hidden[i] * w2[i * 3 + j];
      total += std::exp(logits[j]);
    }
    for (int j = 0; j < 3; ++j)
      EXPECT_NEAR(outputs[0].typed<float>()[row * 3 + j],
                  std::exp(logits[j]) / total, 1e-5);
  }
}

TEST(LayersTest, ConvAndFlattenComputeInKerasOrder) {
  // A channels-last reference: Conv2D(2, 2) with strides 1 on 3x3x2, then
  // Flatten in (height, width, channels) order.
  proto::Model proto =
      build(Sequential({Input({3, 3, 2}), Conv2D(2, 2), Flatten()}), 11);
  Tensor input = seededInput({1, 3, 3, 2}, 4);
  std::vector<Tensor> outputs = run(proto, {input});
  ASSERT_EQ(outputs.size(), 1u);
  ASSERT_EQ(outputs[0].shape(), (std::vector<int64_t>{1, 8}));

  std::vector<float> kernel = values(weight(proto, "conv2d/kernel"));
  auto x = [&](int h, int w, int c) {
    return input.typed<float>()[(h * 3 + w) * 2 + c];
  };
  // ONNX's (filters, channels, height, width).
  auto k = [&](int f, int c, int h, int w) {
    return kernel[((f * 2 + c) * 2 + h) * 2 + w];
  };
  for (int h = 0; h < 2; ++h)
    for (int w = 0; w < 2; ++w)
      for (int f = 0; f < 2; ++f) {
        double expected = 0;
        for (int c = 0; c < 2; ++c)
          for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
              expected += x(h + i, w + j, c) * k(f, c, i, j);
        EXPECT_NEAR(outputs[0].typed<float>()[(h * 2 + w) * 2 + f], expected,
                    1e-5)
            << "at " << h << ", " << w << ", " << f;
      }
}

TEST(LayersTest, SeparableConvAndPoolsHaveKerasParamCounts) {
  Sequential model({Input({32, 32, 32}), SeparableConv2D(64, 3, "relu"),
                    DepthwiseConv2D(3, 1, "same", 2), AveragePooling2D(2),
                    GlobalAveragePooling2D()});
  Result<std::string> summary = model.summary();
  ASSERT_TRUE(summary) << summary.status().message();
  // Keras: 3*3*32 + 32*64 + 64; 3*3*64*2 + 128.
  EXPECT_EQ(*summary,
            "Model: \"sequential\"\n"
            "_____________________________________________________________"
            "_____________________\n"
            " Layer (type)                                       Output Shape"
            "         Param #\n"
            "============================================================="
            "=====================\n"
            " separable_conv2d (SeparableConv2D)                 "
            "(None, 30, 30, 64)     2,400\n"
            " depthwise_conv2d (DepthwiseConv2D)                 "
            "(None, 30, 30, 128)    1,280\n"
            " average_pooling2d (AveragePooling2D)               "
            "(None, 15, 15, 128)        0\n"
            " global_average_pooling2d (GlobalAveragePooling2D)  "
            "(None, 128)                0\n"
            "============================================================="
            "=====================\n"
            "Total params: 3,680 (14.38 KB)\n"
            "Trainable params: 3,680 (14.38 KB)\n"
            "Non-trainable params: 0 (0.00 B)\n");
}

/// A channels-last reference of SeparableConv2D(3, 2, depth multiplier 2)
/// on 4x4x2, then the global average and max of each channel.
TEST(LayersTest, SeparableConvAndGlobalPoolsComputeInKerasOrder) {
  SymbolicTensor x = Input({4, 4, 2});
  SymbolicTensor y = SeparableConv2D(3, 2, "linear", 1, "valid", 2)(x);
  FunctionalModel model(
      {x}, {y, GlobalAveragePooling2D()(y), GlobalMaxPooling2D()(y)});
  proto::Model proto = build(model, 5);
  Tensor input = seededInput({1, 4, 4, 2}, 6);
  std::vector<Tensor> outputs = run(proto, {input});
  ASSERT_EQ(outputs.size(), 3u);
  ASSERT_EQ(outputs[0].shape(), (std::vector<int64_t>{1, 3, 3, 3}));
  ASSERT_EQ(outputs[1].shape(), (std::vector<int64_t>{1, 3}));

  // ONNX's layouts: depthwise (channels * 2, 1, 2, 2), pointwise (3, 4, 1,
  // 1); depthwise output channel d reads input channel d / 2.
  std::vector<float> depthwise =
      values(weight(proto, "separable_conv2d/depthwise_kernel"));
  std::vector<float> pointwise =
      values(weight(proto, "separable_conv2d/pointwise_kernel"));
  auto at = [&](int h, int w, int c) {
    return input.typed<float>()[(h * 4 + w) * 2 + c];
  };
  std::vector<double> sums(3, 0), maxima(3, -1e30);
  for (int h = 0; h < 3; ++h)
    for (int w = 0; w < 3; ++w)
      for (int f = 0; f < 3; ++f) {
        double expected = 0;
        for (int d = 0; d < 4; ++d) {
          double spatial = 0;
          for (int i = 0; i < 2; ++i)
            for (int j = 0; j < 2; ++j)
              spatial += at(h + i, w + j, d / 2) * depthwise[(d * 2 + i) * 2 + j];
          expected += spatial * pointwise[f * 4 + d];
        }
        float got = outputs[0].typed<float>()[(h * 3 + w) * 3 + f];
        EXPECT_NEAR(got, expected, 1e-5) << "at " << h << ", " << w << ", "
                                         << f;
        sums[f] += got;
        maxima[f] = std::max<double>(maxima[f], got);
      }
  for (int f = 0; f < 3; ++f) {
    EXPECT_NEAR(outputs[1].typed<float>()[f], sums[f] / 9, 1e-5);
    EXPECT_EQ(outputs[2].typed<float>()[f], maxima[f]);
  }
}

TEST(LayersTest, Chapter5ConvnetRuns) {
  std::vector<Tensor> outputs =
      run(build(chapter5Convnet(), 1), {seededInput({2, 28, 28, 1}, 3)});
  ASSERT_EQ(outputs.size(), 1u);
  ASSERT_EQ(outputs[0].shape(), (std::vector<int64_t>{2, 10}));
  double total = 0;
  for (float p : values(outputs[0]))
    total += p;
  EXPECT_NEAR(total, 2.0, 1e-4);
}

TEST(LayersTest, BuiltModelTrainsWithItsRegularizer) {
  // The quadrant of a point, with an L2-penalized hidden layer: the names
  // that toProto() writes are the ones training resolves.
  proto::Model proto = build(
      Sequential({Input({2}), Dense(16, "relu", regularizers::l2(0.0001f)),
                  Dense(4, "softmax")}),
      8);
  proto.mutable_training()->mutable_loss()->set_name(
      "sparse_categorical_crossentropy");
  proto.mutable_training()->mutable_optimizer()->set_name("adam");
  proto.mutable_training()->mutable_optimizer()->set_learning_rate(0.02f);
  Result<TrainingSpec> spec = trainingSpecFromProto(proto, "built.pb");
  ASSERT_TRUE(spec) << spec.status().message();
  EXPECT_EQ(spec->regularizers.count("dense/kernel"), 1u);
  Result<std::unique_ptr<TrainingSession>> session = TrainingSession::create(
      proto, "built.pb", *spec, learningRateFromProto(proto.training()));
  ASSERT_TRUE(session) << session.status().message();

  SplitMix64 random(5);
  auto batch = [&](Tensor &x, Tensor &labels) {
    x = seededInput({64, 2}, random.next());
    labels = Tensor(DType::Int64, {64});
    for (int64_t i = 0; i < 64; ++i) {
      const float *point = x.typed<float>() + 2 * i;
      labels.typed<int64_t>()[i] = (point[0] > 0) + 2 * (point[1] > 0);
    }
  };
  Tensor x, labels;
  double firstLoss = 0, lastLoss = 0;
  for (int step = 0; step < 200; ++step) {
    batch(x, labels);
    Result<std::vector<double>> objective = (*session)->trainBatch({x}, labels);
    ASSERT_TRUE(objective) << objective.status().message();
    (step == 0 ? firstLoss : lastLoss) = (*objective)[0];
  }
  EXPECT_LT(lastLoss, firstLoss / 4);
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST(LayersTest, DenseOnRankZeroInput) {
  auto x = Input({});
  auto y = Dense(4)(x);
  EXPECT_EQ(y.status().message(),
            "Dense layer: needs inputs with a feature axis, got shape "
            "(None,)");
  EXPECT_EQ(errorOf(FunctionalModel({x}, {y})),
            "model 'functional': Dense layer 'dense': needs inputs with a "
            "feature axis, got shape (None,)");
}

TEST(LayersTest, UnknownActivationListsTheKnownOnes) {
  std::string message = errorOf(Sequential({Input({3}), Dense(4, "rleu")}));
  EXPECT_EQ(message,
            "model 'sequential': Dense layer 'dense': unknown activation "
            "'rleu' (known: linear, relu, sigmoid, tanh, softmax, elu, selu, "
            "softplus, leaky_relu)");
}

TEST(LayersTest, ErrorsReachEverythingComputedFromAFailedCall) {
  auto x = Input({3});
  auto bad = Conv2D(8, 3)(x);
  auto later = Dense(2)(Flatten()(bad));
  EXPECT_EQ(later.status().message(), bad.status().message());
  EXPECT_EQ(bad.status().message(),
            "Conv2D layer: needs inputs of shape (None, height, width, "
            "channels), got (None, 3)");
}

TEST(LayersTest, OutputsThatDoNotDependOnTheInputs) {
  auto x = Input({3}, "x");
  auto other = Input({3}, "other");
  EXPECT_EQ(errorOf(FunctionalModel({x}, {Dense(1)(other)})),
            "model 'functional': the outputs depend on Input 'other', which "
            "is not one of the model's inputs");
  EXPECT_EQ(errorOf(FunctionalModel({x, other}, {Dense(1)(other)})),
            "model 'functional': Input 'x' is not used by any output");
}

TEST(LayersTest, MalformedModels) {
  auto x = Input({3});
  auto y = Dense(2)(x);
  EXPECT_EQ(errorOf(FunctionalModel({y}, {y})),
            "model 'functional': model input #0 is not an Input() but the "
            "output of a Dense layer");
  EXPECT_EQ(errorOf(FunctionalModel({x}, {})),
            "model 'functional': the model has no outputs");
  EXPECT_EQ(errorOf(FunctionalModel({x}, {y, y})),
            "model 'functional': model output #1 repeats output #0");
  EXPECT_EQ(errorOf(Sequential({Dense(3)})),
            "model 'sequential': a Sequential model starts with an Input: "
            "add Input(shape) before the layers");
  EXPECT_EQ(errorOf(Sequential({Input({3}), Input({3})})),
            "model 'sequential': a Sequential model has one Input; got a "
            "second one");
  EXPECT_EQ(errorOf(Sequential({Input({3}), Add()})),
            "model 'sequential': Add layer 'add': takes two or more inputs, "
            "got 1");
  auto same = Input({3}, "same");
  EXPECT_EQ(errorOf(FunctionalModel({same}, {Dense(2).named("same")(same)})),
            "model 'functional': the name 'same' is given to two layers or "
            "inputs");
}

TEST(LayersTest, InvalidLayerArguments) {
  auto image = Input({5, 5, 3});
  auto vector = Input({4});
  struct Case {
    SymbolicTensor tensor;
    std::string message;
  };
  for (const Case &c : std::vector<Case>{
           {Input({0, 3}), "Input: dimensions must be positive, got shape "
                           "(None, 0, 3) (the batch dimension is implicit)"},
           {Dense(0)(vector), "Dense layer: units must be positive, got 0"},
           {Dense(2, "relu", regularizers::l2(-1))(vector),
            "Dense layer: regularizer factors must be >= 0, got l1 0.000000 "
            "and l2 -1.000000"},
           {Dropout(1.0)(vector),
            "Dropout layer: rate must be in [0, 1), got 1.000000"},
           {Conv2D(4, 7)(image),
            "Conv2D layer: window [7, 7] does not fit in inputs of shape "
            "(None, 5, 5, 3) without padding"},
           {Conv2D(4, 3, "relu", 1, "full")(image),
            "Conv2D layer: padding must be 'valid' or 'same', got 'full'"},
           {MaxPooling2D({2, 0})(image),
            "MaxPooling2D layer: pool_size must be positive, got [2, 0]"},
           {Embedding(10, 4)(vector),
            "Embedding layer: needs int32 or int64 indices, got float32"},
           {Dense(3)(Input({4}, "ids", DType::Int64)),
            "Dense layer: needs a float32 input, got int64"},
           {Reshape({3, -1})(vector),
            "Reshape layer: cannot reshape (None, 4) (4 values per sample) "
            "to (None, 3, -1)"},
           {Reshape({-1, -1})(vector),
            "Reshape layer: at most one dimension of the target shape may "
            "be -1, got [-1, -1]"},
           {Add()({vector, Input({5})}),
            "Add layer: needs inputs of one shape and dtype: input 1 is "
            "float32 (None, 5) but input 0 is float32 (None, 4)"},
           {Concatenate(0)({vector, vector}),
            "Concatenate layer: cannot concatenate along the batch axis"},
           {Concatenate(1)({image, Input({5, 4, 3})}),
            "Concatenate layer: needs inputs that differ only along axis 1: "
            "input 1 is float32 (None, 5, 4, 3) but input 0 is float32 "
            "(None, 5, 5, 3)"},
           {Dense(1 << 30)(Input({4})),
            "Dense layer: weight 'kernel' of shape [4, 1073741824] is too "
            "large: weights are stored in protobuf messages, which hold less "
            "than 2 GiB"},
       })
    EXPECT_EQ(c.tensor.status().message(), c.message);
}

TEST(LayersTest, SharedLayerNeedsCompatibleInputs) {
  Layer shared = Dense(2);
  auto a = shared(Input({3}));
  auto b = shared(Input({4}));
  EXPECT_TRUE(a.status());
  EXPECT_EQ(b.status().message(),
            "Dense layer: was built for inputs (None, 3) and cannot share its "
            "weights with a call on (None, 4)");
}

} // namespace
} // namespace dlc::nn
