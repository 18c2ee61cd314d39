// The what-if report page (see report_html.h).
#include "interpreter/studies/report_html.h"

#include <fmt/format.h>

#include "base/text.h"

namespace doudi {
namespace {

Exact E(int64_t v) { return Exact::from_int(v); }

// A coordinate or length in pixels, to a tenth.
std::string px(const Exact& v) {
  return v.round(Exact::fraction(1, 10), RoundingMode::half_up).to_fixed(1).value_or("0.0");
}

// "4096687.33" -> "4,096,687.33" for reading; other text is left alone.
std::string grouped(const std::string& text) {
  size_t start = !text.empty() && (text[0] == '+' || text[0] == '-') ? 1 : 0;
  size_t end = start;
  while (end < text.size() && text[end] >= '0' && text[end] <= '9') ++end;
  if (end == start) return text;
  for (size_t i = end; i < text.size(); ++i)
    if (!(text[i] == '.' && i == end) && !(text[i] >= '0' && text[i] <= '9')) return text;
  std::string out = text.substr(0, start);
  for (size_t i = start; i < end; ++i) {
    out += text[i];
    size_t left = end - i - 1;
    if (left > 0 && left % 3 == 0) out += ',';
  }
  return out + text.substr(end);
}

const char* kBefore = "#8da0bd";
const char* kAfter = "#e07b39";
const char* kGain = "#2e8b57";
const char* kLoss = "#c0392b";

struct Series {
  std::string name;
  std::string color;
};

struct BarGroup {
  std::string label;
  std::vector<Exact> values;
  std::vector<std::string> value_text;  // shown above each bar
};

// The axis: ticks of a nice step from 0 to a nice maximum >= `max`.
struct Axis {
  Exact top;
  Exact step;
};

Axis make_axis(const Exact& max, bool whole) {
  Exact step = nice_ceiling(max / E(5));
  if (whole && step < E(1)) step = E(1);
  Exact top = max.sign() > 0 ? (max / step).round(E(1), RoundingMode::ceiling) * step : step;
  return {top, step};
}

// Geometry shared by the charts.
constexpr int kWidth = 760, kHeight = 320;
constexpr int kLeft = 80, kRight = 20, kTop = 40, kBottom = 60;
constexpr int kPlotWidth = kWidth - kLeft - kRight, kPlotHeight = kHeight - kTop - kBottom;

Exact y_of(const Exact& v, const Axis& axis) {
  Exact clamped = v.sign() < 0 ? Exact() : v;
  return E(kTop + kPlotHeight) - clamped * E(kPlotHeight) / axis.top;
}

std::string svg_open(const std::string& title) {
  return fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {} {}\" width=\"{}\" height=\"{}\" "
      "role=\"img\" aria-label=\"{}\">\n<title>{}</title>\n",
      kWidth, kHeight, kWidth, kHeight, xml_escape(title), xml_escape(title));
}

std::string y_axis(const Axis& axis, const std::string& unit) {
  std::string out;
  for (Exact t; t <= axis.top; t = t + axis.step) {
    Exact y = y_of(t, axis);
    out += fmt::format("<line class=\"grid\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", kLeft, px(y),
                       kLeft + kPlotWidth, px(y));
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n",
                       kLeft - 6, px(y + E(4)), xml_escape(grouped(t.to_string())));
  }
  out += fmt::format("<text class=\"unit\" x=\"{}\" y=\"{}\">{}</text>\n", kLeft - 6, kTop - 14,
                     xml_escape(unit));
  out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", kLeft,
                     kTop + kPlotHeight, kLeft + kPlotWidth, kTop + kPlotHeight);
  return out;
}

std::string legend(const std::vector<Series>& series) {
  std::string out;
  int x = kLeft + kPlotWidth - 150 * static_cast<int>(series.size());
  for (const auto& s : series) {
    out += fmt::format("<rect x=\"{}\" y=\"10\" width=\"12\" height=\"12\" fill=\"{}\"/>\n", x, s.color);
    out += fmt::format("<text class=\"legend\" x=\"{}\" y=\"20\">{}</text>\n", x + 18, xml_escape(s.name));
    x += 150;
  }
  return out;
}

// Grouped vertical bars: one group per label, one bar per series.
std::string bar_chart(const std::string& title, const std::string& unit,
                      const std::vector<Series>& series, const std::vector<BarGroup>& groups,
                      bool whole) {
  Exact max;
  for (const auto& g : groups)
    for (const auto& v : g.values)
      if (v > max) max = v;
  Axis axis = make_axis(max, whole);
  std::string out = svg_open(title);
  out += y_axis(axis, unit);
  out += legend(series);
  if (groups.empty()) return out + "</svg>\n";
  Exact group_width = E(kPlotWidth) / E(static_cast<int64_t>(groups.size()));
  Exact bar_width = group_width * Exact::fraction(7, 10) / E(static_cast<int64_t>(series.size()));
  for (size_t g = 0; g < groups.size(); ++g) {
    Exact left = E(kLeft) + group_width * E(static_cast<int64_t>(g)) + group_width * Exact::fraction(15, 100);
    for (size_t k = 0; k < series.size() && k < groups[g].values.size(); ++k) {
      const Exact& v = groups[g].values[k];
      Exact x = left + bar_width * E(static_cast<int64_t>(k));
      Exact y = y_of(v, axis);
      Exact h = E(kTop + kPlotHeight) - y;
      std::string text = k < groups[g].value_text.size() ? groups[g].value_text[k] : v.to_string();
      out += fmt::format(
          "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}, {}: {}</title></rect>\n",
          px(x + E(1)), px(y), px(bar_width - E(2)), px(h), series[k].color, xml_escape(groups[g].label),
          xml_escape(series[k].name), xml_escape(text));
      out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                         px(x + bar_width / E(2)), px(y - E(4)), xml_escape(grouped(text)));
    }
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                       px(E(kLeft) + group_width * E(static_cast<int64_t>(g)) + group_width / E(2)),
                       kTop + kPlotHeight + 20, xml_escape(groups[g].label));
  }
  return out + "</svg>\n";
}

std::string signed_text(const Exact& v) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += v.to_string();
}

std::string histogram_chart(const std::vector<HistogramBin>& bins, long unchanged) {
  std::string title = "Distribution of per-household changes (households whose benefit changed)";
  long max_count = 0;
  for (const auto& b : bins) max_count = std::max(max_count, b.households);
  Axis axis = make_axis(E(max_count), true);
  std::string out = svg_open(title);
  out += y_axis(axis, "households 户");
  out += legend({{"gain 增加", kGain}, {"loss 减少", kLoss}});
  if (bins.empty()) {
    out += fmt::format("<text class=\"label\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">no household's "
                       "benefit changed ({} unchanged)</text>\n",
                       kLeft + kPlotWidth / 2, kTop + kPlotHeight / 2, unchanged);
    return out + "</svg>\n";
  }
  // Bars at most 60 px wide, centred when there are few.
  Exact bin_width = E(kPlotWidth) / E(static_cast<int64_t>(bins.size()));
  if (bin_width > E(60)) bin_width = E(60);
  Exact origin = E(kLeft) + (E(kPlotWidth) - bin_width * E(static_cast<int64_t>(bins.size()))) / E(2);
  size_t label_every = bins.size() <= 10 ? 1 : (bins.size() + 9) / 10;
  for (size_t i = 0; i < bins.size(); ++i) {
    const auto& b = bins[i];
    Exact x = origin + bin_width * E(static_cast<int64_t>(i));
    Exact y = y_of(E(b.households), axis);
    const char* color = b.low.sign() >= 0 ? kGain : kLoss;
    out += fmt::format(
        "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{} to {}: {} "
        "household(s)</title></rect>\n",
        px(x + E(1)), px(y), px(bin_width - E(2)), px(E(kTop + kPlotHeight) - y), color,
        xml_escape(signed_text(b.low)), xml_escape(signed_text(b.high)), b.households);
    if (b.households > 0) {
      out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n",
                         px(x + bin_width / E(2)), px(y - E(4)), b.households);
    }
  }
  // Edge labels: the bins' bounds, every few when there are many.
  for (size_t i = 0; i <= bins.size(); ++i) {
    if (i % label_every != 0 && i != bins.size()) continue;
    Exact x = origin + bin_width * E(static_cast<int64_t>(i));
    const Exact& edge = i < bins.size() ? bins[i].low : bins.back().high;
    out += fmt::format("<line class=\"axis\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"/>\n", px(x),
                       kTop + kPlotHeight, px(x), kTop + kPlotHeight + 5);
    out += fmt::format("<text class=\"tick\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text>\n", px(x),
                       kTop + kPlotHeight + 18, xml_escape(grouped(signed_text(edge))));
  }
  out += fmt::format("<text class=\"unit\" x=\"{}\" y=\"{}\" text-anchor=\"middle\">change in monthly "
                     "benefit, yuan (元/月)</text>\n",
                     kLeft + kPlotWidth / 2, kHeight - 14);
  return out + "</svg>\n";
}

std::string td(const std::string& text, bool number = true) {
  return fmt::format("<td{}>{}</td>", number ? " class=\"n\"" : "", xml_escape(number ? grouped(text) : text));
}
std::string th(const std::string& text, bool number = true) {
  return fmt::format("<th{}>{}</th>", number ? " class=\"n\"" : "", xml_escape(text));
}
std::string signed_count(long n) {
  std::string out = n > 0 ? "+" : "";
  return out += std::to_string(n);
}

const char* kStyle = R"(
body { font-family: "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", "PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif; color: #222; margin: 24px auto; max-width: 1100px; padding: 0 16px; line-height: 1.45; }
h1 { font-size: 24px; margin-bottom: 4px; }
h2 { font-size: 18px; margin-top: 28px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.meta { color: #555; margin: 2px 0; }
.meta b { color: #222; }
table { border-collapse: collapse; margin: 8px 0 12px; font-size: 14px; }
th, td { padding: 4px 8px; border-bottom: 1px solid #e4e4e4; text-align: left; white-space: nowrap; }
th { vertical-align: bottom; white-space: normal; }
th:first-child { white-space: nowrap; }
th { background: #f4f6f9; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
th.c { text-align: center; border-bottom: 1px solid #d0d5dc; }
tr.total td { font-weight: 600; border-top: 2px solid #bbb; }
.up { color: #2e7d4f; }
.down { color: #b03a2e; }
.note { color: #666; font-size: 13px; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 12px 0; }
.card { border: 1px solid #dde3ea; border-radius: 6px; padding: 10px 14px; min-width: 170px; background: #fbfcfd; }
.card .k { color: #666; font-size: 13px; }
.card .v { font-size: 20px; font-weight: 600; }
svg { display: block; margin: 8px 0; max-width: 100%; height: auto; }
svg text { font-family: inherit; fill: #333; }
svg .tick { font-size: 11px; fill: #555; }
svg .unit { font-size: 11px; fill: #555; }
svg .value { font-size: 11px; fill: #333; }
svg .label { font-size: 13px; }
svg .legend { font-size: 12px; }
svg .grid { stroke: #e6e6e6; stroke-width: 1; }
svg .axis { stroke: #888; stroke-width: 1; }
)";

std::string change_class(int sign) { return sign > 0 ? " up" : sign < 0 ? " down" : ""; }

}  // namespace

Exact nice_ceiling(const Exact& x) {
  if (x.sign() <= 0) return E(1);
  const Exact ten = E(10);
  Exact p = E(1);
  while (p < x) p = p * ten;
  while (p / ten >= x) p = p / ten;
  Exact base = p / ten;  // base < x <= p
  if (base * E(2) >= x) return base * E(2);
  if (base * E(5) >= x) return base * E(5);
  return p;
}

std::vector<HistogramBin> histogram_bins(const std::map<Exact, long>& changes) {
  std::vector<HistogramBin> bins;
  if (changes.empty()) return bins;
  const Exact& low = changes.begin()->first;
  const Exact& high = changes.rbegin()->first;
  Exact spread = high - low;
  Exact magnitude = low.sign() < 0 ? -low : low;
  if (high > magnitude) magnitude = high;
  Exact width = spread.is_zero() ? nice_ceiling(magnitude / E(10)) : nice_ceiling(spread / E(20));
  Exact start = low.round(width, RoundingMode::floor);
  int64_t count = ((high - start) / width).round(E(1), RoundingMode::floor).to_int64().value_or(0) + 1;
  for (int64_t i = 0; i < count; ++i) {
    Exact lo = start + width * E(i);
    bins.push_back({lo, lo + width, 0});
  }
  for (const auto& [value, households] : changes) {
    int64_t i = ((value - start) / width).round(E(1), RoundingMode::floor).to_int64().value_or(0);
    if (i >= count) i = count - 1;
    bins[static_cast<size_t>(i)].households += households;
  }
  return bins;
}

namespace {

// The page's head and the run's facts.
std::string report_head(const WhatIfSummary& s) {
  std::string title = fmt::format("What-if 测算: {}", s.policy);
  std::string h;
  h += "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\"/>\n";
  h += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n";
  h += fmt::format("<title>{}</title>\n<style>{}</style>\n</head>\n<body>\n", xml_escape(title), kStyle);
  h += fmt::format("<h1>{}</h1>\n", xml_escape(title));
  h += fmt::format("<p class=\"meta\"><b>Date 日期:</b> {}</p>\n", xml_escape(s.date.empty() ? "—" : s.date));
  h += fmt::format("<p class=\"meta\"><b>Baseline 现行:</b> {}</p>\n", xml_escape(s.baseline));
  h += fmt::format("<p class=\"meta\"><b>Alternative 方案:</b> {}{}</p>\n", xml_escape(s.alternative),
                   xml_escape(s.alternative_how.empty() ? "" : " — " + s.alternative_how));
  h += fmt::format("<p class=\"meta\"><b>Benefit 救助金:</b> {}; a household is covered when it is "
                   "positive. <b>People 人数:</b> {}.</p>\n",
                   xml_escape(s.benefit_text), xml_escape(s.people_text));
  h += fmt::format("<p class=\"meta\"><b>Households 家庭:</b> {} evaluated{}</p>\n", s.households,
                   s.rejected ? fmt::format(", {} rejected (see the command's messages)", s.rejected) : "");
  return h;
}

// Headline figures: cost change, coverage.
std::string headline_cards(const WhatIfSummary& s) {
  const int sc = s.scale;
  const Exact twelve = E(12);
  const auto& a = s.all;
  std::string h;
  // Headline figures.
  Exact diff = s.difference();
  h += "<div class=\"cards\">\n";
  auto card = [&](const std::string& k, const std::string& v, int sign) {
    h += fmt::format("<div class=\"card\"><div class=\"k\">{}</div><div class=\"v{}\">{}</div></div>\n",
                     xml_escape(k), change_class(sign), xml_escape(grouped(v)));
  };
  card("Monthly cost change 月支出变化", signed_amount_text(diff, sc), diff.sign());
  card("Annual cost change 年支出变化", signed_amount_text(diff * twelve, sc), diff.sign());
  card("Households covered 覆盖户数",
       fmt::format("{} → {}", grouped(std::to_string(a.covered_before)), grouped(std::to_string(a.covered_after))),
       static_cast<int>(a.covered_after > a.covered_before) - static_cast<int>(a.covered_after < a.covered_before));
  card("Newly covered / dropped 新增 / 退出",
       fmt::format("{}{} / {}{}", s.newly_covered ? "+" : "", grouped(std::to_string(s.newly_covered)),
                   s.dropped ? "−" : "", grouped(std::to_string(s.dropped))),
       0);
  h += "</div>\n";
  return h;
}

// The summary table: coverage and cost before and after.
std::string summary_table(const WhatIfSummary& s) {
  const int sc = s.scale;
  const Exact twelve = E(12);
  const auto& a = s.all;
  Exact diff = s.difference();
  std::string h;
  // Summary table.
  h += "<h2>Summary 总体</h2>\n<table>\n<tr>" + th("", false) + th("before 调整前") + th("after 调整后") +
       th("change 变化") + "</tr>\n";
  auto row = [&](const std::string& name, const std::string& b, const std::string& af, const std::string& c) {
    h += "<tr>" + td(name, false) + td(b) + td(af) + td(c) + "</tr>\n";
  };
  row("households covered 覆盖户数", std::to_string(a.covered_before), std::to_string(a.covered_after),
      signed_count(a.covered_after - a.covered_before));
  row("people covered 覆盖人数", a.people_before.to_string(), a.people_after.to_string(),
      signed_text(a.people_after - a.people_before));
  row("newly covered 新增 (households / people)", "",
      fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), "");
  row("dropped 退出 (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), "");
  row("monthly cost 月支出 (元)", amount_text(a.cost_before, sc), amount_text(a.cost_after, sc),
      signed_amount_text(diff, sc));
  row("annual cost 年支出 (元, ×12)", amount_text(a.cost_before * twelve, sc), amount_text(a.cost_after * twelve, sc),
      signed_amount_text(diff * twelve, sc));
  h += "</table>\n";
  return h;
}

// A table of groups (region groups or grades) with the total under them.
std::string group_table(const WhatIfSummary& s, const std::vector<GroupTotals>& groups, const std::string& heading,
                        bool grades) {
  const int sc = s.scale;
  const Exact twelve = E(12);
  std::string h;
  h += "<table>\n<tr><th rowspan=\"2\">" + xml_escape(heading) + "</th><th rowspan=\"2\" class=\"n\">" +
       (grades ? "households 户数<br/>(before / after)" : "households<br/>户数") +
       "</th><th colspan=\"2\" class=\"c\">covered 覆盖户数</th>"
       "<th colspan=\"2\" class=\"c\">people 覆盖人数</th>"
       "<th colspan=\"3\" class=\"c\">monthly cost 月支出 (元)</th>"
       "<th rowspan=\"2\" class=\"n\">annual change<br/>年变化 (元)</th></tr>\n<tr>" +
       th("before") + th("after") + th("before") + th("after") + th("before") + th("after") + th("change") +
       "</tr>\n";
  auto line = [&](const GroupTotals& g, const std::string& name, bool total) {
    Exact change = g.cost_after - g.cost_before;
    h += std::string(total ? "<tr class=\"total\">" : "<tr>") + td(name, false) +
         td(grades ? fmt::format("{} / {}", grouped(std::to_string(g.households_before)),
                                 grouped(std::to_string(g.households_after)))
                   : std::to_string(g.households_before)) +
         td(std::to_string(g.covered_before)) + td(std::to_string(g.covered_after)) +
         td(g.people_before.to_string()) + td(g.people_after.to_string()) +
         td(amount_text(g.cost_before, sc)) + td(amount_text(g.cost_after, sc)) +
         td(signed_amount_text(change, sc)) + td(signed_amount_text(change * twelve, sc)) + "</tr>\n";
  };
  for (const auto& g : groups) line(g, g.label.empty() ? g.name : g.name + " " + g.label, false);
  line(s.all, "total 合计", true);
  h += "</table>\n";
  return h;
}

// Cost by region group: a chart and a table.
std::string region_section(const WhatIfSummary& s) {
  const int sc = s.scale;
  std::string h;
  // Cost by region.
  h += "<h2>Cost by region group 分地区月支出</h2>\n";
  {
    std::vector<BarGroup> groups;
    for (const auto& g : s.regions)
      groups.push_back({g.name, {g.cost_before, g.cost_after},
                        {amount_text(g.cost_before, sc), amount_text(g.cost_after, sc)}});
    h += bar_chart("Monthly cost by region group, before and after", "元/月",
                   {{"before 调整前", kBefore}, {"after 调整后", kAfter}}, groups, false);
  }
  h += group_table(s, s.regions, "region group 地区", false);
  return h;
}

// Per-household changes: gains, losses and their histogram.
std::string changes_section(const WhatIfSummary& s) {
  std::string h;
  // Changes.
  h += "<h2>Per-household changes 家庭救助金变化</h2>\n";
  h += fmt::format("<p>Households that gain 增加: <b class=\"up\">{}</b>; lose 减少: <b class=\"down\">{}</b>; "
                   "unchanged 不变: <b>{}</b>.</p>\n",
                   grouped(std::to_string(s.gain)), grouped(std::to_string(s.lose)),
                   grouped(std::to_string(s.unchanged)));
  h += histogram_chart(histogram_bins(s.changes), s.unchanged);
  h += fmt::format("<p class=\"note\">Each bar counts the households whose monthly benefit changed by an "
                   "amount from its left edge up to (not including) its right edge; the {} unchanged "
                   "households are not drawn.</p>\n",
                   s.unchanged);
  return h;
}

// Coverage by grade, when the policy has grades.
std::string grades_section(const WhatIfSummary& s) {
  std::string h;
  // Grades.
  h += "<h2>Coverage by grade 分等级覆盖</h2>\n";
  if (s.has_grades) {
    std::vector<BarGroup> groups;
    for (const auto& g : s.grades)
      groups.push_back({g.label.empty() ? g.name : g.name + " " + g.label,
                        {E(g.covered_before), E(g.covered_after)},
                        {std::to_string(g.covered_before), std::to_string(g.covered_after)}});
    h += bar_chart("Households covered by grade, before and after", "户",
                   {{"before 调整前", kBefore}, {"after 调整后", kAfter}}, groups, true);
    h += group_table(s, s.grades, "grade 等级", true);
    h += "<p class=\"note\">A household's grade is its output <code>grade</code> under each version, so a "
         "household may change grade.</p>\n";
  } else {
    h += "<p class=\"note\">The policy has no enumeration output named <code>grade</code>.</p>\n";
  }
  return h;
}

// The largest changes, household by household.
std::string largest_section(const WhatIfSummary& s) {
  const int sc = s.scale;
  std::string h;
  // Largest changes.
  h += fmt::format("<h2>Largest changes 变化最大的家庭 (top {})</h2>\n", WhatIf::kLargest);
  if (s.largest.empty()) {
    h += "<p>No household's benefit changed.</p>\n";
  } else {
    h += "<table>\n<tr>" + th("id", false) + th("region group 地区", false) + th("before 元") + th("after 元") +
         th("change 变化") + "</tr>\n";
    for (const auto& c : s.largest) {
      Exact change = c.after - c.before;
      h += "<tr>" + td(c.id, false) + td(c.region, false) + td(amount_text(c.before, sc)) +
           td(amount_text(c.after, sc)) +
           fmt::format("<td class=\"n{}\">{}</td>", change_class(change.sign()),
                       xml_escape(grouped(signed_amount_text(change, sc)))) +
           "</tr>\n";
    }
    h += "</table>\n";
  }
  return h;
}

// Every money output's total, and the page's end.
std::string outputs_section(const WhatIfSummary& s) {
  std::string h;
  // Money outputs.
  h += "<h2>Money outputs 各项金额合计 (monthly)</h2>\n<table>\n<tr>" + th("output", false) + th("before 元") +
       th("after 元") + th("change") + "</tr>\n";
  for (const auto& o : s.outputs) {
    std::string name = o.label.empty() ? o.name : o.name + " " + o.label;
    h += "<tr>" + td(name, false) + td(o.in_before ? amount_text(o.before, o.scale) : "—") +
         td(o.in_after ? amount_text(o.after, o.scale) : "—") +
         td(o.in_before && o.in_after ? signed_amount_text(o.after - o.before, o.scale) : "—") + "</tr>\n";
  }
  h += "</table>\n";
  h += "<p class=\"note\">Amounts are exact decimals; the annual figures are the monthly ones × 12. Written "
       "by <code>doudi whatif</code>.</p>\n";
  h += "</body>\n</html>\n";
  return h;
}

}  // namespace

std::string whatif_report_html(const WhatIfSummary& s) {
  return report_head(s) + headline_cards(s) + summary_table(s) + region_section(s) + changes_section(s) +
         grades_section(s) + largest_section(s) + outputs_section(s);
}

}  // namespace doudi
