// Tests for interpreter/studies/bound_checks.cpp: which of the province's
// rules a city version is checked against (by their periods), and the
// contradiction Shandong's tekun rule finds in Jining's 2017 figures.
#include "interpreter/studies/bound_checks.h"
#include "interpreter/evaluation/evaluator.h"
#include "test_util.h"

using namespace doudi;

namespace {
const ProvinceRule* rule_labelled(const std::vector<ProvinceRule>& rules, const std::string& label) {
  for (const auto& r : rules)
    if (r.rule->label == label) return &r;
  return nullptr;
}
}  // namespace

TEST_CASE("bound checks: Jining 2017 rural tekun 470 is below 1.3 times its dibao 380") {
  auto jining = load_policy(test::source_path("policies/jining"));
  auto shandong = load_policy(test::source_path("policies/shandong"));
  size_t v2017 = 0;
  while (v2017 < jining.versions.size() && jining.versions[v2017].version != "2017") ++v2017;
  REQUIRE(v2017 < jining.versions.size());
  auto rules = province_rules(jining, v2017, shandong);
  const ProvinceRule* tekun = rule_labelled(rules, "特困人员基本生活标准不低于当地低保标准的1.3倍");
  REQUIRE(tekun);
  CHECK(tekun->in_force.find("bound by shandong: policy shandong.") == 0);
  CHECK(tekun->in_force.find("rule in force from 2018-01-01") != std::string::npos);
  REQUIRE(tekun->bound.model);
  const auto& m = *tekun->bound.model;
  REQUIRE(m.invariants.size() == 1);
  Evaluator evaluator(m);
  auto rural = evaluator.check_invariant(m.invariants[0], {1});
  CHECK_FALSE(rural.holds);
  CHECK(*rural.left == Exact::from_int(470));
  CHECK(*rural.right == *Exact::parse("494"));
  // Jining's dibao policy has no medical assistance: that rule is not applicable.
  const ProvinceRule* medical = rule_labelled(rules, "最高救助限额达到1万元以上");
  REQUIRE(medical);
  CHECK_FALSE(medical->bound.model);
  CHECK(medical->bound.not_applicable);
}

TEST_CASE("bound checks: a version that ended before the province's rules has none") {
  auto jining = load_policy(test::source_path("policies/jining"));
  auto shandong = load_policy(test::source_path("policies/shandong"));
  REQUIRE(jining.versions.front().version == "2016");
  REQUIRE(shandong.versions.front().effective > jining.versions[1].effective);
  // 2016 is in force until 2017 took effect, before Shandong's 2018 rules.
  CHECK(province_rules(jining, 0, shandong).empty());
  CHECK_FALSE(province_rules(jining, 1, shandong).empty());
}
