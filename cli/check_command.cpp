// `doudi check POLICY [--date D]`: evaluates every `require` in force for every
// version, over every region and table cell it ranges over, and prints each
// violation with the policy, version, where, both sides' values and the
// source. Also warns about stale standards. Exit 0 none, 1 any, 2 policy errors.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/household_files.h"
#include "base/date.h"
#include "dsl/loader.h"
#include "dsl/printer.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/studies/invariant_checks.h"

namespace doudi::cli {
namespace {

struct CheckOptions {
  std::string policy;
  std::string date;
};

std::string statement_text(const model::Model& m, const model::Invariant& inv) {
  return inv.label.empty() ? expression_text(m, inv.condition)
                           : inv.label + ": " + expression_text(m, inv.condition);
}

int check(const CheckOptions& o) {
  auto loaded = load_policy_reporting(o.policy);
  if (!loaded) return 2;
  const PolicySet& set = *loaded;
  auto date = date_option(o.date, "check");
  if (!date) return 2;
  int day = *date;
  long checks = 0, violations = 0, unchecked = 0, warnings = 0, skipped = 0;
  for (size_t i = 0; i < set.versions.size(); ++i) {
    const model::Model& m = set.versions[i];
    auto last = last_day(set, i);
    std::string period = last ? fmt::format("in force {} to {}", m.effective_text, format_date(*last))
                              : fmt::format("in force from {}", m.effective_text);
    Evaluator evaluator(m);
    for (const auto& inv : m.invariants) {
      if (!invariant_applies(inv, m.effective, last)) continue;
      for_each_combination(inv, [&](const std::vector<int64_t>& values) {
        ++checks;
        std::string where = where_text(m, inv, values);
        try {
          auto outcome = evaluator.check_invariant(inv, values);
          if (outcome.holds) return;
          ++violations;
          std::cout << fmt::format("{}: violation: {}\n", inv.position.to_string(), statement_text(m, inv));
          std::cout << fmt::format("  policy {} version {} ({})\n", m.policy, m.version, period);
          if (!where.empty()) std::cout << "  where: " << where << "\n";
          if (outcome.left) std::cout << "  left:  " << approximate_text(*outcome.left) << "\n";
          if (outcome.right) std::cout << "  right: " << approximate_text(*outcome.right) << "\n";
          if (inv.from) std::cout << "  rule in force from " << format_date(*inv.from) << "\n";
          for (const auto& s : inv.sources) std::cout << "  source: " << s << "\n";
        } catch (const EvaluationError& e) {
          if (e.not_applicable) {  // no published figure to check
            ++skipped;
            return;
          }
          ++unchecked;
          std::cout << fmt::format("{}: cannot check: {}\n  policy {} version {}{}\n  because: {}\n",
                                   inv.position.to_string(), statement_text(m, inv), m.policy,
                                   m.version, where.empty() ? "" : ", " + where, e.what());
        }
      });
    }
    bool current = (m.effective <= day && (!last || day <= *last));
    for (const auto& s : m.series) {  // a series with no value for the prior year
      if (!current) continue;
      if (!s.years.count(m.effective_year - 1)) {
        ++warnings;
        std::cout << fmt::format("{}: warning: series '{}' has no value for {}, the year before "
                                 "version {} took effect\n", s.position.to_string(), s.name,
                                 m.effective_year - 1, m.version);
      }
    }
  }
  const model::Model& newest = set.versions.back();
  if (!newest.ends && day > newest.effective + 365) {
    ++warnings;
    std::cout << fmt::format("{}: warning: the newest version ({}, effective {}) is more than a "
                             "year old on {}: has a newer standard been published?\n",
                             newest.file->path, newest.version, newest.effective_text,
                             format_date(day));
  }
  std::cout << fmt::format("{} checks, {} violations, {} could not be checked, {} skipped "
                           "(a figure written n/a), {} warnings\n",
                           checks, violations, unchecked, skipped, warnings);
  return violations + unchecked > 0 ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app, int& result) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Check every version against the policy's `require` rules (the province's rules)");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("--date", options->date, "warn when the newest version is over a year old on this date (default: today)");
  cmd->callback([options, &result] { result = check(*options); });
}

}  // namespace doudi::cli
