//===- DlcToOnnx.h - Conversion of dlc models into ONNX protos --*- C++ -*-===//
//
// The reverse of OnnxToDlc: models (trained ones included) are saved as .onnx
// for other ONNX consumers, and convertOnnxModel gives back the same model;
// see docs/model-format.md ("ONNX export").
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_DLCTOONNX_H
#define DLC_FRONTEND_DLCTOONNX_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"
#include "dlc/proto/model.pb.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace dlc {

/// Converts `model`, to be written to `path` (used only in error messages).
/// The model must pass validateModel: ONNX has no place for a value without
/// a dtype or an attribute without a value, so conversion checks first.
/// Fails too when `metadata` uses a key reserved for the fields ONNX lacks
/// ("dlc.training", "dlc.producer").
Result<onnx::ModelProto> convertToOnnx(const proto::Model &model,
                                       const std::string &path);

/// Encodes `tensor` as an ONNX tensor named `name`, in raw_data (exact and
/// compact for every dtype, as dlc writes its own tensors).
onnx::TensorProto tensorToOnnx(const Tensor &tensor, const std::string &name);

} // namespace dlc

#endif // DLC_FRONTEND_DLCTOONNX_H
