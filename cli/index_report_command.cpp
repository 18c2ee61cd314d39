// `doudi index-report POLICY HOUSEHOLDS [--date D] [--index NAME] [--bin W]`:
// an analyst's view of a hardship index over many households: how many fall
// in each grade, the score distribution (a histogram), and how many lie within
// one point of a band boundary — what moving a threshold would touch.
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/household_files.h"
#include "dsl/date.h"
#include "dsl/loader.h"
#include "dsl/printer.h"
#include "interpreter/evaluator.h"

namespace doudi::cli {
namespace {

struct IndexReportOptions {
  std::string policy, households, date, index, bin = "10";
  std::string people;  // --people PEOPLE.csv for a CSV households file
};

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

int report(const IndexReportOptions& o) {
  auto date = date_option(o.date, "index-report");
  if (!date) return 2;
  int day = *date;
  auto width = Exact::parse(o.bin);
  if (!width || width->sign() <= 0) {
    std::cerr << "doudi index-report: --bin takes a positive number of points, e.g. 10\n";
    return 2;
  }
  PolicySet set;
  const model::Model* m = load_in_force(o.policy, day, set);
  if (!m) return 2;
  const model::Index* index = nullptr;
  for (const auto& x : m->indices)
    if (o.index.empty() || x.name == o.index) index = index ? index : &x;
  if (!index) {
    std::cerr << fmt::format("doudi index-report: policy {} version {} has {}\n", m->policy, m->version,
                             o.index.empty() ? "no index" : "no index named '" + o.index + "'");
    return 2;
  }
  long bad = 0;
  auto households = read_household_file(*m, o.households, bad, o.people);
  // Every household's score, and its grade under each set of bands on it.
  std::vector<const model::Bands*> bands;
  for (const auto& b : m->bands)
    if (b.score_rule == index->score_rule) bands.push_back(&b);
  std::vector<Exact> scores;
  std::vector<std::map<int, long>> grades(bands.size());
  Evaluator evaluator(*m);
  evaluator.set_evaluation_date(day);
  for (const auto& h : households) {
    try {
      Exact score = evaluator.rule_value(h, index->score_rule);
      for (size_t i = 0; i < bands.size(); ++i) {
        ++grades[i][static_cast<int>(evaluator.rule_value(h, bands[i]->rule).to_int64().value_or(-1))];
      }
      scores.push_back(score);
    } catch (const EvaluationError& e) {
      std::cerr << fmt::format("{}: {} (at {})\n", describe(h), e.what(), e.position.to_string());
      ++bad;
    }
  }
  long n = static_cast<long>(scores.size());
  std::cout << fmt::format("index {} \"{}\" in policy {} version {}, on {}: {} households\n", index->name,
                           index->label, m->policy, m->version, format_date(day), n);
  for (size_t i = 0; i < bands.size(); ++i) {
    const auto& e = m->enums[static_cast<size_t>(bands[i]->enumeration)];
    std::cout << fmt::format("\ngrades ({}):\n", bands[i]->name);
    for (auto it = bands[i]->bands.rbegin(); it != bands[i]->bands.rend(); ++it) {
      long count = grades[i][it->value];
      const auto& v = e.values[static_cast<size_t>(it->value)];
      std::cout << fmt::format("  {:<10} {:<8} {:>8}  {:>6}\n", v.name, v.label, count, percent(count, n));
    }
  }
  if (n == 0) return bad > 0 ? 2 : 0;
  // Histogram: bins of `width` points from the lowest score's bin.
  std::map<int64_t, long> bins;
  for (const auto& s : scores) {
    Exact q = (s / *width).round(Exact::from_int(1), RoundingMode::floor);
    ++bins[q.to_int64().value_or(0)];
  }
  long most = 0;
  for (const auto& [b, c] : bins) most = std::max(most, c);
  std::cout << fmt::format("\nscore distribution (bins of {} points):\n", width->to_string());
  for (int64_t b = bins.begin()->first; b <= bins.rbegin()->first; ++b) {
    long c = bins.count(b) ? bins[b] : 0;
    Exact lo = Exact::from_int(b) * *width, hi = Exact::from_int(b + 1) * *width;
    std::cout << fmt::format("  [{:>6}, {:>6})  {:>8}  {}\n", lo.to_string(), hi.to_string(), c, bar(c, most));
  }
  // Near a boundary: within one point of a band's lower limit.
  for (const auto* b : bands) {
    const auto& e = m->enums[static_cast<size_t>(b->enumeration)];
    std::cout << fmt::format("\nwithin one point of a boundary of {}:\n", b->name);
    for (size_t k = 1; k < b->bands.size(); ++k) {
      const auto& band = b->bands[k];
      if (!band.low) continue;
      Exact lo = *band.low - Exact::from_int(1), hi = *band.low + Exact::from_int(1);
      long below = 0, above = 0;
      for (const auto& s : scores) {
        if (s < lo || s > hi) continue;
        bool in = band.low_inclusive ? s >= *band.low : s > *band.low;
        (in ? above : below)++;
      }
      const std::string& lower = e.values[static_cast<size_t>(b->bands[k - 1].value)].name;
      const std::string& upper = e.values[static_cast<size_t>(band.value)].name;
      std::cout << fmt::format("  {} {} ({} / {}): {} households from {} to {}: {} {}, {} {}\n",
                               band.low_inclusive ? ">=" : ">", band.low->to_string(), lower, upper,
                               below + above, lo.to_string(), hi.to_string(), below, lower, above, upper);
    }
  }
  return bad > 0 ? 2 : 0;
}

}  // namespace

void add_index_report_command(CLI::App& app, int& result) {
  auto options = std::make_shared<IndexReportOptions>();
  CLI::App* cmd = app.add_subcommand("index-report",
                                     "Grades, score distribution and households near a band boundary");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("HOUSEHOLDS", options->households, "a household file: CSV, YAML or JSON")->required();
  cmd->add_option("--people", options->people,
                  "people file (CSV) for a CSV households file: one row per person, its household's id "
                  "in column `household`");
  cmd->add_option("--date", options->date, "evaluate on this date, YYYY-MM-DD (default: today)");
  cmd->add_option("--index", options->index, "which index, when the policy has several");
  cmd->add_option("--bin", options->bin, "histogram bin width in points (default 10)");
  cmd->callback([options, &result] { result = report(*options); });
}

}  // namespace doudi::cli
