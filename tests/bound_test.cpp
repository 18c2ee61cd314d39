// Tests for dsl/bound.cpp: a province's `require local` rule checked in a city
// version, the city's names and the province's, a rule about something the
// city does not have, and Shandong's rules on the shipped policies.
#include "test_util.h"

#include "dsl/bound.h"
#include "base/date.h"
#include "dsl/parser.h"

#include <filesystem>
#include <fstream>

using namespace doudi;

namespace {
syntax::PolicyFile parse(const std::string& name, const std::string& text) {
  auto file = std::make_shared<SourceFile>();
  file->path = name;
  file->text = text;
  return parse_policy(file);
}

const std::string kCity =
    "policy city\nversion 1\neffective 2017-01-01\n"
    "enum hukou = {urban, rural}\n"
    "table dibao_standard : money per month by hukou\n  urban 570  rural 380\n"
    "table tekun_basic : money per month by hukou\n  urban n/a  rural 470\n"
    "table share : decimal by hukou\n  urban 0.5  rural 0.5\n"
    "rule a = 1\noutput a\n";
const std::string kProvince =
    "policy province\nversion 2018\neffective 2018-01-01\n"
    "enum hukou = {urban, rural}\n"
    "table share : decimal by hukou\n  urban 1.3  rural 1.3\n"
    "rule b = 1\noutput b\n"
    "require local \"tekun at least share x dibao\" tekun_basic >= share * dibao_standard\n"
    "require local \"medical share\" medical_share >= 0.70\n";

// (holds, fails, n/a) over the combinations of the bound model's one require.
std::tuple<int, int, int> outcomes(const model::Model& m) {
  REQUIRE(m.invariants.size() == 1);
  const auto& inv = m.invariants[0];
  int hold = 0, fail = 0, na = 0;
  Evaluator ev(m);
  for (int64_t v = 0; v < (inv.ranges.empty() ? 1 : inv.ranges[0].size); ++v) {
    std::vector<int64_t> values;
    if (!inv.ranges.empty()) values.push_back(v);
    try {
      (ev.check_invariant(inv, values).holds ? hold : fail)++;
    } catch (const EvaluationError& e) {
      CHECK(e.not_applicable);
      ++na;
    }
  }
  return {hold, fail, na};
}
}  // namespace

TEST_CASE("bound: a local rule reads the city's tables and the province's own") {
  auto city = parse("city.doudi", kCity);
  auto province = parse("province.doudi", kProvince);
  REQUIRE(province.invariants.size() == 2);
  CHECK(province.invariants[0].local);
  BoundPeriod period;
  period.from = parse_date("2018-01-01");
  auto b = bind_require(city, nullptr, province, province.invariants[0], period);
  REQUIRE(b.model);
  // The province's share (1.3) replaces the city's own (0.5): 470 < 1.3 x 380.
  auto [hold, fail, na] = outcomes(*b.model);
  CHECK(hold == 0);
  CHECK(fail == 1);
  CHECK(na == 1);  // urban tekun is n/a
  CHECK(b.model->invariants[0].from == parse_date("2018-01-01"));
  CHECK(b.model->invariants[0].position.file->path == "province.doudi");
  CHECK(b.model->policy == "city");
}

TEST_CASE("bound: a rule about a table the city does not have does not apply") {
  auto city = parse("city.doudi", kCity);
  auto province = parse("province.doudi", kProvince);
  auto b = bind_require(city, nullptr, province, province.invariants[1], {});
  CHECK(!b.model);
  CHECK(b.not_applicable);
  CHECK(b.why == "the policy has no 'medical_share'");
}

TEST_CASE("bound: a province's local rules are not checked in the province itself") {
  auto m = load_policy_text("province.doudi", kProvince);
  CHECK(m.invariants.empty());
}

TEST_CASE("bound: the shipped Shandong cities find policies/shandong") {
  for (const char* path : {"policies/jining", "policies/wenshang", "policies/jinan",
                           "policies/jining/programmes", "policies/jining/jinxiang"}) {
    INFO(path);
    auto set = load_policy(test::source_path(path));
    for (const auto& v : set.versions) {
      CHECK(v.bound_by == "shandong");
      CHECK(std::filesystem::path(v.bound_by_path).filename() == "shandong");
    }
  }
}

TEST_CASE("bound: a province folder that does not exist is an error at its line") {
  auto errors = std::vector<Diagnostic>{};
  try {
    load_policy_text("t.doudi", "policy p\nversion 1\neffective 2020-01-01\nbound by atlantis\nrule a = 1\noutput a\n");
  } catch (const PolicyError& e) {
    errors = e.diagnostics;
  }
  // load_policy_text does not resolve folders; load_policy does (below).
  CHECK(errors.empty());
  auto dir = std::filesystem::temp_directory_path() / "doudi_bound_test";
  std::filesystem::create_directories(dir);
  {
    std::ofstream f(dir / "1.doudi");
    f << "policy p\nversion 1\neffective 2020-01-01\nbound by atlantis\nrule a = 1\noutput a\n";
  }
  try {
    load_policy(dir.string());
    FAIL("expected an error");
  } catch (const PolicyError& e) {
    REQUIRE(!e.diagnostics.empty());
    CHECK(e.diagnostics[0].message.find("bound by atlantis: no folder 'atlantis'") == 0);
    CHECK(e.diagnostics[0].position.line == 4);
  }
  std::filesystem::remove_all(dir);
}
