//===- SvgCharts.h - Line charts and histograms as SVG -----------*- C++ -*-===//
//
// What a training log draws (TrainingLog.h): metric curves over the epochs
// and histograms of weights, as standalone SVG documents any browser shows.
//
//===----------------------------------------------------------------------===//
#ifndef DLC_RUNTIME_SVGCHARTS_H
#define DLC_RUNTIME_SVGCHARTS_H

#include <string>
#include <vector>

namespace dlc {

struct ChartSeries {
  std::string name;
  /// One value per x = 1, 2, ...; NaN leaves a gap.
  std::vector<double> values;
};

/// A line chart of `series` against 1, 2, ... (epochs), with axes, ticks
/// and a legend; `width` x `height` pixels.
std::string lineChartSvg(const std::string &title,
                         const std::vector<ChartSeries> &series,
                         int width = 480, int height = 300);

/// A histogram of the finite `values` in `bins` equal bins between their
/// minimum and maximum, with the count of each; `width` x `height` pixels.
std::string histogramSvg(const std::string &title,
                         const std::vector<float> &values, int bins = 40,
                         int width = 320, int height = 200);

/// `text` with &, <, > and " escaped, for SVG and HTML.
std::string escapeXml(const std::string &text);

} // namespace dlc

#endif // DLC_RUNTIME_SVGCHARTS_H
