// Checking a version against its `require`s (the province's rules): every
// require whose period overlaps the version's, over every combination of the
// values it ranges over. `doudi check` prints every finding; a what-if checks
// its alternative the same way and prints the violations with its summary.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/in_force.h"
#include "dsl/model.h"
#include "base/exact.h"

namespace doudi {

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

// The last day version `i` of `set` is in force: its `ends`, else the day
// before the next version, else none (the newest, for good).
std::optional<int> last_day_in_force(const PolicySet& set, size_t i);

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
