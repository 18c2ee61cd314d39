// Tests for interpreter/studies/test_suite.cpp: loading YAML test cases (and every
// error a bad file gives, with its line), exact comparison, failure reports,
// JUnit XML, and published-standards coverage. Policies and test files are
// written to a fresh temporary directory per test.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "interpreter/studies/test_suite.h"
#include "test_util.h"

using namespace doudi;
using namespace doudi::suite;
namespace fs = std::filesystem;

namespace {

// A small policy with a money output, an enumeration output and members.
const char* kPolicy =
    "policy t.p\nversion 1\neffective 2020-01-01\n"
    "enum hukou = {urban, rural}\n"
    "enum grade = {severe, general}\n"
    "region A = {任城区}\n"
    "household {\n district : district\n hukou : hukou\n members : integer\n"
    " monthly_income : money per month\n tekun : boolean = false\n}\n"
    "member { age : integer = 30 }\n"
    "table standard : money per person per month by hukou\n  urban 630   rural 475\n"
    "rule per_capita = round(monthly_income / members, 0.01, half_up)\n"
    "rule dibao = if per_capita < standard then (standard - per_capita) * members else 0\n"
    "rule g = if dibao > 500 then severe else general\n"
    "output dibao\noutput grade = g\noutput elderly = count(member where member.age >= 60)\n"
    "output twice = dibao * 2\noutput shown = standard\n";

// A fresh directory holding policy/p.doudi; files are written under it.
struct Dir {
  fs::path root;
  explicit Dir(const std::string& name)
      : root(fs::temp_directory_path() / ("doudi_test_suite_" + name)) {
    fs::remove_all(root);
    fs::create_directories(root / "policy");
    write("policy/p.doudi", kPolicy);
  }
  std::string write(const std::string& relative, const std::string& text) const {
    fs::create_directories((root / relative).parent_path());
    std::ofstream(root / relative, std::ios::binary) << text;
    return (root / relative).string();
  }
  std::string path(const std::string& relative) const { return (root / relative).string(); }
};

LoadedSuite load(const Dir& d, const std::string& text, const std::string& name = "t.yaml") {
  LoadedSuite s;
  PolicyCache policies;
  load_test_text(d.path(name), text, policies, s);
  return s;
}

// The one error a file gives: it must contain `fragment` and be on `line`.
void expect_error(const Dir& d, const std::string& text, const std::string& fragment, int line) {
  auto s = load(d, text);
  std::string all;
  for (const auto& e : s.errors) all += e.render() + "\n";
  INFO("errors: " << all);
  REQUIRE(s.errors.size() == 1);
  CHECK(s.errors[0].message.find(fragment) != std::string::npos);
  CHECK(s.errors[0].line == line);
  CHECK(s.cases.empty());
}

const char* kOneCase =
    "- name: urban of 3\n"
    "  policy: policy\n"
    "  date: 2020-07-15\n"
    "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900.00}\n"
    "  expect: {dibao: 990.00}\n";

}  // namespace

TEST_CASE("test suite: a list of cases — the policy relative to the test file's directory") {
  Dir d("list");
  auto s = load(d, kOneCase);
  REQUIRE(s.errors.empty());
  REQUIRE(s.cases.size() == 1);
  const auto& c = s.cases[0];
  CHECK(c.name == "urban of 3");
  CHECK(c.line == 1);
  CHECK(c.policy_path == d.path("policy"));
  CHECK(c.date == "2020-07-15");
  CHECK(c.model->policy == "t.p");
  REQUIRE(c.expect.size() == 1);
  CHECK(c.expect[0].text == "990.00");
  CHECK(c.expect[0].line == 5);
  CHECK(run_case(c).passed());
}

TEST_CASE("test suite: file-level policy and date — overridden per case — published ids — members") {
  Dir d("map");
  d.write("other/p.doudi", std::string(kPolicy).replace(std::string(kPolicy).find("630"), 3, "700"));
  auto s = load(d,
                "policy: policy\n"
                "date: 2020-07-15\n"
                "cases:\n"
                "  - name: default policy\n"
                "    published: entry-a\n"
                "    household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900}\n"
                "    expect: {dibao: 990}\n"
                "  - name: own policy, with members\n"
                "    policy: other\n"
                "    date: 2021-01-01\n"
                "    published: [entry-a, entry-b]\n"
                "    household:\n"
                "      district: 任城区\n      hukou: urban\n      members: 3\n"
                "      monthly_income: 900\n"
                "      people: [{age: 70}, {age: 65}, {}]\n"
                "    expect: {dibao: 1200, elderly: 2}\n");
  REQUIRE(s.errors.empty());
  REQUIRE(s.cases.size() == 2);
  CHECK(s.cases[0].published == std::vector<std::string>{"entry-a"});
  CHECK(s.cases[0].line == 4);
  CHECK(s.cases[1].policy_path == d.path("other"));
  CHECK(s.cases[1].date == "2021-01-01");
  CHECK(s.cases[1].published == std::vector<std::string>{"entry-a", "entry-b"});
  CHECK(s.cases[1].household.members.size() == 3);
  for (const auto& c : s.cases) CHECK(run_case(c).passed());
}

TEST_CASE("test suite: amounts compare exactly as numbers: 990 == 990.00 — 990.01 is not") {
  Dir d("exact");
  auto with = [&](const std::string& expected) {
    std::string text = kOneCase;
    text.replace(text.find("990.00"), 6, expected);
    auto s = load(d, text);
    REQUIRE(s.errors.empty());
    return run_case(s.cases[0]).passed();
  };
  CHECK(with("990"));
  CHECK(with("990.00"));
  CHECK(with("990.000"));
  CHECK(with("+990.0") == with("990"));  // whatever Exact::parse accepts, it compares as a number
  CHECK_FALSE(with("990.01"));
  CHECK_FALSE(with("989.999"));
  CHECK_FALSE(with("-990"));
}

TEST_CASE("test suite: non-numeric outputs compare by their printed value") {
  Dir d("names");
  auto s = load(d,
                "- name: severe\n  policy: policy\n  date: 2020-07-15\n"
                "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900}\n"
                "  expect: {grade: severe}\n"
                "- name: wrong grade\n  policy: policy\n  date: 2020-07-15\n"
                "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900}\n"
                "  expect: {grade: general}\n");
  REQUIRE(s.errors.empty());
  CHECK(run_case(s.cases[0]).passed());
  auto r = run_case(s.cases[1]);
  REQUIRE(r.mismatches.size() == 1);
  CHECK(r.mismatches[0].expected == "general");
  CHECK(r.mismatches[0].actual == "severe");
  // An expected value the output cannot take is a bad test file, not a failure.
  expect_error(d,
               "- name: typo\n  policy: policy\n  date: 2020-07-15\n"
               "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900}\n"
               "  expect: {grade: sever}\n",
               "'sever' is not a value of grade", 5);
}

TEST_CASE("test suite: a failure names the case — file:line — both values and the rule") {
  Dir d("failure");
  std::string text = kOneCase;
  text.replace(text.find("{dibao: 990.00}"), 15, "{dibao: 990.01, twice: 1, shown: 631}");
  auto s = load(d, text);
  REQUIRE(s.errors.empty());
  auto results = run_cases(s.cases);
  REQUIRE(results.size() == 1);
  CHECK_FALSE(results[0].passed());
  std::string report = render_failure(results[0]);
  INFO(report);
  CHECK(report.find(d.path("t.yaml") + ":1: FAIL urban of 3") == 0);
  CHECK(report.find("dibao: expected 990.01, actual 990.00, from rule 'dibao' at " +
                    d.path("policy/p.doudi") + ":18:6") != std::string::npos);
  CHECK(report.find("18 | rule dibao = if") != std::string::npos);
  // `output twice = dibao * 2` has a rule of its own: the expression is shown.
  CHECK(report.find("twice: expected 1, actual 1980.00, from the expression of output 'twice' at " +
                    d.path("policy/p.doudi") + ":23:16") != std::string::npos);
  // `output shown = standard` shows a table: the table is named.
  CHECK(report.find("shown: expected 631, actual 630.00, from table 'standard' (output 'shown' "
                    "shows it) at " + d.path("policy/p.doudi") + ":15:7") != std::string::npos);
  CHECK(summary_line(results) == "0 passed, 1 failed");
}

TEST_CASE("test suite: a household the policy cannot evaluate fails with the evaluation error") {
  Dir d("evaluation");
  auto s = load(d,
                "- name: no members\n  policy: policy\n  date: 2020-07-15\n"
                "  household: {district: 任城区, hukou: urban, members: 0, monthly_income: 900}\n"
                "  expect: {dibao: 0}\n");
  REQUIRE(s.errors.empty());
  auto r = run_case(s.cases[0]);
  CHECK_FALSE(r.passed());
  CHECK(r.error.find("evaluation failed") == 0);
  CHECK(render_failure(r).find(r.error) != std::string::npos);
}

TEST_CASE("test suite: bad test files are errors naming file and line") {
  Dir d("errors");
  const std::string head = "- name: c\n  policy: policy\n  date: 2020-07-15\n";
  const std::string household =
      "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900}\n";
  expect_error(d, "- name: [unclosed\n", "not valid YAML", 2);
  expect_error(d, "just text\n", "expected a list of cases", 1);
  expect_error(d, "", "expected a list of cases", 0);
  expect_error(d, "policy: policy\n", "lists its cases under `cases:`", 1);
  expect_error(d, "cases: []\n", "holds no cases", 1);
  expect_error(d, "polcy: x\ncases: []\n", "unknown key 'polcy'", 1);
  expect_error(d, "- policy: policy\n  date: 2020-07-15\n" + household + "  expect: {dibao: 1}\n",
               "no `name:`", 1);
  expect_error(d, "- name: c\n  date: 2020-07-15\n" + household + "  expect: {dibao: 1}\n",
               "no `policy:`", 1);
  expect_error(d, "- name: c\n  policy: policy\n" + household + "  expect: {dibao: 1}\n",
               "no `date:`", 1);
  expect_error(d, head + household, "no `expect:`", 1);
  expect_error(d, head + household + "  expect: {}\n", "no `expect:`", 5);
  expect_error(d, head + household + "  expects: {dibao: 1}\n", "unknown key 'expects'", 5);
  expect_error(d, "- name: c\n  policy: nowhere\n  date: 2020-07-15\n" + household +
                      "  expect: {dibao: 1}\n",
               "policy 'nowhere'", 2);
  expect_error(d, "- name: c\n  policy: policy\n  date: 2019-12-31\n" + household +
                      "  expect: {dibao: 1}\n",
               "the earliest takes effect on 2020-01-01", 3);
  expect_error(d, "- name: c\n  policy: policy\n  date: 2020-02-30\n" + household +
                      "  expect: {dibao: 1}\n",
               "'2020-02-30' is not a date", 3);
  expect_error(d, head + household + "  expect: {dibao: 1, pension: 2}\n",
               "has no output 'pension' (its outputs: dibao, grade, elderly, twice, shown)", 5);
  expect_error(d, head + household + "  expect: {dibao: 9.9e2}\n", "'9.9e2' is not a number", 5);
  expect_error(d, head + "  household: {district: 北京, hukou: urban, members: 3, monthly_income: 9}\n" +
                      "  expect: {dibao: 1}\n",
               "household: field 'district': unknown district '北京'", 4);
  expect_error(d, head + "  household: {hukou: urban, members: 3, monthly_income: 9}\n" +
                      "  expect: {dibao: 1}\n",
               "field 'district' missing", 4);
  expect_error(d, head + "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 9, "
                         "income: 9}\n  expect: {dibao: 1}\n",
               "field 'income': the policy has no household input", 4);
  expect_error(d, head + "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 9, "
                         "people: [{age: old}]}\n  expect: {dibao: 1}\n",
               "member 1: field 'age': 'old' is not a number", 4);
  expect_error(d, head + household + "  expect: {dibao: 1, dibao: 2}\n", "'dibao' is given twice", 5);
}

TEST_CASE("test suite: a bad case is reported and the file's good cases still load") {
  Dir d("partial");
  auto s = load(d, std::string(kOneCase) + "- name: bad\n  policy: policy\n  date: 2020-07-15\n"
                                           "  household: {}\n  expect: {dibao: 1}\n");
  CHECK(s.cases.size() == 1);
  CHECK(s.errors.size() == 4);  // district, hukou, members, monthly_income missing
}

TEST_CASE("test suite: a directory gives its YAML files sorted — without the suite's data files") {
  Dir d("files");
  d.write("suite/b.yaml", kOneCase);
  d.write("suite/a.yml", kOneCase);
  d.write("suite/uncovered.yaml", "x: y\n");
  d.write("suite/published-standards.yaml", "r: []\n");
  d.write("suite/standards.yaml", "r: []\n");
  d.write("suite/notes.txt", "");
  std::vector<SuiteError> errors;
  auto files = find_test_files({d.path("suite"), d.path("missing.yaml")}, {d.path("suite/standards.yaml")},
                               errors);
  CHECK(files == std::vector<std::string>{d.path("suite/a.yml"), d.path("suite/b.yaml")});
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].render() == d.path("missing.yaml") + ": no such test file or directory");
  // Policies are relative to each test file's own directory.
  d.write("suite/policy/p.doudi", kPolicy);
  auto s = load_suite({d.path("suite")}, {d.path("suite/standards.yaml")});
  CHECK_MESSAGE(s.errors.empty(), s.errors[0].render());
  CHECK(s.cases.size() == 2);
}

TEST_CASE("test suite: JUnit XML is well-formed and escaped") {
  Dir d("junit");
  std::string text = kOneCase;
  text += "- name: a <tricky> & \"quoted\" case\n  policy: policy\n  date: 2020-07-15\n"
          "  household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900}\n"
          "  expect: {dibao: 1}\n";
  auto s = load(d, text);
  REQUIRE(s.errors.empty());
  auto results = run_cases(s.cases);
  std::vector<SuiteError> errors{{"bad.yaml", 3, "unknown key 'x' & more"}};
  std::string xml = junit_xml(results, errors);
  INFO(xml);
  CHECK(xml.find("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"doudi test\" "
                 "tests=\"3\" failures=\"1\" errors=\"1\">") == 0);
  CHECK(xml.find("<testcase name=\"urban of 3\" classname=\"" + d.path("t.yaml") + "\" file=\"" +
                 d.path("t.yaml") + "\" line=\"1\"/>") != std::string::npos);
  CHECK(xml.find("name=\"a &lt;tricky&gt; &amp; &quot;quoted&quot; case\"") != std::string::npos);
  CHECK(xml.find("<failure message=\"dibao: expected 1, actual 990.00\" type=\"mismatch\">") !=
        std::string::npos);
  CHECK(xml.find("<error message=\"unknown key &apos;x&apos; &amp; more\"") != std::string::npos);
  CHECK(xml.find("<testsuite name=\"bad.yaml\" tests=\"1\" failures=\"0\" errors=\"1\">") !=
        std::string::npos);
  CHECK(xml.rfind("</testsuites>\n") == xml.size() - 14);
  // Every element opened is closed, in order (a small well-formedness check).
  std::vector<std::string> open;
  for (size_t i = xml.find("?>") + 2; (i = xml.find('<', i)) != std::string::npos; ++i) {
    size_t end = xml.find('>', i);
    std::string tag = xml.substr(i + 1, end - i - 1);
    if (tag[0] == '/') {
      REQUIRE(!open.empty());
      CHECK(open.back() == tag.substr(1));
      open.pop_back();
    } else if (tag.back() != '/') {
      open.push_back(tag.substr(0, tag.find(' ')));
    }
  }
  CHECK(open.empty());
}

TEST_CASE("test suite: published coverage lists covered ids — and uncovered ones with reasons") {
  Dir d("published");
  d.write("published.yaml",
          "jining:\n  - id: covered-one\n    per: person-month\n  - id: explained\n"
          "  - id: forgotten\nwenshang:\n  - id: also-covered\n");
  std::vector<SuiteError> errors;
  auto entries = read_published(d.path("published.yaml"), errors);
  REQUIRE(errors.empty());
  REQUIRE(entries.size() == 4);
  CHECK(entries[3].id == "also-covered");
  CHECK(entries[3].region == "wenshang");
  CHECK(entries[3].line == 7);

  d.write("suite/uncovered.yaml",
          "explained: \"medical assistance is not encoded yet\"\n"
          "covered-one: stale reason\nnot-an-entry: reason\n");
  d.write("suite/policy/p.doudi", kPolicy);
  std::string cases = kOneCase;
  cases.insert(cases.find("  policy"), "  published: [covered-one, also-covered, typo-id]\n");
  d.write("suite/a.yaml", cases);
  auto s = load_suite({d.path("suite")});
  REQUIRE(s.errors.empty());
  auto reasons = read_suite_reasons(s.files, errors);
  REQUIRE(errors.empty());
  auto coverage = published_coverage(entries, s.cases, reasons);
  CHECK(coverage.covered() == 2);
  std::string report = render_coverage(coverage, "published.yaml");
  INFO(report);
  CHECK(report.find("published entries (published.yaml): 2 of 4 covered by a case\n") == 0);
  CHECK(report.find("  covered    covered-one   1 case\n") != std::string::npos);
  CHECK(report.find("  covered    also-covered  1 case\n") != std::string::npos);
  CHECK(report.find("  uncovered  explained     medical assistance is not encoded yet\n") !=
        std::string::npos);
  CHECK(report.find("  uncovered  forgotten     no case and no reason given\n") != std::string::npos);
  CHECK(report.find("names published entry 'typo-id', which the published file does not list") !=
        std::string::npos);
  CHECK(report.find("a reason is given for 'covered-one', but cases cover it") != std::string::npos);
  CHECK(report.find("a reason is given for 'not-an-entry'") != std::string::npos);
}

TEST_CASE("test suite: a published file without ids is an error naming the line") {
  Dir d("published_bad");
  d.write("p.yaml", "jining:\n  - source: x\n  - id: a\n  - id: a\n");
  std::vector<SuiteError> errors;
  auto entries = read_published(d.path("p.yaml"), errors);
  CHECK(entries.size() == 1);
  REQUIRE(errors.size() == 2);
  CHECK(errors[0].line == 2);
  CHECK(errors[0].message.find("without an `id`") != std::string::npos);
  CHECK(errors[1].message.find("'a' appears twice") != std::string::npos);
}

TEST_CASE("test suite: the shipped published suite passes") {
  auto s = load_suite({test::source_path("tests/published")});
  REQUIRE_MESSAGE(s.errors.empty(), s.errors[0].render());
  CHECK(s.cases.size() > 70);
  for (const auto& r : run_cases(s.cases)) {
    INFO(render_failure(r));
    CHECK(r.passed());
  }
}

TEST_CASE("test suite: --coverage lists the rules — branches and cells no case exercised") {
  namespace fs = std::filesystem;
  auto dir = fs::temp_directory_path() / ("doudi_coverage_" + std::to_string(getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::ofstream(dir / "p.doudi") << "policy p\nversion 1\neffective 2020-01-01\nenum hukou = {urban, rural}\n"
                                    "household { hukou : hukou\n income : money }\n"
                                    "table s : money by hukou\n  urban 630 rural 475\n"
                                    "rule gap = if income < s then s - income else 0\nrule unused = 1\noutput gap\n";
  std::ofstream(dir / "cases.yaml") << "- name: urban below the line\n  policy: p.doudi\n  date: 2020-06-01\n"
                                       "  household: {hukou: urban, income: 100}\n  expect: {gap: 530}\n";
  doudi::suite::LoadedSuite s = doudi::suite::load_suite({(dir / "cases.yaml").string()}, {});
  REQUIRE(s.errors.empty());
  doudi::suite::RuleCoverage coverage;
  auto results = doudi::suite::run_cases(s.cases, &coverage);
  CHECK(results.at(0).passed());
  std::string report = coverage.render();
  CHECK(report.find("rule unused never evaluated") != std::string::npos);
  CHECK(report.find("rule gap: the 'else' branch at") != std::string::npos);
  CHECK(report.find("table s[rural] = 475 never looked up") != std::string::npos);
  CHECK(report.find("table s[urban]") == std::string::npos);
}

TEST_CASE("test suite: a per-member output is expected as a list — the case's date is the evaluation date") {
  Dir d("members");
  d.write("dated/p.doudi",
          "policy t.d\nversion 1\neffective 2020-01-01\n"
          "household { income : money }\n"
          "member { birth_date : date }\n"
          "members minors = member where age(member.birth_date, evaluation_date) < 18\n"
          "output n = count(minors)\n"
          "output per minors years = age(member.birth_date, evaluation_date)\n");
  auto s = load(d,
                "policy: dated\n"
                "cases:\n"
                "  - name: on the birthday\n"
                "    date: 2020-08-01\n"
                "    household: {income: 0, people: [{birth_date: 2002-08-01}, {birth_date: 2010-01-01}]}\n"
                "    expect: {n: 1, years: [10]}\n"
                "  - name: the day before\n"
                "    date: 2020-07-31\n"
                "    household: {income: 0, people: [{birth_date: 2002-08-01}, {birth_date: 2010-01-01}]}\n"
                "    expect: {n: 2, years: [17, 10]}\n"
                "  - name: wrong on purpose\n"
                "    date: 2020-07-31\n"
                "    household: {income: 0, people: [{birth_date: 2002-08-01}, {birth_date: 2010-01-01}]}\n"
                "    expect: {years: [18, 10]}\n");
  REQUIRE(s.errors.empty());
  REQUIRE(s.cases.size() == 3);
  CHECK(run_case(s.cases[0]).passed());
  CHECK(run_case(s.cases[1]).passed());
  auto r = run_case(s.cases[2]);
  CHECK_FALSE(r.passed());
  REQUIRE(r.mismatches.size() == 1);
  CHECK(r.mismatches[0].expected == "[18, 10]");
  CHECK(r.mismatches[0].actual == "[17, 10]");
  CHECK(r.mismatches[0].rule.find("per-member output 'years'") != std::string::npos);
  // a per-member output given one value is a problem with the file
  expect_error(d, "policy: dated\ndate: 2020-08-01\ncases:\n  - name: x\n    household: {income: 0}\n    expect: {years: 10}\n",
               "a per-member output takes a list", 6);
}

TEST_CASE("test suite: expect_error passes on the rejection it names and fails otherwise") {
  Dir d("expect_error");
  auto s = load(d,
                "policy: policy\ndate: 2020-07-15\ncases:\n"
                "  - name: no members\n"
                "    household: {district: 任城区, hukou: urban, members: 0, monthly_income: 900}\n"
                "    expect_error: division by zero\n"
                "  - name: before the first version\n    date: 2019-12-31\n"
                "    household: {district: 任城区, hukou: urban, members: 1, monthly_income: 0}\n"
                "    expect_error: \"is in force on 2019-12-31\"\n"
                "  - name: a field the policy lacks\n"
                "    household: {district: 任城区, hukou: urban, members: 1, monthly_income: 0, pets: 2}\n"
                "    expect_error: \"field 'pets'\"\n"
                "  - name: evaluated after all\n"
                "    household: {district: 任城区, hukou: urban, members: 1, monthly_income: 0}\n"
                "    expect_error: division by zero\n"
                "  - name: another error\n"
                "    household: {district: 任城区, hukou: urban, members: 0, monthly_income: 0}\n"
                "    expect_error: overflow\n");
  std::string all;
  for (const auto& e : s.errors) all += e.render() + "\n";
  INFO("errors: " << all);
  REQUIRE(s.errors.empty());
  REQUIRE(s.cases.size() == 5);
  CHECK(run_case(s.cases[0]).passed());
  CHECK(run_case(s.cases[1]).passed());
  CHECK(s.cases[1].model == nullptr);
  CHECK(run_case(s.cases[2]).passed());
  auto evaluated = run_case(s.cases[3]);
  CHECK(evaluated.error == "expected an error containing 'division by zero', but the household was evaluated");
  auto other = run_case(s.cases[4]);
  CHECK(other.error.find("expected an error containing 'overflow', got: ") == 0);
  CHECK(render_failure(other).find("FAIL another error") != std::string::npos);
  expect_error(d, "- name: both\n  policy: policy\n  date: 2020-07-15\n"
                  "  household: {district: 任城区, hukou: urban, members: 1, monthly_income: 0}\n"
                  "  expect: {dibao: 630}\n  expect_error: x\n",
               "a case expects outputs or an error", 5);
}

TEST_CASE("test suite: expect n/a passes on an output needing a figure written n/a and fails otherwise") {
  Dir d("expect_na");
  d.write("na/p.doudi",
          "policy t.na\nversion 1\neffective 2020-01-01\n"
          "enum hukou = {urban, rural}\n"
          "household {\n hukou : hukou\n members : integer\n}\n"
          "member { age : integer = 30 }\n"
          "table tekun : money per person per month by hukou\n  urban n/a   rural 470\n"
          "rule support = tekun * members\n"
          "output support\noutput people = members\n"
          "output per member share = tekun\n");
  auto s = load(d,
                "policy: na\ndate: 2020-07-15\ncases:\n"
                "  - name: urban has no figure\n"
                "    household: {hukou: urban, members: 2, people: [{age: 40}]}\n"
                "    expect: {support: n/a, people: 2, share: n/a}\n"
                "  - name: rural is given\n"
                "    household: {hukou: rural, members: 2, people: [{age: 40}]}\n"
                "    expect: {support: n/a}\n"
                "  - name: a figure expected where there is none\n"
                "    household: {hukou: urban, members: 2, people: [{age: 40}]}\n"
                "    expect: {support: 940}\n"
                "  - name: an error expected where outputs are n/a\n"
                "    household: {hukou: urban, members: 2, people: [{age: 40}]}\n"
                "    expect_error: no figure\n");
  std::string all;
  for (const auto& e : s.errors) all += e.render() + "\n";
  INFO("errors: " << all);
  REQUIRE(s.errors.empty());
  REQUIRE(s.cases.size() == 4);
  auto urban = run_case(s.cases[0]);
  CHECK_MESSAGE(urban.passed(), render_failure(urban));
  auto rural = run_case(s.cases[1]);
  REQUIRE(rural.mismatches.size() == 1);
  CHECK(rural.mismatches[0].expected == "n/a");
  CHECK(rural.mismatches[0].actual == "940.00");
  auto figure = run_case(s.cases[2]);
  REQUIRE(figure.mismatches.size() == 1);
  CHECK(figure.mismatches[0].actual.find("n/a (rule 'support': table 'tekun' has no figure") == 0);
  auto error = run_case(s.cases[3]);
  CHECK(error.error.find("but the household was evaluated; output 'support' is n/a") != std::string::npos);
  CHECK(error.error.find("expect: {support: n/a}") != std::string::npos);
}
