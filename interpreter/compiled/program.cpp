// Compiling a checked model into a Program (see program.h for the design,
// compiler.h for how the compiler is split): inputs, outputs and constant
// folding.
#include <fmt/format.h>

#include "interpreter/compiled/compiler.h"

namespace doudi::fast {

void Compiler::compile_inputs() {
  p_.inputs.resize(m_.inputs.size());
  if (m_.has_members()) p_.member_count = new_column();
  p_.member_count_input = member_count_input(m_);
  for (size_t i = 0; i < m_.inputs.size(); ++i) {
    const auto& in = m_.inputs[i];
    InputColumn& c = p_.inputs[i];
    c.kind = in.type.kind;
    c.enumeration = in.type.enumeration;
    c.column = new_column();
    c.member = in.scope == model::Scope::member;
    member_of_[static_cast<size_t>(c.column)] = c.member;
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

OutputColumn Compiler::compile_output(const model::Output& o) {
  OutputColumn out;
  out.kind = o.type.kind;
  out.enumeration = o.type.enumeration;
  out.scale = o.type.is_numeric() ? o.scale : 0;
  Val v = output_scale(compile_rule(o.rule), out.scale);
  out.column = v.num;
  return out;
}

Val Compiler::output_scale(Val v, int scale) {
  if (scale < 0 || scale > kMaxScale) return poison();
  Instr in;
  in.a = v.num;
  if (v.rational()) {
    in.kernel = Kernel::r_to_fixed;
    in.a2 = v.den;
    in.k0 = power_of_ten(scale);
    return emit(in, false, scale);
  }
  if (v.scale > scale) {
    in.kernel = Kernel::exact_down;
    in.k0 = power_of_ten(v.scale - scale);
    return emit(in, false, scale);
  }
  return at_scale(v, scale);
}

std::optional<Exact> Compiler::fold_unchecked(const Expr& e) {
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
    case Op::evaluation_date:
      if (!p_.evaluation_date) return std::nullopt;
      return Exact::from_int(*p_.evaluation_date);
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

Program compile_program(const model::Model& m, std::optional<int> evaluation_date) {
  return Compiler(m, evaluation_date).run();
}

std::string describe(const Program& p) {
  return fmt::format("{} operations, {} columns, {} lookups{}", p.code.size(), p.columns,
                     p.lookups.size(),
                     p.unsupported ? fmt::format(", {} unsupported", p.unsupported) : "");
}

}  // namespace doudi::fast
