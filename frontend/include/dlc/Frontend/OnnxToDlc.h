//===- OnnxToDlc.h - Conversion of ONNX protos into the dlc model format --===//
//
// ONNX models are translated into dlc::proto::Model so that one importer
// handles both formats; see docs/model-format.md for the mapping.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_ONNXTODLC_H
#define DLC_FRONTEND_ONNXTODLC_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"
#include "dlc/proto/model.pb.h"

#include <onnx/onnx_pb.h>

#include <string>

namespace dlc {

/// Converts an ONNX model read from `path` (used only in error messages).
/// The result is not validated; loadModelFile does that.
Result<proto::Model> convertOnnxModel(const onnx::ModelProto &onnx,
                                      const std::string &path);

/// Decodes an ONNX tensor (raw_data or typed fields). Fails for element types
/// dlc lacks (FLOAT16, STRING, ...) and for external data.
Result<Tensor> tensorFromOnnx(const onnx::TensorProto &tensor);

} // namespace dlc

#endif // DLC_FRONTEND_ONNXTODLC_H
