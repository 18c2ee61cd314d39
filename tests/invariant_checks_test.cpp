// Tests for interpreter/studies/invariant_checks.cpp: requires checked over every
// combination for a version's period, findings rendered as doudi check prints them.
#include "interpreter/studies/invariant_checks.h"

#include "test_util.h"

using namespace doudi;

TEST_CASE("invariant check: a violation with both sides for the version's period") {
  // Wenshang 2020's own rule: the urban standard at most 1.3 times the rural one.
  auto set = load_policy(test::source_path("policies/wenshang"));
  size_t i = set.versions.size() - 1;
  auto last = last_day(set, i);
  CHECK(period_text(set.versions[i], last) == "in force from " + set.versions[i].effective_text);
  InvariantReport r = check_invariants(set.versions[i], set.versions[i].effective, last);
  CHECK(r.checks > 0);
  bool found = false;
  for (const auto& f : r.findings) {
    if (f.kind != InvariantFinding::Kind::violation) continue;
    std::string text = render_finding(set.versions[i], f, period_text(set.versions[i], last));
    found |= text.find("violation: 城乡低保标准分别达到1.3:1以内") != std::string::npos &&
             text.find("left:  ") != std::string::npos && text.find("right: 1.3") != std::string::npos;
  }
  CHECK(found);
}
