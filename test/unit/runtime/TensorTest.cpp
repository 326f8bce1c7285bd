//===- TensorTest.cpp - Unit tests of the runtime Tensor ------------------===//
//
// Checks Tensor's buffer guarantees (alignment, zero fill, sharing) and the
// strings drivers print from it.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Tensor.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>

using namespace dlc;

namespace {

constexpr DType kAllDTypes[] = {
    DType::Float32,  DType::Float64, DType::Int8,   DType::UInt8,
    DType::Int32,    DType::Int64,   DType::Bool,   DType::Float16,
    DType::BFloat16, DType::Int16,   DType::UInt16, DType::UInt32,
    DType::UInt64};

TEST(DTypeTest, SizesAndNames) {
  EXPECT_EQ(dtypeSize(DType::Float32), 4u);
  EXPECT_EQ(dtypeSize(DType::Float64), 8u);
  EXPECT_EQ(dtypeSize(DType::Int8), 1u);
  EXPECT_EQ(dtypeSize(DType::UInt8), 1u);
  EXPECT_EQ(dtypeSize(DType::Int32), 4u);
  EXPECT_EQ(dtypeSize(DType::Int64), 8u);
  EXPECT_EQ(dtypeSize(DType::Bool), 1u);
  EXPECT_EQ(dtypeSize(DType::Float16), 2u);
  EXPECT_EQ(dtypeSize(DType::BFloat16), 2u);
  EXPECT_STREQ(dtypeName(DType::Float32), "float32");
  EXPECT_STREQ(dtypeName(DType::Float64), "float64");
  EXPECT_STREQ(dtypeName(DType::Int8), "int8");
  EXPECT_STREQ(dtypeName(DType::UInt8), "uint8");
  EXPECT_STREQ(dtypeName(DType::Int32), "int32");
  EXPECT_STREQ(dtypeName(DType::Int64), "int64");
  EXPECT_STREQ(dtypeName(DType::Bool), "bool");
  EXPECT_STREQ(dtypeName(DType::Float16), "float16");
  EXPECT_STREQ(dtypeName(DType::BFloat16), "bfloat16");
  EXPECT_EQ(dtypeSize(DType::Int16), 2u);
  EXPECT_EQ(dtypeSize(DType::UInt16), 2u);
  EXPECT_EQ(dtypeSize(DType::UInt32), 4u);
  EXPECT_EQ(dtypeSize(DType::UInt64), 8u);
  EXPECT_STREQ(dtypeName(DType::Int16), "int16");
  EXPECT_STREQ(dtypeName(DType::UInt16), "uint16");
  EXPECT_STREQ(dtypeName(DType::UInt32), "uint32");
  EXPECT_STREQ(dtypeName(DType::UInt64), "uint64");
  for (DType dtype : kAllDTypes)
    EXPECT_EQ(dtypeFromName(dtypeName(dtype)), dtype) << dtypeName(dtype);
}

TEST(TensorTest, UnsignedValuesReadAndWriteExactly) {
  Tensor words(DType::UInt64, {1});
  words.typed<uint64_t>()[0] = 0xFFFFFFFFFFFFFFFFull;
  EXPECT_EQ(words.valuesPreview(1), "[18446744073709551615]");
  Tensor halves(DType::UInt16, {1});
  halves.setValueAt(0, 65535);
  EXPECT_EQ(halves.valueAt(0), 65535.0);
  Tensor shorts(DType::Int16, {1});
  shorts.setValueAt(0, -32768);
  EXPECT_EQ(shorts.valueAt(0), -32768.0);
}

TEST(TensorTest, OutOfRangeValuesSaturateAndNaNIsZero) {
  // Where a C++ cast would be undefined (found by dlc-fuzz-tensor-pb: a
  // double of 5e83 in an INT8 tensor's file).
  Tensor int8(DType::Int8, {3});
  int8.setValueAt(0, 5e83);
  int8.setValueAt(1, -300.0);
  int8.setValueAt(2, std::nan(""));
  EXPECT_EQ(int8.typed<int8_t>()[0], 127);
  EXPECT_EQ(int8.typed<int8_t>()[1], -128);
  EXPECT_EQ(int8.typed<int8_t>()[2], 0);
  Tensor wide(DType::Int64, {2});
  wide.setValueAt(0, 1e19);
  wide.setValueAt(1, -2.5);
  EXPECT_EQ(wide.typed<int64_t>()[0], std::numeric_limits<int64_t>::max());
  EXPECT_EQ(wide.typed<int64_t>()[1], -2);
  Tensor unsignedWide(DType::UInt64, {2});
  unsignedWide.setValueAt(0, 1e30);
  unsignedWide.setValueAt(1, -1.0);
  EXPECT_EQ(unsignedWide.typed<uint64_t>()[0],
            std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(unsignedWide.typed<uint64_t>()[1], 0u);
}

TEST(TensorTest, ShapeAndSizes) {
  Tensor tensor(DType::Int64, {2, 3, 4});
  EXPECT_EQ(tensor.dtype(), DType::Int64);
  EXPECT_EQ(tensor.shape(), (std::vector<int64_t>{2, 3, 4}));
  EXPECT_EQ(tensor.rank(), 3);
  EXPECT_EQ(tensor.numElements(), 24);
  EXPECT_EQ(tensor.sizeInBytes(), 24u * 8);
}

TEST(TensorTest, ScalarHasOneElement) {
  Tensor scalar(DType::Float64, {});
  EXPECT_EQ(scalar.rank(), 0);
  EXPECT_EQ(scalar.numElements(), 1);
  EXPECT_EQ(scalar.sizeInBytes(), 8u);
  EXPECT_EQ(scalar.shapeString(), "[]");
}

TEST(TensorTest, DefaultIsZeroFloatScalar) {
  Tensor tensor;
  EXPECT_EQ(tensor.dtype(), DType::Float32);
  EXPECT_EQ(tensor.rank(), 0);
  ASSERT_NE(tensor.data(), nullptr);
  EXPECT_EQ(*tensor.typed<float>(), 0.0f);
}

TEST(TensorTest, DataIsAlignedTo64Bytes) {
  // Sizes below, at and above one 64-byte block, for every element size.
  for (DType dtype : kAllDTypes) {
    for (int64_t count : {0, 1, 3, 16, 17, 64, 100, 1000}) {
      Tensor tensor(dtype, {count});
      ASSERT_NE(tensor.data(), nullptr) << dtypeName(dtype) << " x" << count;
      EXPECT_EQ(reinterpret_cast<uintptr_t>(tensor.data()) % 64, 0u)
          << dtypeName(dtype) << " x" << count;
    }
  }
}

TEST(TensorTest, EmptyTensorHasData) {
  Tensor empty(DType::Float32, {0, 5});
  EXPECT_EQ(empty.numElements(), 0);
  EXPECT_EQ(empty.sizeInBytes(), 0u);
  EXPECT_NE(empty.data(), nullptr);
  EXPECT_EQ(empty.valuesPreview(), "[]");
}

TEST(TensorTest, IsZeroFilled) {
  for (DType dtype : kAllDTypes) {
    Tensor tensor(dtype, {7, 9});
    const auto *bytes = tensor.typed<uint8_t>();
    for (size_t i = 0; i < tensor.sizeInBytes(); ++i)
      ASSERT_EQ(bytes[i], 0) << dtypeName(dtype) << " byte " << i;
  }
}

TEST(TensorTest, FromFloats) {
  Tensor tensor = Tensor::fromFloats({2, 2}, {1.0f, -2.5f, 3.25f, 0.0f});
  EXPECT_EQ(tensor.dtype(), DType::Float32);
  EXPECT_EQ(tensor.shape(), (std::vector<int64_t>{2, 2}));
  const float *values = tensor.typed<float>();
  EXPECT_EQ(values[0], 1.0f);
  EXPECT_EQ(values[1], -2.5f);
  EXPECT_EQ(values[2], 3.25f);
  EXPECT_EQ(values[3], 0.0f);
}

TEST(TensorTest, CopiesShareTheBuffer) {
  Tensor original(DType::Int32, {4});
  Tensor copy = original;
  EXPECT_EQ(copy.data(), original.data());
  copy.typed<int32_t>()[2] = 42;
  EXPECT_EQ(original.typed<int32_t>()[2], 42);
}

TEST(TensorTest, CloneIsDeep) {
  Tensor original = Tensor::fromFloats({3}, {1.0f, 2.0f, 3.0f});
  Tensor clone = original.clone();
  EXPECT_NE(clone.data(), original.data());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(clone.data()) % 64, 0u);
  EXPECT_EQ(clone.dtype(), original.dtype());
  EXPECT_EQ(clone.shape(), original.shape());
  EXPECT_EQ(clone.valuesPreview(), "[1, 2, 3]");
  clone.typed<float>()[0] = 9.0f;
  EXPECT_EQ(original.typed<float>()[0], 1.0f);
}

TEST(TensorTest, ShapeString) {
  EXPECT_EQ(Tensor(DType::Float32, {2, 3}).shapeString(), "[2, 3]");
  EXPECT_EQ(Tensor(DType::Float32, {5}).shapeString(), "[5]");
  EXPECT_EQ(Tensor(DType::Float32, {1, 0, 7}).shapeString(), "[1, 0, 7]");
}

TEST(TensorTest, PreviewFloatsUseSixSignificantDigits) {
  Tensor tensor =
      Tensor::fromFloats({5}, {0.1f, -2.5f, 3.14159265f, 1234567.0f, 1e-7f});
  EXPECT_EQ(tensor.valuesPreview(), "[0.1, -2.5, 3.14159, 1.23457e+06, 1e-07]");

  Tensor doubles(DType::Float64, {2});
  doubles.typed<double>()[0] = 2.0 / 3.0;
  doubles.typed<double>()[1] = 1e300;
  EXPECT_EQ(doubles.valuesPreview(), "[0.666667, 1e+300]");
}

TEST(TensorTest, PreviewHalfFloats) {
  Tensor halves(DType::Float16, {2});
  halves.typed<uint16_t>()[0] = 0x3555; // 0.333251953125
  halves.typed<uint16_t>()[1] = 0xFC00; // -inf
  EXPECT_EQ(halves.valuesPreview(), "[0.333252, -inf]");

  Tensor brains(DType::BFloat16, {2});
  brains.typed<uint16_t>()[0] = 0x4049; // 3.140625
  brains.typed<uint16_t>()[1] = 0x8000; // -0
  EXPECT_EQ(brains.valuesPreview(), "[3.14062, -0]");
}

TEST(TensorTest, ValueAtWidensEveryDType) {
  Tensor int64s(DType::Int64, {1});
  int64s.typed<int64_t>()[0] = -(int64_t(1) << 40);
  EXPECT_EQ(int64s.valueAt(0), -1099511627776.0);
  Tensor uint8s(DType::UInt8, {1});
  uint8s.typed<uint8_t>()[0] = 200;
  EXPECT_EQ(uint8s.valueAt(0), 200.0);
  Tensor halves(DType::Float16, {1});
  halves.typed<uint16_t>()[0] = 0xC500; // -5
  EXPECT_EQ(halves.valueAt(0), -5.0);
  Tensor brains(DType::BFloat16, {1});
  brains.typed<uint16_t>()[0] = 0x3F80; // 1
  EXPECT_EQ(brains.valueAt(0), 1.0);
}

TEST(TensorTest, PreviewIntegers) {
  Tensor int8s(DType::Int8, {3});
  int8s.typed<int8_t>()[0] = -128;
  int8s.typed<int8_t>()[1] = 65; // Must not print as the character 'A'.
  int8s.typed<int8_t>()[2] = 127;
  EXPECT_EQ(int8s.valuesPreview(), "[-128, 65, 127]");

  Tensor uint8s(DType::UInt8, {2});
  uint8s.typed<uint8_t>()[0] = 0;
  uint8s.typed<uint8_t>()[1] = 255;
  EXPECT_EQ(uint8s.valuesPreview(), "[0, 255]");

  Tensor int32s(DType::Int32, {2});
  int32s.typed<int32_t>()[0] = std::numeric_limits<int32_t>::min();
  int32s.typed<int32_t>()[1] = 7;
  EXPECT_EQ(int32s.valuesPreview(), "[-2147483648, 7]");

  Tensor int64s(DType::Int64, {2});
  int64s.typed<int64_t>()[0] = std::numeric_limits<int64_t>::max();
  int64s.typed<int64_t>()[1] = -1;
  EXPECT_EQ(int64s.valuesPreview(), "[9223372036854775807, -1]");
}

TEST(TensorTest, PreviewBools) {
  Tensor bools(DType::Bool, {3});
  bools.typed<uint8_t>()[0] = 1;
  bools.typed<uint8_t>()[2] = 1;
  EXPECT_EQ(bools.valuesPreview(), "[true, false, true]");
}

TEST(TensorTest, PreviewTruncates) {
  Tensor tensor(DType::Int32, {10});
  for (int32_t i = 0; i < 10; ++i)
    tensor.typed<int32_t>()[i] = i;
  EXPECT_EQ(tensor.valuesPreview(), "[0, 1, 2, 3, 4, 5, 6, 7, ...]");
  EXPECT_EQ(tensor.valuesPreview(3), "[0, 1, 2, ...]");
  EXPECT_EQ(tensor.valuesPreview(10), "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9]");
  EXPECT_EQ(tensor.valuesPreview(0), "[...]");
}

TEST(TensorTest, CastToConvertsEveryElementLikeACppCast) {
  Tensor source = Tensor::fromFloats({2, 3}, {-1.5f, 0.0f, 2.7f, 255.0f, 1e-3f, 3.0f});
  Tensor integers = source.castTo(DType::Int64);
  EXPECT_EQ(integers.dtype(), DType::Int64);
  EXPECT_EQ(integers.shape(), source.shape());
  EXPECT_EQ(std::vector<int64_t>(integers.typed<int64_t>(),
                                 integers.typed<int64_t>() + 6),
            (std::vector<int64_t>{-1, 0, 2, 255, 0, 3}));
  Tensor flags = source.castTo(DType::Bool);
  EXPECT_EQ(std::vector<uint8_t>(flags.typed<uint8_t>(), flags.typed<uint8_t>() + 6),
            (std::vector<uint8_t>{1, 0, 1, 1, 1, 1}));
  Tensor half = source.castTo(DType::Float16);
  EXPECT_EQ(half.valueAt(0), -1.5);
  EXPECT_EQ(half.valueAt(3), 255.0);
  Tensor back = integers.castTo(DType::Float32);
  EXPECT_EQ(back.typed<float>()[3], 255.0f);
  EXPECT_EQ(source.castTo(DType::Float32).data(), source.data())
      << "same dtype: no copy";
}

TEST(TensorTest, ReshapedSharesTheBuffer) {
  Tensor tensor = Tensor::fromFloats({2, 3}, {0, 1, 2, 3, 4, 5});
  Tensor view = tensor.reshaped({3, 2});
  EXPECT_EQ(view.shape(), (std::vector<int64_t>{3, 2}));
  EXPECT_EQ(view.data(), tensor.data());
}

} // namespace
