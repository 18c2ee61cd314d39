// `doudi test PATH... [--junit FILE] [--published FILE.yaml]`: runs YAML test
// cases (a household, a policy, a date, the expected outputs) and reports
// every failure with the case's file:line, both values and the rule that
// computed the actual one. The loading, running and reports live in
// interpreter/test_suite.*; this file only wires them to the command line.
//
// Output: problems with the test files on stderr; failures, then the
// published-coverage report (with --published), then `N passed, N failed` as
// the last line on stdout. Exit 0 all passed, 1 a case failed, 2 a test file
// (or the published file) could not be used — the good cases still run.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/output_targets.h"
#include "cli/commands.h"
#include "interpreter/studies/test_suite.h"

namespace doudi::cli {
namespace {

struct TestOptions {
  std::vector<std::string> paths;
  std::string junit;
  std::string published;
  bool coverage = false;
};

// Writes `text` to `path` through a temporary name, renamed when complete.
bool write_file(const std::string& path, const std::string& text) {
  AtomicFile file(path);
  file.stream() << text;
  return file.commit().empty();
}

// Prints a section of the report on stdout, a blank line between sections.
void section(const std::string& text, bool& printed) {
  if (text.empty()) return;
  std::cout << (printed ? "\n" : "") << text;
  printed = true;
}

// The coverage report ("" when the published file cannot be used; problems
// reading the files go to `errors`).
std::string coverage_report(const TestOptions& o, const suite::LoadedSuite& s,
                            std::vector<suite::SuiteError>& errors) {
  auto entries = suite::read_published(o.published, errors);
  auto reasons = suite::read_suite_reasons(s.files, errors);
  if (entries.empty()) return "";
  return suite::render_coverage(suite::published_coverage(entries, s.cases, reasons), o.published);
}

int run(const TestOptions& o) {
  std::vector<NamedFile> inputs{{"--published", o.published}};
  for (const auto& p : o.paths) inputs.push_back({"PATH", p});
  if (std::string clash = output_clash({{"--junit", o.junit}}, inputs); !clash.empty()) {
    std::cerr << "doudi test: " << clash << "\n";
    return 2;
  }
  std::vector<std::string> skip;
  if (!o.published.empty()) skip.push_back(o.published);
  suite::LoadedSuite s = suite::load_suite(o.paths, skip);
  std::vector<suite::SuiteError> errors = s.errors;
  for (const auto& e : errors) std::cerr << e.render() << "\n";

  suite::RuleCoverage coverage;
  auto results = suite::run_cases(s.cases, o.coverage ? &coverage : nullptr);
  bool failed = false, printed = false;
  for (const auto& r : results) {
    if (r.passed()) continue;
    section(suite::render_failure(r), printed);
    failed = true;
  }
  if (!o.published.empty()) {
    size_t before = errors.size();
    section(coverage_report(o, s, errors), printed);
    for (size_t i = before; i < errors.size(); ++i) std::cerr << errors[i].render() << "\n";
  }
  if (!o.junit.empty() && !write_file(o.junit, suite::junit_xml(results, errors))) {
    std::cerr << "doudi test: cannot write " << o.junit << "\n";
    errors.push_back({o.junit, 0, "cannot write the JUnit file"});
  }
  if (!errors.empty()) {
    std::cerr << fmt::format("doudi test: {} problem(s) with the files, reported above; a case "
                             "that could not be read did not run\n", errors.size());
  }
  if (o.coverage) {
    std::string report = coverage.render();
    section(report.empty() ? std::string("coverage: every rule, branch and table cell was exercised\n") : report, printed);
  }
  section(suite::summary_line(results) + "\n", printed);
  std::cout.flush();
  if (!errors.empty()) return 2;
  return failed ? 1 : 0;
}

}  // namespace

void add_test_command(CLI::App& app, int& result) {
  auto options = std::make_shared<TestOptions>();
  CLI::App* cmd = app.add_subcommand(
      "test", "Run YAML test cases: households with the outputs a policy must give them");
  cmd->add_option("PATH", options->paths,
                  "test files, or directories of them (every *.yaml, *.yml inside)")
      ->required();
  cmd->add_flag("--coverage", options->coverage,
                "list the rules, branches and table cells no case exercised");
  cmd->add_option("--junit", options->junit, "also write the results as JUnit XML to FILE")
      ->type_name("FILE");
  cmd->add_option("--published", options->published,
                  "published-standards YAML: report which entry ids the cases cover")
      ->type_name("FILE.yaml");
  cmd->callback([options, &result] { result = run(*options); });
}

}  // namespace doudi::cli
