//===- TensorDataTest.cpp - Tests of tensor decoding and tensor files -----===//

#include "dlc/Frontend/TensorData.h"
#include "dlc/Frontend/OnnxToDlc.h"
#include "dlc/Runtime/Npy.h"

#include <google/protobuf/text_format.h>
#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

namespace dlc {
namespace {

proto::Tensor parseTensor(const std::string &text) {
  proto::Tensor tensor;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &tensor));
  return tensor;
}

std::string decodeError(const std::string &text) {
  Result<Tensor> tensor = tensorFromProto(parseTensor(text));
  return tensor ? "no error" : tensor.status().message();
}

TEST(TensorDataTest, DecodesTypedFields) {
  Result<Tensor> floats = tensorFromProto(
      parseTensor("dtype: FLOAT32 shape: [2, 2] float_data: [1, 2, 3, 4]"));
  ASSERT_TRUE(floats) << floats.status().message();
  EXPECT_EQ(floats->shape(), (std::vector<int64_t>{2, 2}));
  EXPECT_EQ(floats->typed<float>()[3], 4.0f);

  Result<Tensor> doubles =
      tensorFromProto(parseTensor("dtype: FLOAT64 double_data: 2.5"));
  ASSERT_TRUE(doubles) << doubles.status().message();
  EXPECT_EQ(doubles->rank(), 0);
  EXPECT_EQ(doubles->typed<double>()[0], 2.5);

  Result<Tensor> int8s = tensorFromProto(
      parseTensor("dtype: INT8 shape: 3 int_data: [-128, 0, 127]"));
  ASSERT_TRUE(int8s) << int8s.status().message();
  EXPECT_EQ(int8s->typed<int8_t>()[0], -128);
  EXPECT_EQ(int8s->typed<int8_t>()[2], 127);

  Result<Tensor> bools =
      tensorFromProto(parseTensor("dtype: BOOL shape: 2 int_data: [1, 0]"));
  ASSERT_TRUE(bools) << bools.status().message();
  EXPECT_EQ(bools->typed<uint8_t>()[0], 1);

  // 16-bit floats keep their bit patterns in int_data, as ONNX does.
  Result<Tensor> halves = tensorFromProto(
      parseTensor("dtype: FLOAT16 shape: 2 int_data: [15360, 64512]"));
  ASSERT_TRUE(halves) << halves.status().message();
  EXPECT_EQ(halves->valuesPreview(), "[1, -inf]");
  Result<Tensor> brains =
      tensorFromProto(parseTensor("dtype: BFLOAT16 int_data: 16457"));
  ASSERT_TRUE(brains) << brains.status().message();
  EXPECT_EQ(brains->valueAt(0), 3.140625);
}

TEST(TensorDataTest, EmptyTensorNeedsNoData) {
  Result<Tensor> tensor =
      tensorFromProto(parseTensor("dtype: INT64 shape: [0, 4]"));
  ASSERT_TRUE(tensor) << tensor.status().message();
  EXPECT_EQ(tensor->numElements(), 0);
}

TEST(TensorDataTest, RoundTripsEveryDtypeThroughRawData) {
  for (DType dtype : {DType::Float32, DType::Float64, DType::Int8, DType::UInt8,
                      DType::Int32, DType::Int64, DType::Bool, DType::Float16,
                      DType::BFloat16}) {
    Tensor tensor(dtype, {2, 3});
    auto *bytes = static_cast<uint8_t *>(tensor.data());
    for (size_t i = 0; i < tensor.sizeInBytes(); ++i)
      bytes[i] = dtype == DType::Bool ? i % 2 : static_cast<uint8_t>(i * 7);
    Result<proto::Tensor> encoded = tensorToProto(tensor, "t");
    ASSERT_TRUE(encoded) << encoded.status().message();
    EXPECT_EQ(encoded->name(), "t");
    EXPECT_EQ(encoded->raw_data().size(), tensor.sizeInBytes());
    Result<Tensor> decoded = tensorFromProto(*encoded);
    ASSERT_TRUE(decoded) << dtypeName(dtype) << ": "
                         << decoded.status().message();
    EXPECT_EQ(decoded->dtype(), dtype);
    EXPECT_EQ(decoded->shape(), tensor.shape());
    EXPECT_EQ(std::memcmp(decoded->data(), tensor.data(), tensor.sizeInBytes()),
              0)
        << dtypeName(dtype);
  }
}

TEST(TensorDataTest, RejectsInconsistentData) {
  EXPECT_EQ(decodeError("shape: 1 float_data: 1"), "dtype is missing");
  EXPECT_EQ(decodeError("dtype: FLOAT32 shape: 3 float_data: [1, 2]"),
            "float_data has 2 values but shape [3] needs 3");
  EXPECT_EQ(decodeError("dtype: FLOAT32 shape: 2"),
            "no data is set but shape [2] needs 2 values");
  EXPECT_EQ(decodeError("dtype: INT32 shape: 1 float_data: 1"),
            "float_data is set but dtype is INT32");
  EXPECT_EQ(decodeError("dtype: FLOAT32 shape: 1 float_data: 1 "
                        "raw_data: \"\\0\\0\\0\\0\""),
            "both raw_data and float_data are set");
  EXPECT_EQ(decodeError("dtype: INT32 shape: 1 raw_data: \"\\0\\0\""),
            "raw_data has 2 bytes but shape [1] needs 4");
  EXPECT_EQ(decodeError("dtype: UINT8 shape: 2 int_data: [1, -1]"),
            "int_data value -1 (index 1) does not fit in uint8");
  EXPECT_EQ(decodeError("dtype: FLOAT16 shape: 1 int_data: 65536"),
            "int_data value 65536 (index 0) does not fit in float16");
  EXPECT_EQ(decodeError("dtype: BOOL shape: 1 raw_data: \"\\2\""),
            "raw_data byte 0 is not a bool (0 or 1)");
  EXPECT_EQ(decodeError("dtype: FLOAT32 shape: [-1, 2]"),
            "shape [-1, 2] has a negative dimension");
  EXPECT_EQ(decodeError("dtype: INT8 shape: [4294967296, 4294967296]"),
            "shape [4294967296, 4294967296] is too large");
  proto::Tensor unknown = parseTensor("shape: 1 int_data: 1");
  unknown.set_dtype(static_cast<proto::DataType>(42));
  EXPECT_EQ(tensorFromProto(unknown).status().message(), "unknown dtype 42");
}

TEST(TensorDataTest, DecodesOnnxTypedFields) {
  onnx::TensorProto onnx;
  onnx.set_name("t");
  onnx.set_data_type(onnx::TensorProto::UINT8);
  onnx.add_dims(2);
  onnx.add_int32_data(200);
  onnx.add_int32_data(3);
  Result<Tensor> tensor = tensorFromOnnx(onnx);
  ASSERT_TRUE(tensor) << tensor.status().message();
  EXPECT_EQ(tensor->dtype(), DType::UInt8);
  EXPECT_EQ(tensor->typed<uint8_t>()[0], 200);

  onnx.add_int32_data(4);
  EXPECT_EQ(tensorFromOnnx(onnx).status().message(),
            "tensor 't': int_data has 3 values but shape [2] needs 2");

  // ONNX keeps FLOAT16 values as their bits in int32_data.
  onnx::TensorProto half;
  half.set_data_type(onnx::TensorProto::FLOAT16);
  half.add_int32_data(0x3555);
  Result<Tensor> third = tensorFromOnnx(half);
  ASSERT_TRUE(third) << third.status().message();
  EXPECT_EQ(third->dtype(), DType::Float16);
  EXPECT_EQ(third->valueAt(0), 0.333251953125);
}

} // namespace
} // namespace dlc
