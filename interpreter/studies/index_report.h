// Index reports: an analyst's view of a hardship index over many
// households — how many fall in each grade, the score distribution (a
// histogram), and how many lie within one point of a band boundary (what
// moving a threshold would touch). `doudi index-report` prints one.
#pragma once

#include <map>
#include <ostream>
#include <vector>

#include "base/exact.h"
#include "dsl/model.h"
#include "interpreter/evaluation/household.h"

namespace doudi {

// Every household's score on `index`, and its grade under each set of bands
// on that score. A household that cannot be evaluated is written to
// `errors` and counted in `rejected`.
struct IndexScores {
  const model::Index* index = nullptr;
  std::vector<const model::Bands*> bands;     // the bands on the index's score
  std::vector<Exact> scores;                   // one per household evaluated
  std::vector<std::map<int, long>> grades;     // per bands: households by grade code
  long rejected = 0;
};

IndexScores score_households(const model::Model& m, const model::Index& index,
                             const std::vector<Household>& households, int day,
                             std::ostream& errors);

// The score distribution on `out`: bins of `width` points from the lowest
// score's bin to the highest's; a run of empty bins is one line ("(N empty
// bins)"), so one score far out costs a line, not a line per empty bin. When
// more than kMostHistogramBins bins hold a score, it says so and gives the
// --bin width that would fit instead.
constexpr long kMostHistogramBins = 200;
void print_score_histogram(const std::vector<Exact>& scores, const Exact& width, std::ostream& out);

// The report on `out`: the grades, a histogram in bins of `bin_width`
// points, and the households near each band boundary.
void print_index_report(const model::Model& m, const IndexScores& r, const Exact& bin_width, int day,
                        std::ostream& out);

}  // namespace doudi
