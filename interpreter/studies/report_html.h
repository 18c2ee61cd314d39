// The what-if summary as one self-contained HTML page: inline CSS and inline
// SVG charts (cost by region group before and after, the distribution of
// per-household changes, coverage by grade), no script and nothing fetched.
// The page is also well-formed XML (every element closed, attributes quoted,
// text escaped), so it can be checked with any XML parser.
//
// Chart geometry is worked out in Exact like every amount, and printed to a
// tenth of a pixel: there is no floating point here either.
#pragma once

#include <string>

#include "base/exact.h"
#include "interpreter/studies/whatif.h"

namespace doudi {

std::string whatif_report_html(const WhatIfSummary& s);

// The smallest of 1, 2, 5 × 10^k that is >= x (1 when x <= 0): chart scales.
Exact nice_ceiling(const Exact& x);

// One bar of the histogram of per-household changes: [low, high) (the last
// bar includes its high end) and how many households fall in it.
struct HistogramBin {
  Exact low, high;
  long households = 0;
};

// Bins of equal width (a nice number, about 20 bins, edges on multiples of
// the width so 0 is always an edge) over the changes (value -> households).
std::vector<HistogramBin> histogram_bins(const std::map<Exact, long>& changes);

}  // namespace doudi
