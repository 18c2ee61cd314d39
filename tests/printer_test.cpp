// Tests for dsl/printer.cpp: checked expressions back to text.
#include "dsl/printer.h"

#include "test_util.h"

using namespace doudi;

namespace {
std::string body(const std::string& rule) {
  auto m = load_policy_text("t.doudi", test::with_header(
      "enum hukou = {urban, rural}\nhousehold { hukou : hukou\n members : integer\n income : money }\n"
      "table s : money by hukou\n  urban 630 rural 475\n" + rule + "output r\n"));
  return expression_text(m, m.rules[static_cast<size_t>(m.find_rule("r"))].body);
}
}  // namespace

TEST_CASE("printer: minimal parentheses — as written") {
  CHECK(body("rule r = (s - income) * members\n") == "(s - income) * members");
  CHECK(body("rule r = s - (income - 1)\n") == "s - (income - 1)");
  CHECK(body("rule r = s - income - 1\n") == "s - income - 1");
  CHECK(body("rule r = if not (members > 1 and hukou == urban) then 1 else 2\n") ==
        "if not (members > 1 and hukou == urban) then 1 else 2");
  CHECK(body("rule r = round(income / members, 0.01, 四舍五入)\n") == "round(income / members, 0.01, half_up)");
  CHECK(body("rule r = s[rural] + 100 元\n") == "s[rural] + 100 元");
}

TEST_CASE("printer: approximate text of a repeating fraction") {
  CHECK(approximate_text(*Exact::parse("590") / *Exact::parse("445")) == "118/89 ≈ 1.3258");
  CHECK(approximate_text(*Exact::parse("1.3")) == "1.3");
}

TEST_CASE("printer: an if in a 'then' branch is bracketed — else-if chains are not — the new functions") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "household { a : integer\n since : date = 2020-01-01 }\n"
      "member { birth_date : date }\n"
      "members kids = member where age(member.birth_date, evaluation_date) < 18\n"
      "rule x = if a > 1 then (if a > 2 then 3 else 2) else if a > 0 then 1 else 0\n"
      "rule k = count(kids)\n"
      "rule mb = months_between(since, evaluation_date, 进一)\n"
      "output x\noutput k\noutput mb\n"));
  CHECK(expression_text(m, m.rules[static_cast<size_t>(m.find_rule("x"))].body) ==
        "if a > 1 then (if a > 2 then 3 else 2) else if a > 0 then 1 else 0");
  CHECK(expression_text(m, m.rules[static_cast<size_t>(m.find_rule("k"))].body) == "count(kids)");
  CHECK(expression_text(m, m.rules[static_cast<size_t>(m.find_rule("mb"))].body) ==
        "months_between(since, evaluation_date, up)");
  CHECK(expression_text(m, m.member_lists[0].condition) == "age(member.birth_date, evaluation_date) < 18");
}
