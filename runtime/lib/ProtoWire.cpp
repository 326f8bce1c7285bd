//===- ProtoWire.cpp - The protobuf wire format, for tensors --------------===//
#include "ProtoWire.h"

namespace dlc::wire {

Result<bool> FieldReader::next(Field &field) {
  if (rest_.empty())
    return false;
  auto malformed = [] { return Status::error(kMalformed); };
  uint64_t key;
  if (!readVarint(key))
    return malformed();
  field.number = static_cast<uint32_t>(key >> 3);
  field.type = static_cast<WireType>(key & 7);
  switch (field.type) {
  case Varint:
    if (!readVarint(field.varint))
      return malformed();
    return true;
  case Fixed64:
  case Fixed32:
    if (!take(field.type == Fixed64 ? 8 : 4, field.bytes))
      return malformed();
    return true;
  case Length: {
    uint64_t length;
    if (!readVarint(length) || !take(length, field.bytes))
      return malformed();
    return true;
  }
  }
  return malformed();
}

bool FieldReader::readVarint(uint64_t &value) {
  value = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (rest_.empty())
      return false;
    uint8_t byte = static_cast<uint8_t>(rest_.front());
    rest_.remove_prefix(1);
    value |= static_cast<uint64_t>(byte & 0x7f) << shift;
    if (!(byte & 0x80))
      return true;
  }
  return false;
}

bool FieldReader::take(uint64_t length, std::string_view &bytes) {
  if (length > rest_.size())
    return false;
  bytes = rest_.substr(0, length);
  rest_.remove_prefix(length);
  return true;
}

bool appendVarints(const Field &field, std::vector<int64_t> &values) {
  if (field.type == Varint) {
    values.push_back(static_cast<int64_t>(field.varint));
    return true;
  }
  if (field.type != Length)
    return false;
  FieldReader packed(field.bytes);
  while (!packed.atEnd()) {
    uint64_t value;
    if (!packed.readVarint(value))
      return false;
    values.push_back(static_cast<int64_t>(value));
  }
  return true;
}

Result<Tensor> tensorFromPayload(DType dtype, const std::vector<int64_t> &shape,
                                 const TensorPayload &payload,
                                 const std::string &what) {
  for (int64_t dim : shape)
    if (dim < 0)
      return Status::error(what + ": negative dimension in " +
                           formatShape(shape));
  std::optional<int64_t> elements = checkedElementCount(shape);
  if (!elements)
    return Status::error(what + ": shape " + formatShape(shape) +
                         " has too many elements");
  int64_t count = *elements;
  // The payload is checked against the shape before anything is
  // allocated: a corrupt shape must not cost memory.
  auto mismatch = [&](size_t got) {
    return Status::error(what + " has " + std::to_string(got) +
                         " values for shape " + formatShape(shape));
  };
  if (!payload.raw.empty()) {
    uint64_t bytes;
    if (__builtin_mul_overflow(static_cast<uint64_t>(count), dtypeSize(dtype),
                               &bytes) ||
        payload.raw.size() != bytes)
      return mismatch(payload.raw.size() / dtypeSize(dtype));
    Tensor tensor(dtype, shape);
    std::memcpy(tensor.data(), payload.raw.data(), payload.raw.size());
    return tensor;
  }
  // The values come from one field; values in two would be read past the
  // end of one of them.
  int fields = !payload.floats.empty() + !payload.doubles.empty() +
               !payload.ints.empty();
  if (fields > 1)
    return Status::error(what + " has values in more than one data field");
  size_t got =
      payload.floats.size() + payload.doubles.size() + payload.ints.size();
  if (got != static_cast<size_t>(count))
    return mismatch(got);
  Tensor tensor(dtype, shape);
  bool halfBits = dtype == DType::Float16 || dtype == DType::BFloat16;
  for (int64_t i = 0; i < count; ++i) {
    if (halfBits && !payload.ints.empty())
      tensor.typed<uint16_t>()[i] = static_cast<uint16_t>(payload.ints[i]);
    else if (dtype == DType::Int64 && !payload.ints.empty())
      tensor.typed<int64_t>()[i] = payload.ints[i]; // exact beyond 2^53
    else if (dtype == DType::UInt64 && !payload.ints.empty())
      tensor.typed<uint64_t>()[i] = static_cast<uint64_t>(payload.ints[i]);
    else
      tensor.setValueAt(i, !payload.floats.empty()    ? payload.floats[i]
                           : !payload.doubles.empty() ? payload.doubles[i]
                                                      : payload.ints[i]);
  }
  return tensor;
}

void writeVarint(std::string &out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  out.push_back(static_cast<char>(value));
}

void writeKey(std::string &out, uint32_t number, WireType type) {
  writeVarint(out, static_cast<uint64_t>(number) << 3 | type);
}

void writeBytes(std::string &out, uint32_t number, std::string_view bytes) {
  writeKey(out, number, Length);
  writeVarint(out, bytes.size());
  out.append(bytes);
}

} // namespace dlc::wire
