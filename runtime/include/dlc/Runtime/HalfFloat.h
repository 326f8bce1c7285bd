//===- HalfFloat.h - 16-bit floating-point values widened to float --------===//
//
// Tensors of float16 and bfloat16 hold their elements as 16-bit patterns;
// C++17 has no arithmetic type for them, so the runtime reads them through
// these exact conversions.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_HALFFLOAT_H
#define DLC_RUNTIME_HALFFLOAT_H

#include <cstdint>

namespace dlc {

/// The value of IEEE 754 binary16 `bits` (float16), subnormals, infinities
/// and NaNs included.
float float16ToFloat(uint16_t bits);
/// The value of bfloat16 `bits`: the upper half of a float32's bits.
float bfloat16ToFloat(uint16_t bits);

/// `value` rounded to the nearest float16 (ties to even), with overflow to
/// infinity, gradual underflow to subnormals, and NaN kept a (quiet) NaN.
uint16_t floatToFloat16(float value);
/// `value` rounded to the nearest bfloat16 (ties to even); NaN stays NaN.
uint16_t floatToBFloat16(float value);

} // namespace dlc

#endif // DLC_RUNTIME_HALFFLOAT_H
