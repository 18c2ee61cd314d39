// Bound by a province: a city's policy that says `bound by shandong` obeys the
// province's `require local` rules, written once in policies/shandong. For one
// of those rules and one city version, this builds the model it is checked in:
// the city version's declarations, amended by the province's declarations the
// rule uses (its tables, rules and series, and the enumerations they need that
// the city lacks), with the rule as the only require. The city's own names
// (dibao_standard, tekun_basic, …) are what the rule speaks about; a name the
// province declares is the province's.
#pragma once

#include <optional>
#include <string>

#include "dsl/model.h"
#include "dsl/syntax.h"

namespace doudi {

// The period a province's rule holds for a version of the city: `from` and
// `until` (day numbers) of the rule and of the province version, intersected.
struct BoundPeriod {
  std::optional<int> from, until;
};

// The outcome of binding a rule to a city version: the model to check it in,
// or why it cannot be (not_applicable: the city declares no table or rule of
// a name the rule reads, e.g. a city policy without medical assistance).
struct BoundRequire {
  std::optional<model::Model> model;
  bool not_applicable = false;
  std::string why;
};

// The names a province's rule reads that the city version does not declare,
// or that the province declares, resolved as above; then checked as one
// policy. `previous` is the city version before (for previous(TABLE)).
BoundRequire bind_require(const syntax::PolicyFile& city, const model::Model* previous,
                          const syntax::PolicyFile& province, const syntax::RequireDecl& rule,
                          const BoundPeriod& period);

}  // namespace doudi
