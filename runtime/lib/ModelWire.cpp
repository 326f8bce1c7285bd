//===- ModelWire.cpp - Weights of a model file without protobuf -----------===//
#include "dlc/Runtime/ModelWire.h"

#include "ProtoWire.h"

#include "dlc/Runtime/TensorFile.h"

namespace dlc {
namespace {

using namespace wire;

/// Where a format keeps the graph, its initializers and the metadata:
/// frontend/proto/dlc/proto/model.proto and onnx/onnx.proto.
struct FormatFields {
  uint32_t modelMetadata, modelGraph, graphInitializers;
};
FormatFields fieldsOf(ModelFormat format) {
  return format == ModelFormat::Dlc ? FormatFields{5, 6, 4}
                                    : FormatFields{14, 7, 5};
}

// Field numbers of dlc's Tensor.
constexpr uint32_t kTensorName = 1, kTensorDtype = 2, kTensorShape = 3,
                   kTensorFloatData = 4, kTensorDoubleData = 5,
                   kTensorIntData = 6, kTensorRawData = 7, kTensorInit = 8;
constexpr uint32_t kEntryKey = 1, kEntryValue = 2;

/// A dlc initializer: its name and a tensor of its dtype and shape holding
/// the raw, float, double or int data it carries.
Result<NamedTensor> decodeDlcTensor(std::string_view message) {
  std::string name;
  uint64_t dtypeNumber = 0;
  std::vector<int64_t> shape;
  TensorPayload payload;
  bool lazy = false;
  Status read = forEachField(message, [&](const Field &field) {
    bool valid = true;
    switch (field.number) {
    case kTensorName:
      name = std::string(field.bytes);
      break;
    case kTensorDtype:
      dtypeNumber = field.varint;
      break;
    case kTensorShape:
      valid = appendVarints(field, shape);
      break;
    case kTensorFloatData:
      valid = appendFixed(field, payload.floats);
      break;
    case kTensorDoubleData:
      valid = appendFixed(field, payload.doubles);
      break;
    case kTensorIntData:
      valid = appendVarints(field, payload.ints);
      break;
    case kTensorRawData:
      payload.raw = field.bytes;
      break;
    case kTensorInit:
      lazy = true;
      break;
    default:
      break;
    }
    return valid ? Status::ok()
                 : Status::error("initializer '" + name + "': malformed data");
  });
  if (!read)
    return read;
  // The runtime's DType lists the format's DataType values 1.. in order.
  if (dtypeNumber < 1 ||
      dtypeNumber > static_cast<uint64_t>(DType::UInt64) + 1)
    return Status::error("initializer '" + name + "': unknown dtype " +
                         std::to_string(dtypeNumber));
  if (lazy)
    return Status::error("initializer '" + name +
                         "' is an initialization rule, not values");
  Result<Tensor> tensor =
      tensorFromPayload(static_cast<DType>(dtypeNumber - 1), shape, payload,
                        "initializer '" + name + "'");
  if (!tensor)
    return tensor.status();
  return NamedTensor{name, std::move(*tensor)};
}

/// An initializer of `format`.
Result<NamedTensor> decodeTensor(std::string_view message, ModelFormat format) {
  return format == ModelFormat::Dlc ? decodeDlcTensor(message)
                                    : decodeOnnxTensor(message, "initializer");
}

/// A metadata entry's key and value.
Result<std::pair<std::string, std::string>>
decodeEntry(std::string_view message) {
  std::pair<std::string, std::string> entry;
  Status read = forEachField(message, [&](const Field &field) {
    if (field.number == kEntryKey)
      entry.first = std::string(field.bytes);
    else if (field.number == kEntryValue)
      entry.second = std::string(field.bytes);
    return Status::ok();
  });
  if (!read)
    return read;
  return entry;
}

/// Calls `visit` on each field of `message` numbered `number`.
template <typename Visit>
Status forEachFieldNumbered(std::string_view message, uint32_t number,
                            Visit visit) {
  return forEachField(message, [&](const Field &field) {
    return field.number == number ? visit(field) : Status::ok();
  });
}

std::string encodeTensor(const NamedTensor &named) {
  const Tensor &tensor = named.tensor;
  std::string message;
  writeBytes(message, kTensorName, named.name);
  writeKey(message, kTensorDtype, Varint);
  writeVarint(message, static_cast<uint64_t>(tensor.dtype()) + 1);
  if (tensor.rank() > 0) {
    std::string dims;
    for (int64_t dim : tensor.shape())
      writeVarint(dims, static_cast<uint64_t>(dim));
    writeBytes(message, kTensorShape, dims);
  }
  writeBytes(message, kTensorRawData,
             std::string_view(static_cast<const char *>(tensor.data()),
                              tensor.sizeInBytes()));
  return message;
}

} // namespace

Result<ModelWeights> decodeModelWeights(std::string_view bytes,
                                        const std::string &path,
                                        ModelFormat format) {
  FormatFields fields = fieldsOf(format);
  ModelWeights weights;
  auto onInitializer = [&](const Field &field) -> Status {
    Result<NamedTensor> tensor = decodeTensor(field.bytes, format);
    if (!tensor)
      return tensor.status();
    weights.initializers.push_back(std::move(*tensor));
    return Status::ok();
  };
  Status status =
      forEachFieldNumbered(bytes, fields.modelGraph, [&](const Field &graph) {
        return forEachFieldNumbered(graph.bytes, fields.graphInitializers,
                                    onInitializer);
      });
  if (status)
    status = forEachFieldNumbered(bytes, fields.modelMetadata,
                                  [&](const Field &field) {
      Result<std::pair<std::string, std::string>> entry =
          decodeEntry(field.bytes);
      if (!entry)
        return entry.status();
      weights.metadata[entry->first] = entry->second;
      return Status::ok();
    });
  if (!status)
    return Status::error(path + ": " +
                         (status.message() == kMalformed
                              ? "not a dlc model file (malformed protobuf "
                                "data)"
                              : status.message()));
  return weights;
}

std::string
appendModelWeights(std::string_view model,
                   const std::vector<NamedTensor> &tensors,
                   const std::map<std::string, std::string> &metadata,
                   ModelFormat format) {
  FormatFields fields = fieldsOf(format);
  std::string out(model);
  std::string graph;
  for (const NamedTensor &tensor : tensors)
    writeBytes(graph, fields.graphInitializers,
               format == ModelFormat::Dlc ? encodeTensor(tensor)
                                          : encodeOnnxTensor(tensor));
  writeBytes(out, fields.modelGraph, graph);
  for (const auto &[key, value] : metadata) {
    std::string entry;
    writeBytes(entry, kEntryKey, key);
    writeBytes(entry, kEntryValue, value);
    writeBytes(out, fields.modelMetadata, entry);
  }
  return out;
}

} // namespace dlc
