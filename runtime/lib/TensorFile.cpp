//===- TensorFile.cpp - Tensors in .npy and ONNX .pb files ----------------===//
#include "dlc/Runtime/TensorFile.h"

#include "ProtoWire.h"

#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/Npy.h"

#include <iterator>
#include <optional>

namespace dlc {
namespace {

using namespace wire;

// Field numbers of onnx.TensorProto (onnx/onnx.proto).
constexpr uint32_t kDims = 1, kDataType = 2, kSegment = 3, kFloatData = 4,
                   kInt32Data = 5, kStringData = 6, kInt64Data = 7,
                   kName = 8, kRawData = 9, kDoubleData = 10,
                   kUint64Data = 11,
                   kExternalData = 13, kDataLocation = 14;
constexpr uint64_t kExternalLocation = 1;

/// ONNX's element types by number (TensorProto.DataType), with the dtype
/// dlc holds them in, if any.
struct OnnxElementType {
  const char *name;
  std::optional<DType> dtype;
};
const OnnxElementType kElementTypes[] = {
    {"UNDEFINED", {}},        {"FLOAT", DType::Float32},
    {"UINT8", DType::UInt8},  {"INT8", DType::Int8},
    {"UINT16", DType::UInt16}, {"INT16", DType::Int16},
    {"INT32", DType::Int32},  {"INT64", DType::Int64},
    {"STRING", {}},           {"BOOL", DType::Bool},
    {"FLOAT16", DType::Float16}, {"DOUBLE", DType::Float64},
    {"UINT32", DType::UInt32}, {"UINT64", DType::UInt64},
    {"COMPLEX64", {}},        {"COMPLEX128", {}},
    {"BFLOAT16", DType::BFloat16}};

Result<DType> dtypeFromOnnx(uint64_t number) {
  constexpr uint64_t count = std::size(kElementTypes);
  if (number < count && kElementTypes[number].dtype)
    return *kElementTypes[number].dtype;
  return Status::error(
      "element type " +
      (number < count ? std::string(kElementTypes[number].name)
                      : std::to_string(number)) +
      " is not supported (dlc supports FLOAT, DOUBLE, FLOAT16, BFLOAT16, "
      "INT8 to INT64, UINT8 to UINT64 and BOOL)");
}

} // namespace

std::string encodeOnnxTensor(const NamedTensor &named) {
  const Tensor &tensor = named.tensor;
  uint64_t dataType = 0;
  for (uint64_t number = 0; number < std::size(kElementTypes); ++number)
    if (kElementTypes[number].dtype == tensor.dtype())
      dataType = number;
  std::string message;
  if (tensor.rank() > 0) {
    std::string dims;
    for (int64_t dim : tensor.shape())
      writeVarint(dims, static_cast<uint64_t>(dim));
    writeBytes(message, kDims, dims);
  }
  writeKey(message, kDataType, Varint);
  writeVarint(message, dataType);
  writeBytes(message, kName, named.name);
  writeBytes(message, kRawData,
             std::string_view(static_cast<const char *>(tensor.data()),
                              tensor.sizeInBytes()));
  return message;
}

Result<NamedTensor> decodeOnnxTensor(std::string_view bytes,
                                     const std::string &path) {
  std::string name;
  uint64_t dataType = 0;
  std::vector<int64_t> dims;
  TensorPayload payload;
  bool external = false, segmented = false, strings = false;
  Status read = forEachField(bytes, [&](const Field &field) {
    bool valid = true;
    switch (field.number) {
    case kDims:
      valid = appendVarints(field, dims);
      break;
    case kDataType:
      dataType = field.varint;
      break;
    case kSegment:
      segmented = true;
      break;
    case kFloatData:
      valid = appendFixed(field, payload.floats);
      break;
    case kInt32Data:
    case kInt64Data:
    case kUint64Data:
      valid = appendVarints(field, payload.ints);
      break;
    case kStringData:
      strings = true;
      break;
    case kName:
      name = std::string(field.bytes);
      break;
    case kRawData:
      payload.raw = field.bytes;
      break;
    case kDoubleData:
      valid = appendFixed(field, payload.doubles);
      break;
    case kExternalData:
      external = true;
      break;
    case kDataLocation:
      external |= field.varint == kExternalLocation;
      break;
    default:
      break;
    }
    return valid ? Status::ok() : Status::error(kMalformed);
  });
  if (!read)
    return Status::error(path + ": not a valid ONNX tensor file (truncated "
                                "or corrupt protobuf)");
  std::string where = path + ": tensor '" + name + "'";
  if (external)
    return Status::error(where + ": external data is not supported; save "
                                 "the tensor with its data inside");
  if (segmented)
    return Status::error(where + ": segmented tensors are not supported");
  Result<DType> dtype = dtypeFromOnnx(dataType);
  if (!dtype || strings)
    return Status::error(where + ": " +
                         (dtype ? "string data" : dtype.status().message()));
  Result<Tensor> tensor = tensorFromPayload(*dtype, dims, payload, where);
  if (!tensor)
    return tensor.status();
  return NamedTensor{name, std::move(*tensor)};
}

Result<Tensor> readOnnxTensorFile(const std::string &path) {
  Result<std::string> bytes = readFile(path);
  if (!bytes)
    return bytes.status();
  Result<NamedTensor> tensor = decodeOnnxTensor(*bytes, path);
  if (!tensor)
    return tensor.status();
  return std::move(tensor->tensor);
}

Result<Tensor> readTensorFile(const std::string &path) {
  size_t dot = path.find_last_of('.');
  size_t slash = path.find_last_of('/');
  std::string extension = dot == std::string::npos ||
                                  (slash != std::string::npos && dot < slash)
                              ? ""
                              : path.substr(dot);
  if (extension == ".npy")
    return readNpy(path);
  if (extension == ".pb")
    return readOnnxTensorFile(path);
  return Status::error(path + ": unknown tensor file extension '" + extension +
                       "' (expected .npy or .pb)");
}

} // namespace dlc
