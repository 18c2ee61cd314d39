// Statuses from the pipeline's errors: a PolicyError's diagnostics with their
// positions, an EvaluationError's rule and position, a household error's
// place (id, row, field, reason) as data.
// Used by every entry point of the API, which never lets an exception out.
#pragma once

#include "doudi/status.h"
#include "base/source.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/errors_file.h"
#include "interpreter/formats/household_file.h"

namespace doudi::api {

Status policy_status(const doudi::PolicyError& e);
Status evaluation_status(const doudi::Household& h, const doudi::EvaluationError& e);
// A rejected CSV row (interpreter/errors_file.h) as a Status with its place.
Status rejected_status(const doudi::RejectedHousehold& r, const std::string& message);

// `s` with its place filled: the household's id and row (when `row` > 0),
// and for a household_error the field and reason read from the message
// ("…: field 'members': 'three' is not an integer").
Status with_place(Status s, const std::string& household, long row);

}  // namespace doudi::api
