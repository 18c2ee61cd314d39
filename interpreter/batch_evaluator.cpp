// BatchEvaluator (see fast_eval.h): households -> outputs through the
// program, and the exact Evaluator for what it cannot give.
#include <algorithm>

#include "interpreter/fast_eval.h"

namespace doudi::fast {

constexpr int64_t P = kPoison;

Exact output_value(const OutputColumn& o, int64_t value) {
  bool number = o.kind == model::TypeKind::money || o.kind == model::TypeKind::decimal ||
                o.kind == model::TypeKind::integer;
  return number ? Exact::from_fixed(value, o.scale) : Exact::from_int(value);
}

// ---- BatchEvaluator -------------------------------------------------------------------------

BatchEvaluator::BatchEvaluator(const model::Model& m)
    : BatchEvaluator(m, std::make_shared<const Program>(compile_program(m))) {}

BatchEvaluator::BatchEvaluator(const model::Model& m, std::shared_ptr<const Program> program)
    : program_(std::move(program)), fast_(*program_), exact_(m), slow_(kBatchRows, 0) {}

// Writes household h's inputs into row `row`; false when the program cannot
// take it (a value beyond int64 at its scale, a missing input without a
// constant default, members where count()/sum() need them).
bool BatchEvaluator::load(const Household& h, int row) {
  const Program& p = *program_;
  if (p.reads_members && !h.members.empty()) return false;
  bool ok = true;
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    const InputColumn& c = p.inputs[i];
    if (c.column < 0) continue;
    std::optional<int64_t> v;
    if (i < h.inputs.size() && h.inputs[i]) v = h.inputs[i]->scaled(c.scale);
    else v = c.default_value;
    ok &= v.has_value() && *v != P;
    fast_.column(c.column)[row] = v.value_or(P);
  }
  return ok;
}

void BatchEvaluator::evaluate(const std::vector<Household>& households,
                              std::vector<Outcome>& outcomes) {
  outcomes.resize(households.size());
  const Program& p = *program_;
  for (size_t start = 0; start < households.size(); start += kBatchRows) {
    int rows = static_cast<int>(std::min<size_t>(kBatchRows, households.size() - start));
    for (int r = 0; r < rows; ++r) slow_[static_cast<size_t>(r)] = !load(households[start + static_cast<size_t>(r)], r);
    fast_.run(rows);
    for (int r = 0; r < rows; ++r) {
      Outcome& out = outcomes[start + static_cast<size_t>(r)];
      out.error.reset();
      out.outputs.clear();
      out.fast = !slow_[static_cast<size_t>(r)] && fast_.ok(r);
      if (out.fast) {
        for (size_t o = 0; o < p.outputs.size(); ++o)
          out.outputs.push_back(output_value(p.outputs[o], fast_.output(o, r)));
        continue;
      }
      try {
        out.outputs = exact_.evaluate(households[start + static_cast<size_t>(r)]);
      } catch (const EvaluationError& e) {
        out.error = e;
      }
    }
  }
}

}  // namespace doudi::fast
