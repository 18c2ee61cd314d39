// Tests for the hardship-index constructs (checker: index, bands, classified;
// explain: the factor table): each factor kind, caps, the limit, rounding at
// band boundaries, bands with gaps or overlaps rejected at check time,
// classified add-ons with a member in two groups, single-person cover.
#include "base/date.h"
#include "interpreter/studies/explain.h"
#include "test_util.h"

using namespace doudi;
using test::household;
using test::output;

namespace {
const char* kIndex = R"(
enum hukou = {urban, rural}
enum grade = {severe, moderate, general}
household { hukou : hukou
  elderly : integer = 0
  gap : decimal(4) = 0
  owns_car : boolean = false
  bonus : decimal(2) = 0 }
index hardship "困难指数"
  factor rural "农村" = hukou == rural weight 5
  factor elderly "老年人" = elderly weight 8 cap 16
  factor gap "收入差距" = gap weight 40
  factor car "有车" = owns_car weight -10
  factor bonus "加分" = bonus
  limit 100
  round 0.1 half_up
bands g "困难等级" : grade by hardship
  severe   >= 60
  moderate >= 35 and < 60
  general  < 35
output score scale 1 = hardship
output grade = g
)";

model::Model index_policy() { return load_policy_text("t.doudi", test::with_header(kIndex)); }

std::string score(const std::map<std::string, std::string>& f) {
  auto m = index_policy();
  return output(m, household(m, f), "score");
}
std::string grade(const std::map<std::string, std::string>& f) {
  auto m = index_policy();
  return output(m, household(m, f), "grade");
}
}  // namespace

TEST_CASE("index: each factor kind — a flag — a count — a ratio — a negative weight — points as given") {
  CHECK(score({{"hukou", "rural"}}) == "5.0");                      // flag: its weight
  CHECK(score({{"hukou", "urban"}}) == "0.0");                      // flag not set: nothing
  CHECK(score({{"hukou", "urban"}, {"elderly", "1"}}) == "8.0");    // count × weight
  CHECK(score({{"hukou", "urban"}, {"gap", "0.5"}}) == "20.0");     // ratio × weight
  CHECK(score({{"hukou", "rural"}, {"owns_car", "true"}}) == "-5.0");  // a negative weight lowers it
  CHECK(score({{"hukou", "urban"}, {"bonus", "7.25"}}) == "7.3");   // weight 1: points as given, rounded
}

TEST_CASE("index: a factor's cap and the limit on the total") {
  CHECK(score({{"hukou", "urban"}, {"elderly", "2"}}) == "16.0");
  CHECK(score({{"hukou", "urban"}, {"elderly", "5"}}) == "16.0");   // capped at 16
  CHECK(score({{"hukou", "rural"}, {"elderly", "3"}, {"gap", "1"}, {"bonus", "99"}}) == "100.0");  // limit
}

TEST_CASE("index: rounding decides the band at a boundary") {
  // 34.95 rounds half up to 35.0, which is moderate; 34.94 rounds to 34.9, general.
  CHECK(score({{"hukou", "urban"}, {"bonus", "34.95"}}) == "35.0");
  CHECK(grade({{"hukou", "urban"}, {"bonus", "34.95"}}) == "moderate");
  CHECK(grade({{"hukou", "urban"}, {"bonus", "34.94"}}) == "general");
  CHECK(grade({{"hukou", "urban"}, {"bonus", "60"}}) == "severe");
  CHECK(grade({{"hukou", "urban"}, {"bonus", "59.94"}}) == "moderate");
}

TEST_CASE("index: the explanation shows every factor — zero ones too — and the band") {
  auto m = index_policy();
  auto h = household(m, {{"hukou", "urban"}, {"elderly", "3"}, {"gap", "0.25"}});
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  std::string text = explain_text(m, h, trace, out, ExplainRequest{std::nullopt, "2020-01-01"});
  CHECK(text.find("农村 rural | false | 5 | 0 | —") != std::string::npos);
  CHECK(text.find("老年人 elderly | 3 | 8 | 16 | 16 (reached: points capped)") != std::string::npos);
  CHECK(text.find("收入差距 gap | 0.25 | 40 | 10 | —") != std::string::npos);
  CHECK(text.find("有车 car | false | -10 | 0 | —") != std::string::npos);
  CHECK(text.find("total 26 (limit 100 not reached), rounded to 26.0 (0.1, half_up)") != std::string::npos);
  CHECK(text.find("band: score 26.0 is < 35 → general") != std::string::npos);
}

TEST_CASE("bands: a gap between bands is rejected — with its position") {
  test::expect_error(test::with_header("enum grade = {a, b}\nhousehold { s : integer }\nrule x = 1\noutput x\n"
                                       "bands g : grade by s\n  a >= 60\n  b < 50\n"),
                     "a gap between bands 'b' and 'a': no band holds scores from 50 to 60", 9, 3);
}

TEST_CASE("bands: overlapping bands are rejected — also at a shared boundary") {
  test::expect_error(test::with_header("enum grade = {a, b}\nhousehold { s : integer }\nrule x = 1\noutput x\n"
                                       "bands g : grade by s\n  a >= 50\n  b < 60\n"),
                     "bands 'b' and 'a' overlap", 9, 3);
  test::expect_error(test::with_header("enum grade = {a, b}\nhousehold { s : integer }\nrule x = 1\noutput x\n"
                                       "bands g : grade by s\n  a >= 50\n  b <= 50\n"),
                     "overlap at 50: say which holds it with >= or <", 9, 3);
  test::expect_error(test::with_header("enum grade = {a, b}\nhousehold { s : integer }\nrule x = 1\noutput x\n"
                                       "bands g : grade by s\n  a > 50\n  b < 50\n"),
                     "no band holds the score 50", 9, 3);
}

TEST_CASE("bands: the lowest and highest bands must be open-ended") {
  test::expect_error(test::with_header("enum grade = {a, b}\nhousehold { s : integer }\nrule x = 1\noutput x\n"
                                       "bands g : grade by s\n  a >= 50\n  b >= 0 and < 50\n"),
                     "scores below 0 fall in no band", 10, 3);
}

TEST_CASE("classified: a member in two groups counts once — as the policy says") {
  auto policy = [](const char* counting) {
    return load_policy_text("t.doudi", test::with_header(std::string(
        "household { standard : money = 500 }\n"
        "member { age : integer\n disabled : boolean = false }\n"
        "classified addon \"分类施保\" counting ") + counting + "\n"
        "  group elderly when member.age >= 60 gives 50\n"
        "  group disabled when member.disabled gives round(0.2 * standard, 1, half_up)\n"
        "output addon\n"));
  };
  std::vector<std::map<std::string, std::string>> members{
      {{"age", "70"}, {"disabled", "true"}},  // in both groups
      {{"age", "65"}},                        // elderly only
      {{"age", "30"}}};                       // neither
  auto highest = policy("highest");
  CHECK(output(highest, household(highest, {}, members), "addon") == "150.00");  // 100 + 50
  auto first = policy("first");
  CHECK(output(first, household(first, {}, members), "addon") == "100.00");      // 50 + 50
  auto all = policy("all");
  CHECK(output(all, household(all, {}, members), "addon") == "200.00");          // 150 + 50
  test::expect_error(test::with_header("member { age : integer }\nclassified c counting most\n"
                                       "  group old when member.age > 60 gives 1\noutput c\n"),
                     "a member in several groups counts by", 5, 23);
}

TEST_CASE("jinxiang: the shipped index policy — grades — supplements — single-person cover") {
  auto set = load_policy(test::source_path("policies/jining/jinxiang"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  auto couple = household(m, {{"hukou", "rural"}, {"monthly_income", "300.00"}},
                          {{{"age", "72"}, {"disability", "grade2"}}, {{"age", "68"}, {"seriously_ill", "true"}}});
  CHECK(output(m, couple, "score") == "62.9");  // 5 + 16 + 12 + 10 + 30 × 295/445
  CHECK(output(m, couple, "grade") == "severe");
  CHECK(output(m, couple, "dibao") == "590.00");
  CHECK(output(m, couple, "grade_supplement") == "200.00");
  CHECK(output(m, couple, "classified_supplement") == "178.00");  // 89 + 89: the highest of each member's groups
  // Above the dibao line but low-income: the severely disabled member is covered alone.
  auto low_income = household(m, {{"hukou", "rural"}, {"monthly_income", "1500.00"}, {"assets", "25000"}},
                              {{{"age", "50"}}, {{"age", "48"}, {"disability", "grade1"}}, {{"age", "22"}, {"student", "true"}}});
  CHECK(output(m, low_income, "dibao") == "0.00");
  CHECK(output(m, low_income, "single_person_cover") == "445.00");
  CHECK(output(m, low_income, "score") == "13.0");  // 5 + 15 + 3 - 10 (assets)
  // Not low-income (per capita 700 >= 1.5 × 445): no single-person cover.
  auto better_off = household(m, {{"hukou", "rural"}, {"monthly_income", "2100.00"}},
                              {{{"age", "50"}}, {{"age", "48"}, {"disability", "grade1"}}, {{"age", "22"}}});
  CHECK(output(m, better_off, "single_person_cover") == "0.00");
}

TEST_CASE("bands: a grade has one interval") {
  test::expect_error(test::with_header("enum grade = {a, b}\nhousehold { s : integer }\nrule x = 1\noutput x\n"
                                       "bands g : grade by s\n  a >= 50\n  b < 10\n  a < 50\n"),
                     "'a' already has a band", 11, 3);
}

TEST_CASE("index: a second limit line is an error") {
  test::expect_error(test::with_header("household { s : integer }\nindex i\n  factor f = s\n  limit 10\n  limit 20\n"
                                       "output x = i\n"),
                     "a second 'limit' line", 8, 3);
}
