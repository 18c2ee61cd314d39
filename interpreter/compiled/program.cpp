// Compiling a checked model into a Program (see program.h for the design).
#include "interpreter/compiled/program.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

namespace doudi::fast {
namespace {

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
std::optional<int> decimal_scale(const Exact& v) {
  for (int s = 0; s <= kMaxScale; ++s)
    if (v.scaled(s)) return s;
  return std::nullopt;
}

Compare comparison_of(Op op) {
  switch (op) {
    case Op::equal: return Compare::equal;
    case Op::not_equal: return Compare::not_equal;
    case Op::less: return Compare::less;
    case Op::less_equal: return Compare::less_equal;
    case Op::greater: return Compare::greater;
    default: return Compare::greater_equal;
  }
}

// The columns an instruction reads.
std::vector<int> operands(const Program& p, const Instr& in) {
  std::vector<int> cols;
  for (int c : {in.a, in.a2, in.b, in.b2, in.c, in.c2})
    if (c >= 0) cols.push_back(c);
  if (in.kernel == Kernel::lookup) {
    const auto& keys = p.lookups[static_cast<size_t>(in.table)].keys;
    cols.insert(cols.end(), keys.begin(), keys.end());
  }
  return cols;
}

// Drops the operations no output needs (folding leaves some behind), then
// renumbers the columns so that a result reuses the column of a value no
// longer needed: the batch's working set stays small enough for the cache.
// Inputs and constants keep columns of their own.
void finalize(Program& p) {
  auto n = static_cast<size_t>(p.columns);
  std::vector<char> needed(n, 0);
  for (const auto& o : p.outputs) needed[static_cast<size_t>(o.column)] = 1;
  std::vector<Instr> kept;
  for (size_t i = p.code.size(); i-- > 0;) {
    const Instr& in = p.code[i];
    if (!needed[static_cast<size_t>(in.out)] && !(in.out2 >= 0 && needed[static_cast<size_t>(in.out2)])) continue;
    for (int c : operands(p, in)) needed[static_cast<size_t>(c)] = 1;
    kept.push_back(in);
  }
  std::reverse(kept.begin(), kept.end());

  constexpr int kForever = 1 << 30;
  std::vector<int> last_use(n, -1);
  for (size_t i = 0; i < kept.size(); ++i)
    for (int c : operands(p, kept[i])) last_use[static_cast<size_t>(c)] = static_cast<int>(i);
  for (const auto& o : p.outputs) last_use[static_cast<size_t>(o.column)] = kForever;

  std::vector<int> renamed(n, -1);
  int next = 0;
  for (auto& in : p.inputs)
    if (in.column >= 0) in.column = renamed[static_cast<size_t>(in.column)] = next++;
  std::vector<std::pair<int, int64_t>> constants;
  for (const auto& [col, value] : p.constants) {
    if (!needed[static_cast<size_t>(col)]) continue;
    renamed[static_cast<size_t>(col)] = next;
    constants.emplace_back(next++, value);
  }
  p.constants = std::move(constants);

  std::vector<int> free;
  std::vector<char> temporary(n, 0);
  auto place = [&](int c) {
    if (c < 0) return c;
    int col;
    if (free.empty()) {
      col = next++;
    } else {
      col = free.back();
      free.pop_back();
    }
    temporary[static_cast<size_t>(c)] = 1;
    renamed[static_cast<size_t>(c)] = col;
    return col;
  };
  auto release = [&](int c, int i) {  // a temporary read for the last time at i
    if (temporary[static_cast<size_t>(c)] && last_use[static_cast<size_t>(c)] <= i) {
      temporary[static_cast<size_t>(c)] = 0;
      free.push_back(renamed[static_cast<size_t>(c)]);
    }
  };
  size_t renamed_lookups = 0;
  for (size_t i = 0; i < kept.size(); ++i) {
    Instr& in = kept[i];
    std::vector<int> reads = operands(p, in);
    auto rename = [&](int& c) {
      if (c >= 0) c = renamed[static_cast<size_t>(c)];
    };
    int out = in.out, out2 = in.out2;
    for (int* c : {&in.a, &in.a2, &in.b, &in.b2, &in.c, &in.c2}) rename(*c);
    if (in.kernel == Kernel::lookup) {
      Lookup l = p.lookups[static_cast<size_t>(in.table)];
      for (int& k : l.keys) rename(k);
      in.table = static_cast<int>(renamed_lookups++);
      p.lookups.push_back(std::move(l));  // renamed copies go after the originals
    }
    in.out = place(out);
    in.out2 = place(out2);
    // Operands are released after the results are placed: a kernel never
    // writes a column it reads (its loops assume so).
    for (int c : reads) release(c, static_cast<int>(i));
    if (last_use[static_cast<size_t>(out)] < 0) release(out, static_cast<int>(i));
    if (out2 >= 0 && last_use[static_cast<size_t>(out2)] < 0) release(out2, static_cast<int>(i));
  }
  // Keep only the renamed lookups, in instruction order.
  size_t originals = p.lookups.size() - renamed_lookups;
  p.lookups.erase(p.lookups.begin(), p.lookups.begin() + static_cast<std::ptrdiff_t>(originals));
  for (auto& o : p.outputs) o.column = renamed[static_cast<size_t>(o.column)];
  p.code = std::move(kept);
  p.columns = next;
}

class Compiler {
 public:
  explicit Compiler(const model::Model& m)
      : m_(m),
        rule_vals_(m.rules.size()),
        rule_state_(m.rules.size(), 0),
        rule_folds_(m.rules.size()),
        fold_state_(m.rules.size(), 0) {}

  Program run() {
    compile_inputs();
    for (const auto& o : m_.outputs) p_.outputs.push_back(compile_output(o));
    finalize(p_);
    return std::move(p_);
  }

 private:
  // ---- columns, constants, emission -------------------------------------------

  int new_column() {
    defined_by_.push_back(-1);
    scale_of_.push_back(0);
    return p_.columns++;
  }

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
    std::vector<int64_t> key{static_cast<int64_t>(in.kernel), in.aux, in.a, in.a2, in.b, in.b2,
                             in.c, in.c2, in.k0, in.k1, in.k2, in.table};
    auto it = emitted_.find(key);
    if (it != emitted_.end()) return it->second;
    in.out = new_column();
    if (rational) in.out2 = new_column();
    defined_by_[static_cast<size_t>(in.out)] = static_cast<int>(p_.code.size());
    scale_of_[static_cast<size_t>(in.out)] = scale;
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

  void compile_inputs() {
    p_.inputs.resize(m_.inputs.size());
    for (size_t i = 0; i < m_.inputs.size(); ++i) {
      const auto& in = m_.inputs[i];
      InputColumn& c = p_.inputs[i];
      c.kind = in.type.kind;
      c.enumeration = in.type.enumeration;
      if (in.scope != model::Scope::household) continue;
      c.column = new_column();
      switch (in.type.kind) {
        case TypeKind::money:
        case TypeKind::decimal:
          c.scale = in.type.scale;
          c.readable = in.type.scale >= 0 && in.type.scale <= kMaxScale;
          break;
        case TypeKind::integer:
        case TypeKind::boolean:
        case TypeKind::enumeration:
        case TypeKind::district:
        case TypeKind::date:
          c.readable = true;
          break;
        default:
          break;
      }
      if (c.readable && in.default_value) {
        if (auto v = fold(*in.default_value)) c.default_value = v->scaled(c.scale);
      }
    }
  }

  OutputColumn compile_output(const model::Output& o) {
    OutputColumn out;
    out.kind = o.type.kind;
    out.enumeration = o.type.enumeration;
    out.scale = o.type.is_numeric() ? o.scale : 0;
    Val v = compile_rule(o.rule);
    if (out.scale < 0 || out.scale > kMaxScale) {
      v = poison();
    } else if (v.rational()) {
      Instr in;
      in.kernel = Kernel::r_to_fixed;
      in.a = v.num;
      in.a2 = v.den;
      in.k0 = power_of_ten(out.scale);
      v = emit(in, false, out.scale);
    } else if (v.scale > out.scale) {
      Instr in;
      in.kernel = Kernel::exact_down;
      in.a = v.num;
      in.k0 = power_of_ten(v.scale - out.scale);
      v = emit(in, false, out.scale);
    } else {
      v = at_scale(v, out.scale);
    }
    out.column = v.num;
    return out;
  }

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

  std::optional<Exact> fold_unchecked(const Expr& e) {
    const auto& a = e.args;
    auto both = [&](auto f) -> std::optional<Exact> {
      auto x = fold(a[0]);
      if (!x) return std::nullopt;
      auto y = fold(a[1]);
      if (!y) return std::nullopt;
      return f(*x, *y);
    };
    auto flag = [](bool b) { return Exact::from_int(b ? 1 : 0); };
    switch (e.op) {
      case Op::constant: return e.value;
      case Op::rule: return fold_rule(e.slot);
      case Op::add: return both([](const Exact& x, const Exact& y) { return x + y; });
      case Op::subtract: return both([](const Exact& x, const Exact& y) { return x - y; });
      case Op::multiply: return both([](const Exact& x, const Exact& y) { return x * y; });
      case Op::divide: return both([](const Exact& x, const Exact& y) { return x / y; });
      case Op::negate: {
        auto x = fold(a[0]);
        return x ? std::optional<Exact>(-*x) : std::nullopt;
      }
      case Op::abs: {
        auto x = fold(a[0]);
        if (!x) return std::nullopt;
        return x->sign() < 0 ? -*x : *x;
      }
      case Op::equal: return both([&](const Exact& x, const Exact& y) { return flag(x == y); });
      case Op::not_equal: return both([&](const Exact& x, const Exact& y) { return flag(x != y); });
      case Op::less: return both([&](const Exact& x, const Exact& y) { return flag(x < y); });
      case Op::less_equal: return both([&](const Exact& x, const Exact& y) { return flag(x <= y); });
      case Op::greater: return both([&](const Exact& x, const Exact& y) { return flag(x > y); });
      case Op::greater_equal: return both([&](const Exact& x, const Exact& y) { return flag(x >= y); });
      case Op::logical_not: {
        auto x = fold(a[0]);
        return x ? std::optional<Exact>(flag(x->is_zero())) : std::nullopt;
      }
      case Op::logical_and:
      case Op::logical_or: {
        auto x = fold(a[0]);
        if (!x) return std::nullopt;
        bool left = !x->is_zero();
        if (e.op == Op::logical_and ? !left : left) return flag(left);  // short circuit
        auto y = fold(a[1]);
        return y ? std::optional<Exact>(flag(!y->is_zero())) : std::nullopt;
      }
      case Op::if_then_else: {
        auto c = fold(a[0]);
        if (!c) return std::nullopt;
        return fold(c->is_zero() ? a[2] : a[1]);
      }
      case Op::min:
      case Op::max: {
        auto best = fold(a[0]);
        for (size_t i = 1; best && i < a.size(); ++i) {
          auto v = fold(a[i]);
          if (!v) return std::nullopt;
          if (e.op == Op::min ? *v < *best : *v > *best) best = v;
        }
        return best;
      }
      case Op::clamp: {
        auto v = fold(a[0]), lo = fold(a[1]), hi = fold(a[2]);
        if (!v || !lo || !hi || *lo > *hi) return std::nullopt;
        return *v < *lo ? *lo : (*v > *hi ? *hi : *v);
      }
      case Op::round: {
        auto x = fold(a[0]);
        return x ? std::optional<Exact>(x->round(e.value, e.mode)) : std::nullopt;
      }
      case Op::table_lookup: {
        const model::Table& t = m_.tables[static_cast<size_t>(e.slot)];
        size_t index = 0;
        for (size_t k = 0; k < a.size(); ++k) {
          auto code = fold_code(a[k]);
          if (!code || *code < 0 || *code >= t.keys[k].size) return std::nullopt;
          index = index * static_cast<size_t>(t.keys[k].size) + static_cast<size_t>(*code);
        }
        return t.cells[index];
      }
      case Op::region_of: {
        auto d = fold_code(a[0]);
        if (!d || *d < 0 || *d >= static_cast<int64_t>(m_.districts.size())) return std::nullopt;
        return Exact::from_int(m_.districts[static_cast<size_t>(*d)].region);
      }
      case Op::in_region: {
        auto d = fold_code(a[0]);
        if (!d || *d < 0 || *d >= static_cast<int64_t>(m_.districts.size())) return std::nullopt;
        return flag(m_.districts[static_cast<size_t>(*d)].region == e.slot);
      }
      default: return std::nullopt;  // inputs, members, series, ranges, new operations
    }
  }

  // ---- expressions --------------------------------------------------------------------------

  Val compile(const Expr& e) {
    if (e.op != Op::constant && e.op != Op::household_input) {
      if (auto v = fold(e)) return constant(*v);
    }
    const auto& a = e.args;
    switch (e.op) {
      case Op::constant: return constant(e.value);
      case Op::household_input: return input(e.slot);
      case Op::rule: return compile_rule(e.slot);
      case Op::table_lookup: return table_lookup(e);
      case Op::region_of: return region_of(compile(a[0]));
      case Op::in_region: {
        Val region = region_of(compile(a[0]));
        return fixed_op(Kernel::compare, region, Val{constant_column(e.slot), -1, 0}, 0,
                        static_cast<uint8_t>(Compare::equal));
      }
      case Op::add:
      case Op::subtract: {
        std::vector<Val> v{compile(a[0]), compile(a[1])};
        if (v[0].rational() != v[1].rational()) return rational_plus_fixed(v[0], v[1], e.op == Op::add);
        align(v);
        bool add = e.op == Op::add;
        if (v[0].rational()) return rational_op(add ? Kernel::r_add : Kernel::r_subtract, v[0], v[1]);
        return fixed_op(add ? Kernel::add : Kernel::subtract, v[0], v[1], v[0].scale);
      }
      case Op::multiply: {
        Val x = compile(a[0]), y = compile(a[1]);
        if (!x.rational() && !y.rational() && x.scale + y.scale <= kMaxScale) {
          return fixed_op(Kernel::multiply, x, y, x.scale + y.scale);
        }
        return rational_op(Kernel::r_multiply, as_rational(x), as_rational(y));
      }
      case Op::divide: {
        Val x = compile(a[0]), y = compile(a[1]);
        if (!x.rational() && !y.rational()) return quotient(x, y);
        return rational_op(Kernel::r_divide, as_rational(x), as_rational(y));
      }
      case Op::negate:
      case Op::abs: {
        Val x = compile(a[0]);
        bool negate = e.op == Op::negate;
        if (x.rational()) return rational_op(negate ? Kernel::r_negate : Kernel::r_abs, x, Val{});
        return fixed_op(negate ? Kernel::negate : Kernel::abs, x, Val{}, x.scale);
      }
      case Op::equal:
      case Op::not_equal:
      case Op::less:
      case Op::less_equal:
      case Op::greater:
      case Op::greater_equal: {
        std::vector<Val> v{compile(a[0]), compile(a[1])};
        align(v);
        auto aux = static_cast<uint8_t>(comparison_of(e.op));
        if (!v[0].rational()) return fixed_op(Kernel::compare, v[0], v[1], 0, aux);
        Instr in;
        in.kernel = Kernel::r_compare;
        in.aux = aux;
        in.a = v[0].num;
        in.a2 = v[0].den;
        in.b = v[1].num;
        in.b2 = v[1].den;
        return emit(in, false, 0);
      }
      case Op::logical_and:
      case Op::logical_or:
        return fixed_op(e.op == Op::logical_and ? Kernel::logical_and : Kernel::logical_or,
                        truth(compile(a[0])), truth(compile(a[1])), 0);
      case Op::logical_not: return fixed_op(Kernel::logical_not, truth(compile(a[0])), Val{}, 0);
      case Op::if_then_else: return select(truth(compile(a[0])), compile(a[1]), compile(a[2]));
      case Op::min:
      case Op::max: return min_max(e);
      case Op::clamp: return clamp(e);
      case Op::round: return round(e);
      case Op::count:
      case Op::sum:
        // Households from CSV have no members: count() and sum() are 0. A
        // household with members goes to the exact evaluator (reads_members).
        p_.reads_members = true;
        return Val{constant_column(0), -1, 0};
      case Op::series_lookup: return series_lookup(e);
      default: return poison();  // member inputs outside count/sum, ranges, new operations
    }
  }

  // x ± y where one is rational and the other fixed, in one pass: the
  // hardship-index form 40 × ratio + 8 × elderly + … . A fixed side that is
  // a product with a constant folds the constant in too.
  Val rational_plus_fixed(Val x, Val y, bool add) {
    bool fixed_first = !x.rational();
    Val r = fixed_first ? y : x, f = fixed_first ? x : y;
    Instr in;
    in.kernel = Kernel::r_add_fixed;
    in.aux = static_cast<uint8_t>((fixed_first && !add ? 1 : 0) | (!fixed_first && !add ? 2 : 0));
    in.a = r.num;
    in.a2 = r.den;
    in.b = f.num;
    in.k0 = power_of_ten(f.scale);
    const Instr* def = definition(f.num);
    if (def && def->kernel == Kernel::multiply) {
      if (auto c = constant_value(def->b)) in.b = def->a, in.k1 = *c;
      else if (auto c2 = constant_value(def->a)) in.b = def->b, in.k1 = *c2;
    }
    return emit(in, true, 0);
  }

  Val input(int slot) {
    const InputColumn& c = p_.inputs[static_cast<size_t>(slot)];
    if (c.column < 0) return poison();
    return Val{c.column, -1, c.scale};
  }

  Val quotient(Val x, Val y) {
    Instr in;
    in.kernel = Kernel::r_from_quotient;
    in.a = x.num;
    in.b = y.num;
    if (y.scale >= x.scale) in.k0 = power_of_ten(y.scale - x.scale);
    else in.k1 = power_of_ten(x.scale - y.scale);
    return emit(in, true, 0);
  }

  Val select(Val cond, Val then_value, Val else_value) {
    std::vector<Val> v{then_value, else_value};
    align(v);
    Instr in;
    in.kernel = v[0].rational() ? Kernel::r_select : Kernel::select;
    in.a = cond.num;
    in.b = v[0].num;
    in.b2 = v[0].den;
    in.c = v[1].num;
    in.c2 = v[1].den;
    return emit(in, v[0].rational(), v[0].scale);
  }

  Val min_max(const Expr& e) {
    std::vector<Val> v;
    for (const auto& arg : e.args) v.push_back(compile(arg));
    align(v);
    bool min = e.op == Op::min;
    Val best = v[0];
    for (size_t i = 1; i < v.size(); ++i) {
      best = best.rational() ? rational_op(min ? Kernel::r_min : Kernel::r_max, best, v[i])
                             : fixed_op(min ? Kernel::min : Kernel::max, best, v[i], best.scale);
    }
    return best;
  }

  Val clamp(const Expr& e) {
    std::vector<Val> v{compile(e.args[0]), compile(e.args[1]), compile(e.args[2])};
    align(v);
    Instr in;
    in.kernel = v[0].rational() ? Kernel::r_clamp : Kernel::clamp;
    in.a = v[0].num;
    in.a2 = v[0].den;
    in.b = v[1].num;
    in.b2 = v[1].den;
    in.c = v[2].num;
    in.c2 = v[2].den;
    return emit(in, v[0].rational(), v[0].scale);
  }

  // round(x, unit, mode) with unit = U / 10^su: the result is q × U at scale su.
  Val round(const Expr& e) {
    auto su = decimal_scale(e.value);
    if (!su || e.value.sign() <= 0) return poison();  // a unit that is not a decimal
    int64_t unit = *e.value.scaled(*su);
    const Expr& arg = e.args[0];
    Instr in;
    in.aux = static_cast<uint8_t>(e.mode);
    in.k2 = unit;
    // round(a / b, …), the per-capita form: one division, no rational in between.
    if (arg.op == Op::divide) {
      Val x = compile(arg.args[0]), y = compile(arg.args[1]);
      if (!x.rational() && !y.rational()) {
        int shift = y.scale + *su - x.scale;  // x/y/unit = x·10^(sy+su-sx) / (y·U)
        in.kernel = Kernel::divide_round;
        in.a = x.num;
        in.b = y.num;
        if (shift >= 0) {
          if (shift > kMaxScale) return poison();
          in.k0 = power_of_ten(shift);
          in.k1 = unit;
        } else if (__builtin_mul_overflow(unit, power_of_ten(-shift), &in.k1)) {
          return poison();
        }
        return emit(in, false, *su);
      }
    }
    Val x = compile(arg);
    if (x.rational()) {  // x/unit = N·10^su / (D·U)
      in.kernel = Kernel::r_round;
      in.a = x.num;
      in.a2 = x.den;
      in.k0 = power_of_ten(*su);
      in.k1 = unit;
      return emit(in, false, *su);
    }
    in.kernel = Kernel::round;  // x/unit = X·10^(su-sx) / U
    in.a = x.num;
    if (*su >= x.scale) {
      if (unit == 1) return at_scale(x, *su);  // already a multiple of 10^-su
      in.k0 = power_of_ten(*su - x.scale);
      in.k1 = unit;
    } else if (__builtin_mul_overflow(unit, power_of_ten(x.scale - *su), &in.k1)) {
      return poison();
    }
    return emit(in, false, *su);
  }

  // ---- tables ------------------------------------------------------------------------------------

  // Cells at one scale (the largest any cell needs); n/a cells are poison.
  static std::pair<std::vector<int64_t>, int> flatten(const std::vector<std::optional<Exact>>& cells) {
    int scale = 0;
    for (const auto& c : cells)
      if (c) scale = std::max(scale, decimal_scale(*c).value_or(kMaxScale));
    std::vector<int64_t> flat;
    flat.reserve(cells.size());
    for (const auto& c : cells) flat.push_back(c ? c->scaled(scale).value_or(kPoison) : kPoison);
    return {std::move(flat), scale};
  }

  Val emit_lookup(std::vector<Val> keys, std::vector<int64_t> sizes, std::vector<int64_t> cells,
                  int scale, const std::string& what) {
    Lookup l;
    for (const auto& k : keys) {
      if (k.rational() || k.scale != 0) return poison();  // a key is a code
      l.keys.push_back(k.num);
    }
    std::vector<int64_t> key{-1};
    key.insert(key.end(), l.keys.begin(), l.keys.end());
    auto it = lookups_.find({what, key});
    if (it != lookups_.end()) return it->second;
    l.sizes = std::move(sizes);
    l.cells = std::move(cells);
    Instr in;
    in.kernel = Kernel::lookup;
    in.table = static_cast<int>(p_.lookups.size());
    p_.lookups.push_back(std::move(l));
    in.out = new_column();
    defined_by_[static_cast<size_t>(in.out)] = static_cast<int>(p_.code.size());
    scale_of_[static_cast<size_t>(in.out)] = scale;
    p_.code.push_back(in);
    Val v{in.out, -1, scale};
    lookups_.emplace(std::make_pair(what, key), v);
    lookup_names_[in.table] = what;
    return v;
  }

  // The lookup `table` with every cell × factor (a cell that overflows is
  // poison), same keys.
  std::optional<int> scaled_lookup(int table, int64_t factor, int scale) {
    const Lookup& l = p_.lookups[static_cast<size_t>(table)];
    std::vector<int64_t> cells;
    for (int64_t c : l.cells) {
      int64_t scaled;
      cells.push_back(c == kPoison || __builtin_mul_overflow(c, factor, &scaled) ? kPoison : scaled);
    }
    std::vector<Val> keys;
    for (int k : l.keys) keys.push_back(Val{k, -1, 0});
    std::vector<int64_t> sizes = l.sizes;
    return emit_lookup(std::move(keys), std::move(sizes), std::move(cells), scale,
                       lookup_names_[table] + " x" + std::to_string(factor)).num;
  }

  Val table_lookup(const Expr& e) {
    const model::Table& t = m_.tables[static_cast<size_t>(e.slot)];
    std::vector<Val> keys;
    std::vector<int64_t> sizes;
    for (size_t k = 0; k < e.args.size(); ++k) {
      keys.push_back(compile(e.args[k]));
      sizes.push_back(t.keys[k].size);
    }
    auto [cells, scale] = flatten(t.cells);
    return emit_lookup(std::move(keys), std::move(sizes), std::move(cells), scale,
                       "table " + std::to_string(e.slot));
  }

  Val region_of(Val district) {
    std::vector<int64_t> regions;
    for (const auto& d : m_.districts) regions.push_back(d.region);
    return emit_lookup({district}, {static_cast<int64_t>(m_.districts.size())}, std::move(regions),
                       0, "region_of");
  }

  // A series at a year known when compiling (effective_year - 1) is a table.
  Val series_lookup(const Expr& e) {
    const model::Series& s = m_.series[static_cast<size_t>(e.slot)];
    auto year = fold_code(e.args[0]);
    if (!year) return poison();
    auto row = s.years.find(static_cast<int>(*year));
    if (row == s.years.end()) return poison();  // the evaluator reports the missing year
    std::vector<Val> keys;
    std::vector<int64_t> sizes;
    for (size_t k = 0; k < s.keys.size(); ++k) {
      keys.push_back(compile(e.args[k + 1]));
      sizes.push_back(s.keys[k].size);
    }
    auto [cells, scale] = flatten(row->second);
    return emit_lookup(std::move(keys), std::move(sizes), std::move(cells), scale,
                       fmt::format("series {} {}", e.slot, *year));
  }

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
  std::map<int, int64_t> constant_values_;    // column -> constant
};

}  // namespace

Program compile_program(const model::Model& m) { return Compiler(m).run(); }

std::string describe(const Program& p) {
  return fmt::format("{} operations, {} columns, {} lookups{}", p.code.size(), p.columns,
                     p.lookups.size(),
                     p.unsupported ? fmt::format(", {} unsupported", p.unsupported) : "");
}

namespace {
const char* kernel_name(Kernel k) {
  static const char* const names[] = {
      "rescale", "add", "subtract", "multiply", "negate", "abs", "min", "max", "clamp",
      "compare", "and", "or", "not", "select", "round", "divide_round", "exact_down", "lookup",
      "r_from_quotient", "r_add", "r_subtract", "r_multiply", "r_divide", "r_negate", "r_abs",
      "r_min", "r_max", "r_clamp", "r_compare", "r_select", "r_round", "r_to_fixed",
      "r_add_fixed"};
  auto i = static_cast<size_t>(k);
  return i < std::size(names) ? names[i] : "?";
}
}  // namespace

std::string listing(const Program& p) {
  std::string out;
  for (const auto& [col, value] : p.constants) {
    out += fmt::format("c{} = {}\n", col, value == kPoison ? std::string("poison") : std::to_string(value));
  }
  for (const auto& in : p.code) {
    auto operand = [](int a, int a2) {
      if (a < 0) return std::string();
      return a2 >= 0 ? fmt::format(" c{}/c{}", a, a2) : fmt::format(" c{}", a);
    };
    out += in.out2 >= 0 ? fmt::format("c{}/c{} = ", in.out, in.out2) : fmt::format("c{} = ", in.out);
    out += kernel_name(in.kernel);
    if (in.kernel == Kernel::lookup) {
      for (int k : p.lookups[static_cast<size_t>(in.table)].keys) out += fmt::format(" c{}", k);
      out += fmt::format(" [table {}]\n", in.table);
      continue;
    }
    out += operand(in.a, in.a2) + operand(in.b, in.b2) + operand(in.c, in.c2);
    out += fmt::format(" k={},{},{} aux={}\n", in.k0, in.k1, in.k2, in.aux);
  }
  return out;
}

}  // namespace doudi::fast
