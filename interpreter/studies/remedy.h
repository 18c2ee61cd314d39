// For a `require` that does not hold: the figures that would make it hold.
// "rural tekun must be at least 494, or rural dibao at most 361": for each
// published figure the condition reads (a table cell, or a rule that is a
// plain number), the value it would need, the others staying as they are,
// at the figure's own precision (a table's digits, a rule's).
//
// Design: the condition is a comparison of two sides, each a function of the
// figure; the figure is moved by the secant method on exact numbers (a few
// steps suffice: the sides are linear, or a ratio, or rounded), then the two
// multiples of its unit around the result are tried and the one that makes
// the condition hold is reported, with its direction from the published value.
#pragma once

#include <string>
#include <vector>

#include "dsl/model.h"
#include "interpreter/evaluation/evaluator.h"

namespace doudi {

struct Remedy {
  std::string figure;    // "tekun_basic[rural]", or a rule's name
  std::string relation;  // "at least", "at most", "=" (one value that makes an equality hold)
  Exact value;           // the figure that would satisfy the require
  Exact published;       // the figure as the policy has it
};

// Nothing when the require holds, is not a comparison of numbers, or no
// figure it reads can satisfy it alone.
std::vector<Remedy> satisfying_figures(const model::Model& m, const model::Invariant& inv,
                                       const std::vector<int64_t>& values);

// "tekun_basic[rural] at least 494, or dibao_standard[rural] at most 361".
std::string remedies_text(const model::Model& m, const std::vector<Remedy>& remedies);

}  // namespace doudi
