// Households under several versions: each household file read once per
// version *layout* (inputs, districts and enumerations), so a household is
// evaluated under every version with that version's own coding; versions
// that read households alike share a read. Stretches of the input are read
// and evaluated on worker threads and handed on strictly in input order.
#pragma once

#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "base/exact.h"
#include "dsl/model.h"
#include "interpreter/formats/household_file.h"

namespace doudi {

// True when households read under `a` and `b` are coded alike: the same
// inputs (name, scope, type, required or not), districts and enumeration
// values in the same order.
bool same_household_layout(const model::Model& a, const model::Model& b);

// Evaluates every household of `files` under each of `models`, calling
// `each(households, outputs)` with the household as read for models[i] and
// its outputs under models[i]. A household that a version cannot read or
// evaluate is reported on `errors` (naming the version) and skipped, and so
// is one with an output that is n/a under a version (a figure not
// published: there is no amount to sum), saying which output and why.
// Returns the number of households rejected; `evaluated` counts the others.
using EvaluatedFn = std::function<void(const std::vector<const Household*>& households,
                                       const std::vector<const std::vector<Exact>*>& outputs)>;
// `dates[i]` (when given) is the evaluation date models[i] is evaluated on
// (what its rules see as evaluation_date); the same version on two dates is
// evaluated twice.
//
// `each_fixed`, when given, is called instead of `each` for a household every
// version's compiled program computed: `fixed[i]` points to models[i]'s
// outputs as the program gives them (fixed point at each output's scale, or
// codes), so a caller summing millions of households need not build Exact
// values for each. Return false to have `each` called instead.
using EvaluatedFixedFn = std::function<bool(const std::vector<const Household*>& households,
                                            const std::vector<const int64_t*>& fixed)>;
// `threads`: stretches read and evaluated at once (0: four).
// `not_applicable`, when given, counts the households left out for an n/a
// output apart (they are then not in the returned count of rejected ones).
long evaluate_under_versions(const std::vector<const model::Model*>& models,
                             const std::vector<std::string>& files, std::ostream& errors,
                             const EvaluatedFn& each, long& evaluated,
                             const std::vector<std::optional<int>>& dates = {},
                             const EvaluatedFixedFn& each_fixed = nullptr, int threads = 0,
                             long* not_applicable = nullptr);

}  // namespace doudi
