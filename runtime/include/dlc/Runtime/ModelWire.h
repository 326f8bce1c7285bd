//===- ModelWire.h - Weights of a model file without protobuf ----*- C++ -*-===//
//
// A compiled trainer (`dlc compile --train`) saves trained models and
// checkpoints in dlc's binary model format
// (frontend/proto/dlc/proto/model.proto) or as ONNX, and reads checkpoints
// back, but links no protobuf. It needs little of either format: the
// initializers and the metadata of a model. This file encodes and decodes
// those parts of the protobuf wire format directly.
//
// Writing relies on a rule of the wire format: a message field that occurs
// twice is merged (repeated fields appended, map entries added, the later
// one winning). So a model file is a serialized Model without the changing
// tensors, followed by a second `graph` holding them and the metadata
// entries.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_MODELWIRE_H
#define DLC_RUNTIME_MODELWIRE_H

#include "dlc/Runtime/Status.h"
#include "dlc/Runtime/Tensor.h"

#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace dlc {

/// The two model formats: dlc's Model and ONNX's ModelProto, whose graph,
/// initializers and metadata have the same structure under other field
/// numbers.
enum class ModelFormat { Dlc, Onnx };

/// The concrete initializers of a model file, in file order, and its
/// metadata.
struct ModelWeights {
  std::vector<NamedTensor> initializers;
  std::map<std::string, std::string> metadata;
};

/// Decodes the initializers and metadata of a serialized Model; other
/// fields are skipped. Errors name `path` and the initializer at fault.
Result<ModelWeights> decodeModelWeights(std::string_view bytes,
                                        const std::string &path,
                                        ModelFormat format = ModelFormat::Dlc);

/// `model` (a serialized Model) with `tensors` appended to its graph's
/// initializers (as raw_data) and `metadata` added to its metadata.
std::string
appendModelWeights(std::string_view model,
                   const std::vector<NamedTensor> &tensors,
                   const std::map<std::string, std::string> &metadata,
                   ModelFormat format = ModelFormat::Dlc);

} // namespace dlc

#endif // DLC_RUNTIME_MODELWIRE_H
