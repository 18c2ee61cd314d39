// Tests for interpreter/studies/scenario.cpp: the scenario in words — a cell
// set by --set or a reform, a constant rule, another version (cells matched
// across region groups), and nothing for an alternative that changes nothing.
#include "interpreter/studies/scenario.h"

#include "test_util.h"
#include "base/date.h"
#include "dsl/reform.h"
#include "interpreter/studies/whatif.h"

using namespace doudi;

namespace {
const std::string kJining = test::source_path("policies/jining");
int day(const char* text) { return *parse_date(text); }
}  // namespace

TEST_CASE("scenario: a reform's cell — old and new — with its table's label and source") {
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = load_reform(set, base, test::source_path("examples/reforms/jining_tier1_660.doudi"));
  auto changes = scenario_changes(base, alt);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].what == "低保标准 dibao_standard[一类地区, urban]");
  CHECK(changes[0].before == "630");
  CHECK(changes[0].after == "660");
  CHECK(changes[0].source.find("任城区…太白湖新区城市低保标准提高到每人每月630元") != std::string::npos);
  CHECK(alt.description == "一类地区城市低保标准由630元提高到660元，其余标准不变");
  CHECK(base.description.empty());
}

TEST_CASE("scenario: several --set cells in the table's order — nothing when nothing changes") {
  auto set = load_policy(kJining);
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = apply_settings(set, base,
                            {parse_setting("tekun_basic[二类地区, rural]=600"), parse_setting("dibao_standard[二类地区, rural]=450")});
  auto changes = scenario_changes(base, alt);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].what == "低保标准 dibao_standard[二类地区, rural]");
  CHECK(changes[0].before == "445");
  CHECK(changes[0].after == "450");
  CHECK(changes[1].what == "特困人员基本生活标准 tekun_basic[二类地区, rural]");
  CHECK(changes[1].after == "600");
  auto same = apply_settings(set, base, {parse_setting("dibao_standard[二类地区, rural]=445")});
  CHECK(scenario_changes(base, same).empty());
}

TEST_CASE("scenario: a constant rule by its value — a rule restated by its text") {
  auto set = load_policy(test::source_path("policies/jining/programmes"));
  const auto& base = set.in_force(day("2020-08-01"));
  auto alt = apply_settings(set, base, {parse_setting("medical_cap=12000")});
  auto changes = scenario_changes(base, alt);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].what == "年度最高救助限额 rule medical_cap");
  CHECK(changes[0].before == "10000");
  CHECK(changes[0].after == "12000");
}

TEST_CASE("scenario: another version — cells matched across the region groups") {
  auto set = load_policy(kJining);
  const auto& v2017 = set.in_force(day("2018-01-01"));
  const auto& v2020 = find_version(set, "2020.07");
  auto changes = scenario_changes(v2017, v2020);
  bool found = false;
  for (const auto& c : changes)
    if (c.what == "低保标准 dibao_standard[一类地区, urban]") {
      found = true;
      CHECK(c.before == "570");  // 2017's city-wide urban standard, for 任城区
      CHECK(c.after == "630");
    }
  CHECK(found);
}

TEST_CASE("scenario: back to a version with fewer keys — the tiers' cells it stands for") {
  auto set = load_policy(kJining);
  const auto& v2017 = find_version(set, "2017");
  const auto& v2020 = find_version(set, "2020.07");
  auto changes = scenario_changes(v2020, v2017);
  bool found = false;
  for (const auto& c : changes)
    if (c.what == "低保标准 dibao_standard[urban]") {
      found = true;
      CHECK(c.before == "630 [一类地区, urban], 590 [二类地区, urban]");
      CHECK(c.after == "570");
    }
  CHECK(found);
}
