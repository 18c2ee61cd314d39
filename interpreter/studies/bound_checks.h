// The province's rules a city version is bound by (`bound by shandong`): for
// one version of the city, each `require local` rule of each version of the
// province whose period overlaps the city version's, bound to it by
// dsl/bound.h. Shared by `doudi check` and the policy document (policy_doc.h),
// which evaluate the bound rules like the policy's own (invariant_checks.h).
#pragma once

#include <string>
#include <vector>

#include "dsl/bound.h"
#include "dsl/loader.h"

namespace doudi {

struct ProvinceRule {
  const model::Model* province = nullptr;     // the province's version
  const syntax::RequireDecl* rule = nullptr;  // as the province writes it
  // "bound by shandong: policy shandong.social_assistance version 2018 (rule
  // in force from 2018-01-01)"
  std::string in_force;
  BoundRequire bound;  // the model to check it in, or why there is none
};

// Every province rule for version `i` of `city`, in the province's order.
std::vector<ProvinceRule> province_rules(const PolicySet& city, size_t i, const PolicySet& province);

}  // namespace doudi
