// Tests for dsl/ranges.cpp: the interval analysis behind `doudi check`'s
// warnings about divisors that may be 0 or negative and benefits that may be
// negative, naming the inputs to bound; and what an if's condition proves.
#include "dsl/ranges.h"

#include "test_util.h"

using namespace doudi;
using doudi::test::with_header;

namespace {
std::string all_text(const std::vector<RangeFinding>& f) {
  std::string out;
  for (const auto& x : f) out += x.position.to_string() + ": " + x.message + "\n";
  return out;
}
}  // namespace

TEST_CASE("ranges: an unbounded count as a divisor — and a benefit that may be negative") {
  auto m = load_policy_text("t.doudi", with_header(
      "household {\n  members : integer\n  income : money per month\n}\n"
      "rule per_capita = round(income / members, 0.01, half_up)\n"
      "rule dibao = if per_capita < 630 then (630 - per_capita) * members else 0\n"
      "output dibao\n"));
  auto findings = check_ranges(m);
  std::string text = all_text(findings);
  INFO(text);
  REQUIRE(findings.size() == 2);
  CHECK(text.find("t.doudi:8:") == 0);
  CHECK(text.find("the divisor may be 0 or negative (its least value: unbounded below): bound the input 'members'") !=
        std::string::npos);
  CHECK(text.find("benefit output 'dibao' may be negative") != std::string::npos);
  CHECK(text.find("'income', 'members'") != std::string::npos);
}

TEST_CASE("ranges: bounded inputs — and the branch's condition — prove the dibao non-negative") {
  auto m = load_policy_text("t.doudi", with_header(
      "household {\n  members : integer at least 1\n  income : money per month at least 0\n}\n"
      "rule per_capita = round(income / members, 0.01, half_up)\n"
      "rule dibao = if per_capita < 630 then (630 - per_capita) * members else 0\n"
      "output dibao\n"));
  CHECK(all_text(check_ranges(m)).empty());
  // at least 0 is not enough for a divisor: 0 is in range.
  auto zero = load_policy_text("t.doudi", with_header(
      "household {\n  members : integer at least 0\n  income : money per month at least 0\n}\n"
      "rule per_capita = round(income / members, 0.01, half_up)\n"
      "output per_capita\n"));
  CHECK(all_text(check_ranges(zero)).find("its least value: 0") != std::string::npos);
}

TEST_CASE("ranges: a guarded division — max(0) — and a named condition") {
  auto m = load_policy_text("t.doudi", with_header(
      "household {\n  members : integer\n  income : money per month\n}\n"
      "rule counted = max(0, income)\n"
      "rule eligible = members > 0 and counted < 500\n"
      "rule amount = 500 - counted\n"
      "rule share = if members > 0 then round(counted / members, 0.01, half_up) else 0\n"
      "rule dibao = if eligible then amount else 0\n"
      "output dibao\noutput share\n"));
  std::string text = all_text(check_ranges(m));
  CHECK(text.find("divisor") == std::string::npos);  // members > 0 holds where it divides
  CHECK(text.find("benefit") == std::string::npos);  // counted < 500 where amount is paid
}
