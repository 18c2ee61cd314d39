// Test suites: YAML files of cases, each a household evaluated under a policy
// on a date with the outputs it must give, and the report of running them.
//
// Design: loading does every check that does not need evaluation — the file
// reads as YAML, every case has a name, a policy that loads and checks, a
// date with a version in force, household fields the policy declares with
// values of their types, and expected outputs the policy declares. Problems
// are returned as SuiteError values (file, line, message), never thrown, so a
// caller sees every bad case at once; a bad case is left out and the good ones
// still run. Running compares exactly: numbers as Exact (990 == 990.00, no
// margin), other outputs by the printed value ("severe"). The command-line
// front end is cli/test_command.cpp; this is library code so other programs
// can embed a suite.
//
// File format (see README.md, "Testing a policy"):
//
//   policy: ../../policies/jining     # default for the cases below (optional)
//   date: 2020-07-15                  # default for the cases below (optional)
//   cases:
//     - name: 任城区 urban household of 3, 900 yuan a month
//       published: jining-2020-07-tiers      # optional: id or list of ids
//       household: {district: 任城区, hukou: urban, members: 3, monthly_income: 900.00}
//       expect: {dibao: 990.00}
//
// or just the list of cases. A relative `policy` is relative to the directory
// of the test file that names it. Every scalar is read as text, exactly.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dsl/loader.h"
#include "base/exact.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/evaluation/trace.h"

namespace doudi::suite {

// A problem with a test file, or with the published-standards or reasons
// files: "file:line: message" (line 0 when it is about the whole file).
struct SuiteError {
  std::string file;
  int line = 0;
  std::string message;

  std::string render() const;
};

// One expected output of a case.
struct Expected {
  int output = -1;  // index into the model's outputs
  // A per-member output (index into Model::member_outputs; output is then
  // -1): the values of the members it lists, in the order of `people`.
  int member_output = -1;
  std::vector<Exact> member_values;
  std::string text; // as written in the test file
  // The value compared, coded as the evaluator codes the output: a number
  // exactly ("990" and "990.00" are the same value), an enumeration value,
  // district or region group by its index, a boolean 0/1, a date its day
  // number. Comparing codes is comparing the printed names ("severe").
  std::optional<Exact> value;
  // `n/a`: the output must be n/a (it needs a figure written n/a); a
  // per-member output written `n/a` expects the whole output n/a.
  bool not_applicable = false;
  int line = 0;
};

struct TestCase {
  std::string name;
  std::string file;  // the test file, as given (or found in a directory)
  int line = 0;      // 1-based line where the case starts
  std::string policy_path;  // resolved against the test file's directory
  std::string date;         // YYYY-MM-DD, as written
  std::vector<std::string> published;  // ids of published-standards entries
  std::shared_ptr<const PolicySet> policy;
  const model::Model* model = nullptr;  // the version in force on `date`
  Household household;
  std::vector<Expected> expect;
  // `expect_error: TEXT`: the case passes when the household is rejected, at
  // reading (no version in force, a field the version lacks) or evaluation,
  // with a message containing TEXT. load_error holds a rejection at reading
  // (model is then null when no version was in force).
  std::optional<std::string> expect_error;
  std::string load_error;
};

// Policies loaded once per resolved path, shared by every case naming them.
class PolicyCache {
 public:
  // The policy at `path`, or nullptr with `why` set (the rendered diagnostics).
  std::shared_ptr<const PolicySet> get(const std::string& path, std::string& why);

 private:
  struct Entry {
    std::shared_ptr<const PolicySet> set;
    std::string error;
  };
  std::map<std::string, Entry> entries_;
};

struct LoadedSuite {
  std::vector<std::string> files;  // test files read, in order
  std::vector<TestCase> cases;
  std::vector<SuiteError> errors;
};

// Names that a directory scan treats as the suite's data, not as test files.
// The file given to --published is skipped too (see find_test_files).
inline constexpr const char* kUncoveredFile = "uncovered.yaml";
inline constexpr const char* kPublishedFile = "published-standards.yaml";

// Expands PATHs: a file is taken as given; a directory contributes its
// *.yaml and *.yml files (not recursing), sorted by name, except
// uncovered.yaml, published-standards.yaml and any path in `skip`. A missing
// path, or a directory without test files, adds an error.
std::vector<std::string> find_test_files(const std::vector<std::string>& paths,
                                         const std::vector<std::string>& skip,
                                         std::vector<SuiteError>& errors);

// Reads one test file into `suite` (its cases, or its errors).
void load_test_file(const std::string& path, PolicyCache& policies, LoadedSuite& suite);

// Reads test-file text held in memory; `path` names it in messages and its
// directory is where relative policy paths start.
void load_test_text(const std::string& path, const std::string& text, PolicyCache& policies,
                    LoadedSuite& suite);

// find_test_files, then load_test_file for each.
LoadedSuite load_suite(const std::vector<std::string>& paths,
                       const std::vector<std::string>& skip = {});

// ---- running ---------------------------------------------------------------

// An output whose value differs from the expected one.
struct Mismatch {
  std::string output;
  std::string expected;  // as written in the test file
  std::string actual;    // as printed at the output's scale
  std::string rule;      // what computed it: "rule 'dibao'" or "output 'x' = …"
  Position position;     // where that rule (or expression) is written
};

struct CaseResult {
  const TestCase* test = nullptr;
  std::vector<Mismatch> mismatches;
  std::string error;  // evaluation failed (a needed table cell is n/a, …)

  bool passed() const { return mismatches.empty() && error.empty(); }
};

// Equal as exact numbers for numeric outputs, as printed values otherwise.
bool matches(const model::Model& m, const Expected& e, const Exact& actual);

// What the cases exercised, per policy version (for --coverage): rules
// evaluated, each branch of each if/when taken, table cells looked up.
class RuleCoverage {
 public:
  void add(const model::Model& m, const Trace& trace);
  // The rules, branches and table cells of every version some case ran that
  // no case exercised; "" when everything was.
  std::string render() const;

 private:
  struct Version {
    const model::Model* model = nullptr;
    std::set<int> rules;
    std::set<std::pair<std::string, bool>> branches;  // position, then-taken
    std::set<std::pair<int, size_t>> cells;           // table, cell
  };
  std::vector<Version> versions_;
};

// Runs one case; with `coverage`, records what it exercised.
CaseResult run_case(const TestCase& test, RuleCoverage* coverage = nullptr);
std::vector<CaseResult> run_cases(const std::vector<TestCase>& cases, RuleCoverage* coverage = nullptr);

// "file:line: FAIL name" and one line per mismatch (or the error).
std::string render_failure(const CaseResult& r);

// "N passed, N failed".
std::string summary_line(const std::vector<CaseResult>& results);

// JUnit XML: a testsuite per test file, a testcase per case (a <failure> for
// each failed one) and an <error> testcase per problem with the files.
std::string junit_xml(const std::vector<CaseResult>& results,
                      const std::vector<SuiteError>& errors);

// ---- published coverage ----------------------------------------------------

struct PublishedEntry {
  std::string id;
  std::string region;  // the top-level key it is listed under
  int line = 0;
};

// Reads published-standards.yaml: a map of region -> list of entries, each a
// map with an `id`. Problems are added to `errors`.
std::vector<PublishedEntry> read_published(const std::string& path,
                                           std::vector<SuiteError>& errors);

// Reads uncovered.yaml: a map of entry id -> reason the suite has no case.
struct Reason {
  std::string text;
  std::string file;
  int line = 0;
};
std::map<std::string, Reason> read_reasons(const std::string& path,
                                           std::vector<SuiteError>& errors);

// The reasons of the suite: uncovered.yaml in each directory holding one of
// `test_files` (the first reason given for an id wins).
std::map<std::string, Reason> read_suite_reasons(const std::vector<std::string>& test_files,
                                                 std::vector<SuiteError>& errors);

struct Coverage {
  struct Row {
    PublishedEntry entry;
    std::vector<const TestCase*> cases;  // cases naming it
    std::string reason;                  // when there are none ("" if none given)
  };
  std::vector<Row> rows;  // in the published file's order
  // Problems that do not change the exit code but should be fixed: a case
  // naming an id the published file lacks, a reason for an unknown id or for
  // an id that cases do cover.
  std::vector<std::string> notes;

  int covered() const;
};

Coverage published_coverage(const std::vector<PublishedEntry>& entries,
                            const std::vector<TestCase>& cases,
                            const std::map<std::string, Reason>& reasons);

// The report: a line per entry, covered (with its case count) or not (with
// the reason, or "no case and no reason given"), then the notes.
std::string render_coverage(const Coverage& c, const std::string& published_path);

}  // namespace doudi::suite
