//===- DlcToOnnx.cpp - Conversion of dlc models into ONNX protos ----------===//
//
// Implements "ONNX export" of docs/model-format.md: the inverse of the
// mapping in OnnxToDlc.cpp, field by field, so that a round trip through
// ONNX gives back the dlc model.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/DlcToOnnx.h"
#include "OnnxCommon.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"

#include <google/protobuf/text_format.h>

#include <map>

namespace dlc {
namespace {

/// The ONNX IR version released with `opset` (onnx.helper.VERSION_TABLE):
/// the oldest one that can hold the model, so that older runtimes read it.
int64_t irVersionForOpset(int64_t opset) {
  switch (opset) {
  case 7:
  case 8:
    return 3;
  case 9:
    return 4;
  case 10:
    return 5;
  case 11:
    return 6;
  case 12:
  case 13:
  case 14:
    return 7;
  default: // 15..17, the newest dlc supports (validateModel checks).
    return 8;
  }
}

/// The name ONNX gives an unnamed model's graph: ONNX requires one.
constexpr const char *kDefaultGraphName = "main";

onnx::TensorShapeProto::Dimension convertDim(const proto::Dim &dim) {
  onnx::TensorShapeProto::Dimension onnx;
  if (dim.has_size())
    onnx.set_dim_value(dim.size());
  // "?" is dlc's unknown dimension, which ONNX writes as a dimension with
  // neither field; import turns that back into "?".
  else if (dim.symbol() != "?")
    onnx.set_dim_param(dim.symbol());
  return onnx;
}

/// Makes `onnx` a tensor of `dtype` and returns its shape, to be filled in.
/// The shape is set even for rank 0: ONNX reads a missing shape as "unknown
/// rank", not as a scalar.
Result<onnx::TensorShapeProto *> setTensorType(proto::DataType dtype,
                                               onnx::ValueInfoProto &onnx) {
  Result<onnx::TensorProto::DataType> elemType = dtypeToOnnx(dtype);
  if (!elemType)
    return elemType.status();
  onnx::TypeProto::Tensor &tensorType =
      *onnx.mutable_type()->mutable_tensor_type();
  tensorType.set_elem_type(*elemType);
  return tensorType.mutable_shape();
}

Status convertValueInfo(const proto::ValueInfo &info,
                        onnx::ValueInfoProto &onnx) {
  onnx.set_name(info.name());
  // ONNX's fields are proto2 and record presence: empty ones stay unset.
  if (!info.doc().empty())
    onnx.set_doc_string(info.doc());
  if (info.untyped())
    return Status::ok(); // ONNX's value without a type
  Result<onnx::TensorShapeProto *> shape = setTensorType(info.dtype(), onnx);
  if (!shape)
    return shape.status();
  for (const proto::Dim &dim : info.shape())
    *(*shape)->add_dim() = convertDim(dim);
  return Status::ok();
}

/// The graph input that IR version 3 requires for each initializer.
Status initializerInput(const proto::Tensor &initializer,
                        onnx::ValueInfoProto &onnx) {
  onnx.set_name(initializer.name());
  Result<onnx::TensorShapeProto *> shape =
      setTensorType(initializer.dtype(), onnx);
  if (!shape)
    return shape.status();
  for (int64_t size : initializer.shape())
    (*shape)->add_dim()->set_dim_value(size);
  return Status::ok();
}

/// Decodes a dlc tensor, whichever data field it uses, into raw_data.
Result<onnx::TensorProto> convertTensor(const proto::Tensor &tensor) {
  Result<Tensor> decoded = tensorFromProto(tensor);
  if (!decoded)
    return decoded.status();
  return tensorToOnnx(*decoded, tensor.name());
}

Status convertGraph(const proto::Graph &graph, const std::string &name,
                    int64_t irVersion, onnx::GraphProto &onnx,
                    const std::string &where, bool inSubgraph);

Status convertAttribute(const proto::Attribute &attribute, int64_t irVersion,
                        onnx::AttributeProto &onnx) {
  onnx.set_name(attribute.name());
  switch (attribute.value_case()) {
  case proto::Attribute::kI:
    onnx.set_type(onnx::AttributeProto::INT);
    onnx.set_i(attribute.i());
    return Status::ok();
  case proto::Attribute::kF:
    onnx.set_type(onnx::AttributeProto::FLOAT);
    onnx.set_f(attribute.f());
    return Status::ok();
  case proto::Attribute::kS:
    onnx.set_type(onnx::AttributeProto::STRING);
    onnx.set_s(attribute.s());
    return Status::ok();
  case proto::Attribute::kInts:
    onnx.set_type(onnx::AttributeProto::INTS);
    onnx.mutable_ints()->CopyFrom(attribute.ints().values());
    return Status::ok();
  case proto::Attribute::kFloats:
    onnx.set_type(onnx::AttributeProto::FLOATS);
    onnx.mutable_floats()->CopyFrom(attribute.floats().values());
    return Status::ok();
  case proto::Attribute::kStrings:
    onnx.set_type(onnx::AttributeProto::STRINGS);
    onnx.mutable_strings()->CopyFrom(attribute.strings().values());
    return Status::ok();
  case proto::Attribute::kTensor: {
    onnx.set_type(onnx::AttributeProto::TENSOR);
    Result<onnx::TensorProto> tensor = convertTensor(attribute.tensor());
    if (!tensor)
      return tensor.status().withContext("attribute '" + attribute.name() +
                                         "'");
    *onnx.mutable_t() = std::move(tensor).value();
    return Status::ok();
  }
  case proto::Attribute::kGraph:
    onnx.set_type(onnx::AttributeProto::GRAPH);
    return convertGraph(attribute.graph(), attribute.name(), irVersion,
                        *onnx.mutable_g(),
                        "attribute '" + attribute.name() + "'",
                        /*inSubgraph=*/true);
  case proto::Attribute::VALUE_NOT_SET:
    break;
  }
  return Status::error("attribute '" + attribute.name() + "' has no value");
}

/// The model's metadata plus the fields ONNX has no place for, under the
/// keys of OnnxCommon.h, sorted by key so that equal models give equal files.
Status convertMetadata(const proto::Model &model, onnx::ModelProto &onnx) {
  std::map<std::string, std::string> entries(model.metadata().begin(),
                                             model.metadata().end());
  for (const char *reserved : {kTrainingMetadataKey, kProducerMetadataKey})
    if (entries.count(reserved))
      return Status::error("metadata key '" + std::string(reserved) +
                           "' is reserved: ONNX export stores a field of the "
                           "model under it");
  entries[kProducerMetadataKey] = model.producer();
  if (model.has_training() &&
      !google::protobuf::TextFormat::PrintToString(
          model.training(), &entries[kTrainingMetadataKey]))
    return Status::error("cannot print the training section as text");
  for (const auto &[key, value] : entries) {
    onnx::StringStringEntryProto &entry = *onnx.add_metadata_props();
    entry.set_key(key);
    entry.set_value(value);
  }
  return Status::ok();
}

/// Converts the model's graph (`where` is the file's path) or a node's
/// subgraph (`where` names the attribute; the caller adds the node).
Status convertGraph(const proto::Graph &graph, const std::string &name,
                    int64_t irVersion, onnx::GraphProto &onnx,
                    const std::string &where, bool inSubgraph) {
  onnx.set_name(name);
  for (const proto::ValueInfo &input : graph.inputs())
    DLC_RETURN_IF_ERROR(
        convertValueInfo(input, *onnx.add_input())
            .withContext(where + ": graph input '" + input.name() + "'"));
  for (const proto::Tensor &initializer : graph.initializers()) {
    std::string initializerWhere =
        where + ": initializer '" + initializer.name() + "'";
    Result<onnx::TensorProto> tensor = convertTensor(initializer);
    if (!tensor)
      return tensor.status().withContext(initializerWhere);
    *onnx.add_initializer() = std::move(tensor).value();
    // IR version 3 requires the model's initializers to be graph inputs
    // too (inputs with a default value); import drops those inputs again.
    // A subgraph's inputs are the values its node binds.
    if (irVersion <= 3 && !inSubgraph)
      DLC_RETURN_IF_ERROR(initializerInput(initializer, *onnx.add_input())
                              .withContext(initializerWhere));
  }
  for (const proto::ValueInfo &output : graph.outputs())
    DLC_RETURN_IF_ERROR(
        convertValueInfo(output, *onnx.add_output())
            .withContext(where + ": graph output '" + output.name() + "'"));
  for (int i = 0; i < graph.nodes_size(); ++i) {
    const proto::Node &node = graph.nodes(i);
    onnx::NodeProto &onnxNode = *onnx.add_node();
    if (!node.name().empty())
      onnxNode.set_name(node.name());
    // A qualified name `domain.op_type` names another domain's operator.
    const std::string &op = node.op();
    size_t dot = op.rfind('.');
    onnxNode.set_op_type(dot == std::string::npos ? op : op.substr(dot + 1));
    if (dot != std::string::npos)
      onnxNode.set_domain(op.substr(0, dot));
    if (!node.doc().empty())
      onnxNode.set_doc_string(node.doc());
    onnxNode.mutable_input()->CopyFrom(node.inputs());
    onnxNode.mutable_output()->CopyFrom(node.outputs());
    for (const proto::Attribute &attribute : node.attributes())
      DLC_RETURN_IF_ERROR(
          convertAttribute(attribute, irVersion, *onnxNode.add_attribute())
              .withContext(where + ": " + describeNode(node, i)));
  }
  return Status::ok();
}

} // namespace

onnx::TensorProto tensorToOnnx(const Tensor &tensor, const std::string &name) {
  onnx::TensorProto onnx;
  if (!name.empty())
    onnx.set_name(name);
  // Every dlc dtype has an ONNX element type.
  onnx.set_data_type(dtypeToOnnx(dtypeToProto(tensor.dtype())).value());
  onnx.mutable_dims()->Add(tensor.shape().begin(), tensor.shape().end());
  onnx.set_raw_data(tensor.data(), tensor.sizeInBytes());
  return onnx;
}

Result<onnx::ModelProto> convertToOnnx(const proto::Model &model,
                                       const std::string &path) {
  DLC_RETURN_IF_ERROR(validateModel(model, path));
  onnx::ModelProto onnx;
  int64_t irVersion = irVersionForOpset(model.opset_version());
  onnx.set_ir_version(irVersion);
  onnx::OperatorSetIdProto &opset = *onnx.add_opset_import();
  opset.set_domain("");
  opset.set_version(model.opset_version());
  for (const proto::Node &node : model.graph().nodes())
    if (node.op().rfind(kTrainingDomain, 0) == 0) {
      onnx::OperatorSetIdProto &training = *onnx.add_opset_import();
      training.set_domain(kTrainingDomain);
      training.set_version(1);
      break;
    }
  onnx.set_producer_name("dlc");
  DLC_RETURN_IF_ERROR(convertMetadata(model, onnx).withContext(path));
  DLC_RETURN_IF_ERROR(
      convertGraph(model.graph(),
                   model.name().empty() ? kDefaultGraphName : model.name(),
                   irVersion, *onnx.mutable_graph(), path,
                   /*inSubgraph=*/false));
  return onnx;
}

} // namespace dlc
