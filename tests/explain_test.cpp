// Tests for interpreter/studies/explain.cpp and the evaluator's trace: explaining
// never changes a result, and the derivation shows rules, inputs, cells with
// their region group, roundings, branches and sources — and nothing unused.
#include <sstream>

#include "base/date.h"
#include "interpreter/studies/explain.h"

#include <yaml-cpp/yaml.h>
#include "test_util.h"

using namespace doudi;
using test::source_path;

namespace {
std::vector<Household> read(const model::Model& m, const std::string& path) {
  std::vector<Household> out;
  if (is_csv_path(path)) {
    CsvHouseholdReader reader(m, path);
    REQUIRE_FALSE(reader.error().has_value());
    Household h;
    std::optional<HouseholdError> e;
    while (reader.next(h, e)) {
      REQUIRE_FALSE(e.has_value());
      out.push_back(h);
    }
  } else {
    std::vector<HouseholdError> errors;
    out = read_household_document(m, path, errors);
    REQUIRE(errors.empty());
  }
  return out;
}

// Every output of every household, evaluated with and without a trace.
void same_with_and_without_trace(const std::string& policy, const std::string& households, const char* date) {
  auto set = load_policy(source_path(policy));
  const auto& m = set.in_force(*parse_date(date));
  auto hs = read(m, source_path(households));
  REQUIRE(!hs.empty());
  Evaluator plain(m), traced(m);
  Trace trace;
  traced.set_trace(&trace);
  long compared = 0;
  for (const auto& h : hs) {
    std::vector<Exact> a, b;
    bool a_failed = false, b_failed = false;
    try { a = plain.evaluate(h); } catch (const EvaluationError&) { a_failed = true; }
    try { b = traced.evaluate(h); } catch (const EvaluationError&) { b_failed = true; }
    CHECK(a_failed == b_failed);
    REQUIRE(a.size() == b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      CHECK(a[i] == b[i]);
      ++compared;
    }
  }
  CHECK(compared > 0);
}

std::string explain(const char* district, const char* hukou, const char* members, const char* income,
                    const std::optional<std::string>& output = std::nullopt) {
  auto set = load_policy(source_path("policies/jining"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  auto h = test::household(m, {{"district", district}, {"hukou", hukou}, {"members", members},
                               {"monthly_income", income}});
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  return explain_text(m, h, trace, out, ExplainRequest{output, "2020-08-01"});
}
}  // namespace

TEST_CASE("explain: tracing never changes a result (reference workload — 10 000 households)") {
  same_with_and_without_trace("policies/reference", "tests/data/reference_households_10k.csv", "2020-08-01");
}

TEST_CASE("explain: tracing never changes a result (shipped examples)") {
  same_with_and_without_trace("policies/jining", "examples/jining/households.yaml", "2020-08-01");
  same_with_and_without_trace("policies/jining", "examples/jining/households.csv", "2017-06-01");
  same_with_and_without_trace("policies/wenshang", "examples/wenshang/households.yaml", "2020-08-01");
}

TEST_CASE("explain: the derivation of a dibao shows cell — region group — rounding — branch and sources") {
  std::string text = explain("梁山县", "urban", "3", "1000.00", std::string("dibao"));
  CHECK(text.find("低保金 dibao = 770.01") != std::string::npos);
  CHECK(text.find("低保标准 dibao_standard[二类地区, urban] = 590, 梁山县 being in 二类地区") != std::string::npos);
  CHECK(text.find("rounded 1000 / 3 ≈ 333.3333 to 333.33 (to 0.01, half_up)") != std::string::npos);
  CHECK(text.find("'then' applies") != std::string::npos);
  CHECK(text.find("家庭月收入 monthly_income = 1000.00 (household input)") != std::string::npos);
  CHECK(text.find("特困人员 tekun = false (not given: the default)") != std::string::npos);
  CHECK(text.find("source: ●城市低保标准") != std::string::npos);
  CHECK(text.find("[policies/jining/2016.doudi:") == std::string::npos);  // paths as given: absolute here
  CHECK(text.find("2016.doudi:42:6]") != std::string::npos);
}

TEST_CASE("explain: rules that were not needed are not shown") {
  std::string text = explain("任城区", "urban", "3", "900.00");
  CHECK(text.find("特困人员供养金 tekun_support = 0.00") != std::string::npos);
  CHECK(text.find("tekun_basic[") == std::string::npos);   // the 'else' branch: no lookup
  CHECK(text.find("care_standard[") == std::string::npos);
}

TEST_CASE("explain: the JSON carries the same tree — and parses") {
  auto set = load_policy(source_path("policies/jining"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  auto h = test::household(m, {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "900.00"}});
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  YAML::Node doc = YAML::Load(explain_json(m, h, trace, out, ExplainRequest{std::string("dibao"), "2020-08-01"}));
  REQUIRE(doc["outputs"].size() == 1);
  YAML::Node d = doc["outputs"][0]["derivation"];
  CHECK(doc["outputs"][0]["value"].Scalar() == "990.00");
  CHECK(d["rule"].Scalar() == "dibao");
  CHECK(d["branches"][0]["taken"].Scalar() == "then");
  CHECK(d["lookups"][0]["cell"].Scalar() == "[一类地区, urban]");
  CHECK(d["lookups"][0]["district"].Scalar() == "任城区");
  CHECK(d["lookups"][0]["region"].Scalar() == "一类地区");
  CHECK(d["uses"][0]["rule"].Scalar() == "per_capita_income");
  CHECK(d["uses"][0]["roundings"][0]["after"].Scalar() == "300.00");
}

TEST_CASE("explain: the bound of a clamp that bit — the evaluation date — per-member outputs") {
  auto set = load_policy(source_path("policies/jining/programmes"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  auto h = test::household(m, {{"district", "梁山县"}, {"hukou", "urban"}, {"monthly_income", "3000"},
                               {"hardship", "emergency"}, {"hardship_request", "9000"}},
                           {{{"birth_date", "2002-08-01"}, {"study", "college"}, {"orphan", "true"}}});
  Evaluator ev(m);
  ev.set_evaluation_date(parse_date("2020-08-01"));
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  ExplainRequest all{std::nullopt, "2020-08-01", &ev.member_values()};
  std::string text = explain_text(m, h, trace, out, all);
  CHECK(text.find("9000 is above the high bound 7080: cut to 7080") != std::string::npos);
  CHECK(text.find("evaluation_date = 2020-08-01 (the date of evaluation, --date)") != std::string::npos);
  CHECK(text.find("孤儿助学金 orphan_aid per member (members in orphan_students):") != std::string::npos);
  CHECK(text.find("  member 1 = 10000.00") != std::string::npos);
  std::string json = explain_json(m, h, trace, out, all);
  CHECK(json.find(R"("bound": "high")") != std::string::npos);
  CHECK(json.find(R"("member_outputs": [)") != std::string::npos);
  CHECK_NOTHROW(YAML::Load(json));
  auto small = test::household(m, {{"district", "梁山县"}, {"hukou", "urban"}, {"monthly_income", "3000"},
                                   {"hardship", "emergency"}, {"hardship_request", "100"}},
                               {{{"birth_date", "1980-01-01"}}});
  const auto& out2 = ev.evaluate(small);
  std::string low = explain_text(m, small, trace, out2, ExplainRequest{std::string("temporary"), "2020-08-01"});
  CHECK(low.find("100 is below the low bound 1770: raised to 1770") != std::string::npos);
}

TEST_CASE("explain: a rounded quotient shows its operands — 14686 / 12 not 7343/6") {
  auto set = load_policy(source_path("policies/shandong"));
  const auto& m = set.in_force(*parse_date("2018-06-01"));
  auto h = test::household(m, {{"hukou", "urban"}, {"care", "full"}});
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  std::string text = explain_text(m, h, trace, out, ExplainRequest{std::string("tekun_month"), "2018-06-01"});
  CHECK(text.find("rounded 14686 / 12 ≈ 1223.8333 to 1223.83 (to 0.01, half_up)") != std::string::npos);
  CHECK(text.find("7343/6") == std::string::npos);
}

TEST_CASE("explain: a classified add-on says per member which groups applied") {
  auto set = load_policy(source_path("policies/jining/jinxiang"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  auto h = test::household(m, {{"hukou", "rural"}, {"monthly_income", "300"}},
                           {{{"age", "72"}, {"disability", "grade2"}}, {{"age", "68"}}, {{"age", "9"}}});
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  std::string text = explain_text(m, h, trace, out, ExplainRequest{std::string("classified_supplement"), "2020-08-01"});
  INFO(text);
  CHECK(text.find("classified by group, counting highest (a member in several groups gets the largest add-on)") !=
        std::string::npos);
  CHECK(text.find("group 高龄老人 elderly: member.age >= 70 gives 50") != std::string::npos);
  // Each member with what the conditions read of it: why it is in its groups.
  CHECK(text.find("member 1 (年龄 age = 72, 残疾等级 disability = grade2, 重病 seriously_ill = false (the default)): "
                  "in 高龄老人 elderly, 重度残疾人 severely_disabled\n") != std::string::npos);
  CHECK(text.find("member 2 (年龄 age = 68, 残疾等级 disability = none (the default), 重病 seriously_ill = false (the "
                  "default)): in no group: 0") != std::string::npos);
  CHECK(text.find("member 3 (年龄 age = 9, ") != std::string::npos);
  CHECK(text.find("): in 未成年人 minor\n") != std::string::npos);
  CHECK(text.find("member 4") == std::string::npos);
  CHECK(text.find("does not hold: 'else' applies") == std::string::npos);
}

TEST_CASE("explain: a classified add-on's member facts give an age on the evaluation date") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "household { income : money }\n"
      "member { birth_date : date\n ill : boolean = false }\n"
      "classified addon counting highest\n"
      "  group elderly \"老年人\" when age(member.birth_date, evaluation_date) >= 60 gives 30\n"
      "  group ill \"重病\" when member.ill gives 50\n"
      "output addon\n"));
  auto h = test::household(m, {{"income", "0"}}, {{{"birth_date", "1960-08-01"}}, {{"birth_date", "1960-08-02"}, {"ill", "true"}}});
  Evaluator ev(m);
  ev.set_evaluation_date(*parse_date("2020-08-01"));
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  CHECK(out[0].to_string() == "80");
  std::string text = explain_text(m, h, trace, out, ExplainRequest{std::nullopt, "2020-08-01"});
  INFO(text);
  // 60 on the birthday itself; one day short is still 59.
  CHECK(text.find("member 1 (age 60 on 2020-08-01, birth_date = 1960-08-01, ill = false (the default)): in 老年人 "
                  "elderly\n") != std::string::npos);
  CHECK(text.find("member 2 (age 59 on 2020-08-01, birth_date = 1960-08-02, ill = true): in 重病 ill\n") !=
        std::string::npos);
}

TEST_CASE("explain: a rule used by many others is derived once in JSON — as in the text (F12)") {
  // r_i = max(r_{i-1}, r_{i-2}): written out in full at every use, 40 rules
  // 16 rules would be written out about 2^15 times (megabytes).
  std::string text = "policy t.dag\nversion 1\neffective 2020-01-01\nhousehold {\n  x : integer\n}\n"
                     "rule r0 = x\nrule r1 = x + 1\n";
  for (int i = 2; i < 16; ++i) text += "rule r" + std::to_string(i) + " = max(r" + std::to_string(i - 1) +
                                        ", r" + std::to_string(i - 2) + ")\n";
  text += "output r15\n";
  auto m = load_policy_text("t.doudi", text);
  auto h = test::household(m, {{"x", "5"}});
  Evaluator ev(m);
  Trace trace;
  ev.set_trace(&trace);
  const auto& out = ev.evaluate(h);
  std::string json = explain_json(m, h, trace, out, ExplainRequest{std::nullopt, "2020-08-01"});
  CHECK(json.size() < 20000);
  YAML::Node d = YAML::Load(json)["outputs"][0]["derivation"];
  CHECK(d["value"].Scalar() == "6");
  // r15 uses r14 (in full, down the chain) and r13, already derived there.
  REQUIRE(d["uses"].size() == 2);
  CHECK(d["uses"][0]["rule"].Scalar() == "r14");
  CHECK_FALSE(d["uses"][0]["as_above"]);
  CHECK(d["uses"][0]["uses"].size() == 2);
  CHECK(d["uses"][1]["rule"].Scalar() == "r13");
  CHECK(d["uses"][1]["as_above"].as<bool>());
  CHECK(d["uses"][1]["value"].Scalar() == "6");
  CHECK(d["uses"][1]["uses"].size() == 0);
}
