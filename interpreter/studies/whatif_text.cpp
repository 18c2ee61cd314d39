// What-if summaries as text (print_summary, amounts; see whatif.h): the
// briefing's heading, the scenario in words, the totals, and the cost and
// coverage by region group, district, hukou, grade and output.
#include "interpreter/studies/whatif.h"

#include <cstdlib>
#include <ctime>

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

std::string WhatIfSummary::money(const Exact& v, int digits) const {
  return wan ? amount_text(v / Exact::from_int(10000), digits + 4) : amount_text(v, digits);
}

std::string WhatIfSummary::signed_money(const Exact& v, int digits) const {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += money(v, digits);
}

std::string run_time_text() {
  std::time_t now = std::time(nullptr);
  if (const char* epoch = std::getenv("SOURCE_DATE_EPOCH"); epoch && *epoch) {
    char* end = nullptr;
    long long seconds = std::strtoll(epoch, &end, 10);
    if (end && *end == '\0' && seconds >= 0) now = static_cast<std::time_t>(seconds);
  }
  std::tm t{};
  gmtime_r(&now, &t);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &t);
  return text;
}

std::string cost_label(const std::string& unit) {
  if (unit == "per month") return "monthly cost";
  if (unit == "one-off") return "one-off cost";
  return "cost " + unit;
}

std::string budget_label(const WhatIfSummary& s) {
  return fmt::format("cost {} to {} ({} months)", s.from, s.to, s.months);
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

// The heading: title, versions, what the benefit is, the data, the run, the
// reform's notes, the scenario and the policy's rules the alternative breaks.
void print_heading(const WhatIfSummary& s, std::ostream& out) {
  if (!s.title.empty()) out << s.title << "\n";
  if (!s.description.empty()) out << s.description << "\n";
  out << fmt::format("what-if: policy {}{}\n", s.policy, s.date.empty() ? "" : " on " + s.date);
  out << fmt::format("  baseline:    {}\n", s.baseline);
  out << fmt::format("  alternative: {}{}\n", s.alternative,
                     s.alternative_how.empty() ? "" : ": " + s.alternative_how);
  out << fmt::format("  benefit: {}; covered: benefit > 0; people: {}\n", s.benefit_text, s.people_text);
  if (!s.fingerprint.empty()) out << fmt::format("  policy fingerprint: {}\n", s.fingerprint);
  if (!s.data_files.empty())
    out << fmt::format("  data: {} ({} rows)\n", fmt::join(s.data_files, ", "),
                       s.households + s.rejected + s.not_applicable);
  if (!s.run_at.empty()) out << fmt::format("  run: {}\n", s.run_at);
  out << fmt::format("  amounts in {}\n", s.wan ? "万元 (10 000 yuan, exact)" : "元 (yuan)");
  for (const auto& n : s.notes) out << n << "\n";
  out << fmt::format("households: {} evaluated, {} rejected{}\n\n", s.households, s.rejected,
                     s.not_applicable == 0 ? ""
                                           : fmt::format(", {} with an output that is n/a (a figure not "
                                                         "published: not in the sums, see above)",
                                                         s.not_applicable));
  if (!s.scenario.empty()) {
    out << "the alternative changes:\n";
    for (const auto& c : s.scenario)
      out << fmt::format("  {}: {} → {}{}\n", c.what, c.before, c.after,
                         c.source.empty() ? "" : fmt::format("  (source: {})", c.source));
    out << "\n";
  }
  if (!s.violations.empty()) {
    out << fmt::format("the alternative breaks {} of the policy's rules (require):\n", s.violations.size());
    for (const auto& v : s.violations) out << v;
    out << "\n";
  }
}

// Coverage and the cost in its unit; the budget months or the year; amounts
// of other units beside it.
void print_totals(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  const auto& a = s.all;
  std::vector<std::vector<std::string>> rows = {
      {"", "before", "after", "change"},
      {"households covered", count_text(a.covered_before), count_text(a.covered_after),
       signed_count(a.covered_after - a.covered_before)},
      {"people covered", a.people_before.to_string(), a.people_after.to_string(),
       signed_exact(a.people_after - a.people_before)},
      {"newly covered (households / people)", "", fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), ""},
      {"dropped (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), ""},
      {cost_label(s.unit), s.money(a.cost_before, sc), s.money(a.cost_after, sc), s.signed_money(s.difference(), sc)},
  };
  if (s.unit == "per month") {
    const Exact n = Exact::from_int(s.months > 0 ? s.months : 12);
    rows.push_back({s.months > 0 ? budget_label(s) : "annual cost (x12)", s.money(a.cost_before * n, sc),
                    s.money(a.cost_after * n, sc), s.signed_money(s.difference() * n, sc)});
  }
  for (const auto& u : s.beside)  // other units: beside the cost, never added to it
    rows.push_back({fmt::format("{} ({}), not in the cost", cost_label(u.unit), fmt::join(u.outputs, " + ")),
                    s.money(u.before, u.scale), s.money(u.after, u.scale), s.signed_money(u.after - u.before, u.scale)});
  out << text_table(rows, {false, true, true, true}) << "\n";
}

// One table of groups (region groups, districts, hukou or grades) with the
// total: coverage, people, the cost before and after (the households covered
// before and the newly covered apart) and the change over a year or the
// budget months.
void print_groups(const WhatIfSummary& s, const std::vector<GroupTotals>& groups, const std::string& heading,
                  bool grades, std::ostream& out) {
  int sc = s.scale;
  const bool monthly = s.unit == "per month";
  const Exact n = Exact::from_int(s.months > 0 ? s.months : 12);
  std::vector<std::vector<std::string>> t = {
      {heading, grades ? "households before/after" : "households", "covered before", "after", "new",
       "people before", "after", monthly ? "monthly before" : "cost before", "after", "existing", "new",
       "change", s.months > 0 ? fmt::format("change {} months", s.months) : "annual change"}};
  if (!monthly) t[0].pop_back();
  auto row = [&](const GroupTotals& g, const std::string& name) {
    std::string households = grades ? fmt::format("{}/{}", g.households_before, g.households_after)
                                    : count_text(g.households_before);
    Exact change = g.cost_after - g.cost_before;
    t.push_back({name, households, count_text(g.covered_before), count_text(g.covered_after),
                 count_text(g.newly_covered), g.people_before.to_string(), g.people_after.to_string(),
                 s.money(g.cost_before, sc), s.money(g.cost_after, sc), s.money(g.cost_after - g.cost_new, sc),
                 s.money(g.cost_new, sc), s.signed_money(change, sc), s.signed_money(change * n, sc)});
    if (!monthly) t.back().pop_back();
  };
  for (const auto& g : groups) row(g, g.label.empty() ? g.name : g.name + " " + g.label);
  row(s.all, "total");
  std::vector<bool> right(t[0].size(), true);
  right[0] = false;
  out << text_table(t, right) << "\n";
}

// Each benefit output's totals in its own unit, its parts under it.
void print_outputs(const WhatIfSummary& s, std::ostream& out) {
  std::vector<std::vector<std::string>> t = {{"by output", "unit", "before", "after", "change"}};
  for (const auto& o : s.outputs) {
    std::string name = o.label.empty() ? o.name : o.name + " " + o.label;
    if (!o.part_of.empty()) name = "  of which " + name;
    t.push_back({name, o.unit, o.in_before ? s.money(o.before, o.scale) : "-",
                 o.in_after ? s.money(o.after, o.scale) : "-",
                 o.in_before && o.in_after ? s.signed_money(o.after - o.before, o.scale) : "-"});
  }
  out << text_table(t, {false, false, true, true, true}) << "\n";
}

}  // namespace

void print_summary(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  print_heading(s, out);
  print_totals(s, out);
  print_groups(s, s.regions, "by region", false, out);
  if (!s.districts.empty()) print_groups(s, s.districts, "by district", false, out);
  if (!s.hukou.empty()) print_groups(s, s.hukou, "by " + s.hukou_label, false, out);
  if (s.has_grades) print_groups(s, s.grades, "by grade", true, out);
  print_outputs(s, out);

  out << fmt::format("households that gain: {}, lose: {}, unchanged: {}\n\n", s.gain, s.lose, s.unchanged);
  if (!s.largest.empty()) {
    std::vector<std::vector<std::string>> t = {{"largest changes", "region", "before", "after", "change"}};
    for (const auto& c : s.largest)
      t.push_back({c.id, c.region, s.money(c.before, sc), s.money(c.after, sc), s.signed_money(c.after - c.before, sc)});
    out << text_table(t, {false, false, true, true, true});
  }
}

}  // namespace doudi
