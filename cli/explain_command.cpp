// `doudi explain POLICY HOUSEHOLD [--date D] [--output NAME] [--format text|json]`:
// for each household of the file, the derivation of every output (or the one
// named): rules used, inputs read, table cells and region groups, roundings,
// branches and sources. Exit 0, or 2 on bad usage, policy or household data.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/household_files.h"
#include "base/date.h"
#include "dsl/loader.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/studies/explain.h"

namespace doudi::cli {
namespace {

struct ExplainOptions {
  std::string policy, household, date, output, format = "text";
  std::string people;  // --people PEOPLE.csv for a CSV households file
};

int explain(const ExplainOptions& o) {
  auto day = date_option(o.date, "explain");
  if (!day) return 2;
  PolicySet set;
  const model::Model* m = load_in_force(o.policy, *day, set);
  if (!m) return 2;
  ExplainRequest request;
  request.date = format_date(*day);
  if (!o.output.empty()) {
    bool found = false;
    std::vector<std::string> names;
    for (const auto& out : m->outputs) {
      found |= out.name == o.output;
      names.push_back(out.name);
    }
    for (const auto& out : m->member_outputs) {
      found |= out.name == o.output;
      names.push_back(out.name);
    }
    if (!found) {
      std::cerr << fmt::format("doudi explain: the policy has no output '{}' (outputs: {})\n", o.output,
                               fmt::join(names, ", "));
      return 2;
    }
    request.output = o.output;
  }
  long bad = 0;
  Evaluator evaluator(*m);
  evaluator.set_evaluation_date(*day);
  Trace trace;
  evaluator.set_trace(&trace);
  bool json = o.format == "json";
  if (json) std::cout << "[";
  bool first = true;
  for_each_household(*m, o.household, bad, o.people, [&](const Household& h) {
    try {
      const auto& outputs = evaluator.evaluate(h);
      request.member_values = &evaluator.member_values();
      request.not_applicable = &evaluator.not_applicable();
      if (json) {
        std::cout << (first ? "\n" : ",\n") << explain_json(*m, h, trace, outputs, request);
      } else {
        std::cout << (first ? "" : "\n") << explain_text(*m, h, trace, outputs, request);
      }
      first = false;
    } catch (const EvaluationError& e) {
      std::cerr << describe(h) << ": " << e.reason() << "\n";
      ++bad;
    }
  });
  if (json) std::cout << "\n]\n";
  return bad > 0 ? 2 : 0;
}

}  // namespace

void add_explain_command(CLI::App& app, int& result) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* cmd = app.add_subcommand("explain", "Show how each output was derived for each household, citing sources");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("HOUSEHOLD", options->household, "a household file: CSV, YAML or JSON")->required();
  cmd->add_option("--people", options->people,
                  "people file (CSV) for a CSV households file: one row per person, its household's id "
                  "in column `household`");
  cmd->add_option("--date", options->date, "evaluate on this date, YYYY-MM-DD (default: today)");
  cmd->add_option("--output", options->output, "explain only this output");
  cmd->add_option("--format", options->format, "text (default) or json")->check(CLI::IsMember({"text", "json"}));
  cmd->callback([options, &result] { result = explain(*options); });
}

}  // namespace doudi::cli
