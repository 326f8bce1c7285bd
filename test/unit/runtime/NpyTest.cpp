//===- NpyTest.cpp - Unit tests of the .npy reader and writer -------------===//
//
// Checks readNpy against files written by real NumPy (data/, made by
// data/generate.py), round trips through writeNpy, and that every kind of bad
// file or path yields an error naming the file instead of a crash.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Npy.h"

#include "TestUtil.h"

#include <gtest/gtest.h>

#include <cstring>
#include <filesystem>

using namespace dlc;
using namespace dlc::test;
namespace fs = std::filesystem;

namespace {

std::string fixturePath(const std::string &name) {
  return std::string(DLC_RUNTIME_TEST_DATA_DIR) + "/" + name;
}

/// A .npy file with the given header dict and data, laid out as NumPy does.
std::string makeNpy(const std::string &dict, const std::string &data = "",
                    unsigned char major = 1) {
  size_t lengthSize = major == 1 ? 2 : 4;
  size_t headerStart = 8 + lengthSize;
  size_t headerLength =
      (headerStart + dict.size() + 1 + 63) / 64 * 64 - headerStart;
  std::string bytes("\x93NUMPY", 6);
  bytes += static_cast<char>(major);
  bytes += '\0';
  for (size_t i = 0; i < lengthSize; ++i)
    bytes += static_cast<char>((headerLength >> (8 * i)) & 0xFF);
  bytes += dict + std::string(headerLength - dict.size() - 1, ' ') + "\n";
  return bytes + data;
}

/// Reads a fixture and checks its dtype and shape.
Tensor readFixture(const std::string &name, DType dtype,
                   const std::vector<int64_t> &shape) {
  Result<Tensor> tensor = readNpy(fixturePath(name));
  EXPECT_TRUE(tensor.isOk()) << tensor.status().message();
  if (!tensor)
    return Tensor(dtype, shape);
  EXPECT_EQ(tensor->dtype(), dtype) << name;
  EXPECT_EQ(tensor->shape(), shape) << name;
  return std::move(tensor).value();
}

class NpyTest : public ScratchDirTest {
protected:
  /// Writes `bytes` to a scratch file and reads it back with readNpy.
  Result<Tensor> readRaw(const std::string &name, const std::string &bytes) {
    return readNpy(write(name, bytes));
  }
};

//===----------------------------------------------------------------------===//
// Files written by NumPy
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, ReadsNumPyFloat32) {
  Tensor tensor = readFixture("float32_2x3.npy", DType::Float32, {2, 3});
  const float expected[] = {-1.5f, 0.0f, 0.25f, 3.5f, 1e-3f, 100.0f};
  for (int i = 0; i < 6; ++i)
    EXPECT_EQ(tensor.typed<float>()[i], expected[i]) << i;
}

TEST_F(NpyTest, ReadsNumPyFloat64) {
  Tensor tensor = readFixture("float64_3.npy", DType::Float64, {3});
  EXPECT_EQ(tensor.typed<double>()[0], 0.1);
  EXPECT_EQ(tensor.typed<double>()[1], -2.5);
  EXPECT_EQ(tensor.typed<double>()[2], 1e300);
}

TEST_F(NpyTest, ReadsNumPyFloat16) {
  // The largest float16 and the smallest subnormal one, 2^-24.
  Tensor tensor = readFixture("float16_4.npy", DType::Float16, {4});
  EXPECT_EQ(tensor.valuesPreview(), "[1, -2.5, 65504, 5.96046e-08]");
}

TEST_F(NpyTest, ReadsNumPyInt8) {
  Tensor tensor = readFixture("int8_4.npy", DType::Int8, {4});
  EXPECT_EQ(tensor.valuesPreview(), "[-128, -1, 0, 127]");
}

TEST_F(NpyTest, ReadsNumPyUInt8) {
  Tensor tensor = readFixture("uint8_4.npy", DType::UInt8, {4});
  EXPECT_EQ(tensor.valuesPreview(), "[0, 1, 200, 255]");
}

TEST_F(NpyTest, ReadsNumPyInt32) {
  Tensor tensor = readFixture("int32_2x2.npy", DType::Int32, {2, 2});
  EXPECT_EQ(tensor.valuesPreview(), "[-2147483648, -1, 0, 2147483647]");
}

TEST_F(NpyTest, ReadsNumPyInt64) {
  Tensor tensor = readFixture("int64_3.npy", DType::Int64, {3});
  EXPECT_EQ(tensor.valuesPreview(), "[-9223372036854775808, 0, 1099511627783]");
}

TEST_F(NpyTest, ReadsNumPyBool) {
  Tensor tensor = readFixture("bool_5.npy", DType::Bool, {5});
  EXPECT_EQ(tensor.valuesPreview(), "[true, false, true, true, false]");
}

TEST_F(NpyTest, ReadsNumPyScalar) {
  Tensor tensor = readFixture("scalar_float32.npy", DType::Float32, {});
  EXPECT_EQ(tensor.typed<float>()[0], 42.5f);
}

TEST_F(NpyTest, ReadsNumPyEmptyArray) {
  Tensor tensor = readFixture("empty_float32_0x3.npy", DType::Float32, {0, 3});
  EXPECT_EQ(tensor.numElements(), 0);
  EXPECT_NE(tensor.data(), nullptr);
}

TEST_F(NpyTest, ReadsNumPyFormatVersions2And3) {
  for (const char *name : {"float32_v2.npy", "float32_v3.npy"}) {
    Tensor tensor = readFixture(name, DType::Float32, {3});
    EXPECT_EQ(tensor.valuesPreview(), "[1, 2, 3]") << name;
  }
}

TEST_F(NpyTest, WritesTheBytesNumPyWrites) {
  for (const char *name :
       {"float32_2x3.npy", "float64_3.npy", "float16_4.npy", "int8_4.npy",
        "uint8_4.npy",
        "int32_2x2.npy", "int64_3.npy", "bool_5.npy", "scalar_float32.npy",
        "empty_float32_0x3.npy"}) {
    Result<Tensor> tensor = readNpy(fixturePath(name));
    ASSERT_TRUE(tensor.isOk()) << tensor.status().message();
    ASSERT_TRUE(writeNpy(path(name), *tensor).isOk()) << name;
    EXPECT_EQ(readBytes(path(name)), readBytes(fixturePath(name))) << name;
  }
}

//===----------------------------------------------------------------------===//
// Round trips
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, RoundTripsEveryDType) {
  for (DType dtype : {DType::Float32, DType::Float64, DType::Float16,
                      DType::Int8, DType::UInt8, DType::Int16, DType::UInt16,
                      DType::Int32, DType::UInt32, DType::Int64, DType::UInt64,
                      DType::Bool}) {
    Tensor original(dtype, {2, 3, 5});
    auto *bytes = original.typed<uint8_t>();
    for (size_t i = 0; i < original.sizeInBytes(); ++i)
      bytes[i] = dtype == DType::Bool ? i % 3 == 0 : (i * 37 + 11) & 0xFF;
    std::string file = path(std::string(dtypeName(dtype)) + ".npy");
    ASSERT_TRUE(writeNpy(file, original).isOk()) << dtypeName(dtype);

    std::string written = readBytes(file);
    ASSERT_GT(written.size(), 10u);
    EXPECT_EQ(written[6], 1) << "small headers use format 1.0";
    EXPECT_EQ((written.size() - original.sizeInBytes()) % 64, 0u)
        << "the data must start 64-byte aligned";

    Result<Tensor> copy = readNpy(file);
    ASSERT_TRUE(copy.isOk()) << copy.status().message();
    EXPECT_EQ(copy->dtype(), dtype);
    EXPECT_EQ(copy->shape(), original.shape());
    EXPECT_EQ(
        std::memcmp(copy->data(), original.data(), original.sizeInBytes()), 0)
        << dtypeName(dtype);
  }
}

TEST_F(NpyTest, RoundTripsScalarAndEmpty) {
  Tensor scalar(DType::Int64, {});
  scalar.typed<int64_t>()[0] = -42;
  ASSERT_TRUE(writeNpy(path("scalar.npy"), scalar).isOk());
  Result<Tensor> readScalar = readNpy(path("scalar.npy"));
  ASSERT_TRUE(readScalar.isOk()) << readScalar.status().message();
  EXPECT_EQ(readScalar->rank(), 0);
  EXPECT_EQ(readScalar->typed<int64_t>()[0], -42);

  ASSERT_TRUE(writeNpy(path("empty.npy"), Tensor(DType::Bool, {4, 0})).isOk());
  Result<Tensor> readEmpty = readNpy(path("empty.npy"));
  ASSERT_TRUE(readEmpty.isOk()) << readEmpty.status().message();
  EXPECT_EQ(readEmpty->shape(), (std::vector<int64_t>{4, 0}));
}

TEST_F(NpyTest, LongHeaderUsesFormat2) {
  // Each dimension adds "1, " to the header, overflowing format 1.0's 16-bit
  // header length.
  Tensor tensor(DType::Float32, std::vector<int64_t>(30000, 1));
  tensor.typed<float>()[0] = 7.0f;
  ASSERT_TRUE(writeNpy(path("long.npy"), tensor).isOk());

  std::string written = readBytes(path("long.npy"));
  ASSERT_GT(written.size(), 12u);
  EXPECT_EQ(written[6], 2);
  EXPECT_EQ((written.size() - 4) % 64, 0u);

  Result<Tensor> copy = readNpy(path("long.npy"));
  ASSERT_TRUE(copy.isOk()) << copy.status().message();
  EXPECT_EQ(copy->shape(), tensor.shape());
  EXPECT_EQ(copy->typed<float>()[0], 7.0f);
}

//===----------------------------------------------------------------------===//
// Header variants NumPy (or Python) may produce
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, AcceptsMeaninglessByteOrderChars) {
  const std::pair<const char *, DType> descrs[] = {
      {"<i1", DType::Int8}, {">i1", DType::Int8},    {"=u1", DType::UInt8},
      {"<b1", DType::Bool}, {"=f4", DType::Float32}, {"|i4", DType::Int32}};
  for (const auto &[descr, dtype] : descrs) {
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (2,), }";
    Result<Tensor> tensor =
        readRaw("order.npy", makeNpy(dict, std::string(16, '\1')));
    ASSERT_TRUE(tensor.isOk()) << descr << ": " << tensor.status().message();
    EXPECT_EQ(tensor->dtype(), dtype) << descr;
  }
}

TEST_F(NpyTest, AcceptsOtherPythonLiteralSpellings) {
  // Double quotes, another key order, Python 2 longs, no trailing commas.
  std::string dict = "{\"shape\": (2L, 1L), \"fortran_order\": False, "
                     "\"descr\": \"<i4\"}";
  std::string data("\x05\0\0\0\xff\xff\xff\xff", 8);
  Result<Tensor> tensor = readRaw("python2.npy", makeNpy(dict, data));
  ASSERT_TRUE(tensor.isOk()) << tensor.status().message();
  EXPECT_EQ(tensor->shape(), (std::vector<int64_t>{2, 1}));
  EXPECT_EQ(tensor->valuesPreview(), "[5, -1]");
}

TEST_F(NpyTest, IgnoresBytesAfterTheData) {
  std::string dict =
      "{'descr': '|u1', 'fortran_order': False, 'shape': (2,), }";
  Result<Tensor> tensor = readRaw("extra.npy", makeNpy(dict, "\x01\x02rest"));
  ASSERT_TRUE(tensor.isOk()) << tensor.status().message();
  EXPECT_EQ(tensor->valuesPreview(), "[1, 2]");
}

//===----------------------------------------------------------------------===//
// Read errors
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, MissingFile) {
  std::string file = path("absent.npy");
  expectError(readNpy(file).status(), file,
              "cannot open file: No such file or directory");
}

TEST_F(NpyTest, DirectoryIsNotAFile) {
  std::string file = dir_.string();
  expectError(readNpy(file).status(), file, "not a regular file");
}

TEST_F(NpyTest, BadMagic) {
  expectError(readRaw("text.npy", "just some text, long enough").status(),
              path("text.npy"), "not a .npy file (bad magic)");
  expectError(readRaw("empty.npy", "").status(), path("empty.npy"),
              "not a .npy file (bad magic)");
}

TEST_F(NpyTest, UnsupportedFormatVersion) {
  std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (), }";
  expectError(readRaw("v4.npy", makeNpy(dict, "abcd", 4)).status(),
              path("v4.npy"), "unsupported .npy format version 4.0");
}

TEST_F(NpyTest, TruncatedData) {
  std::string bytes = readBytes(fixturePath("float32_2x3.npy"));
  bytes.resize(bytes.size() - 4);
  expectError(readRaw("short.npy", bytes).status(), path("short.npy"),
              "file is truncated: header says 6 elements (24 bytes) but only "
              "20 bytes follow");
}

TEST_F(NpyTest, TruncatedHeader) {
  std::string bytes = readBytes(fixturePath("float32_2x3.npy"));
  expectError(readRaw("preamble.npy", bytes.substr(0, 7)).status(),
              path("preamble.npy"), "file is truncated");
  expectError(readRaw("length.npy", bytes.substr(0, 9)).status(),
              path("length.npy"), "file is truncated");
  expectError(readRaw("header.npy", bytes.substr(0, 50)).status(),
              path("header.npy"),
              "file is truncated: header length is 118 bytes but only 40 "
              "bytes follow");
}

TEST_F(NpyTest, HugeShapeIsTruncationNotAllocation) {
  // A corrupt shape must be checked against the file size before the tensor
  // is allocated.
  std::string dict = "{'descr': '<f8', 'fortran_order': False, "
                     "'shape': (1000000000, 1000000000), }";
  expectError(readRaw("huge.npy", makeNpy(dict)).status(), path("huge.npy"),
              "file is truncated: header says 1000000000000000000 elements");
  std::string overflow = "{'descr': '<f8', 'fortran_order': False, "
                         "'shape': (4294967296, 4294967296), }";
  expectError(readRaw("overflow.npy", makeNpy(overflow)).status(),
              path("overflow.npy"), "shape has too many elements");
}

TEST_F(NpyTest, FortranOrder) {
  std::string file = fixturePath("fortran_float32_2x3.npy");
  expectError(readNpy(file).status(), file,
              "fortran_order arrays are not supported");
}

TEST_F(NpyTest, BigEndian) {
  std::string file = fixturePath("bigendian_float32.npy");
  expectError(readNpy(file).status(), file,
              "unsupported dtype '>f4' (only little-endian is supported)");
}

TEST_F(NpyTest, UnsupportedDTypes) {
  for (const char *descr : {"<f16", "<c8", "|O", "<U3", "f4", "<f4 "}) {
    std::string dict = std::string("{'descr': '") + descr +
                       "', 'fortran_order': False, 'shape': (), }";
    expectError(readRaw("dtype.npy", makeNpy(dict, "12345678")).status(),
                path("dtype.npy"),
                std::string("unsupported dtype '") + descr + "'");
  }

  std::string record = "{'descr': [('x', '<f4')], 'fortran_order': False, "
                       "'shape': (), }";
  expectError(readRaw("record.npy", makeNpy(record, "1234")).status(),
              path("record.npy"), "structured dtypes are not supported");
}

TEST_F(NpyTest, BFloat16HasNoNumPyDType) {
  std::string file = path("bfloat16.npy");
  expectError(writeNpy(file, Tensor(DType::BFloat16, {2})), file,
              "NumPy has no bfloat16 dtype");
}

TEST_F(NpyTest, MalformedHeaders) {
  const std::pair<const char *, const char *> cases[] = {
      {"", "malformed header: expected '{'"},
      {"not a dict", "malformed header: expected '{'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2,)",
       "malformed header: expected '}'"},
      {"{'descr: '<f4'}", "malformed header: expected ':'"},
      {"{'descr': '<f4, 'fortran_order': False, 'shape': (), }",
       "malformed header"},
      {"{'descr': '<f4', 'fortran_order': 0, 'shape': (), }",
       "malformed header: expected True or False"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': [2], }",
       "malformed header: expected '('"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (2 3), }",
       "malformed header: expected ')'"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (x,), }",
       "malformed header: expected a dimension"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (), } junk",
       "malformed header: unexpected text after the dictionary"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (-1,), }",
       "negative dimension in shape"},
      {"{'descr': '<f4', 'fortran_order': False, "
       "'shape': (99999999999999999999,), }",
       "dimension in shape is too large"},
      {"{'descr': '<f4', 'fortran_order': False, }",
       "header has no 'shape' entry"},
      {"{'fortran_order': False, 'shape': (), }",
       "header has no 'descr' entry"},
      {"{'descr': '<f4', 'shape': (), }",
       "header has no 'fortran_order' entry"},
      {"{'descr': '<f4', 'fortran_order': False, 'shape': (), 'x': 1, }",
       "unexpected key 'x' in header"},
  };
  for (const auto &[dict, expected] : cases) {
    SCOPED_TRACE(dict);
    expectError(readRaw("bad.npy", makeNpy(dict, "12345678")).status(),
                path("bad.npy"), expected);
  }
}

//===----------------------------------------------------------------------===//
// Writing
//===----------------------------------------------------------------------===//

TEST_F(NpyTest, WriteReplacesAtomicallyWithoutLeftovers) {
  std::string file = path("out.npy");
  ASSERT_TRUE(writeNpy(file, Tensor::fromFloats({2}, {1, 2})).isOk());
  ASSERT_TRUE(writeNpy(file, Tensor::fromFloats({3}, {4, 5, 6})).isOk());
  EXPECT_EQ(listDir(), std::vector<std::string>{"out.npy"});
  Result<Tensor> tensor = readNpy(file);
  ASSERT_TRUE(tensor.isOk()) << tensor.status().message();
  EXPECT_EQ(tensor->valuesPreview(), "[4, 5, 6]");
}

TEST_F(NpyTest, WriteIntoMissingDirectory) {
  std::string file = path("missing/out.npy");
  expectError(writeNpy(file, Tensor(DType::Int32, {2})), file,
              "No such file or directory");
  EXPECT_EQ(listDir(), std::vector<std::string>{});
}

TEST_F(NpyTest, WriteOverDirectoryFailsAndCleansUp) {
  fs::create_directory(path("taken"));
  std::string file = path("taken");
  expectError(writeNpy(file, Tensor(DType::Int32, {2})), file,
              "cannot replace file");
  EXPECT_EQ(listDir(), std::vector<std::string>{"taken"});
}

} // namespace
