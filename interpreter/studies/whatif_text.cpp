// What-if summaries as text (print_summary, amounts; see whatif.h).
#include "interpreter/studies/whatif.h"

#include <fmt/format.h>

#include "base/text.h"

namespace doudi {

std::string amount_text(const Exact& v, int scale) {
  auto text = v.to_fixed(scale);
  return text ? *text : v.to_string();
}

std::string signed_amount_text(const Exact& v, int scale) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += amount_text(v, scale);
}

namespace {


std::string count_text(long n) { return std::to_string(n); }
std::string signed_count(long n) {
  std::string out = n > 0 ? "+" : "";
  return out += std::to_string(n);
}
std::string signed_exact(const Exact& v) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += v.to_string();
}

}  // namespace

void print_summary(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  const Exact twelve = Exact::from_int(12);
  out << fmt::format("what-if: policy {}{}\n", s.policy, s.date.empty() ? "" : " on " + s.date);
  out << fmt::format("  baseline:    {}\n", s.baseline);
  out << fmt::format("  alternative: {}{}\n", s.alternative,
                     s.alternative_how.empty() ? "" : ": " + s.alternative_how);
  out << fmt::format("  benefit: {}; covered: benefit > 0; people: {}\n", s.benefit_text, s.people_text);
  out << fmt::format("households: {} evaluated, {} rejected\n\n", s.households, s.rejected);

  const auto& a = s.all;
  std::vector<std::vector<std::string>> rows = {
      {"", "before", "after", "change"},
      {"households covered", count_text(a.covered_before), count_text(a.covered_after),
       signed_count(a.covered_after - a.covered_before)},
      {"people covered", a.people_before.to_string(), a.people_after.to_string(),
       signed_exact(a.people_after - a.people_before)},
      {"newly covered (households / people)", "", fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), ""},
      {"dropped (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), ""},
      {"monthly cost", amount_text(a.cost_before, sc), amount_text(a.cost_after, sc),
       signed_amount_text(s.difference(), sc)},
      {"annual cost (x12)", amount_text(a.cost_before * twelve, sc), amount_text(a.cost_after * twelve, sc),
       signed_amount_text(s.difference() * twelve, sc)},
  };
  out << text_table(rows, {false, true, true, true}) << "\n";

  auto group_table = [&](const std::vector<GroupTotals>& groups, const std::string& heading, bool grades) {
    std::vector<std::vector<std::string>> t = {
        {heading, "households", "covered before", "after", "people before", "after",
         "monthly before", "after", "change", "annual change"}};
    if (grades) t[0][1] = "households before/after";
    auto row = [&](const GroupTotals& g, const std::string& name) {
      std::string households = grades ? fmt::format("{}/{}", g.households_before, g.households_after)
                                      : count_text(g.households_before);
      t.push_back({name, households, count_text(g.covered_before), count_text(g.covered_after),
                   g.people_before.to_string(), g.people_after.to_string(),
                   amount_text(g.cost_before, sc), amount_text(g.cost_after, sc),
                   signed_amount_text(g.cost_after - g.cost_before, sc),
                   signed_amount_text((g.cost_after - g.cost_before) * twelve, sc)});
    };
    for (const auto& g : groups) row(g, g.label.empty() || !grades ? g.name : g.name + " " + g.label);
    row(s.all, "total");
    out << text_table(t, {false, true, true, true, true, true, true, true, true, true}) << "\n";
  };
  group_table(s.regions, "by region", false);
  if (s.has_grades) group_table(s.grades, "by grade", true);

  out << fmt::format("households that gain: {}, lose: {}, unchanged: {}\n\n", s.gain, s.lose, s.unchanged);
  if (!s.largest.empty()) {
    std::vector<std::vector<std::string>> t = {{"largest changes", "region", "before", "after", "change"}};
    for (const auto& c : s.largest)
      t.push_back({c.id, c.region, amount_text(c.before, sc), amount_text(c.after, sc),
                   signed_amount_text(c.after - c.before, sc)});
    out << text_table(t, {false, false, true, true, true});
  }
}

}  // namespace doudi
