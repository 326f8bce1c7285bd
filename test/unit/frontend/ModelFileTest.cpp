//===- ModelFileTest.cpp - Tests of model file reading, validation, saving ===//

#include "dlc/Frontend/ModelFile.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>

namespace dlc {
namespace {

namespace fs = std::filesystem;

/// A small valid model: y = Relu(x·W + b) with a dynamic batch.
constexpr const char *kDenseModel = R"pb(
  format_version: 1
  name: "dense"
  opset_version: 13
  graph {
    inputs {
      name: "x"
      dtype: FLOAT32
      shape { symbol: "batch" }
      shape { size: 2 }
    }
    outputs {
      name: "y"
      dtype: FLOAT32
      shape { symbol: "batch" }
      shape { size: 3 }
    }
    initializers {
      name: "W"
      dtype: FLOAT32
      shape: [ 2, 3 ]
      float_data: [ 1, 2, 3, 4, 5, 6 ]
    }
    initializers { name: "b" dtype: FLOAT32 shape: 3 float_data: [ 0, 0, 1 ] }
    nodes { name: "dense1" op: "MatMul" inputs: "x" inputs: "W" outputs: "h" }
    nodes { name: "bias1" op: "Add" inputs: "h" inputs: "b" outputs: "hb" }
    nodes { name: "relu1" op: "Relu" inputs: "hb" outputs: "y" }
  }
)pb";

proto::Model parseText(const std::string &text) {
  proto::Model model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &model));
  return model;
}

/// The example model of docs/model-format.md: the fenced block that starts
/// with "# mlp.pbtxt", so the documentation cannot drift from what loads.
std::string docsExample() {
  std::ifstream file(DLC_DOCS_DIR "/model-format.md");
  std::stringstream contents;
  contents << file.rdbuf();
  std::string text = contents.str();
  size_t begin = text.find("```protobuf\n# mlp.pbtxt\n");
  EXPECT_NE(begin, std::string::npos) << "example missing from the docs";
  begin = text.find('\n', begin) + 1;
  return text.substr(begin, text.find("```", begin) - begin);
}

class ModelFileTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "dlc-modelfile-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  std::string writeFile(const std::string &name, const std::string &bytes) {
    std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
  }

  fs::path dir_;
};

TEST_F(ModelFileTest, LoadsTheDocumentedExample) {
  std::string path = writeFile("mlp.pbtxt", docsExample());
  Result<proto::Model> model = loadModelFile(path);
  ASSERT_TRUE(model) << model.status().message();
  EXPECT_EQ(model->name(), "mlp");
  EXPECT_EQ(model->opset_version(), 13);
  EXPECT_EQ(model->metadata().at("license"), "CC0-1.0");
  const proto::Graph &graph = model->graph();
  ASSERT_EQ(graph.inputs_size(), 1);
  EXPECT_EQ(graph.inputs(0).shape(0).symbol(), "batch");
  EXPECT_EQ(graph.inputs(0).shape(1).size(), 784);
  EXPECT_EQ(graph.nodes_size(), 8);
  EXPECT_EQ(graph.nodes(7).op(), "Softmax");
  EXPECT_EQ(graph.nodes(7).attributes(0).i(), -1);
  EXPECT_EQ(graph.initializers(2).raw_data(), std::string("\xcd\xcc\xcc\x3d"));
}

TEST_F(ModelFileTest, RoundTripsThroughBinaryAndText) {
  proto::Model original = parseText(kDenseModel);
  (*original.mutable_metadata())["author"] = "test";
  for (const char *name : {"model.pb", "model.pbtxt"}) {
    std::string path = (dir_ / name).string();
    ASSERT_TRUE(saveModelFile(original, path).isOk()) << name;
    Result<proto::Model> loaded = loadModelFile(path);
    ASSERT_TRUE(loaded) << loaded.status().message();
    EXPECT_TRUE(
        google::protobuf::util::MessageDifferencer::Equals(original, *loaded))
        << name;
  }
  // The temporary files of the atomic writes are gone.
  EXPECT_EQ(std::distance(fs::directory_iterator(dir_), {}), 2);
}

TEST_F(ModelFileTest, SaveReplacesAnExistingFile) {
  std::string path = writeFile("model.pb", "old content");
  ASSERT_TRUE(saveModelFile(parseText(kDenseModel), path).isOk());
  EXPECT_TRUE(loadModelFile(path).isOk());
}

TEST_F(ModelFileTest, SaveReportsUnwritableDirectoryAndBadExtension) {
  Status status = saveModelFile(parseText(kDenseModel),
                                (dir_ / "missing" / "model.pb").string());
  EXPECT_NE(status.message().find("No such file or directory"),
            std::string::npos)
      << status.message();
  status = saveModelFile(parseText(kDenseModel), (dir_ / "m.txt").string());
  EXPECT_NE(status.message().find("expected .pbtxt, .pb or .onnx"),
            std::string::npos)
      << status.message();
}

TEST_F(ModelFileTest, SyntaxErrorHasLineAndColumn) {
  // The colon after "inputs" is missing.
  std::string path = writeFile(
      "model.pbtxt", "format_version: 1\nopset_version: 13\n"
                     "graph {\n  nodes { op: \"Relu\" inputs \"x\" }\n}\n");
  Result<proto::Model> model = loadModelFile(path);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.status().message(),
            path + ":4:29: Expected \":\", found \"\"x\"\".");
}

TEST_F(ModelFileTest, TruncatedBinaryIsReported) {
  std::string bytes;
  ASSERT_TRUE(parseText(kDenseModel).SerializeToString(&bytes));
  std::string path = writeFile("model.pb", bytes.substr(0, bytes.size() / 2));
  Result<proto::Model> model = loadModelFile(path);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.status().message(),
            path + ": not a valid dlc model file (truncated or corrupt "
                   "protobuf)");
}

TEST_F(ModelFileTest, MissingFileAndUnknownExtension) {
  std::string missing = (dir_ / "absent.pb").string();
  Result<proto::Model> model = loadModelFile(missing);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.status().message(),
            missing + ": cannot open file: No such file or directory");

  model = loadModelFile(writeFile("model.json", "{}"));
  ASSERT_FALSE(model);
  EXPECT_NE(model.status().message().find(
                "unknown model file extension '.json' (expected .pbtxt, .pb "
                "or .onnx)"),
            std::string::npos)
      << model.status().message();
}

TEST(DescribeNodeTest, UsesTheNameOrTheIndex) {
  proto::Node node;
  node.set_op("Relu");
  EXPECT_EQ(describeNode(node, 3), "node #3 (Relu)");
  node.set_name("act");
  EXPECT_EQ(describeNode(node, 3), "node 'act' (Relu)");
}

/// One broken variant of kDenseModel and the message validateModel gives.
struct ValidationCase {
  const char *name;
  std::function<void(proto::Model &)> breakModel;
  const char *message;
};

std::ostream &operator<<(std::ostream &os, const ValidationCase &c) {
  return os << c.name;
}

class ValidationTest : public ::testing::TestWithParam<ValidationCase> {};

TEST_P(ValidationTest, ReportsTheProblem) {
  proto::Model model = parseText(kDenseModel);
  ASSERT_TRUE(validateModel(model, "model.pbtxt").isOk());
  GetParam().breakModel(model);
  Status status = validateModel(model, "model.pbtxt");
  EXPECT_EQ(status.message(),
            std::string("model.pbtxt: ") + GetParam().message);
}

proto::Graph &graphOf(proto::Model &model) { return *model.mutable_graph(); }
proto::Node &node(proto::Model &model, int index) {
  return *graphOf(model).mutable_nodes(index);
}
/// A subgraph attribute `body` on node `index`, with one Relu of `input`
/// into `output` (an untyped input `v` and output).
proto::Graph &addBody(proto::Model &model, int index, const char *input,
                      const char *output) {
  proto::Attribute &attribute = *node(model, index).add_attributes();
  attribute.set_name("body");
  proto::Graph &body = *attribute.mutable_graph();
  proto::ValueInfo &in = *body.add_inputs();
  in.set_name("v");
  in.set_untyped(true);
  proto::Node &relu = *body.add_nodes();
  relu.set_op("Relu");
  relu.add_inputs(input);
  relu.add_outputs(output);
  proto::ValueInfo &out = *body.add_outputs();
  out.set_name(output);
  out.set_untyped(true);
  return body;
}
proto::Tensor &weight(proto::Model &model) {
  return *graphOf(model).mutable_initializers(0);
}

const ValidationCase kValidationCases[] = {
    {"MissingFormatVersion", [](proto::Model &m) { m.clear_format_version(); },
     "missing format_version (this dlc reads 1)"},
    {"NewerFormatVersion", [](proto::Model &m) { m.set_format_version(2); },
     "format_version 2 is newer than this dlc supports (1)"},
    {"MissingOpset", [](proto::Model &m) { m.clear_opset_version(); },
     "missing opset_version (dlc supports 1..17)"},
    {"OpsetTooNew", [](proto::Model &m) { m.set_opset_version(18); },
     "opset_version 18 is not supported (dlc supports 1..17)"},
    {"OpsetTooOld", [](proto::Model &m) { m.set_opset_version(-1); },
     "opset_version -1 is not supported (dlc supports 1..17)"},
    {"EmptyOp", [](proto::Model &m) { node(m, 1).clear_op(); },
     "node 'bias1': op is empty"},
    {"NoOutputs",
     [](proto::Model &m) {
       node(m, 2).clear_outputs();
       node(m, 2).add_outputs("");
     },
     "node 'relu1' (Relu): has no outputs"},
    {"UndefinedInput",
     [](proto::Model &m) { node(m, 0).set_inputs(1, "W_typo"); },
     "node 'dense1' (MatMul): input 'W_typo' is not defined by a graph input, "
     "an initializer or an earlier node"},
    {"UnnamedNodeUsesIndex",
     [](proto::Model &m) {
       node(m, 0).clear_name();
       node(m, 0).set_inputs(0, "z");
     },
     "node #0 (MatMul): input 'z' is not defined by a graph input, an "
     "initializer or an earlier node"},
    {"NotTopologicallySorted",
     [](proto::Model &m) { graphOf(m).mutable_nodes()->SwapElements(0, 1); },
     "node 'bias1' (Add): input 'h' is defined only by the later node "
     "'dense1' (MatMul); nodes must be in topological order"},
    {"OutputDefinedTwice",
     [](proto::Model &m) { node(m, 1).set_outputs(0, "h"); },
     "node 'bias1' (Add): output 'h' is already defined by node 'dense1' "
     "(MatMul)"},
    {"InitializerShadowsInput",
     [](proto::Model &m) { weight(m).set_name("x"); },
     "initializer 'x': value 'x' is already defined by graph input 'x'"},
    {"SubgraphRedefinesAnOuterValue",
     [](proto::Model &m) { addBody(m, 2, "v", "h"); },
     "node 'relu1' (Relu): attribute 'body': node #0 (Relu): output 'h' is "
     "already defined by node 'dense1' (MatMul)"},
    {"SubgraphValueUsedOutside",
     [](proto::Model &m) {
       addBody(m, 1, "h", "inner");
       node(m, 2).set_inputs(0, "inner");
     },
     "node 'relu1' (Relu): input 'inner' is not defined by a graph input, an "
     "initializer or an earlier node"},
    {"SubgraphReadsALaterValue",
     [](proto::Model &m) { addBody(m, 1, "y", "inner"); },
     "node 'bias1' (Add): attribute 'body': node #0 (Relu): input 'y' is not "
     "defined by a graph input, an initializer or an earlier node"},
    {"UntypedGraphInput",
     [](proto::Model &m) {
       proto::ValueInfo &input = *graphOf(m).mutable_inputs(0);
       input.clear_dtype();
       input.clear_shape();
       input.set_untyped(true);
     },
     "graph input 'x': is untyped, which only a subgraph's inputs and outputs "
     "may be"},
    {"UndefinedGraphOutput",
     [](proto::Model &m) { graphOf(m).mutable_outputs(0)->set_name("out"); },
     "graph output 'out': is not defined by a graph input, an initializer or "
     "a node"},
    {"NoGraphOutputs", [](proto::Model &m) { graphOf(m).clear_outputs(); },
     "graph has no outputs"},
    {"InputWithoutDtype",
     [](proto::Model &m) { graphOf(m).mutable_inputs(0)->clear_dtype(); },
     "graph input 'x': dtype is missing"},
    {"OutputWithoutDtype",
     [](proto::Model &m) { graphOf(m).mutable_outputs(0)->clear_dtype(); },
     "graph output 'y': dtype is missing"},
    {"NegativeInputDim",
     [](proto::Model &m) {
       graphOf(m).mutable_inputs(0)->mutable_shape(1)->set_size(-2);
     },
     "graph input 'x': shape dim 1 is negative (-2)"},
    {"DimWithoutValue",
     [](proto::Model &m) {
       graphOf(m).mutable_inputs(0)->mutable_shape(0)->Clear();
     },
     "graph input 'x': shape dim 0 has neither a size nor a symbol"},
    {"UnnamedInput",
     [](proto::Model &m) { graphOf(m).mutable_inputs(0)->clear_name(); },
     "graph input #0: name is empty"},
    {"FloatDataCount",
     [](proto::Model &m) {
       weight(m).clear_shape();
       weight(m).add_shape(784);
       weight(m).add_shape(512);
     },
     "initializer 'W': float_data has 6 values but shape [784, 512] needs "
     "401408"},
    {"RawDataSize",
     [](proto::Model &m) {
       weight(m).clear_float_data();
       weight(m).set_raw_data(std::string(20, '\0'));
     },
     "initializer 'W': raw_data has 20 bytes but shape [2, 3] needs 24"},
    {"NegativeTensorDim", [](proto::Model &m) { weight(m).set_shape(0, -2); },
     "initializer 'W': shape [-2, 3] has a negative dimension"},
    {"TensorWithoutDtype", [](proto::Model &m) { weight(m).clear_dtype(); },
     "initializer 'W': dtype is missing"},
    {"TensorFieldMismatch",
     [](proto::Model &m) { weight(m).set_dtype(proto::INT64); },
     "initializer 'W': float_data is set but dtype is INT64"},
    {"UnnamedInitializer", [](proto::Model &m) { weight(m).clear_name(); },
     "initializer #0: name is empty"},
    {"AttributeWithoutValue",
     [](proto::Model &m) { node(m, 2).add_attributes()->set_name("alpha"); },
     "node 'relu1' (Relu): attribute 'alpha' has no value"},
    {"AttributeTwice",
     [](proto::Model &m) {
       for (int i = 0; i < 2; ++i) {
         proto::Attribute &attribute = *node(m, 2).add_attributes();
         attribute.set_name("alpha");
         attribute.set_f(0.5f);
       }
     },
     "node 'relu1' (Relu): attribute 'alpha' is given twice"},
    {"AttributeTensorData",
     [](proto::Model &m) {
       proto::Attribute &attribute = *node(m, 2).add_attributes();
       attribute.set_name("value");
       attribute.mutable_tensor()->set_dtype(proto::INT8);
       attribute.mutable_tensor()->add_int_data(300);
     },
     "node 'relu1' (Relu): attribute 'value': int_data value 300 (index 0) "
     "does not fit in int8"},
};

INSTANTIATE_TEST_SUITE_P(
    ModelFile, ValidationTest, ::testing::ValuesIn(kValidationCases),
    [](const ::testing::TestParamInfo<ValidationCase> &info) {
      return std::string(info.param.name);
    });

} // namespace
} // namespace dlc
