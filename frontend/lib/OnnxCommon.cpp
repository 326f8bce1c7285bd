//===- OnnxCommon.cpp - What ONNX import and export share -----------------===//

#include "OnnxCommon.h"
#include "dlc/Frontend/TensorData.h"

namespace dlc {
namespace {

struct DTypePair {
  proto::DataType dlc;
  onnx::TensorProto::DataType onnx;
};

/// The one table both directions read.
constexpr DTypePair kDTypePairs[] = {
    {proto::FLOAT32, onnx::TensorProto::FLOAT},
    {proto::FLOAT64, onnx::TensorProto::DOUBLE},
    {proto::INT8, onnx::TensorProto::INT8},
    {proto::UINT8, onnx::TensorProto::UINT8},
    {proto::INT32, onnx::TensorProto::INT32},
    {proto::INT64, onnx::TensorProto::INT64},
    {proto::BOOL, onnx::TensorProto::BOOL},
    {proto::FLOAT16, onnx::TensorProto::FLOAT16},
    {proto::BFLOAT16, onnx::TensorProto::BFLOAT16},
    {proto::INT16, onnx::TensorProto::INT16},
    {proto::UINT16, onnx::TensorProto::UINT16},
    {proto::UINT32, onnx::TensorProto::UINT32},
    {proto::UINT64, onnx::TensorProto::UINT64},
};

} // namespace

std::optional<proto::DataType> dtypeFromOnnx(int32_t elemType) {
  for (const DTypePair &pair : kDTypePairs)
    if (pair.onnx == elemType)
      return pair.dlc;
  return std::nullopt;
}

Result<onnx::TensorProto::DataType> dtypeToOnnx(proto::DataType dtype) {
  // dtypeFromProto has the messages for a missing or unknown dtype.
  Result<DType> valid = dtypeFromProto(dtype);
  if (!valid)
    return valid.status();
  for (const DTypePair &pair : kDTypePairs)
    if (pair.dlc == dtype)
      return pair.onnx;
  return Status::error("dtype " + proto::DataType_Name(dtype) +
                       " has no ONNX element type");
}

bool isDefaultOnnxDomain(const std::string &domain) {
  return domain.empty() || domain == "ai.onnx";
}

} // namespace dlc
