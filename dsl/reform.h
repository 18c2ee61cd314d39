// Reforms: a policy file applied as an amendment to a version of a policy,
// as a what-if's alternative.
#pragma once

#include <string>

#include "dsl/in_force.h"
#include "dsl/model.h"

namespace doudi {

// A reform: the policy file at `path` applied as an amendment to `base` (a
// version of `set`), whatever its own `amends` line says; its `version` and
// `effective` lines are optional (they default to the base's with "+reform").
// Throws PolicyError. Used by what-if runs.
model::Model load_reform(const PolicySet& set, const model::Model& base, const std::string& path);

}  // namespace doudi
