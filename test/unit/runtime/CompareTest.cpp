//===- CompareTest.cpp - Unit tests of compareTensors ---------------------===//
//
// The tolerance rule (numpy.allclose), its special values, and the message
// that points at the first element outside the tolerance.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Compare.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace dlc;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

TEST(CompareTest, EqualTensorsHaveNoError) {
  Tensor a = Tensor::fromFloats({2, 2}, {1, -2, 0, 4});
  Result<TensorErrors> errors = compareTensors(a, a.clone(), 0, 0);
  ASSERT_TRUE(errors) << errors.status().message();
  EXPECT_EQ(errors->maxAbsolute, 0);
  EXPECT_EQ(errors->maxRelative, 0);
}

TEST(CompareTest, ReportsLargestErrorsWithinTolerance) {
  Tensor actual = Tensor::fromFloats({3}, {1.5f, 2, 0.25f});
  Tensor expected = Tensor::fromFloats({3}, {1, 2, 0});
  Result<TensorErrors> errors = compareTensors(actual, expected, 0.5, 0.25);
  ASSERT_TRUE(errors) << errors.status().message();
  EXPECT_DOUBLE_EQ(errors->maxAbsolute, 0.5);
  // The element whose expected value is 0 has no relative error.
  EXPECT_DOUBLE_EQ(errors->maxRelative, 0.5);
}

TEST(CompareTest, ToleranceIsAtolPlusRtolTimesExpected) {
  Tensor expected = Tensor::fromFloats({1}, {100});
  // Allowed: 1 + 0.01 * 100 = 2.
  EXPECT_TRUE(
      compareTensors(Tensor::fromFloats({1}, {102}), expected, 0.01, 1));
  EXPECT_TRUE(compareTensors(Tensor::fromFloats({1}, {98}), expected, 0.01, 1));
  EXPECT_FALSE(
      compareTensors(Tensor::fromFloats({1}, {102.5f}), expected, 0.01, 1));
  // Relative to the expected value, not the actual one.
  EXPECT_FALSE(compareTensors(expected, Tensor::fromFloats({1}, {1}), 1, 0));
}

TEST(CompareTest, MessageNamesFirstMismatchByIndex) {
  Tensor actual = Tensor::fromFloats({2, 3}, {0, 1, 2, 0.5f, 4, 6});
  Tensor expected = Tensor::fromFloats({2, 3}, {0, 1, 2, 0.25f, 4, 5});
  Result<TensorErrors> errors = compareTensors(actual, expected, 1e-5, 1e-8);
  ASSERT_FALSE(errors);
  EXPECT_EQ(errors.status().message(),
            "2 of 6 elements differ (max abs error 1, max rel error 1); first "
            "at [1, 0]: got 0.5, expected 0.25");
}

TEST(CompareTest, ValuesPrintWithFloat32Precision) {
  Tensor actual = Tensor::fromFloats({1}, {0.1f});
  Tensor expected = Tensor::fromFloats({1}, {std::nextafter(0.1f, 1.0f)});
  Result<TensorErrors> errors = compareTensors(actual, expected, 0, 0);
  ASSERT_FALSE(errors);
  EXPECT_NE(errors.status().message().find(
                "got 0.100000001, expected 0.100000009"),
            std::string::npos)
      << errors.status().message();
}

TEST(CompareTest, SpecialValues) {
  auto one = [](float value) { return Tensor::fromFloats({1}, {value}); };
  EXPECT_TRUE(compareTensors(one(kNaN), one(kNaN), 0, 0));
  EXPECT_TRUE(compareTensors(one(kInf), one(kInf), 0, 0));
  EXPECT_FALSE(compareTensors(one(kNaN), one(1), 1, 1));
  EXPECT_FALSE(compareTensors(one(1), one(kNaN), 1, 1));
  EXPECT_FALSE(compareTensors(one(-kInf), one(kInf), 1, 1));
  // An infinite tolerance (rtol * inf) does not make 1 match infinity.
  EXPECT_FALSE(compareTensors(one(1), one(kInf), 1, 1));
  Result<TensorErrors> errors = compareTensors(one(kNaN), one(1), 0, 0);
  ASSERT_FALSE(errors);
  EXPECT_NE(errors.status().message().find("max abs error inf"),
            std::string::npos)
      << errors.status().message();
}

TEST(CompareTest, IntegerTensors) {
  Tensor actual(DType::Int64, {3}), expected(DType::Int64, {3});
  for (int64_t i = 0; i < 3; ++i)
    actual.typed<int64_t>()[i] = expected.typed<int64_t>()[i] = i - 1;
  EXPECT_TRUE(compareTensors(actual, expected, 0, 0));
  actual.typed<int64_t>()[2] = 7;
  Result<TensorErrors> errors = compareTensors(actual, expected, 0, 0.5);
  ASSERT_FALSE(errors);
  EXPECT_NE(errors.status().message().find("first at [2]: got 7, expected 1"),
            std::string::npos)
      << errors.status().message();
}

TEST(CompareTest, DTypeAndShapeMustMatch) {
  Tensor floats = Tensor::fromFloats({2, 2}, {1, 2, 3, 4});
  Result<TensorErrors> shape =
      compareTensors(floats, Tensor::fromFloats({4}, {1, 2, 3, 4}), 1, 1);
  ASSERT_FALSE(shape);
  EXPECT_EQ(shape.status().message(),
            "got float32 [2, 2], expected float32 [4]");
  Result<TensorErrors> dtype =
      compareTensors(floats, Tensor(DType::Float64, {2, 2}), 1, 1);
  ASSERT_FALSE(dtype);
  EXPECT_EQ(dtype.status().message(),
            "got float32 [2, 2], expected float64 [2, 2]");
}

TEST(CompareTest, ScalarsAndEmptyTensors) {
  Tensor scalar = Tensor::fromFloats({}, {3});
  Result<TensorErrors> errors =
      compareTensors(scalar, Tensor::fromFloats({}, {4}), 0, 0);
  ASSERT_FALSE(errors);
  EXPECT_NE(errors.status().message().find("1 of 1 elements differ"),
            std::string::npos);
  EXPECT_NE(errors.status().message().find("first at []"), std::string::npos);
  Tensor empty(DType::Float32, {0, 3});
  EXPECT_TRUE(compareTensors(empty, empty.clone(), 0, 0));
}

} // namespace
