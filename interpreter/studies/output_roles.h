// How a study reads a version's outputs: which is the benefit (the outputs
// the policy's `benefit` line names, or derived: dsl/benefit.h), in which
// unit its cost is counted, the people (the `members` input, or 1), the
// region group and the grade of a household.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "base/exact.h"
#include "dsl/model.h"
#include "dsl/settings.h"
#include "interpreter/evaluation/household.h"

namespace doudi {

// The parts of a version a what-if reads: its money outputs, the benefit,
// the people, the region group and the grade of a household.
struct OutputRoles {
  std::vector<int> money;    // indexes into Model::outputs of the money outputs
  std::vector<int> paid;     // the benefit outputs (dsl/benefit.h), in order
  // The benefit outputs in the cost's unit: per month when any benefit output
  // is, else the first benefit output's; the others are reported beside it.
  std::vector<int> primary;
  model::Type::Period period = model::Type::Period::month;
  int grade = -1;          // the enumeration output named `grade`, or -1
  int members = -1;        // the integer household input `members`, or -1
  int district = -1;       // the (first) household input of type district, or -1
  int scale = 2;           // digits shown for amounts: the largest money output scale

  // The benefit in the cost's unit: the sum of the primary outputs.
  Exact benefit(const std::vector<Exact>& outputs) const;
  // The household's people: its `members` (when left to its default, the
  // people listed, or a constant default), else 1.
  Exact people(const model::Model& m, const Household& h) const;
  // "benefit: output 'total' (救助金合计)" for headings.
  std::string describe_benefit(const model::Model& m) const;
};

// Throws UsageError when the version's benefit is neither declared nor
// derivable (several money outputs, no `total`, no `benefit` line).
OutputRoles output_roles(const model::Model& m);

// The code of the household's input `input` (its value, else a constant
// default): a district's or an enumeration value's index; nullopt when
// neither gives one.
std::optional<int64_t> input_code(const model::Model& m, int input, const Household& h);

// The region group of the household's district, or "all" without one.
std::string region_of(const model::Model& m, const OutputRoles& roles, const Household& h);

}  // namespace doudi
