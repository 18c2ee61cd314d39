// `doudi check POLICY [--date D] [--version V] [--verbose]`: evaluates every
// `require` in force for every version (or version V), over every region and
// table cell it ranges over, and the rules of the province a version is
// `bound by` (bound_checks.h); prints each violation with the policy,
// version, where, both sides with their operands, the margin, the figures
// that would satisfy it (remedy.h) and the source; --verbose prints every
// check. Also warns about stale standards (not for a policy whose last
// version ended). Exit 0 none, 1 any, 2 policy errors.
#include <iostream>
#include <map>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/date.h"
#include "cli/commands.h"
#include "cli/household_files.h"
#include "dsl/loader.h"
#include "dsl/printer.h"
#include "dsl/ranges.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/studies/bound_checks.h"
#include "interpreter/studies/invariant_checks.h"
#include "interpreter/studies/remedy.h"

namespace doudi::cli {
namespace {

struct CheckOptions {
  std::string policy;
  std::string date;
  std::string version;  // only this version, when given
  bool verbose = false; // every check, with its values and margin
};

struct Tally {
  long checks = 0, violations = 0, unchecked = 0, warnings = 0, skipped = 0, not_applicable = 0;
};

// Checks one require over every combination it ranges over, in `m`; `bound`
// names the province's version for a province's rule ("" for the policy's own).
void check_invariant(const model::Model& m, const model::Invariant& inv, const std::string& period,
                     const std::string& bound, bool verbose, Tally& t) {
  Evaluator evaluator(m);
  for_each_combination(inv, [&](const std::vector<int64_t>& values) {
    ++t.checks;
    std::string where = where_text(m, inv, values);
    try {
      auto outcome = evaluator.check_invariant(inv, values);
      if (outcome.holds && !verbose) return;
      if (!outcome.holds) ++t.violations;
      std::cout << fmt::format("{}: {}: {}\n", inv.position.to_string(),
                               outcome.holds ? "holds" : "violation", statement_text(m, inv));
      std::cout << fmt::format("  policy {} version {} ({})\n", m.policy, m.version, period);
      if (!bound.empty()) std::cout << "  " << bound << "\n";
      if (!where.empty()) std::cout << "  where: " << where << "\n";
      const auto& c = inv.condition;
      if (outcome.left)
        std::cout << "  left:  " << side_text(c.args[0], *outcome.left, outcome.left_operands) << "\n";
      if (outcome.right)
        std::cout << "  right: " << side_text(c.args[1], *outcome.right, outcome.right_operands) << "\n";
      if (outcome.left && outcome.right)
        std::cout << "  margin: " << approximate_text(*outcome.left - *outcome.right)
                  << " (left - right)\n";
      if (!outcome.holds) {
        auto remedies = satisfying_figures(m, inv, values);
        if (!remedies.empty()) std::cout << "  would hold with " << remedies_text(m, remedies) << "\n";
      }
      if (inv.from) std::cout << "  rule in force from " << format_date(*inv.from) << "\n";
      if (outcome.holds) return;
      for (const auto& s : inv.sources) std::cout << "  source: " << s << "\n";
    } catch (const EvaluationError& e) {
      if (e.not_applicable) {  // no published figure to check
        ++t.skipped;
        return;
      }
      ++t.unchecked;
      std::cout << fmt::format("{}: cannot check: {}\n  policy {} version {}{}\n{}  because: {}\n",
                               inv.position.to_string(), statement_text(m, inv), m.policy,
                               m.version, where.empty() ? "" : ", " + where,
                               bound.empty() ? "" : "  " + bound + "\n", e.what());
    }
  });
}

// The province's `require local` rules for version `i` of a city bound by it.
void check_bound(const PolicySet& city, size_t i, const PolicySet& province,
                 const std::string& period, bool verbose, Tally& t) {
  const model::Model& m = city.versions[i];
  for (const auto& r : province_rules(city, i, province)) {
    const auto& rule = *r.rule;
    if (r.bound.model) {
      for (const auto& inv : r.bound.model->invariants)
        check_invariant(*r.bound.model, inv, period, r.in_force, verbose, t);
    } else if (r.bound.not_applicable) {
      ++t.not_applicable;
      if (verbose)
        std::cout << fmt::format("{}: not applicable: {}\n  policy {} version {}\n  {}\n  because: {}\n",
                                 rule.position.to_string(), rule.label, m.policy, m.version,
                                 r.in_force, r.bound.why);
    } else {
      ++t.unchecked;
      std::cout << fmt::format("{}: cannot check: {}\n  policy {} version {}\n  {}\n  because: {}\n",
                               rule.position.to_string(), rule.label, m.policy, m.version,
                               r.in_force, r.bound.why);
    }
  }
}

// The province a version is bound by, loaded once per path; null (with the
// error printed) when it does not load.
const PolicySet* province_of(const model::Model& m,
                             std::map<std::string, std::optional<PolicySet>>& cache) {
  if (m.bound_by_path.empty()) return nullptr;
  auto it = cache.find(m.bound_by_path);
  if (it == cache.end()) {
    it = cache.emplace(m.bound_by_path, load_policy_reporting(m.bound_by_path)).first;
  }
  return it->second ? &*it->second : nullptr;
}

int check(const CheckOptions& o) {
  auto loaded = load_policy_reporting(o.policy);
  if (!loaded) return 2;
  const PolicySet& set = *loaded;
  auto date = date_option(o.date, "check");
  if (!date) return 2;
  int day = *date;
  if (!o.version.empty()) {
    bool known = false;
    std::vector<std::string> names;
    for (const auto& v : set.versions) {
      known |= v.version == o.version;
      names.push_back(v.version);
    }
    if (!known) {
      std::cerr << fmt::format("doudi check: no version '{}' (versions: {})\n", o.version,
                               fmt::join(names, ", "));
      return 2;
    }
  }
  Tally t;
  std::set<std::string> said;  // range warnings already printed
  std::map<std::string, std::optional<PolicySet>> provinces;
  bool province_failed = false;
  for (size_t i = 0; i < set.versions.size(); ++i) {
    const model::Model& m = set.versions[i];
    if (!o.version.empty() && m.version != o.version) continue;
    auto last = last_day(set, i);
    std::string period = period_text(m, last);
    for (const auto& inv : m.invariants) {
      if (invariant_applies(inv, m.effective, last)) check_invariant(m, inv, period, "", o.verbose, t);
    }
    if (const PolicySet* province = province_of(m, provinces)) {
      check_bound(set, i, *province, period, o.verbose, t);
    } else if (!m.bound_by_path.empty()) {
      province_failed = true;
    }
    for (const auto& f : check_ranges(m)) {  // once per place, whichever versions share it
      std::string text = fmt::format("{}: warning: {}", f.position.to_string(), f.message);
      if (!said.insert(text).second) continue;
      ++t.warnings;
      std::cout << text << "\n";
    }
    bool current = (m.effective <= day && (!last || day <= *last));
    for (const auto& s : m.series) {  // a series with no value for the prior year
      if (!current) continue;
      if (!s.years.count(m.effective_year - 1)) {
        ++t.warnings;
        std::cout << fmt::format("{}: warning: series '{}' has no value for {}, the year before "
                                 "version {} took effect\n", s.position.to_string(), s.name,
                                 m.effective_year - 1, m.version);
      }
    }
  }
  const model::Model& newest = set.versions.back();
  if (o.version.empty() && !newest.ends && day > newest.effective + 365) {
    ++t.warnings;
    std::cout << fmt::format("{}: warning: the newest version ({}, effective {}) is more than a "
                             "year old on {}: has a newer standard been published?\n",
                             newest.file->path, newest.version, newest.effective_text,
                             format_date(day));
  }
  std::cout << fmt::format("{} checks, {} violations, {} could not be checked, {} skipped "
                           "(a figure written n/a), {} warnings",
                           t.checks, t.violations, t.unchecked, t.skipped, t.warnings);
  if (t.not_applicable > 0)
    std::cout << fmt::format(", {} province rules not applicable (about tables or rules the "
                             "policy does not have)", t.not_applicable);
  std::cout << "\n";
  if (province_failed) return 2;
  return t.violations + t.unchecked > 0 ? 1 : 0;
}

}  // namespace

void add_check_command(CLI::App& app, int& result) {
  auto options = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand(
      "check", "Check every version against the policy's `require` rules (the province's rules)");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("--date", options->date, "warn when the newest version is over a year old on this date (default: today)");
  cmd->add_option("--version", options->version, "check only this version (its `version` text)");
  cmd->add_flag("--verbose", options->verbose, "show every check with both sides' values and the margin, not only violations");
  cmd->callback([options, &result] { result = check(*options); });
}

}  // namespace doudi::cli
