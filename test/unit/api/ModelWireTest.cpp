//===- ModelWireTest.cpp - Model weights without protobuf, against it -----===//
//
// dlc/Runtime/ModelWire.h reads and writes the weights of model files (dlc's
// and ONNX's) without protobuf; these tests hold it to what protobuf itself
// writes and reads.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/ModelWire.h"

#include "dlc/Frontend/DlcToOnnx.h"
#include "dlc/proto/model.pb.h"

#include <gtest/gtest.h>

namespace dlc {
namespace {

proto::Model modelWithInitializers() {
  proto::Model model;
  model.set_name("wire");
  (*model.mutable_metadata())["author"] = "test";
  proto::Graph &graph = *model.mutable_graph();
  graph.add_inputs()->set_name("x");
  proto::Tensor &raw = *graph.add_initializers();
  raw.set_name("raw");
  raw.set_dtype(proto::FLOAT32);
  raw.add_shape(2);
  raw.add_shape(2);
  float values[] = {1.5f, -2.0f, 3.25f, 0.0f};
  raw.set_raw_data(values, sizeof(values));
  proto::Tensor &floats = *graph.add_initializers();
  floats.set_name("floats");
  floats.set_dtype(proto::FLOAT32);
  floats.add_shape(3);
  for (float value : {0.5f, 0.25f, -1.0f})
    floats.add_float_data(value);
  proto::Tensor &ints = *graph.add_initializers();
  ints.set_name("ints");
  ints.set_dtype(proto::INT64);
  ints.add_shape(2);
  ints.add_int_data(-7);
  ints.add_int_data(300);
  proto::Tensor &scalar = *graph.add_initializers();
  scalar.set_name("scalar");
  scalar.set_dtype(proto::FLOAT64);
  scalar.add_double_data(2.5);
  return model;
}

TEST(ModelWireTest, DecodesWhatProtobufWrites) {
  std::string bytes = modelWithInitializers().SerializeAsString();
  Result<ModelWeights> weights = decodeModelWeights(bytes, "m.pb");
  ASSERT_TRUE(weights) << weights.status().message();
  ASSERT_EQ(weights->initializers.size(), 4u);
  const Tensor &raw = weights->initializers[0].tensor;
  EXPECT_EQ(weights->initializers[0].name, "raw");
  EXPECT_EQ(raw.shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(raw.typed<float>()[2], 3.25f);
  EXPECT_EQ(weights->initializers[1].tensor.typed<float>()[2], -1.0f);
  const Tensor &ints = weights->initializers[2].tensor;
  EXPECT_EQ(ints.dtype(), DType::Int64);
  EXPECT_EQ(ints.typed<int64_t>()[0], -7);
  EXPECT_EQ(ints.typed<int64_t>()[1], 300);
  const Tensor &scalar = weights->initializers[3].tensor;
  EXPECT_EQ(scalar.rank(), 0);
  EXPECT_EQ(scalar.typed<double>()[0], 2.5);
  EXPECT_EQ(weights->metadata.at("author"), "test");
}

TEST(ModelWireTest, AppendedWeightsAreWhatProtobufReads) {
  proto::Model model = modelWithInitializers();
  Tensor trained = Tensor::fromFloats({3}, {9.0f, 8.0f, 7.0f});
  std::string bytes = appendModelWeights(
      model.SerializeAsString(), {{"extra", trained}},
      {{"author", "trainer"}, {"dlc.checkpoint.iteration", "12"}});
  proto::Model parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  // The second graph merges into the first: its nodes and inputs stay.
  EXPECT_EQ(parsed.name(), "wire");
  EXPECT_EQ(parsed.graph().inputs_size(), 1);
  ASSERT_EQ(parsed.graph().initializers_size(), 5);
  const proto::Tensor &extra = parsed.graph().initializers(4);
  EXPECT_EQ(extra.name(), "extra");
  EXPECT_EQ(extra.dtype(), proto::FLOAT32);
  ASSERT_EQ(extra.shape_size(), 1);
  EXPECT_EQ(extra.shape(0), 3);
  ASSERT_EQ(extra.raw_data().size(), 12u);
  EXPECT_EQ(std::memcmp(extra.raw_data().data(), trained.data(), 12), 0);
  // A later map entry wins.
  EXPECT_EQ(parsed.metadata().at("author"), "trainer");
  EXPECT_EQ(parsed.metadata().at("dlc.checkpoint.iteration"), "12");

  Result<ModelWeights> decoded = decodeModelWeights(bytes, "m.pb");
  ASSERT_TRUE(decoded) << decoded.status().message();
  EXPECT_EQ(decoded->initializers.back().tensor.typed<float>()[1], 8.0f);
  EXPECT_EQ(decoded->metadata.at("author"), "trainer");
}

TEST(ModelWireTest, OnnxWeightsAreWhatProtobufReads) {
  onnx::ModelProto model;
  model.set_ir_version(7);
  model.mutable_graph()->set_name("g");
  *model.mutable_graph()->add_initializer() =
      tensorToOnnx(Tensor::fromFloats({2}, {1.0f, 2.0f}), "kept");
  Tensor trained = Tensor::fromFloats({2, 2}, {9.0f, 8.0f, 7.0f, 6.0f});
  std::string bytes = appendModelWeights(model.SerializeAsString(),
                                         {{"trained", trained}},
                                         {{"step", "3"}}, ModelFormat::Onnx);
  onnx::ModelProto parsed;
  ASSERT_TRUE(parsed.ParseFromString(bytes));
  EXPECT_EQ(parsed.graph().name(), "g");
  ASSERT_EQ(parsed.graph().initializer_size(), 2);
  const onnx::TensorProto &appended = parsed.graph().initializer(1);
  EXPECT_EQ(appended.name(), "trained");
  EXPECT_EQ(appended.data_type(), onnx::TensorProto::FLOAT);
  ASSERT_EQ(appended.dims_size(), 2);
  EXPECT_EQ(appended.raw_data().size(), 16u);
  ASSERT_EQ(parsed.metadata_props_size(), 1);
  EXPECT_EQ(parsed.metadata_props(0).key(), "step");

  Result<ModelWeights> decoded =
      decodeModelWeights(bytes, "m.onnx", ModelFormat::Onnx);
  ASSERT_TRUE(decoded) << decoded.status().message();
  ASSERT_EQ(decoded->initializers.size(), 2u);
  EXPECT_EQ(decoded->initializers[0].name, "kept");
  EXPECT_EQ(decoded->initializers[1].tensor.typed<float>()[3], 6.0f);
  EXPECT_EQ(decoded->metadata.at("step"), "3");
}

TEST(ModelWireTest, MalformedBytesAreAnError) {
  std::string bytes = modelWithInitializers().SerializeAsString();
  Result<ModelWeights> truncated =
      decodeModelWeights(std::string_view(bytes).substr(0, bytes.size() - 3),
                         "cut.pb");
  ASSERT_FALSE(truncated);
  EXPECT_NE(truncated.status().message().find("cut.pb"), std::string::npos);

  proto::Model model = modelWithInitializers();
  model.mutable_graph()->mutable_initializers(1)->add_float_data(4.0f);
  Result<ModelWeights> extraValue =
      decodeModelWeights(model.SerializeAsString(), "m.pb");
  ASSERT_FALSE(extraValue);
  EXPECT_NE(extraValue.status().message().find("'floats' has 4 values"),
            std::string::npos)
      << extraValue.status().message();
}

} // namespace
} // namespace dlc
