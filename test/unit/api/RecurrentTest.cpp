//===- RecurrentTest.cpp - LSTM, GRU and RNN against a reference ----------===//
//
// Compiles and runs one-node LSTM, GRU and RNN models through the whole
// stack (importer, lowering, CPU pipeline, JIT) and compares every output
// with a direct implementation of the ONNX equations below. The reference
// walks each batch row separately and, for the reverse direction, reads a
// sequence backwards from its own length, as ONNX Runtime does; the compiler
// instead masks whole steps, so the two agree only if the masking is right.
// The ONNX backend tests cover the default forms; these cover directions,
// sequence_lens, batch-first layout, clip, initial states, peepholes,
// input_forget, linear_before_reset, every activation function, and a
// batch whose rows step through time in blocks on three threads.
//
//===----------------------------------------------------------------------===//
#include "dlc/Api/InferenceSession.h"
#include "dlc/Api/Threads.h"
#include "dlc/Frontend/ModelFile.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <unistd.h>

namespace dlc {
namespace {

//===----------------------------------------------------------------------===//
// Reference
//===----------------------------------------------------------------------===//

struct Activation {
  std::string name;
  float alpha = 0, beta = 0;
};

struct Config {
  std::string op; // LSTM, GRU or RNN
  int64_t seq = 4, batch = 2, input = 3, hidden = 4;
  std::string direction = "forward";
  int64_t layout = 0;
  bool bias = false, initialH = false, initialC = false, peepholes = false;
  std::vector<int32_t> sequenceLens; // empty: absent
  std::vector<std::string> activations;
  std::vector<float> alpha, beta;
  std::optional<float> clip;
  bool inputForget = false, linearBeforeReset = false;

  int64_t gates() const { return op == "LSTM" ? 4 : op == "GRU" ? 3 : 1; }
  int64_t directions() const { return direction == "bidirectional" ? 2 : 1; }
  std::vector<std::string> defaultActivations() const {
    if (op == "LSTM")
      return {"Sigmoid", "Tanh", "Tanh"};
    if (op == "GRU")
      return {"Sigmoid", "Tanh"};
    return {"Tanh"};
  }
};

/// A row-major tensor of floats with its shape.
struct Array {
  std::vector<int64_t> shape;
  std::vector<float> values;

  Array() = default;
  explicit Array(std::vector<int64_t> dims) : shape(std::move(dims)) {
    int64_t count = 1;
    for (int64_t dim : shape)
      count *= dim;
    values.assign(count, 0.0f);
  }
  float &at(std::initializer_list<int64_t> index) {
    int64_t offset = 0, i = 0;
    for (int64_t value : index)
      offset = offset * shape[i++] + value;
    return values[offset];
  }
};

/// Deterministic values in [-scale, scale].
Array randomArray(std::vector<int64_t> shape, uint32_t &seed,
                  float scale = 1.0f) {
  Array array(std::move(shape));
  for (float &value : array.values) {
    seed = seed * 1664525u + 1013904223u;
    value = scale * ((seed >> 8) / float(1 << 24) * 2.0f - 1.0f);
  }
  return array;
}

/// Activation functions with alpha/beta consumed in order by the functions
/// that take them (ONNX), defaults from the ONNX operators.
std::vector<Activation> resolveActivations(const Config &config) {
  std::vector<std::string> names = config.activations;
  if (names.empty())
    for (int64_t d = 0; d < config.directions(); ++d)
      for (const std::string &name : config.defaultActivations())
        names.push_back(name);
  size_t nextAlpha = 0, nextBeta = 0;
  auto take = [](const std::vector<float> &values, size_t &next,
                 float fallback) {
    return next < values.size() ? values[next++] : fallback;
  };
  std::vector<Activation> result;
  for (const std::string &name : names) {
    Activation activation{name};
    if (name == "LeakyRelu")
      activation.alpha = take(config.alpha, nextAlpha, 0.01f);
    else if (name == "ThresholdedRelu" || name == "Elu")
      activation.alpha = take(config.alpha, nextAlpha, 1.0f);
    else if (name == "HardSigmoid") {
      activation.alpha = take(config.alpha, nextAlpha, 0.2f);
      activation.beta = take(config.beta, nextBeta, 0.5f);
    } else if (name == "Affine") {
      activation.alpha = take(config.alpha, nextAlpha, 1.0f);
      activation.beta = take(config.beta, nextBeta, 0.0f);
    } else if (name == "ScaledTanh") {
      activation.alpha = take(config.alpha, nextAlpha, 1.0f);
      activation.beta = take(config.beta, nextBeta, 1.0f);
    }
    result.push_back(activation);
  }
  return result;
}

float apply(const Activation &fn, float x) {
  const std::string &name = fn.name;
  if (name == "Relu")
    return x > 0 ? x : 0;
  if (name == "Tanh")
    return std::tanh(x);
  if (name == "Sigmoid")
    return 1.0f / (1.0f + std::exp(-x));
  if (name == "Affine")
    return fn.alpha * x + fn.beta;
  if (name == "LeakyRelu")
    return x >= 0 ? x : fn.alpha * x;
  if (name == "ThresholdedRelu")
    return x > fn.alpha ? x : 0;
  if (name == "ScaledTanh")
    return fn.alpha * std::tanh(fn.beta * x);
  if (name == "HardSigmoid")
    return std::min(std::max(fn.alpha * x + fn.beta, 0.0f), 1.0f);
  if (name == "Elu")
    return x >= 0 ? x : fn.alpha * (std::exp(x) - 1);
  if (name == "Softsign")
    return x / (1 + std::fabs(x));
  if (name == "Softplus")
    return std::log1p(std::exp(x));
  ADD_FAILURE() << "unknown activation " << name;
  return 0;
}

struct Operands {
  Array x, w, r, b, initialH, initialC, p;
};

struct Results {
  Array y, yh, yc;
};

/// The ONNX equations, one batch row and one step at a time, in layout 0.
Results reference(const Config &config, const Operands &in) {
  int64_t seq = config.seq, batch = config.batch, hidden = config.hidden,
          inputSize = config.input, directions = config.directions(),
          gates = config.gates();
  std::vector<Activation> activations = resolveActivations(config);
  size_t perDirection = activations.size() / directions;
  Results out{Array({seq, directions, batch, hidden}),
              Array({directions, batch, hidden}),
              Array({directions, batch, hidden})};
  auto clip = [&](float x) {
    return config.clip ? std::min(std::max(x, -*config.clip), *config.clip) : x;
  };
  Operands ops = in;
  for (int64_t d = 0; d < directions; ++d) {
    bool reverse = config.direction == "reverse" || d == 1;
    auto f = [&](unsigned k, float x) {
      return apply(activations[d * perDirection + k], clip(x));
    };
    auto unclipped = [&](unsigned k, float x) {
      return apply(activations[d * perDirection + k], x);
    };
    auto bias = [&](int64_t part, int64_t row) {
      return config.bias ? ops.b.at({d, part * gates * hidden + row}) : 0.0f;
    };
    for (int64_t row = 0; row < batch; ++row) {
      int64_t length =
          config.sequenceLens.empty() ? seq : config.sequenceLens[row];
      std::vector<float> h(hidden, 0.0f), c(hidden, 0.0f);
      for (int64_t j = 0; j < hidden; ++j) {
        if (config.initialH)
          h[j] = ops.initialH.at({d, row, j});
        if (config.initialC)
          c[j] = ops.initialC.at({d, row, j});
      }
      for (int64_t step = 0; step < length; ++step) {
        int64_t t = reverse ? length - 1 - step : step;
        // Input and recurrent projections of every gate row, with biases.
        auto xw = [&](int64_t gate, int64_t j) {
          float sum = bias(0, gate * hidden + j);
          for (int64_t i = 0; i < inputSize; ++i)
            sum += ops.x.at({t, row, i}) * ops.w.at({d, gate * hidden + j, i});
          return sum;
        };
        auto hr = [&](int64_t gate, int64_t j,
                      const std::vector<float> &state) {
          float sum = bias(1, gate * hidden + j);
          for (int64_t k = 0; k < hidden; ++k)
            sum += state[k] * ops.r.at({d, gate * hidden + j, k});
          return sum;
        };
        std::vector<float> nextH(hidden), nextC(hidden);
        if (config.op == "RNN") {
          for (int64_t j = 0; j < hidden; ++j)
            nextH[j] = f(0, xw(0, j) + hr(0, j, h));
        } else if (config.op == "LSTM") {
          auto peep = [&](int64_t k, int64_t j) {
            return config.peepholes ? ops.p.at({d, k * hidden + j}) : 0.0f;
          };
          for (int64_t j = 0; j < hidden; ++j) {
            float i = f(0, xw(0, j) + hr(0, j, h) + peep(0, j) * c[j]);
            float forget =
                config.inputForget
                    ? 1 - i
                    : f(0, xw(2, j) + hr(2, j, h) + peep(2, j) * c[j]);
            float candidate = f(1, xw(3, j) + hr(3, j, h));
            nextC[j] = forget * c[j] + i * candidate;
            float o = f(0, xw(1, j) + hr(1, j, h) + peep(1, j) * nextC[j]);
            nextH[j] = o * unclipped(2, nextC[j]);
          }
        } else { // GRU
          std::vector<float> z(hidden), r(hidden), resetH(hidden);
          for (int64_t j = 0; j < hidden; ++j) {
            z[j] = f(0, xw(0, j) + hr(0, j, h));
            r[j] = f(0, xw(1, j) + hr(1, j, h));
            resetH[j] = r[j] * h[j];
          }
          for (int64_t j = 0; j < hidden; ++j) {
            float candidate = config.linearBeforeReset
                                  ? f(1, xw(2, j) + r[j] * hr(2, j, h))
                                  : f(1, xw(2, j) + hr(2, j, resetH));
            nextH[j] = (1 - z[j]) * candidate + z[j] * h[j];
          }
        }
        h = nextH;
        c = nextC;
        for (int64_t j = 0; j < hidden; ++j)
          out.y.at({t, d, row, j}) = h[j];
      }
      for (int64_t j = 0; j < hidden; ++j) {
        out.yh.at({d, row, j}) = h[j];
        out.yc.at({d, row, j}) = c[j];
      }
    }
  }
  return out;
}

/// Permutes a tensor: result dimension i is input dimension perm[i].
Array transpose(const Array &in, std::vector<int64_t> perm) {
  std::vector<int64_t> shape;
  for (int64_t source : perm)
    shape.push_back(in.shape[source]);
  Array out(shape);
  int64_t rank = in.shape.size();
  std::vector<int64_t> index(rank, 0);
  for (size_t linear = 0; linear < in.values.size(); ++linear) {
    int64_t remaining = linear;
    for (int64_t dim = rank - 1; dim >= 0; --dim) {
      index[dim] = remaining % in.shape[dim];
      remaining /= in.shape[dim];
    }
    int64_t offset = 0;
    for (int64_t dim = 0; dim < rank; ++dim)
      offset = offset * shape[dim] + index[perm[dim]];
    out.values[offset] = in.values[linear];
  }
  return out;
}

//===----------------------------------------------------------------------===//
// The model under test
//===----------------------------------------------------------------------===//

void addInput(proto::Graph &graph, const std::string &name,
              proto::DataType dtype, const std::vector<int64_t> &shape) {
  proto::ValueInfo &info = *graph.add_inputs();
  info.set_name(name);
  info.set_dtype(dtype);
  for (int64_t dim : shape)
    info.add_shape()->set_size(dim);
}

void addOutput(proto::Graph &graph, const std::string &name,
               const std::vector<int64_t> &shape) {
  proto::ValueInfo &info = *graph.add_outputs();
  info.set_name(name);
  info.set_dtype(proto::FLOAT32);
  for (int64_t dim : shape)
    info.add_shape()->set_size(dim);
}

Tensor toTensor(const Array &array) {
  return Tensor::fromFloats(array.shape, array.values);
}

/// Builds the one-node model for `config`, runs it on `in` (layout 0
/// operands, transposed for layout 1) and checks Y, Y_h (and Y_c).
void runAndCompare(const Config &config, uint32_t seed = 1) {
  int64_t dirs = config.directions(), gates = config.gates(),
          hidden = config.hidden;
  Operands in;
  in.x = randomArray({config.seq, config.batch, config.input}, seed);
  in.w = randomArray({dirs, gates * hidden, config.input}, seed, 0.8f);
  in.r = randomArray({dirs, gates * hidden, hidden}, seed, 0.8f);
  in.b = randomArray({dirs, 2 * gates * hidden}, seed, 0.5f);
  in.initialH = randomArray({dirs, config.batch, hidden}, seed);
  in.initialC = randomArray({dirs, config.batch, hidden}, seed);
  in.p = randomArray({dirs, 3 * hidden}, seed, 0.5f);
  Results expected = reference(config, in);

  bool batchFirst = config.layout == 1;
  auto state = [&](const Array &array) {
    return batchFirst ? transpose(array, {1, 0, 2}) : array;
  };
  Array x = batchFirst ? transpose(in.x, {1, 0, 2}) : in.x;
  if (batchFirst) {
    expected.y = transpose(expected.y, {2, 0, 1, 3});
    expected.yh = transpose(expected.yh, {1, 0, 2});
    expected.yc = transpose(expected.yc, {1, 0, 2});
  }

  proto::Model model;
  model.set_format_version(1);
  model.set_opset_version(14);
  model.set_name("recurrent-test");
  proto::Graph &graph = *model.mutable_graph();
  proto::Node &node = *graph.add_nodes();
  node.set_op(config.op);
  node.set_name("cell");
  std::vector<Tensor> inputs;
  auto bind = [&](const std::string &name, const Array &array) {
    addInput(graph, name, proto::FLOAT32, array.shape);
    node.add_inputs(name);
    inputs.push_back(toTensor(array));
  };
  bind("X", x);
  bind("W", in.w);
  bind("R", in.r);
  // Absent optional inputs: empty names, trailing ones left out.
  std::vector<std::pair<std::string, std::optional<Array>>> optional = {
      {"B", config.bias ? std::optional(in.b) : std::nullopt},
      {"sequence_lens", std::nullopt},
      {"initial_h",
       config.initialH ? std::optional(state(in.initialH)) : std::nullopt}};
  if (config.op == "LSTM") {
    optional.push_back({"initial_c", config.initialC
                                         ? std::optional(state(in.initialC))
                                         : std::nullopt});
    optional.push_back(
        {"P", config.peepholes ? std::optional(in.p) : std::nullopt});
  }
  std::vector<std::string> names;
  for (auto &[name, array] : optional) {
    if (name == "sequence_lens" && !config.sequenceLens.empty()) {
      addInput(graph, name, proto::INT32, {config.batch});
      Tensor lens(DType::Int32, {config.batch});
      std::copy(config.sequenceLens.begin(), config.sequenceLens.end(),
                lens.typed<int32_t>());
      names.push_back(name);
      inputs.push_back(lens);
    } else if (array) {
      addInput(graph, name, proto::FLOAT32, array->shape);
      names.push_back(name);
      inputs.push_back(toTensor(*array));
    } else {
      names.push_back("");
    }
  }
  while (!names.empty() && names.back().empty())
    names.pop_back();
  for (const std::string &name : names)
    node.add_inputs(name);

  auto attr = [&](const std::string &name) {
    proto::Attribute &attribute = *node.add_attributes();
    attribute.set_name(name);
    return &attribute;
  };
  attr("hidden_size")->set_i(hidden);
  attr("direction")->set_s(config.direction);
  attr("layout")->set_i(config.layout);
  if (!config.activations.empty()) {
    proto::Attribute *list = attr("activations");
    for (const std::string &name : config.activations)
      list->mutable_strings()->add_values(name);
  }
  if (!config.alpha.empty())
    attr("activation_alpha")
        ->mutable_floats()
        ->mutable_values()
        ->Add(config.alpha.begin(), config.alpha.end());
  if (!config.beta.empty())
    attr("activation_beta")
        ->mutable_floats()
        ->mutable_values()
        ->Add(config.beta.begin(), config.beta.end());
  if (config.clip)
    attr("clip")->set_f(*config.clip);
  if (config.inputForget)
    attr("input_forget")->set_i(1);
  if (config.linearBeforeReset)
    attr("linear_before_reset")->set_i(1);

  node.add_outputs("Y");
  node.add_outputs("Y_h");
  addOutput(graph, "Y", expected.y.shape);
  addOutput(graph, "Y_h", expected.yh.shape);
  std::vector<const Array *> expectedOutputs = {&expected.y, &expected.yh};
  if (config.op == "LSTM") {
    node.add_outputs("Y_c");
    addOutput(graph, "Y_c", expected.yc.shape);
    expectedOutputs.push_back(&expected.yc);
  }

  std::string path = (std::filesystem::path(::testing::TempDir()) /
                      ("recurrent-" + std::to_string(getpid()) + ".pb"))
                         .string();
  ASSERT_TRUE(saveModelFile(model, path).isOk());
  auto session = InferenceSession::load(path);
  std::filesystem::remove(path);
  ASSERT_TRUE(session) << session.status().message();
  auto outputs = (*session)->run(inputs);
  ASSERT_TRUE(outputs) << outputs.status().message();
  ASSERT_EQ(outputs->size(), expectedOutputs.size());
  for (size_t o = 0; o < expectedOutputs.size(); ++o) {
    const Tensor &actual = (*outputs)[o].tensor;
    const Array &want = *expectedOutputs[o];
    ASSERT_EQ(actual.shape(), want.shape) << (*outputs)[o].name;
    for (size_t i = 0; i < want.values.size(); ++i)
      ASSERT_NEAR(actual.typed<float>()[i], want.values[i],
                  1e-5 + 1e-4 * std::fabs(want.values[i]))
          << (*outputs)[o].name << " element " << i;
  }
}

//===----------------------------------------------------------------------===//
// Cases
//===----------------------------------------------------------------------===//

TEST(RecurrentTest, LstmBidirectionalWithEverything) {
  Config config{"LSTM"};
  config.seq = 5;
  config.direction = "bidirectional";
  config.bias = config.initialH = config.initialC = config.peepholes = true;
  config.sequenceLens = {5, 3};
  config.clip = 0.25f; // Below some cell values: h(Ct) is not clipped.
  runAndCompare(config);
}

TEST(RecurrentTest, LstmReverseBatchFirstInputForgetActivations) {
  Config config{"LSTM"};
  config.direction = "reverse";
  config.layout = 1;
  config.bias = config.initialH = true;
  config.inputForget = true;
  // HardSigmoid takes alpha and beta, Elu alpha, Softsign nothing.
  config.activations = {"HardSigmoid", "Elu", "Softsign"};
  config.alpha = {0.25f, 0.9f};
  config.beta = {0.45f};
  runAndCompare(config);
}

TEST(RecurrentTest, GruLinearBeforeResetBidirectional) {
  Config config{"GRU"};
  config.direction = "bidirectional";
  config.bias = config.initialH = true;
  config.linearBeforeReset = true;
  config.sequenceLens = {2, 4};
  config.activations = {"Sigmoid", "Tanh", "HardSigmoid", "ScaledTanh"};
  config.alpha = {0.3f, 0.9f};
  config.beta = {0.4f, 1.1f};
  runAndCompare(config);
}

TEST(RecurrentTest, GruResetBeforeLinearReverseBatchFirstClip) {
  Config config{"GRU"};
  config.direction = "reverse";
  config.layout = 1;
  config.bias = config.initialH = true;
  config.clip = 0.7f;
  config.sequenceLens = {1, 3};
  runAndCompare(config);
}

TEST(RecurrentTest, RnnBidirectionalBatchFirst) {
  Config config{"RNN"};
  config.seq = 6;
  config.batch = 3;
  config.direction = "bidirectional";
  config.layout = 1;
  config.bias = config.initialH = true;
  config.sequenceLens = {6, 1, 4};
  config.activations = {"Relu", "Affine"};
  config.alpha = {0.7f};
  config.beta = {0.1f};
  runAndCompare(config);
}

/// Sets the thread count for one test and restores it after.
class ThreadCountForTest {
public:
  explicit ThreadCountForTest(int64_t count) : previous_(threadCount()) {
    EXPECT_TRUE(setThreadCount(count).isOk());
  }
  ~ThreadCountForTest() { (void)setThreadCount(previous_); }

private:
  int previous_;
};

/// 48 rows on three threads: three blocks of 16 rows step through the
/// sequence side by side, each row with its own length.
Config rowBlocksConfig(const std::string &op) {
  Config config{op};
  config.seq = 5;
  config.batch = 48;
  config.direction = "bidirectional";
  config.bias = config.initialH = true;
  for (int64_t row = 0; row < config.batch; ++row)
    config.sequenceLens.push_back(1 + row * 7 % config.seq);
  return config;
}

TEST(RecurrentTest, LstmInBlocksOfRows) {
  ThreadCountForTest threads(3);
  Config config = rowBlocksConfig("LSTM");
  config.initialC = true;
  runAndCompare(config);
}

TEST(RecurrentTest, GruInBlocksOfRowsBatchFirst) {
  ThreadCountForTest threads(3);
  Config config = rowBlocksConfig("GRU");
  config.layout = 1;
  runAndCompare(config);
}

/// Every activation function, through the simplest op; the alpha and beta
/// of the functions that take them are their defaults.
class RnnActivationTest : public ::testing::TestWithParam<const char *> {};

TEST_P(RnnActivationTest, MatchesReference) {
  Config config{"RNN"};
  config.bias = true;
  config.activations = {GetParam()};
  runAndCompare(config);
}

INSTANTIATE_TEST_SUITE_P(AllFunctions, RnnActivationTest,
                         ::testing::Values("Relu", "Tanh", "Sigmoid", "Affine",
                                           "LeakyRelu", "ThresholdedRelu",
                                           "ScaledTanh", "HardSigmoid", "Elu",
                                           "Softsign", "Softplus"));

} // namespace
} // namespace dlc
