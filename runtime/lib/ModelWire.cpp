//===- ModelWire.cpp - Weights of a model file without protobuf -----------===//
#include "dlc/Runtime/ModelWire.h"

#include <cstring>

namespace dlc {
namespace {

// Field numbers of frontend/proto/dlc/proto/model.proto.
constexpr uint32_t kModelMetadata = 5, kModelGraph = 6;
constexpr uint32_t kGraphInitializers = 4;
constexpr uint32_t kTensorName = 1, kTensorDtype = 2, kTensorShape = 3,
                   kTensorFloatData = 4, kTensorDoubleData = 5,
                   kTensorIntData = 6, kTensorRawData = 7, kTensorInit = 8;
constexpr uint32_t kEntryKey = 1, kEntryValue = 2;

enum WireType : uint32_t { Varint = 0, Fixed64 = 1, Length = 2, Fixed32 = 5 };

//===----------------------------------------------------------------------===//
// Decoding
//===----------------------------------------------------------------------===//

/// One field of a message: its number and wire type, and either its varint
/// or the bytes it holds (a length-delimited field's contents, a fixed
/// field's 4 or 8 bytes).
struct Field {
  uint32_t number;
  WireType type;
  uint64_t varint = 0;
  std::string_view bytes;
};

/// Reads the fields of one message in order.
class FieldReader {
public:
  explicit FieldReader(std::string_view message) : rest_(message) {}

  /// The next field; false at the end; an error status when malformed.
  Result<bool> next(Field &field) {
    if (rest_.empty())
      return false;
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

  bool atEnd() const { return rest_.empty(); }

  bool readVarint(uint64_t &value) {
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

private:
  bool take(uint64_t length, std::string_view &bytes) {
    if (length > rest_.size())
      return false;
    bytes = rest_.substr(0, length);
    rest_.remove_prefix(length);
    return true;
  }
  Status malformed() const {
    return Status::error("not a dlc model file (malformed protobuf data)");
  }

  std::string_view rest_;
};

/// The elements of a repeated float or double field, packed or not,
/// appended to `values`.
template <typename T>
bool appendFixed(const Field &field, std::vector<T> &values) {
  if (field.type != Length && field.bytes.size() != sizeof(T))
    return false;
  if (field.bytes.size() % sizeof(T))
    return false;
  size_t start = values.size();
  values.resize(start + field.bytes.size() / sizeof(T));
  std::memcpy(values.data() + start, field.bytes.data(), field.bytes.size());
  return true;
}

/// The elements of a repeated int64 field, packed or not, appended to
/// `values`.
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

/// An initializer: its name and a tensor of its dtype and shape holding
/// the raw, float, double or int data it carries.
Result<NamedTensor> decodeTensor(std::string_view message) {
  std::string name;
  uint64_t dtypeNumber = 0;
  std::vector<int64_t> shape, ints;
  std::vector<float> floats;
  std::vector<double> doubles;
  std::string_view raw;
  bool lazy = false;
  FieldReader reader(message);
  Field field;
  for (;;) {
    Result<bool> more = reader.next(field);
    if (!more)
      return more.status();
    if (!*more)
      break;
    bool valid = true;
    switch (field.number) {
    case kTensorName:
      name = std::string(field.bytes);
      break;
    case kTensorDtype:
      dtypeNumber = field.varint;
      break;
    case kTensorShape:
      valid = appendVarints(field, shape);
      break;
    case kTensorFloatData:
      valid = appendFixed(field, floats);
      break;
    case kTensorDoubleData:
      valid = appendFixed(field, doubles);
      break;
    case kTensorIntData:
      valid = appendVarints(field, ints);
      break;
    case kTensorRawData:
      raw = field.bytes;
      break;
    case kTensorInit:
      lazy = true;
      break;
    default:
      break;
    }
    if (!valid)
      return Status::error("initializer '" + name + "': malformed data");
  }
  // The runtime's DType lists the format's DataType values 1.. in order.
  if (dtypeNumber < 1 || dtypeNumber > static_cast<uint64_t>(DType::BFloat16) + 1)
    return Status::error("initializer '" + name + "': unknown dtype " +
                         std::to_string(dtypeNumber));
  for (int64_t dim : shape)
    if (dim < 0)
      return Status::error("initializer '" + name + "': negative dimension");
  if (lazy)
    return Status::error("initializer '" + name +
                         "' is an initialization rule, not values");
  NamedTensor result{name, Tensor(static_cast<DType>(dtypeNumber - 1), shape)};
  Tensor &tensor = result.tensor;
  int64_t count = tensor.numElements();
  auto mismatch = [&](size_t got) {
    return Status::error("initializer '" + name + "' has " +
                         std::to_string(got) + " values for shape " +
                         tensor.shapeString());
  };
  if (!raw.empty()) {
    if (raw.size() != tensor.sizeInBytes())
      return mismatch(raw.size() / dtypeSize(tensor.dtype()));
    std::memcpy(tensor.data(), raw.data(), raw.size());
  } else if (!floats.empty() || !doubles.empty() || !ints.empty()) {
    size_t got = floats.size() + doubles.size() + ints.size();
    if (got != static_cast<size_t>(count))
      return mismatch(got);
    for (int64_t i = 0; i < count; ++i)
      tensor.setValueAt(i, !floats.empty()    ? floats[i]
                           : !doubles.empty() ? doubles[i]
                                              : static_cast<double>(ints[i]));
  } else if (count != 0) {
    return mismatch(0);
  }
  return result;
}

/// A metadata entry's key and value.
Result<std::pair<std::string, std::string>>
decodeEntry(std::string_view message) {
  std::pair<std::string, std::string> entry;
  FieldReader reader(message);
  Field field;
  for (;;) {
    Result<bool> more = reader.next(field);
    if (!more)
      return more.status();
    if (!*more)
      return entry;
    if (field.number == kEntryKey)
      entry.first = std::string(field.bytes);
    else if (field.number == kEntryValue)
      entry.second = std::string(field.bytes);
  }
}

/// Calls `visit` on each field of `message` numbered `number`.
template <typename Visit>
Status forEachField(std::string_view message, uint32_t number, Visit visit) {
  FieldReader reader(message);
  Field field;
  for (;;) {
    Result<bool> more = reader.next(field);
    if (!more)
      return more.status();
    if (!*more)
      return Status::ok();
    if (field.number == number)
      DLC_RETURN_IF_ERROR(visit(field));
  }
}

//===----------------------------------------------------------------------===//
// Encoding
//===----------------------------------------------------------------------===//

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

std::string encodeTensor(const NamedTensor &named) {
  const Tensor &tensor = named.tensor;
  std::string message;
  writeBytes(message, kTensorName, named.name);
  writeKey(message, kTensorDtype, Varint);
  writeVarint(message, static_cast<uint64_t>(tensor.dtype()) + 1);
  if (tensor.rank() > 0) {
    std::string dims;
    for (int64_t dim : tensor.shape())
      writeVarint(dims, static_cast<uint64_t>(dim));
    writeBytes(message, kTensorShape, dims);
  }
  writeBytes(message, kTensorRawData,
             std::string_view(static_cast<const char *>(tensor.data()),
                              tensor.sizeInBytes()));
  return message;
}

} // namespace

Result<ModelWeights> decodeModelWeights(std::string_view bytes,
                                        const std::string &path) {
  ModelWeights weights;
  auto onInitializer = [&](const Field &field) -> Status {
    Result<NamedTensor> tensor = decodeTensor(field.bytes);
    if (!tensor)
      return tensor.status();
    weights.initializers.push_back(std::move(*tensor));
    return Status::ok();
  };
  Status status = forEachField(bytes, kModelGraph, [&](const Field &graph) {
    return forEachField(graph.bytes, kGraphInitializers, onInitializer);
  });
  if (status)
    status = forEachField(bytes, kModelMetadata, [&](const Field &field) {
      Result<std::pair<std::string, std::string>> entry =
          decodeEntry(field.bytes);
      if (!entry)
        return entry.status();
      weights.metadata[entry->first] = entry->second;
      return Status::ok();
    });
  if (!status)
    return Status::error(path + ": " + status.message());
  return weights;
}

std::string
appendModelWeights(std::string_view model,
                   const std::vector<NamedTensor> &tensors,
                   const std::map<std::string, std::string> &metadata) {
  std::string out(model);
  std::string graph;
  for (const NamedTensor &tensor : tensors)
    writeBytes(graph, kGraphInitializers, encodeTensor(tensor));
  writeBytes(out, kModelGraph, graph);
  for (const auto &[key, value] : metadata) {
    std::string entry;
    writeBytes(entry, kEntryKey, key);
    writeBytes(entry, kEntryValue, value);
    writeBytes(out, kModelMetadata, entry);
  }
  return out;
}

} // namespace dlc
