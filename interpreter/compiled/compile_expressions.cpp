// Compiling expressions: arithmetic on fixed-point and rational values,
// comparisons, logic, branches, min/max/clamp and rounding (see compiler.h).
#include <algorithm>

#include "interpreter/compiled/compiler.h"

namespace doudi::fast {

Val Compiler::compile(const Expr& e) {
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
    case Op::member_input: return input(e.slot);
    case Op::count: return count(e);
    case Op::sum: return sum(e);
    case Op::evaluation_date:
    case Op::age:
    case Op::months_between: return date_operation(e);
    case Op::series_lookup: return series_lookup(e);
    default: return poison();  // member inputs outside count/sum, ranges, new operations
  }
}

// x ± y where one is rational and the other fixed, in one pass: the
// hardship-index form 40 × ratio + 8 × elderly + … . A fixed side that is
// a product with a constant folds the constant in too.
Val Compiler::rational_plus_fixed(Val x, Val y, bool add) {
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

Val Compiler::input(int slot) {
  const InputColumn& c = p_.inputs[static_cast<size_t>(slot)];
  if (c.column < 0) return poison();
  return Val{c.column, -1, c.scale};
}

Val Compiler::quotient(Val x, Val y) {
  Instr in;
  in.kernel = Kernel::r_from_quotient;
  in.a = x.num;
  in.b = y.num;
  if (y.scale >= x.scale) in.k0 = power_of_ten(y.scale - x.scale);
  else in.k1 = power_of_ten(x.scale - y.scale);
  return emit(in, true, 0);
}

Val Compiler::select(Val cond, Val then_value, Val else_value) {
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

Val Compiler::min_max(const Expr& e) {
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

Val Compiler::clamp(const Expr& e) {
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
Val Compiler::round(const Expr& e) {
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

}  // namespace doudi::fast
