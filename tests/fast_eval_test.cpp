// Tests for interpreter/compiled/fast_eval.cpp: the compiled column evaluator must
// give exactly what Evaluator gives — every output, or the same error — for
// every shipped policy version and for a policy using every operation, on
// random households and on edge values (ties at rounding, every rounding
// mode on negative values, incomes that overflow int64, division by zero,
// n/a cells in branches taken and not taken).
#include <random>

#include <fmt/format.h>

#include "base/date.h"
#include "interpreter/compiled/fast_eval.h"
#include "test_util.h"

using namespace doudi;
using fast::BatchEvaluator;

namespace {

// A random value of input `in`'s type; money and integers mix small values
// (where ties at rounding are common), zeros and values near int64's limit.
// With `edges` false, only ordinary values: a batch of them lets the
// evaluator prove no overflow and run its unchecked kernels.
std::optional<Exact> random_value(const model::Model& m, const model::Input& in,
                                  std::mt19937_64& rng, bool edges) {
  auto pick = [&](int64_t lo, int64_t hi) {
    return std::uniform_int_distribution<int64_t>(lo, hi)(rng);
  };
  if (in.default_value && pick(0, 9) == 0) return std::nullopt;  // the default applies
  if (!edges) {
    switch (in.type.kind) {
      case model::TypeKind::money:
      case model::TypeKind::decimal: {
        int64_t scale = 1;
        for (int i = 0; i < in.type.scale; ++i) scale *= 10;
        return Exact::fraction(pick(0, 800000), scale);
      }
      case model::TypeKind::integer: return Exact::from_int(pick(1, 8));
      default: break;
    }
  }
  switch (in.type.kind) {
    case model::TypeKind::money:
    case model::TypeKind::decimal: {
      int64_t scale = 1;
      for (int i = 0; i < in.type.scale; ++i) scale *= 10;
      switch (pick(0, 9)) {
        case 0: return Exact::from_int(0);
        case 1: return Exact::fraction(pick(-100000, -1), scale);  // negative income
        case 2: return Exact::fraction(pick(INT64_MAX / 4, INT64_MAX), scale);  // overflows
        case 3: return Exact::from_big(BigRational(BigInt("123456789012345678901234567")));
        default: return Exact::fraction(pick(0, 800000), scale);
      }
    }
    case model::TypeKind::integer:
      switch (pick(0, 19)) {
        case 0: return Exact::from_int(0);  // divides by zero
        case 1: return Exact::from_int(pick(1000000000000LL, INT64_MAX));
        case 2: return Exact::from_int(pick(-5, -1));
        default: return Exact::from_int(pick(1, 8));
      }
    case model::TypeKind::boolean: return Exact::from_int(pick(0, 1));
    case model::TypeKind::enumeration:
      return Exact::from_int(
          pick(0, static_cast<int64_t>(m.enums[static_cast<size_t>(in.type.enumeration)].values.size()) - 1));
    case model::TypeKind::district:
      return Exact::from_int(pick(0, static_cast<int64_t>(m.districts.size()) - 1));
    case model::TypeKind::date: return Exact::from_int(pick(16000, 20000));
    default: return std::nullopt;
  }
}

std::vector<Household> random_households(const model::Model& m, size_t n, uint64_t seed,
                                         bool edges = true) {
  std::mt19937_64 rng(seed);
  std::vector<Household> out(n);
  for (size_t i = 0; i < n; ++i) {
    Household& h = out[i];
    h.id = std::to_string(i + 1);
    h.inputs.assign(m.inputs.size(), std::nullopt);
    for (size_t k = 0; k < m.inputs.size(); ++k) {
      const auto& in = m.inputs[k];
      if (in.scope != model::Scope::household) continue;
      h.inputs[k] = random_value(m, in, rng, edges);
      if (!h.inputs[k] && !in.default_value) h.inputs[k] = Exact::from_int(1);
    }
  }
  return out;
}

// Every household's fast outcome equals Evaluator's; returns how many the
// program computed itself. `unchecked`, if given, receives how many
// operations of the last batch ran without checks.
size_t check_same(const model::Model& m, const std::vector<Household>& households,
                  int* unchecked = nullptr, std::optional<int> date = std::nullopt) {
  BatchEvaluator batch(m);
  batch.set_evaluation_date(date);
  std::vector<BatchEvaluator::Outcome> outcomes;
  batch.evaluate(households, outcomes);
  if (unchecked) *unchecked = batch.unchecked_operations();
  REQUIRE(outcomes.size() == households.size());
  Evaluator exact(m);
  exact.set_evaluation_date(date);
  size_t fast = 0, errors = 0;
  for (size_t i = 0; i < households.size(); ++i) {
    const auto& got = outcomes[i];
    fast += got.fast;
    try {
      const auto& want = exact.evaluate(households[i]);
      INFO("household " << i << " (" << (got.fast ? "fast" : "exact") << ")");
      REQUIRE_FALSE(got.error.has_value());
      REQUIRE(got.outputs.size() == want.size());
      for (size_t o = 0; o < want.size(); ++o) {
        INFO("output " << m.outputs[o].name << ": " << got.outputs[o].to_string() << " vs "
                       << want[o].to_string());
        CHECK(got.outputs[o] == want[o]);
      }
      const auto& people = exact.member_values();  // per-member outputs too
      REQUIRE(got.members.size() == people.size());
      for (size_t o = 0; o < people.size(); ++o) {
        INFO("per-member output " << m.member_outputs[o].name);
        REQUIRE(got.members[o].size() == people[o].size());
        for (size_t k = 0; k < people[o].size(); ++k) {
          CHECK(got.members[o][k].member == people[o][k].member);
          CHECK(got.members[o][k].value == people[o][k].value);
        }
      }
    } catch (const EvaluationError& e) {
      ++errors;
      INFO("household " << i);
      REQUIRE(got.error.has_value());
      CHECK(std::string(got.error->what()) == e.what());
      CHECK(got.error->rule == e.rule);
    }
  }
  MESSAGE(fast << " fast, " << errors << " errors of " << households.size());
  return fast;
}

// A policy using every operation the compiler handles, rational values
// included, every rounding mode, n/a cells and divisions that can fail.
const char* kEveryOperation = R"(
enum hukou = {urban, rural}
enum tier = {low, mid, high}
region A = {任城区, 兖州区}
region B = {泗水县}
household { district : district
 hukou : hukou
 members : integer
 income : money
 other : money = 0
 flag : boolean = false
 level : tier = mid }
table standard : money by region, hukou
        urban rural
  A      630.5  475
  B      590    n/a
table weight : decimal by tier
  low 0.25   mid 0.5   high n/a
rule share = income / members
rule gap = standard - round(share, 0.01, half_up)
rule ratio = clamp(gap / standard, -1, 1)
rule r_even = round(share, 0.01, half_even)
rule r_down = round(-share, 0.1, half_down)
rule r_up = round(share * 3, 0.05, up)
rule r_dn = round(share - 7, 1, down)
rule r_ceil = round(-share, 0.01, ceiling)
rule r_floor = round(-income / 3, 0.01, floor)
rule mixed = round(ratio * 40 + members * 1.5 - abs(ratio) / 7 + (other - income) / (income + 1), 0.001, half_up)
rule picks = min(income, other, 100) + max(-income, other * 2) - clamp(other, 0, income)
rule branches = if flag and income / members > 100 then weight else if not flag or members == 0 then 0 else weight * 2
rule compare = if ratio >= 0.5 and ratio != 1 then 1 else if ratio < -0.25 or share <= 0 then 2 else 3
rule big = income * members * 1000
rule inside = if district in A then 1 else 0
rule neg = -gap + abs(-other)
output gap
output ratio_rounded = round(ratio, 0.0001, half_even)
output r_even
output r_down scale 1
output r_up
output r_dn scale 0
output r_ceil
output r_floor
output mixed scale 3
output picks
output branches scale 2
output compare scale 0
output big
output inside scale 0
output neg
output level_out = level
output hukou_out = hukou
)";

}  // namespace

TEST_CASE("fast evaluation: identical to Evaluator on every shipped policy version") {
  for (const char* policy : {"policies/reference", "policies/jining", "policies/wenshang"}) {
    auto set = load_policy(test::source_path(policy));
    for (size_t v = 0; v < set.versions.size(); ++v) {
      const auto& m = set.versions[v];
      INFO(policy << " version " << m.version);
      auto households = random_households(m, 3000, 17 + v);
      size_t fast = check_same(m, households);
      CHECK(fast > households.size() / 3);  // the fast path really ran
    }
  }
}

TEST_CASE("fast evaluation: identical to Evaluator on the Shandong and Hubei policies") {
  for (const char* policy : {"policies/shandong", "policies/shandong/elder-homes",
                             "policies/xianning/chongyang", "policies/xianning/chibi"}) {
    auto set = load_policy(test::source_path(policy));
    for (size_t v = 0; v < set.versions.size(); ++v) {
      const auto& m = set.versions[v];
      INFO(policy << " version " << m.version);
      auto households = random_households(m, 2000, 29 + v);
      check_same(m, households);
    }
  }
}

TEST_CASE("fast evaluation: ordinary households take the unchecked kernels — with the same results") {
  for (const char* policy : {"policies/reference", "policies/jining", "policies/wenshang"}) {
    auto set = load_policy(test::source_path(policy));
    for (const auto& m : set.versions) {
      INFO(policy << " version " << m.version);
      int unchecked = 0;
      auto households = random_households(m, 3000, 5, false);
      check_same(m, households, &unchecked);
      CHECK(unchecked > 0);
    }
  }
  auto m = load_policy_text("every.doudi", test::with_header(kEveryOperation));
  for (const auto& output : m.outputs) {  // one by one: a poisoned neighbour hides nothing
    INFO("output " << output.name);
    model::Model one = m;
    one.outputs = {output};
    int unchecked = 0;
    check_same(one, random_households(one, 3000, 11, false), &unchecked);
  }
  int unchecked = 0;
  check_same(m, random_households(m, 5000, 13, false), &unchecked);
  CHECK(unchecked > 10);
}

TEST_CASE("fast evaluation: identical to Evaluator for every operation and edge value") {
  auto m = load_policy_text("every.doudi", test::with_header(kEveryOperation));
  auto households = random_households(m, 20000, 7);
  check_same(m, households);
  auto program = fast::compile_program(m);
  CHECK(program.unsupported == 0);
  // Output by output, so a kernel is not hidden behind another output's
  // overflow: each must be computed by the program for most households.
  for (const auto& output : m.outputs) {
    INFO("output " << output.name);
    model::Model one = m;
    one.outputs = {output};
    size_t fast = check_same(one, households);
    CHECK(fast > households.size() / 3);
  }
}

TEST_CASE("fast evaluation: ties at rounding and int64 overflow on the reference policy") {
  auto set = load_policy(test::source_path("policies/reference"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  std::vector<Household> households;
  auto add = [&](const std::string& members, const std::string& income, const std::string& elderly) {
    households.push_back(test::household(
        m, {{"district", "任城区"}, {"hukou", "urban"}, {"members", members},
            {"monthly_income", income}, {"tekun", "0"}, {"care", "none"}, {"elderly", elderly},
            {"disabled", "0"}, {"ill", "0"}, {"children", "0"}}));
  };
  add("2", "600.01", "0");                     // 300.005: a tie at the fen, rounds up
  add("2", "-600.01", "0");                    // a negative tie rounds away from zero
  add("4", "2520.02", "1");                    // 630.005 -> 630.01: gap -0.01
  add("8", "92233720368547758.07", "0");       // the largest int64 of fen
  add("3", "92233720368547758.07", "0");
  add("1", "-92233720368547758.08", "0");      // beyond int64 once scaled
  add("7", "123456789012345678901234.56", "99");  // a big rational all the way
  add("1000000000000000000", "1.00", "1000000000000000000");  // products overflow
  add("0", "100.00", "0");                     // division by zero: the exact error
  size_t fast = check_same(m, households);
  CHECK(fast >= 3);
}

namespace {

// People, member lists, per-member outputs and every date operation: ages
// across birthdays on the evaluation day and on 29 February (evaluated on a
// day of a leap year, of a year without one, and on 1 March after one),
// months_between in every rounding mode both ways, a birth after the date
// (an error), households without people (count 0: a division by zero).
const char* kMembers = R"(
enum care = {none, some}
region A = {甲区}
household { district : district
 members : integer = count(member)
 income : money
 since : date = 2019-03-31
 paid : boolean = false }
member { birth : date
 ill : boolean = false
 care : care = none
 own : money = 0 }
members old = member where age(member.birth, evaluation_date) >= 60
members young = member where age(member.birth, evaluation_date) < 18 and not member.ill
table addon : money by care
  none 0  some 170.5
rule n_old = count(old)
rule n_young = count(young)
rule n_born_today = count(member where member.birth == evaluation_date)
rule ill_cost = sum(addon + member.own where member.ill)
rule ages = sum(age(member.birth, evaluation_date))
rule per_head = round(income / members, 0.01, half_up)
rule young_share = sum(round(income / members, 0.01, down) where member in young)
rule m_up = months_between(since, evaluation_date, up)
rule m_down = months_between(since, evaluation_date, down)
rule m_half = months_between(evaluation_date, since, half_even)
rule m_ceil = months_between(evaluation_date, since, ceiling)
rule m_floor = months_between(since, evaluation_date, floor)
rule m_half_up = months_between(since, evaluation_date, half_up)
rule m_half_down = months_between(evaluation_date, since, half_down)
rule recent = if since > evaluation_date or paid then 1 else 0
output n_old
output n_young
output n_born_today
output ill_cost
output ages
output per_head
output young_share
output m_up
output m_down
output m_half
output m_ceil
output m_floor
output m_half_up
output m_half_down
output recent
output count_all = count(member)
output per member years = age(member.birth, evaluation_date)
output per old pension = if member.ill then addon else member.own + 50
output per young child_care = addon + per_head
)";

// Random households of kMembers on `day`: 0-6 people, a tenth of the
// births on the day's anniversary, a tenth on 29 February, a few after the
// day, some `since` after it.
std::vector<Household> member_households(const model::Model& m, int day, size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  auto pick = [&](int64_t lo, int64_t hi) { return std::uniform_int_distribution<int64_t>(lo, hi)(rng); };
  CivilDate on = civil_from_days(day);
  std::vector<Household> out;
  for (size_t i = 0; i < n; ++i) {
    std::map<std::string, std::string> fields{{"district", "甲区"}, {"income", std::to_string(pick(-100, 900000)) + ".25"}};
    if (pick(0, 3) == 0) fields["since"] = format_date(static_cast<int>(day + pick(-800, 60)));
    if (pick(0, 9) == 0) fields["paid"] = "true";
    if (pick(0, 9) == 0) fields["members"] = std::to_string(pick(0, 4));  // stated, maybe not the people's
    std::vector<std::map<std::string, std::string>> people;
    for (int64_t k = pick(0, 6); k > 0; --k) {
      std::string birth;
      switch (pick(0, 9)) {
        case 0: birth = fmt::format("{:04}-{:02}-{:02}", on.year - pick(0, 80), on.month, std::min(on.day, 28)); break;
        case 1: birth = fmt::format("{:04}-02-29", 1932 + 4 * pick(0, 22)); break;
        case 2: birth = format_date(static_cast<int>(day + pick(1, 400))); break;  // after the day: an error
        case 3: birth = format_date(day); break;
        default: birth = format_date(static_cast<int>(day - pick(0, 95 * 366)));
      }
      if (pick(0, 19) == 0 && on.day <= 28) birth = fmt::format("{:04}-{:02}-{:02}", on.year - 60, on.month, on.day);
      people.push_back({{"birth", birth}, {"ill", pick(0, 4) == 0 ? "1" : "0"},
                        {"care", pick(0, 1) ? "some" : "none"}, {"own", std::to_string(pick(0, 3000)) + ".5"}});
    }
    out.push_back(test::household(m, fields, people));
    out.back().id = std::to_string(i + 1);
  }
  return out;
}

}  // namespace

TEST_CASE("fast evaluation: people dates and member lists are compiled — identical to Evaluator") {
  auto m = load_policy_text("members.doudi", test::with_header(kMembers));
  auto program = fast::compile_program(m, *parse_date("2021-02-28"));
  CHECK(program.unsupported == 0);
  for (const char* on : {"2021-02-28", "2021-03-01", "2020-02-29", "2020-08-01", "2019-12-31"}) {
    INFO("evaluated on " << std::string(on));
    int day = *parse_date(on);
    auto households = member_households(m, day, 6000, static_cast<uint64_t>(day));
    size_t fast = check_same(m, households, nullptr, day);
    CHECK(fast > households.size() / 3);
    for (const auto& output : m.outputs) {  // one by one: a poisoned neighbour hides nothing
      INFO("output " << output.name);
      model::Model one = m;
      one.outputs = {output};
      one.member_outputs.clear();
      CHECK(check_same(one, households, nullptr, day) > households.size() / 3);
    }
  }
}

TEST_CASE("fast evaluation: a birthday on the evaluation day and on 29 February") {
  auto m = load_policy_text("members.doudi", test::with_header(kMembers));
  auto one = [&](const std::string& birth, const std::string& on) {
    auto h = test::household(m, {{"district", "甲区"}, {"income", "100"}}, {{{"birth", birth}}});
    BatchEvaluator batch(m);
    batch.set_evaluation_date(*parse_date(on));
    std::vector<BatchEvaluator::Outcome> out;
    batch.evaluate({h}, out);
    REQUIRE(out[0].fast);
    REQUIRE(out[0].members[0].size() == 1);
    return out[0].members[0][0].value;  // years
  };
  CHECK(one("1960-08-01", "2020-08-01") == Exact::from_int(60));  // 60 on the day itself
  CHECK(one("1960-08-02", "2020-08-01") == Exact::from_int(59));
  CHECK(one("1960-02-29", "2021-02-28") == Exact::from_int(60));  // no 29 February: not yet
  CHECK(one("1960-02-29", "2021-03-01") == Exact::from_int(61));
  CHECK(one("1960-02-29", "2020-02-29") == Exact::from_int(60));
  CHECK(one("2020-08-01", "2020-08-01") == Exact::from_int(0));
}

TEST_CASE("fast evaluation: without an evaluation date the program leaves dates to Evaluator") {
  auto m = load_policy_text("members.doudi", test::with_header(kMembers));
  auto program = fast::compile_program(m);
  CHECK(program.unsupported > 0);  // evaluation_date compiled to poison
  auto h = test::household(m, {{"district", "甲区"}, {"income", "100"}}, {{{"birth", "1950-01-01"}}});
  auto shared = std::make_shared<const fast::Program>(program);
  BatchEvaluator batch(m, shared);  // a shared program is not compiled again
  batch.set_evaluation_date(*parse_date("2020-08-01"));
  std::vector<BatchEvaluator::Outcome> out;
  batch.evaluate({h}, out);
  CHECK_FALSE(out[0].fast);
  CHECK(out[0].outputs[0] == Exact::from_int(1));  // n_old, from Evaluator
}
