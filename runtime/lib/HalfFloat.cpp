//===- HalfFloat.cpp - 16-bit floating-point values to and from float ----===//
#include "dlc/Runtime/HalfFloat.h"

#include <cmath>
#include <cstring>

using namespace dlc;

static float fromBits(uint32_t bits) {
  float value;
  std::memcpy(&value, &bits, sizeof(value));
  return value;
}

static uint32_t toBits(float value) {
  uint32_t bits;
  std::memcpy(&bits, &value, sizeof(bits));
  return bits;
}

/// `value >> shift`, rounded to nearest with ties to even.
static uint32_t shiftRoundingToEven(uint32_t value, unsigned shift) {
  uint32_t kept = value >> shift;
  uint32_t rest = value & ((1u << shift) - 1);
  uint32_t half = 1u << (shift - 1);
  return kept + (rest > half || (rest == half && (kept & 1)));
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

uint16_t dlc::floatToFloat16(float value) {
  uint32_t bits = toBits(value);
  uint32_t sign = (bits >> 16) & 0x8000u;
  uint32_t exponent = (bits >> 23) & 0xFFu;
  uint32_t mantissa = bits & 0x7FFFFFu;
  if (exponent == 0xFF) // Infinity, or NaN made quiet so it stays a NaN.
    return sign | 0x7C00u | (mantissa ? 0x200u | (mantissa >> 13) : 0);
  int32_t rebiased = static_cast<int32_t>(exponent) - 127 + 15;
  if (rebiased >= 0x1F)
    return sign | 0x7C00u;
  if (rebiased <= 0) {
    // Subnormal: the implicit 1 joins the mantissa, shifted by the deficit.
    if (rebiased < -10)
      return sign;
    return sign | shiftRoundingToEven(mantissa | 0x800000u, 14 - rebiased);
  }
  // A carry out of the mantissa correctly bumps the exponent (up to
  // infinity).
  return sign | shiftRoundingToEven((static_cast<uint32_t>(rebiased) << 23) |
                                        mantissa,
                                    13);
}

uint16_t dlc::floatToBFloat16(float value) {
  uint32_t bits = toBits(value);
  if (std::isnan(value))
    return static_cast<uint16_t>((bits >> 16) | 0x40u);
  return static_cast<uint16_t>(shiftRoundingToEven(bits, 16));
}
