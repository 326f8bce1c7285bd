//===- DlcToOnnxTest.cpp - Tests of the dlc to ONNX model conversion ------===//

#include "dlc/Frontend/DlcToOnnx.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/OnnxToDlc.h"
#include "dlc/Frontend/TensorData.h"

#include <google/protobuf/text_format.h>
#include <google/protobuf/util/message_differencer.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <functional>

namespace dlc {
namespace {

namespace fs = std::filesystem;
using google::protobuf::util::MessageDifferencer;

/// A model using every part of the format ONNX export has to carry: every
/// attribute kind, symbolic and unknown dims, a scalar output, doc strings,
/// metadata and a training section. The tensors are added by fullModel(), in
/// raw_data, the one form dlc writes (and so reads back from ONNX).
constexpr const char *kFullModel = R"pb(
  format_version: 1
  name: "everything"
  producer: "unit-test 1.0"
  opset_version: 13
  metadata { key: "license" value: "CC0-1.0" }
  metadata { key: "author" value: "dlc" }
  graph {
    inputs {
      name: "x"
      dtype: FLOAT32
      shape { symbol: "batch" }
      shape { symbol: "?" }
      shape { size: 4 }
      doc: "the features"
    }
    inputs { name: "flag" dtype: BOOL }
    outputs {
      name: "y"
      dtype: FLOAT32
      shape { symbol: "batch" }
      shape { size: 4 }
    }
    outputs { name: "count" dtype: INT64 }
    nodes {
      name: "n0"
      op: "Custom"
      inputs: [ "x", "", "w" ]
      outputs: [ "y", "" ]
      doc: "uses every attribute kind"
      attributes { name: "i" i: -3 }
      attributes { name: "zero" i: 0 }
      attributes { name: "f" f: 0.25 }
      attributes { name: "s" s: "SAME_UPPER" }
      attributes { name: "is" ints { values: [ 1, 2, 3 ] } }
      attributes { name: "fs" floats { values: [ 0.5, -1.5 ] } }
      attributes { name: "ss" strings { values: [ "a", "", "c" ] } }
      attributes { name: "empty_list" ints {} }
    }
    nodes { op: "Size" inputs: "y" outputs: "count" }
  }
  training {
    loss { name: "categorical_crossentropy" from_logits: true output: "y" }
    optimizer { name: "sgd" learning_rate: 0.05 momentum: 0.9 nesterov: true }
    metrics: [ "accuracy", "mae" ]
    regularizers { parameter: "w" l2: 0.001 }
    epochs: 3
    batch_size: 32
    validation_split: 0.2
  }
)pb";

proto::Model parseText(const std::string &text) {
  proto::Model model;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &model));
  return model;
}

template <typename T>
proto::Tensor rawTensor(DType dtype, const std::vector<int64_t> &shape,
                        const std::vector<T> &values, const std::string &name) {
  Tensor tensor(dtype, shape);
  std::copy(values.begin(), values.end(), tensor.typed<T>());
  return tensorToProto(tensor, name).value();
}

proto::Model fullModel() {
  proto::Model model = parseText(kFullModel);
  proto::Graph &graph = *model.mutable_graph();
  *graph.add_initializers() =
      rawTensor<float>(DType::Float32, {2, 2}, {1, -2, 3.5f, 4}, "w");
  *graph.add_initializers() =
      rawTensor<int64_t>(DType::Int64, {2}, {-1, 1LL << 40}, "shape");
  *graph.add_initializers() = rawTensor<uint8_t>(DType::Bool, {}, {1}, "yes");
  *graph.add_initializers() =
      rawTensor<double>(DType::Float64, {0}, {}, "none");
  proto::Attribute &tensor = *graph.mutable_nodes(0)->add_attributes();
  tensor.set_name("t");
  *tensor.mutable_tensor() =
      rawTensor<int8_t>(DType::Int8, {3}, {-128, 0, 127}, "");
  return model;
}

class DlcToOnnxTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern =
        (fs::temp_directory_path() / "dlc-dlctoonnx-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { fs::remove_all(dir_); }

  /// Saves `model` as .onnx and loads it back, as `dlc convert` does.
  Result<proto::Model> roundTrip(const proto::Model &model) {
    std::string path = (dir_ / "model.onnx").string();
    DLC_RETURN_IF_ERROR(saveModelFile(model, path));
    return loadModelFile(path);
  }

  fs::path dir_;
};

TEST_F(DlcToOnnxTest, RoundTripIsLossless) {
  proto::Model original = fullModel();
  ASSERT_TRUE(validateModel(original, "m").isOk());
  Result<proto::Model> loaded = roundTrip(original);
  ASSERT_TRUE(loaded) << loaded.status().message();
  std::string differences;
  MessageDifferencer differencer;
  differencer.ReportDifferencesToString(&differences);
  EXPECT_TRUE(differencer.Compare(original, *loaded)) << differences;
}

TEST_F(DlcToOnnxTest, WritesTheOnnxFields) {
  Result<onnx::ModelProto> onnx = convertToOnnx(fullModel(), "m.onnx");
  ASSERT_TRUE(onnx) << onnx.status().message();
  EXPECT_EQ(onnx->ir_version(), 7); // The IR version of opset 13.
  ASSERT_EQ(onnx->opset_import_size(), 1);
  EXPECT_EQ(onnx->opset_import(0).domain(), "");
  EXPECT_EQ(onnx->opset_import(0).version(), 13);
  EXPECT_EQ(onnx->producer_name(), "dlc");

  // Sorted by key; the dlc.* entries hold what ONNX has no field for.
  std::vector<std::string> keys;
  for (const onnx::StringStringEntryProto &entry : onnx->metadata_props())
    keys.push_back(entry.key());
  EXPECT_EQ(keys, (std::vector<std::string>{"author", "dlc.producer",
                                            "dlc.training", "license"}));
  EXPECT_EQ(onnx->metadata_props(1).value(), "unit-test 1.0");
  EXPECT_NE(onnx->metadata_props(2).value().find(
                "name: \"categorical_crossentropy\""),
            std::string::npos);

  const onnx::GraphProto &graph = onnx->graph();
  EXPECT_EQ(graph.name(), "everything");
  // IR version 7 does not list the initializers among the inputs.
  ASSERT_EQ(graph.input_size(), 2);
  const onnx::TypeProto::Tensor &x = graph.input(0).type().tensor_type();
  EXPECT_EQ(x.elem_type(), onnx::TensorProto::FLOAT);
  ASSERT_EQ(x.shape().dim_size(), 3);
  EXPECT_EQ(x.shape().dim(0).dim_param(), "batch");
  EXPECT_EQ(x.shape().dim(1).value_case(),
            onnx::TensorShapeProto::Dimension::VALUE_NOT_SET);
  EXPECT_EQ(x.shape().dim(2).dim_value(), 4);
  // A scalar has a shape without dims, not a missing shape.
  const onnx::TypeProto::Tensor &flag = graph.input(1).type().tensor_type();
  EXPECT_EQ(flag.elem_type(), onnx::TensorProto::BOOL);
  EXPECT_TRUE(flag.has_shape());
  EXPECT_EQ(flag.shape().dim_size(), 0);

  ASSERT_EQ(graph.initializer_size(), 4);
  const onnx::TensorProto &shape = graph.initializer(1);
  EXPECT_EQ(shape.data_type(), onnx::TensorProto::INT64);
  EXPECT_EQ(shape.raw_data().size(), 16u);
  EXPECT_TRUE(graph.initializer(3).has_raw_data());

  const onnx::NodeProto &node = graph.node(0);
  EXPECT_EQ(node.op_type(), "Custom");
  EXPECT_EQ(node.domain(), "");
  std::vector<onnx::AttributeProto::AttributeType> types;
  for (const onnx::AttributeProto &attribute : node.attribute())
    types.push_back(attribute.type());
  using A = onnx::AttributeProto;
  EXPECT_EQ(types, (std::vector<A::AttributeType>{
                       A::INT, A::INT, A::FLOAT, A::STRING, A::INTS, A::FLOATS,
                       A::STRINGS, A::INTS, A::TENSOR}));
  EXPECT_EQ(node.attribute(8).t().data_type(), onnx::TensorProto::INT8);
  EXPECT_FALSE(graph.node(1).has_name());
}

TEST_F(DlcToOnnxTest, TypedTensorDataBecomesRawData) {
  proto::Model model = fullModel();
  proto::Tensor &w = *model.mutable_graph()->mutable_initializers(0);
  w.clear_raw_data();
  for (float value : {1.0f, -2.0f, 3.5f, 4.0f})
    w.add_float_data(value);
  Result<proto::Model> loaded = roundTrip(model);
  ASSERT_TRUE(loaded) << loaded.status().message();
  // Same values, in the form dlc writes.
  EXPECT_TRUE(MessageDifferencer::Equals(fullModel(), *loaded));
}

TEST_F(DlcToOnnxTest, IrVersion3ListsInitializersAsInputs) {
  proto::Model model = fullModel();
  model.set_opset_version(8);
  Result<onnx::ModelProto> onnx = convertToOnnx(model, "m.onnx");
  ASSERT_TRUE(onnx) << onnx.status().message();
  EXPECT_EQ(onnx->ir_version(), 3);
  const onnx::GraphProto &graph = onnx->graph();
  ASSERT_EQ(graph.input_size(), 6);
  EXPECT_EQ(graph.input(2).name(), "w");
  EXPECT_EQ(graph.input(2).type().tensor_type().shape().dim(1).dim_value(), 2);
  // Import drops them again.
  Result<proto::Model> loaded = roundTrip(model);
  ASSERT_TRUE(loaded) << loaded.status().message();
  EXPECT_TRUE(MessageDifferencer::Equals(model, *loaded));
}

TEST_F(DlcToOnnxTest, UnnamedModelGetsAGraphName) {
  proto::Model model = fullModel();
  model.clear_name();
  Result<onnx::ModelProto> onnx = convertToOnnx(model, "m.onnx");
  ASSERT_TRUE(onnx) << onnx.status().message();
  EXPECT_EQ(onnx->graph().name(), "main");
}

TEST_F(DlcToOnnxTest, ModelWithoutTrainingHasNoTrainingKey) {
  proto::Model model = fullModel();
  model.clear_training();
  Result<onnx::ModelProto> onnx = convertToOnnx(model, "m.onnx");
  ASSERT_TRUE(onnx) << onnx.status().message();
  for (const onnx::StringStringEntryProto &entry : onnx->metadata_props())
    EXPECT_NE(entry.key(), "dlc.training");
  Result<proto::Model> loaded = roundTrip(model);
  ASSERT_TRUE(loaded) << loaded.status().message();
  EXPECT_FALSE(loaded->has_training());
}

/// Applies `edit` to fullModel() and returns the conversion error.
std::string exportError(const std::function<void(proto::Model &)> &edit) {
  proto::Model model = fullModel();
  edit(model);
  Result<onnx::ModelProto> onnx = convertToOnnx(model, "m.onnx");
  return onnx ? "no error" : onnx.status().message();
}

TEST_F(DlcToOnnxTest, RejectsInvalidModels) {
  // Conversion validates first, so the messages are validateModel's.
  EXPECT_EQ(exportError([](proto::Model &m) {
              m.mutable_graph()->mutable_inputs(1)->clear_dtype();
            }),
            "m.onnx: graph input 'flag': dtype is missing");
  EXPECT_EQ(exportError([](proto::Model &m) {
              m.mutable_graph()
                  ->mutable_nodes(0)
                  ->mutable_attributes(2)
                  ->clear_value();
            }),
            "m.onnx: node 'n0' (Custom): attribute 'f' has no value");
  EXPECT_EQ(exportError([](proto::Model &m) {
              m.mutable_graph()
                  ->mutable_initializers(0)
                  ->mutable_raw_data()
                  ->pop_back();
            }),
            "m.onnx: initializer 'w': raw_data has 15 bytes but shape [2, 2] "
            "needs 16");
}

TEST_F(DlcToOnnxTest, RejectsReservedMetadataKeys) {
  EXPECT_EQ(exportError([](proto::Model &m) {
              (*m.mutable_metadata())["dlc.training"] = "epochs: 1";
            }),
            "m.onnx: metadata key 'dlc.training' is reserved: ONNX export "
            "stores a field of the model under it");
  // Saving fails the same way and leaves no file behind.
  proto::Model model = fullModel();
  (*model.mutable_metadata())["dlc.producer"] = "me";
  std::string path = (dir_ / "model.onnx").string();
  Status status = saveModelFile(model, path);
  EXPECT_EQ(status.message(),
            path + ": metadata key 'dlc.producer' is reserved: ONNX export "
                   "stores a field of the model under it");
  EXPECT_FALSE(fs::exists(path));
}

TEST_F(DlcToOnnxTest, ImportReportsABadTrainingSection) {
  Result<onnx::ModelProto> onnx = convertToOnnx(fullModel(), "m.onnx");
  ASSERT_TRUE(onnx) << onnx.status().message();
  for (onnx::StringStringEntryProto &entry : *onnx->mutable_metadata_props())
    if (entry.key() == "dlc.training")
      entry.set_value("epochs: 3\nloss { nme: \"mse\" }");
  Result<proto::Model> model = convertOnnxModel(*onnx, "m.onnx");
  ASSERT_FALSE(model);
  EXPECT_EQ(model.status().message(),
            "m.onnx: metadata_props 'dlc.training': 2:11: Message type "
            "\"dlc.proto.Loss\" has no field named \"nme\".");
}

} // namespace
} // namespace dlc
