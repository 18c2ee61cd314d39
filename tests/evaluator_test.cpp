// Tests for interpreter/evaluation/evaluator.cpp: evaluation semantics — lazy branches,
// n/a cells, members, min/max/clamp, region membership, errors naming rules.
#include "base/date.h"
#include "test_util.h"

using namespace doudi;
using test::household;
using test::output;

namespace {
model::Model make_model(const std::string& rules) {
  return load_policy_text("t.doudi", test::with_header(
      "enum hukou = {urban, rural}\n"
      "region 一类地区 = {任城区}\nregion 二类地区 = {泗水县}\n"
      "household { district : district\n hukou : hukou\n members : integer\n income : money\n"
      " bonus : money = 10.00 }\n"
      "member { age : integer\n disabled : boolean = false\n income : money = 0 }\n"
      "table basic : money by region, hukou\n        urban rural\n  一类地区  930  n/a\n  二类地区  870  580\n" +
      rules));
}
}  // namespace

TEST_CASE("evaluator: a branch not taken is never run — so an n/a cell is harmless there") {
  auto m = make_model("rule a = if hukou == urban then basic else 0\noutput a\n");
  auto urban = household(m, {{"district", "任城区"}, {"hukou", "urban"}, {"members", "1"}, {"income", "0"}});
  auto rural = household(m, {{"district", "任城区"}, {"hukou", "rural"}, {"members", "1"}, {"income", "0"}});
  CHECK(output(m, urban, "a") == "930.00");
  CHECK(output(m, rural, "a") == "0.00");
}

TEST_CASE("evaluator: an output needing an n/a cell is n/a naming the rule and table — the others are given") {
  auto m = make_model("rule a = basic\nrule b = a + 1\nrule c = income * 2\noutput a\noutput c\noutput b\n");
  auto h = household(m, {{"district", "任城区"}, {"hukou", "rural"}, {"members", "1"}, {"income", "5"}});
  Evaluator ev(m);
  const auto& values = ev.evaluate(h);
  const auto& na = ev.not_applicable();
  REQUIRE(na.size() == 2);
  CHECK(na[0].output == 0);  // a: reads the n/a cell
  CHECK_FALSE(na[0].per_member);
  CHECK(na[0].reason.find("rule 'a': table 'basic' has no figure") != std::string::npos);
  CHECK(na[0].reason.find("t.doudi:17:") != std::string::npos);  // the n/a cell
  CHECK(na[1].output == 2);  // b needs a, already known to be n/a: the same reason
  CHECK(na[1].reason == na[0].reason);
  CHECK(values[1].to_string() == "10");  // c does not need the cell
  // The next household starts afresh.
  auto urban = household(m, {{"district", "任城区"}, {"hukou", "urban"}, {"members", "1"}, {"income", "5"}});
  const auto& given = ev.evaluate(urban);
  CHECK(ev.not_applicable().empty());
  CHECK(given[2].to_string() == "931");
}

TEST_CASE("evaluator: a per-member output needing an n/a cell is n/a for the household") {
  auto m = make_model("output per member share = if member.age >= 60 then basic else 0\nrule n = count(member)\noutput n\n");
  auto h = household(m, {{"district", "任城区"}, {"hukou", "rural"}, {"members", "2"}, {"income", "0"}},
                     {{{"age", "30"}}, {{"age", "70"}}});
  Evaluator ev(m);
  const auto& values = ev.evaluate(h);
  CHECK(values[0].to_string() == "2");
  REQUIRE(ev.not_applicable().size() == 1);
  CHECK(ev.not_applicable()[0].per_member);
  CHECK(ev.not_applicable()[0].reason.find("member 2: table 'basic' has no figure") != std::string::npos);
  CHECK(ev.member_values()[0].empty());
}

TEST_CASE("evaluator: other errors still reject the household") {
  auto m = make_model("rule a = round(income / (members - 1), 0.01, half_up)\nrule b = basic\noutput b\noutput a\n");
  auto h = household(m, {{"district", "任城区"}, {"hukou", "rural"}, {"members", "1"}, {"income", "5"}});
  Evaluator ev(m);
  CHECK_THROWS_AS(ev.evaluate(h), EvaluationError);
}

TEST_CASE("evaluator: counts and sums over members with conditions — defaults") {
  auto m = make_model(
      "rule elderly = count(member where member.age >= 60)\n"
      "rule everyone = count(member)\n"
      "rule member_income = sum(member.income where not member.disabled)\n"
      "rule with_bonus = income + bonus\n"
      "output elderly\noutput everyone\noutput member_income\noutput with_bonus\n");
  auto h = household(m, {{"district", "泗水县"}, {"hukou", "rural"}, {"members", "3"}, {"income", "100"}},
                     {{{"age", "60"}, {"income", "300.50"}},
                      {{"age", "59"}, {"income", "200"}, {"disabled", "true"}},
                      {{"age", "10"}}});
  CHECK(output(m, h, "elderly") == "1");
  CHECK(output(m, h, "everyone") == "3");
  CHECK(output(m, h, "member_income") == "300.50");
  CHECK(output(m, h, "with_bonus") == "110.00");
}

TEST_CASE("evaluator: min — max — clamp — abs — region membership") {
  auto m = make_model(
      "rule lo = min(income, 500, basic)\n"
      "rule hi = max(income, 500)\n"
      "rule c = clamp(income - 1000, 0, 200)\n"
      "rule d = abs(income - 1000)\n"
      "rule tier1 = if district in 一类地区 then 1 else 2\n"
      "output lo\noutput hi\noutput c\noutput d\noutput tier1\n");
  auto h = household(m, {{"district", "泗水县"}, {"hukou", "rural"}, {"members", "1"}, {"income", "1100.25"}});
  CHECK(output(m, h, "lo") == "500.00");
  CHECK(output(m, h, "hi") == "1100.25");
  CHECK(output(m, h, "c") == "100.25");
  CHECK(output(m, h, "d") == "100.25");
  CHECK(output(m, h, "tier1") == "2");
}

TEST_CASE("evaluator: division stays exact until the written rounding") {
  auto m = make_model(
      "rule third = income / 3\n"
      "rule back = round(third * 3, 0.01, half_up)\n"
      "rule per_capita = round(income / members, 0.01, half_up)\n"
      "output back\noutput per_capita\n");
  auto h = household(m, {{"district", "泗水县"}, {"hukou", "rural"}, {"members", "3"}, {"income", "1000.00"}});
  CHECK(output(m, h, "back") == "1000.00");       // no 999.99 from an early rounding
  CHECK(output(m, h, "per_capita") == "333.33");
}

TEST_CASE("evaluator: division by zero names the rule") {
  auto m = make_model("rule per_capita = round(income / members, 0.01, half_up)\noutput per_capita\n");
  auto h = household(m, {{"district", "泗水县"}, {"hukou", "rural"}, {"members", "0"}, {"income", "100"}});
  Evaluator ev(m);
  CHECK_THROWS_WITH_AS(ev.evaluate(h), doctest::Contains("division by zero"), EvaluationError);
}

TEST_CASE("evaluator: overflow is an error naming the rule — never a wrap") {
  auto m = make_model(
      "rule big = income * 1000000000000000000000000000000 * 1000000000000000000000000000000 * "
      "1000000000000000000000000000000\n"
      "rule huge = big * 1000000000000000000000000000000 * 1000000000000000000000000000000 * "
      "1000000000000000000000000000000\noutput huge\n");
  auto h = household(m, {{"district", "泗水县"}, {"hukou", "rural"}, {"members", "1"}, {"income", "99999999"}});
  Evaluator ev(m);
  try {
    ev.evaluate(h);
    FAIL("expected overflow");
  } catch (const EvaluationError& e) {
    CHECK(std::string(e.what()).find("overflows") != std::string::npos);
    CHECK((e.rule == "huge" || e.rule == "big"));
  }
}

TEST_CASE("evaluator: one evaluator gives the same answers household after household") {
  auto m = make_model("rule a = basic * members\noutput a\n");
  Evaluator ev(m);
  auto h1 = household(m, {{"district", "泗水县"}, {"hukou", "rural"}, {"members", "2"}, {"income", "0"}});
  auto h2 = household(m, {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"income", "0"}});
  CHECK(ev.evaluate(h1)[0] == Exact::from_int(1160));
  CHECK(ev.evaluate(h2)[0] == Exact::from_int(2790));
  CHECK(ev.evaluate(h1)[0] == Exact::from_int(1160));
}

namespace {
model::Model dated_model(const std::string& rules) {
  return load_policy_text("t.doudi", test::with_header(
      "household { since : date = 2020-04-01 }\n"
      "member { birth_date : date\n grant : money = 0 }\n" + rules));
}
std::string dated_output(const model::Model& m, const Household& h, const std::string& name, const char* day) {
  Evaluator ev(m);
  ev.set_evaluation_date(parse_date(day));
  const auto& values = ev.evaluate(h);
  for (size_t i = 0; i < m.outputs.size(); ++i)
    if (m.outputs[i].name == name) return format_value(m, m.outputs[i].type, values[i], m.outputs[i].scale);
  FAIL("no output " << name);
  return "";
}
}  // namespace

TEST_CASE("evaluator: evaluation_date is the date set — unset — a rule reading it is an error") {
  auto m = dated_model("output d = evaluation_date\noutput k = 1\n");
  auto h = household(m, {});
  CHECK(dated_output(m, h, "d", "2020-08-01") == "2020-08-01");
  Evaluator ev(m);
  CHECK_THROWS_WITH_AS(ev.evaluate(h), doctest::Contains("evaluation_date is not set"), EvaluationError);
}

TEST_CASE("evaluator: age counts a birthday on the evaluation date — a birth after it is an error") {
  auto m = dated_model("output adults = count(member where age(member.birth_date, evaluation_date) >= 18)\n");
  auto h = household(m, {}, {{{"birth_date", "2002-08-01"}}, {{"birth_date", "2002-08-02"}}});
  CHECK(dated_output(m, h, "adults", "2020-08-01") == "1");
  CHECK(dated_output(m, h, "adults", "2020-08-02") == "2");
  CHECK(dated_output(m, h, "adults", "2020-07-31") == "0");
  CHECK_THROWS_WITH_AS(dated_output(m, h, "adults", "2002-07-01"), doctest::Contains("is after"), EvaluationError);
}

TEST_CASE("evaluator: months_between rounds the partial month by its mode") {
  auto m = dated_model(
      "output down = months_between(since, evaluation_date, down)\n"
      "output up = months_between(since, evaluation_date, up)\n"
      "output half_up = months_between(since, evaluation_date, half_up)\n"
      "output half_down = months_between(since, evaluation_date, half_down)\n"
      "output back = months_between(evaluation_date, since, down)\n");
  auto h = household(m, {});  // since 2020-04-01
  // 2020-04-16: 15 of April's 30 days, exactly half a month
  CHECK(dated_output(m, h, "down", "2020-04-16") == "0");
  CHECK(dated_output(m, h, "up", "2020-04-16") == "1");
  CHECK(dated_output(m, h, "half_up", "2020-04-16") == "1");
  CHECK(dated_output(m, h, "half_down", "2020-04-16") == "0");
  CHECK(dated_output(m, h, "down", "2020-04-01") == "0");
  CHECK(dated_output(m, h, "up", "2020-04-01") == "0");
  CHECK(dated_output(m, h, "down", "2020-07-31") == "3");
  CHECK(dated_output(m, h, "down", "2020-08-01") == "4");
  CHECK(dated_output(m, h, "up", "2020-07-02") == "4");
  CHECK(dated_output(m, h, "back", "2020-08-01") == "-4");  // dates the other way: negative
  auto end = household(m, {{"since", "2020-01-31"}});
  CHECK(dated_output(m, end, "down", "2020-02-29") == "1");  // to the month's last day: a whole month
  CHECK(dated_output(m, end, "down", "2020-02-28") == "0");
}

TEST_CASE("evaluator: calendar months count by the month whatever the day") {
  auto m = dated_model(
      "output months = calendar_months(since, evaluation_date)\n"
      "output first = first_day_of_month(since)\n"
      "output month = month_of(evaluation_date)\n"
      "output year = year_of(evaluation_date)\n");
  auto h = household(m, {{"since", "2020-05-31"}});
  CHECK(dated_output(m, h, "months", "2020-05-31") == "0");
  CHECK(dated_output(m, h, "months", "2020-06-01") == "1");  // the next calendar month, one day later
  CHECK(dated_output(m, h, "months", "2021-04-30") == "11");
  CHECK(dated_output(m, h, "months", "2019-12-15") == "-5");
  CHECK(dated_output(m, h, "first", "2020-06-01") == "2020-05-01");
  CHECK(dated_output(m, h, "month", "2021-02-28") == "2");
  CHECK(dated_output(m, h, "year", "2021-02-28") == "2021");
}

TEST_CASE("evaluator: per-member outputs list the members of their list — in people order") {
  auto m = dated_model(
      "members adults = member where age(member.birth_date, evaluation_date) >= 18\n"
      "output n = count(adults)\n"
      "output per adults g = member.grant + 1\n"
      "output per member a = age(member.birth_date, evaluation_date)\n");
  auto h = household(m, {}, {{{"birth_date", "1970-01-01"}, {"grant", "5"}},
                             {{"birth_date", "2010-01-01"}},
                             {{"birth_date", "1980-06-30"}, {"grant", "7.50"}}});
  Evaluator ev(m);
  ev.set_evaluation_date(parse_date("2020-08-01"));
  CHECK(ev.evaluate(h)[0] == Exact::from_int(2));
  const auto& v = ev.member_values();
  REQUIRE(v.size() == 2);
  REQUIRE(v[0].size() == 2);
  CHECK(v[0][0].member == 0);
  CHECK(v[0][0].value == *Exact::parse("6"));
  CHECK(v[0][1].member == 2);
  CHECK(v[0][1].value == *Exact::parse("8.5"));
  REQUIRE(v[1].size() == 3);
  CHECK(v[1][1].value == Exact::from_int(10));
  // a household without members lists none
  auto none = household(m, {});
  ev.evaluate(none);
  CHECK(ev.member_values()[0].empty());
}

TEST_CASE("evaluator: an error in a per-member output names the member") {
  auto m = dated_model("output per member a = age(member.birth_date, evaluation_date)\noutput k = 1\n");
  auto h = household(m, {}, {{{"birth_date", "1970-01-01"}}, {{"birth_date", "2030-01-01"}}});
  Evaluator ev(m);
  ev.set_evaluation_date(parse_date("2020-08-01"));
  CHECK_THROWS_WITH_AS(ev.evaluate(h), doctest::Contains("member 2: age: the birth date 2030-01-01 is after 2020-08-01"),
                       EvaluationError);
}

TEST_CASE("evaluator: a trace records which bound of a clamp bit") {
  auto m = dated_model("household { x : money = 0 }\noutput c = clamp(x, 10, 20)\n");
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  auto bound_for = [&](const char* x) {
    ev.evaluate(household(m, {{"x", x}}));
    int rule = m.outputs[0].rule;
    REQUIRE(trace.rules[static_cast<size_t>(rule)]);
    REQUIRE(trace.rules[static_cast<size_t>(rule)]->clamps.size() == 1);
    return trace.rules[static_cast<size_t>(rule)]->clamps[0].bound;
  };
  CHECK(bound_for("5") == -1);
  CHECK(bound_for("15") == 0);
  CHECK(bound_for("25") == 1);
  CHECK(bound_for("20") == 0);
}
