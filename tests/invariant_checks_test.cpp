// Tests for interpreter/studies/invariant_checks.cpp: requires checked over every
// combination for a version's period, findings rendered as doudi check prints them.
#include "interpreter/studies/invariant_checks.h"

#include "test_util.h"

using namespace doudi;

TEST_CASE("invariant check: a violation with both sides — where — for the version's period") {
  auto set = load_policy(test::source_path("policies/jining"));
  size_t i = 1;  // 2017
  REQUIRE(set.versions[i].version == "2017");
  auto last = last_day(set, i);
  REQUIRE(last);
  CHECK(period_text(set.versions[i], last) == "in force 2017-01-01 to 2020-06-30");
  InvariantReport r = check_invariants(set.versions[i], set.versions[i].effective, last);
  CHECK(r.checks > 0);
  bool found = false;
  for (const auto& f : r.findings) {
    if (f.kind != InvariantFinding::Kind::violation || f.where != "hukou rural") continue;
    std::string text = render_finding(set.versions[i], f, period_text(set.versions[i], last));
    found = text.find("left:  470") != std::string::npos && text.find("right: 494") != std::string::npos;
  }
  CHECK(found);
  // Before the rule's `from` (2018), 2016 is not checked against it.
  InvariantReport none = check_invariants(set.versions[0], set.versions[0].effective, last_day(set, 0));
  CHECK(none.findings.empty());
}
