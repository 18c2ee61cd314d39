// Tests for interpreter/studies/report_html.cpp: the what-if page is well-formed (a
// small XML checker below: balanced tags, quoted attributes, escaped text),
// self-contained, names every region group and grade, and its chart scales
// and histogram bins are exact.
#include <regex>
#include <set>
#include <sstream>

#include "test_util.h"
#include "base/date.h"
#include "interpreter/studies/report_html.h"
#include "interpreter/studies/whatif.h"
#include "dsl/reform.h"
#include "interpreter/studies/scenario.h"

using namespace doudi;

namespace {

bool name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == ':' || c == '_';
}

// Checks the entities of text or an attribute value: & only starts &amp;
// &lt; &gt; &quot; &apos; or &#NNN;, no raw '<', and no control character
// XML 1.0 does not allow (only tab, line feed and carriage return are).
std::string check_text(const std::string& t) {
  for (size_t i = 0; i < t.size(); ++i) {
    if (t[i] == '<') return "a raw '<' in text";
    if (static_cast<unsigned char>(t[i]) < 0x20 && t[i] != '\t' && t[i] != '\n' && t[i] != '\r')
      return "control character " + std::to_string(static_cast<int>(t[i])) + ", which XML does not allow";
    if (t[i] != '&') continue;
    size_t semi = t.find(';', i);
    if (semi == std::string::npos) return "an '&' without ';'";
    std::string entity = t.substr(i, semi - i + 1);
    static const std::set<std::string> known = {"&amp;", "&lt;", "&gt;", "&quot;", "&apos;"};
    bool numeric = entity.size() > 3 && entity[1] == '#' &&
                   std::all_of(entity.begin() + 2, entity.end() - 1, [](char c) { return c >= '0' && c <= '9'; });
    if (!known.count(entity) && !numeric) return "an unknown entity " + entity;
  }
  return "";
}

// "" when `html` is well-formed XML after an optional <!DOCTYPE html>: one
// root element, every element closed in order (or written <x/>), every
// attribute quoted and unique. Otherwise what is wrong and where.
std::string well_formed(const std::string& html) {
  size_t i = 0;
  auto skip_space = [&] {
    while (i < html.size() && (html[i] == ' ' || html[i] == '\n' || html[i] == '\t' || html[i] == '\r')) ++i;
  };
  skip_space();
  const std::string doctype = "<!DOCTYPE html>";
  if (html.compare(i, doctype.size(), doctype) == 0) i += doctype.size();
  std::vector<std::string> open;
  int roots = 0;
  while (i < html.size()) {
    size_t lt = html.find('<', i);
    std::string text = html.substr(i, lt == std::string::npos ? std::string::npos : lt - i);
    if (std::string why = check_text(text); !why.empty()) return why + " at byte " + std::to_string(i);
    if (open.empty() && text.find_first_not_of(" \n\t\r") != std::string::npos)
      return "text outside the root element at byte " + std::to_string(i);
    if (lt == std::string::npos) break;
    i = lt + 1;
    if (html.compare(i, 3, "!--") == 0) {
      size_t end = html.find("-->", i);
      if (end == std::string::npos) return "an unclosed comment";
      i = end + 3;
      continue;
    }
    bool closing = i < html.size() && html[i] == '/';
    if (closing) ++i;
    size_t start = i;
    while (i < html.size() && name_char(html[i])) ++i;
    std::string name = html.substr(start, i - start);
    if (name.empty()) return "a '<' without a tag name at byte " + std::to_string(lt);
    if (closing) {
      skip_space();
      if (i >= html.size() || html[i] != '>') return "a malformed end tag </" + name;
      ++i;
      if (open.empty() || open.back() != name)
        return "</" + name + "> closes <" + (open.empty() ? std::string("nothing") : open.back()) + ">";
      open.pop_back();
      continue;
    }
    std::set<std::string> attributes;
    while (true) {
      skip_space();
      if (i >= html.size()) return "an unfinished tag <" + name;
      if (html[i] == '>' || html.compare(i, 2, "/>") == 0) break;
      size_t a = i;
      while (i < html.size() && name_char(html[i])) ++i;
      std::string attribute = html.substr(a, i - a);
      if (attribute.empty()) return "a malformed attribute in <" + name + "> at byte " + std::to_string(i);
      if (!attributes.insert(attribute).second) return "attribute " + attribute + " twice in <" + name + ">";
      if (html.compare(i, 2, "=\"") != 0) return "attribute " + attribute + " of <" + name + "> is not quoted";
      i += 2;
      size_t end = html.find('"', i);
      if (end == std::string::npos) return "an unclosed attribute value";
      if (std::string why = check_text(html.substr(i, end - i)); !why.empty()) return why + " in an attribute";
      i = end + 1;
    }
    if (open.empty()) ++roots;
    if (roots > 1) return "a second root element <" + name + ">";
    if (html[i] == '/') {
      i += 2;
    } else {
      ++i;
      open.push_back(name);
    }
  }
  if (!open.empty()) return "<" + open.back() + "> is never closed";
  if (roots != 1) return "no root element";
  return "";
}

size_t count(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

WhatIfSummary reference_summary() {
  auto set = load_policy(test::source_path("policies/reference"));
  const auto& base = set.in_force(*parse_date("2020-08-01"));
  auto alt = apply_settings(set, base,
                            {parse_setting("dibao_standard[一类地区, urban]=660"),
                             parse_setting("dibao_standard[二类地区, rural]=430")});
  std::ostringstream errors;
  auto s = run_whatif(base, alt, {test::source_path("tests/data/reference_households_10k.csv")}, nullptr, errors);
  s.date = "2020-08-01";
  s.alternative_how = "--set dibao_standard[一类地区, urban]=660";
  return s;
}

}  // namespace

TEST_CASE("report_html: the checker below catches what is not well-formed") {
  CHECK(well_formed("<!DOCTYPE html>\n<html><body><p a=\"1\">x &amp; y</p><br/></body></html>\n") == "");
  CHECK(well_formed("<a><b></a></b>") != "");
  CHECK(well_formed("<a x=1></a>") != "");
  CHECK(well_formed("<a x=\"1\" x=\"2\"></a>") != "");
  CHECK(well_formed("<a>fish & chips</a>") != "");
  CHECK(well_formed("<a><b></a>") != "");
  CHECK(well_formed("<a></a><b></b>") != "");
  CHECK(well_formed("<a>") != "");
  CHECK(well_formed("<a>bell\x01</a>") != "");
}

TEST_CASE("report_html: the what-if page is well-formed — self-contained and names every region and grade") {
  auto s = reference_summary();
  std::string html = whatif_report_html(s);
  INFO(html.substr(0, 400));
  CHECK(well_formed(html) == "");
  // Every region group and grade, by name, in a table and a chart.
  for (const auto& g : s.regions) CHECK(count(html, g.name) >= 2);
  REQUIRE(s.has_grades);
  for (const char* grade : {"severe", "moderate", "general"}) CHECK(count(html, grade) >= 2);
  // Three charts: cost by region, the histogram of changes, coverage by grade.
  CHECK(count(html, "<svg ") == 3);
  // Nothing fetched: no script, stylesheet link, image source or CSS url.
  for (const char* fetch : {"<script", "<link", "src=", "href=", "url(", "@import"}) CHECK(count(html, fetch) == 0);
  CHECK(count(html, "http") == count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
  CHECK(html.find("<meta charset=\"utf-8\"/>") != std::string::npos);
  // The figures of the summary are on the page, grouped by thousands.
  CHECK(html.find(">10,000<") != std::string::npos);
  CHECK(html.find(">" + amount_text(s.all.cost_after, 2).substr(0, 1) + ",") != std::string::npos);
  // Coordinates are exact decimals to a tenth of a pixel (no exponent, no nan).
  std::regex coordinate(" (?:x|y|width|height|x1|x2|y1|y2)=\"([^\"]*)\"");
  std::regex decimal("-?[0-9]+(\\.[0-9])?");
  long checked = 0;
  for (auto it = std::sregex_iterator(html.begin(), html.end(), coordinate); it != std::sregex_iterator(); ++it) {
    if ((*it)[0].str() == " width=\"100%\"") continue;  // the chart's own width: it scales to the page
    CHECK(std::regex_match((*it)[1].str(), decimal));
    ++checked;
  }
  CHECK(checked > 50);
}

TEST_CASE("report_html: a policy without districts or grades — and text that needs escaping") {
  WhatIfSummary s;
  s.policy = "p<&>\"'";
  s.baseline = "version 1";
  s.alternative = "version 1+set";
  GroupTotals all;
  all.name = "all";
  s.regions.push_back(all);
  s.all.name = "total";
  s.households = 2;
  s.unchanged = 1;
  s.gain = 1;
  s.changes[Exact::from_int(5)] = 1;
  s.largest.push_back({"<b>&\"id", "all", Exact(), Exact::from_int(5), 1});
  std::string html = whatif_report_html(s);
  CHECK(well_formed(html) == "");
  CHECK(html.find("<b>&") == std::string::npos);
  CHECK(html.find("&lt;b&gt;&amp;&quot;id") != std::string::npos);
  CHECK(html.find(">all<") != std::string::npos);
  CHECK(html.find("no enumeration output named") != std::string::npos);
  CHECK(count(html, "<svg ") == 2);  // no grade chart
}

TEST_CASE("report_html: chart scales are nice numbers — worked out exactly") {
  auto nice = [](const char* x) { return nice_ceiling(*Exact::parse(x)).to_string(); };
  CHECK(nice("0") == "1");
  CHECK(nice("0.3") == "0.5");
  CHECK(nice("0.05") == "0.05");
  CHECK(nice("1") == "1");
  CHECK(nice("7") == "10");
  CHECK(nice("10") == "10");
  CHECK(nice("11") == "20");
  CHECK(nice("2500") == "5000");
  CHECK(nice("5000.01") == "10000");
}

TEST_CASE("report_html: histogram bins have a nice width with 0 on an edge") {
  std::map<Exact, long> changes = {{Exact::from_int(-25), 1}, {Exact::from_int(10), 2}, {Exact::from_int(90), 1}};
  auto bins = histogram_bins(changes);
  REQUIRE(!bins.empty());
  CHECK(bins.front().low == Exact::from_int(-30));  // width nice(115 / 20) = 10
  CHECK(bins.back().low == Exact::from_int(90));
  CHECK(bins.back().high == Exact::from_int(100));
  CHECK(bins.size() == 13);
  long total = 0;
  for (const auto& b : bins) {
    CHECK(b.high - b.low == Exact::from_int(10));
    total += b.households;
  }
  CHECK(total == 4);
  CHECK(bins[4].low == Exact::from_int(10));
  CHECK(bins[4].households == 2);
  // One value: one bin around it.
  auto one = histogram_bins({{Exact::from_int(90), 3}});
  REQUIRE(one.size() == 1);
  CHECK(one[0].low == Exact::from_int(90));
  CHECK(one[0].households == 3);
  CHECK(histogram_bins({}).empty());
}

TEST_CASE("report_html: an id holding a control character still gives well-formed XML") {
  WhatIfSummary s;
  s.policy = "p";
  s.baseline = "version 1";
  s.alternative = "version 1+set";
  GroupTotals all;
  all.name = "all";
  s.regions.push_back(all);
  s.all.name = "total";
  s.households = 1;
  s.gain = 1;
  s.changes[Exact::from_int(5)] = 1;
  s.largest.push_back({std::string("h\x01") + "7", "all", Exact(), Exact::from_int(5), 1});
  std::string html = whatif_report_html(s);
  CHECK(well_formed(html) == "");
  CHECK(html.find('\x01') == std::string::npos);
  CHECK(html.find("h\xEF\xBF\xBD" "7") != std::string::npos);  // U+FFFD in its place
}

namespace {
WhatIfSummary jining_briefing() {
  auto set = load_policy(test::source_path("policies/jining"));
  const auto& base = set.in_force(*parse_date("2020-08-01"));
  auto alt = load_reform(set, base, test::source_path("examples/reforms/jining_tier1_660.doudi"));
  std::ostringstream errors;
  auto s = run_whatif(base, alt, {test::source_path("tests/data/whatif_briefing.csv")}, nullptr, errors);
  s.title = "一类地区<城市>低保标准提至660元";
  s.description = alt.description;
  s.data_files = {"whatif_briefing.csv"};
  s.scenario = scenario_changes(base, alt);
  return s;
}
}  // namespace

TEST_CASE("report_html: the briefing — title and description first — the scenario — every district") {
  auto s = jining_briefing();
  std::string html = whatif_report_html(s);
  CHECK(well_formed(html) == "");
  CHECK(html.find("<title>一类地区&lt;城市&gt;低保标准提至660元</title>") != std::string::npos);
  CHECK(html.find("<h1>一类地区&lt;城市&gt;低保标准提至660元</h1>\n<p class=\"lead\">一类地区城市低保标准由630元提高到660元") !=
        std::string::npos);
  CHECK(html.find("data-label=\"before 调整前\">630</td><td class=\"n\" data-label=\"after 调整后\">660</td>") !=
        std::string::npos);
  CHECK(html.find("whatif_briefing.csv — 10 rows, 10 evaluated") != std::string::npos);
  for (const auto& d : s.districts) CHECK(count(html, ">" + d.name + " ") >= 2);  // coverage and cost
  // 任城区: cost 990 -> 1110, of which 1080 for the household covered before and 30 newly covered.
  CHECK(html.find(">任城区 一类地区</td><td class=\"n\" data-label=\"before 调整前\">990.00</td>"
                  "<td class=\"n\" data-label=\"after 调整后\">1,110.00</td>"
                  "<td class=\"n\" data-label=\"after: existing 原有户\">1,080.00</td>"
                  "<td class=\"n\" data-label=\"after: newly covered 新增户\">30.00</td>") != std::string::npos);
  CHECK(html.find(">of which 其中 dibao 低保金</td>") != std::string::npos);
  CHECK(html.find("per_capita_income") == std::string::npos);  // not a benefit: never summed
}

TEST_CASE("report_html: print and phone — thead on every table — a label on every cell — one sheet a page") {
  auto s = jining_briefing();
  std::string html = whatif_report_html(s);
  CHECK(count(html, "<table") == count(html, "<thead>"));
  CHECK(count(html, "<td") == count(html, " data-label=\""));
  CHECK(count(html, "<section class=\"sheet\">") == 5);  // head, regions, districts, changes, outputs
  CHECK(count(html, "<section") == count(html, "</section>"));
  CHECK(html.find("@page { size: A4;") != std::string::npos);
  CHECK(html.find("section.sheet { break-before: page; }") != std::string::npos);
  CHECK(html.find("break-inside: avoid") != std::string::npos);
  CHECK(html.find("@media (max-width: 640px)") != std::string::npos);
  CHECK(count(html, "<svg ") == count(html, "viewBox=\"0 0 600 320\" width=\"100%\""));
}

TEST_CASE("report_html: --unit wan shows amounts in 万元 exactly — --from/--to the budget months") {
  auto s = jining_briefing();
  s.wan = true;
  s.months = 6;
  s.from = "2021-07";
  s.to = "2021-12";
  std::string html = whatif_report_html(s);
  CHECK(html.find("monthly cost 月支出 (万元)") != std::string::npos);
  CHECK(html.find(">0.559001<") != std::string::npos);  // 5590.01 元
  CHECK(html.find(">+0.090000<") != std::string::npos);  // 6 months × 150 元
  CHECK(html.find("2021-07 to 2021-12 (6 months)") != std::string::npos);
}
