// Public results (doudi/policy.h) from the interpreter's values: an
// Evaluation's outputs as exact text and Decimal, and a version's VersionInfo.
#pragma once

#include <string>
#include <vector>

#include "doudi/policy.h"
#include "dsl/model.h"
#include "interpreter/evaluation/evaluator.h"

namespace doudi::api {

VersionInfo version_info(const model::Model& m);

// The outputs `values` (and per-member `members`, when given) of household
// `id` under `m`, in declared order; those in `not_applicable` are n/a.
Evaluation evaluation(const model::Model& m, const std::string& id, const std::string& fingerprint,
                      const std::vector<Exact>& values,
                      const std::vector<std::vector<MemberValue>>* members = nullptr,
                      const std::vector<NotApplicableOutput>* not_applicable = nullptr);

}  // namespace doudi::api
