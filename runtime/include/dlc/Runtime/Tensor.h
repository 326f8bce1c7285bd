//===- Tensor.h - The host tensor type shared by drivers and compiled code ===//
//
// A dense, row-major tensor that owns a 64-byte aligned buffer. Compiled
// models read inputs from and write outputs to these buffers directly.
//
// Copying a Tensor is cheap and shallow: the copies share one buffer, so a
// write through one is seen by all. Use clone() for an independent copy.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TENSOR_H
#define DLC_RUNTIME_TENSOR_H

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace dlc {

enum class DType : uint8_t {
  Float32,
  Float64,
  Int8,
  UInt8,
  Int32,
  Int64,
  Bool,
  /// IEEE 754 binary16 and bfloat16, stored as their 16-bit patterns
  /// (HalfFloat.h reads them).
  Float16,
  BFloat16,
  Int16,
  UInt16,
  UInt32,
  UInt64,
};

/// Size in bytes of one element (Bool is stored as one byte).
size_t dtypeSize(DType dtype);
/// Short lowercase name: "float32", "int64", "bool", ...
const char *dtypeName(DType dtype);
/// The dtype whose dtypeName() is `name`, if any.
std::optional<DType> dtypeFromName(std::string_view name);
/// "[2, 3]"; "[]" for a scalar.
std::string formatShape(const std::vector<int64_t> &shape);

/// The element count of `shape`, multiplied in the order
/// Tensor::numElements multiplies it, or nullopt when a dimension is
/// negative or a partial product overflows int64 (the count of [2^62, 6, 0]
/// is 0, yet its first product overflows). Readers check a shape they read
/// with this before making a Tensor of it.
std::optional<int64_t> checkedElementCount(const std::vector<int64_t> &shape);

class Tensor {
public:
  /// A float32 scalar holding 0, so that even a default tensor has a buffer.
  Tensor() : Tensor(DType::Float32, {}) {}
  /// Allocates a zero-filled tensor. Every dimension must be >= 0. The buffer
  /// is 64-byte aligned and at least 64 bytes long, so data() is never null,
  /// even for a tensor with no elements.
  Tensor(DType dtype, std::vector<int64_t> shape);

  /// Builds a float32 tensor from values (size must match the shape).
  static Tensor fromFloats(std::vector<int64_t> shape,
                           const std::vector<float> &values);

  /// A deep copy: same dtype, shape and values in a buffer of its own.
  Tensor clone() const;
  /// The same buffer seen with another shape of the same element count
  /// (row-major data is unchanged by a reshape); asserts the count.
  Tensor reshaped(std::vector<int64_t> shape) const;

  DType dtype() const { return dtype_; }
  const std::vector<int64_t> &shape() const { return shape_; }
  int64_t rank() const { return static_cast<int64_t>(shape_.size()); }
  int64_t numElements() const;
  size_t sizeInBytes() const { return numElements() * dtypeSize(dtype_); }

  void *data() { return buffer_.get(); }
  const void *data() const { return buffer_.get(); }
  /// Whether no other Tensor shares this one's buffer, so that writing it
  /// changes no one else's values.
  bool ownsBufferAlone() const { return buffer_.use_count() == 1; }
  template <typename T> T *typed() { return static_cast<T *>(data()); }
  template <typename T> const T *typed() const {
    return static_cast<const T *>(data());
  }

  /// Element `index` (row-major) widened to double, whatever the dtype
  /// (int64 beyond 2^53 rounds; a bool reads as 0 or 1).
  double valueAt(int64_t index) const;
  /// Stores `value` at element `index`, converted to the dtype as a C++
  /// cast would (floats to integers truncate; bool is value != 0), except
  /// where such a cast is undefined: a value outside an integer type's
  /// range saturates to its bound, and NaN becomes 0.
  void setValueAt(int64_t index, double value);
  /// The elements converted to `dtype` (see setValueAt) in a new buffer, or
  /// this tensor itself (sharing its buffer) when it already has `dtype`.
  Tensor castTo(DType dtype) const;

  /// "[2, 3]", as formatShape(shape()).
  std::string shapeString() const { return formatShape(shape_); }
  /// The first `maxValues` elements, formatted for a human: "[0.1, 0.2, ...]".
  /// Floats get up to 6 significant digits, bools print as true/false.
  std::string valuesPreview(size_t maxValues = 8) const;

private:
  struct AlignedFree {
    void operator()(void *pointer) const;
  };
  DType dtype_ = DType::Float32;
  std::vector<int64_t> shape_;
  std::shared_ptr<void> buffer_;
};

/// Name, element type and shape of a tensor a function takes or gives
/// (-1 for a dimension left open).
struct TensorSpec {
  std::string name;
  DType dtype;
  std::vector<int64_t> shape;
};

/// A tensor with the name of the model input or output it is.
struct NamedTensor {
  std::string name;
  Tensor tensor;
};

} // namespace dlc

#endif // DLC_RUNTIME_TENSOR_H
