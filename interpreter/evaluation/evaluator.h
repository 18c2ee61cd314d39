// Evaluator: a checked model + a household -> the policy's outputs.
//
// The model has no names left to look up: inputs, rules and tables are slots.
// Rules are evaluated on demand and remembered for the household, so a rule
// only used in a branch not taken is never run (a table cell written n/a is an
// error only when a household actually needs it). Arithmetic is Exact's.
//
// One Evaluator holds per-household scratch space: use one per thread.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/model.h"
#include "interpreter/evaluation/household.h"
#include "interpreter/evaluation/trace.h"

namespace doudi {

// A household the policy cannot be evaluated on: a needed input missing, a
// table cell written n/a, division by zero, a number beyond the supported
// size. Names the rule being evaluated and where it is written.
class EvaluationError : public std::runtime_error {
 public:
  EvaluationError(std::string rule, Position position, const std::string& message)
      : std::runtime_error(message), rule(std::move(rule)), position(std::move(position)) {}
  std::string rule;
  Position position;
  bool not_applicable = false;  // a table cell written n/a was needed

  // The one way an evaluation error is written, everywhere (stderr, errors
  // files, test reports): "rule 'dibao': division by zero (at p.doudi:12:3)".
  std::string reason() const;
};

// An output the last evaluation could not give because it needs a figure
// written n/a (a table cell or a series year not published, a programme not
// yet in force): printed `n/a` with `reason`, while the household's other
// outputs are given (docs/LANGUAGE.md, "Not yet in force and n/a").
struct NotApplicableOutput {
  size_t output = 0;        // index in Model::outputs, or in Model::member_outputs
  bool per_member = false;  // a per-member output (index in Model::member_outputs)
  std::string reason;       // EvaluationError::reason()
};

// The entry of `not_applicable` for output `o` (a per-member output's index
// when `per_member`), or null when that output was given (or the list is null).
const NotApplicableOutput* find_not_applicable(const std::vector<NotApplicableOutput>* not_applicable, size_t o,
                                               bool per_member);

class Evaluator {
 public:
  explicit Evaluator(const model::Model& m);

  // Evaluates every declared output for `h`, in declared order. Throws
  // EvaluationError, except for an output that needs a figure written n/a:
  // that output (and every rule that needed the figure) is n/a, listed by
  // not_applicable() with its value left 0, and the others are given.
  const std::vector<Exact>& evaluate(const Household& h);

  // The outputs of the last evaluate() that are n/a, in declared order
  // (outputs first, then per-member outputs); empty when every output was
  // given, which is the usual case.
  const std::vector<NotApplicableOutput>& not_applicable() const { return not_applicable_; }

  // The date households are evaluated on, which rules see as
  // `evaluation_date` (`--date`, or a test case's date). Unset, a rule that
  // reads it is an error for the household.
  void set_evaluation_date(std::optional<int> day) { evaluation_date_ = day; }
  std::optional<int> evaluation_date() const { return evaluation_date_; }

  // The per-member outputs of the last evaluate(): for each of
  // Model::member_outputs, the members it lists (index into Household::members)
  // with their values. Empty when the policy has none.
  const std::vector<std::vector<MemberValue>>& member_values() const { return member_values_; }

  // Records what the next evaluations do into `trace` (cleared at each
  // household); null stops recording. Tracing never changes a result.
  void set_trace(Trace* trace) { trace_ = trace; }

  // The value of one rule for `h` (evaluating what it needs).
  Exact rule_value(const Household& h, int rule);

  // The value of a rule that needs no household (a constant of the
  // standards), or nullopt when it reads a household input.
  std::optional<Exact> constant_rule_value(int rule);

  // The outcome of one `require` for one combination of its range variables
  // (`values[i]` is the code of Invariant::ranges[i]). When the condition is
  // a comparison, `left` and `right` are its two sides. Throws
  // EvaluationError (e.g. a series without a value for the year needed).
  // When a side is a division, product, sum or difference, its two operands
  // (so `590 / 445` can be shown, not only 118/89).
  struct InvariantOutcome {
    bool holds = false;
    std::optional<Exact> left, right;
    std::vector<Exact> left_operands, right_operands;
  };
  InvariantOutcome check_invariant(const model::Invariant& inv, const std::vector<int64_t>& values);

  // A published figure a require read: a table cell, or a rule that is a
  // plain number. figures_read() lists those the last check_invariant read;
  // an override makes check_invariant see another value for one of them (to
  // find the figure that would satisfy a require: interpreter/remedy.h).
  struct Figure {
    bool is_rule = false;
    int slot = -1;     // table or rule index
    size_t cell = 0;   // the table's cell
    Exact value;       // as published
  };
  const std::vector<Figure>& figures_read() const { return figures_; }
  void set_figure_override(const Figure& f, const Exact& value) {
    override_ = f;
    override_->value = value;
  }
  void clear_figure_override() { override_.reset(); }

 private:
  void start(const Household& h);
  const Exact& rule(int index);
  Exact eval(const model::Expr& e);
  // eval's larger operations, one each.
  Exact table_lookup(const model::Expr& e);
  Exact series_lookup(const model::Expr& e);
  Exact clamp(const model::Expr& e);
  Exact age(const model::Expr& e);
  Exact months_between(const model::Expr& e);
  Exact calendar(const model::Expr& e);
  Exact aggregate(const model::Expr& e);
  Exact input(int slot);
  void record_input(RuleTrace& f, int slot, const Exact& value, bool defaulted);
  Exact member_input(int slot);
  bool truth(const model::Expr& e) { return !eval(e).is_zero(); }
  [[noreturn]] void fail(const Position& p, const std::string& message);

  const model::Model& m_;
  const Household* household_ = nullptr;
  const std::vector<std::optional<Exact>>* member_ = nullptr;
  const std::vector<int64_t>* ranges_ = nullptr;
  bool standards_only_ = false;  // no household: reading an input is an error
  Household no_household_;
  std::vector<Exact> rule_values_;
  std::vector<char> rule_state_;  // 0 not yet, 1 running, 2 done, 3 n/a
  std::vector<Exact> outputs_;
  std::vector<NotApplicableOutput> not_applicable_;
  // Rules (state 3) that needed a figure written n/a in this household, with
  // the error they rethrow when read again.
  std::vector<std::pair<int, EvaluationError>> not_applicable_rules_;
  void mark_not_applicable(const EvaluationError& e);
  std::vector<std::vector<MemberValue>> member_values_;
  std::optional<int> evaluation_date_;
  std::vector<int> running_;      // rule stack, for messages
  Trace* trace_ = nullptr;
  std::vector<Figure> figures_;      // read by the current check_invariant
  std::optional<Figure> override_;   // a figure seen with another value
  void read_figure(bool is_rule, int slot, size_t cell, const Exact& value);
  RuleTrace* frame() {
    return trace_ && !running_.empty() ? &*trace_->rules[static_cast<size_t>(running_.back())] : nullptr;
  }
};

}  // namespace doudi
