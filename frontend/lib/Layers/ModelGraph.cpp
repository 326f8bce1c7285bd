//===- ModelGraph.cpp - The graph of a model, its names and checks --------===//
#include "ModelGraph.h"

#include <algorithm>

namespace dlc::nn::detail {
namespace {

/// Fails if a tensor appears twice in `tensors` ("input", "output").
Status checkDistinct(const std::vector<const TensorNode *> &tensors,
                     const std::string &what) {
  for (size_t i = 0; i < tensors.size(); ++i)
    for (size_t j = 0; j < i; ++j)
      if (tensors[i] == tensors[j])
        return Status::error("model " + what + " #" + std::to_string(i) +
                             " repeats " + what + " #" + std::to_string(j));
  return Status::ok();
}

/// Something to name: an Input or a layer.
struct Nameable {
  uint64_t creationIndex;
  std::string given, base;
  std::string *name;
};

/// Gives each its given name, or else the first free of "<base>",
/// "<base>_1", ... in creation order.
Status assignNames(std::vector<Nameable> nameables) {
  std::set<std::string> taken;
  for (const Nameable &nameable : nameables) {
    if (nameable.given.empty())
      continue;
    if (nameable.given.find('/') != std::string::npos)
      return Status::error("name '" + nameable.given +
                           "' contains '/', which separates the names of "
                           "layers and weights");
    if (!taken.insert(nameable.given).second)
      return Status::error("the name '" + nameable.given +
                           "' is given to two layers or inputs");
    *nameable.name = nameable.given;
  }
  std::sort(nameables.begin(), nameables.end(),
            [](const Nameable &a, const Nameable &b) {
              return a.creationIndex < b.creationIndex;
            });
  std::map<std::string, int> counters;
  for (const Nameable &nameable : nameables) {
    while (nameable.name->empty()) {
      int count = counters[nameable.base]++;
      std::string name =
          count ? nameable.base + "_" + std::to_string(count) : nameable.base;
      if (taken.insert(name).second)
        *nameable.name = name;
    }
  }
  return Status::ok();
}

} // namespace

Result<ModelGraph>
resolveModelGraph(const std::vector<const TensorNode *> &inputs,
                  const std::vector<const TensorNode *> &outputs) {
  if (inputs.empty())
    return Status::error("the model has no inputs");
  if (outputs.empty())
    return Status::error("the model has no outputs");
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i]->layer)
      return Status::error("model input #" + std::to_string(i) +
                           " is not an Input() but the output of a " +
                           inputs[i]->describe(inputs[i]->layer->name));
  DLC_RETURN_IF_ERROR(checkDistinct(inputs, "input"));
  DLC_RETURN_IF_ERROR(checkDistinct(outputs, "output"));

  ModelGraph graph;
  std::set<const TensorNode *> reached;
  std::vector<const TensorNode *> pending = outputs;
  while (!pending.empty()) {
    const TensorNode *node = pending.back();
    pending.pop_back();
    if (!reached.insert(node).second)
      continue;
    graph.nodes.push_back(node);
    for (const auto &input : node->inputs)
      pending.push_back(input.get());
  }
  std::sort(graph.nodes.begin(), graph.nodes.end(),
            [](const TensorNode *a, const TensorNode *b) {
              return a->creationIndex < b->creationIndex;
            });

  // Unused model inputs are named too, for the message below.
  std::vector<Nameable> nameables;
  for (const TensorNode *input : inputs)
    if (!reached.count(input))
      nameables.push_back({input->creationIndex, input->inputName, "input",
                           &graph.valueNames[input]});
  for (const TensorNode *node : graph.nodes) {
    if (!node->layer)
      nameables.push_back({node->creationIndex, node->inputName, "input",
                           &graph.valueNames[node]});
    else if (!graph.layerNames.count(node->layer.get()))
      nameables.push_back({node->layer->creationIndex, node->layer->name,
                           node->layer->baseName(),
                           &graph.layerNames[node->layer.get()]});
  }
  DLC_RETURN_IF_ERROR(assignNames(std::move(nameables)));

  std::map<const LayerImpl *, int> calls;
  for (const TensorNode *node : graph.nodes) {
    if (node->failure == node) {
      const std::string &name = node->layer
                                    ? graph.layerNames[node->layer.get()]
                                    : graph.valueNames[node];
      return Status::error(node->describe(name) + ": " + node->error);
    }
    if (!node->layer)
      continue;
    const std::string &layerName = graph.layerNames[node->layer.get()];
    int call = calls[node->layer.get()]++;
    graph.valueNames[node] =
        call ? layerName + "/call_" + std::to_string(call) : layerName;
    if (!call)
      graph.firstCalls.insert(node);
  }

  for (const TensorNode *node : graph.nodes)
    if (!node->layer &&
        std::find(inputs.begin(), inputs.end(), node) == inputs.end())
      return Status::error("the outputs depend on Input '" +
                           graph.valueNames[node] +
                           "', which is not one of the model's inputs");
  for (const TensorNode *input : inputs)
    if (!reached.count(input))
      return Status::error("Input '" + graph.valueNames[input] +
                           "' is not used by any output");
  return graph;
}

} // namespace dlc::nn::detail
