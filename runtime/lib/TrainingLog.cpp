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

Result<std::vector<std::string>>
TrainingLog::writeHistograms(const std::string &folder, const std::string &what,
                             int64_t epoch,
                             const std::vector<NamedTensor> &tensors) const {
  fs::path relative = fs::path("epoch-" + std::to_string(epoch)) / folder;
  std::error_code error;
  fs::create_directories(fs::path(directory_) / relative, error);
  if (error)
    return Status::error((fs::path(directory_) / relative).string() + ": " +
                         error.message());
  std::vector<std::string> files;
  for (const NamedTensor &tensor : tensors) {
    std::string svg = histogramSvg(tensor.name + what + " (epoch " +
                                       std::to_string(epoch) + ")",
                                   valuesOf(tensor.tensor));
    std::string file = (relative / (fileNameOf(tensor.name) + ".svg")).string();
    DLC_RETURN_IF_ERROR(
        writeFileAtomically((fs::path(directory_) / file).string(), {svg}));
    files.push_back(file);
  }
  return files;
}

Status TrainingLog::onEpochEnd(EpochEnd &state) {
  int64_t epoch = state.epoch + 1;
  std::error_code error;
  fs::create_directories(directory_, error);
  if (error)
    return Status::error(directory_ + ": " + error.message());
  history_.addEpoch(state.logs);
  epochs_.push_back(epoch);
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
  EpochFiles files;
  Result<std::vector<std::string>> weights =
      writeHistograms("", "", epoch, state.trainer.parameters());
  if (!weights)
    return weights.status();
  files.weights = std::move(*weights);
  if (probe_ && inspectionUnavailable_.empty()) {
    Result<std::vector<NamedTensor>> activations =
        state.trainer.nodeOutputs(probe_->inputs());
    Result<std::vector<NamedTensor>> gradients =
        activations ? state.trainer.gradients(probe_->inputs(),
                                              probe_->allLabels())
                    : Result<std::vector<NamedTensor>>(activations.status());
    if (!activations || !gradients) {
      // The weights and metrics are still worth logging.
      inspectionUnavailable_ =
          (activations ? gradients : activations).status().message();
    } else {
      Result<std::vector<std::string>> written =
          writeHistograms("activations", " output", epoch, *activations);
      if (!written)
        return written.status();
      files.activations = std::move(*written);
      written = writeHistograms("gradients", " gradient", epoch, *gradients);
      if (!written)
        return written.status();
      files.gradients = std::move(*written);
    }
  }
  files_.push_back(std::move(files));
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
  auto section = [&](const std::string &title,
                     std::vector<std::string> EpochFiles::*member) {
    html += "<h2>" + title + "</h2>\n";
    for (size_t index = epochs_.size(); index-- > 0;) {
      html += std::string("<details") +
              (index + 1 == epochs_.size() ? " open" : "") +
              "><summary>epoch " + std::to_string(epochs_[index]) +
              "</summary>\n<p>";
      for (const std::string &file : files_[index].*member)
        html += "<img src=\"" + escapeXml(file) + "\">\n";
      html += "</p></details>\n";
    }
  };
  section("Weights", &EpochFiles::weights);
  if (probe_ && inspectionUnavailable_.empty()) {
    section("Activations (each node's output on " +
                std::to_string(probe_->size()) + " training samples)",
            &EpochFiles::activations);
    section("Gradients (of the loss, on the same samples)",
            &EpochFiles::gradients);
  } else if (probe_) {
    html += "<h2>Activations and gradients</h2>\n<p>Not available: " +
            escapeXml(inspectionUnavailable_) + "</p>\n";
  }
  html += "</body></html>\n";
  return writeFileAtomically((fs::path(directory_) / "index.html").string(),
                             {html});
}

} // namespace dlc
