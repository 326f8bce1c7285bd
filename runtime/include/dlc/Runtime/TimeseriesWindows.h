//===- TimeseriesWindows.h - Windows of a series and their targets *- C++ -*-===//
//
// Keras's timeseries_dataset_from_array for forecasting: a series of rows
// (time steps) of features becomes samples of `sequenceLength` rows, taken
// every `samplingRate` rows, each labelled with the target column
// `horizon` rows after the window's last row:
//
//   window at start s:  rows s, s + r, ..., s + r * (L - 1)
//   its target:         series[s + r * (L - 1) + horizon, targetColumn]
//
// Windows start every `stride` rows in [begin, end), and every row a
// window and its target read lies in [begin, end), so splits of a series
// into consecutive ranges never see each other's rows.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_TIMESERIESWINDOWS_H
#define DLC_RUNTIME_TIMESERIESWINDOWS_H

#include "dlc/Runtime/Dataset.h"
#include "dlc/Runtime/Status.h"

#include <cstdint>

namespace dlc {

struct TimeseriesWindowOptions {
  int64_t sequenceLength = 1;
  int64_t samplingRate = 1;
  int64_t horizon = 1;
  int64_t stride = 1;
  /// The rows windows and targets may read: [begin, end), end -1 for the
  /// last row.
  int64_t begin = 0;
  int64_t end = -1;
};

/// The windows of float32 `series` [rows, features] as a Dataset: inputs
/// [windows, sequenceLength, features], labels [windows, 1]. Fails for
/// sizes that are not positive, a negative horizon, a target column or row
/// range outside the series, or a range too short for one window.
Result<Dataset> timeseriesWindows(const Tensor &series, int64_t targetColumn,
                                  const TimeseriesWindowOptions &options);

} // namespace dlc

#endif // DLC_RUNTIME_TIMESERIESWINDOWS_H
