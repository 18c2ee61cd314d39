// Tests for dsl/parser.cpp: the syntax tree of good files, and syntax errors
// with their positions and plain-words messages.
#include "dsl/parser.h"

#include "test_util.h"

using namespace doudi;

namespace {
syntax::PolicyFile parse(const std::string& text) {
  auto f = std::make_shared<SourceFile>();
  f->path = "t.doudi";
  f->text = text;
  return parse_policy(f);
}
Diagnostic syntax_error(const std::string& text) {
  auto f = std::make_shared<SourceFile>();
  f->path = "t.doudi";
  f->text = text;
  try {
    parse_policy(f);
  } catch (const PolicyError& e) {
    REQUIRE(e.diagnostics.size() == 1);
    return e.diagnostics[0];
  }
  FAIL("expected a syntax error");
  return {};
}
}  // namespace

TEST_CASE("parser: header — enums — regions — inputs — tables — rules — outputs") {
  auto p = parse(R"(# a comment
policy jining.social_assistance
version 2020.07
effective 2020-07-01
source "自7月1日起"
enum hukou "户籍" = {urban "城市", rural "农村"}
region 一类地区 = {任城区, 兖州区}
region 二类地区 = {泗水县}
household {
  district : district
  members : integer "家庭人口"
  income : money per person per month = 0
}
member { age : integer }
table dibao_standard "低保标准" : money per person per month by region, hukou
source "城市低保标准…"
           urban rural
  一类地区   630   475
  二类地区   590   n/a
rule dibao = if members > 0 then dibao_standard * members else 0 元
source "补差"
output dibao "低保金" money scale 2
)");
  CHECK(p.policy_name->text == "jining.social_assistance");
  CHECK(p.version->text == "2020.07");
  CHECK(p.effective->text == "2020-07-01");
  CHECK(p.sources == std::vector<std::string>{"自7月1日起"});
  REQUIRE(p.enums.size() == 1);
  CHECK(p.enums[0].values[1].name.text == "rural");
  CHECK(p.enums[0].values[1].label == "农村");
  REQUIRE(p.regions.size() == 2);
  CHECK(p.regions[0].districts[1].text == "兖州区");
  REQUIRE(p.inputs.size() == 4);
  CHECK(p.inputs[2].type.per == "per person per month");
  CHECK(p.inputs[2].default_value != nullptr);
  CHECK(p.inputs[3].scope == syntax::InputScope::member);
  REQUIRE(p.tables.size() == 1);
  const auto& t = p.tables[0];
  CHECK(t.label == "低保标准");
  CHECK(t.keys.size() == 2);
  CHECK(t.sources == std::vector<std::string>{"城市低保标准…"});
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[2][2].kind == syntax::Cell::Kind::not_applicable);
  CHECK(t.rows[1][1].text == "630");
  CHECK(t.rows[1][1].position.line == 18);
  REQUIRE(p.rules.size() == 1);
  CHECK(p.rules[0].sources == std::vector<std::string>{"补差"});
  CHECK(p.rules[0].body->kind == syntax::ExprKind::if_then);
  CHECK(p.rules[0].body->args[2]->unit == "yuan");
  REQUIRE(p.outputs.size() == 1);
  CHECK(p.outputs[0].scale == 2);
  CHECK(p.outputs[0].label == "低保金");
}

TEST_CASE("parser: operator precedence and Chinese operator signs") {
  auto p = parse("rule x = 1 + 2 × 3 - 4 ÷ 2\nrule y = a ≤ b and not c or d\n");
  const auto& x = *p.rules[0].body;  // (1 + (2*3)) - (4/2)
  CHECK(x.text == "-");
  CHECK(x.args[0]->text == "+");
  CHECK(x.args[0]->args[1]->text == "*");
  CHECK(x.args[1]->text == "/");
  const auto& y = *p.rules[1].body;  // ((a <= b) and (not c)) or d
  CHECK(y.text == "or");
  CHECK(y.args[0]->text == "and");
  CHECK(y.args[0]->args[0]->text == "<=");
  CHECK(y.args[0]->args[1]->text == "not");
}

TEST_CASE("parser: calls — aggregates — lookups and membership") {
  auto p = parse(
      "rule a = round(x / 3, 0.01, half_up)\n"
      "rule b = count(member where member.age >= 60)\n"
      "rule c = t[一类地区, urban]\n"
      "rule d = district in 一类地区\n");
  CHECK(p.rules[0].body->kind == syntax::ExprKind::call);
  CHECK(p.rules[0].body->args.size() == 3);
  CHECK(p.rules[1].body->where != nullptr);
  CHECK(p.rules[1].body->where->args[0]->path == std::vector<std::string>{"member", "age"});
  CHECK(p.rules[2].body->kind == syntax::ExprKind::index);
  CHECK(p.rules[2].body->args.size() == 2);
  CHECK(p.rules[3].body->kind == syntax::ExprKind::in);
  CHECK(p.rules[3].body->text == "一类地区");
}

TEST_CASE("parser: an expression may continue on the next line") {
  auto p = parse("rule a =\n  1 +\n  2\nrule b = 3\n");
  CHECK(p.rules.size() == 2);
  CHECK(p.rules[0].body->text == "+");
}

TEST_CASE("parser: 'if' without 'else' is an error at the point it is missing") {
  auto d = syntax_error("rule a = if x then 1\n");
  CHECK(d.message.find("expected 'else'") != std::string::npos);
  CHECK(d.position.line == 2);
}

TEST_CASE("parser: missing 'then'") {
  auto d = syntax_error("rule a = if x 1 else 2\n");
  CHECK(d.message.find("expected 'then'") != std::string::npos);
  CHECK(d.position.line == 1);
  CHECK(d.position.column == 15);
}

TEST_CASE("parser: a rule without an expression") {
  auto d = syntax_error("rule a =\nrule b = 1\n");
  CHECK(d.message.find("expected an expression") != std::string::npos);
  CHECK(d.position.line == 2);
  CHECK(d.position.column == 1);  // 'rule' starts a declaration, not an expression
}

TEST_CASE("parser: an unknown statement") {
  auto d = syntax_error("policy p\nversion 1\ngrant x = 1\n");
  CHECK(d.message.find("expected a declaration") != std::string::npos);
  CHECK(d.position.line == 3);
  CHECK(d.position.column == 1);
}

TEST_CASE("parser: a bad effective date") {
  auto d = syntax_error("effective 2020/07/01\n");
  CHECK(d.message.find("YYYY-MM-DD") != std::string::npos);
  CHECK(d.position.column == 15);  // where the date stops being one
}

TEST_CASE("parser: an unclosed enumeration") {
  auto d = syntax_error("enum hukou = {urban, rural\nrule a = 1\n");
  CHECK(d.message.find("expected '}'") != std::string::npos);
  CHECK(d.position.line == 2);
}

TEST_CASE("parser: a stray character in a table row — with a Chinese column") {
  auto d = syntax_error("table t : money by hukou\n  城市 570 ; rural 380\n");
  CHECK(d.message.find("end of the line") != std::string::npos);
  CHECK(d.position.line == 2);
  CHECK(d.position.column == 10);  // counted in characters: "  城市 570 " is 9
}

TEST_CASE("parser: an unclosed parenthesis") {
  auto d = syntax_error("rule a = min(1, 2\n");
  CHECK(d.message.find("expected ')'") != std::string::npos);
}

TEST_CASE("parser: invalid UTF-8 is reported at its line and column") {
  auto d = syntax_error("policy p\nrule 低保 = \xff\n");
  CHECK(d.message.find("UTF-8") != std::string::npos);
  CHECK(d.position.line == 2);
  CHECK(d.position.column == 11);
}

TEST_CASE("parser: an empty file") {
  auto e = syntax_error("\n  \n");
  CHECK(e.message.find("empty") != std::string::npos);
}

TEST_CASE("parser: nesting beyond the limit is an error — not a stack overflow") {
  auto d = syntax_error("rule a = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n");
  CHECK(d.message.find("nested too deeply") != std::string::npos);
  CHECK(d.position.line == 1);
  std::string minus;
  for (int i = 0; i < 50000; ++i) minus += "- ";
  CHECK(syntax_error("rule a = " + minus + "1\n").message.find("nested too deeply") != std::string::npos);
  auto ok = parse("rule a = " + std::string(150, '(') + "1" + std::string(150, ')') + "\n");
  CHECK(ok.rules.size() == 1);
}

TEST_CASE("parser: a diagnostic on a very long line shows a window around the column") {
  auto d = syntax_error("rule a = " + std::string(100000, '(') + "1" + std::string(100000, ')') + "\n");
  std::string text = d.render();
  CHECK(text.size() < 2000);
  CHECK(text.find("…") != std::string::npos);
}

TEST_CASE("parser: member lists and per-member outputs") {
  auto f = parse(test::with_header(
      "members students \"在读学生\" = member where member.studying\n"
      "output per students grant \"教育救助金\" money scale 2 = 1000\n"
      "output per member years = age(member.birth_date, evaluation_date)\n"
      "output total = count(students)\n"));
  REQUIRE(f.member_lists.size() == 1);
  CHECK(f.member_lists[0].name.text == "students");
  CHECK(f.member_lists[0].label == "在读学生");
  REQUIRE(f.member_lists[0].condition);
  CHECK(f.member_lists[0].condition->path == std::vector<std::string>{"member", "studying"});
  REQUIRE(f.outputs.size() == 3);
  REQUIRE(f.outputs[0].per);
  CHECK(f.outputs[0].per->text == "students");
  CHECK(f.outputs[0].name.text == "grant");
  CHECK(f.outputs[0].label == "教育救助金");
  CHECK(f.outputs[0].scale == 2);
  REQUIRE(f.outputs[1].per);
  CHECK(f.outputs[1].per->text == "member");
  CHECK(f.outputs[1].value->kind == syntax::ExprKind::call);
  CHECK(f.outputs[1].value->text == "age");
  CHECK_FALSE(f.outputs[2].per);
}

TEST_CASE("parser: a member list needs 'member where'") {
  auto d = syntax_error(test::with_header("members students = everyone\n"));
  CHECK(d.message.find("expected 'member where CONDITION'") != std::string::npos);
  CHECK(d.position.line == 4);
  CHECK(d.position.column == 20);
  auto w = syntax_error(test::with_header("members students = member\noutput x = 1\n"));
  CHECK(w.message.find("expected 'where'") != std::string::npos);
}

TEST_CASE("parser: a description line — once") {
  auto p = parse("policy p\nversion 1\neffective 2020-01-01\ndescription \"一类地区城市低保标准由630元提高到660元\"\n");
  REQUIRE(p.description);
  CHECK(p.description->text == "一类地区城市低保标准由630元提高到660元");
  CHECK(p.description->position.line == 4);
  auto errors = test::policy_errors(
      "policy p\nversion 1\neffective 2020-01-01\ndescription \"a\"\ndescription \"b\"\n");
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("a second 'description' line") != std::string::npos);
}
