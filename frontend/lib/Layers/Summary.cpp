//===- Summary.cpp - Keras's model.summary() table ------------------------===//
#include "Summary.h"

#include <algorithm>
#include <cstdio>
#include <iterator>

namespace dlc::nn::detail {
namespace {

int64_t weightCount(const WeightSpec &weight) {
  return *elementCount(weight.shape); // bounded by LayerImpl::call
}

/// 407050 -> "407,050".
std::string withThousands(int64_t value) {
  std::string digits = std::to_string(value), text;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0)
      text += ',';
    text += digits[i];
  }
  return text;
}

/// The size of `params` float32 weights as Keras prints it: "1.55 MB".
std::string memorySize(int64_t params) {
  const char *units[] = {"B", "KB", "MB", "GB", "TB"};
  double size = static_cast<double>(params) * 4;
  size_t unit = 0;
  while (size >= 1024 && unit + 1 < std::size(units)) {
    size /= 1024;
    ++unit;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.2f %s", size, units[unit]);
  return text;
}

std::string paramsLine(const char *what, int64_t params) {
  return std::string(what) + " params: " + withThousands(params) + " (" +
         memorySize(params) + ")\n";
}

} // namespace

ParamCounts countModelParams(const ModelGraph &graph) {
  ParamCounts counts;
  for (const TensorNode *call : graph.firstCalls)
    for (const WeightSpec &weight : call->layer->weights())
      (weight.trainable ? counts.trainable : counts.nonTrainable) +=
          weightCount(weight);
  return counts;
}

std::string formatSummary(const std::string &modelName, const ModelGraph &graph,
                          bool functional) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({"Layer (type)", "Output Shape", "Param #"});
  if (functional)
    rows.back().push_back("Connected to");
  for (const TensorNode *node : graph.nodes) {
    if (!node->layer && !functional)
      continue;
    int64_t params = 0;
    if (graph.firstCalls.count(node))
      for (const WeightSpec &weight : node->layer->weights())
        params += weightCount(weight);
    std::string kind = node->layer ? node->layer->kind() : "InputLayer";
    rows.push_back({graph.valueNames.at(node) + " (" + kind + ")",
                    formatKerasShape(node->spec.shape), withThousands(params)});
    if (functional) {
      std::string inputs;
      for (const auto &input : node->inputs)
        inputs +=
            (inputs.empty() ? "" : ", ") + graph.valueNames.at(input.get());
      rows.back().push_back(inputs);
    }
  }

  // Two spaces between columns; Param # is right-aligned.
  constexpr size_t kParams = 2;
  std::vector<size_t> widths(rows[0].size());
  for (const auto &row : rows)
    for (size_t column = 0; column < row.size(); ++column)
      widths[column] = std::max(widths[column], row[column].size());
  size_t lineWidth = 1;
  for (size_t width : widths)
    lineWidth += width + 2;
  auto formatRow = [&](const std::vector<std::string> &row) {
    std::string line = " ";
    for (size_t column = 0; column < row.size(); ++column) {
      std::string padding(widths[column] - row[column].size(), ' ');
      line += column == kParams ? padding + row[column] : row[column] + padding;
      line += "  ";
    }
    line.erase(line.find_last_not_of(' ') + 1);
    return line + "\n";
  };

  ParamCounts counts = countModelParams(graph);
  std::string text = "Model: \"" + modelName + "\"\n";
  text += std::string(lineWidth, '_') + "\n" + formatRow(rows[0]);
  text += std::string(lineWidth, '=') + "\n";
  for (size_t i = 1; i < rows.size(); ++i)
    text += formatRow(rows[i]);
  text += std::string(lineWidth, '=') + "\n";
  text += paramsLine("Total", counts.trainable + counts.nonTrainable);
  text += paramsLine("Trainable", counts.trainable);
  text += paramsLine("Non-trainable", counts.nonTrainable);
  return text;
}

} // namespace dlc::nn::detail
