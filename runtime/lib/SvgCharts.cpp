//===- SvgCharts.cpp - Line charts and histograms as SVG ------------------===//
#include "dlc/Runtime/SvgCharts.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace dlc {

namespace {

/// Colors of the series, in order (then repeated).
constexpr const char *kColors[] = {"#1f77b4", "#ff7f0e", "#2ca02c",
                                   "#d62728", "#9467bd", "#8c564b"};
constexpr int kMargin = 44;

std::string number(double value) {
  char text[32];
  std::snprintf(text, sizeof(text), "%.4g", value);
  return text;
}

std::string svgHeader(int width, int height, const std::string &title) {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" +
         std::to_string(width) + "\" height=\"" + std::to_string(height) +
         "\" font-family=\"sans-serif\" font-size=\"11\">\n"
         "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
         "<text x=\"" +
         std::to_string(width / 2) +
         "\" y=\"16\" text-anchor=\"middle\" font-size=\"13\">" +
         escapeXml(title) + "</text>\n";
}

/// The frame of the plot area, and the low and high value at the left
/// axis.
std::string axes(int width, int height, double low, double high) {
  std::string svg = "<path d=\"M" + std::to_string(kMargin) + " 24 V" +
                    std::to_string(height - 24) + " H" +
                    std::to_string(width - 12) +
                    "\" fill=\"none\" stroke=\"#444\"/>\n";
  svg += "<text x=\"" + std::to_string(kMargin - 4) + "\" y=\"" +
         std::to_string(height - 24) + "\" text-anchor=\"end\">" +
         number(low) + "</text>\n";
  svg += "<text x=\"" + std::to_string(kMargin - 4) +
         "\" y=\"32\" text-anchor=\"end\">" + number(high) + "</text>\n";
  return svg;
}

} // namespace

std::string escapeXml(const std::string &text) {
  std::string result;
  for (char c : text) {
    switch (c) {
    case '&': result += "&amp;"; break;
    case '<': result += "&lt;"; break;
    case '>': result += "&gt;"; break;
    case '"': result += "&quot;"; break;
    default: result += c;
    }
  }
  return result;
}

std::string lineChartSvg(const std::string &title,
                         const std::vector<ChartSeries> &series, int width,
                         int height) {
  double low = std::numeric_limits<double>::infinity(), high = -low;
  size_t points = 0;
  for (const ChartSeries &line : series) {
    points = std::max(points, line.values.size());
    for (double value : line.values)
      if (std::isfinite(value)) {
        low = std::min(low, value);
        high = std::max(high, value);
      }
  }
  std::string svg = svgHeader(width, height, title);
  if (!std::isfinite(low)) // Nothing to draw.
    return svg + "</svg>\n";
  if (high == low)
    high = low + 1;
  double plotWidth = width - kMargin - 12, plotHeight = height - 48;
  auto x = [&](size_t index) {
    return kMargin + (points > 1 ? plotWidth * index / (points - 1) : 0.0);
  };
  auto y = [&](double value) {
    return 24 + plotHeight * (high - value) / (high - low);
  };
  svg += axes(width, height, low, high);
  svg += "<text x=\"" + std::to_string(width - 12) + "\" y=\"" +
         std::to_string(height - 10) + "\" text-anchor=\"end\">epoch " +
         std::to_string(points) + "</text>\n";
  for (size_t s = 0; s < series.size(); ++s) {
    const char *color = kColors[s % std::size(kColors)];
    std::string path;
    bool pen = false;
    for (size_t i = 0; i < series[s].values.size(); ++i) {
      double value = series[s].values[i];
      if (!std::isfinite(value)) {
        pen = false;
        continue;
      }
      path += (pen ? " L" : " M") + number(x(i)) + " " + number(y(value));
      pen = true;
    }
    svg += "<path d=\"" + path + "\" fill=\"none\" stroke=\"" + color +
           "\" stroke-width=\"2\"/>\n";
    svg += "<text x=\"" + std::to_string(kMargin + 8) + "\" y=\"" +
           std::to_string(40 + 14 * s) + "\" fill=\"" + color + "\">" +
           escapeXml(series[s].name) + "</text>\n";
  }
  return svg + "</svg>\n";
}

std::string histogramSvg(const std::string &title,
                         const std::vector<float> &values, int bins,
                         int width, int height) {
  float low = std::numeric_limits<float>::infinity(), high = -low;
  for (float value : values)
    if (std::isfinite(value)) {
      low = std::min(low, value);
      high = std::max(high, value);
    }
  std::string svg = svgHeader(width, height, title);
  if (!std::isfinite(low) || bins <= 0)
    return svg + "</svg>\n";
  std::vector<int64_t> counts(bins);
  double binWidth = high > low ? (high - low) / bins : 1.0;
  for (float value : values)
    if (std::isfinite(value))
      ++counts[std::min<int64_t>(
          static_cast<int64_t>((value - low) / binWidth), bins - 1)];
  int64_t largest = *std::max_element(counts.begin(), counts.end());
  double plotWidth = width - kMargin - 12, plotHeight = height - 48;
  svg += axes(width, height, 0, static_cast<double>(largest));
  for (int b = 0; b < bins; ++b) {
    double barHeight = plotHeight * counts[b] / largest;
    svg += "<rect x=\"" + number(kMargin + plotWidth * b / bins) +
           "\" y=\"" + number(24 + plotHeight - barHeight) + "\" width=\"" +
           number(plotWidth / bins) + "\" height=\"" + number(barHeight) +
           "\" fill=\"#1f77b4\"/>\n";
  }
  svg += "<text x=\"" + std::to_string(kMargin) + "\" y=\"" +
         std::to_string(height - 10) + "\">" + number(low) + "</text>\n";
  svg += "<text x=\"" + std::to_string(width - 12) + "\" y=\"" +
         std::to_string(height - 10) + "\" text-anchor=\"end\">" +
         number(high) + "</text>\n";
  return svg + "</svg>\n";
}

} // namespace dlc
