// BatchEvaluator (see fast_eval.h): households -> outputs through the
// program, and the exact Evaluator for what it cannot give.
#include <algorithm>

#include "interpreter/compiled/fast_eval.h"

namespace doudi::fast {

constexpr int64_t P = kPoison;

Exact output_value(const OutputColumn& o, int64_t value) {
  bool number = o.kind == model::TypeKind::money || o.kind == model::TypeKind::decimal ||
                o.kind == model::TypeKind::integer;
  return number ? Exact::from_fixed(value, o.scale) : Exact::from_int(value);
}

// ---- BatchEvaluator -------------------------------------------------------------------------

BatchEvaluator::BatchEvaluator(const model::Model& m)
    : BatchEvaluator(m, std::make_shared<const Program>(compile_program(m))) {
  own_program_ = true;
}

BatchEvaluator::BatchEvaluator(const model::Model& m, std::shared_ptr<const Program> program)
    : model_(m),
      program_(std::move(program)),
      fast_(std::make_unique<FastEvaluator>(*program_)),
      exact_(m),
      slow_(kBatchRows, 0) {}

void BatchEvaluator::set_evaluation_date(std::optional<int> day) {
  exact_.set_evaluation_date(day);
  if (!own_program_ || program_->evaluation_date == day) return;
  program_ = std::make_shared<const Program>(compile_program(model_, day));
  fast_ = std::make_unique<FastEvaluator>(*program_);
}

// Writes household h's inputs into row `row`, and its people's into member
// rows from `person` on; false when the program cannot take it (a value
// beyond int64 at its scale, a missing input without a constant default).
bool BatchEvaluator::load(const Household& h, int row, int person) {
  const Program& p = *program_;
  bool ok = true;
  auto value = [&](const InputColumn& c, const std::optional<Exact>& given) {
    std::optional<int64_t> v = given ? given->scaled(c.scale) : c.default_value;
    ok &= v.has_value() && *v != P;
    return v.value_or(P);
  };
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    const InputColumn& c = p.inputs[i];
    if (c.column < 0 || c.member) continue;
    const std::optional<Exact> none;
    const auto& given = i < h.inputs.size() ? h.inputs[i] : none;
    if (!given && static_cast<int>(i) == p.member_count_input) {  // count(member), its default
      fast_->column(c.column)[row] = static_cast<int64_t>(h.members.size());
      continue;
    }
    fast_->column(c.column)[row] = value(c, given);
  }
  if (p.member_count < 0) return ok;
  fast_->column(p.member_count)[row] = static_cast<int64_t>(h.members.size());
  for (size_t k = 0; k < h.members.size(); ++k) {
    for (size_t i = 0; i < p.inputs.size(); ++i) {
      const InputColumn& c = p.inputs[i];
      if (c.column < 0 || !c.member) continue;
      const std::optional<Exact> none;
      const auto& given = i < h.members[k].size() ? h.members[k][i] : none;
      fast_->column(c.column)[person + static_cast<int>(k)] = value(c, given);
    }
  }
  return ok;
}

void BatchEvaluator::take_fast(int row, Outcome& out) const {
  const Program& p = *program_;
  for (size_t o = 0; o < p.outputs.size(); ++o) out.outputs.push_back(output_value(p.outputs[o], fast_->output(o, row)));
  if (p.member_outputs.empty()) return;
  out.members.assign(p.member_outputs.size(), {});
  int first = fast_->member_start(row), end = fast_->member_start(row + 1);
  for (size_t o = 0; o < p.member_outputs.size(); ++o) {
    const MemberOutputColumn& mo = p.member_outputs[o];
    OutputColumn shape{mo.column, mo.scale, mo.kind, mo.enumeration};
    for (int person = first; person < end; ++person)
      if (fast_->member_listed(o, person))
        out.members[o].push_back({person - first, output_value(shape, fast_->member_output(o, person))});
  }
}

void BatchEvaluator::evaluate(const std::vector<Household>& households,
                              std::vector<Outcome>& outcomes) {
  outcomes.resize(households.size());
  const Program& p = *program_;
  for (size_t start = 0; start < households.size();) {
    // A batch: up to kBatchRows households whose people fit in kMemberRows
    // (a household with more people than that goes to Evaluator alone).
    int rows = 0, people = 0;
    for (; rows < kBatchRows && start + static_cast<size_t>(rows) < households.size(); ++rows) {
      const Household& h = households[start + static_cast<size_t>(rows)];
      int n = p.member_count < 0 ? 0 : static_cast<int>(std::min<size_t>(h.members.size(), kMemberRows + 1));
      if (n > kMemberRows) {
        slow_[static_cast<size_t>(rows)] = 1;
        fast_->column(p.member_count)[rows] = 0;
        continue;
      }
      if (people + n > kMemberRows) break;
      slow_[static_cast<size_t>(rows)] = !load(h, rows, people);
      people += n;
    }
    fast_->run(rows);
    for (int r = 0; r < rows; ++r) {
      Outcome& out = outcomes[start + static_cast<size_t>(r)];
      out.error.reset();
      out.outputs.clear();
      out.members.clear();
      out.not_applicable.clear();
      out.fast = !slow_[static_cast<size_t>(r)] && fast_->ok(r);
      if (out.fast) {
        take_fast(r, out);
        continue;
      }
      try {
        out.outputs = exact_.evaluate(households[start + static_cast<size_t>(r)]);
        out.members = exact_.member_values();
        out.not_applicable = exact_.not_applicable();
      } catch (const EvaluationError& e) {
        out.error = e;
      }
    }
    start += static_cast<size_t>(rows);
  }
}

}  // namespace doudi::fast
