//===- GraphDot.cpp - A model's graph in Graphviz's language --------------===//
#include "dlc/Frontend/GraphDot.h"

#include <map>
#include <set>

namespace dlc {

namespace {

/// `text` as a quoted Graphviz string; line breaks become its "\n".
std::string quoted(const std::string &text) {
  std::string result = "\"";
  for (char c : text) {
    if (c == '\n') {
      result += "\\n";
      continue;
    }
    if (c == '"' || c == '\\')
      result += '\\';
    result += c;
  }
  return result + "\"";
}

} // namespace

std::string graphDot(const proto::Model &model) {
  const proto::Graph &graph = model.graph();
  std::set<std::string> weights;
  for (const proto::Tensor &initializer : graph.initializers())
    weights.insert(initializer.name());
  // Where each value comes from: a graph input or a node.
  std::map<std::string, std::string> producer;
  std::string dot = "digraph " + quoted(model.name().empty() ? "model"
                                                             : model.name()) +
                    " {\n  node [fontname=\"sans-serif\" fontsize=10];\n";
  for (const proto::ValueInfo &input : graph.inputs()) {
    if (weights.count(input.name()))
      continue;
    std::string id = "input:" + input.name();
    producer[input.name()] = id;
    dot += "  " + quoted(id) + " [shape=oval label=" + quoted(input.name()) +
           "];\n";
  }
  for (int index = 0; index < graph.nodes_size(); ++index) {
    const proto::Node &node = graph.nodes(index);
    std::string id = "node:" + std::to_string(index);
    int weightInputs = 0;
    for (const std::string &input : node.inputs())
      weightInputs += weights.count(input) ? 1 : 0;
    std::string label = node.op() + "\n" + node.name();
    if (weightInputs)
      label += "\n" + std::to_string(weightInputs) + " weight" +
               (weightInputs > 1 ? "s" : "");
    dot += "  " + quoted(id) + " [shape=box label=" + quoted(label) + "];\n";
    for (const std::string &input : node.inputs()) {
      auto from = producer.find(input);
      if (from != producer.end())
        dot += "  " + quoted(from->second) + " -> " + quoted(id) + ";\n";
    }
    for (const std::string &output : node.outputs())
      if (!output.empty())
        producer[output] = id;
  }
  for (const proto::ValueInfo &output : graph.outputs()) {
    std::string id = "output:" + output.name();
    dot += "  " + quoted(id) + " [shape=doublecircle label=" +
           quoted(output.name()) + "];\n";
    auto from = producer.find(output.name());
    if (from != producer.end())
      dot += "  " + quoted(from->second) + " -> " + quoted(id) + ";\n";
  }
  return dot + "}\n";
}

} // namespace dlc
