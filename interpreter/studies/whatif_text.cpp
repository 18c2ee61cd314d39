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

// "monthly cost" for a cost per month, else "cost per year", "one-off cost" …
std::string cost_label(const std::string& unit) {
  if (unit == "per month") return "monthly cost";
  if (unit == "one-off") return "one-off cost";
  return "cost " + unit;
}

// The heading: versions, what the benefit is, the reform's notes, the count,
// and the policy's rules the alternative breaks.
void print_heading(const WhatIfSummary& s, std::ostream& out) {
  out << fmt::format("what-if: policy {}{}\n", s.policy, s.date.empty() ? "" : " on " + s.date);
  out << fmt::format("  baseline:    {}\n", s.baseline);
  out << fmt::format("  alternative: {}{}\n", s.alternative,
                     s.alternative_how.empty() ? "" : ": " + s.alternative_how);
  out << fmt::format("  benefit: {}; covered: benefit > 0; people: {}\n", s.benefit_text, s.people_text);
  for (const auto& n : s.notes) out << n << "\n";
  out << fmt::format("households: {} evaluated, {} rejected\n\n", s.households, s.rejected);
  if (!s.violations.empty()) {
    out << fmt::format("the alternative breaks {} of the policy's rules (require):\n", s.violations.size());
    for (const auto& v : s.violations) out << v;
    out << "\n";
  }
}

// Coverage and the cost in its unit; amounts of other units beside it.
void print_totals(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  const Exact twelve = Exact::from_int(12);
  const auto& a = s.all;
  std::vector<std::vector<std::string>> rows = {
      {"", "before", "after", "change"},
      {"households covered", count_text(a.covered_before), count_text(a.covered_after),
       signed_count(a.covered_after - a.covered_before)},
      {"people covered", a.people_before.to_string(), a.people_after.to_string(),
       signed_exact(a.people_after - a.people_before)},
      {"newly covered (households / people)", "", fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), ""},
      {"dropped (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), ""},
      {cost_label(s.unit), amount_text(a.cost_before, sc), amount_text(a.cost_after, sc),
       signed_amount_text(s.difference(), sc)},
  };
  if (s.unit == "per month")
    rows.push_back({"annual cost (x12)", amount_text(a.cost_before * twelve, sc), amount_text(a.cost_after * twelve, sc),
                    signed_amount_text(s.difference() * twelve, sc)});
  for (const auto& u : s.beside)  // other units: beside the cost, never added to it
    rows.push_back({fmt::format("{} ({}), not in the cost", cost_label(u.unit), fmt::join(u.outputs, " + ")),
                    amount_text(u.before, u.scale), amount_text(u.after, u.scale),
                    signed_amount_text(u.after - u.before, u.scale)});
  out << text_table(rows, {false, true, true, true}) << "\n";
}

// One table of region groups or grades, with the total.
void print_groups(const WhatIfSummary& s, const std::vector<GroupTotals>& groups, const std::string& heading,
                  bool grades, std::ostream& out) {
  int sc = s.scale;
  const Exact twelve = Exact::from_int(12);
  const bool monthly = s.unit == "per month";
  std::vector<std::vector<std::string>> t = {
      {heading, "households", "covered before", "after", "people before", "after",
       monthly ? "monthly before" : "cost before", "after", "change", "annual change"}};
  if (grades) t[0][1] = "households before/after";
  if (!monthly) t[0].pop_back();
  auto row = [&](const GroupTotals& g, const std::string& name) {
    std::string households = grades ? fmt::format("{}/{}", g.households_before, g.households_after)
                                    : count_text(g.households_before);
    t.push_back({name, households, count_text(g.covered_before), count_text(g.covered_after),
                 g.people_before.to_string(), g.people_after.to_string(),
                 amount_text(g.cost_before, sc), amount_text(g.cost_after, sc),
                 signed_amount_text(g.cost_after - g.cost_before, sc),
                 signed_amount_text((g.cost_after - g.cost_before) * twelve, sc)});
    if (!monthly) t.back().pop_back();
  };
  for (const auto& g : groups) row(g, g.label.empty() || !grades ? g.name : g.name + " " + g.label);
  row(s.all, "total");
  std::vector<bool> right(t[0].size(), true);
  right[0] = false;
  out << text_table(t, right) << "\n";
}

}  // namespace

void print_summary(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  print_heading(s, out);
  print_totals(s, out);
  print_groups(s, s.regions, "by region", false, out);
  if (s.has_grades) print_groups(s, s.grades, "by grade", true, out);

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
