//===- History.cpp - Recording and writing per-epoch metrics --------------===//
//
// Histories are small (epochs x metrics), so values() searches linearly and
// writeCsv builds the whole file in memory before the atomic write.
//
//===----------------------------------------------------------------------===//
#include "dlc/Runtime/History.h"

#include "dlc/Runtime/FileIO.h"

#include <algorithm>
#include <cassert>
#include <charconv>
#include <cmath>
#include <limits>

using namespace dlc;

/// The value of metric `name` in `metrics`, or NaN.
static double find(const MetricValues &metrics, const std::string &name) {
  for (const MetricValue &metric : metrics)
    if (metric.name == name)
      return metric.value;
  return std::numeric_limits<double>::quiet_NaN();
}

/// `name` as a CSV field: quoted, with quotes doubled, if it holds a comma,
/// a quote, a line break or surrounding blanks (which readers would trim).
static std::string csvField(const std::string &name) {
  auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
  if (name.find_first_of(",\"\r\n") == std::string::npos &&
      (name.empty() || (!isBlank(name.front()) && !isBlank(name.back()))))
    return name;
  std::string quoted = "\"";
  for (char c : name)
    quoted += c == '"' ? "\"\"" : std::string(1, c);
  return quoted + "\"";
}

/// The shortest text that reads back as `value`; "nan", "inf" or "-inf" for
/// those.
static std::string formatValue(double value) {
  if (std::isnan(value))
    return "nan";
  char text[32];
  auto [end, error] = std::to_chars(text, text + sizeof(text), value);
  assert(error == std::errc() && "32 bytes hold any double");
  return std::string(text, end);
}

void History::addEpoch(const MetricValues &metrics) {
  for (size_t i = 0; i < metrics.size(); ++i) {
    assert(std::none_of(metrics.begin(), metrics.begin() + i,
                        [&](const MetricValue &earlier) {
                          return earlier.name == metrics[i].name;
                        }) &&
           "metric names must be unique within an epoch");
    if (std::find(names_.begin(), names_.end(), metrics[i].name) ==
        names_.end())
      names_.push_back(metrics[i].name);
  }
  epochs_.push_back(metrics);
}

std::vector<double> History::values(const std::string &name) const {
  if (std::find(names_.begin(), names_.end(), name) == names_.end())
    return {};
  std::vector<double> result;
  for (const MetricValues &epoch : epochs_)
    result.push_back(find(epoch, name));
  return result;
}

Status History::writeCsv(const std::string &path) const {
  std::string text = "epoch";
  for (const std::string &name : names_)
    text += "," + csvField(name);
  text += "\n";
  for (size_t epoch = 0; epoch < epochs_.size(); ++epoch) {
    text += std::to_string(epoch + 1);
    for (const std::string &name : names_)
      text += "," + formatValue(find(epochs_[epoch], name));
    text += "\n";
  }
  return writeFileAtomically(path, {text});
}
