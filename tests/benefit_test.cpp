// Tests for dsl/benefit.cpp: the `benefit` line is checked (money household
// outputs, once each, no total beside its parts) and the benefit is derived
// without it (`total`, else the only money output, else none, saying why).
#include "dsl/benefit.h"

#include "test_util.h"

using namespace doudi;
using doudi::test::expect_error;
using doudi::test::with_header;

namespace {
const char* kOutputs = R"(household {
  income : money per month
  members : integer
}
rule dibao : money per month = income
rule tekun : money per month = income + 1
rule total = dibao + tekun
rule grant : money = 100
output dibao
output tekun
output total
output grant
output members_shown = members
)";
std::string policy(const std::string& benefit) { return with_header(std::string(kOutputs) + benefit); }
}  // namespace

TEST_CASE("benefit: the line names the outputs paid — in order") {
  auto m = load_policy_text("t.doudi", policy("benefit dibao, tekun, grant\n"));
  REQUIRE(m.benefit.size() == 3);
  CHECK(m.outputs[static_cast<size_t>(m.benefit[0])].name == "dibao");
  CHECK(m.outputs[static_cast<size_t>(m.benefit[2])].name == "grant");
  CHECK(period_unit(m.outputs[static_cast<size_t>(m.benefit[0])].type.period) == "per month");
  CHECK(period_unit(m.outputs[static_cast<size_t>(m.benefit[2])].type.period) == "one-off");
  std::string why;
  CHECK(benefit_outputs(m, why) == m.benefit);
}

TEST_CASE("benefit: a name that is no money output — twice — or a total beside its part") {
  expect_error(policy("benefit nothing\n"), "benefit 'nothing' is not an output of the policy", 17, 9);
  expect_error(policy("benefit members_shown\n"), "benefit 'members_shown' is integer, not money", 17, 9);
  expect_error(policy("benefit dibao, dibao\n"), "benefit 'dibao' is listed twice", 17, 16);
  expect_error(policy("benefit total, dibao\n"), "benefit lists 'total' and 'dibao', but 'total' already adds up 'dibao'", 17, 1);
  expect_error(policy("benefit dibao\nbenefit tekun\n"), "a second 'benefit' line", 18, 1);
}

TEST_CASE("benefit: derived without the line — total — the only money output — or none") {
  std::string why;
  auto with_total = load_policy_text("t.doudi", policy(""));
  auto derived = benefit_outputs(with_total, why);
  REQUIRE(derived.size() == 1);
  CHECK(with_total.outputs[static_cast<size_t>(derived[0])].name == "total");
  auto one = load_policy_text("t.doudi", with_header("household { x : money }\noutput x = x\n"));
  CHECK(benefit_outputs(one, why).size() == 1);
  auto several = load_policy_text("t.doudi", with_header("household { x : money\n y : money }\noutput x = x\noutput y = y\n"));
  CHECK(benefit_outputs(several, why).empty());
  CHECK(why.find("benefit x, y") != std::string::npos);
}

TEST_CASE("benefit: output_adds_up finds the parts of a total — not other outputs") {
  auto m = load_policy_text("t.doudi", policy("benefit total, grant\n"));
  auto index = [&](const char* name) {
    for (size_t i = 0; i < m.outputs.size(); ++i)
      if (m.outputs[i].name == name) return static_cast<int>(i);
    return -1;
  };
  CHECK(output_adds_up(m, index("total"), index("dibao")));
  CHECK(output_adds_up(m, index("total"), index("tekun")));
  CHECK_FALSE(output_adds_up(m, index("total"), index("grant")));
  CHECK_FALSE(output_adds_up(m, index("total"), index("members_shown")));
  CHECK_FALSE(output_adds_up(m, index("dibao"), index("total")));
}
