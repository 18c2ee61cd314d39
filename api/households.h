// Households at the API boundary: the public, textual Household (doudi/policy.h)
// read from YAML/JSON, and turned into the interpreter's slot-indexed
// Household for one version — each field's text parsed exactly as household
// files are (interpreter/formats/value.h), with the same checks and messages.
#pragma once

#include "doudi/policy.h"
#include "dsl/model.h"
#include "interpreter/formats/household_file.h"

namespace doudi::api {

// Fills `out` from `h` for model `m`; household_error naming the household
// and field when a field is unknown, unreadable or a required one is missing.
Status to_household(const model::Model& m, const Household& h, doudi::Household& out);

}  // namespace doudi::api
