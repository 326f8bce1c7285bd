//===- ModelFile.h - Reading, validating and writing dlc model files ------===//
//
// A model file is a dlc::proto::Model as protobuf text (.pbtxt) or binary
// (.pb), or an ONNX model (.onnx) converted on load and on save. Every model
// handed out by loadModelFile has passed validateModel, so later stages may
// rely on its rules (see docs/model-format.md).
//
//===----------------------------------------------------------------------===//
#ifndef DLC_FRONTEND_MODELFILE_H
#define DLC_FRONTEND_MODELFILE_H

#include "dlc/Runtime/Status.h"
#include "dlc/proto/model.pb.h"

#include <string>

namespace dlc {

/// The model format version this dlc reads and writes.
constexpr int64_t kModelFormatVersion = 1;
/// The ONNX operator-set versions whose semantics dlc implements. Forms of
/// opsets 1 to 6 that mean something else are converted or rejected by the
/// importer, operator by operator.
constexpr int64_t kMinOpsetVersion = 1;
constexpr int64_t kMaxOpsetVersion = 17;

/// Reads a .pbtxt, .pb or .onnx model and validates it.
Result<proto::Model> loadModelFile(const std::string &path);

/// Checks the rules of docs/model-format.md. Messages start with `path` and
/// name the offending node, value or field.
Status validateModel(const proto::Model &model, const std::string &path);

/// Writes `model` as .pbtxt, .pb or .onnx (by extension; see convertToOnnx
/// for .onnx). The file is replaced atomically, so readers never see a
/// half-written model.
Status saveModelFile(const proto::Model &model, const std::string &path);

/// Parses the binary protobuf file `path` into `message`; `kind` names the
/// expected content in the error ("not a valid <kind> file ...").
Status readBinaryProto(const std::string &path,
                       google::protobuf::MessageLite &message,
                       const std::string &kind);

/// Parses protobuf text format into `message`. The error is the first one
/// the parser found, with its position: "LINE:COLUMN: message".
Status parseTextProto(const std::string &text,
                      google::protobuf::Message &message);

/// How errors refer to a node: "node 'dense1' (MatMul)", or "node #3 (Relu)"
/// for an unnamed one (and without the parentheses when op is empty).
std::string describeNode(const proto::Node &node, int index);

} // namespace dlc

#endif // DLC_FRONTEND_MODELFILE_H
