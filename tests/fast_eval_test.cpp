// Tests for interpreter/fast_eval.cpp: the compiled column evaluator must
// give exactly what Evaluator gives — every output, or the same error — for
// every shipped policy version and for a policy using every operation, on
// random households and on edge values (ties at rounding, every rounding
// mode on negative values, incomes that overflow int64, division by zero,
// n/a cells in branches taken and not taken).
#include <random>

#include "dsl/date.h"
#include "interpreter/fast_eval.h"
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
                  int* unchecked = nullptr) {
  BatchEvaluator batch(m);
  std::vector<BatchEvaluator::Outcome> outcomes;
  batch.evaluate(households, outcomes);
  if (unchecked) *unchecked = batch.unchecked_operations();
  REQUIRE(outcomes.size() == households.size());
  Evaluator exact(m);
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

TEST_CASE("fast evaluation: a batch of a few households runs every operation checked - with the same results") {
  auto m = load_policy_text("every.doudi", test::with_header(kEveryOperation));
  for (int n : {1, 2, 15}) {
    for (unsigned seed = 0; seed < 40; ++seed) {
      int unchecked = -1;
      std::vector<Household> few = random_households(m, static_cast<size_t>(n), seed, false);
      fast::BatchEvaluator batch(m);
      std::vector<fast::BatchEvaluator::Outcome> outcomes;
      batch.evaluate(few, outcomes);
      unchecked = batch.unchecked_operations();
      CHECK(unchecked == 0);
      Evaluator exact(m);
      for (size_t i = 0; i < few.size(); ++i) {
        try {
          const auto& want = exact.evaluate(few[i]);
          REQUIRE_FALSE(outcomes[i].error.has_value());
          for (size_t o = 0; o < want.size(); ++o) CHECK(outcomes[i].outputs[o] == want[o]);
        } catch (const EvaluationError&) {
          CHECK(outcomes[i].error.has_value());
        }
      }
    }
  }
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

TEST_CASE("fast evaluation: households with members go to the exact evaluator") {
  auto m = load_policy_text("members.doudi", test::with_header(
      "region A = {甲区}\nhousehold { district : district\n members : integer }\n"
      "member { age : integer }\n"
      "rule elderly = count(member where member.age >= 60)\nrule n = members + elderly\noutput n\n"));
  auto with_members = test::household(m, {{"district", "甲区"}, {"members", "2"}},
                                      {{{"age", "70"}}, {{"age", "20"}}});
  auto without = test::household(m, {{"district", "甲区"}, {"members", "2"}});
  BatchEvaluator batch(m);
  std::vector<BatchEvaluator::Outcome> out;
  batch.evaluate({with_members, without}, out);
  CHECK_FALSE(out[0].fast);
  CHECK(out[0].outputs[0] == Exact::from_int(3));
  CHECK(out[1].fast);
  CHECK(out[1].outputs[0] == Exact::from_int(2));
}
