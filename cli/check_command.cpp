// `doudi check POLICY [--date D]`: evaluates every `require` in force for every
// version, over every region and table cell it ranges over, and prints each
// violation with the policy, version, where, both sides' values and the
// source. Also warns about stale standards. Exit 0 none, 1 any, 2 policy errors.
#include <iostream>
#include <set>

#include <fmt/format.h>

#include "base/date.h"
#include "cli/commands.h"
#include "cli/household_files.h"
#include "dsl/loader.h"
#include "dsl/ranges.h"
#include "interpreter/studies/invariant_checks.h"

namespace doudi::cli {
namespace {

struct CheckOptions {
  std::string policy;
  std::string date;
};

int check(const CheckOptions& o) {
  auto loaded = load_policy_reporting(o.policy);
  if (!loaded) return 2;
  const PolicySet& set = *loaded;
  auto date = date_option(o.date, "check");
  if (!date) return 2;
  int day = *date;
  long checks = 0, violations = 0, unchecked = 0, warnings = 0, skipped = 0;
  std::set<std::string> said;
  for (size_t i = 0; i < set.versions.size(); ++i) {
    const model::Model& m = set.versions[i];
    auto last = last_day(set, i);
    std::string period = period_text(m, last);
    InvariantReport report = check_invariants(m, m.effective, last);
    checks += report.checks;
    skipped += report.skipped;
    for (const auto& f : report.findings) {
      (f.kind == InvariantFinding::Kind::violation ? violations : unchecked)++;
      std::cout << render_finding(m, f, period);
    }
    for (const auto& f : check_ranges(m)) {  // once per place, whichever versions share it
      std::string text = fmt::format("{}: warning: {}", f.position.to_string(), f.message);
      if (!said.insert(text).second) continue;
      ++warnings;
      std::cout << text << "\n";
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
