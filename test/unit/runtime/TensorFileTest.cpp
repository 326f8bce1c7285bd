//===- TensorFileTest.cpp - Tensors in .npy and ONNX .pb files ------------===//
#include "dlc/Runtime/TensorFile.h"

#include "dlc/Runtime/Npy.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace dlc {
namespace {

/// Files of the ONNX backend test "test_relu"; its output is Relu(input).
std::string reluTestFile(const std::string &name) {
  return DLC_ONNX_TESTDATA_DIR "/test_relu/test_data_set_0/" + name;
}

TEST(TensorFileTest, ReadsOnnxBackendTestData) {
  if (!std::filesystem::exists(reluTestFile("input_0.pb")))
    GTEST_SKIP() << "ONNX backend test data not installed";
  Result<Tensor> input = readTensorFile(reluTestFile("input_0.pb"));
  ASSERT_TRUE(input) << input.status().message();
  EXPECT_EQ(input->dtype(), DType::Float32);
  EXPECT_EQ(input->shape(), (std::vector<int64_t>{3, 4, 5}));
  Result<Tensor> output = readOnnxTensorFile(reluTestFile("output_0.pb"));
  ASSERT_TRUE(output) << output.status().message();
  ASSERT_EQ(output->shape(), input->shape());
  bool sawNegative = false;
  for (int64_t i = 0; i < input->numElements(); ++i) {
    float x = input->typed<float>()[i];
    sawNegative |= x < 0;
    EXPECT_EQ(output->typed<float>()[i], x > 0 ? x : 0.0f) << "element " << i;
  }
  EXPECT_TRUE(sawNegative) << "the test data should exercise Relu";
}

/// An onnx.TensorProto written field by field: dims, data_type, then the
/// given data fields.
std::string onnxTensor(std::vector<int64_t> dims, int dataType,
                       const std::string &data) {
  std::string bytes;
  for (int64_t dim : dims) {
    bytes += '\x08'; // field 1, varint
    uint64_t value = static_cast<uint64_t>(dim);
    for (; value >= 0x80; value >>= 7)
      bytes += static_cast<char>((value & 0x7f) | 0x80);
    bytes += static_cast<char>(value);
  }
  bytes += '\x10'; // field 2, varint
  bytes += static_cast<char>(dataType);
  return bytes + data;
}

TEST(TensorFileTest, DecodesTheTypedFieldsOfOnnxTensors) {
  // int32_data (field 5, packed) of an INT8 tensor, with a negative value
  // as protobuf writes it: ten bytes, sign-extended.
  std::string packed = "\x2a\x0c\x05"
                       "\xfd\xff\xff\xff\xff\xff\xff\xff\xff\x01"
                       "\x07";
  Result<NamedTensor> int8 = decodeOnnxTensor(onnxTensor({3}, 3, packed), "t.pb");
  ASSERT_TRUE(int8) << int8.status().message();
  EXPECT_EQ(int8->tensor.dtype(), DType::Int8);
  EXPECT_EQ(int8->tensor.typed<int8_t>()[0], 5);
  EXPECT_EQ(int8->tensor.typed<int8_t>()[1], -3);
  EXPECT_EQ(int8->tensor.typed<int8_t>()[2], 7);
  // FLOAT16 bits in int32_data: 0x3c00 is 1.0.
  Result<NamedTensor> half = decodeOnnxTensor(
      onnxTensor({1}, 10, std::string("\x2a\x03\x80\xf8\x00", 5)), "t.pb");
  ASSERT_TRUE(half) << half.status().message();
  EXPECT_EQ(half->tensor.typed<uint16_t>()[0], 0x3c00);
  EXPECT_EQ(half->tensor.valueAt(0), 1.0);
  // UINT64 in uint64_data (field 11, packed), all 64 bits of it.
  Result<NamedTensor> word = decodeOnnxTensor(
      onnxTensor({1}, 13,
                 std::string("\x5a\x0a\xff\xff\xff\xff\xff\xff\xff\xff"
                             "\xff\x01",
                             12)),
      "u.pb");
  ASSERT_TRUE(word) << word.status().message();
  EXPECT_EQ(word->tensor.dtype(), DType::UInt64);
  EXPECT_EQ(word->tensor.typed<uint64_t>()[0], ~uint64_t{0});
}

TEST(TensorFileTest, ReadsAnEmptyPackedField) {
  // float_data (field 4) packed with no bytes: an empty tensor (found by
  // dlc-fuzz-tensor-pb, which saw a memcpy from null).
  Result<NamedTensor> empty =
      decodeOnnxTensor(onnxTensor({0}, 1, std::string("\x22\x00", 2)), "z.pb");
  ASSERT_TRUE(empty) << empty.status().message();
  EXPECT_EQ(empty->tensor.numElements(), 0);
}

TEST(TensorFileTest, ReportsWhatItCannotRead) {
  EXPECT_EQ(decodeOnnxTensor(onnxTensor({2}, 8, ""), "s.pb")
                .status()
                .message(),
            "s.pb: tensor '': element type STRING is not supported (dlc "
            "supports FLOAT, DOUBLE, FLOAT16, BFLOAT16, INT8 to INT64, UINT8 "
            "to UINT64 and BOOL)");
  // Two floats (raw_data, field 9) for a shape of three.
  EXPECT_EQ(decodeOnnxTensor(onnxTensor({3}, 1, std::string("\x4a\x08", 2) +
                                                    std::string(8, '\0')),
                             "r.pb")
                .status()
                .message(),
            "r.pb: tensor '' has 2 values for shape [3]");
  // One float in float_data (field 4) and one integer in int64_data (field
  // 7) for a shape of two: reading either field as the two values would
  // read past its end.
  EXPECT_EQ(decodeOnnxTensor(onnxTensor({2}, 1,
                                        std::string("\x22\x04\0\0\x80\x3f"
                                                    "\x3a\x01\x05",
                                                    9)),
                             "m.pb")
                .status()
                .message(),
            "m.pb: tensor '' has values in more than one data field");
  // A huge shape with two floats is refused before anything is allocated.
  EXPECT_EQ(decodeOnnxTensor(onnxTensor({int64_t{1} << 40}, 1,
                                        std::string("\x4a\x08", 2) +
                                            std::string(8, '\0')),
                             "h.pb")
                .status()
                .message(),
            "h.pb: tensor '' has 2 values for shape [1099511627776]");
  // data_location EXTERNAL (field 14).
  EXPECT_NE(decodeOnnxTensor(onnxTensor({1}, 1, "\x70\x01"), "e.pb")
                .status()
                .message()
                .find("external data is not supported"),
            std::string::npos);
}

class TensorFileOnDiskTest : public ::testing::Test {
protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "dlc-tensorfile-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

TEST_F(TensorFileOnDiskTest, ReadsNpyByExtension) {
  std::string path = (dir_ / "x.npy").string();
  ASSERT_TRUE(writeNpy(path, Tensor::fromFloats({2}, {1.5f, -2})).isOk());
  Result<Tensor> tensor = readTensorFile(path);
  ASSERT_TRUE(tensor) << tensor.status().message();
  EXPECT_EQ(tensor->typed<float>()[1], -2.0f);
}

TEST_F(TensorFileOnDiskTest, ReportsCorruptAndUnknownFiles) {
  std::string corrupt = (dir_ / "x.pb").string();
  std::FILE *file = std::fopen(corrupt.c_str(), "wb");
  std::fputs("\x0a\x7f", file); // a field claiming 127 bytes that are missing
  std::fclose(file);
  EXPECT_EQ(readTensorFile(corrupt).status().message(),
            corrupt + ": not a valid ONNX tensor file (truncated or corrupt "
                      "protobuf)");
  EXPECT_EQ(readTensorFile("x.csv").status().message(),
            "x.csv: unknown tensor file extension '.csv' (expected .npy or "
            ".pb)");
}

} // namespace
} // namespace dlc
