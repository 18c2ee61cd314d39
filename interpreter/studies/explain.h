// Explanations: a household's trace (trace.h) as a derivation an analyst can
// paste into a case file (text), or the same tree for programs (JSON). Every
// rule used is shown with its value, its expression, the inputs it read, the
// table cells chosen (and the region group a district fell in), roundings
// before and after, branches taken, and the source of every rule and table.
#pragma once

#include <optional>
#include <string>

#include "dsl/model.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/evaluation/trace.h"

namespace doudi {

struct ExplainRequest {
  std::optional<std::string> output;  // only this output; all when empty
  std::string date;                   // YYYY-MM-DD, for the heading
  // The per-member outputs' values (Evaluator::member_values), shown after
  // the household's outputs; null or empty when the policy has none.
  const std::vector<std::vector<MemberValue>>* member_values = nullptr;
  // The outputs that are n/a (Evaluator::not_applicable): shown as n/a with
  // the reason instead of a derivation; null when none is.
  const std::vector<NotApplicableOutput>* not_applicable = nullptr;
};

// The text explanation of `h` (evaluated with `trace`). Outputs in declared
// order, labels first (Chinese where the policy gives them).
std::string explain_text(const model::Model& m, const Household& h, const Trace& trace,
                         const std::vector<Exact>& outputs, const ExplainRequest& request);

// The same as one JSON object.
std::string explain_json(const model::Model& m, const Household& h, const Trace& trace,
                         const std::vector<Exact>& outputs, const ExplainRequest& request);

}  // namespace doudi
