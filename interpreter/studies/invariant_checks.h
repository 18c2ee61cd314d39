// Checking a version's `require` rules (the province's rules) cell by cell:
// which rules are in force in a version, every combination of the values a
// rule ranges over, the words for where a check is made, and the findings.
// Shared by `doudi check`, the policy document (policy_doc.h) and what-if,
// which checks its alternative the same way and prints the violations with
// its summary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "base/exact.h"
#include "dsl/loader.h"

namespace doudi {

// The last day version `i` is in force: its `ends`, else the day before the next.
std::optional<int> last_day(const PolicySet& set, size_t i);

// Whether `inv` is in force at some time in [first, last].
bool invariant_applies(const model::Invariant& inv, int first, std::optional<int> last);

// "region 一类地区, hukou urban" for one combination of the ranges' values.
std::string where_text(const model::Model& m, const model::Invariant& inv, const std::vector<int64_t>& values);

// Calls `each` with every combination of the ranges' values (once, with none,
// when the rule ranges over nothing).
template <typename F>
void for_each_combination(const model::Invariant& inv, F each) {
  std::vector<int64_t> values(inv.ranges.size(), 0);
  for (;;) {
    each(values);
    size_t k = values.size();
    while (k > 0) {
      --k;
      if (++values[k] < inv.ranges[k].size) break;
      values[k] = 0;
      if (k == 0) return;
    }
    if (values.empty()) return;
  }
}

struct InvariantFinding {
  enum class Kind { violation, cannot_check };
  Kind kind = Kind::violation;
  const model::Invariant* invariant = nullptr;
  std::string where;                // "hukou rural", "" when it does not range
  std::optional<Exact> left, right;  // the two sides of a comparison (violations)
  std::string because;              // why it could not be checked
};

struct InvariantReport {
  long checks = 0, skipped = 0;  // combinations checked; skipped for an n/a figure
  std::vector<InvariantFinding> findings;
};

// "LABEL: CONDITION" (or the condition alone) as `doudi check` names a rule.
std::string statement_text(const model::Model& m, const model::Invariant& inv);

// "in force 2017-01-01 to 2020-06-30" / "in force from 2020-07-01".
std::string period_text(const model::Model& m, std::optional<int> last);

// Every require of `m` applying to a version in force from `first` to `last`.
InvariantReport check_invariants(const model::Model& m, int first, std::optional<int> last);

// The lines `doudi check` prints for a finding (each ending in '\n').
std::string render_finding(const model::Model& m, const InvariantFinding& f, const std::string& period);

// The requires a what-if's `alternative` breaks, each as `doudi check`
// prints it: checked for the period of the version it stands in for (the
// baseline `base`, for a --set or a reform; itself, when it is a version of
// `set`, for --against).
std::vector<std::string> alternative_violations(const PolicySet& set, const model::Model& base,
                                                const model::Model& alternative);

}  // namespace doudi
