// Tests for interpreter/remedy.cpp: the figure that would satisfy a violated
// require, for a product, a ratio and a rounded equality, at the figure's own
// precision and in the right direction.
#include "interpreter/studies/remedy.h"
#include "test_util.h"

using namespace doudi;

namespace {
model::Model policy(const std::string& tables, const std::string& require) {
  return load_policy_text("t.doudi", test::with_header("enum hukou = {urban, rural}\n" + tables +
                                                       "rule a = 1\noutput a\n" + require));
}
}  // namespace

TEST_CASE("remedy: tekun at least 1.3 times dibao — either figure moved alone") {
  auto m = policy("table dibao : money by hukou\n  urban 570  rural 380\n"
                  "table tekun : money by hukou\n  urban 800  rural 470\n",
                  "require tekun >= 1.3 * dibao\n");
  auto rural = satisfying_figures(m, m.invariants.at(0), {1});
  REQUIRE(rural.size() == 2);
  CHECK(rural[0].figure == "tekun[rural]");
  CHECK(rural[0].relation == "at least");
  CHECK(rural[0].value == Exact::from_int(494));
  CHECK(rural[1].figure == "dibao[rural]");
  CHECK(rural[1].relation == "at most");
  CHECK(rural[1].value == Exact::from_int(361));  // 470 / 1.3 = 361.5…, down to the yuan
  CHECK(remedies_text(m, rural) ==
        "tekun[rural] at least 494 (published 470), or dibao[rural] at most 361 (published 380)");
  CHECK(satisfying_figures(m, m.invariants.at(0), {0}).empty());  // urban holds
}

TEST_CASE("remedy: a ratio — Wenshang's 590 / 445 within 1.3") {
  auto m = policy("table dibao : money by hukou\n  urban 590  rural 445\n",
                  "require dibao[urban] / dibao[rural] <= 1.3\n");
  auto r = satisfying_figures(m, m.invariants.at(0), {});
  REQUIRE(r.size() == 2);
  const Remedy& urban = r[0].figure == "dibao[urban]" ? r[0] : r[1];
  const Remedy& rural = r[0].figure == "dibao[urban]" ? r[1] : r[0];
  CHECK(urban.figure == "dibao[urban]");
  CHECK(urban.relation == "at most");
  CHECK(urban.value == Exact::from_int(578));  // 1.3 x 445 = 578.5
  CHECK(rural.figure == "dibao[rural]");
  CHECK(rural.relation == "at least");
  CHECK(rural.value == Exact::from_int(454));  // 590 / 1.3 = 453.8…
}

TEST_CASE("remedy: a rounded equality — a figure that makes it hold") {
  auto m = policy("rule u : money = 529\nrule r : money = 1496\n"
                  "rule ratio = round(u * 12 / r, 0.01, half_up)\n",
                  "require ratio == 1.41\n");
  auto r = satisfying_figures(m, m.invariants.at(0), {});
  REQUIRE(!r.empty());
  for (const auto& x : r) {
    INFO(x.figure << " = " << x.value.to_string());
    CHECK(x.relation == "=");
    Exact ratio = x.figure == "r" ? (Exact::from_int(529 * 12) / x.value)
                                      : (x.value * Exact::from_int(12) / Exact::from_int(1496));
    CHECK(ratio.round(*Exact::parse("0.01"), RoundingMode::half_up) == *Exact::parse("1.41"));
  }
}
