//===- TimeseriesWindowsTest.cpp - Windows of a series ---------------------===//
#include "dlc/Runtime/TimeseriesWindows.h"

#include <gtest/gtest.h>

using namespace dlc;

namespace {

/// Rows t = 0..rows-1 of two features: (t, 100 + t).
Tensor ramp(int64_t rows) {
  Tensor series(DType::Float32, {rows, 2});
  for (int64_t t = 0; t < rows; ++t) {
    series.typed<float>()[2 * t] = static_cast<float>(t);
    series.typed<float>()[2 * t + 1] = static_cast<float>(100 + t);
  }
  return series;
}

} // namespace

TEST(TimeseriesWindowsTest, WindowsAndTargets) {
  TimeseriesWindowOptions options;
  options.sequenceLength = 3;
  options.samplingRate = 2;
  options.horizon = 4;
  options.stride = 5;
  // A window at s reads rows s, s+2, s+4; its target is row s+8.
  Result<Dataset> data = timeseriesWindows(ramp(20), 1, options);
  ASSERT_TRUE(data.isOk()) << data.status().message();
  // Starts 0, 5, 10 (s + 8 <= 19).
  EXPECT_EQ(data->features().shape(), (std::vector<int64_t>{3, 3, 2}));
  EXPECT_EQ(data->labels().shape(), (std::vector<int64_t>{3, 1}));
  EXPECT_EQ(data->features().valuesPreview(6),
            "[0, 100, 2, 102, 4, 104, ...]");
  EXPECT_EQ(data->labels().valuesPreview(), "[108, 113, 118]");
}

TEST(TimeseriesWindowsTest, RowRangesKeepSplitsApart) {
  TimeseriesWindowOptions options;
  options.sequenceLength = 2;
  options.horizon = 1;
  options.begin = 10;
  options.end = 15;
  // Rows 10..14: windows at 10, 11, 12 (targets 12, 13, 14).
  Result<Dataset> data = timeseriesWindows(ramp(20), 0, options);
  ASSERT_TRUE(data.isOk()) << data.status().message();
  EXPECT_EQ(data->labels().valuesPreview(), "[12, 13, 14]");
  EXPECT_EQ(data->features().valuesPreview(2), "[10, 110, ...]");
}

TEST(TimeseriesWindowsTest, Errors) {
  auto message = [](const Tensor &series, int64_t column,
                    TimeseriesWindowOptions options) {
    Result<Dataset> data = timeseriesWindows(series, column, options);
    return data.isOk() ? std::string("ok") : data.status().message();
  };
  TimeseriesWindowOptions options;
  options.sequenceLength = 8;
  EXPECT_EQ(message(ramp(5), 0, options),
            "timeseries windows: rows [0, 5) are fewer than the 9 that one "
            "window and its target need");
  EXPECT_EQ(message(ramp(20), 2, options),
            "timeseries windows: target column 2 is outside the 2 columns");
  options.begin = 30;
  EXPECT_EQ(message(ramp(20), 0, options),
            "timeseries windows: rows [30, 20) are not within the 20 rows");
  options = {};
  options.stride = 0;
  EXPECT_NE(message(ramp(20), 0, options).find("must be positive"),
            std::string::npos);
  EXPECT_NE(message(Tensor(DType::Float32, {20}), 0, {}).find(
                "expected a float32 series [rows, features]"),
            std::string::npos);
}
