// Tests for dsl/checker.cpp: each kind of error, with its message and position,
// and the types and scales it infers for good policies.
#include "dsl/checker.h"

#include <fmt/format.h>

#include "test_util.h"

using namespace doudi;
using doudi::test::expect_error;
using doudi::test::policy_errors;
using doudi::test::with_header;

namespace {
const char* kBase = R"(enum hukou = {urban, rural}
region 一类地区 = {任城区, 兖州区}
region 二类地区 = {泗水县}
household {
  district : district
  hukou : hukou
  members : integer
  income : money
}
table dibao_standard : money by region, hukou
          urban rural
  一类地区  630   475
  二类地区  590   445
)";
// Lines 1-3 are the header, kBase is lines 4-16; a test's own text starts at line 17.
std::string policy(const std::string& rules) { return with_header(std::string(kBase) + rules); }
}  // namespace

TEST_CASE("checker: a good policy checks — with types and scales inferred") {
  auto m = load_policy_text("t.doudi", policy(
      "rule per_capita = round(income / members, 0.01, half_up)\n"
      "rule gap = dibao_standard - per_capita\n"
      "rule ratio = gap / dibao_standard\n"
      "rule dibao = if gap > 0 then gap * members else 0\n"
      "output dibao\n"));
  CHECK(m.rules[0].type.kind == model::TypeKind::money);
  CHECK(m.rules[0].type.scale == 2);
  CHECK(m.rules[2].type.kind == model::TypeKind::decimal);  // money / money is a ratio
  CHECK(m.rules[2].type.scale == model::kRational);
  CHECK(m.rules[3].type.kind == model::TypeKind::money);
  CHECK(m.outputs[0].scale == 2);
  CHECK(m.districts.size() == 3);
  CHECK(m.districts[2].region == 1);
}

TEST_CASE("checker: unknown name") {
  expect_error(policy("rule a = incom * 2\noutput a\n"), "unknown name 'incom'", 17, 10);
}

TEST_CASE("checker: money is not added to a count") {
  auto d = expect_error(policy("rule a = income + members\noutput a\n"), "cannot add money and an integer", 17, 10);
  CHECK(d.manual_section == "Types");
}

TEST_CASE("checker: money times money has no meaning") {
  expect_error(policy("rule a = income * income\noutput a\n"), "cannot multiply money by money", 17, 10);
}

TEST_CASE("checker: a count cannot be divided by money") {
  expect_error(policy("rule a = members / income\noutput a\n"), "cannot divide an integer", 17, 10);
}

TEST_CASE("checker: 'and' takes conditions") {
  expect_error(policy("rule a = members and true\noutput a\n"), "'and' joins conditions", 17, 10);
}

TEST_CASE("checker: the branches of if must agree") {
  expect_error(policy("rule a = if members > 1 then income else true\noutput a\n"), "the two branches differ", 17, 10);
}

TEST_CASE("checker: a table lacking a cell its keys call for") {
  auto errors = policy_errors(with_header(R"(enum hukou = {urban, rural}
region A = {x}
region B = {y}
table t : money by region, hukou
     urban rural
  A  630   475
  B  590
rule a = 1
output a
)"));
  REQUIRE(!errors.empty());
  bool row_length = false, missing = false;
  for (const auto& e : errors) {
    if (e.message.find("this row has 1 values but the header names 2 columns") != std::string::npos) {
      row_length = e.position.line == 10 && e.position.column == 3;
    }
    if (e.message.find("table 't' has no cell for [B, urban], [B, rural]") != std::string::npos) {
      missing = e.position.line == 7 && e.position.column == 7;
    }
  }
  CHECK(row_length);
  CHECK(missing);
}

TEST_CASE("checker: a one-key table missing a value names it") {
  expect_error(with_header("enum care = {full, partial, self}\n"
                           "table c : money by care\n  full 580 partial 290\n"
                           "rule a = 1\noutput a\n"),
               "has no cell for [self]", 5, 7);
}

TEST_CASE("checker: a table row naming an unknown key value") {
  expect_error(with_header("enum hukou = {urban, rural}\n"
                           "table t : money by hukou\n  urban 1 rual 2\n"
                           "rule a = 1\noutput a\n"),
               "'rual' is not a value of key 'hukou'", 6, 11);
}

TEST_CASE("checker: a district in two region groups") {
  expect_error(with_header("region A = {任城区, 兖州区}\nregion B = {泗水县, 任城区}\nrule a = 1\noutput a\n"),
               "district '任城区' is already in region group 'A'", 5, 18);
}

TEST_CASE("checker: a rule that depends on itself reports the cycle as a path") {
  auto d = expect_error(policy("rule a = b + 1\nrule b = c * 2\nrule c = a\noutput a\n"),
                        "rule 'a' depends on itself: a → b → c → a", 17, 6);
  CHECK(d.manual_section == "Rules");
}

TEST_CASE("checker: an output that may be a repeating fraction must be rounded") {
  auto d = expect_error(policy("rule per_capita = income / members\noutput per_capita\n"),
                        "may be a repeating fraction", 18, 8);
  CHECK(d.manual_section == "Rounding");
}

TEST_CASE("checker: an output shown with fewer digits than it has") {
  expect_error(policy("rule a = round(income / 3, 0.001, half_up)\noutput a\n"),
               "can have 3 digits after the decimal point but is shown with 2", 18, 8);
}

TEST_CASE("checker: round needs a written mode and a positive constant unit") {
  expect_error(policy("rule a = round(income, 0.01)\noutput a\n"), "round takes a value, a unit and a mode", 17, 10);
  expect_error(policy("rule a = round(income, 0.01, nearest)\noutput a\n"), "unknown rounding mode", 17, 30);
  expect_error(policy("rule a = round(income, members, half_up)\noutput a\n"), "rounding unit must be a positive number", 17, 24);
}

TEST_CASE("checker: a name defined twice") {
  expect_error(policy("rule income = 1\noutput income\n"), "'income' is already defined as a household input", 17, 6);
}

TEST_CASE("checker: an unknown type") {
  expect_error(with_header("household { x : mony }\nrule a = 1\noutput a\n"), "unknown type 'mony'", 4, 17);
}

TEST_CASE("checker: an enumeration value shared by two enumerations must be qualified") {
  expect_error(with_header("enum a = {x, y}\nenum b = {x, z}\nrule r = if x == x then 1 else 2\noutput r\n"),
               "'x' is a value of several enumerations: write a.x or b.x", 6, 13);
}

TEST_CASE("checker: a member input outside count/sum") {
  expect_error(with_header("member { age : integer }\nrule a = member.age\noutput a\n"),
               "member input 'age' can only be used inside count(…) or sum(…)", 5, 10);
}

TEST_CASE("checker: a table named without keys needs one input per key type") {
  expect_error(with_header("enum hukou = {urban, rural}\ntable t : money by hukou\n  urban 1 rural 2\n"
                           "rule a = t\noutput a\n"),
               "no household input has that type", 7, 10);
}

TEST_CASE("checker: explicit keys must match the key types") {
  expect_error(policy("rule a = dibao_standard[urban, 一类地区]\noutput a\n"),
               "table 'dibao_standard' is keyed by region here", 17, 25);
}

TEST_CASE("checker: a header line missing") {
  auto errors = policy_errors("policy p\nrule a = 1\noutput a\n");
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].message.find("no 'version' line") != std::string::npos);
  CHECK(errors[1].message.find("no 'effective") != std::string::npos);
}

TEST_CASE("checker: several errors in one file are reported together") {
  auto errors = policy_errors(policy("rule a = nope\nrule b = income + members\noutput a\noutput c\n"));
  CHECK(errors.size() == 3);
}

TEST_CASE("checker: an output must name a rule — or give its value") {
  expect_error(policy("rule a = 1\noutput b\n"), "output 'b' names no rule", 18, 8);
  auto m = load_policy_text("t.doudi", policy("rule a = 1\noutput b \"乙\" = a * 2\n"));
  CHECK(m.outputs[0].name == "b");
  CHECK(m.outputs[0].label == "乙");
}

TEST_CASE("checker: literals adapt — and a money literal is money") {
  auto m = load_policy_text("t.doudi", policy("rule a = income + 100 元\nrule b = members * 2\nrule c = 0.5 * members\noutput a\n"));
  CHECK(m.rules[0].type.kind == model::TypeKind::money);
  CHECK(m.rules[1].type.kind == model::TypeKind::integer);
  CHECK(m.rules[2].type.kind == model::TypeKind::decimal);
  expect_error(policy("rule a = members + 100 元\noutput a\n"), "cannot add an integer (a count) and money", 17, 10);
}

TEST_CASE("checker: a chain of rules deeper than the limit is an error — not a stack overflow") {
  std::string text = "policy p\nversion 1\neffective 2020-01-01\n";
  for (int i = 0; i < 5000; ++i) text += "rule r" + std::to_string(i) + " = r" + std::to_string(i + 1) + " + 1\n";
  text += "rule r5000 = 1\noutput r0\n";
  auto errors = test::policy_errors(text);
  REQUIRE(!errors.empty());
  CHECK(errors[0].message.find("a chain of more than 200 rules") != std::string::npos);
}

TEST_CASE("checker: a district listed twice in the same region group (found by fuzzing)") {
  test::expect_error(test::with_header("region A = {任城区, 兖州区, 任城区}\nrule a = 1\noutput a\n"),
                     "district '任城区' is already in region group 'A'", 4, 23);
}

TEST_CASE("checker: input bounds are numbers of the input's type — low <= high") {
  auto m = load_policy_text("t.doudi", with_header("household {\n members : integer \"人口\" at least 1 at most 50\n"
                                                   " income : money at least 0\n}\n"
                                                   "rule a = income * members\noutput a\n"));
  const auto& members = m.inputs[static_cast<size_t>(m.find_input("members", model::Scope::household))];
  REQUIRE(members.at_least);
  REQUIRE(members.at_most);
  CHECK(*members.at_least == Exact::from_int(1));
  CHECK(*members.at_most == Exact::from_int(50));
  expect_error(with_header("household { n : integer at least 0.5 }\nrule a = n\noutput a\n"),
               "'at least 0.5' has more decimal digits than 'n' allows", 4, 34);
  expect_error(with_header("household { k : boolean at most 1 }\nrule a = k\noutput a\n"),
               "'k' is boolean: only a number can have 'at most'", 4, 33);
  expect_error(with_header("household { n : integer at least 5 at most 1 }\nrule a = n\noutput a\n"),
               "'n' is at least 5 and at most 1: no value fits", 4, 13);
}

TEST_CASE("checker: dates — member lists and per-member outputs are checked — naming the manual section") {
  std::string base =
      "household { income : money\n since : date = 2020-01-01 }\n"
      "member { birth_date : date\n studying : boolean = false }\n";
  auto ok = load_policy_text("t.doudi", test::with_header(
      base + "members students = member where member.studying\n"
             "rule n = count(students where age(member.birth_date, evaluation_date) >= 18)\n"
             "rule m = months_between(since, evaluation_date, 进一)\n"
             "output n\noutput m\n"
             "output per students a = age(member.birth_date, evaluation_date)\n"));
  REQUIRE(ok.member_lists.size() == 1);
  REQUIRE(ok.member_outputs.size() == 1);
  CHECK(ok.member_outputs[0].list == 0);
  CHECK(ok.member_outputs[0].type.kind == model::TypeKind::integer);
  CHECK(model::reads_evaluation_date(ok));

  auto e1 = test::expect_error(test::with_header(base + "rule a = age(income, evaluation_date)\noutput a\n"),
                               "age takes dates, not money", 8, 14);
  CHECK(e1.manual_section == "Dates");
  auto e2 = test::expect_error(test::with_header(base + "rule a = months_between(since, evaluation_date)\noutput a\n"),
                               "months_between takes two dates and a rounding mode", 8, 10);
  CHECK(e2.manual_section == "Dates");
  auto e3 = test::expect_error(test::with_header(base + "rule a = months_between(since, evaluation_date, sideways)\noutput a\n"),
                               "how a partial month counts", 8, 49);
  CHECK(e3.manual_section == "Dates");
  auto e4 = test::expect_error(test::with_header(base + "output per pupils a = 1\n"),
                               "'pupils' is not a member list", 8, 12);
  CHECK(e4.manual_section == "Per-member outputs");
  auto e5 = test::expect_error(test::with_header(base + "members s = member where member.studying\n"
                                                        "rule a = member in s\noutput a\n"),
                               "'member in LIST' is about one member", 9, 10);
  CHECK(e5.manual_section == "Members");
  auto e6 = test::expect_error(test::with_header(base + "members s = member where member.birth_date\noutput x = 1\n"),
                               "a member list's condition is true or false", 8, 26);
  CHECK(e6.manual_section == "Members");
  auto e7 = test::expect_error(test::with_header(base + "rule evaluation_date = 1\noutput x = 1\n"),
                               "'evaluation_date' is a built-in name", 8, 6);
  CHECK(e7.manual_section == "Names");
  auto e8 = test::expect_error(test::with_header(base + "output x = 1\nrequire evaluation_date > 2020-01-01\n"),
                               "cannot read evaluation_date", 9, 9);
  CHECK(e8.manual_section == "Invariants");
  auto e9 = test::expect_error(test::with_header(base + "output per member a\n"),
                               "a per-member output needs its value", 8, 19);
  CHECK(e9.manual_section == "Per-member outputs");
  auto e10 = test::expect_error(test::with_header(base + "output per member a = 1 / 3\n"),
                                "may be a repeating fraction", 8, 19);
  CHECK(e10.manual_section == "Rounding");
}

TEST_CASE("checker: calendar functions take dates and give a date or an integer") {
  std::string base = "household {\n since : date\n n : integer = 1\n}\n";
  auto m = load_policy_text("t.doudi", test::with_header(
      base + "rule k = calendar_months(since, evaluation_date)\nrule f = first_day_of_month(since)\n"
             "rule y = year_of(since) + month_of(since)\noutput k\noutput f\noutput y\n"));
  CHECK(m.rules.at(static_cast<size_t>(m.find_rule("k"))).type.kind == model::TypeKind::integer);
  CHECK(m.rules.at(static_cast<size_t>(m.find_rule("f"))).type.kind == model::TypeKind::date);
  test::expect_error(test::with_header(base + "rule a = calendar_months(since)\noutput a\n"),
                     "calendar_months takes two dates", 8, 10);
  test::expect_error(test::with_header(base + "rule a = month_of(n)\noutput a\n"),
                     "month_of takes dates, not", 8, 19);
}

// ---- limits that keep evaluation, compiling and `check` bounded (issue 18: F4, F14, minor) ----
TEST_CASE("checker: a chain of rules each using the next is bounded even when declared in order (F4)") {
  std::string rules = "rule r0 = members\n";
  for (int i = 1; i < 1000; ++i) rules += fmt::format("rule r{} = r{}\n", i, i - 1);
  rules += "output r999\n";
  // r0 is line 17: r200 (line 217) is the first rule past 200 in a row.
  expect_error(policy(rules), "sits at the end of a chain of more than 200 rules", 217, 6);
  std::string fine = "rule r0 = members\n";
  for (int i = 1; i < 200; ++i) fine += fmt::format("rule r{} = r{}\n", i, i - 1);
  fine += "output r199\n";
  CHECK(load_policy_text("t.doudi", policy(fine)).rules.size() == 200);
}

TEST_CASE("checker: min of more than 64 values and a long sum say what is wrong (minor)") {
  std::string args = "members";
  for (int i = 1; i < 65; ++i) args += ", members";
  expect_error(policy("rule a = min(" + args + ")\noutput a\n"), "min takes at most 64 values", 17, 10);
  std::string sum = "members";
  for (int i = 1; i < 202; ++i) sum += " + members";
  auto d = expect_error(policy("rule a = " + sum + "\noutput a\n"), "each operator in a row such as a + b + c", 17, 10);
  CHECK(d.message.find("nested") == std::string::npos);
}

namespace {
// An enumeration `name` of 40 values, and a table `table` by it and `other` filled with 1.
std::string forty(const std::string& name) {
  std::string text = "enum " + name + " = {";
  for (int i = 0; i < 40; ++i) text += fmt::format("{}{}{}", i ? ", " : "", name, i);
  return text + "}\n";
}
std::string table_of_ones(const std::string& table, const std::string& row, const std::string& column) {
  std::string text = fmt::format("table {} : integer by {}, {}\n  ", table, row, column);
  for (int j = 0; j < 40; ++j) text += fmt::format(" {}{}", column, j);
  text += "\n";
  for (int i = 0; i < 40; ++i) {
    text += fmt::format("  {}{}", row, i);
    for (int j = 0; j < 40; ++j) text += " 1";
    text += "\n";
  }
  return text;
}
}  // namespace

TEST_CASE("checker: a require over too many combinations is refused — saying how many (F14)") {
  std::string decls = forty("e") + forty("f") + forty("g") + forty("h") + table_of_ones("t", "e", "f") +
                      table_of_ones("u", "g", "h");
  // 40 × 40 = 1,600 combinations: checked.
  auto m = load_policy_text("t.doudi", policy(decls + "require t >= 1\noutput m = members\n"));
  CHECK(m.invariants.size() == 1);
  // t and u together range over e, f, g and h: 40^4 = 2,560,000, refused at the require.
  auto errors = policy_errors(policy(decls + "require t <= u\noutput m = members\n"));
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("more than 100000 combinations (40 e × 40 f × 40 g × 40 h)") != std::string::npos);
  CHECK(errors[0].manual_section == "Invariants");
}
