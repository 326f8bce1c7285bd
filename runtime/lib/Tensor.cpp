//===- Tensor.cpp - Buffer management and printing of host tensors --------===//
//
// Implements the Tensor declared in Tensor.h: aligned zero-filled buffers,
// deep copies and the human-readable shape/value strings used by drivers.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Tensor.h"

#include <cassert>
#include <cstdio>
#include <cstdlib>
#include <cstring>
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
    return 4;
  case DType::Float64:
  case DType::Int64:
    return 8;
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
  }
  assert(false && "unknown DType");
  return "unknown";
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

int64_t Tensor::numElements() const {
  int64_t count = 1;
  for (int64_t dim : shape_)
    count *= dim;
  return count;
}

/// Formats element `index` of a buffer holding `dtype` values.
static std::string formatElement(DType dtype, const void *data, size_t index) {
  switch (dtype) {
  case DType::Float32:
  case DType::Float64: {
    double value = dtype == DType::Float32
                       ? static_cast<const float *>(data)[index]
                       : static_cast<const double *>(data)[index];
    char text[32];
    std::snprintf(text, sizeof(text), "%.6g", value);
    return text;
  }
  case DType::Int8:
    return std::to_string(static_cast<const int8_t *>(data)[index]);
  case DType::UInt8:
    return std::to_string(static_cast<const uint8_t *>(data)[index]);
  case DType::Int32:
    return std::to_string(static_cast<const int32_t *>(data)[index]);
  case DType::Int64:
    return std::to_string(static_cast<const int64_t *>(data)[index]);
  case DType::Bool:
    return static_cast<const uint8_t *>(data)[index] ? "true" : "false";
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
    result += formatElement(dtype_, data(), i);
  }
  if (shown < count)
    result += shown == 0 ? "..." : ", ...";
  return result + "]";
}
