// Statuses from the pipeline's errors: a PolicyError's diagnostics with their
// positions, an EvaluationError's rule and position.
// Used by every entry point of the API, which never lets an exception out.
#pragma once

#include "doudi/status.h"
#include "base/source.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/household_file.h"

namespace doudi::api {

Status policy_status(const doudi::PolicyError& e);
Status evaluation_status(const doudi::Household& h, const doudi::EvaluationError& e);

}  // namespace doudi::api
