// The what-if report's later sheets — by district, by grade, the changes
// household by household, by output — and the page (see report_html.h).
#include <fmt/format.h>

#include "base/text.h"
#include "interpreter/studies/report_charts.h"
#include "interpreter/studies/report_page.h"

namespace doudi {
namespace {

Exact E(int64_t v) { return Exact::from_int(v); }

// Cost and coverage by district (each listed, with its region group).
std::string district_section(const WhatIfSummary& s) {
  if (s.districts.empty()) return "";
  return "<section class=\"sheet\">\n<h2>By district 分县(市、区)</h2>\n" +
         fmt::format("<p class=\"caption\">{}; each district with its region group.</p>\n", xml_escape(cost_head(s))) +
         group_tables(s, s.districts, "district 县(市、区)", false) + "</section>\n";
}

// Coverage by grade, when the policy has grades.
std::string grades_section(const WhatIfSummary& s) {
  if (!s.has_grades)
    return "<p class=\"note\">By grade: the policy has no enumeration output named <code>grade</code>.</p>\n";
  std::vector<BarGroup> groups;
  for (const auto& g : s.grades)
    groups.push_back({g.label.empty() ? g.name : g.name + " " + g.label,
                      {E(g.covered_before), E(g.covered_after)},
                      {std::to_string(g.covered_before), std::to_string(g.covered_after)}});
  std::string h = "<section class=\"sheet\">\n<h2>By grade 分等级</h2>\n";
  h += bar_chart("Households covered by grade, before and after", "户",
                 {{"before 调整前", kBeforeColor}, {"after 调整后", kAfterColor}}, groups, true);
  h += group_tables(s, s.grades, "grade 等级", true);
  h += "<p class=\"note\">A household's grade is its output <code>grade</code> under each version, so a "
       "household may change grade.</p>\n";
  return h + "</section>\n";
}

// Per-household changes: gains, losses, their histogram and the largest.
std::string changes_section(const WhatIfSummary& s) {
  const int sc = s.scale;
  std::string h = "<section class=\"sheet\">\n<h2>Per-household changes 家庭救助金变化</h2>\n";
  h += fmt::format("<p>Households that gain 增加: <b class=\"up\">{}</b>; lose 减少: <b class=\"down\">{}</b>; "
                   "unchanged 不变: <b>{}</b>.</p>\n",
                   grouped(std::to_string(s.gain)), grouped(std::to_string(s.lose)),
                   grouped(std::to_string(s.unchanged)));
  h += histogram_chart(histogram_bins(s.changes), s.unchanged);
  h += fmt::format("<p class=\"note\">Each bar counts the households whose monthly benefit changed by an "
                   "amount (元) from its left edge up to (not including) its right edge; the {} unchanged "
                   "households are not drawn.</p>\n",
                   s.unchanged);
  h += fmt::format("<h2>Largest changes 变化最大的家庭 (top {})</h2>\n", WhatIf::kLargest);
  if (s.largest.empty()) return h + "<p>No household's benefit changed.</p>\n</section>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : s.largest)
    rows.push_back({c.id, c.region, s.money(c.before, sc), s.money(c.after, sc), s.signed_money(c.after - c.before, sc)});
  std::string unit = s.money_unit();
  h += table_html({{"id", false}, {"region group 地区", false}, {"before " + unit}, {"after " + unit},
                   {"change 变化", true, true}},
                  rows);
  return h + "</section>\n";
}

// Each benefit output's totals in its own unit (its parts under it), and the
// page's end.
std::string outputs_section(const WhatIfSummary& s) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& o : s.outputs) {
    std::string name = o.label.empty() ? o.name : o.name + " " + o.label;
    if (!o.part_of.empty()) name = "of which 其中 " + name;
    rows.push_back({name, o.unit, o.in_before ? s.money(o.before, o.scale) : "—",
                    o.in_after ? s.money(o.after, o.scale) : "—",
                    o.in_before && o.in_after ? s.signed_money(o.after - o.before, o.scale) : "—"});
  }
  std::string unit = s.money_unit();
  std::string h = "<section class=\"sheet\">\n<h2>By output 各项救助金合计</h2>\n";
  h += table_html({{"output 项目", false}, {"unit 周期", false}, {"before " + unit}, {"after " + unit},
                   {"change 变化", true, true}},
                  rows);
  h += "<p class=\"note\">Only the benefit outputs are summed (an income or a standard is not a cost), each in "
       "its own unit; an output marked \"of which\" is part of the benefit above it and is not added again. "
       "Amounts are exact decimals; the annual figures are the monthly ones × 12, the budget months' the "
       "monthly ones × their number. Written by <code>doudi whatif</code>.</p>\n";
  return h + "</section>\n</body>\n</html>\n";
}

}  // namespace

std::string whatif_report_html(const WhatIfSummary& s) {
  return report_first_sheets(s) + grades_section(s) + district_section(s) + changes_section(s) +
         outputs_section(s);
}

}  // namespace doudi
