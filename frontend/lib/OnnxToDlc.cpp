//===- OnnxToDlc.cpp - Conversion of ONNX protos into the dlc model format ===//
//
// Implements the mapping of docs/model-format.md ("ONNX models"). Anything
// dlc cannot represent is an error here rather than a surprise later.
//
//===----------------------------------------------------------------------===//

#include "dlc/Frontend/OnnxToDlc.h"
#include "OnnxCommon.h"
#include "dlc/Frontend/ModelFile.h"
#include "dlc/Frontend/TensorData.h"

#include <optional>
#include <unordered_set>

namespace dlc {
namespace {

Status unsupportedElementType(int32_t elemType) {
  std::string name = onnx::TensorProto::DataType_IsValid(elemType)
                         ? onnx::TensorProto::DataType_Name(elemType)
                         : std::to_string(elemType);
  return Status::error("element type " + name +
                       " is not supported (dlc supports FLOAT, DOUBLE, "
                       "FLOAT16, BFLOAT16, INT8 to INT64, UINT8 to UINT64 "
                       "and BOOL)");
}

/// Decodes an ONNX tensor and re-encodes it the one way dlc writes tensors.
Result<proto::Tensor> convertTensor(const onnx::TensorProto &onnx) {
  Result<Tensor> tensor = tensorFromOnnx(onnx);
  if (!tensor)
    return tensor.status();
  return tensorToProto(*tensor, onnx.name());
}

const char *typeKindName(onnx::TypeProto::ValueCase kind) {
  switch (kind) {
  case onnx::TypeProto::kSequenceType:
    return "a sequence";
  case onnx::TypeProto::kMapType:
    return "a map";
  case onnx::TypeProto::kOptionalType:
    return "an optional";
  case onnx::TypeProto::kSparseTensorType:
    return "a sparse tensor";
  case onnx::TypeProto::VALUE_NOT_SET:
    return "missing";
  default:
    return "not a tensor";
  }
}

/// `inSubgraph`: a subgraph's inputs and outputs may leave their type to
/// the node that runs the subgraph.
Status convertValueInfo(const onnx::ValueInfoProto &onnx,
                        proto::ValueInfo &info, bool inSubgraph) {
  info.set_name(onnx.name());
  info.set_doc(onnx.doc_string());
  const onnx::TypeProto &type = onnx.type();
  bool noTensorShape = type.has_tensor_type() &&
                       (type.tensor_type().elem_type() == 0 ||
                        !type.tensor_type().has_shape());
  if (inSubgraph && (type.value_case() == onnx::TypeProto::VALUE_NOT_SET ||
                     noTensorShape)) {
    info.set_untyped(true);
    return Status::ok();
  }
  if (!type.has_tensor_type())
    return Status::error(std::string("type is ") +
                         typeKindName(type.value_case()) +
                         "; dlc supports only tensors");
  const onnx::TypeProto::Tensor &tensorType = type.tensor_type();
  std::optional<proto::DataType> dtype = dtypeFromOnnx(tensorType.elem_type());
  if (!dtype)
    return unsupportedElementType(tensorType.elem_type());
  info.set_dtype(*dtype);
  if (!tensorType.has_shape())
    return Status::error("has no shape; dlc needs the rank of every graph "
                         "input and output");
  for (const onnx::TensorShapeProto::Dimension &onnxDim :
       tensorType.shape().dim()) {
    proto::Dim &dim = *info.add_shape();
    if (onnxDim.has_dim_value())
      dim.set_size(onnxDim.dim_value());
    else if (onnxDim.has_dim_param())
      dim.set_symbol(onnxDim.dim_param());
    else
      dim.set_symbol("?");
  }
  return Status::ok();
}

Status convertGraph(const onnx::GraphProto &onnx, proto::Graph &graph,
                    const std::string &where, bool inSubgraph);

Status convertAttribute(const onnx::AttributeProto &onnx,
                        proto::Attribute &attribute) {
  attribute.set_name(onnx.name());
  switch (onnx.type()) {
  case onnx::AttributeProto::INT:
    attribute.set_i(onnx.i());
    return Status::ok();
  case onnx::AttributeProto::FLOAT:
    attribute.set_f(onnx.f());
    return Status::ok();
  case onnx::AttributeProto::STRING:
    attribute.set_s(onnx.s());
    return Status::ok();
  case onnx::AttributeProto::INTS:
    attribute.mutable_ints()->mutable_values()->CopyFrom(onnx.ints());
    return Status::ok();
  case onnx::AttributeProto::FLOATS:
    attribute.mutable_floats()->mutable_values()->CopyFrom(onnx.floats());
    return Status::ok();
  case onnx::AttributeProto::STRINGS:
    attribute.mutable_strings()->mutable_values()->CopyFrom(onnx.strings());
    return Status::ok();
  case onnx::AttributeProto::TENSOR: {
    Result<proto::Tensor> tensor = convertTensor(onnx.t());
    if (!tensor)
      return tensor.status().withContext("attribute '" + onnx.name() + "'");
    *attribute.mutable_tensor() = std::move(tensor).value();
    return Status::ok();
  }
  case onnx::AttributeProto::GRAPH:
    return convertGraph(onnx.g(), *attribute.mutable_graph(),
                        "attribute '" + onnx.name() + "'",
                        /*inSubgraph=*/true);
  default:
    return Status::error("attribute '" + onnx.name() + "' has type " +
                         onnx::AttributeProto::AttributeType_Name(onnx.type()) +
                         ", which dlc does not support");
  }
}

/// Converts the graph inputs or outputs (`kind`), leaving out those in `skip`.
Status convertValueInfos(
    const google::protobuf::RepeatedPtrField<onnx::ValueInfoProto> &onnx,
    const std::string &kind, const std::unordered_set<std::string> &skip,
    google::protobuf::RepeatedPtrField<proto::ValueInfo> &infos,
    const std::string &where, bool inSubgraph) {
  for (const onnx::ValueInfoProto &onnxInfo : onnx) {
    if (skip.count(onnxInfo.name()))
      continue;
    DLC_RETURN_IF_ERROR(convertValueInfo(onnxInfo, *infos.Add(), inSubgraph)
                            .withContext(where + ": graph " + kind + " '" +
                                         onnxInfo.name() + "'"));
  }
  return Status::ok();
}

/// Converts a graph: the model's (`where` is the file's path) or a node's
/// subgraph (`where` names the attribute; the caller adds the node).
Status convertGraph(const onnx::GraphProto &graph, proto::Graph &dlcGraph,
                    const std::string &where, bool inSubgraph) {
  if (graph.sparse_initializer_size() != 0)
    return Status::error(where + ": sparse initializer '" +
                         graph.sparse_initializer(0).values().name() +
                         "' is not supported");
  std::unordered_set<std::string> initializerNames;
  for (const onnx::TensorProto &initializer : graph.initializer()) {
    initializerNames.insert(initializer.name());
    Result<proto::Tensor> tensor = convertTensor(initializer);
    if (!tensor)
      return tensor.status().withContext(where + ": initializer '" +
                                         initializer.name() + "'");
    *dlcGraph.add_initializers() = std::move(tensor).value();
  }
  // ONNX lists weights among the inputs too (as inputs with a default);
  // dlc keeps them only as initializers.
  DLC_RETURN_IF_ERROR(convertValueInfos(graph.input(), "input",
                                        initializerNames,
                                        *dlcGraph.mutable_inputs(), where,
                                        inSubgraph));
  DLC_RETURN_IF_ERROR(convertValueInfos(graph.output(), "output", {},
                                        *dlcGraph.mutable_outputs(), where,
                                        inSubgraph));

  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &onnxNode = graph.node(i);
    proto::Node &node = *dlcGraph.add_nodes();
    node.set_name(onnxNode.name());
    node.set_op(isDefaultOnnxDomain(onnxNode.domain())
                    ? onnxNode.op_type()
                    : onnxNode.domain() + "." + onnxNode.op_type());
    node.set_doc(onnxNode.doc_string());
    node.mutable_inputs()->CopyFrom(onnxNode.input());
    node.mutable_outputs()->CopyFrom(onnxNode.output());
    std::string nodeWhere = where + ": " + describeNode(node, i);
    if (!isDefaultOnnxDomain(onnxNode.domain()) &&
        onnxNode.domain() != kTrainingDomain)
      return Status::error(nodeWhere + ": domain '" + onnxNode.domain() +
                           "' is not supported (only the default ONNX domain "
                           "and " + kTrainingDomain + " are)");
    for (const onnx::AttributeProto &attribute : onnxNode.attribute())
      DLC_RETURN_IF_ERROR(
          convertAttribute(attribute, *node.add_attributes())
              .withContext(nodeWhere));
  }
  return Status::ok();
}

} // namespace

Result<Tensor> tensorFromOnnx(const onnx::TensorProto &onnx) {
  std::string where = "tensor '" + onnx.name() + "'";
  if (onnx.data_location() == onnx::TensorProto::EXTERNAL)
    return Status::error(where + ": external data is not supported; save the "
                                 "ONNX model with its weights inside");
  if (onnx.has_segment())
    return Status::error(where + ": segmented tensors are not supported");
  std::optional<proto::DataType> dtype = dtypeFromOnnx(onnx.data_type());
  if (!dtype)
    return unsupportedElementType(onnx.data_type()).withContext(where);

  // Move the data into a dlc proto field by field and let tensorFromProto
  // check it, so that ONNX and dlc tensors obey the same rules. ONNX keeps
  // the 8- and 16-bit integers, INT32, BOOL and the bits of FLOAT16 and
  // BFLOAT16 in int32_data, INT64 in int64_data and UINT32 and UINT64 in
  // uint64_data; all map to int_data, and a tensor using the wrong one fails
  // the size check.
  proto::Tensor tensor;
  tensor.set_dtype(*dtype);
  tensor.mutable_shape()->CopyFrom(onnx.dims());
  tensor.set_raw_data(onnx.raw_data());
  tensor.mutable_float_data()->CopyFrom(onnx.float_data());
  tensor.mutable_double_data()->CopyFrom(onnx.double_data());
  tensor.mutable_int_data()->Add(onnx.int32_data().begin(),
                                 onnx.int32_data().end());
  tensor.mutable_int_data()->Add(onnx.int64_data().begin(),
                                 onnx.int64_data().end());
  tensor.mutable_int_data()->Add(onnx.uint64_data().begin(),
                                 onnx.uint64_data().end());
  Result<Tensor> result = tensorFromProto(tensor);
  if (!result)
    return result.status().withContext(where);
  return result;
}

Result<proto::Model> convertOnnxModel(const onnx::ModelProto &onnx,
                                      const std::string &path) {
  proto::Model model;
  model.set_format_version(kModelFormatVersion);
  for (const onnx::OperatorSetIdProto &opset : onnx.opset_import())
    if (isDefaultOnnxDomain(opset.domain()))
      model.set_opset_version(opset.version());
  bool onlyTraining = onnx.graph().node_size() > 0;
  for (const onnx::NodeProto &node : onnx.graph().node())
    onlyTraining &= node.domain() == kTrainingDomain;
  // A graph of training operators alone needs no default opset; its
  // operators have one version.
  if (model.opset_version() == 0 && onlyTraining)
    model.set_opset_version(kMaxOpsetVersion);
  if (model.opset_version() == 0)
    return Status::error(path +
                         ": the model imports no default-domain ONNX opset");
  model.set_producer(onnx.producer_version().empty()
                         ? onnx.producer_name()
                         : onnx.producer_name() + " " +
                               onnx.producer_version());
  // The keys dlc's ONNX export writes restore the fields ONNX lacks; the
  // other entries are the model's own metadata.
  for (const onnx::StringStringEntryProto &entry : onnx.metadata_props()) {
    if (entry.key() == kTrainingMetadataKey)
      DLC_RETURN_IF_ERROR(
          parseTextProto(entry.value(), *model.mutable_training())
              .withContext(path + ": metadata_props '" + entry.key() + "'"));
    else if (entry.key() == kProducerMetadataKey)
      model.set_producer(entry.value());
    else
      (*model.mutable_metadata())[entry.key()] = entry.value();
  }

  model.set_name(onnx.graph().name());
  DLC_RETURN_IF_ERROR(convertGraph(onnx.graph(), *model.mutable_graph(), path,
                                   /*inSubgraph=*/false));
  return model;
}

} // namespace dlc
