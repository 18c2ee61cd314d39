// Fast evaluation: a compiled Program (program.h) run over a batch of
// households at a time, column by column.
//
// Design note. An interpreter that walks the expression tree per household
// pays for dispatch, Exact values and memo checks on every node. Here each
// operation of the program runs once per batch, as a tight loop over
// kBatchRows int64 values (column-at-a-time), so dispatch is paid once per
// 1,024 households and the loops are plain integer arithmetic with overflow
// checks — and, where a batch's input ranges prove that no operation can
// overflow, none at all. On the reference workload (bench/README.md) this is
// more than 20× faster than Evaluator.
//
// Exactness: a household is "ok" when none of its outputs is kPoison; its
// outputs are then the exact values (fixed point at each output's printed
// scale, or codes). For the others, ask Evaluator: BatchEvaluator below does,
// and is the API for code that has Households (whatif, tests); the CSV
// pipeline (batch_run.h) fills the input columns straight from the text.
//
// One FastEvaluator per thread; the Program may be shared.
#pragma once

#include <memory>
#include <optional>
#include <vector>

#include "interpreter/evaluation/evaluator.h"
#include "interpreter/compiled/program.h"

namespace doudi::fast {

inline constexpr int kBatchRows = 1024;
// People a batch holds at most (member columns have this many entries).
inline constexpr int kMemberRows = 4 * kBatchRows;

class FastEvaluator {
 public:
  explicit FastEvaluator(const Program& p);

  const Program& program() const { return p_; }
  // A column of the batch (kBatchRows values). Input columns
  // (Program::inputs[i].column) are written by the caller before run().
  int64_t* column(int col) { return columns_[static_cast<size_t>(col)]; }
  const int64_t* column(int col) const { return columns_[static_cast<size_t>(col)]; }
  // Makes column `col` read from `values` (kBatchRows of them, owned by the
  // caller) instead of the batch's own storage: input columns parsed
  // elsewhere are evaluated without a copy. bind(col, nullptr) restores it.
  void bind(int col, int64_t* values);

  // Evaluates households 0 .. rows-1 of the batch (rows <= kBatchRows).
  // With members (Program::member_count >= 0), the caller has written each
  // household's number of people into that column and its people's inputs
  // into the member columns, household 0's people first; they may total at
  // most kMemberRows (std::length_error otherwise).
  void run(int rows);

  // After run(): household `row`'s people are member rows
  // member_start(row) .. member_start(row + 1) - 1.
  int member_start(int row) const { return starts_[static_cast<size_t>(row)]; }
  int people() const { return people_; }
  // Per-member output `o` of person `person`: whether it lists them, and
  // the value (fixed point at the output's scale, or a code).
  bool member_listed(size_t o, int person) const {
    int l = p_.member_outputs[o].listed;
    return l < 0 || column(l)[person] != 0;
  }
  int64_t member_output(size_t o, int person) const { return column(p_.member_outputs[o].column)[person]; }

  // How many operations of the last run() skipped their checks (tests).
  int unchecked_operations() const { return unchecked_; }

  // After run(): true when household `row` has an exact fast result.
  bool ok(int row) const { return bad_[static_cast<size_t>(row)] == 0; }
  // Output `o` of household `row`: fixed point at the output's scale, or a code.
  int64_t output(size_t o, int row) const { return column(p_.outputs[o].column)[row]; }

 private:
  // Bounds of a column's values over the batch, and whether one may be
  // kPoison: what lets an operation skip its checks (see fast_eval.cpp).
  struct Range {
    __int128 lo = 0, hi = 0;
    bool poison = true;
  };
  void place_people(int rows);
  void measure_inputs(int rows);
  bool unchecked(const Instr& in);
  void execute(const Instr& in, int rows, bool checked);

  const Program& p_;
  std::vector<int64_t> data_;
  std::vector<int64_t*> columns_;  // into data_, or bound elsewhere
  std::vector<uint8_t> bad_;
  std::vector<Range> ranges_;      // per column, for the current batch
  std::vector<Range> cells_;       // per lookup: its cells' bounds
  int unchecked_ = 0;
  std::vector<int32_t> starts_;  // per household: its first person (and one past the last)
  std::vector<int32_t> owner_;   // per person: its household
  int people_ = 0, most_people_ = 0;  // in the batch; in its largest household
};

// An output's fast value (fixed point or code) as an Exact.
Exact output_value(const OutputColumn& o, int64_t value);

// Households -> outputs, many at a time, identical to Evaluator::evaluate for
// each (the program for most, Evaluator for the rest). Not thread-safe: one
// per thread (they may share the program).
class BatchEvaluator {
 public:
  explicit BatchEvaluator(const model::Model& m);
  BatchEvaluator(const model::Model& m, std::shared_ptr<const Program> program);

  struct Outcome {
    std::vector<Exact> outputs;              // in Model::outputs order, when no error
    std::optional<EvaluationError> error;    // what Evaluator::evaluate threw
    bool fast = false;                       // computed by the program (for tests)
    std::vector<std::vector<MemberValue>> members;  // per-member outputs (Evaluator::member_values)
    std::vector<NotApplicableOutput> not_applicable;  // outputs that are n/a (Evaluator::not_applicable)
  };
  // outcomes[i] is households[i]'s result (outcomes is resized).
  void evaluate(const std::vector<Household>& households, std::vector<Outcome>& outcomes);

  const Program& program() const { return *program_; }
  // The date rules see as evaluation_date. A program of this evaluator's
  // own is compiled again for it; a shared one compiled for another date
  // (or none) leaves households whose outputs read it to the exact
  // Evaluator, which is given it.
  void set_evaluation_date(std::optional<int> day);
  // Operations of the last batch that ran without checks (tests).
  int unchecked_operations() const { return fast_->unchecked_operations(); }

 private:
  bool load(const Household& h, int row, int person);
  void take_fast(int row, Outcome& out) const;

  const model::Model& model_;
  bool own_program_ = false;
  std::shared_ptr<const Program> program_;
  std::unique_ptr<FastEvaluator> fast_;
  Evaluator exact_;
  std::vector<uint8_t> slow_;
};

}  // namespace doudi::fast
