//===- OnnxCommon.h - What ONNX import and export share ---------*- C++ -*-===//
//
// The element-type mapping and the metadata keys are defined once here, so
// that OnnxToDlc and DlcToOnnx cannot disagree and a dlc -> ONNX -> dlc round
// trip gives back the model it started with (docs/model-format.md, "ONNX
// export").
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_LIB_ONNXCOMMON_H
#define DLC_FRONTEND_LIB_ONNXCOMMON_H

#include "dlc/Runtime/Status.h"
#include "dlc/proto/model.pb.h"

#include <onnx/onnx_pb.h>

#include <optional>
#include <string>

namespace dlc {

// ONNX has no field for these parts of a dlc model, so export stores them in
// metadata_props under these keys, and import takes them out again.

/// The `training` section, in protobuf text format.
inline constexpr const char *kTrainingMetadataKey = "dlc.training";
/// The model's `producer`: ONNX's producer_name names the writer, "dlc".
inline constexpr const char *kProducerMetadataKey = "dlc.producer";

/// The domain of ONNX's training operators (Adagrad, Adam, Momentum,
/// Gradient). A dlc node names an operator of a domain other than the
/// default one by its qualified name, `domain.op_type`.
inline constexpr const char *kTrainingDomain = "ai.onnx.preview.training";

/// The dlc dtype of an ONNX element type, or nullopt for types dlc lacks.
std::optional<proto::DataType> dtypeFromOnnx(int32_t elemType);

/// The ONNX element type of a dlc dtype; fails (like dtypeFromProto) for
/// DATA_TYPE_UNSPECIFIED and unknown numbers.
Result<onnx::TensorProto::DataType> dtypeToOnnx(proto::DataType dtype);

/// The opset import domain of the standard ONNX operators.
bool isDefaultOnnxDomain(const std::string &domain);

} // namespace dlc

#endif // DLC_FRONTEND_LIB_ONNXCOMMON_H
