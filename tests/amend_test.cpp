// Tests for dsl/amend.cpp through the loader: a version that amends another
// inherits everything and restates only what changed (a table, a cell, a
// rule); series data beside the policy; previous(TABLE); the uplift rule.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <fmt/format.h>

#include "base/date.h"
#include "test_util.h"

using namespace doudi;
using test::household;
using test::output;

using test::policy_dir;

namespace {

const char* kBase = R"(policy city.assistance
version 2019
effective 2019-01-01
enum hukou = {urban, rural}
region A = {甲区}
region B = {乙县}
household { district : district
  hukou : hukou
  members : integer }
table dibao_standard : money by region, hukou
     urban rural
  A  600   450
  B  560   420
rule dibao = dibao_standard * members
output dibao
)";

std::string dibao(const model::Model& m, const char* district, const char* hukou) {
  return output(m, household(m, {{"district", district}, {"hukou", hukou}, {"members", "1"}}), "dibao");
}
}  // namespace

TEST_CASE("amend: a version restating one cell inherits everything else") {
  auto dir = policy_dir("set", {{"2019.doudi", kBase},
                                {"2020.doudi", "policy city.assistance\nversion 2020\neffective 2020-07-01\n"
                                               "amends 2019\nset dibao_standard[A, urban] = 630\n"}});
  auto set = load_policy(dir);
  REQUIRE(set.versions.size() == 2);
  const auto& v2020 = set.in_force(*parse_date("2020-07-01"));
  CHECK(v2020.version == "2020");
  CHECK(v2020.amends == "2019");
  CHECK(dibao(v2020, "甲区", "urban") == "630.00");  // the restated cell
  CHECK(dibao(v2020, "甲区", "rural") == "450.00");  // inherited
  CHECK(dibao(v2020, "乙县", "urban") == "560.00");
  const auto& v2019 = set.in_force(*parse_date("2020-06-30"));  // the day before
  CHECK(dibao(v2019, "甲区", "urban") == "600.00");
}

TEST_CASE("amend: a restated rule and table replace the old ones — new rules are added") {
  auto dir = policy_dir("rule", {{"2019.doudi", kBase},
                                 {"2020.doudi", "policy city.assistance\nversion 2020\neffective 2020-01-01\n"
                                                "amends 2019\n"
                                                "table dibao_standard : money by region, hukou\n"
                                                "     urban rural\n  A  700   500\n  B  650   480\n"
                                                "rule dibao = dibao_standard * members + bonus\n"
                                                "rule bonus = 10 元\noutput bonus\n"}});
  auto set = load_policy(dir);
  const auto& m = set.versions.back();
  CHECK(dibao(m, "乙县", "rural") == "490.00");
  CHECK(m.outputs.size() == 2);
}

TEST_CASE("amend: new region groups replace the old partition") {
  auto dir = policy_dir("regions", {{"2019.doudi", kBase},
                                    {"2020.doudi", "policy city.assistance\nversion 2020\neffective 2020-01-01\n"
                                                   "amends 2019\nregion 全市 = {甲区, 乙县}\n"
                                                   "table dibao_standard : money by hukou\n  urban 700  rural 500\n"}});
  auto m = load_policy(dir).versions.back();
  CHECK(m.regions.size() == 1);
  CHECK(dibao(m, "乙县", "urban") == "700.00");
}

TEST_CASE("amend: errors — an unknown base — a circle — a cell that does not exist") {
  auto missing = policy_dir("missing", {{"2020.doudi", "policy p\nversion 2020\neffective 2020-01-01\namends 2018\nrule a = 1\noutput a\n"}});
  CHECK_THROWS_WITH_AS(load_policy(missing), doctest::Contains("amends version 2018, which is not in"), PolicyError);
  auto circle = policy_dir("circle", {{"a.doudi", "policy p\nversion 1\neffective 2020-01-01\namends 2\n"},
                                      {"b.doudi", "policy p\nversion 2\neffective 2021-01-01\namends 1\n"}});
  CHECK_THROWS_WITH_AS(load_policy(circle), doctest::Contains("amend each other in a circle"), PolicyError);
  auto bad_cell = policy_dir("badcell", {{"2019.doudi", kBase},
                                         {"2020.doudi", "policy city.assistance\nversion 2020\neffective 2020-01-01\n"
                                                        "amends 2019\nset dibao_standard[C, urban] = 1\n"}});
  try {
    load_policy(bad_cell);
    FAIL("expected an error");
  } catch (const PolicyError& e) {
    REQUIRE(e.diagnostics.size() == 1);
    CHECK(e.diagnostics[0].message.find("'C' is not a value of key 'region'") != std::string::npos);
    CHECK(e.diagnostics[0].position.line == 5);
    CHECK(e.diagnostics[0].position.column == 20);
  }
}

TEST_CASE("amend: the uplift rule — from a series and the previous version's standard") {
  // "the new standard is at least 25% (urban) / 30% (rural) of the prior year's
  // per-capita consumption spending, rounded up to the yuan, and never below
  // the old standard"
  const char* stats = "consumption:\n  source: \"test figures\"\n  values:\n"
                      "    2019: {urban: 30000, rural: 14000}\n    2020: {urban: 31000.50, rural: n/a}\n";
  const char* uplift = R"(policy city.assistance
version 2020
effective 2020-01-01
amends 2019
series consumption "上年度居民人均消费支出" : money per person per year by hukou from "statistics.yaml"
table uplift_share : decimal by hukou
  urban 0.25   rural 0.30
rule new_standard = max(previous(dibao_standard), round(uplift_share * consumption[effective_year - 1] / 12, 1, up))
rule dibao = new_standard * members
)";
  auto dir = policy_dir("uplift", {{"2019.doudi", kBase}, {"2020.doudi", uplift}, {"statistics.yaml", stats}});
  auto set = load_policy(dir);
  const auto& m = set.versions.back();
  // urban: 0.25 x 30000 / 12 = 625 → above A's 600 and B's 560
  CHECK(dibao(m, "甲区", "urban") == "625.00");
  CHECK(dibao(m, "乙县", "urban") == "625.00");
  // rural: 0.30 x 14000 / 12 = 350 → below the old 450 / 420, which stay
  CHECK(dibao(m, "甲区", "rural") == "450.00");
  CHECK(dibao(m, "乙县", "rural") == "420.00");
  CHECK(m.series.at(0).years.at(2020)[0] == *Exact::parse("31000.50"));
  CHECK_FALSE(m.series.at(0).years.at(2020)[1].has_value());  // n/a
}

TEST_CASE("amend: a series without the year a rule needs is an error naming series and year") {
  const char* stats = "consumption:\n  values:\n    2018: {urban: 30000, rural: 14000}\n";
  const char* v = R"(policy city.assistance
version 2020
effective 2020-01-01
amends 2019
series consumption : money by hukou from "statistics.yaml"
rule dibao = round(consumption[effective_year - 1] / 12, 1, up) * members
)";
  auto dir = policy_dir("noyear", {{"2019.doudi", kBase}, {"2020.doudi", v}, {"statistics.yaml", stats}});
  auto set = load_policy(dir);
  const auto& m = set.versions.back();
  Evaluator ev(m);
  CHECK_THROWS_WITH_AS(ev.evaluate(household(m, {{"district", "甲区"}, {"hukou", "urban"}, {"members", "1"}})),
                       doctest::Contains("series 'consumption' has no value for 2019"), EvaluationError);
}

TEST_CASE("amend: a series data file must lie beside the policy and be complete") {
  const char* outside = "policy p\nversion 1\neffective 2020-01-01\nenum hukou = {urban, rural}\n"
                        "series s : money by hukou from \"../secret.yaml\"\nrule a = 1\noutput a\n";
  auto dir = policy_dir("outside", {{"p.doudi", outside}});
  CHECK_THROWS_WITH_AS(load_policy(dir), doctest::Contains("must lie beside the policy"), PolicyError);
  const char* partial = "policy p\nversion 1\neffective 2020-01-01\nenum hukou = {urban, rural}\n"
                        "series s : money by hukou from \"s.yaml\"\nrule a = 1\noutput a\n";
  auto dir2 = policy_dir("partial", {{"p.doudi", partial}, {"s.yaml", "s:\n  values:\n    2019: {urban: 1}\n"}});
  CHECK_THROWS_WITH_AS(load_policy(dir2), doctest::Contains("no value for hukou = rural"), PolicyError);
}

TEST_CASE("amend: previous() in the first version is an error") {
  auto dir = policy_dir("noprev", {{"2019.doudi", std::string(kBase) + "rule old = previous(dibao_standard)\n"}});
  CHECK_THROWS_WITH_AS(load_policy(dir), doctest::Contains("needs an earlier version"), PolicyError);
}

TEST_CASE("amend: set … = n/a withdraws a figure") {
  auto dir = policy_dir("setna", {{"2019.doudi", kBase},
                                  {"2020.doudi", "policy city.assistance\nversion 2020\neffective 2020-01-01\n"
                                                 "amends 2019\nset dibao_standard[B, rural] = n/a\n"}});
  auto m = load_policy(dir).versions.back();
  const auto& t = m.tables[static_cast<size_t>(m.find_table("dibao_standard"))];
  CHECK_FALSE(t.cells[3].has_value());
  CHECK(t.cells[2].has_value());
}

TEST_CASE("amend: a version that ends leaves no version in force after it") {
  auto dir = policy_dir("ends", {{"2019.doudi", std::string(kBase) + "ends 2019-12-31\n"}});
  auto set = load_policy(dir);
  CHECK(set.in_force(*parse_date("2019-12-31")).version == "2019");
  CHECK_THROWS_WITH_AS(set.in_force(*parse_date("2020-01-01")), doctest::Contains("ended on 2019-12-31"), PolicyError);
}

TEST_CASE("amend: a require comparing with previous() ranges over districts — regions following") {
  auto dir = policy_dir("prevreq", {{"2019.doudi", kBase},
                                    {"2020.doudi", "policy city.assistance\nversion 2020\neffective 2020-01-01\n"
                                                   "amends 2019\nset dibao_standard[B, urban] = 550\n"
                                                   "require dibao_standard >= previous(dibao_standard)\n"}});
  auto m = load_policy(dir).versions.back();
  const auto& inv = m.invariants.at(0);
  REQUIRE(inv.ranges.size() == 2);  // district and hukou: no independent region
  CHECK(inv.ranges[0].name == "hukou");
  CHECK(inv.ranges[1].name == "district");
  Evaluator ev(m);
  int failing = 0;
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t d = 0; d < 2; ++d) failing += ev.check_invariant(inv, {h, d}).holds ? 0 : 1;
  CHECK(failing == 1);  // only 乙县 urban fell, 560 -> 550
}

TEST_CASE("amend: built-in names cannot be declared") {
  test::expect_error(test::with_header("rule effective_year = 1\noutput effective_year\n"),
                     "'effective_year' is a built-in name", 4, 6);
}

TEST_CASE("amend: a description says what its own file is for — an amendment does not inherit it") {
  std::string base = kBase;
  base.insert(base.find("enum hukou"), "description \"the 2019 standards\"\n");
  auto set = load_policy(policy_dir("description", {
      {"2019.doudi", base},
      {"2020.doudi", "version 2020\neffective 2020-01-01\namends 2019\nset dibao_standard[A, urban] = 630\n"},
      {"2021.doudi", "version 2021\neffective 2021-01-01\namends 2020\ndescription \"raise B\"\n"
                     "set dibao_standard[B, urban] = 590\n"}}));
  REQUIRE(set.versions.size() == 3);
  CHECK(set.versions[0].description == "the 2019 standards");
  CHECK(set.versions[1].description.empty());
  CHECK(set.versions[2].description == "raise B");
}

TEST_CASE("amend: a cell set again replaces its earlier set - a chain carries one set per cell") {
  std::map<std::string, std::string> files{{"2019.doudi", kBase}};
  for (int year = 2020; year <= 2029; ++year)
    files[std::to_string(year) + ".doudi"] =
        fmt::format("policy city.assistance\nversion {}\neffective {}-01-01\namends {}\n"
                    "set dibao_standard[A, urban] = {}\n{}",
                    year, year, year - 1, 600 + year - 2019,
                    year == 2025 ? "set dibao_standard[B, rural] = 425\n" : "");
  auto set = load_policy(policy_dir("chain", files));
  REQUIRE(set.versions.size() == 11);
  CHECK(set.merged.back()->sets.size() == 2);  // [A, urban] once, [B, rural] once
  CHECK(dibao(set.versions.back(), "甲区", "urban") == "610.00");
  CHECK(dibao(set.versions.back(), "乙县", "rural") == "425.00");
  CHECK(dibao(set.versions[3], "甲区", "urban") == "603.00");
  CHECK(dibao(set.versions[3], "乙县", "rural") == "420.00");
}
