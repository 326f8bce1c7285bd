//===- Tensor.cpp - Buffer management and printing of host tensors --------===//
//
// Implements the Tensor declared in Tensor.h: aligned zero-filled buffers,
// deep copies and the human-readable shape/value strings used by drivers.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Tensor.h"

#include "dlc/Runtime/HalfFloat.h"

#include <cassert>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <utility>

using namespace dlc;

/// 64 bytes is a cache line and the widest vector register (AVX-512), so
/// compiled code may use aligned vector loads on any tensor buffer.
static constexpr size_t kBufferAlignment = 64;

size_t dlc::dtypeSize(DType dtype) {
  switch (dtype) {
  case DType::Float32:
  case DType::Int32:
  case DType::UInt32:
    return 4;
  case DType::Float64:
  case DType::Int64:
  case DType::UInt64:
    return 8;
  case DType::Float16:
  case DType::BFloat16:
  case DType::Int16:
  case DType::UInt16:
    return 2;
  case DType::Int8:
  case DType::UInt8:
  case DType::Bool:
    return 1;
  }
  assert(false && "unknown DType");
  return 0;
}

const char *dlc::dtypeName(DType dtype) {
  switch (dtype) {
  case DType::Float32:
    return "float32";
  case DType::Float64:
    return "float64";
  case DType::Int8:
    return "int8";
  case DType::UInt8:
    return "uint8";
  case DType::Int32:
    return "int32";
  case DType::Int64:
    return "int64";
  case DType::Bool:
    return "bool";
  case DType::Float16:
    return "float16";
  case DType::BFloat16:
    return "bfloat16";
  case DType::Int16:
    return "int16";
  case DType::UInt16:
    return "uint16";
  case DType::UInt32:
    return "uint32";
  case DType::UInt64:
    return "uint64";
  }
  assert(false && "unknown DType");
  return "unknown";
}

std::optional<dlc::DType> dlc::dtypeFromName(std::string_view name) {
  for (DType dtype : {DType::Float32, DType::Float64, DType::Int8,
                      DType::UInt8, DType::Int32, DType::Int64, DType::Bool,
                      DType::Float16, DType::BFloat16, DType::Int16,
                      DType::UInt16, DType::UInt32, DType::UInt64})
    if (name == dtypeName(dtype))
      return dtype;
  return std::nullopt;
}

std::string dlc::formatShape(const std::vector<int64_t> &shape) {
  std::string result = "[";
  for (size_t i = 0; i < shape.size(); ++i) {
    if (i != 0)
      result += ", ";
    result += std::to_string(shape[i]);
  }
  return result + "]";
}

void Tensor::AlignedFree::operator()(void *pointer) const {
  std::free(pointer);
}

Tensor::Tensor(DType dtype, std::vector<int64_t> shape)
    : dtype_(dtype), shape_(std::move(shape)) {
  for ([[maybe_unused]] int64_t dim : shape_)
    assert(dim >= 0 && "tensor dimensions must be non-negative");
  // std::aligned_alloc requires a size that is a multiple of the alignment;
  // never allocating less than one block keeps data() non-null for empty
  // tensors, which callers may pass to memcpy or compiled code unchecked.
  size_t bytes = sizeInBytes();
  size_t allocated = bytes == 0 ? kBufferAlignment
                                : (bytes + kBufferAlignment - 1) /
                                      kBufferAlignment * kBufferAlignment;
  void *pointer = std::aligned_alloc(kBufferAlignment, allocated);
  if (!pointer)
    throw std::bad_alloc();
  std::memset(pointer, 0, allocated);
  buffer_ = std::shared_ptr<void>(pointer, AlignedFree());
}

Tensor Tensor::fromFloats(std::vector<int64_t> shape,
                          const std::vector<float> &values) {
  Tensor tensor(DType::Float32, std::move(shape));
  assert(static_cast<int64_t>(values.size()) == tensor.numElements() &&
         "value count does not match the shape");
  std::memcpy(tensor.data(), values.data(), values.size() * sizeof(float));
  return tensor;
}

Tensor Tensor::clone() const {
  Tensor copy(dtype_, shape_);
  std::memcpy(copy.data(), data(), sizeInBytes());
  return copy;
}

Tensor Tensor::reshaped(std::vector<int64_t> shape) const {
  Tensor view = *this;
  view.shape_ = std::move(shape);
  assert(view.numElements() == numElements() && "reshape changes the size");
  return view;
}

std::optional<int64_t>
dlc::checkedElementCount(const std::vector<int64_t> &shape) {
  int64_t count = 1;
  for (int64_t dim : shape)
    if (dim < 0 || __builtin_mul_overflow(count, dim, &count))
      return std::nullopt;
  return count;
}

int64_t Tensor::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape_)
    count *= dim;
  return count;
}

double Tensor::valueAt(int64_t index) const {
  switch (dtype_) {
  case DType::Float32:
    return typed<float>()[index];
  case DType::Float64:
    return typed<double>()[index];
  case DType::Int8:
    return typed<int8_t>()[index];
  case DType::UInt8:
  case DType::Bool:
    return typed<uint8_t>()[index];
  case DType::Int32:
    return typed<int32_t>()[index];
  case DType::Int64:
    return static_cast<double>(typed<int64_t>()[index]);
  case DType::Float16:
    return float16ToFloat(typed<uint16_t>()[index]);
  case DType::BFloat16:
    return bfloat16ToFloat(typed<uint16_t>()[index]);
  case DType::Int16:
    return typed<int16_t>()[index];
  case DType::UInt16:
    return typed<uint16_t>()[index];
  case DType::UInt32:
    return typed<uint32_t>()[index];
  case DType::UInt64:
    return static_cast<double>(typed<uint64_t>()[index]);
  }
  assert(false && "unknown DType");
  return 0;
}

namespace {

/// `value` truncated to the integer type T, saturating at T's bounds (NaN
/// becomes 0): the cases where static_cast would be undefined.
template <typename T> T saturatingCast(double value) {
  if (std::isnan(value))
    return 0;
  // Bounds as doubles: max() of a 64-bit type rounds up to 2^63 or 2^64,
  // a value the type cannot hold, hence >= rather than >.
  if (value <= static_cast<double>(std::numeric_limits<T>::min()))
    return std::numeric_limits<T>::min();
  if (value >= static_cast<double>(std::numeric_limits<T>::max()))
    return std::numeric_limits<T>::max();
  return static_cast<T>(value);
}

} // namespace

void Tensor::setValueAt(int64_t index, double value) {
  switch (dtype_) {
  case DType::Float32:
    typed<float>()[index] = static_cast<float>(value);
    return;
  case DType::Float64:
    typed<double>()[index] = value;
    return;
  case DType::Int8:
    typed<int8_t>()[index] = saturatingCast<int8_t>(value);
    return;
  case DType::UInt8:
    typed<uint8_t>()[index] = saturatingCast<uint8_t>(value);
    return;
  case DType::Bool:
    typed<uint8_t>()[index] = value != 0;
    return;
  case DType::Int32:
    typed<int32_t>()[index] = saturatingCast<int32_t>(value);
    return;
  case DType::Int64:
    typed<int64_t>()[index] = saturatingCast<int64_t>(value);
    return;
  case DType::Float16:
    typed<uint16_t>()[index] = floatToFloat16(static_cast<float>(value));
    return;
  case DType::BFloat16:
    typed<uint16_t>()[index] = floatToBFloat16(static_cast<float>(value));
    return;
  case DType::Int16:
    typed<int16_t>()[index] = saturatingCast<int16_t>(value);
    return;
  case DType::UInt16:
    typed<uint16_t>()[index] = saturatingCast<uint16_t>(value);
    return;
  case DType::UInt32:
    typed<uint32_t>()[index] = saturatingCast<uint32_t>(value);
    return;
  case DType::UInt64:
    typed<uint64_t>()[index] = saturatingCast<uint64_t>(value);
    return;
  }
  assert(false && "unknown DType");
}

Tensor Tensor::castTo(DType dtype) const {
  // Labels are cast once per training step: no copy when nothing changes.
  if (dtype == dtype_)
    return *this;
  Tensor result(dtype, shape_);
  for (int64_t i = 0; i < numElements(); ++i)
    result.setValueAt(i, valueAt(i));
  return result;
}

/// Element `index` of `tensor` for a human: floats with 6 significant
/// digits, integers exactly.
static std::string formatElement(const Tensor &tensor, int64_t index) {
  switch (tensor.dtype()) {
  case DType::Float32:
  case DType::Float64:
  case DType::Float16:
  case DType::BFloat16: {
    char text[32];
    std::snprintf(text, sizeof(text), "%.6g", tensor.valueAt(index));
    return text;
  }
  case DType::Int64: // Not through double, which rounds beyond 2^53.
    return std::to_string(tensor.typed<int64_t>()[index]);
  case DType::UInt64:
    return std::to_string(tensor.typed<uint64_t>()[index]);
  case DType::Int8:
  case DType::UInt8:
  case DType::Int16:
  case DType::UInt16:
  case DType::Int32:
  case DType::UInt32:
    return std::to_string(static_cast<int64_t>(tensor.valueAt(index)));
  case DType::Bool:
    return tensor.valueAt(index) != 0 ? "true" : "false";
  }
  assert(false && "unknown DType");
  return "?";
}

std::string Tensor::valuesPreview(size_t maxValues) const {
  size_t count = static_cast<size_t>(numElements());
  size_t shown = count < maxValues ? count : maxValues;
  std::string result = "[";
  for (size_t i = 0; i < shown; ++i) {
    if (i != 0)
      result += ", ";
    result += formatElement(*this, static_cast<int64_t>(i));
  }
  if (shown < count)
    result += shown == 0 ? "..." : ", ...";
  return result + "]";
}
