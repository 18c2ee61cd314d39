// The compiler from a checked model to a Program (program.h), private to
// the compiled path: the Compiler class, split by construct over
// program.cpp (inputs, outputs, constant folding), compile_expressions.cpp
// (arithmetic, comparisons, branches, rounding), compile_tables.cpp (tables,
// regions, series), compile_members.cpp (people, member lists, dates) and
// program_finalize.cpp (dead code and column reuse).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "interpreter/compiled/program.h"

namespace doudi::fast {

using model::Expr;
using model::Op;
using model::TypeKind;

// A compiled value: one fixed-point column at `scale`, or a rational pair.
struct Val {
  int num = -1;
  int den = -1;  // >= 0 only for a rational
  int scale = 0;
  bool rational() const { return den >= 0; }
};

// The smallest scale at which `v` is an int64, if any (<= kMaxScale).
inline std::optional<int> decimal_scale(const Exact& v) {
  for (int s = 0; s <= kMaxScale; ++s)
    if (v.scaled(s)) return s;
  return std::nullopt;
}

inline Compare comparison_of(Op op) {
  switch (op) {
    case Op::equal: return Compare::equal;
    case Op::not_equal: return Compare::not_equal;
    case Op::less: return Compare::less;
    case Op::less_equal: return Compare::less_equal;
    case Op::greater: return Compare::greater;
    default: return Compare::greater_equal;
  }
}

// Drops the operations no output needs and reuses columns (program_finalize.cpp).
void finalize(Program& p);

class Compiler {
 public:
  Compiler(const model::Model& m, std::optional<int> evaluation_date)
      : m_(m),
        rule_vals_(m.rules.size()),
        rule_state_(m.rules.size(), 0),
        rule_folds_(m.rules.size()),
        fold_state_(m.rules.size(), 0) {
    p_.evaluation_date = evaluation_date;
  }

  Program run() {
    compile_inputs();
    for (const auto& o : m_.outputs) p_.outputs.push_back(compile_output(o));
    for (const auto& o : m_.member_outputs) p_.member_outputs.push_back(compile_member_output(o));
    finalize(p_);
    return std::move(p_);
  }

 private:
  // ---- columns, constants, emission -------------------------------------------

  int new_column() {
    defined_by_.push_back(-1);
    scale_of_.push_back(0);
    member_of_.push_back(0);
    return p_.columns++;
  }

  // ---- households and people (compile_members.cpp) ------------------------------
  // A column is a household column (one value a household), a member column
  // (one a person) or a constant, which serves both.
  bool is_member(int col) const { return col >= 0 && member_of_[static_cast<size_t>(col)]; }
  // `col` as a member column: a household value broadcast to its people.
  int to_member(int col);
  // Makes `in` a member operation when an operand is a member column,
  // broadcasting its household operands.
  void to_domain(Instr& in);
  Val count(const Expr& e);
  Val sum(const Expr& e);
  Val member_sum(Val v);
  Val date_operation(const Expr& e);
  MemberOutputColumn compile_member_output(const model::MemberOutput& o);
  // `v` at an output's printed scale (exactly, or poison).
  Val output_scale(Val v, int scale);

  int constant_column(int64_t value) {
    auto it = constants_.find(value);
    if (it != constants_.end()) return it->second;
    int col = new_column();
    p_.constants.emplace_back(col, value);
    constants_.emplace(value, col);
    constant_values_.emplace(col, value);
    return col;
  }

  std::optional<int64_t> constant_value(int col) const {
    auto it = constant_values_.find(col);
    if (it == constant_values_.end() || it->second == kPoison) return std::nullopt;
    return it->second;
  }

  // The instruction that computes `col`, or null (an input or a constant).
  const Instr* definition(int col) const {
    int i = defined_by_[static_cast<size_t>(col)];
    return i < 0 ? nullptr : &p_.code[static_cast<size_t>(i)];
  }

  Val poison() {
    ++p_.unsupported;
    return Val{constant_column(kPoison), -1, 0};
  }

  Val constant(const Exact& v) {
    if (auto s = decimal_scale(v)) return Val{constant_column(*v.scaled(*s)), -1, *s};
    BigRational big = v.to_big();
    const BigInt& n = boost::multiprecision::numerator(big);
    const BigInt& d = boost::multiprecision::denominator(big);
    if (n > INT64_MIN && n <= INT64_MAX && d <= INT64_MAX) {
      return Val{constant_column(static_cast<int64_t>(n)), constant_column(static_cast<int64_t>(d)), 0};
    }
    return poison();
  }

  // Appends `in` (its out columns filled here) unless the same operation was
  // emitted before, whose result is then shared.
  Val emit(Instr in, bool rational, int scale) {
    if (in.kernel != Kernel::broadcast && in.kernel != Kernel::member_sum) to_domain(in);
    std::vector<int64_t> key{static_cast<int64_t>(in.kernel), in.aux, in.a, in.a2, in.b, in.b2,
                             in.c, in.c2, in.k0, in.k1, in.k2, in.table, in.member,
                             // the same operation on the same columns at another scale (2 × x
                             // and 0.2 × x share the constant column 2) is another value
                             rational ? -1 : scale};
    auto it = emitted_.find(key);
    if (it != emitted_.end()) return it->second;
    in.out = new_column();
    if (rational) in.out2 = new_column();
    defined_by_[static_cast<size_t>(in.out)] = static_cast<int>(p_.code.size());
    scale_of_[static_cast<size_t>(in.out)] = scale;
    member_of_[static_cast<size_t>(in.out)] = in.member;
    if (rational) member_of_[static_cast<size_t>(in.out2)] = in.member;
    p_.code.push_back(in);
    Val v{in.out, rational ? in.out2 : -1, rational ? 0 : scale};
    emitted_.emplace(std::move(key), v);
    return v;
  }

  Val fixed_op(Kernel k, Val a, Val b, int scale, uint8_t aux = 0) {
    Instr in;
    in.kernel = k;
    in.aux = aux;
    in.a = a.num;
    in.b = b.num;
    return emit(in, false, scale);
  }

  Val rational_op(Kernel k, Val a, Val b, uint8_t aux = 0) {
    Instr in;
    in.kernel = k;
    in.aux = aux;
    in.a = a.num;
    in.a2 = a.den;
    in.b = b.num;
    in.b2 = b.den;
    return emit(in, true, 0);
  }

  // ---- representation changes ---------------------------------------------------

  Val at_scale(Val v, int scale) {
    if (v.rational() || v.scale == scale) return v;
    if (scale > kMaxScale || v.scale > scale) return poison();
    int64_t factor = power_of_ten(scale - v.scale);
    if (auto col = scaled_for_free(v.num, scale - v.scale)) return Val{*col, -1, scale};
    Instr in;
    in.kernel = Kernel::rescale;
    in.a = v.num;
    in.k0 = factor;
    return emit(in, false, scale);
  }

  // `col` × 10^digits without a rescale pass, when the factor can be folded
  // into what computes it: a constant, a table's cells, both branches of a
  // select, one factor of a product, both sides of a sum. nullopt otherwise.
  std::optional<int> scaled_for_free(int col, int digits) {
    int64_t factor = power_of_ten(digits);
    if (auto c = constant_value(col)) {
      int64_t scaled;
      if (__builtin_mul_overflow(*c, factor, &scaled) || scaled == kPoison) return std::nullopt;
      return constant_column(scaled);
    }
    const Instr* def = definition(col);
    if (!def) return std::nullopt;
    Instr in = *def;  // a copy: emitting may move the code
    int scale = scale_of_[static_cast<size_t>(col)] + digits;
    switch (in.kernel) {
      case Kernel::lookup: return scaled_lookup(in.table, factor, scale);
      case Kernel::select: {  // the condition stays; both branches scale
        auto b = scaled_for_free(in.b, digits);
        auto c = b ? scaled_for_free(in.c, digits) : std::nullopt;
        if (!c) return std::nullopt;
        in.b = *b;
        in.c = *c;
        return emit(in, false, scale).num;
      }
      case Kernel::multiply: {
        if (auto a = scaled_for_free(in.a, digits)) in.a = *a;
        else if (auto b = scaled_for_free(in.b, digits)) in.b = *b;
        else return std::nullopt;
        return emit(in, false, scale).num;
      }
      case Kernel::add:
      case Kernel::subtract: {
        auto a = scaled_for_free(in.a, digits);
        auto b = a ? scaled_for_free(in.b, digits) : std::nullopt;
        if (!b) return std::nullopt;
        in.a = *a;
        in.b = *b;
        return emit(in, false, scale).num;
      }
      default: return std::nullopt;
    }
  }

  Val as_rational(Val v) {
    if (v.rational()) return v;
    return Val{v.num, constant_column(power_of_ten(v.scale)), 0};
  }

  // Brings values to one representation: all rational if one is, else the
  // largest scale.
  void align(std::vector<Val>& vs) {
    bool rational = std::any_of(vs.begin(), vs.end(), [](const Val& v) { return v.rational(); });
    int scale = 0;
    for (const auto& v : vs) scale = std::max(scale, v.scale);
    for (auto& v : vs) v = rational ? as_rational(v) : at_scale(v, scale);
  }

  // A value tested for truth: non-zero is true (a rational by its numerator).
  Val truth(Val v) { return Val{v.num, -1, 0}; }

  // ---- inputs and outputs -----------------------------------------------------------

  void compile_inputs();
  OutputColumn compile_output(const model::Output& o);
  // ---- rules ----------------------------------------------------------------------------

  Val compile_rule(int index) {
    auto i = static_cast<size_t>(index);
    if (rule_state_[i] == 2) return rule_vals_[i];
    if (rule_state_[i] == 1) return poison();  // a cycle: the checker rejects these
    rule_state_[i] = 1;
    rule_vals_[i] = compile(m_.rules[i].body);
    rule_state_[i] = 2;
    return rule_vals_[i];
  }

  // ---- constant folding (exact, with the evaluator's semantics) -------------------------

  std::optional<Exact> fold_rule(int index) {
    auto i = static_cast<size_t>(index);
    if (fold_state_[i] == 2) return rule_folds_[i];
    if (fold_state_[i] == 1) return std::nullopt;
    fold_state_[i] = 1;
    rule_folds_[i] = fold(m_.rules[i].body);
    fold_state_[i] = 2;
    return rule_folds_[i];
  }

  std::optional<int64_t> fold_code(const Expr& e) {
    auto v = fold(e);
    if (!v) return std::nullopt;
    return v->to_int64();
  }

  // The value of an expression that reads no household, or nullopt (it reads
  // one, fails, or uses something not folded here).
  std::optional<Exact> fold(const Expr& e) {
    try {
      return fold_unchecked(e);
    } catch (const DivisionByZero&) {  // leave it to run time, which reports it
      return std::nullopt;
    } catch (const OverflowError&) {
      return std::nullopt;
    }
  }

  std::optional<Exact> fold_unchecked(const Expr& e);
  // ---- expressions --------------------------------------------------------------------------

  Val compile(const Expr& e);
  // x ± y where one is rational and the other fixed, in one pass: the
  // hardship-index form 40 × ratio + 8 × elderly + … . A fixed side that is
  // a product with a constant folds the constant in too.
  Val rational_plus_fixed(Val x, Val y, bool add);
  Val input(int slot);
  Val quotient(Val x, Val y);
  Val select(Val cond, Val then_value, Val else_value);
  Val min_max(const Expr& e);
  Val clamp(const Expr& e);
  // round(x, unit, mode) with unit = U / 10^su: the result is q × U at scale su.
  Val round(const Expr& e);
  // ---- tables ------------------------------------------------------------------------------------

  // Cells at one scale (the largest any cell needs); n/a cells are poison.
  static std::pair<std::vector<int64_t>, int> flatten(const std::vector<std::optional<Exact>>& cells);
  Val emit_lookup(std::vector<Val> keys, std::vector<int64_t> sizes, std::vector<int64_t> cells,
                  int scale, const std::string& what);
  // The lookup `table` with every cell × factor (a cell that overflows is
  // poison), same keys.
  std::optional<int> scaled_lookup(int table, int64_t factor, int scale);
  Val table_lookup(const Expr& e);
  Val region_of(Val district);
  // A series at a year known when compiling (effective_year - 1) is a table.
  Val series_lookup(const Expr& e);
  const model::Model& m_;
  Program p_;
  std::vector<Val> rule_vals_;
  std::vector<char> rule_state_;
  std::vector<std::optional<Exact>> rule_folds_;
  std::vector<char> fold_state_;
  std::map<int64_t, int> constants_;
  std::map<std::vector<int64_t>, Val> emitted_;
  std::map<std::pair<std::string, std::vector<int64_t>>, Val> lookups_;
  std::map<int, std::string> lookup_names_;   // lookup index -> what it looks up
  std::vector<int> defined_by_;               // column -> instruction index, -1
  std::vector<int> scale_of_;                 // column -> scale of a fixed result
  std::vector<char> member_of_;               // column -> a member column
  std::map<int, int64_t> constant_values_;    // column -> constant
};

}  // namespace doudi::fast
