//===- TensorData.cpp - Conversions between tensor protos and dlc::Tensor -===//
//
// Implements the tensor decoding rules of docs/model-format.md.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/TensorData.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/OnnxToDlc.h"
#include "dlc/Runtime/Npy.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <limits>
#include <optional>

// raw_data is little-endian by definition and is copied byte for byte into
// tensors, which is only right on a little-endian host.
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
              "dlc assumes a little-endian host");

namespace dlc {
namespace {

using Shape = google::protobuf::RepeatedField<int64_t>;

std::string formatShape(const Shape &shape) {
  std::string text = "[";
  for (int i = 0; i < shape.size(); ++i)
    text += (i ? ", " : "") + std::to_string(shape[i]);
  return text + "]";
}

bool isIntegerLike(DType dtype) {
  return dtype != DType::Float32 && dtype != DType::Float64;
}

/// The values an int_data entry may take for `dtype`.
std::pair<int64_t, int64_t> intRange(DType dtype) {
  switch (dtype) {
  case DType::Int8:
    return {std::numeric_limits<int8_t>::min(),
            std::numeric_limits<int8_t>::max()};
  case DType::UInt8:
    return {0, std::numeric_limits<uint8_t>::max()};
  case DType::Int16:
    return {std::numeric_limits<int16_t>::min(),
            std::numeric_limits<int16_t>::max()};
  case DType::UInt16:
    return {0, std::numeric_limits<uint16_t>::max()};
  case DType::UInt32:
    return {0, std::numeric_limits<uint32_t>::max()};
  case DType::Int32:
    return {std::numeric_limits<int32_t>::min(),
            std::numeric_limits<int32_t>::max()};
  case DType::Bool:
    return {0, 1};
  case DType::Float16:
  case DType::BFloat16: // Their bit patterns.
    return {0, std::numeric_limits<uint16_t>::max()};
  default:
    return {std::numeric_limits<int64_t>::min(),
            std::numeric_limits<int64_t>::max()};
  }
}

template <typename T>
void narrowInto(Tensor &tensor,
                const google::protobuf::RepeatedField<int64_t> &values) {
  std::transform(values.begin(), values.end(), tensor.typed<T>(),
                 [](int64_t value) { return static_cast<T>(value); });
}

} // namespace

Result<DType> dtypeFromProto(proto::DataType dtype) {
  switch (dtype) {
  case proto::FLOAT32:
    return DType::Float32;
  case proto::FLOAT64:
    return DType::Float64;
  case proto::INT8:
    return DType::Int8;
  case proto::UINT8:
    return DType::UInt8;
  case proto::INT32:
    return DType::Int32;
  case proto::INT64:
    return DType::Int64;
  case proto::BOOL:
    return DType::Bool;
  case proto::FLOAT16:
    return DType::Float16;
  case proto::BFLOAT16:
    return DType::BFloat16;
  case proto::INT16:
    return DType::Int16;
  case proto::UINT16:
    return DType::UInt16;
  case proto::UINT32:
    return DType::UInt32;
  case proto::UINT64:
    return DType::UInt64;
  case proto::DATA_TYPE_UNSPECIFIED:
    return Status::error("dtype is missing");
  default:
    // proto3 enums are open: a newer writer may use numbers we do not know.
    return Status::error("unknown dtype " + std::to_string(dtype));
  }
}

proto::DataType dtypeToProto(DType dtype) {
  switch (dtype) {
  case DType::Float32:
    return proto::FLOAT32;
  case DType::Float64:
    return proto::FLOAT64;
  case DType::Int8:
    return proto::INT8;
  case DType::UInt8:
    return proto::UINT8;
  case DType::Int32:
    return proto::INT32;
  case DType::Int64:
    return proto::INT64;
  case DType::Bool:
    return proto::BOOL;
  case DType::Float16:
    return proto::FLOAT16;
  case DType::BFloat16:
    return proto::BFLOAT16;
  case DType::Int16:
    return proto::INT16;
  case DType::UInt16:
    return proto::UINT16;
  case DType::UInt32:
    return proto::UINT32;
  case DType::UInt64:
    return proto::UINT64;
  }
  return proto::DATA_TYPE_UNSPECIFIED;
}

Status checkTensorData(const proto::Tensor &tensor) {
  Result<DType> dtype = dtypeFromProto(tensor.dtype());
  if (!dtype)
    return dtype.status();
  const Shape &shape = tensor.shape();
  if (std::any_of(shape.begin(), shape.end(), [](int64_t d) { return d < 0; }))
    return Status::error("shape " + formatShape(shape) +
                         " has a negative dimension");
  std::optional<int64_t> count =
      checkedElementCount({shape.begin(), shape.end()});
  if (!count || *count > std::numeric_limits<int64_t>::max() /
                             static_cast<int64_t>(dtypeSize(*dtype)))
    return Status::error("shape " + formatShape(shape) + " is too large");
  std::string needs = "shape " + formatShape(shape) + " needs ";

  // Only the typed field matching the dtype may hold values, so at most one
  // typed field passes this loop.
  struct TypedField {
    const char *name;
    int size;
    bool matchesDtype;
  };
  const TypedField fields[] = {
      {"float_data", tensor.float_data_size(), *dtype == DType::Float32},
      {"double_data", tensor.double_data_size(), *dtype == DType::Float64},
      {"int_data", tensor.int_data_size(), isIntegerLike(*dtype)},
  };
  const TypedField *used = nullptr;
  for (const TypedField &field : fields) {
    if (field.size == 0)
      continue;
    if (!field.matchesDtype)
      return Status::error(std::string(field.name) + " is set but dtype is " +
                           proto::DataType_Name(tensor.dtype()));
    used = &field;
  }

  if (!tensor.raw_data().empty()) {
    if (used)
      return Status::error(std::string("both raw_data and ") + used->name +
                           " are set");
    int64_t bytes = static_cast<int64_t>(tensor.raw_data().size());
    int64_t neededBytes = *count * static_cast<int64_t>(dtypeSize(*dtype));
    if (bytes != neededBytes)
      return Status::error("raw_data has " + std::to_string(bytes) +
                           " bytes but " + needs + std::to_string(neededBytes));
    // Compiled code treats a bool byte as i1; other byte values would leak.
    if (*dtype == DType::Bool) {
      const std::string &raw = tensor.raw_data();
      auto bad = std::find_if(raw.begin(), raw.end(),
                              [](char byte) { return byte != 0 && byte != 1; });
      if (bad != raw.end())
        return Status::error("raw_data byte " +
                             std::to_string(bad - raw.begin()) +
                             " is not a bool (0 or 1)");
    }
    return Status::ok();
  }

  if (!used)
    return *count == 0 ? Status::ok()
                       : Status::error("no data is set but " + needs +
                                       std::to_string(*count) + " values");
  if (used->size != *count)
    return Status::error(std::string(used->name) + " has " +
                         std::to_string(used->size) + " values but " + needs +
                         std::to_string(*count));
  if (tensor.int_data_size() != 0) {
    auto [low, high] = intRange(*dtype);
    for (int i = 0; i < tensor.int_data_size(); ++i)
      if (tensor.int_data(i) < low || tensor.int_data(i) > high)
        return Status::error("int_data value " +
                             std::to_string(tensor.int_data(i)) + " (index " +
                             std::to_string(i) + ") does not fit in " +
                             dtypeName(*dtype));
  }
  return Status::ok();
}

Result<Tensor> tensorFromProto(const proto::Tensor &tensor) {
  DLC_RETURN_IF_ERROR(checkTensorData(tensor));
  DType dtype = dtypeFromProto(tensor.dtype()).value();
  Tensor result(dtype, {tensor.shape().begin(), tensor.shape().end()});
  // An empty tensor may have no buffer at all, so there is nothing to copy.
  if (result.sizeInBytes() == 0)
    return result;
  if (!tensor.raw_data().empty()) {
    std::memcpy(result.data(), tensor.raw_data().data(), result.sizeInBytes());
    return result;
  }
  switch (dtype) {
  case DType::Float32:
    std::copy(tensor.float_data().begin(), tensor.float_data().end(),
              result.typed<float>());
    break;
  case DType::Float64:
    std::copy(tensor.double_data().begin(), tensor.double_data().end(),
              result.typed<double>());
    break;
  case DType::Int8:
    narrowInto<int8_t>(result, tensor.int_data());
    break;
  case DType::UInt8:
  case DType::Bool:
    narrowInto<uint8_t>(result, tensor.int_data());
    break;
  case DType::Int32:
    narrowInto<int32_t>(result, tensor.int_data());
    break;
  case DType::Int64:
    narrowInto<int64_t>(result, tensor.int_data());
    break;
  case DType::Float16:
  case DType::BFloat16:
  case DType::UInt16:
    narrowInto<uint16_t>(result, tensor.int_data());
    break;
  case DType::Int16:
    narrowInto<int16_t>(result, tensor.int_data());
    break;
  case DType::UInt32:
    narrowInto<uint32_t>(result, tensor.int_data());
    break;
  case DType::UInt64: // int_data holds the bits
    narrowInto<uint64_t>(result, tensor.int_data());
    break;
  }
  return result;
}

Result<proto::Tensor> tensorToProto(const Tensor &tensor,
                                    const std::string &name) {
  // Protobuf cannot serialize a message of 2 GiB or more.
  if (tensor.sizeInBytes() >=
      static_cast<size_t>(std::numeric_limits<int32_t>::max()))
    return Status::error("tensor '" + name + "' has " +
                         std::to_string(tensor.sizeInBytes()) +
                         " bytes, more than a protobuf message can hold");
  proto::Tensor result;
  result.set_name(name);
  result.set_dtype(dtypeToProto(tensor.dtype()));
  result.mutable_shape()->Add(tensor.shape().begin(), tensor.shape().end());
  if (tensor.sizeInBytes() != 0)
    result.set_raw_data(tensor.data(), tensor.sizeInBytes());
  return result;
}

} // namespace dlc
