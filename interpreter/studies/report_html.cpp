// The what-if report page (see report_html.h): a briefing in sheets, each a
// printed A4 page (section.sheet), the tables' headers in <thead> so a table
// running over a page repeats them, every cell labelled (data-label) so a
// phone shows each row as a card instead of scrolling sideways.
#include "interpreter/studies/report_html.h"

#include <fmt/format.h>

#include "base/text.h"
#include "interpreter/studies/report_charts.h"
#include "interpreter/studies/report_page.h"

namespace doudi {

namespace {
Exact E(int64_t v) { return Exact::from_int(v); }
}  // namespace

std::string signed_count(long n) {
  std::string out = n > 0 ? "+" : "";
  return out += std::to_string(n);
}

std::string table_html(const std::vector<Col>& cols, const std::vector<std::vector<std::string>>& rows) {
  std::string h = "<table class=\"t\">\n<thead><tr>";
  for (const auto& c : cols)
    h += fmt::format("<th{}>{}</th>", c.number ? " class=\"n\"" : "", xml_escape(c.head));
  h += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    bool total = !row.empty() && row[0].rfind("total", 0) == 0;
    h += total ? "<tr class=\"total\">" : "<tr>";
    for (size_t k = 0; k < row.size() && k < cols.size(); ++k) {
      const auto& c = cols[k];
      std::string cls = c.number ? "n" : "";
      if (c.change && !row[k].empty()) cls += row[k][0] == '+' ? " up" : row[k][0] == '-' ? " down" : "";
      h += fmt::format("<td{} data-label=\"{}\">{}</td>", cls.empty() ? "" : " class=\"" + cls + "\"",
                       xml_escape(c.head), xml_escape(c.number ? grouped(row[k]) : row[k]));
    }
    h += "</tr>\n";
  }
  return h + "</tbody>\n</table>\n";
}

namespace {

std::string meta(const std::string& key, const std::string& value) {
  return fmt::format("<p class=\"meta\"><b>{}:</b> {}</p>\n", xml_escape(key), xml_escape(value));
}

}  // namespace

std::string page_title(const WhatIfSummary& s) {
  return s.title.empty() ? fmt::format("What-if 测算: {}", s.policy) : s.title;
}

std::string cost_head(const WhatIfSummary& s) {
  return s.unit == "per month" ? fmt::format("monthly cost 月支出 ({})", s.money_unit())
                               : fmt::format("cost 支出 ({}, {})", s.money_unit(), s.unit);
}

std::string span_head(const WhatIfSummary& s) {
  return s.months > 0 ? fmt::format("{} to {} ({} months)", s.from, s.to, s.months) : "annual 年 (×12)";
}
Exact span(const WhatIfSummary& s) { return E(s.months > 0 ? s.months : 12); }

namespace {

// The page's head and the run's facts: what is compared, on which data,
// with which policy files, when.
std::string report_head(const WhatIfSummary& s) {
  std::string h = "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  h += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", xml_escape(page_title(s)),
                   kReportStyle);
  h += "<section class=\"sheet\">\n";
  h += fmt::format("<h1>{}</h1>\n", xml_escape(page_title(s)));
  if (!s.description.empty()) h += fmt::format("<p class=\"lead\">{}</p>\n", xml_escape(s.description));
  h += meta("Policy 政策", s.policy);
  h += meta("Date 日期", s.date.empty() ? "—" : s.date);
  h += meta("Baseline 现行", s.baseline);
  h += meta("Alternative 方案", s.alternative + (s.alternative_how.empty() ? "" : " — " + s.alternative_how));
  if (!s.fingerprint.empty()) h += meta("Policy fingerprint 政策指纹", s.fingerprint);
  h += meta("Data 数据", fmt::format("{} — {} rows, {} evaluated{}", fmt::format("{}", fmt::join(s.data_files, ", ")),
                                     s.households + s.rejected + s.not_applicable, s.households,
                                     (s.rejected ? fmt::format(", {} rejected (see the command's messages)", s.rejected) : "") +
                                         (s.not_applicable ? fmt::format(", {} with an output that is n/a (a figure "
                                                                         "not published), not in the sums",
                                                                         s.not_applicable)
                                                           : "")));
  if (!s.run_at.empty()) h += meta("Run 测算时间", s.run_at);
  h += meta("Benefit 救助金", s.benefit_text + "; a household is covered when it is positive");
  h += meta("People 人数", s.people_text);
  h += meta("Amounts 金额单位", s.wan ? "万元 (10 000 yuan, exact)" : "元 (yuan)");
  for (const auto& n : s.notes) h += meta("Note 注意", n);
  return h;
}

// Headline figures: cost change, coverage.
std::string headline_cards(const WhatIfSummary& s) {
  const int sc = s.scale;
  const auto& a = s.all;
  Exact diff = s.difference();
  std::string h = "<div class=\"cards\">\n";
  auto card = [&](const std::string& k, const std::string& v, int sign) {
    h += fmt::format("<div class=\"card\"><div class=\"k\">{}</div><div class=\"v{}\">{}</div></div>\n",
                     xml_escape(k), sign > 0 ? " up" : sign < 0 ? " down" : "", xml_escape(grouped(v)));
  };
  const bool monthly = s.unit == "per month";
  if (monthly) {
    card(fmt::format("Monthly cost change 月支出变化 ({})", s.money_unit()), s.signed_money(diff, sc), diff.sign());
    card(fmt::format("{} change 变化 ({})", s.months > 0 ? span_head(s) : "Annual 年", s.money_unit()),
         s.signed_money(diff * span(s), sc), diff.sign());
  } else {
    card(fmt::format("Cost change 支出变化 ({}, {})", s.money_unit(), s.unit), s.signed_money(diff, sc), diff.sign());
  }
  card("Households covered 覆盖户数",
       fmt::format("{} → {}", grouped(std::to_string(a.covered_before)), grouped(std::to_string(a.covered_after))),
       static_cast<int>(a.covered_after > a.covered_before) - static_cast<int>(a.covered_after < a.covered_before));
  card("Newly covered / dropped 新增 / 退出",
       fmt::format("{}{} / {}{}", s.newly_covered ? "+" : "", grouped(std::to_string(s.newly_covered)),
                   s.dropped ? "−" : "", grouped(std::to_string(s.dropped))),
       0);
  return h + "</div>\n";
}

// The scenario in words: each changed figure, old → new, its table and source.
std::string scenario_section(const WhatIfSummary& s) {
  std::string h = "<h2>Scenario 方案内容</h2>\n";
  if (s.scenario.empty()) return h + "<p>The alternative changes no table cell or rule.</p>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& c : s.scenario) rows.push_back({c.what, c.before, c.after, c.source.empty() ? "—" : c.source});
  return h + table_html({{"figure 项目", false}, {"before 调整前"}, {"after 调整后"}, {"source 依据", false}}, rows);
}

// The summary table: coverage and cost before and after, and the rules broken.
std::string summary_section(const WhatIfSummary& s) {
  const int sc = s.scale;
  const auto& a = s.all;
  Exact diff = s.difference();
  std::vector<std::vector<std::string>> rows = {
      {"households covered 覆盖户数", std::to_string(a.covered_before), std::to_string(a.covered_after),
       signed_count(a.covered_after - a.covered_before)},
      {"people covered 覆盖人数", a.people_before.to_string(), a.people_after.to_string(),
       signed_text(a.people_after - a.people_before)},
      {"newly covered 新增 (households / people)", "",
       fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), ""},
      {"dropped 退出 (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), ""},
      {cost_head(s), s.money(a.cost_before, sc), s.money(a.cost_after, sc), s.signed_money(diff, sc)}};
  if (s.unit == "per month")
    rows.push_back({fmt::format("cost 支出, {} ({})", span_head(s), s.money_unit()), s.money(a.cost_before * span(s), sc),
                    s.money(a.cost_after * span(s), sc), s.signed_money(diff * span(s), sc)});
  for (const auto& u : s.beside)  // other units: beside the cost, never added to it
    rows.push_back({fmt::format("{} ({}) {}, not in the cost", u.unit, fmt::join(u.outputs, " + "), s.money_unit()),
                    s.money(u.before, u.scale), s.money(u.after, u.scale), s.signed_money(u.after - u.before, u.scale)});
  std::string h = "<h2>Summary 总体</h2>\n" +
                  table_html({{"", false}, {"before 调整前"}, {"after 调整后"}, {"change 变化", true, true}}, rows);
  if (!s.violations.empty()) {
    h += fmt::format("<h2>Rules broken 违反上级规定 ({})</h2>\n<p class=\"note\">The alternative breaks these "
                     "<code>require</code>s of the policy, as <code>doudi check</code> reports them:</p>\n",
                     s.violations.size());
    for (const auto& v : s.violations) h += "<pre>" + xml_escape(v) + "</pre>\n";
  }
  return h + "</section>\n";
}

}  // namespace

std::string group_tables(const WhatIfSummary& s, const std::vector<GroupTotals>& groups, const std::string& heading,
                         bool grades) {
  const int sc = s.scale;
  std::vector<std::vector<std::string>> coverage, cost;
  auto line = [&](const GroupTotals& g, const std::string& name) {
    Exact change = g.cost_after - g.cost_before;
    coverage.push_back({name,
                        grades ? fmt::format("{} / {}", g.households_before, g.households_after)
                               : std::to_string(g.households_before),
                        std::to_string(g.covered_before), std::to_string(g.covered_after),
                        std::to_string(g.newly_covered), g.people_before.to_string(), g.people_after.to_string()});
    cost.push_back({name, s.money(g.cost_before, sc), s.money(g.cost_after, sc),
                    s.money(g.cost_after - g.cost_new, sc), s.money(g.cost_new, sc), s.signed_money(change, sc),
                    s.signed_money(change * span(s), sc)});
  };
  for (const auto& g : groups) line(g, g.label.empty() ? g.name : g.name + " " + g.label);
  line(s.all, "total 合计");
  std::string h = table_html({{heading, false}, {grades ? "households 户数 (before / after)" : "households 户数"},
                              {"covered before 调整前覆盖"}, {"covered after 调整后覆盖"}, {"newly covered 新增"},
                              {"people before 调整前人数"}, {"people after 调整后人数"}},
                             coverage);
  h += table_html({{heading, false}, {"before 调整前"}, {"after 调整后"}, {"after: existing 原有户"},
                   {"after: newly covered 新增户"}, {"change 月变化", true, true},
                   {"change 变化, " + span_head(s), true, true}},
                  cost);
  return h;
}

Exact chart_amount(const WhatIfSummary& s, const Exact& v) { return s.wan ? v / E(10000) : v; }

namespace {

// Cost and coverage by region group and by hukou: a chart and tables.
std::string region_section(const WhatIfSummary& s) {
  std::string h = "<section class=\"sheet\">\n<h2>By region group 分地区</h2>\n";
  std::vector<BarGroup> groups;
  for (const auto& g : s.regions)
    groups.push_back({g.name, {chart_amount(s, g.cost_before), chart_amount(s, g.cost_after)},
                      {s.money(g.cost_before, s.scale), s.money(g.cost_after, s.scale)}});
  h += bar_chart("Monthly cost by region group, before and after", fmt::format("{}/月", s.money_unit()),
                 {{"before 调整前", kBeforeColor}, {"after 调整后", kAfterColor}}, groups, false);
  h += fmt::format("<p class=\"caption\">{}</p>\n", xml_escape(cost_head(s)));
  h += group_tables(s, s.regions, "region group 地区", false);
  if (!s.hukou.empty()) {
    h += fmt::format("<h2>By {} 分户籍</h2>\n", xml_escape(s.hukou_label));
    h += group_tables(s, s.hukou, s.hukou_label, false);
  }
  return h + "</section>\n";
}

}  // namespace

std::string report_first_sheets(const WhatIfSummary& s) {
  return report_head(s) + headline_cards(s) + scenario_section(s) + summary_section(s) + region_section(s);
}

}  // namespace doudi
