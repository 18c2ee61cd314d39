// Tests for `require` (checker: range variables; evaluator: check_invariant):
// each invariant failing and passing, over the cells it ranges over.
#include "test_util.h"

using namespace doudi;

namespace {
model::Model policy(const std::string& rules) {
  return load_policy_text("t.doudi", test::with_header(
      "enum hukou = {urban, rural}\nregion A = {甲区}\nregion B = {乙县}\n"
      "table dibao_standard : money by region, hukou\n     urban rural\n  A  630   475\n  B  590   445\n"
      "table tekun_basic : money by region, hukou\n     urban rural\n  A  930   620\n  B  870   n/a\n"
      "rule a = 1\noutput a\n" + rules));
}
// (combinations that hold, that fail, that are n/a)
std::tuple<int, int, int> run(const model::Model& m) {
  int hold = 0, fail = 0, na = 0;
  Evaluator ev(m);
  const auto& inv = m.invariants.at(0);
  std::vector<int64_t> values(inv.ranges.size(), 0);
  std::function<void(size_t)> loop = [&](size_t k) {
    if (k == values.size()) {
      try {
        (ev.check_invariant(inv, values).holds ? hold : fail)++;
      } catch (const EvaluationError& e) {
        CHECK(e.not_applicable);
        ++na;
      }
      return;
    }
    for (values[k] = 0; values[k] < inv.ranges[k].size; ++values[k]) loop(k + 1);
  };
  loop(0);
  return {hold, fail, na};
}
}  // namespace

TEST_CASE("invariant: a table named without keys ranges over every cell") {
  auto m = policy("require tekun_basic >= 1.3 * dibao_standard from 2018-01-01\n");
  const auto& inv = m.invariants.at(0);
  REQUIRE(inv.ranges.size() == 2);
  CHECK(inv.ranges[0].name == "region");
  CHECK(inv.ranges[1].name == "hukou");
  CHECK(inv.from.has_value());
  CHECK(run(m) == std::tuple{3, 0, 1});  // 620 >= 617.5 holds; B rural is n/a
}

TEST_CASE("invariant: failing and passing over the regions it ranges over") {
  // A: 630/475 = 1.3263 and B: 590/445 = 1.3258 both exceed 1.3, not 1.33
  CHECK(run(policy("require dibao_standard[region, urban] / dibao_standard[region, rural] <= 1.3\n")) ==
        std::tuple{0, 2, 0});
  CHECK(run(policy("require dibao_standard[region, urban] / dibao_standard[region, rural] <= 1.33\n")) ==
        std::tuple{2, 0, 0});
}

TEST_CASE("invariant: the Wenshang ratio 590/445 exceeds 1.3") {
  auto m = policy("require dibao_standard[B, urban] / dibao_standard[B, rural] <= 1.3\n");
  Evaluator ev(m);
  auto outcome = ev.check_invariant(m.invariants.at(0), {});
  CHECK_FALSE(outcome.holds);
  CHECK(outcome.left->to_string() == "118/89");
  CHECK(outcome.right->to_string() == "1.3");
}

TEST_CASE("invariant: a require cannot read a household's inputs") {
  test::expect_error(test::with_header("household { members : integer }\nrule a = 1\noutput a\n"
                                       "require members > 0\n"),
                     "a require is about the standards, not a household", 7, 9);
}

TEST_CASE("invariant: the condition must be true or false") {
  test::expect_error(test::with_header("rule a = 1\noutput a\nrequire 1 + 1\n"),
                     "a require states a condition", 6, 9);
}
