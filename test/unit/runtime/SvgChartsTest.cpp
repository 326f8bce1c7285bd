//===- SvgChartsTest.cpp - Line charts and histograms as SVG --------------===//
#include "dlc/Runtime/SvgCharts.h"

#include <gtest/gtest.h>

#include <cmath>

using namespace dlc;

namespace {

int count(const std::string &text, const std::string &part) {
  int found = 0;
  for (size_t at = text.find(part); at != std::string::npos;
       at = text.find(part, at + 1))
    ++found;
  return found;
}

} // namespace

TEST(SvgChartsTest, LineChartDrawsEachSeriesWithGapsForNaN) {
  std::string svg = lineChartSvg(
      "loss <train>", {{"loss", {3, 2, 1}}, {"val_loss", {NAN, 2.5, 1.5}}},
      400, 200);
  EXPECT_EQ(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"400\" "
                      "height=\"200\"",
                      0),
            0u);
  EXPECT_NE(svg.find(">loss &lt;train&gt;</text>"), std::string::npos);
  // The first series from its first point; the second starts at epoch 2.
  EXPECT_NE(svg.find("<path d=\" M44 24 L"), std::string::npos) << svg;
  EXPECT_EQ(count(svg, " M"), 2) << "a move to the start of each line";
  EXPECT_EQ(count(svg, " L"), 3);
  // Extremes label the value axis.
  EXPECT_NE(svg.find(">3</text>"), std::string::npos);
  EXPECT_NE(svg.find(">1</text>"), std::string::npos);
  EXPECT_EQ(svg.substr(svg.size() - 7), "</svg>\n");
}

TEST(SvgChartsTest, HistogramCountsFiniteValues) {
  std::string svg =
      histogramSvg("w", {0, 0, 0, 1, 1, 2, NAN, INFINITY}, 3, 300, 200);
  EXPECT_EQ(count(svg, "<rect x="), 3);
  // The tallest bar (3 zeros) sets the axis.
  EXPECT_NE(svg.find(">3</text>"), std::string::npos) << svg;
  EXPECT_NE(svg.find(">0</text>"), std::string::npos);
  EXPECT_NE(svg.find(">2</text>"), std::string::npos);
}

TEST(SvgChartsTest, NothingToDrawIsAnEmptyChart) {
  EXPECT_EQ(count(lineChartSvg("empty", {{"loss", {NAN}}}), "<path"), 0);
  EXPECT_EQ(count(histogramSvg("empty", {}), "<rect x="), 0);
  EXPECT_EQ(escapeXml("a&b\"<c>"), "a&amp;b&quot;&lt;c&gt;");
}
