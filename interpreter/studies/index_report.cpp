// Index reports (see index_report.h).
#include "interpreter/studies/index_report.h"

#include <iterator>
#include <map>

#include <fmt/format.h>

#include "base/date.h"
#include "interpreter/evaluation/evaluator.h"

namespace doudi {
namespace {

std::string bar(long count, long most) {
  if (most <= 0) return "";
  long width = (count * 40 + most - 1) / most;  // at most 40 characters
  std::string out;
  for (long i = 0; i < width; ++i) out += "█";
  return out;
}

std::string percent(long part, long whole) {
  if (whole == 0) return "0.0%";
  Exact p = Exact::fraction(part * 100, whole).round(*Exact::parse("0.1"), RoundingMode::half_up);
  return p.to_fixed(1).value_or("?") + "%";
}

void print_grades(const model::Model& m, const IndexScores& r, std::ostream& out) {
  long n = static_cast<long>(r.scores.size());
  for (size_t i = 0; i < r.bands.size(); ++i) {
    const auto& e = m.enums[static_cast<size_t>(r.bands[i]->enumeration)];
    out << fmt::format("\ngrades ({}):\n", r.bands[i]->name);
    for (auto it = r.bands[i]->bands.rbegin(); it != r.bands[i]->bands.rend(); ++it) {
      auto found = r.grades[i].find(it->value);
      long count = found == r.grades[i].end() ? 0 : found->second;
      const auto& v = e.values[static_cast<size_t>(it->value)];
      out << fmt::format("  {:<10} {:<8} {:>8}  {:>6}\n", v.name, v.label, count, percent(count, n));
    }
  }
}

}  // namespace

void print_score_histogram(const std::vector<Exact>& scores, const Exact& width, std::ostream& out) {
  std::map<Exact, long> bins;  // bin number (exact: a score far out does not overflow) → count
  for (const auto& s : scores) ++bins[(s / width).round(Exact::from_int(1), RoundingMode::floor)];
  long most = 0;
  for (const auto& [b, c] : bins) most = std::max(most, c);
  out << fmt::format("\nscore distribution (bins of {} points):\n", width.to_string());
  if (static_cast<long>(bins.size()) > kMostHistogramBins) {
    Exact span = (bins.rbegin()->first - bins.begin()->first + Exact::from_int(1)) * width;
    Exact wide = (span / Exact::from_int(kMostHistogramBins)).round(Exact::from_int(1), RoundingMode::ceiling);
    out << fmt::format("  the scores fill {} bins, more than {} to print: give --bin {} or wider\n", bins.size(),
                       kMostHistogramBins, wide.to_string());
    return;
  }
  const Exact one = Exact::from_int(1);
  for (auto it = bins.begin(); it != bins.end(); ++it) {
    const auto& [b, c] = *it;
    out << fmt::format("  [{:>6}, {:>6})  {:>8}  {}\n", (b * width).to_string(), ((b + one) * width).to_string(), c,
                       bar(c, most));
    auto next = std::next(it);
    if (next == bins.end() || next->first == b + one) continue;
    Exact empty = next->first - b - one;  // bins with no score between this one and the next
    Exact lo = (b + one) * width, hi = next->first * width;
    std::string run = empty == one ? "" : fmt::format("  ({} empty bins)", empty.to_string());
    out << fmt::format("  [{:>6}, {:>6})  {:>8}{}\n", lo.to_string(), hi.to_string(), 0, run);
  }
}

namespace {

// Near a boundary: within one point of a band's lower limit.
void print_boundaries(const model::Model& m, const IndexScores& r, std::ostream& out) {
  for (const auto* b : r.bands) {
    const auto& e = m.enums[static_cast<size_t>(b->enumeration)];
    out << fmt::format("\nwithin one point of a boundary of {}:\n", b->name);
    for (size_t k = 1; k < b->bands.size(); ++k) {
      const auto& band = b->bands[k];
      if (!band.low) continue;
      Exact lo = *band.low - Exact::from_int(1), hi = *band.low + Exact::from_int(1);
      long below = 0, above = 0;
      for (const auto& s : r.scores) {
        if (s < lo || s > hi) continue;
        bool in = band.low_inclusive ? s >= *band.low : s > *band.low;
        (in ? above : below)++;
      }
      const std::string& lower = e.values[static_cast<size_t>(b->bands[k - 1].value)].name;
      const std::string& upper = e.values[static_cast<size_t>(band.value)].name;
      out << fmt::format("  {} {} ({} / {}): {} households from {} to {}: {} {}, {} {}\n",
                         band.low_inclusive ? ">=" : ">", band.low->to_string(), lower, upper,
                         below + above, lo.to_string(), hi.to_string(), below, lower, above, upper);
    }
  }
}

}  // namespace

IndexScores score_households(const model::Model& m, const model::Index& index,
                             const std::vector<Household>& households, int day,
                             std::ostream& errors) {
  IndexScores r;
  r.index = &index;
  for (const auto& b : m.bands)
    if (b.score_rule == index.score_rule) r.bands.push_back(&b);
  r.grades.resize(r.bands.size());
  Evaluator evaluator(m);
  evaluator.set_evaluation_date(day);
  for (const auto& h : households) {
    try {
      Exact score = evaluator.rule_value(h, index.score_rule);
      for (size_t i = 0; i < r.bands.size(); ++i) {
        ++r.grades[i][static_cast<int>(evaluator.rule_value(h, r.bands[i]->rule).to_int64().value_or(-1))];
      }
      r.scores.push_back(score);
    } catch (const EvaluationError& e) {
      errors << describe(h) << ": " << e.reason() << "\n";
      ++r.rejected;
    }
  }
  return r;
}

void print_index_report(const model::Model& m, const IndexScores& r, const Exact& bin_width, int day,
                        std::ostream& out) {
  long n = static_cast<long>(r.scores.size());
  out << fmt::format("index {} \"{}\" in policy {} version {}, on {}: {} households\n", r.index->name,
                     r.index->label, m.policy, m.version, format_date(day), n);
  print_grades(m, r, out);
  if (n == 0) return;
  print_score_histogram(r.scores, bin_width, out);
  print_boundaries(m, r, out);
}

}  // namespace doudi
