//===- FunctionalModel.cpp - Keras-style models built from layers ---------===//
#include "dlc/Frontend/FunctionalModel.h"

#include "GraphEmitter.h"
#include "ModelGraph.h"
#include "Summary.h"

#include "dlc/Frontend/ModelFile.h"

namespace dlc::nn {

using namespace detail;

namespace {

/// The opset whose Dropout takes its ratio as an input (12) and whose
/// Softmax normalizes one axis (13).
constexpr int64_t kOpsetVersion = 13;

} // namespace

FunctionalModel::FunctionalModel(std::vector<SymbolicTensor> inputs,
                                 std::vector<SymbolicTensor> outputs,
                                 std::string name)
    : inputs_(std::move(inputs)), outputs_(std::move(outputs)),
      name_(std::move(name)) {}

FunctionalModel::FunctionalModel(std::string name) : name_(std::move(name)) {}

Result<ModelGraph> FunctionalModel::resolve() const {
  std::string context = "model '" + name_ + "'";
  DLC_RETURN_IF_ERROR(structureError_.withContext(context));
  auto nodesOf = [](const std::vector<SymbolicTensor> &tensors) {
    std::vector<const TensorNode *> nodes;
    for (const SymbolicTensor &tensor : tensors)
      nodes.push_back(tensor.node_.get());
    return nodes;
  };
  Result<ModelGraph> graph =
      resolveModelGraph(nodesOf(inputs_), nodesOf(outputs_));
  if (!graph)
    return graph.status().withContext(context);
  return graph;
}

Status FunctionalModel::status() const {
  Result<ModelGraph> graph = resolve();
  return graph ? Status::ok() : graph.status();
}

Result<proto::Model> FunctionalModel::toProto(uint64_t seed) const {
  Result<ModelGraph> graph = resolve();
  if (!graph)
    return graph.status();
  proto::Model model;
  model.set_format_version(kModelFormatVersion);
  model.set_name(name_);
  model.set_producer("dlc nn");
  model.set_opset_version(kOpsetVersion);
  (*model.mutable_metadata())["seed"] = std::to_string(seed);

  GraphEmitter emitter(*model.mutable_graph(), seed);
  for (const SymbolicTensor &input : inputs_)
    emitter.addInput(*input.node_, graph->valueNames.at(input.node_.get()));
  auto addCall = [&](const TensorNode &call) -> Status {
    const std::string &layerName = graph->layerNames.at(call.layer.get());
    if (graph->firstCalls.count(&call))
      DLC_RETURN_IF_ERROR(emitter.addWeights(*call.layer, layerName));
    return emitter.addCall(call, graph->valueNames.at(&call), layerName);
  };
  for (const TensorNode *node : graph->nodes)
    if (node->layer)
      DLC_RETURN_IF_ERROR(addCall(*node).withContext("model '" + name_ + "'"));
  for (const SymbolicTensor &output : outputs_)
    emitter.addOutput(*output.node_);
  if (!emitter.regularizers().empty())
    model.mutable_training()->mutable_regularizers()->Add(
        emitter.regularizers().begin(), emitter.regularizers().end());
  return model;
}

Result<std::string> FunctionalModel::summary() const {
  Result<ModelGraph> graph = resolve();
  if (!graph)
    return graph.status();
  return formatSummary(name_, *graph, summaryListsInputs_);
}

Result<int64_t> FunctionalModel::countParams() const {
  Result<ModelGraph> graph = resolve();
  if (!graph)
    return graph.status();
  ParamCounts counts = countModelParams(*graph);
  return counts.trainable + counts.nonTrainable;
}

Sequential::Sequential(std::vector<Entry> entries, std::string name)
    : FunctionalModel(std::move(name)) {
  summaryListsInputs_ = false;
  for (const Entry &entry : entries)
    std::visit([this](const auto &value) { add(value); }, entry.value_);
}

void Sequential::fail(const std::string &message) {
  if (structureError_)
    structureError_ = Status::error(message);
}

void Sequential::add(const SymbolicTensor &input) {
  if (inputs_.empty())
    inputs_ = outputs_ = {input};
  else
    fail("a Sequential model has one Input; got a second one");
}

void Sequential::add(const Layer &layer) {
  if (inputs_.empty())
    fail("a Sequential model starts with an Input: add Input(shape) before "
         "the layers");
  else
    outputs_ = {layer(outputs_[0])};
}

} // namespace dlc::nn
