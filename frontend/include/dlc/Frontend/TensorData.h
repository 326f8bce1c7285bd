//===- TensorData.h - Conversions between tensor protos and dlc::Tensor ---===//
//
// Decodes the tensors stored in model files and tensor files (.npy, ONNX .pb)
// into runtime tensors, and encodes runtime tensors back into protos.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_TENSORDATA_H
#define DLC_FRONTEND_TENSORDATA_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"
#include "dlc/proto/model.pb.h"

#include <string>

namespace dlc {

/// The runtime element type of a proto dtype; fails for
/// DATA_TYPE_UNSPECIFIED and for numbers outside the enum.
Result<DType> dtypeFromProto(proto::DataType dtype);
proto::DataType dtypeToProto(DType dtype);

/// Checks that `tensor` has a dtype, no negative dimension, and exactly as
/// many values as its shape needs in the one data field that matches its
/// dtype. The message names the field but not the tensor, so callers prefix
/// it with where the tensor is ("initializer 'W': ...").
Status checkTensorData(const proto::Tensor &tensor);

/// Decodes a proto tensor (typed fields or raw_data) after checkTensorData.
Result<Tensor> tensorFromProto(const proto::Tensor &tensor);

/// Encodes `tensor` as raw_data. dlc always writes raw_data: it is exact and
/// compact for every dtype; the typed fields are for hand-written .pbtxt.
Result<proto::Tensor> tensorToProto(const Tensor &tensor,
                                    const std::string &name);

} // namespace dlc

#endif // DLC_FRONTEND_TENSORDATA_H
