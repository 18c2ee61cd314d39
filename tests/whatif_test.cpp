// Tests for interpreter/studies/whatif.cpp: --set addressing, the comparison's
// aggregates against its own detail rows, no-change alternatives, --against
// another version, reading households under several versions, and back pay.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>

#include <fmt/format.h>

#include "test_util.h"
#include "base/date.h"
#include "base/text.h"
#include "interpreter/studies/arrears.h"
#include "interpreter/studies/whatif.h"

using namespace doudi;

namespace {

const std::string kJining = test::source_path("policies/jining");
const std::string kReference = test::source_path("policies/reference");
const std::string kJiningCsv = test::source_path("examples/jining/households.csv");
const std::string kJiningYaml = test::source_path("examples/jining/households.yaml");
const std::string kReferenceCsv = test::source_path("tests/data/reference_households_10k.csv");

int day(const char* text) { return *parse_date(text); }

// A scratch directory removed at the end of the test.
struct Scratch {
  std::filesystem::path dir;
  Scratch() {
    static int n = 0;
    dir = std::filesystem::temp_directory_path() /
          ("doudi_whatif_test_" + std::to_string(::getpid()) + "_" + std::to_string(++n));
    std::filesystem::create_directories(dir);
  }
  ~Scratch() { std::filesystem::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    std::ofstream(dir / name, std::ios::binary) << text;
    return (dir / name).string();
  }
};

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> out;
  std::string field;
  std::istringstream in(line);
  while (std::getline(in, field, ',')) out.push_back(field);
  if (!line.empty() && line.back() == ',') out.push_back("");
  return out;
}

struct Detail {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  size_t column(const std::string& name) const {
    auto it = std::find(header.begin(), header.end(), name);
    REQUIRE_MESSAGE(it != header.end(), "no column " << name);
    return static_cast<size_t>(it - header.begin());
  }
  Exact sum(const std::string& name) const {
    size_t c = column(name);
    Exact total;
    for (const auto& r : rows) total = total + *Exact::parse(r.at(c));
    return total;
  }
};

Detail read_detail(const std::string& text) {
  Detail d;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  d.header = split(line);
  while (std::getline(in, line)) {
    d.rows.push_back(split(line));
    REQUIRE(d.rows.back().size() == d.header.size());
  }
  return d;
}

std::string whatif_error(const PolicySet& set, const model::Model& base, const std::string& setting) {
  try {
    apply_settings(set, base, {parse_setting(setting)});
  } catch (const WhatIfError& e) {
    return e.what();
  }
  FAIL("expected a WhatIfError for " << setting);
  return "";
}

}  // namespace

TEST_CASE("whatif: --set NAME=VALUE splits at the last '=' and trims") {
  auto s = parse_setting(" dibao_standard[一类地区 , urban] = 660 ");
  CHECK(s.target == "dibao_standard[一类地区 , urban]");
  CHECK(s.value == "660");
  CHECK_THROWS_AS(parse_setting("dibao_standard[一类地区, urban]"), WhatIfError);
  CHECK_THROWS_AS(parse_setting("=660"), WhatIfError);
}

TEST_CASE("whatif: --set changes one cell — spaces around the commas are free") {
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  for (const char* text : {"dibao_standard[一类地区,urban]=660", "dibao_standard[ 一类地区 , urban ]=660"}) {
    auto alt = apply_settings(set, base, {parse_setting(text)});
    CHECK(alt.version == "2020.07+set");
    int t = alt.find_table("dibao_standard");
    const auto& cells = alt.tables[static_cast<size_t>(t)].cells;
    const auto& old = base.tables[static_cast<size_t>(t)].cells;
    int changed = 0;
    for (size_t c = 0; c < cells.size(); ++c) changed += *cells[c] != *old[c];
    CHECK(changed == 1);
    CHECK(*cells[0] == Exact::from_int(660));  // [一类地区, urban]
  }
}

TEST_CASE("whatif: a bad --set address names the table — the key and its values") {
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  std::string e = whatif_error(set, base, "dibao_standard[一类地区, urbn]=660");
  CHECK(e.find("table 'dibao_standard'") != std::string::npos);
  CHECK(e.find("'urbn' is not a value of key 'hukou'") != std::string::npos);
  CHECK(e.find("hukou (urban, rural)") != std::string::npos);
  e = whatif_error(set, base, "dibao_standard[任城区, urban]=660");  // a district, not a group
  CHECK(e.find("'任城区' is not a value of key 'region'") != std::string::npos);
  CHECK(e.find("region (一类地区, 二类地区)") != std::string::npos);
  e = whatif_error(set, base, "dibao_standard[一类地区]=660");
  CHECK(e.find("has 2 keys") != std::string::npos);
  e = whatif_error(set, base, "dibao_standard=660");
  CHECK(e.find("name one cell, e.g. dibao_standard[一类地区, urban]") != std::string::npos);
  e = whatif_error(set, base, "dibao_standrad[一类地区, urban]=660");
  CHECK(e.find("no table or rule named 'dibao_standrad'") != std::string::npos);
  e = whatif_error(set, base, "dibao_standard[一类地区, urban]=660.005");
  CHECK(e.find("at most 2 digits") != std::string::npos);
  e = whatif_error(set, base, "dibao_standard[一类地区, urban]=lots");
  CHECK(e.find("'lots' is not a number") != std::string::npos);
  e = whatif_error(set, base, "dibao=5");
  CHECK(e.find("rule 'dibao' reads the household") != std::string::npos);
}

TEST_CASE("whatif: --set on a rule that needs no household (a constant of the standards)") {
  Scratch scratch;
  std::string policy = scratch.write("p.doudi",
                                     "policy p\nversion 1\neffective 2020-01-01\n"
                                     "enum hukou = {urban, rural}\n"
                                     "household { hukou : hukou\n income : money\n members : integer }\n"
                                     "table line : money per person per month by hukou\n  urban 500  rural 400\n"
                                     "rule floor = 100 元\n"
                                     "rule share : decimal = 0.5\n"
                                     "rule gap = max(0, line * members - income)\n"
                                     "rule total = gap + floor + round(gap * share, 0.01, half_up)\n"
                                     "output total\n");
  auto set = load_policy(policy);
  const auto& base = set.versions[0];
  auto alt = apply_settings(set, base, {parse_setting("floor = 120.50"), parse_setting("share=0.25")});
  std::map<std::string, std::string> fields = {{"hukou", "urban"}, {"income", "300"}, {"members", "2"}};
  CHECK(test::output(base, test::household(base, fields), "total") == "1150.00");  // 700 + 100 + 350
  CHECK(test::output(alt, test::household(alt, fields), "total") == "995.50");     // 700 + 120.50 + 175
  CHECK(whatif_error(set, base, "floor=1.234").find("at most 2 digits") != std::string::npos);
  CHECK(whatif_error(set, base, "floor[urban]=1").find("is a rule, not a table") != std::string::npos);
  CHECK(whatif_error(set, base, "gap=1").find("reads the household") != std::string::npos);
  CHECK(whatif_error(set, base, "line=1").find("name one cell, e.g. line[urban]") != std::string::npos);
}

TEST_CASE("whatif: aggregates equal the sums of the detail rows") {
  auto set = load_policy(kReference);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = apply_settings(set, base,
                            {parse_setting("dibao_standard[一类地区, urban]=660"),
                             parse_setting("dibao_standard[二类地区, rural]=430"),
                             parse_setting("grade_addon[moderate]=40")});
  std::ostringstream detail, errors;
  auto s = run_whatif(base, alt, {kReferenceCsv}, &detail, errors);
  CHECK(errors.str().empty());
  CHECK(s.rejected == 0);
  auto d = read_detail(detail.str());
  REQUIRE(static_cast<long>(d.rows.size()) == s.households);
  CHECK(s.households == 10000);
  CHECK(d.header[0] == "id");
  // Every money output: the column sums are the summary's totals.
  REQUIRE(!s.outputs.empty());
  for (const auto& o : s.outputs) {
    CHECK(d.sum(o.name + "_before") == o.before);
    CHECK(d.sum(o.name + "_after") == o.after);
    CHECK(d.sum(o.name + "_diff") == o.after - o.before);
  }
  // The benefit is `total`: its columns give the cost, coverage and changes.
  CHECK(d.sum("total_before") == s.all.cost_before);
  CHECK(d.sum("total_after") == s.all.cost_after);
  CHECK(d.sum("total_diff") == s.difference());
  long covered_before = 0, covered_after = 0, gain = 0, lose = 0, newly = 0, dropped = 0;
  size_t b = d.column("total_before"), a = d.column("total_after"), diff = d.column("total_diff");
  for (const auto& r : d.rows) {
    bool cb = Exact::parse(r[b])->sign() > 0, ca = Exact::parse(r[a])->sign() > 0;
    covered_before += cb;
    covered_after += ca;
    newly += !cb && ca;
    dropped += cb && !ca;
    int sign = Exact::parse(r[diff])->sign();
    gain += sign > 0;
    lose += sign < 0;
  }
  CHECK(covered_before == s.all.covered_before);
  CHECK(covered_after == s.all.covered_after);
  CHECK(newly == s.newly_covered);
  CHECK(dropped == s.dropped);
  CHECK(gain == s.gain);
  CHECK(lose == s.lose);
  CHECK(lose > 0);  // 二类地区 rural went down
  CHECK(s.gain + s.lose + s.unchanged == s.households);
  // The groups add up to the whole.
  for (const auto* groups : {&s.regions, &s.grades}) {
    Exact before, after;
    long households_before = 0, covered = 0;
    for (const auto& g : *groups) {
      before = before + g.cost_before;
      after = after + g.cost_after;
      households_before += g.households_before;
      covered += g.covered_after;
    }
    CHECK(before == s.all.cost_before);
    CHECK(after == s.all.cost_after);
    CHECK(households_before == s.households);
    CHECK(covered == s.all.covered_after);
  }
  REQUIRE(s.regions.size() == 2);
  CHECK(s.regions[0].name == "一类地区");
  CHECK(s.has_grades);
  CHECK(s.grades.size() == 3);
  // The histogram's data counts every changed household.
  long changed = 0;
  for (const auto& [value, n] : s.changes) changed += n;
  CHECK(changed == s.gain + s.lose);
  // The largest changes are sorted by size.
  REQUIRE(s.largest.size() == WhatIf::kLargest);
  for (size_t i = 1; i < s.largest.size(); ++i) {
    Exact x = s.largest[i - 1].after - s.largest[i - 1].before, y = s.largest[i].after - s.largest[i].before;
    if (x.sign() < 0) x = -x;
    if (y.sign() < 0) y = -y;
    CHECK(x >= y);
  }
}

TEST_CASE("whatif: a --set to the current value changes nothing for any household") {
  auto set = load_policy(kReference);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = apply_settings(set, base, {parse_setting("dibao_standard[一类地区, urban]=630")});
  std::ostringstream detail, errors;
  auto s = run_whatif(base, alt, {kReferenceCsv}, &detail, errors);
  auto d = read_detail(detail.str());
  REQUIRE(d.rows.size() == 10000);
  for (size_t c = 0; c < d.header.size(); ++c) {
    if (d.header[c].size() < 5 || d.header[c].substr(d.header[c].size() - 5) != "_diff") continue;
    for (const auto& r : d.rows) CHECK(Exact::parse(r[c])->is_zero());
  }
  CHECK(s.difference().is_zero());
  CHECK(s.gain == 0);
  CHECK(s.lose == 0);
  CHECK(s.unchanged == 10000);
  CHECK(s.changes.empty());
  CHECK(s.largest.empty());
}

TEST_CASE("whatif: a reform file that restates nothing changes nothing") {
  Scratch scratch;
  std::string reform = scratch.write("nothing.doudi", "# a reform that changes nothing\n");
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = load_reform(set, base, reform);
  std::ostringstream detail, errors;
  auto s = run_whatif(base, alt, {kJiningCsv}, &detail, errors);
  CHECK(errors.str().empty());
  CHECK(s.households == 6);
  CHECK(s.unchanged == 6);
  CHECK(s.difference().is_zero());
  auto d = read_detail(detail.str());
  for (const auto& r : d.rows) CHECK(r[d.column("total_diff")] == "0.00");
}

TEST_CASE("whatif: the example reform raises 任城区's urban household by 30 a member") {
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = load_reform(set, base, test::source_path("examples/reforms/jining_tier1_660.doudi"));
  std::ostringstream errors;
  auto s = run_whatif(base, alt, {kJiningCsv}, nullptr, errors);
  CHECK(s.difference() == Exact::from_int(90));
  CHECK(s.gain == 1);
  REQUIRE(s.largest.size() == 1);
  CHECK(s.largest[0].id == "renc-urban-3");
  CHECK(s.largest[0].region == "一类地区");
  CHECK(s.largest[0].after == Exact::from_int(1080));
}

TEST_CASE("whatif: --against another version gives the difference of the two versions") {
  auto set = load_policy(kJining);
  const auto& v2017 = set.in_force(day("2018-01-01"));
  const auto& v2020 = find_version(set, "2020.07");
  CHECK(v2017.version == "2017");
  CHECK_THROWS_AS(find_version(set, "2031"), WhatIfError);
  std::ostringstream detail, errors;
  auto s = run_whatif(v2017, v2020, {kJiningYaml}, &detail, errors);
  CHECK(errors.str().empty());
  REQUIRE(s.households == 6);
  // Each household's total under each version, evaluated on its own.
  std::vector<HouseholdError> read_errors;
  auto h17 = read_household_document(v2017, kJiningYaml, read_errors);
  auto h20 = read_household_document(v2020, kJiningYaml, read_errors);
  REQUIRE(read_errors.empty());
  auto d = read_detail(detail.str());
  Exact before, after;
  for (size_t i = 0; i < h17.size(); ++i) {
    std::string b = test::output(v2017, h17[i], "total"), a = test::output(v2020, h20[i], "total");
    CHECK(d.rows[i][0] == h17[i].id);
    CHECK(d.rows[i][d.column("total_before")] == b);
    CHECK(d.rows[i][d.column("total_after")] == a);
    CHECK(*Exact::parse(d.rows[i][d.column("total_diff")]) == *Exact::parse(a) - *Exact::parse(b));
    before = before + *Exact::parse(b);
    after = after + *Exact::parse(a);
  }
  // By hand: 810 + 520 + 0 + 710.01 + 810 + 570 before, 990 + 780 + 0 + 770.01 + 1200 + 750 after.
  CHECK(before == *Exact::parse("3420.01"));
  CHECK(after == *Exact::parse("4490.01"));
  CHECK(s.all.cost_before == before);
  CHECK(s.all.cost_after == after);
  CHECK(s.difference() == Exact::from_int(1070));
  CHECK(s.gain == 5);
  CHECK(s.unchanged == 1);
  // 2017 has one city-wide group: the baseline's groups are used.
  REQUIRE(s.regions.size() == 1);
  CHECK(s.regions[0].name == "济宁市");
  CHECK(s.largest[0].id == "yanz-tekun-rural-full");  // +390
}

TEST_CASE("whatif: households a version cannot evaluate are reported and counted") {
  auto set = load_policy(kJining);
  const auto& v2017 = find_version(set, "2017");
  const auto& v2020 = find_version(set, "2020.07");
  std::ostringstream errors;
  // zouc-urban-tekun-partial needs 2017's urban tekun standard, written n/a.
  auto s = run_whatif(v2017, v2020, {kJiningCsv}, nullptr, errors);
  CHECK(s.households == 5);
  CHECK(s.rejected == 0);
  CHECK(s.not_applicable == 1);  // counted apart: not in the sums
  CHECK(errors.str().find("output 'tekun' is n/a, so the household is not in the sums") != std::string::npos);
  CHECK(errors.str().find("id zouc-urban-tekun-partial") != std::string::npos);
  CHECK(errors.str().find("version 2017") != std::string::npos);
}

TEST_CASE("whatif: versions that read households alike share a reading") {
  auto set = load_policy(kJining);
  CHECK(same_household_layout(find_version(set, "2017"), find_version(set, "2020.07")));
  auto other = load_policy(test::source_path("policies/reference"));
  CHECK_FALSE(same_household_layout(find_version(set, "2020.07"), other.versions[0]));
}

TEST_CASE("whatif: the benefit is the benefit line — per month first — never every money output") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "household { members : integer\n income : money per month }\n"
      "rule a : money per month = 10 元 * members\nrule b : money per year = 5 元\n"
      "rule per_head : money per month = round(income / members, 0.01, half_up)\n"
      "output a\noutput b\noutput per_head\noutput share decimal = 0.5\n"));
  // Several money outputs and no benefit line: refused, never summed.
  CHECK_THROWS_AS(output_roles(m), WhatIfError);
  auto declared = load_policy_text("t.doudi", test::with_header(
      "household { members : integer\n income : money per month }\n"
      "rule a : money per month = 10 元 * members\nrule b : money per year = 5 元\n"
      "rule per_head : money per month = round(income / members, 0.01, half_up)\n"
      "output b\noutput a\noutput per_head\noutput share decimal = 0.5\nbenefit b, a\n"));
  auto roles = output_roles(declared);
  CHECK(roles.money.size() == 3);
  CHECK(roles.period == model::Type::Period::month);  // per month wins over the first listed
  REQUIRE(roles.primary.size() == 1);
  CHECK(declared.outputs[static_cast<size_t>(roles.primary[0])].name == "a");
  // b (per year) and per_head (not a benefit) are not in the monthly benefit.
  CHECK(roles.benefit({Exact::from_int(5), Exact::from_int(30), Exact::from_int(1), *Exact::parse("0.5")}) ==
        Exact::from_int(30));
  auto h = test::household(declared, {{"members", "3"}, {"income", "0"}});
  CHECK(roles.people(declared, h) == Exact::from_int(3));
  CHECK(region_of(declared, roles, h) == "all");
}

TEST_CASE("arrears: months are YYYY-MM") {
  CHECK(parse_month("2020-07") == 2020 * 12 + 6);
  CHECK(month_text(parse_month("2020-12")) == "2020-12");
  CHECK(month_text(parse_month("2021-01")) == "2021-01");
  for (const char* bad : {"2020-13", "2020-7", "2020/07", "july"}) CHECK_THROWS_AS(parse_month(bad), WhatIfError);
}

TEST_CASE("arrears: Jining's 2020 raise paid late at the 2017 rates") {
  auto set = load_policy(kJining);
  const auto& paid = find_version(set, "2017");
  std::ostringstream errors;
  std::map<std::string, ArrearsHousehold> rows;
  auto totals = run_arrears(set, paid, parse_month("2020-05"), parse_month("2020-09"), {kJiningYaml}, errors,
                            [&](const ArrearsHousehold& h) { rows[h.id] = h; });
  CHECK(errors.str().empty());
  CHECK(totals.households == 6);
  REQUIRE(rows.count("renc-urban-3"));
  const auto& r = rows["renc-urban-3"];
  REQUIRE(r.months.size() == 5);
  // May and June: 2017 was in force, nothing owed; July to September: 990 due, 810 paid.
  const char* due[] = {"810", "810", "990", "990", "990"};
  const char* owed[] = {"0", "0", "180", "180", "180"};
  const char* version[] = {"2017", "2017", "2020.07", "2020.07", "2020.07"};
  for (size_t i = 0; i < 5; ++i) {
    INFO("month " << month_text(r.months[i].month));
    CHECK(r.months[i].due_version->version == version[i]);
    CHECK(r.months[i].due == *Exact::parse(due[i]));
    CHECK(r.months[i].paid == Exact::from_int(810));
    CHECK(r.months[i].owed == *Exact::parse(owed[i]));
  }
  CHECK(r.owed == Exact::from_int(540));
  CHECK(r.due == Exact::from_int(4590));
  // The 金乡县 rural household of 4: (445 - 250) * 4 = 780 due, (380 - 250) * 4 = 520 paid.
  CHECK(rows["jinx-rural-4"].owed == Exact::from_int(3 * 260));
  // Owed over everyone: (180 + 260 + 0 + 60 + 390 + 180) a month for three months.
  CHECK(totals.owed == Exact::from_int(3 * 1070));
  CHECK(totals.overpaid_months == 0);
}

TEST_CASE("arrears: a month paid more than was due owes nothing back") {
  auto set = load_policy(kJining);
  const auto& paid = find_version(set, "2020.07");
  std::ostringstream errors;
  std::map<std::string, ArrearsHousehold> rows;
  auto totals = run_arrears(set, paid, parse_month("2020-06"), parse_month("2020-07"), {kJiningYaml}, errors,
                            [&](const ArrearsHousehold& h) { rows[h.id] = h; });
  const auto& r = rows["renc-urban-3"];
  CHECK(r.months[0].difference == Exact::from_int(-180));
  CHECK(r.months[0].owed.is_zero());
  CHECK(r.months[1].difference.is_zero());
  CHECK(r.owed.is_zero());
  CHECK(r.difference == Exact::from_int(-180));
  CHECK(totals.overpaid_months == 5);  // every household but the one above the line, in June
  CHECK(totals.owed.is_zero());
}

TEST_CASE("arrears: a range before the first version — or backwards — is refused") {
  auto set = load_policy(kJining);
  const auto& paid = find_version(set, "2017");
  std::ostringstream errors;
  auto none = [](const ArrearsHousehold&) {};
  CHECK_THROWS_AS(run_arrears(set, paid, parse_month("2015-11"), parse_month("2016-02"), {kJiningYaml}, errors, none),
                  PolicyError);
  CHECK_THROWS_AS(run_arrears(set, paid, parse_month("2020-08"), parse_month("2020-07"), {kJiningYaml}, errors, none),
                  WhatIfError);
}

TEST_CASE("whatif: text tables align Chinese text by display width") {
  std::string t = text_table({{"地区", "n"}, {"一类地区", "12"}, {"x", "3"}}, {false, true});
  CHECK(t == "地区       n\n--------  --\n一类地区  12\nx          3\n");
  CHECK(signed_amount_text(Exact::from_int(90), 2) == "+90.00");
  CHECK(signed_amount_text(Exact::from_int(-30), 2) == "-30.00");
  CHECK(signed_amount_text(Exact(), 2) == "0.00");
  CHECK(amount_text(Exact::fraction(1, 3), 2) == "1/3");
}

TEST_CASE("whatif: a column only the reform declares is read by the reform — passed over by the baseline") {
  Scratch scratch;
  std::string reform = scratch.write("bonus.doudi",
                                     "household {\n  bonus : money per month \"一次性加发\" = 0\n}\n"
                                     "rule total \"救助金合计\" = dibao + tekun_support + bonus\n");
  std::string csv = scratch.write("h.csv",
                                  "id,district,hukou,members,monthly_income,tekun,care,bonus\n"
                                  "a,任城区,urban,3,900.00,0,none,50\n"
                                  "b,金乡县,rural,4,1000.00,0,none,\n");
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = load_reform(set, base, reform);
  CHECK_FALSE(same_household_layout(base, alt));
  std::ostringstream detail, errors;
  auto s = run_whatif(base, alt, {csv}, &detail, errors);
  CHECK(errors.str().empty());
  CHECK(s.households == 2);
  CHECK(s.rejected == 0);
  // a gains its bonus; b leaves it empty, so the default 0 applies.
  CHECK(s.difference() == Exact::from_int(50));
  auto d = read_detail(detail.str());
  CHECK(d.rows[0][d.column("total_diff")] == "50.00");
  CHECK(d.rows[1][d.column("total_diff")] == "0.00");
  // A column neither version declares is still an error, naming it.
  std::string bad = scratch.write("bad.csv",
                                  "id,district,hukou,members,monthly_income,tekun,care,bonuss\n"
                                  "a,任城区,urban,3,900.00,0,none,50\n");
  std::ostringstream errors2;
  auto s2 = run_whatif(base, alt, {bad}, nullptr, errors2);
  CHECK(s2.households == 0);
  CHECK(s2.rejected == 1);
  CHECK(errors2.str().find("'bonuss'") != std::string::npos);
}

TEST_CASE("whatif: many rows with bad ones among them: every row counted — messages in file order") {
  // More rows than one block of the reader, so several stretches are in
  // flight at once; the bad rows must still be reported in file order.
  Scratch scratch;
  std::string text = "id,district,hukou,members,monthly_income,tekun,care\n";
  const int rows = 20000;
  std::vector<int> bad_rows;
  for (int i = 1; i <= rows; ++i) {
    bool bad = i % 997 == 0;
    if (bad) bad_rows.push_back(i);
    text += fmt::format("h{},{},urban,{},{}.00,0,none\n", i, bad ? "火星区" : "任城区", 1 + i % 5, i % 2000);
  }
  std::string csv = scratch.write("many.csv", text);
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = apply_settings(set, base, {parse_setting("dibao_standard[一类地区,urban]=660")});
  std::ostringstream detail, errors;
  auto s = run_whatif(base, alt, {csv}, &detail, errors);
  CHECK(s.households + s.rejected == rows);
  CHECK(s.rejected == static_cast<long>(bad_rows.size()));
  auto d = read_detail(detail.str());
  CHECK(d.rows.size() == static_cast<size_t>(s.households));
  // Detail rows in file order, skipping exactly the bad ones.
  size_t k = 0;
  for (int i = 1; i <= rows && k < d.rows.size(); ++i) {
    if (std::find(bad_rows.begin(), bad_rows.end(), i) != bad_rows.end()) continue;
    REQUIRE(d.rows[k][0] == fmt::format("h{}", i));
    ++k;
  }
  CHECK(k == d.rows.size());
  // Messages in file order, one per bad row, each naming its id.
  std::istringstream lines(errors.str());
  std::string line;
  size_t m = 0;
  while (std::getline(lines, line)) {
    REQUIRE(m < bad_rows.size());
    CHECK(line.find(fmt::format("(id h{})", bad_rows[m])) != std::string::npos);
    ++m;
  }
  CHECK(m == bad_rows.size());
  // The summary's totals are the sums of the detail rows.
  Exact before, after;
  for (const auto& r : d.rows) {
    before = before + *Exact::parse(r[d.column("total_before")]);
    after = after + *Exact::parse(r[d.column("total_after")]);
  }
  CHECK(s.all.cost_before == before);
  CHECK(s.all.cost_after == after);
}

TEST_CASE("arrears: a version whose rules read evaluation_date is evaluated on each month's first day") {
  auto set = load_policy(test::source_path("policies/jining/programmes"));
  const auto& paid = set.in_force(*parse_date("2020-08-01"));
  auto path = (std::filesystem::temp_directory_path() / ("doudi_arrears_dated_" + std::to_string(getpid()) + ".yaml")).string();
  std::ofstream(path) << "- {id: exit, district: 汶上县, hukou: rural, monthly_income: 1200.00, registered_poor: true,\n"
                         "   dibao_before: 300.00, income_rose_on: 2020-03-15, people: [{birth_date: 1980-02-02}, {birth_date: 1982-02-02}]}\n";
  std::ostringstream errors;
  std::map<std::string, ArrearsHousehold> rows;
  auto totals = run_arrears(set, paid, parse_month("2020-08"), parse_month("2020-10"), {path}, errors,
                            [&](const ArrearsHousehold& h) { rows[h.id] = h; });
  std::filesystem::remove(path);
  CHECK(errors.str().empty());
  CHECK(totals.households == 1);
  const auto& r = rows["exit"];
  REQUIRE(r.months.size() == 3);
  // gradual exit month 5 on 2020-08-01, month 6 on 2020-09-01, over on 2020-10-01
  CHECK(r.months[0].due == Exact::from_int(300));
  CHECK(r.months[1].due == Exact::from_int(300));
  CHECK(r.months[2].due.is_zero());
  CHECK(r.months[2].paid.is_zero());  // paid under the same version, on the same day
  CHECK(r.owed.is_zero());
}

TEST_CASE("whatif: the fixed-point summing path gives the same summary as the exact one") {
  // Without --detail, households the programs compute are summed from their
  // fixed-point outputs (WhatIf::add_fixed); with it, from Exact values
  // (WhatIf::add). Both must give the same summary, to the last fen.
  auto set = load_policy(kReference);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = apply_settings(set, base, {parse_setting("dibao_standard[一类地区,urban]=660"),
                                        parse_setting("grade_addon[moderate]=40")});
  std::ostringstream detail, errors1, errors2;
  auto exact = run_whatif(base, alt, {kReferenceCsv}, &detail, errors1);
  auto fixed = run_whatif(base, alt, {kReferenceCsv}, nullptr, errors2);
  CHECK(errors1.str() == errors2.str());
  CHECK(fixed.households == 10000);
  CHECK(fixed.households == exact.households);
  CHECK(fixed.gain == exact.gain);
  CHECK(fixed.lose == exact.lose);
  CHECK(fixed.unchanged == exact.unchanged);
  CHECK(fixed.newly_covered == exact.newly_covered);
  CHECK(fixed.people_newly_covered == exact.people_newly_covered);
  auto same_group = [](const GroupTotals& x, const GroupTotals& y) {
    CHECK(x.name == y.name);
    CHECK(x.households_before == y.households_before);
    CHECK(x.households_after == y.households_after);
    CHECK(x.covered_before == y.covered_before);
    CHECK(x.covered_after == y.covered_after);
    CHECK(x.people_before == y.people_before);
    CHECK(x.people_after == y.people_after);
    CHECK(x.cost_before == y.cost_before);
    CHECK(x.cost_after == y.cost_after);
  };
  same_group(fixed.all, exact.all);
  REQUIRE(fixed.regions.size() == exact.regions.size());
  for (size_t i = 0; i < fixed.regions.size(); ++i) same_group(fixed.regions[i], exact.regions[i]);
  REQUIRE(fixed.grades.size() == exact.grades.size());
  for (size_t i = 0; i < fixed.grades.size(); ++i) same_group(fixed.grades[i], exact.grades[i]);
  REQUIRE(fixed.outputs.size() == exact.outputs.size());
  for (size_t i = 0; i < fixed.outputs.size(); ++i) {
    CHECK(fixed.outputs[i].before == exact.outputs[i].before);
    CHECK(fixed.outputs[i].after == exact.outputs[i].after);
  }
  CHECK(fixed.changes == exact.changes);
  REQUIRE(fixed.largest.size() == exact.largest.size());
  for (size_t i = 0; i < fixed.largest.size(); ++i) {
    CHECK(fixed.largest[i].id == exact.largest[i].id);
    CHECK(fixed.largest[i].after == exact.largest[i].after);
  }
  // And the totals are the detail rows' sums (so neither path is only self-consistent).
  auto d = read_detail(detail.str());
  CHECK(fixed.all.cost_before == d.sum("total_before"));
  CHECK(fixed.all.cost_after == d.sum("total_after"));
}

namespace {
const GroupTotals& group_named(const std::vector<GroupTotals>& groups, const std::string& name) {
  for (const auto& g : groups)
    if (g.name == name) return g;
  FAIL("no group " << name);
  return groups.front();
}
Exact money(const char* text) { return *Exact::parse(text); }
}  // namespace

// tests/data/whatif_briefing.csv under the 660 reform, worked out by hand
// (see tests/whatif_briefing_test.sh): 任城区 990 -> 1080 + 30 (newly covered).
TEST_CASE("whatif: cost by district and hukou — newly covered apart — outputs with their parts") {
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = load_reform(set, base, test::source_path("examples/reforms/jining_tier1_660.doudi"));
  std::ostringstream errors;
  for (bool detail : {false, true}) {  // the fixed-point path and the detail path agree
    std::ostringstream rows;
    auto s = run_whatif(base, alt, {test::source_path("tests/data/whatif_briefing.csv")}, detail ? &rows : nullptr,
                        errors);
    CHECK(s.all.cost_before == money("5590.01"));
    CHECK(s.all.cost_after == money("5740.01"));
    CHECK(s.all.newly_covered == 1);
    CHECK(s.all.cost_new == money("30"));
    REQUIRE(s.districts.size() == base.districts.size());
    const auto& renc = group_named(s.districts, "任城区");
    CHECK(renc.label == "一类地区");
    CHECK(renc.households_before == 2);
    CHECK(renc.cost_before == money("990"));
    CHECK(renc.cost_after == money("1110"));
    CHECK(renc.cost_new == money("30"));
    CHECK(renc.newly_covered == 1);
    CHECK(group_named(s.districts, "嘉祥县").households_before == 0);
    CHECK(s.hukou_label == "户籍");
    REQUIRE(s.hukou.size() == 2);
    CHECK(group_named(s.hukou, "urban").cost_after == money("3760.01"));
    CHECK(group_named(s.hukou, "rural").cost_before == money("1980"));
    CHECK(group_named(s.regions, "一类地区").cost_after - group_named(s.regions, "一类地区").cost_new == money("3410"));
    // By output: the benefit 'total', then its parts; no income or standard.
    REQUIRE(s.outputs.size() == 3);
    CHECK(s.outputs[0].name == "total");
    CHECK(s.outputs[0].part_of.empty());
    CHECK(s.outputs[1].name == "dibao");
    CHECK(s.outputs[1].part_of == "total");
    CHECK(s.outputs[1].after == money("3770.01"));
    CHECK(s.outputs[2].name == "tekun");
    CHECK(s.outputs[2].before == money("1970"));
  }
}

TEST_CASE("whatif: amounts in wan are exact — yuan / 10000 with four more digits") {
  WhatIfSummary s;
  CHECK(s.money(money("5590.01"), 2) == "5590.01");
  CHECK(std::string(s.money_unit()) == "元");
  s.wan = true;
  CHECK(s.money(money("5590.01"), 2) == "0.559001");
  CHECK(s.signed_money(money("150"), 2) == "+0.015000");
  CHECK(s.signed_money(money("-0.01"), 2) == "-0.000001");
  CHECK(std::string(s.money_unit()) == "万元");
}
