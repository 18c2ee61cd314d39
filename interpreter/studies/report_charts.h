// The what-if report's charts: inline SVG (a viewBox, width 100%, so a chart
// scales to the page, a phone's as a printed A4's), grouped bars and the
// histogram of per-household changes. Geometry is worked out in Exact and
// printed to a tenth of a pixel: no floating point.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "base/exact.h"
#include "interpreter/studies/report_html.h"

namespace doudi {

extern const char* const kBeforeColor;
extern const char* const kAfterColor;

// "4096687.33" -> "4,096,687.33" for reading; other text is left alone.
std::string grouped(const std::string& text);
// "+3", "-1/3", "0": an exact number with its sign.
std::string signed_text(const Exact& v);

struct ChartSeries {
  std::string name;
  std::string color;
};

struct BarGroup {
  std::string label;
  std::vector<Exact> values;
  std::vector<std::string> value_text;  // shown above each bar
};

// Grouped vertical bars: one group per label, one bar per series; `whole`
// keeps the axis' step a whole number (counts).
std::string bar_chart(const std::string& title, const std::string& unit, const std::vector<ChartSeries>& series,
                      const std::vector<BarGroup>& groups, bool whole);

// The histogram of per-household changes in yuan a month.
std::string histogram_chart(const std::vector<HistogramBin>& bins, long unchanged);

}  // namespace doudi
