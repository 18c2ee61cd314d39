// Tests for interpreter/compiled/program.cpp: what the compiler makes of a policy —
// only what outputs need, constants folded, shared lookups, columns reused —
// and that an operation it does not know becomes poison, never a wrong value.
#include "base/date.h"
#include "interpreter/compiled/fast_eval.h"
#include "interpreter/compiled/program.h"
#include "test_util.h"

using namespace doudi;

TEST_CASE("program: the reference policy compiles whole — small — with nothing unsupported") {
  auto set = load_policy(test::source_path("policies/reference"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  auto p = fast::compile_program(m);
  INFO(fast::listing(p));
  CHECK(p.unsupported == 0);
  CHECK_FALSE(p.reads_members);
  CHECK(p.outputs.size() == m.outputs.size());
  CHECK(p.code.size() < 40);
  CHECK(p.columns < 32);  // columns are reused once their values are dead
  size_t region_lookups = 0;
  for (const auto& in : p.code)
    if (in.kernel == fast::Kernel::lookup && p.lookups[static_cast<size_t>(in.table)].sizes[0] == 14) ++region_lookups;
  CHECK(region_lookups == 1);  // district -> region once, for every table keyed by region
}

TEST_CASE("program: constants fold — dead rules vanish — scales come from the values") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "household { income : money\n members : integer }\n"
      "rule unused = income * 3\n"
      "rule k = round(10 / 4, 1, half_even) * 2\n"
      "rule a = income * k\n"
      "output a\n"));
  auto p = fast::compile_program(m);
  INFO(fast::listing(p));
  CHECK(p.unsupported == 0);
  REQUIRE(p.code.size() == 1);  // k is the constant 4 (2.5 to even is 2); income × 4 is all
  CHECK(p.code[0].kernel == fast::Kernel::multiply);
  CHECK(p.outputs[0].scale == 2);
}

TEST_CASE("program: an operation the compiler does not know poisons — and the exact path answers") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "household { income : money }\nrule a = income + 1\nrule b = income * 2\noutput a\noutput b\n"));
  model::Model changed = m;
  changed.rules[0].body.op = static_cast<model::Op>(200);  // a construct from the future
  auto p = fast::compile_program(changed);
  CHECK(p.unsupported > 0);
  fast::BatchEvaluator batch(changed);
  std::vector<fast::BatchEvaluator::Outcome> out;
  batch.evaluate({test::household(changed, {{"income", "1.00"}})}, out);
  CHECK_FALSE(out[0].fast);  // the exact evaluator reports the unknown operation
  CHECK(out[0].error.has_value());
}
