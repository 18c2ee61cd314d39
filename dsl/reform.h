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
// The same for reform text held in memory (`name` stands for its file in
// messages), e.g. a reform sent to `doudi serve`.
model::Model load_reform_text(const PolicySet& set, const model::Model& base, const std::string& name,
                              const std::string& text);

}  // namespace doudi
