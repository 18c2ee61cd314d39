// What `doudi check` proves about a version's values before any household:
// an interval for every value, from the inputs' `at least`/`at most`, the
// tables' and series' figures and the constants, carried through the
// arithmetic — the interval analysis the compiled path does on each batch's
// measured inputs (interpreter/fast_eval.cpp), here on the declared ones —
// with what an `if`'s condition tells its branches (in `if a < b then b - a`,
// b - a is positive). Two findings are reported, as warnings naming the
// inputs to bound:
// - a division whose divisor may be 0 or negative (`monthly_income / members`
//   with `members` unbounded);
// - a benefit output (dsl/benefit.h) that may be negative.
// See docs/LANGUAGE.md, section "Checking a policy".
#pragma once

#include <string>
#include <vector>

#include "dsl/model.h"
#include "base/source.h"

namespace doudi {

struct RangeFinding {
  Position position;
  std::string message;
};

std::vector<RangeFinding> check_ranges(const model::Model& m);

}  // namespace doudi
