//===- HalfFloatTest.cpp - Unit tests of the 16-bit float conversions -----===//
//
// Each bit pattern is checked against its value as IEEE 754 binary16 and
// bfloat16 define it (numpy.float16 gives the same values).
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/HalfFloat.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

using namespace dlc;

namespace {

TEST(HalfFloatTest, Float16NormalValues) {
  EXPECT_EQ(float16ToFloat(0x3C00), 1.0f);
  EXPECT_EQ(float16ToFloat(0xC000), -2.0f);
  EXPECT_EQ(float16ToFloat(0x3555), 0.333251953125f);
  EXPECT_EQ(float16ToFloat(0x7BFF), 65504.0f); // The largest.
  EXPECT_EQ(float16ToFloat(0x0400), std::ldexp(1.0f, -14)); // The smallest.
}

TEST(HalfFloatTest, Float16ZerosAndSubnormals) {
  EXPECT_EQ(float16ToFloat(0x0000), 0.0f);
  EXPECT_TRUE(std::signbit(float16ToFloat(0x8000)));
  EXPECT_EQ(float16ToFloat(0x0001), std::ldexp(1.0f, -24));
  EXPECT_EQ(float16ToFloat(0x83FF), -1023 * std::ldexp(1.0f, -24));
}

TEST(HalfFloatTest, Float16InfinitiesAndNaN) {
  EXPECT_EQ(float16ToFloat(0x7C00), std::numeric_limits<float>::infinity());
  EXPECT_EQ(float16ToFloat(0xFC00), -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(float16ToFloat(0x7E00)));
  EXPECT_TRUE(std::isnan(float16ToFloat(0xFC01)));
}

TEST(HalfFloatTest, BFloat16IsTheUpperHalfOfAFloat) {
  EXPECT_EQ(bfloat16ToFloat(0x3F80), 1.0f);
  EXPECT_EQ(bfloat16ToFloat(0xC049), -3.140625f);
  EXPECT_EQ(bfloat16ToFloat(0x0001), std::ldexp(1.0f, -133)); // Subnormal.
  EXPECT_EQ(bfloat16ToFloat(0x7F80), std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(bfloat16ToFloat(0x7FC0)));
}

TEST(HalfFloatTest, NarrowingRoundTripsEveryPattern) {
  for (uint32_t bits = 0; bits <= 0xFFFF; ++bits) {
    float widened = float16ToFloat(static_cast<uint16_t>(bits));
    if (std::isnan(widened))
      EXPECT_TRUE(std::isnan(float16ToFloat(floatToFloat16(widened))));
    else
      EXPECT_EQ(floatToFloat16(widened), bits) << std::hex << bits;
    float brain = bfloat16ToFloat(static_cast<uint16_t>(bits));
    if (std::isnan(brain))
      EXPECT_TRUE(std::isnan(bfloat16ToFloat(floatToBFloat16(brain))));
    else
      EXPECT_EQ(floatToBFloat16(brain), bits) << std::hex << bits;
  }
}

TEST(HalfFloatTest, NarrowingRoundsToNearestEven) {
  // 1 + 2^-11 lies halfway between 1 and the next float16: ties to even (1).
  EXPECT_EQ(floatToFloat16(1.0f + std::ldexp(1.0f, -11)), 0x3C00);
  // 1 + 3 * 2^-11 lies halfway between two neighbors: to the even one.
  EXPECT_EQ(floatToFloat16(1.0f + 3 * std::ldexp(1.0f, -11)), 0x3C02);
  EXPECT_EQ(floatToFloat16(65520.0f), 0x7C00) << "rounds up to infinity";
  EXPECT_EQ(floatToFloat16(65519.0f), 0x7BFF);
  EXPECT_EQ(floatToFloat16(std::ldexp(1.0f, -25)), 0x0000) << "tie to zero";
  EXPECT_EQ(floatToFloat16(std::ldexp(1.5f, -25)), 0x0001);
  EXPECT_EQ(floatToFloat16(-1e-10f), 0x8000);
  EXPECT_EQ(floatToBFloat16(1.0f + std::ldexp(1.0f, -8)), 0x3F80);
  EXPECT_EQ(floatToBFloat16(1.0f + 3 * std::ldexp(1.0f, -8)), 0x3F82);
}

} // namespace
