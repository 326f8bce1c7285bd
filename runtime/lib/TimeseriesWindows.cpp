//===- TimeseriesWindows.cpp - Windows of a series and their targets ------===//
#include "dlc/Runtime/TimeseriesWindows.h"

#include <algorithm>

namespace dlc {

Result<Dataset> timeseriesWindows(const Tensor &series, int64_t targetColumn,
                                  const TimeseriesWindowOptions &options) {
  if (series.dtype() != DType::Float32 || series.rank() != 2)
    return Status::error("timeseries windows: expected a float32 series "
                         "[rows, features], got " +
                         std::string(dtypeName(series.dtype())) + " " +
                         series.shapeString());
  int64_t rows = series.shape()[0], features = series.shape()[1];
  if (options.sequenceLength <= 0 || options.samplingRate <= 0 ||
      options.stride <= 0 || options.horizon < 0)
    return Status::error("timeseries windows: sequence length, sampling rate "
                         "and stride must be positive and the horizon not "
                         "negative");
  if (targetColumn < 0 || targetColumn >= features)
    return Status::error("timeseries windows: target column " +
                         std::to_string(targetColumn) + " is outside the " +
                         std::to_string(features) + " columns");
  int64_t end = options.end < 0 ? rows : options.end;
  if (options.begin < 0 || options.begin >= end || end > rows)
    return Status::error("timeseries windows: rows [" +
                         std::to_string(options.begin) + ", " +
                         std::to_string(end) + ") are not within the " +
                         std::to_string(rows) + " rows");
  // Rows from a window's start to its target.
  int64_t span =
      options.samplingRate * (options.sequenceLength - 1) + options.horizon + 1;
  int64_t starts = end - options.begin - span;
  if (starts < 0)
    return Status::error("timeseries windows: rows [" +
                         std::to_string(options.begin) + ", " +
                         std::to_string(end) + ") are fewer than the " +
                         std::to_string(span) +
                         " that one window and its target need");
  int64_t windows = starts / options.stride + 1;
  Tensor inputs(DType::Float32, {windows, options.sequenceLength, features});
  Tensor targets(DType::Float32, {windows, 1});
  const float *in = series.typed<float>();
  float *out = inputs.typed<float>();
  for (int64_t w = 0; w < windows; ++w) {
    int64_t start = options.begin + w * options.stride;
    for (int64_t step = 0; step < options.sequenceLength; ++step) {
      const float *row = in + (start + step * options.samplingRate) * features;
      out = std::copy(row, row + features, out);
    }
    targets.typed<float>()[w] = in[(start + span - 1) * features + targetColumn];
  }
  return Dataset::create(inputs, targets);
}

} // namespace dlc
