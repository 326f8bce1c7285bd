//===- IdxTest.cpp - Unit tests of the IDX reader -------------------------===//
//
// Builds small IDX files byte by byte (big-endian, as the format demands),
// plain and gzip'd, and checks values, shapes and the errors for damaged
// files.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Idx.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstring>

using namespace dlc;
using namespace dlc::test;

namespace {

class IdxTest : public ScratchDirTest {
protected:
  /// Writes `bytes` to a scratch file, reads it and checks dtype and shape.
  Tensor read(const std::string &name, const std::string &bytes, DType dtype,
              const std::vector<int64_t> &shape) {
    Result<Tensor> tensor = readIdx(write(name, bytes));
    EXPECT_TRUE(tensor.isOk()) << tensor.status().message();
    if (!tensor)
      return Tensor(dtype, shape);
    EXPECT_EQ(tensor->dtype(), dtype) << name;
    EXPECT_EQ(tensor->shape(), shape) << name;
    return std::move(tensor).value();
  }
};

TEST_F(IdxTest, ReadsUnsignedBytesLikeMnistImages) {
  std::string pixels;
  for (int i = 0; i < 2 * 3 * 4; ++i)
    pixels += static_cast<char>(i * 10);
  Tensor images = read("images.idx", idxHeader(0x08, {2, 3, 4}) + pixels,
                       DType::UInt8, {2, 3, 4});
  EXPECT_EQ(std::memcmp(images.data(), pixels.data(), pixels.size()), 0);
}

TEST_F(IdxTest, ReadsGzippedFiles) {
  std::string file =
      idxHeader(0x08, {5}) + std::string("\x00\x01\x02\x09\xff", 5);
  Tensor labels = read("labels.idx.gz", gzip(file), DType::UInt8, {5});
  EXPECT_EQ(labels.valuesPreview(), "[0, 1, 2, 9, 255]");
}

TEST_F(IdxTest, ReadsSignedBytes) {
  Tensor tensor = read("signed.idx", idxHeader(0x09, {3}) + "\x80\xff\x7f",
                       DType::Int8, {3});
  EXPECT_EQ(tensor.valuesPreview(), "[-128, -1, 127]");
}

TEST_F(IdxTest, WidensShortsToInt32) {
  Tensor tensor = read("short.idx",
                       idxHeader(0x0B, {3}) + bigEndian(0x8000, 2) +
                           bigEndian(0xFFFF, 2) + bigEndian(0x1234, 2),
                       DType::Int32, {3});
  EXPECT_EQ(tensor.valuesPreview(), "[-32768, -1, 4660]");
}

TEST_F(IdxTest, ReadsBigEndianInts) {
  Tensor tensor = read("int.idx",
                       idxHeader(0x0C, {1, 3}) + bigEndian(0x80000000, 4) +
                           bigEndian(0xFFFFFFFF, 4) + bigEndian(0x01020304, 4),
                       DType::Int32, {1, 3});
  EXPECT_EQ(tensor.valuesPreview(), "[-2147483648, -1, 16909060]");
}

TEST_F(IdxTest, ReadsBigEndianFloatsAndDoubles) {
  // 0x3FC00000 is 1.5f and 0xC0200000 is -2.5f.
  Tensor floats = read("float.idx",
                       idxHeader(0x0D, {2}) + bigEndian(0x3FC00000, 4) +
                           bigEndian(0xC0200000, 4),
                       DType::Float32, {2});
  EXPECT_EQ(floats.typed<float>()[0], 1.5f);
  EXPECT_EQ(floats.typed<float>()[1], -2.5f);

  // 0x3FB999999999999A is the double nearest 0.1.
  Tensor doubles = read("double.idx",
                        idxHeader(0x0E, {1}) + bigEndian(0x3FB999999999999A, 8),
                        DType::Float64, {1});
  EXPECT_EQ(doubles.typed<double>()[0], 0.1);
}

TEST_F(IdxTest, ReadsScalarsAndEmptyArrays) {
  Tensor scalar =
      read("scalar.idx", idxHeader(0x08, {}) + "\x2a", DType::UInt8, {});
  EXPECT_EQ(scalar.valuesPreview(), "[42]");
  Tensor empty =
      read("empty.idx", idxHeader(0x0D, {0, 784}), DType::Float32, {0, 784});
  EXPECT_EQ(empty.numElements(), 0);
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

TEST_F(IdxTest, MissingFile) {
  std::string file = path("absent.idx");
  expectError(readIdx(file).status(), file, "No such file or directory");
}

TEST_F(IdxTest, BadMagic) {
  for (const std::string &bytes :
       {std::string(""), std::string("\0\0", 2), std::string("\x01\0\x08\x01"),
        std::string("P5 28 28 255")}) {
    std::string file = write("bad.idx", bytes);
    expectError(readIdx(file).status(), file, "not an IDX file (bad magic)");
  }
}

TEST_F(IdxTest, UnsupportedElementType) {
  std::string file = write("type.idx", idxHeader(0x0A, {1}) + "x");
  expectError(readIdx(file).status(), file,
              "unsupported IDX element type 0x0A (supported: 0x08 unsigned "
              "byte");
}

TEST_F(IdxTest, TruncatedHeader) {
  std::string file =
      write("header.idx", idxHeader(0x08, {60000, 28, 28}).substr(0, 10));
  expectError(readIdx(file).status(), file,
              "file is truncated: it ends inside the header's 3 dimensions");
}

TEST_F(IdxTest, TruncatedData) {
  std::string file =
      write("data.idx", idxHeader(0x0C, {2, 2}) + std::string(15, '\0'));
  expectError(readIdx(file).status(), file,
              "file is truncated: shape [2, 2] needs 16 bytes of data but "
              "only 15 bytes follow");
  std::string gzipped =
      write("data.idx.gz", gzip(idxHeader(0x08, {10}) + "12345"));
  expectError(readIdx(gzipped).status(), gzipped,
              "file is truncated: shape [10] needs 10 bytes of data but only "
              "5 bytes follow");
}

TEST_F(IdxTest, HugeShapeIsTruncationNotAllocation) {
  // A corrupt header must be checked against the file size before the
  // tensor is allocated.
  std::string file =
      write("huge.idx", idxHeader(0x08, {0xFFFFFFFF, 0x7FFFFFFF}) + "12345678");
  expectError(readIdx(file).status(), file,
              "file is truncated: shape [4294967295, 2147483647] needs "
              "9223372030412324865 bytes of data but only 8 bytes follow");
  std::string overflow =
      write("overflow.idx", idxHeader(0x08, {0xFFFFFFFF, 0xFFFFFFFF}));
  expectError(readIdx(overflow).status(), overflow, "has too many elements");
  // No elements, but Tensor::numElements would overflow on the way to 0
  // (found by dlc-fuzz-tensor-idx).
  std::string empty =
      write("empty.idx", idxHeader(0x08, {0xFFFFFFFF, 0xFFFFFFFF, 0}));
  expectError(readIdx(empty).status(), empty, "has too many elements");
}

TEST_F(IdxTest, BytesAfterTheData) {
  std::string file = write("extra.idx", idxHeader(0x08, {2}) + "\x01\x02rest");
  expectError(readIdx(file).status(), file,
              "file has 4 bytes after the data of shape [2]");
}

} // namespace
