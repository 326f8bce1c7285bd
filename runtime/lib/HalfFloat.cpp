//===- HalfFloat.cpp - 16-bit floating-point values widened to float ------===//
#include "dlc/Runtime/HalfFloat.h"

#include <cmath>
#include <cstring>

using namespace dlc;

static float fromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

float dlc::float16ToFloat(uint16_t bits) {
  uint32_t sign = static_cast<uint32_t>(bits & 0x8000u) << 16;
  uint32_t exponent = (bits >> 10) & 0x1Fu;
  uint32_t mantissa = bits & 0x3FFu;
  if (exponent == 0x1F) // Infinity or NaN (the payload is kept).
    return fromBits(sign | 0x7F800000u | (mantissa << 13));
  if (exponent == 0) {
    // Zero or subnormal: mantissa * 2^-24, which float32 holds exactly.
    float magnitude = std::ldexp(static_cast<float>(mantissa), -24);
    return sign ? -magnitude : magnitude;
  }
  // Rebias the exponent from 15 to 127.
  return fromBits(sign | ((exponent + 112) << 23) | (mantissa << 13));
}

float dlc::bfloat16ToFloat(uint16_t bits) {
  return fromBits(static_cast<uint32_t>(bits) << 16);
}
