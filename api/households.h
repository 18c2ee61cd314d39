// Households at the API boundary: the public, textual Household (doudi/policy.h)
// read from YAML/JSON or CSV, and turned into the interpreter's slot-indexed
// Household for one version — by the interpreter's one household reader
// (interpreter/formats/household_text.h, household_file.h), with the same checks and messages.
#pragma once

#include "doudi/policy.h"
#include "dsl/model.h"
#include "interpreter/formats/household_file.h"

namespace doudi::api {

// Fills `out` from `h` for model `m` through the interpreter's reader
// (read_household: names, types, bounds, missing inputs, members against
// people); household_error naming the household (its `position`, 1-based, when
// known) and every bad field.
Status to_household(const model::Model& m, const Household& h, doudi::Household& out,
                    long position = 0);

}  // namespace doudi::api
