// Tests for interpreter/formats/results.cpp: CSV, JSON and table output.
#include <algorithm>
#include <sstream>

#include "interpreter/formats/results.h"
#include "test_util.h"

using namespace doudi;

namespace {
model::Model make_model() {
  return load_policy_text("t.doudi", test::with_header(
      "enum grade = {severe \"特困\", general \"一般\"}\n"
      "household { income : money }\n"
      "rule dibao \"低保金\" = 630 - income\n"
      "rule g = if income < 100 then severe else general\n"
      "output dibao\noutput grade = g\n"));
}
std::string render(OutputFormat f) {
  auto m = make_model();
  std::ostringstream out;
  auto writer = make_result_writer(f, m, RunInfo{"p", "2020-08-01"}, out);
  Evaluator ev(m);
  for (auto [id, income] : {std::pair{"a,1", "50.5"}, std::pair{"b", "700"}}) {
    auto h = test::household(m, {{"income", income}});
    h.id = id;
    writer->write(h, ev.evaluate(h));
  }
  writer->finish();
  return out.str();
}
}  // namespace

TEST_CASE("results: CSV has the id and the outputs in declared order — at their scale") {
  CHECK(render(OutputFormat::csv) == "id,dibao,grade\n\"a,1\",579.50,severe\nb,-70.00,general\n");
}

TEST_CASE("results: JSON carries amounts as exact strings — with labels") {
  std::string json = render(OutputFormat::json);
  CHECK(json.find(R"({"id": "a,1", "outputs": {"dibao": "579.50", "grade": "severe"}})") != std::string::npos);
  CHECK(json.find(R"({"name": "dibao", "label": "低保金", "type": "money"})") != std::string::npos);
  CHECK(json.find("\"date\": \"2020-08-01\"") != std::string::npos);
}

TEST_CASE("results: the table aligns amounts and shows labels") {
  std::string table = render(OutputFormat::table);
  CHECK(table.find("低保金") != std::string::npos);
  CHECK(table.find("a,1  579.50  severe") != std::string::npos);
  CHECK(table.find("b    -70.00  general") != std::string::npos);
}

TEST_CASE("results: append_fixed writes what Exact::to_fixed writes") {
  for (int scale = 0; scale <= 6; ++scale) {
    int64_t unit = 1;
    for (int i = 0; i < scale; ++i) unit *= 10;
    for (int64_t v : {int64_t{0}, int64_t{1}, int64_t{-1}, int64_t{5}, int64_t{-5}, int64_t{99},
                      int64_t{100}, int64_t{-100}, int64_t{123456789}, int64_t{-987654321},
                      INT64_MAX, INT64_MIN + 1}) {
      std::string fast;
      append_fixed(fast, v, scale);
      CHECK(fast == *Exact::fraction(v, unit).to_fixed(scale));
    }
  }
}

namespace {
model::Model member_model() {
  return load_policy_text("t.doudi", test::with_header(
      "household { income : money }\n"
      "member { grant : money = 0\n student : boolean = false }\n"
      "members students \"学生\" = member where member.student\n"
      "rule dibao \"低保金\" = 630 - income\n"
      "output dibao\n"
      "output per students edu \"教育救助金\" = member.grant\n"));
}
std::string render_members(OutputFormat f) {
  auto m = member_model();
  std::ostringstream out;
  auto writer = make_result_writer(f, m, RunInfo{"p", "2020-08-01"}, out);
  Evaluator ev(m);
  auto h = test::household(m, {{"income", "30"}},
                           {{{"grant", "5000"}, {"student", "true"}}, {}, {{"grant", "1000"}, {"student", "true"}}});
  h.id = "a";
  const auto& values = ev.evaluate(h);
  writer->write(h, values, ev.member_values());
  auto none = test::household(m, {{"income", "700"}});
  none.id = "b";
  writer->write(none, ev.evaluate(none));  // a writer given no member values lists none
  writer->finish();
  return out.str();
}
}  // namespace

TEST_CASE("results: per-member outputs in CSV are one field of MEMBER:VALUE pairs") {
  CHECK(render_members(OutputFormat::csv) == "id,dibao,edu\na,600.00,1:5000.00;3:1000.00\nb,-70.00,\n");
}

TEST_CASE("results: per-member outputs in JSON are a members list per result") {
  std::string json = render_members(OutputFormat::json);
  CHECK(json.find(R"({"name": "edu", "label": "教育救助金", "type": "money", "members": "students"})") != std::string::npos);
  CHECK(json.find(R"("members": [{"member": 1, "outputs": {"edu": "5000.00"}}, {"member": 3, "outputs": {"edu": "1000.00"}}]})") != std::string::npos);
  CHECK(json.find(R"({"id": "b", "outputs": {"dibao": "-70.00"}, "members": []})") != std::string::npos);
}

TEST_CASE("results: per-member outputs in a table follow the households' table") {
  std::string table = render_members(OutputFormat::table);
  auto at = table.find("per member");
  REQUIRE(at != std::string::npos);
  std::string members = table.substr(at);
  CHECK(members.find("教育救助金") != std::string::npos);
  CHECK(members.find("a        1     5000.00") != std::string::npos);
  CHECK(members.find("a        3     1000.00") != std::string::npos);
  CHECK(members.find("b ") == std::string::npos);
  CHECK(table.substr(0, at).find("a   600.00") != std::string::npos);
}

namespace {
// A household whose `standard` (and `twice`, which needs it) is n/a.
std::string render_not_applicable(OutputFormat f) {
  auto m = load_policy_text("t.doudi", test::with_header(
      "enum hukou = {urban, rural}\n"
      "household { hukou : hukou\n income : money }\n"
      "table basic : money by hukou\n  urban 630   rural n/a\n"
      "output standard = basic\noutput income_shown = income\noutput twice = basic * 2\n"));
  std::ostringstream out;
  auto writer = make_result_writer(f, m, RunInfo{"p", "2020-08-01"}, out);
  Evaluator ev(m);
  auto h = test::household(m, {{"hukou", "rural"}, {"income", "12.5"}});
  h.id = "r";
  const auto& values = ev.evaluate(h);
  REQUIRE(ev.not_applicable().size() == 2);
  writer->write(h, values, ev.member_values(), ev.not_applicable());
  writer->finish();
  return out.str();
}
}  // namespace

TEST_CASE("results: an output that is n/a prints n/a in every format - never its placeholder") {
  CHECK(render_not_applicable(OutputFormat::csv) == "id,standard,income_shown,twice\nr,n/a,12.50,n/a\n");
  std::string json = render_not_applicable(OutputFormat::json);
  CHECK(json.find(R"("outputs": {"standard": "n/a", "income_shown": "12.50", "twice": "n/a"})") != std::string::npos);
  CHECK(json.find(R"("not_applicable": [{"output": "standard", "reason": "rule 'output standard': table 'basic' has no figure)") != std::string::npos);
  CHECK(json.find(R"({"output": "twice", "reason": )") != std::string::npos);
  std::string table = render_not_applicable(OutputFormat::table);
  CHECK(table.find("0.00") == std::string::npos);
  CHECK(table.find("n/a") != std::string::npos);
  CHECK(table.find("12.50") != std::string::npos);
}

TEST_CASE("results: a table of many households is printed in pages — each as wide as it needs (F21)") {
  auto m = make_model();
  std::ostringstream out;
  auto writer = make_result_writer(OutputFormat::table, m, RunInfo{"p", "2020-08-01"}, out);
  Evaluator ev(m);
  auto h = test::household(m, {{"income", "50.5"}});
  for (int i = 0; i < 25000; ++i) {
    // one long id in the first page widens only that page's id column
    h.id = i == 0 ? std::string(300, 'x') : std::to_string(i);
    writer->write(h, ev.evaluate(h));
  }
  writer->finish();
  std::string text = out.str();
  CHECK(text.find("policy test.policy version") == 0);
  CHECK(text.find("(households 10001 on)") != std::string::npos);
  CHECK(text.find("(households 20001 on)") != std::string::npos);
  CHECK(text.find("(households 30001 on)") == std::string::npos);
  size_t second = text.find("(households 10001 on)");
  // the first page pads ids to its 300-character one, the second does not
  CHECK(text.find("\n9999  579.50") == std::string::npos);
  CHECK(text.find("\n9999" + std::string(296, ' ') + "  579.50") < second);
  CHECK(text.find("\n10000  579.50", second) != std::string::npos);
  size_t lines = static_cast<size_t>(std::count(text.begin(), text.end(), '\n'));
  CHECK(lines > 25000);
  CHECK(lines < 25000 + 30);
}
