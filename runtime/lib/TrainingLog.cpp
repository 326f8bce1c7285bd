//===- TrainingLog.cpp - What TensorBoard shows, as static files ----------===//
#include "dlc/Runtime/TrainingLog.h"

#include "dlc/Runtime/FileIO.h"
#include "dlc/Runtime/SvgCharts.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace dlc {

namespace {

namespace fs = std::filesystem;

/// The metrics charted, each with its validation twin: the names without
/// the "val_" prefix, in the history's order.
std::vector<std::string> chartedMetrics(const History &history) {
  std::vector<std::string> names;
  for (const std::string &name : history.metricNames()) {
    std::string base = name.rfind("val_", 0) == 0 ? name.substr(4) : name;
    if (std::find(names.begin(), names.end(), base) == names.end())
      names.push_back(base);
  }
  return names;
}

/// A file name for the weight `name` ("dense/kernel" -> "dense_kernel").
std::string fileNameOf(std::string name) {
  std::replace(name.begin(), name.end(), '/', '_');
  return name;
}

std::vector<float> valuesOf(const Tensor &tensor) {
  std::vector<float> values(tensor.numElements());
  for (int64_t i = 0; i < tensor.numElements(); ++i)
    values[i] = static_cast<float>(tensor.valueAt(i));
  return values;
}

} // namespace

Status TrainingLog::onEpochEnd(EpochEnd &state) {
  std::error_code error;
  fs::path epochDir =
      fs::path(directory_) / ("epoch-" + std::to_string(state.epoch + 1));
  fs::create_directories(epochDir, error);
  if (error)
    return Status::error(epochDir.string() + ": " + error.message());
  history_.addEpoch(state.logs);
  epochs_.push_back(state.epoch + 1);
  DLC_RETURN_IF_ERROR(
      history_.writeCsv((fs::path(directory_) / "metrics.csv").string()));
  for (const std::string &metric : chartedMetrics(history_)) {
    std::vector<ChartSeries> series = {{metric, history_.values(metric)}};
    std::vector<double> validation = history_.values("val_" + metric);
    if (std::any_of(validation.begin(), validation.end(),
                    [](double value) { return !std::isnan(value); }))
      series.push_back({"val_" + metric, validation});
    std::string svg = lineChartSvg(metric, series);
    DLC_RETURN_IF_ERROR(writeFileAtomically(
        (fs::path(directory_) / (metric + ".svg")).string(), {svg}));
  }
  for (const NamedTensor &weight : state.trainer.parameters()) {
    std::string svg = histogramSvg(weight.name + " (epoch " +
                                       std::to_string(state.epoch + 1) + ")",
                                   valuesOf(weight.tensor));
    DLC_RETURN_IF_ERROR(writeFileAtomically(
        (epochDir / (fileNameOf(weight.name) + ".svg")).string(), {svg}));
  }
  return writeIndex(state.trainer);
}

Status TrainingLog::writeIndex(const Trainer &trainer) const {
  std::string html =
      "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" +
      escapeXml(trainer.modelPath()) +
      "</title></head>\n<body style=\"font-family: sans-serif\">\n<h1>" +
      escapeXml(trainer.modelPath()) + "</h1>\n<h2>Metrics</h2>\n<p>";
  for (const std::string &metric : chartedMetrics(history_))
    html += "<img src=\"" + escapeXml(metric) + ".svg\">\n";
  html += "</p><p><a href=\"metrics.csv\">metrics.csv</a></p>\n";
  if (fs::exists(fs::path(directory_) / "model.svg"))
    html += "<h2>Graph</h2>\n<p><img src=\"model.svg\"></p>\n";
  else if (fs::exists(fs::path(directory_) / "model.dot"))
    html += "<h2>Graph</h2>\n<p><a href=\"model.dot\">model.dot</a> "
            "(Graphviz)</p>\n";
  html += "<h2>Weights</h2>\n";
  for (auto epoch = epochs_.rbegin(); epoch != epochs_.rend(); ++epoch) {
    std::string folder = "epoch-" + std::to_string(*epoch);
    html += std::string("<details") +
            (epoch == epochs_.rbegin() ? " open" : "") + "><summary>epoch " +
            std::to_string(*epoch) + "</summary>\n<p>";
    for (const NamedTensor &weight : trainer.parameters())
      html += "<img src=\"" + folder + "/" +
              escapeXml(fileNameOf(weight.name)) + ".svg\">\n";
    html += "</p></details>\n";
  }
  html += "</body></html>\n";
  return writeFileAtomically((fs::path(directory_) / "index.html").string(),
                             {html});
}

} // namespace dlc
