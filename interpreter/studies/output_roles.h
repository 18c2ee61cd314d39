// How a study reads a version's outputs: which is the benefit (the money
// output named `total`, else the sum of the money outputs), the people (the
// `members` input, or 1), the region group and the grade of a household.
#pragma once

#include <string>
#include <vector>

#include "base/exact.h"
#include "dsl/model.h"
#include "interpreter/evaluation/household.h"

namespace doudi {

// The parts of a version a what-if reads: its money outputs, the benefit,
// the people, the region group and the grade of a household.
struct OutputRoles {
  std::vector<int> money;  // indexes into Model::outputs of the money outputs
  int total = -1;          // the money output named `total`, or -1
  int grade = -1;          // the enumeration output named `grade`, or -1
  int members = -1;        // the integer household input `members`, or -1
  int district = -1;       // the (first) household input of type district, or -1
  int scale = 2;           // digits shown for amounts: the largest money output scale

  // The benefit: output `total`, else the sum of the money outputs.
  Exact benefit(const std::vector<Exact>& outputs) const;
  // The household's people: its `members` (when left to its default, the
  // people listed, or a constant default), else 1.
  Exact people(const model::Model& m, const Household& h) const;
  // "benefit: output 'total' (救助金合计)" for headings.
  std::string describe_benefit(const model::Model& m) const;
};

OutputRoles output_roles(const model::Model& m);

// The region group of the household's district, or "all" without one.
std::string region_of(const model::Model& m, const OutputRoles& roles, const Household& h);

}  // namespace doudi
