//===- OnnxToDlcTest.cpp - Tests of the ONNX to dlc model conversion ------===//

#include "dlc/Frontend/OnnxToDlc.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

namespace dlc {
namespace {

std::vector<int64_t> ints(const proto::Attribute &attribute) {
  return {attribute.ints().values().begin(), attribute.ints().values().end()};
}

TEST(OnnxToDlcTest, ConvertsTheReluBackendTest) {
  std::string path = DLC_ONNX_TESTDATA_DIR "/test_relu/model.onnx";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << "ONNX backend test data not installed";
  Result<proto::Model> model = loadModelFile(path);
  ASSERT_TRUE(model) << model.status().message();
  EXPECT_EQ(model->format_version(), 1);
  EXPECT_EQ(model->opset_version(), 14);
  EXPECT_EQ(model->producer(), "backend-test");
  EXPECT_EQ(model->name(), "test_relu");
  const proto::Graph &graph = model->graph();
  ASSERT_EQ(graph.inputs_size(), 1);
  EXPECT_EQ(graph.inputs(0).name(), "x");
  EXPECT_EQ(graph.inputs(0).dtype(), proto::FLOAT32);
  ASSERT_EQ(graph.inputs(0).shape_size(), 3);
  EXPECT_EQ(graph.inputs(0).shape(0).size(), 3);
  EXPECT_EQ(graph.inputs(0).shape(2).size(), 5);
  ASSERT_EQ(graph.outputs_size(), 1);
  EXPECT_EQ(graph.outputs(0).name(), "y");
  ASSERT_EQ(graph.nodes_size(), 1);
  EXPECT_EQ(graph.nodes(0).op(), "Relu");
  EXPECT_EQ(graph.nodes(0).inputs(0), "x");
  EXPECT_EQ(graph.nodes(0).outputs(0), "y");
}

TEST(OnnxToDlcTest, ConvertsTheConvBackendTest) {
  std::string path =
      DLC_ONNX_TESTDATA_DIR "/test_conv_with_strides_padding/model.onnx";
  if (!std::filesystem::exists(path))
    GTEST_SKIP() << "ONNX backend test data not installed";
  Result<proto::Model> model = loadModelFile(path);
  ASSERT_TRUE(model) << model.status().message();
  const proto::Graph &graph = model->graph();
  ASSERT_EQ(graph.inputs_size(), 2);
  EXPECT_EQ(graph.inputs(1).name(), "W");
  ASSERT_EQ(graph.nodes_size(), 1);
  const proto::Node &conv = graph.nodes(0);
  EXPECT_EQ(conv.op(), "Conv");
  ASSERT_EQ(conv.attributes_size(), 3);
  EXPECT_EQ(conv.attributes(0).name(), "kernel_shape");
  EXPECT_EQ(ints(conv.attributes(0)), (std::vector<int64_t>{3, 3}));
  EXPECT_EQ(conv.attributes(1).name(), "pads");
  EXPECT_EQ(ints(conv.attributes(1)), (std::vector<int64_t>{1, 1, 1, 1}));
  EXPECT_EQ(conv.attributes(2).name(), "strides");
  EXPECT_EQ(ints(conv.attributes(2)), (std::vector<int64_t>{2, 2}));
}

onnx::ModelProto parseOnnx(const std::string &text) {
  onnx::ModelProto model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &model));
  return model;
}

/// A hand-made ONNX model exercising what the backend tests do not: weights
/// listed as inputs, symbolic and unknown dims, every attribute kind.
constexpr const char *kOnnxModel = R"pb(
  ir_version: 8
  producer_name: "unit-test"
  producer_version: "1.0"
  opset_import { domain: "" version: 13 }
  opset_import { domain: "ai.onnx.ml" version: 3 }
  metadata_props { key: "author" value: "dlc" }
  graph {
    name: "g"
    initializer {
      name: "W"
      data_type: 1
      dims: [ 2, 2 ]
      float_data: [ 1, 2, 3, 4 ]
    }
    initializer { name: "k" data_type: 3 dims: 2 int32_data: [ -1, 7 ] }
    input {
      name: "x"
      type {
        tensor_type {
          elem_type: 1
          shape {
            dim { dim_param: "N" }
            dim {}
          }
        }
      }
    }
    input {
      name: "W"
      type {
        tensor_type {
          elem_type: 1
          shape {
            dim { dim_value: 2 }
            dim { dim_value: 2 }
          }
        }
      }
    }
    output {
      name: "y"
      type { tensor_type { elem_type: 1 shape { dim { dim_param: "N" } } } }
    }
    node {
      name: "n0"
      op_type: "MatMul"
      input: [ "x", "W" ]
      output: "y"
      doc_string: "multiply"
      attribute { name: "i" type: INT i: 4 }
      attribute { name: "f" type: FLOAT f: 0.5 }
      attribute { name: "s" type: STRING s: "text" }
      attribute { name: "is" type: INTS ints: [ 1, 2 ] }
      attribute { name: "fs" type: FLOATS floats: [ 1.5, 2.5 ] }
      attribute { name: "ss" type: STRINGS strings: [ "a", "b" ] }
      attribute {
        name: "t"
        type: TENSOR
        t { data_type: 7 dims: 1 int64_data: 9 }
      }
    }
  }
)pb";

TEST(OnnxToDlcTest, ConvertsEveryField) {
  Result<proto::Model> model = convertOnnxModel(parseOnnx(kOnnxModel), "m");
  ASSERT_TRUE(model) << model.status().message();
  EXPECT_EQ(model->opset_version(), 13);
  EXPECT_EQ(model->producer(), "unit-test 1.0");
  EXPECT_EQ(model->name(), "g");
  EXPECT_EQ(model->metadata().at("author"), "dlc");

  const proto::Graph &graph = model->graph();
  // "W" is an initializer, so it is no graph input in dlc.
  ASSERT_EQ(graph.inputs_size(), 1);
  const proto::ValueInfo &x = graph.inputs(0);
  EXPECT_EQ(x.shape(0).symbol(), "N");
  EXPECT_EQ(x.shape(1).symbol(), "?");

  ASSERT_EQ(graph.initializers_size(), 2);
  Result<Tensor> weight = tensorFromProto(graph.initializers(0));
  ASSERT_TRUE(weight) << weight.status().message();
  EXPECT_EQ(graph.initializers(0).raw_data().size(), 16u);
  EXPECT_EQ(weight->shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(weight->typed<float>()[3], 4.0f);
  Result<Tensor> k = tensorFromProto(graph.initializers(1));
  ASSERT_TRUE(k) << k.status().message();
  EXPECT_EQ(k->dtype(), DType::Int8);
  EXPECT_EQ(k->typed<int8_t>()[0], -1);

  const proto::Node &node = graph.nodes(0);
  EXPECT_EQ(node.doc(), "multiply");
  ASSERT_EQ(node.attributes_size(), 7);
  EXPECT_EQ(node.attributes(0).i(), 4);
  EXPECT_EQ(node.attributes(1).f(), 0.5f);
  EXPECT_EQ(node.attributes(2).s(), "text");
  EXPECT_EQ(ints(node.attributes(3)), (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(node.attributes(4).floats().values(1), 2.5f);
  EXPECT_EQ(node.attributes(5).strings().values(1), "b");
  const proto::Tensor &tensor = node.attributes(6).tensor();
  EXPECT_EQ(tensor.dtype(), proto::INT64);
  EXPECT_EQ(tensor.raw_data().size(), 8u);

  EXPECT_TRUE(validateModel(*model, "m").isOk());
}

/// Applies `edit` to kOnnxModel and returns the conversion error.
std::string
conversionError(const std::function<void(onnx::ModelProto &)> &edit) {
  onnx::ModelProto onnx = parseOnnx(kOnnxModel);
  edit(onnx);
  Result<proto::Model> model = convertOnnxModel(onnx, "m.onnx");
  return model ? "no error" : model.status().message();
}

TEST(OnnxToDlcTest, RejectsOtherDomains) {
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_graph()->mutable_node(0)->set_domain("com.microsoft");
            }),
            "m.onnx: node 'n0' (com.microsoft.MatMul): domain 'com.microsoft' "
            "is not supported (only the default ONNX domain and "
            "ai.onnx.preview.training are)");
}

TEST(OnnxToDlcTest, RejectsGraphListAttributes) {
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              onnx::AttributeProto &attribute =
                  *m.mutable_graph()->mutable_node(0)->add_attribute();
              attribute.set_name("bodies");
              attribute.set_type(onnx::AttributeProto::GRAPHS);
            }),
            "m.onnx: node 'n0' (MatMul): attribute 'bodies' has type GRAPHS, "
            "which dlc does not support");
}

/// The model with a GRAPH attribute `body` on its node: one Relu, whose
/// input `x` has no type.
onnx::ModelProto withSubgraph() {
  onnx::ModelProto onnx = parseOnnx(kOnnxModel);
  onnx::AttributeProto &attribute =
      *onnx.mutable_graph()->mutable_node(0)->add_attribute();
  attribute.set_name("body");
  attribute.set_type(onnx::AttributeProto::GRAPH);
  onnx::GraphProto &body = *attribute.mutable_g();
  body.add_input()->set_name("v");
  body.add_output()->set_name("r");
  onnx::NodeProto &relu = *body.add_node();
  relu.set_name("inner");
  relu.set_op_type("Relu");
  relu.add_input("v");
  relu.add_output("r");
  return onnx;
}

TEST(OnnxToDlcTest, ConvertsSubgraphsWithUntypedValues) {
  Result<proto::Model> model = convertOnnxModel(withSubgraph(), "m.onnx");
  ASSERT_TRUE(model) << model.status().message();
  const proto::Node &node = model->graph().nodes(0);
  const proto::Attribute &attribute =
      node.attributes(node.attributes_size() - 1);
  ASSERT_TRUE(attribute.has_graph());
  const proto::Graph &body = attribute.graph();
  ASSERT_EQ(body.inputs_size(), 1);
  EXPECT_TRUE(body.inputs(0).untyped());
  EXPECT_EQ(body.nodes(0).op(), "Relu");
}

TEST(OnnxToDlcTest, NamesTheSubgraphOfAnError) {
  onnx::ModelProto onnx = withSubgraph();
  onnx::NodeProto &node = *onnx.mutable_graph()->mutable_node(0);
  node.mutable_attribute(node.attribute_size() - 1)
      ->mutable_g()
      ->mutable_node(0)
      ->set_domain("com.microsoft");
  Result<proto::Model> model = convertOnnxModel(onnx, "m.onnx");
  ASSERT_FALSE(model);
  EXPECT_EQ(model.status().message(),
            "m.onnx: node 'n0' (MatMul): attribute 'body': node 'inner' "
            "(com.microsoft.Relu): domain 'com.microsoft' is not supported "
            "(only the default ONNX domain and ai.onnx.preview.training are)");
}

TEST(OnnxToDlcTest, RejectsUnsupportedElementTypes) {
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_graph()->mutable_initializer(0)->set_data_type(
                  onnx::TensorProto::COMPLEX64);
            }),
            "m.onnx: initializer 'W': tensor 'W': element type COMPLEX64 is "
            "not supported (dlc supports FLOAT, DOUBLE, FLOAT16, BFLOAT16, "
            "INT8 to INT64, UINT8 to UINT64 and BOOL)");
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_graph()
                  ->mutable_output(0)
                  ->mutable_type()
                  ->mutable_tensor_type()
                  ->set_elem_type(onnx::TensorProto::STRING);
            }),
            "m.onnx: graph output 'y': element type STRING is not supported "
            "(dlc supports FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8 to INT64, "
            "UINT8 to UINT64 and BOOL)");
}

TEST(OnnxToDlcTest, RejectsExternalData) {
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_graph()->mutable_initializer(0)->set_data_location(
                  onnx::TensorProto::EXTERNAL);
            }),
            "m.onnx: initializer 'W': tensor 'W': external data is not "
            "supported; save the ONNX model with its weights inside");
}

TEST(OnnxToDlcTest, RejectsNonTensorValues) {
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_graph()
                  ->mutable_input(0)
                  ->mutable_type()
                  ->mutable_sequence_type();
            }),
            "m.onnx: graph input 'x': type is a sequence; dlc supports only "
            "tensors");
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_graph()
                  ->mutable_input(0)
                  ->mutable_type()
                  ->mutable_tensor_type()
                  ->clear_shape();
            }),
            "m.onnx: graph input 'x': has no shape; dlc needs the rank of "
            "every graph input and output");
}

TEST(OnnxToDlcTest, RequiresADefaultDomainOpset) {
  EXPECT_EQ(conversionError([](onnx::ModelProto &m) {
              m.mutable_opset_import()->DeleteSubrange(0, 1);
            }),
            "m.onnx: the model imports no default-domain ONNX opset");
}

TEST(OnnxToDlcTest, TruncatedOnnxFileIsReported) {
  std::string bytes;
  ASSERT_TRUE(parseOnnx(kOnnxModel).SerializeToString(&bytes));
  std::string path =
      (std::filesystem::temp_directory_path() / "dlc-truncated-test.onnx")
          .string();
  std::ofstream(path, std::ios::binary) << bytes.substr(0, bytes.size() - 5);
  Result<proto::Model> model = loadModelFile(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(model);
  EXPECT_EQ(model.status().message(),
            path + ": not a valid ONNX model file (truncated or corrupt "
                   "protobuf)");
}

} // namespace
} // namespace dlc
