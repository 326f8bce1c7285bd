//===- ProtoWire.h - The protobuf wire format, for tensors ---------------===//
//
// The runtime reads and writes the few protobuf messages it needs (ONNX
// tensor files, the weights of dlc model files: ModelWire.h,
// TensorFile.h) without linking protobuf, which compiled programs must not
// need. This is the wire format (protobuf.dev/programming-guides/encoding):
// fields as (number, wire type, payload).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_LIB_PROTOWIRE_H
#define DLC_RUNTIME_LIB_PROTOWIRE_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace dlc::wire {

enum WireType : uint32_t { Varint = 0, Fixed64 = 1, Length = 2, Fixed32 = 5 };

/// One field of a message: its number and wire type, and either its varint
/// or the bytes it holds (a length-delimited field's contents, a fixed
/// field's 4 or 8 bytes).
struct Field {
  uint32_t number;
  WireType type;
  uint64_t varint = 0;
  std::string_view bytes;
};

/// The message of FieldReader's errors.
inline constexpr const char *kMalformed = "malformed protobuf data";

/// Reads the fields of one message in order.
class FieldReader {
public:
  explicit FieldReader(std::string_view message) : rest_(message) {}

  /// The next field; false at the end; an error when the bytes are not a
  /// message.
  Result<bool> next(Field &field);
  bool atEnd() const { return rest_.empty(); }
  bool readVarint(uint64_t &value);

private:
  bool take(uint64_t length, std::string_view &bytes);

  std::string_view rest_;
};

/// Calls `visit` (Status(const Field &)) on each field of `message`, in
/// order; stops at the first error, its own or the reader's.
template <typename Visit>
Status forEachField(std::string_view message, Visit visit) {
  FieldReader reader(message);
  Field field;
  for (;;) {
    Result<bool> more = reader.next(field);
    if (!more)
      return more.status();
    if (!*more)
      return Status::ok();
    DLC_RETURN_IF_ERROR(visit(field));
  }
}

/// The elements of a repeated float or double field, packed or not,
/// appended to `values`; false if malformed.
template <typename T>
bool appendFixed(const Field &field, std::vector<T> &values) {
  if ((field.type != Length && field.bytes.size() != sizeof(T)) ||
      field.bytes.size() % sizeof(T))
    return false;
  if (field.bytes.empty())
    return true;  // an empty packed field (memcpy may not take null)
  size_t start = values.size();
  values.resize(start + field.bytes.size() / sizeof(T));
  std::memcpy(values.data() + start, field.bytes.data(), field.bytes.size());
  return true;
}

/// The elements of a repeated integer field, packed or not, appended to
/// `values`; false if malformed.
bool appendVarints(const Field &field, std::vector<int64_t> &values);

/// The values a tensor message carries, in one of its forms.
struct TensorPayload {
  std::string_view raw;
  std::vector<float> floats;
  std::vector<double> doubles;
  /// Integers, bools, and the bits of float16 and bfloat16 values.
  std::vector<int64_t> ints;
};

/// A tensor of `dtype` and `shape` holding `payload`; an error naming
/// `what` when the number of values does not fit the shape.
Result<Tensor> tensorFromPayload(DType dtype, const std::vector<int64_t> &shape,
                                 const TensorPayload &payload,
                                 const std::string &what);

void writeVarint(std::string &out, uint64_t value);
void writeKey(std::string &out, uint32_t number, WireType type);
void writeBytes(std::string &out, uint32_t number, std::string_view bytes);

} // namespace dlc::wire

#endif // DLC_RUNTIME_LIB_PROTOWIRE_H
