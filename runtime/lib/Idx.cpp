//===- Idx.cpp - IDX file reader ------------------------------------------===//
//
// Implements readIdx: decodes the 4-byte magic and the big-endian dimensions,
// then converts the big-endian elements to the host's (little-endian) order.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/Idx.h"

#include "dlc/Runtime/Gzip.h"

#include <cassert>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

using namespace dlc;

namespace {

/// The element type codes of the magic's third byte.
enum IdxCode : unsigned char {
  kUnsignedByte = 0x08,
  kSignedByte = 0x09,
  kShort = 0x0B,
  kInt = 0x0C,
  kFloat = 0x0D,
  kDouble = 0x0E,
};

/// An IDX element type: its code, its size in the file and the DType it is
/// read as.
struct IdxType {
  IdxCode code;
  size_t fileSize;
  DType dtype;
};

constexpr IdxType kIdxTypes[] = {
    {kUnsignedByte, 1, DType::UInt8}, {kSignedByte, 1, DType::Int8},
    {kShort, 2, DType::Int32},        {kInt, 4, DType::Int32},
    {kFloat, 4, DType::Float32},      {kDouble, 8, DType::Float64},
};

/// Size of the magic number and of each dimension.
constexpr size_t kWordSize = 4;

std::string hexByte(unsigned char byte) {
  char text[8];
  std::snprintf(text, sizeof(text), "0x%02X", byte);
  return text;
}

/// The unsigned big-endian integer in `size` bytes at `bytes`.
uint64_t readBigEndian(const unsigned char *bytes, size_t size) {
  uint64_t value = 0;
  for (size_t i = 0; i < size; ++i)
    value = value << 8 | bytes[i];
  return value;
}

/// Decodes the contents of an IDX file; errors do not name the file yet.
Result<Tensor> decodeIdx(const std::string &bytes) {
  const auto *data = reinterpret_cast<const unsigned char *>(bytes.data());
  // The magic is two zero bytes, the element type and the rank.
  if (bytes.size() < kWordSize || data[0] != 0 || data[1] != 0)
    return Status::error("not an IDX file (bad magic)");
  const IdxType *type = nullptr;
  for (const IdxType &candidate : kIdxTypes)
    if (candidate.code == data[2])
      type = &candidate;
  if (!type)
    return Status::error("unsupported IDX element type " + hexByte(data[2]) +
                         " (supported: 0x08 unsigned byte, 0x09 signed byte, "
                         "0x0B short, 0x0C int, 0x0D float, 0x0E double)");
  size_t rank = data[3];
  size_t headerSize = kWordSize * (1 + rank);
  if (bytes.size() < headerSize)
    return Status::error("file is truncated: it ends inside the header's " +
                         std::to_string(rank) + " dimensions");

  std::vector<int64_t> shape;
  for (size_t i = 0; i < rank; ++i)
    shape.push_back(static_cast<int64_t>(
        readBigEndian(data + kWordSize * (1 + i), kWordSize)));
  std::optional<int64_t> count = checkedElementCount(shape);
  if (!count)
    return Status::error("shape " + formatShape(shape) +
                         " has too many elements");
  uint64_t elements = static_cast<uint64_t>(*count);
  // The file size bounds the element count, so a corrupt header cannot make
  // us allocate more memory than the file could fill.
  uint64_t available = bytes.size() - headerSize;
  uint64_t dataBytes;
  if (__builtin_mul_overflow(elements, type->fileSize, &dataBytes))
    return Status::error("shape " + formatShape(shape) +
                         " has too many elements");
  if (dataBytes > available)
    return Status::error("file is truncated: shape " + formatShape(shape) +
                         " needs " + std::to_string(dataBytes) +
                         " bytes of data but only " +
                         std::to_string(available) + " bytes follow");
  // Anything after the data means the header does not describe the file.
  if (dataBytes < available)
    return Status::error("file has " + std::to_string(available - dataBytes) +
                         " bytes after the data of shape " +
                         formatShape(shape));

  Tensor tensor(type->dtype, std::move(shape));
  const unsigned char *source = data + headerSize;
  if (type->fileSize == 1) {
    std::memcpy(tensor.data(), source, dataBytes);
    return tensor;
  }
  for (uint64_t i = 0; i < elements; ++i) {
    uint64_t bits = readBigEndian(source + i * type->fileSize, type->fileSize);
    switch (type->code) {
    case kShort:
      tensor.typed<int32_t>()[i] = static_cast<int16_t>(bits);
      break;
    case kInt:
      tensor.typed<int32_t>()[i] = static_cast<int32_t>(bits);
      break;
    case kFloat: {
      uint32_t word = static_cast<uint32_t>(bits);
      std::memcpy(&tensor.typed<float>()[i], &word, sizeof(word));
      break;
    }
    case kDouble:
      std::memcpy(&tensor.typed<double>()[i], &bits, sizeof(bits));
      break;
    default:
      assert(false && "a multi-byte IDX type without a conversion");
    }
  }
  return tensor;
}

} // namespace

Result<Tensor> dlc::readIdx(const std::string &path) {
  Result<std::string> bytes = readFileInflated(path);
  if (!bytes)
    return bytes.status();
  Result<Tensor> tensor = decodeIdx(*bytes);
  if (!tensor)
    return tensor.status().withContext(path);
  return tensor;
}
