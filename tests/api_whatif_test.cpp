// Named versions, `set` figures, reforms and what-if summaries through the
// API (api/api.cpp's version / with_settings / with_reform, api/whatif.cpp).
#include <doctest/doctest.h>

#include "doudi/policy.h"
#include "test_util.h"

using namespace doudi::api;
using doudi::test::source_path;

namespace {

Household household(const std::string& id, const std::string& district, const std::string& hukou,
                    const std::string& members, const std::string& income) {
  return Household{id, {{"district", district}, {"hukou", hukou}, {"members", members}, {"monthly_income", income}}, {}};
}

}  // namespace

TEST_CASE("api versions: a named version is used whatever the date") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto v2017 = p->version("2017");
  REQUIRE(v2017.ok());
  // 2017's urban standard 570, one group for the city: (570 - 300) × 3.
  auto r = v2017->evaluate(household("h", "任城区", "urban", "3", "900.00"), "2020-08-01");
  REQUIRE(r.ok());
  CHECK(r->version == "2017");
  CHECK(r->find("dibao")->text == "810.00");
  CHECK(r->fingerprint == p->fingerprint());
  auto none = p->version("1999");
  CHECK(none.status().code() == StatusCode::invalid_argument);
  CHECK(none.status().message().find("2020.07") != std::string::npos);  // lists the versions
}

TEST_CASE("api versions: set figures change the version in force - and its fingerprint") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto changed = p->with_settings("2020-08-01", {"dibao_standard[一类地区, urban]=660"});
  REQUIRE_MESSAGE(changed.ok(), changed.status().message());
  auto r = changed->evaluate(household("h", "任城区", "urban", "3", "900.00"), "2020-08-01");
  REQUIRE(r.ok());
  CHECK(r->find("dibao")->text == "1080.00");  // (660 - 300) × 3
  CHECK(r->version == "2020.07+set");
  CHECK(r->fingerprint != p->fingerprint());
  CHECK(changed->table("2020-08-01", "dibao_standard")->cell({"一类地区", "urban"}) == std::optional<std::string>("660"));
  auto bad = p->with_settings("2020-08-01", {"dibao_standard[一类地区, urbn]=660"});
  CHECK(bad.status().code() == StatusCode::invalid_argument);
  CHECK(bad.status().message().find("urbn") != std::string::npos);
}

TEST_CASE("api versions: reform text amends the version in force") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto reform = p->with_reform("2020-08-01", "version 2020.07-tier1-700\nset dibao_standard[一类地区, urban] = 700\n");
  REQUIRE_MESSAGE(reform.ok(), reform.status().message());
  auto r = reform->evaluate(household("h", "任城区", "urban", "3", "900.00"), "2020-08-01");
  REQUIRE(r.ok());
  CHECK(r->find("dibao")->text == "1200.00");  // (700 - 300) × 3
  CHECK(r->version == "2020.07-tier1-700");
  auto broken = p->with_reform("2020-08-01", "rule dibao = nothing_known\n", "r.doudi");
  CHECK(broken.status().code() == StatusCode::policy_error);
  REQUIRE_FALSE(broken.status().diagnostics().empty());
  CHECK(broken.status().diagnostics()[0].file == "r.doudi");
}

TEST_CASE("api whatif: the summary of a set figure - exact sums - with rejected households named") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto alternative = p->with_settings("2020-08-01", {"dibao_standard[一类地区, urban]=660"});
  REQUIRE(alternative.ok());
  std::vector<Household> list = {household("a", "任城区", "urban", "3", "900.00"),
                                 household("b", "泗水县", "urban", "2", "100.00"),
                                 household("c", "任城区", "urban", "three", "1")};
  auto s = p->whatif(list, "2020-08-01", *alternative);
  REQUIRE_MESSAGE(s.ok(), s.status().message());
  CHECK(s->households == 2);
  CHECK(s->rejected == 1);
  REQUIRE(s->errors.size() == 1);
  CHECK(s->errors[0].place().household == "c");
  CHECK(s->errors[0].place().row == 3);
  CHECK(s->errors[0].place().field == "members");
  // a: 990 -> 1080; b (二类, unchanged): (590 - 50) × 2 = 1080.
  CHECK(s->all.cost_before == *Decimal::parse("2070.00"));
  CHECK(s->all.cost_after == *Decimal::parse("2160.00"));
  CHECK(s->difference == *Decimal::parse("90"));
  CHECK(s->gain == 1);
  CHECK(s->unchanged == 1);
  CHECK(s->text.find("+90.00") != std::string::npos);
}
