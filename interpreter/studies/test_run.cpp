// Running a test suite's cases and reporting them: failures, rule coverage,
// JUnit XML (see test_suite.h).
#include "interpreter/studies/test_suite.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "base/date.h"
#include "base/text.h"
#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/value.h"

namespace doudi::suite {

// ---- running ------------------------------------------------------------------

namespace {

// What computed an output: its rule, or for `output x = rule_name` the rule
// it names, for `output x = TABLE` the table, for `output x = EXPR` the
// expression itself.
void describe_source(const model::Model& m, const model::Output& out, Mismatch& mm) {
  const model::Rule* r = &m.rules.at(static_cast<size_t>(out.rule));
  bool own = r->name.rfind("output ", 0) == 0;
  if (own && r->body.op == model::Op::rule) {
    r = &m.rules.at(static_cast<size_t>(r->body.slot));
    own = false;
  }
  if (own && r->body.op == model::Op::table_lookup) {  // `output standard = dibao_standard`
    const auto& table = m.tables.at(static_cast<size_t>(r->body.slot));
    mm.rule = fmt::format("table '{}' (output '{}' shows it)", table.name, out.name);
    mm.position = table.position;
    return;
  }
  if (own) {
    mm.rule = fmt::format("the expression of output '{}'", out.name);
  } else {
    mm.rule = fmt::format("rule '{}'", r->name);
  }
  mm.position = r->position;
}

}  // namespace

bool matches(const model::Model&, const Expected& e, const Exact& actual) {
  return e.value && *e.value == actual;
}

namespace {
// An expectation about n/a: met when the output is n/a exactly when
// expected; otherwise the mismatch (actual "n/a (reason)" or the value).
std::optional<Mismatch> not_applicable_mismatch(const Expected& e, const NotApplicableOutput* na,
                                                const std::string& name, const std::string& given) {
  if (e.not_applicable == (na != nullptr)) return std::nullopt;
  Mismatch mm;
  mm.output = name;
  mm.expected = e.text;
  mm.actual = na ? "n/a (" + na->reason + ")" : given;
  return mm;
}
}  // namespace

namespace {
// A case with `expect_error:` passes when the error contains its text.
CaseResult run_error_case(const TestCase& test, RuleCoverage* coverage) {
  CaseResult r;
  r.test = &test;
  const std::string& wanted = *test.expect_error;
  std::string got = test.load_error;
  if (got.empty()) {
    Evaluator evaluator(*test.model);
    evaluator.set_evaluation_date(parse_date(test.date));
    Trace trace;
    if (coverage) evaluator.set_trace(&trace);
    try {
      evaluator.evaluate(test.household);
      std::string hint;
      for (const auto& n : evaluator.not_applicable()) {
        const std::string& name = n.per_member ? test.model->member_outputs[n.output].name
                                               : test.model->outputs[n.output].name;
        hint += fmt::format("; output '{}' is n/a ({}): expect it with `expect: {{{}: n/a}}`", name, n.reason, name);
      }
      r.error = fmt::format("expected an error containing '{}', but the household was evaluated{}",
                            wanted, hint);
      return r;
    } catch (const EvaluationError& e) {
      got = e.what();
    }
  }
  if (got.find(wanted) == std::string::npos)
    r.error = fmt::format("expected an error containing '{}', got: {}", wanted, got);
  return r;
}
}  // namespace

CaseResult run_case(const TestCase& test, RuleCoverage* coverage) {
  if (test.expect_error) return run_error_case(test, coverage);
  CaseResult r;
  r.test = &test;
  const model::Model& m = *test.model;
  Evaluator evaluator(m);
  evaluator.set_evaluation_date(parse_date(test.date));
  Trace trace;
  if (coverage) evaluator.set_trace(&trace);
  try {
    const auto& values = evaluator.evaluate(test.household);
    if (coverage) coverage->add(m, trace);
    for (const auto& e : test.expect) {
      if (e.member_output >= 0) {
        const auto& out = m.member_outputs.at(static_cast<size_t>(e.member_output));
        const auto& got = evaluator.member_values().at(static_cast<size_t>(e.member_output));
        const auto* na = find_not_applicable(&evaluator.not_applicable(), static_cast<size_t>(e.member_output), true);
        if (e.not_applicable || na) {
          if (auto mm = not_applicable_mismatch(e, na, out.name, fmt::format("{} member(s) listed", got.size()))) {
            mm->rule = fmt::format("per-member output '{}' = {}", out.name, expression_text(m, out.value));
            mm->position = out.position;
            r.mismatches.push_back(std::move(*mm));
          }
          continue;
        }
        bool same = got.size() == e.member_values.size();
        for (size_t i = 0; same && i < got.size(); ++i) same = got[i].value == e.member_values[i];
        if (same) continue;
        std::vector<std::string> texts;
        for (const auto& v : got) texts.push_back(format_value(m, out.type, v.value, out.scale));
        Mismatch mm;
        mm.output = out.name;
        mm.expected = e.text;
        mm.actual = fmt::format("[{}]", fmt::join(texts, ", "));
        mm.rule = fmt::format("per-member output '{}' = {}", out.name, expression_text(m, out.value));
        mm.position = out.position;
        r.mismatches.push_back(std::move(mm));
        continue;
      }
      const auto& out = m.outputs.at(static_cast<size_t>(e.output));
      const Exact& actual = values.at(static_cast<size_t>(e.output));
      const auto* na = find_not_applicable(&evaluator.not_applicable(), static_cast<size_t>(e.output), false);
      if (e.not_applicable || na) {
        if (auto mm = not_applicable_mismatch(e, na, out.name, format_value(m, out.type, actual, out.scale))) {
          describe_source(m, out, *mm);
          r.mismatches.push_back(std::move(*mm));
        }
        continue;
      }
      if (matches(m, e, actual)) continue;
      Mismatch mm;
      mm.output = out.name;
      mm.expected = e.text;
      mm.actual = format_value(m, out.type, actual, out.scale);
      describe_source(m, out, mm);
      r.mismatches.push_back(std::move(mm));
    }
  } catch (const EvaluationError& e) {
    r.error = "evaluation failed: " + e.reason();
  } catch (const std::exception& e) {
    r.error = fmt::format("evaluation failed: {}", e.what());
  }
  return r;
}

std::vector<CaseResult> run_cases(const std::vector<TestCase>& cases, RuleCoverage* coverage) {
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const auto& c : cases) results.push_back(run_case(c, coverage));
  return results;
}

void RuleCoverage::add(const model::Model& m, const Trace& trace) {
  Version* v = nullptr;
  for (auto& x : versions_)
    if (x.model == &m) v = &x;
  if (!v) {
    versions_.push_back(Version{&m, {}, {}, {}});
    v = &versions_.back();
  }
  for (const auto& r : trace.rules) {
    if (!r) continue;
    v->rules.insert(r->rule);
    for (const auto& b : r->branches) v->branches.insert({b.position.to_string(), b.then_taken});
    for (const auto& l : r->lookups) v->cells.insert({l.table, l.cell});
  }
}

namespace {
void collect_branches(const model::Expr& e, std::vector<const model::Expr*>& out) {
  if (e.op == model::Op::if_then_else) out.push_back(&e);
  for (const auto& a : e.args) collect_branches(a, out);
}
}  // namespace

std::string RuleCoverage::render() const {
  std::string out;
  for (const auto& v : versions_) {
    const model::Model& m = *v.model;
    std::vector<std::string> lines;
    for (size_t i = 0; i < m.rules.size(); ++i) {
      const auto& rule = m.rules[i];
      if (!v.rules.count(static_cast<int>(i))) {
        lines.push_back(fmt::format("  rule {} never evaluated ({})", rule.name, rule.position.to_string()));
        continue;
      }
      std::vector<const model::Expr*> branches;
      collect_branches(rule.body, branches);
      for (const auto* b : branches) {
        std::string at = b->position.to_string();
        for (bool then_taken : {true, false}) {
          if (!v.branches.count({at, then_taken})) {
            lines.push_back(fmt::format("  rule {}: the '{}' branch at {} never taken", rule.name,
                                        then_taken ? "then" : "else", at));
          }
        }
      }
    }
    // Tables only a `require` reads are checked by `doudi check`, not by cases.
    std::set<int> used_by_rules;
    std::vector<const model::Expr*> stack;
    for (const auto& rule : m.rules) stack.push_back(&rule.body);
    while (!stack.empty()) {
      const model::Expr* e = stack.back();
      stack.pop_back();
      if (e->op == model::Op::table_lookup) used_by_rules.insert(e->slot);
      for (const auto& a : e->args) stack.push_back(&a);
    }
    for (size_t t = 0; t < m.tables.size(); ++t) {
      const auto& table = m.tables[t];
      if (!used_by_rules.count(static_cast<int>(t))) continue;
      for (size_t c = 0; c < table.cells.size(); ++c) {
        if (table.cells[c] && !v.cells.count({static_cast<int>(t), c})) {
          lines.push_back(fmt::format("  table {}{} = {} never looked up ({})", table.name,
                                      cell_name(m, table, c), table.cells[c]->to_string(),
                                      table.cell_positions[c].to_string()));
        }
      }
    }
    if (lines.empty()) continue;
    out += fmt::format("not exercised in policy {} version {}:\n", m.policy, m.version);
    for (const auto& l : lines) out += l + "\n";
  }
  return out;
}

std::string render_failure(const CaseResult& r) {
  const TestCase& t = *r.test;
  std::string out = t.model ? fmt::format("{}:{}: FAIL {}\n  policy {} version {} ({}), on {}\n",
                                          t.file, t.line, t.name, t.model->policy, t.model->version,
                                          t.policy_path, t.date)
                            : fmt::format("{}:{}: FAIL {}\n  policy {}, on {}\n", t.file, t.line,
                                          t.name, t.policy_path, t.date);
  if (!r.error.empty()) out += "  " + r.error + "\n";
  for (const auto& mm : r.mismatches) {
    out += fmt::format("  {}: expected {}, actual {}, from {} at {}\n", mm.output, mm.expected,
                       mm.actual, mm.rule, mm.position.to_string());
    if (mm.position.file && mm.position.line > 0) {
      out += fmt::format("  {:>5} | {}\n", mm.position.line,
                         mm.position.file->line_text(mm.position.line));
    }
  }
  return out;
}

std::string summary_line(const std::vector<CaseResult>& results) {
  auto passed = std::count_if(results.begin(), results.end(), [](const auto& r) { return r.passed(); });
  return fmt::format("{} passed, {} failed", passed, static_cast<long>(results.size()) - passed);
}

// ---- JUnit XML ------------------------------------------------------------------

namespace {

struct FileGroup {
  std::string file;
  std::vector<const CaseResult*> results;
  std::vector<const SuiteError*> errors;
};

std::vector<FileGroup> group_by_file(const std::vector<CaseResult>& results,
                                     const std::vector<SuiteError>& errors) {
  std::vector<FileGroup> groups;
  auto group = [&](const std::string& file) -> FileGroup& {
    for (auto& g : groups)
      if (g.file == file) return g;
    groups.push_back({file, {}, {}});
    return groups.back();
  };
  for (const auto& r : results) group(r.test->file).results.push_back(&r);
  for (const auto& e : errors) group(e.file).errors.push_back(&e);
  return groups;
}

std::string junit_case(const CaseResult& r) {
  const TestCase& t = *r.test;
  std::string head = fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                                 xml_escape(t.name), xml_escape(t.file), xml_escape(t.file), t.line);
  if (r.passed()) return head + "/>\n";
  std::string message = !r.error.empty()
                            ? r.error
                            : fmt::format("{}: expected {}, actual {}", r.mismatches[0].output,
                                          r.mismatches[0].expected, r.mismatches[0].actual);
  return fmt::format("{}>\n      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n    </testcase>\n",
                     head, xml_escape(message), xml_escape(render_failure(r), false));
}

std::string junit_error(const SuiteError& e) {
  return fmt::format(
      "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n"
      "      <error message=\"{}\" type=\"bad test file\">{}</error>\n    </testcase>\n",
      xml_escape(fmt::format("{} line {}", e.file, e.line)), xml_escape(e.file), xml_escape(e.file),
      e.line, xml_escape(e.message), xml_escape(e.render(), false));
}

}  // namespace

std::string junit_xml(const std::vector<CaseResult>& results,
                      const std::vector<SuiteError>& errors) {
  auto failed = [](const std::vector<const CaseResult*>& rs) {
    return std::count_if(rs.begin(), rs.end(), [](const auto* r) { return !r->passed(); });
  };
  std::vector<const CaseResult*> all;
  for (const auto& r : results) all.push_back(&r);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"doudi test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     results.size() + errors.size(), failed(all), errors.size());
  for (const auto& g : group_by_file(results, errors)) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                       xml_escape(g.file), g.results.size() + g.errors.size(), failed(g.results),
                       g.errors.size());
    for (const auto* r : g.results) out += junit_case(*r);
    for (const auto* e : g.errors) out += junit_error(*e);
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

}  // namespace doudi::suite
