// Expressions (manual: "Numbers", "Arithmetic", "Conditions"): names,
// numbers, operators, membership and conditionals; how types unify.
#include "dsl/check/checker_private.h"

namespace doudi::check {

model::Expr Checker::make(Op op, Type t, const Position& p) {
  model::Expr e;
  e.op = op;
  e.type = t;
  e.position = p;
  return e;
}

// Can a value of type `value` be stored where `target` is declared?
bool Checker::assignable(const Type& target, const Type& value) {
  if (value.kind == TypeKind::error) return true;
  if (target.kind != value.kind) {
    if (value.literal && target.is_numeric()) {
      return target.kind != TypeKind::integer || value.scale == 0;
    }
    if (target.kind == TypeKind::decimal && value.kind == TypeKind::integer) return true;
    return false;
  }
  return target.kind != TypeKind::enumeration || target.enumeration == value.enumeration;
}

// The common type of two numbers added, compared or chosen between, or
// nullopt when they do not mix (money and a count).
std::optional<Type> Checker::unify_numeric(const Type& a, const Type& b) {
  auto t = unify_numeric_kind(a, b);
  if (t) t->period = periods_clash(a, b) ? Type::Period::none
                     : a.period != Type::Period::none ? a.period : b.period;
  return t;
}

std::optional<Type> Checker::unify_numeric_kind(const Type& a, const Type& b) {
  int scale = combine_scale(a.scale, b.scale);
  if (a.literal && b.literal) {
    return numeric(TypeKind::decimal, scale, true);
  }
  if (a.literal || b.literal) {
    const Type& other = a.literal ? b : a;
    const Type& lit = a.literal ? a : b;
    if (other.kind == TypeKind::integer && lit.scale != 0) return numeric(TypeKind::decimal, scale);
    return numeric(other.kind, scale);
  }
  if (a.kind == b.kind) return numeric(a.kind, scale);
  if (a.kind == TypeKind::money || b.kind == TypeKind::money) return std::nullopt;
  return numeric(TypeKind::decimal, scale);  // integer with decimal
}

std::optional<Type> Checker::unify(const Type& a, const Type& b) {
  if (a.is_numeric() && b.is_numeric()) return unify_numeric(a, b);
  if (a.kind != b.kind) return std::nullopt;
  if (a.kind == TypeKind::enumeration && a.enumeration != b.enumeration) return std::nullopt;
  return a;
}

std::string Checker::describe(const Type& t) const {
  if (t.literal) return "a number";
  if (t.is_numeric() && t.period != Type::Period::none) {
    std::string base = t.kind == TypeKind::money ? "money" : t.kind == TypeKind::integer ? "an integer" : "a decimal";
    return base + " " + period_name(t.period);
  }
  switch (t.kind) {
    case TypeKind::money: return "money";
    case TypeKind::integer: return "an integer (a count)";
    case TypeKind::decimal: return "a decimal (a ratio)";
    default: return model::type_name(m_, t);
  }
}

model::Expr Checker::expr(const syn::Expr& e, const Context& ctx, int depth) {
  if (depth > kMaxExprDepth) {
    error(e.position, fmt::format("the expression is more than {} levels deep (each operator in a "
                                  "row such as a + b + c, each bracket, if/else and sign is a "
                                  "level): split it into rules, for example a rule per group of terms",
                                  kMaxExprDepth), "Rules");
    return bad(e.position);
  }
  switch (e.kind) {
    case syn::ExprKind::number: return number(e);
    case syn::ExprKind::boolean: {
      auto out = make(Op::constant, simple(TypeKind::boolean), e.position);
      out.value = Exact::from_int(e.text == "true" ? 1 : 0);
      return out;
    }
    case syn::ExprKind::date: {
      auto d = parse_date(e.text);
      if (!d) {
        error(e.position, "'" + e.text + "' is not a calendar date", "Dates");
        return bad(e.position);
      }
      auto out = make(Op::constant, simple(TypeKind::date), e.position);
      out.value = Exact::from_int(*d);
      return out;
    }
    case syn::ExprKind::name: return name(e, ctx);
    case syn::ExprKind::index: return index(e, ctx, depth);
    case syn::ExprKind::unary: return unary(e, ctx, depth);
    case syn::ExprKind::binary: return binary(e, ctx, depth);
    case syn::ExprKind::in: return membership(e, ctx, depth);
    case syn::ExprKind::if_then: return conditional(e, ctx, depth);
    case syn::ExprKind::call: return call(e, ctx, depth);
  }
  return bad(e.position);
}

model::Expr Checker::number(const syn::Expr& e) {
  auto v = Exact::parse(e.text);
  if (!v) {
    error(e.position, "'" + e.text + "' is too long a number", "Numbers");
    return bad(e.position);
  }
  int scale = written_digits(e.text);
  Type t = e.unit.empty() ? numeric(TypeKind::decimal, scale, true)
                          : numeric(TypeKind::money, scale);
  auto out = make(Op::constant, t, e.position);
  out.value = *v;
  return out;
}

// `household.x`, `member.x`, or `ENUM.VALUE`.
model::Expr Checker::qualified_name(const syn::Expr& e, const Context& ctx) {
  const auto& path = e.path;
  std::string full = fmt::format("{}", fmt::join(path, "."));
  if (path.size() == 2 && (path[0] == "household" || path[0] == "member")) {
    auto scope = path[0] == "household" ? model::Scope::household : model::Scope::member;
    int index = m_.find_input(path[1], scope);
    if (index < 0) {
      error(e.position, fmt::format("'{}' is not a declared {} input", path[1], path[0]),
            "Inputs");
      return bad(e.position);
    }
    return input_ref(index, e.position, ctx);
  }
  if (path.size() == 2) {
    for (size_t i = 0; i < m_.enums.size(); ++i) {
      if (m_.enums[i].name != path[0]) continue;
      int v = m_.find_enum_value(static_cast<int>(i), path[1]);
      if (v < 0) {
        error(e.position, fmt::format("'{}' is not a value of enumeration '{}'", path[1], path[0]),
              "Enumerations");
        return bad(e.position);
      }
      return enum_constant(static_cast<int>(i), v, e.position);
    }
    error(e.position, fmt::format("unknown name '{}'", full), "Names");
    return bad(e.position);
  }
  return bad(e.position);
}

// effective_year, effective_date and evaluation_date (not in a require).
model::Expr Checker::date_name(const syn::Expr& e, const Context& ctx) {
  const std::string& n = e.path[0];
  if (n == "effective_year") {
    auto out = make(Op::constant, numeric(TypeKind::integer, 0), e.position);
    out.value = Exact::from_int(m_.effective_year);
    return out;
  }
  if (n == "effective_date") {
    auto out = make(Op::constant, simple(TypeKind::date), e.position);
    out.value = Exact::from_int(m_.effective);
    return out;
  }
  if (n == "evaluation_date") {
    if (ctx.ranges) {
      error(e.position, "a require is about the standards, not a household on a date: it cannot "
                        "read evaluation_date", "Invariants");
      return bad(e.position);
    }
    return make(Op::evaluation_date, simple(TypeKind::date), e.position);
  }
  return bad(e.position);
}

model::Expr Checker::name(const syn::Expr& e, const Context& ctx) {
  const auto& path = e.path;
  std::string full = fmt::format("{}", fmt::join(path, "."));
  if (path.size() == 2) return qualified_name(e, ctx);
  if (path.size() != 1) {
    error(e.position, fmt::format("unknown name '{}'", full), "Names");
    return bad(e.position);
  }
  const std::string& n = path[0];
  if (n == "effective_year" || n == "effective_date" || n == "evaluation_date") return date_name(e, ctx);
  if (ctx.ranges) {  // a key type's name ranges over its values
    if (n == "region" && !m_.regions.empty()) return range_ref(*ctx.ranges, TypeKind::region, -1, e.position);
    if (n == "district" && !m_.districts.empty()) return range_ref(*ctx.ranges, TypeKind::district, -1, e.position);
    for (size_t i = 0; i < m_.enums.size(); ++i)
      if (m_.enums[i].name == n) return range_ref(*ctx.ranges, TypeKind::enumeration, static_cast<int>(i), e.position);
  }
  if (int r = rule_named(n); r >= 0) {
    if (ctx.in_default) {
      error(e.position, "an input's default cannot use a rule", "Inputs");
      return bad(e.position);
    }
    Type t = type_rule(r);
    return make_rule_ref(r, t, e.position);
  }
  if (int t = table_named(n); t >= 0) return implicit_lookup(t, e.position, ctx);
  if (int in = m_.find_input(n, model::Scope::household); in >= 0) {
    return input_ref(in, e.position, ctx);
  }
  if (ctx.in_member) {
    if (int in = m_.find_input(n, model::Scope::member); in >= 0) {
      return input_ref(in, e.position, ctx);
    }
  }
  auto owners = enum_value_owners_.find(n);
  if (owners != enum_value_owners_.end()) {
    if (owners->second.size() > 1) {
      std::vector<std::string> options;
      for (int o : owners->second) options.push_back(m_.enums[static_cast<size_t>(o)].name + "." + n);
      error(e.position, fmt::format("'{}' is a value of several enumerations: write {}", n,
                                    fmt::join(options, " or ")), "Enumerations");
      return bad(e.position);
    }
    int en = owners->second[0];
    return enum_constant(en, m_.find_enum_value(en, n), e.position);
  }
  if (int d = m_.find_district(n); d >= 0) {
    auto out = make(Op::constant, simple(TypeKind::district), e.position);
    out.value = Exact::from_int(d);
    return out;
  }
  for (size_t i = 0; i < m_.regions.size(); ++i) {
    if (m_.regions[i].name == n) {
      auto out = make(Op::constant, simple(TypeKind::region), e.position);
      out.value = Exact::from_int(static_cast<int64_t>(i));
      return out;
    }
  }
  if (m_.find_input(n, model::Scope::member) >= 0) {
    error(e.position, fmt::format("'{}' is a member input: use it inside count(…) or sum(…), "
                                  "as member.{}", n, n), "Members");
    return bad(e.position);
  }
  error(e.position, fmt::format("unknown name '{}'", n), "Names");
  return bad(e.position);
}

model::Expr Checker::make_rule_ref(int r, const Type& t, const Position& p) {
  auto out = make(Op::rule, t, p);
  out.slot = r;
  return out;
}

model::Expr Checker::enum_constant(int en, int value, const Position& p) {
  Type t = simple(TypeKind::enumeration);
  t.enumeration = en;
  auto out = make(Op::constant, t, p);
  out.value = Exact::from_int(value);
  return out;
}

model::Expr Checker::input_ref(int index, const Position& p, const Context& ctx) {
  const model::Input& in = m_.inputs[static_cast<size_t>(index)];
  if (in.scope == model::Scope::member) {
    if (ctx.in_member_default) {
      error(p, "a member input's default cannot use a member input", "Inputs");
      return bad(p);
    }
    if (!ctx.in_member) {
      error(p, fmt::format("member input '{}' can only be used inside count(…) or sum(…), a member "
                           "list or a per-member output", in.name), "Members");
      return bad(p);
    }
    auto out = make(Op::member_input, in.type, p);
    out.slot = index;
    return out;
  }
  if (ctx.in_default) {
    error(p, "an input's default cannot use a household input", "Inputs");
    return bad(p);
  }
  if (ctx.ranges) {
    error(p, fmt::format("a require is about the standards, not a household: it cannot read "
                         "input '{}'", in.name), "Invariants");
    return bad(p);
  }
  auto out = make(Op::household_input, in.type, p);
  out.slot = index;
  return out;
}

model::Expr Checker::unary(const syn::Expr& e, const Context& ctx, int depth) {
  model::Expr a = expr(*e.args[0], ctx, depth + 1);
  if (a.type.kind == TypeKind::error) return bad(e.position);
  if (e.text == "not") {
    if (a.type.kind != TypeKind::boolean) {
      error(e.position, "'not' takes a condition (true or false), not " + describe(a.type),
            "Conditions");
      return bad(e.position);
    }
    auto out = make(Op::logical_not, a.type, e.position);
    out.args.push_back(std::move(a));
    return out;
  }
  if (!a.type.is_numeric()) {
    error(e.position, "'-' takes a number, not " + describe(a.type), "Arithmetic");
    return bad(e.position);
  }
  if (a.op == Op::constant) {  // fold a negative literal
    a.value = -a.value;
    a.position = e.position;
    return a;
  }
  auto out = make(Op::negate, a.type, e.position);
  out.args.push_back(std::move(a));
  return out;
}

model::Expr Checker::binary(const syn::Expr& e, const Context& ctx, int depth) {
  model::Expr a = expr(*e.args[0], ctx, depth + 1);
  model::Expr b = expr(*e.args[1], ctx, depth + 1);
  if (a.type.kind == TypeKind::error || b.type.kind == TypeKind::error) return bad(e.position);
  const std::string& op = e.text;
  Position p = e.position;
  auto finish = [&](Op o, Type t) {
    auto out = make(o, t, p);
    out.args.push_back(std::move(a));
    out.args.push_back(std::move(b));
    return out;
  };
  if (op == "and" || op == "or") {
    if (a.type.kind != TypeKind::boolean || b.type.kind != TypeKind::boolean) {
      error(p, fmt::format("'{}' joins conditions (true or false), not {} and {}", op,
                           describe(a.type), describe(b.type)), "Conditions");
      return bad(p);
    }
    return finish(op == "and" ? Op::logical_and : Op::logical_or, a.type);
  }
  static const std::map<std::string, Op> comparisons = {
      {"<", Op::less}, {"<=", Op::less_equal}, {">", Op::greater}, {">=", Op::greater_equal},
      {"==", Op::equal}, {"!=", Op::not_equal}};
  if (auto c = comparisons.find(op); c != comparisons.end()) {
    if (periods_clash(a.type, b.type)) {
      period_error(p, "compare", a.type, b.type);
      return bad(p);
    }
    auto common = unify(a.type, b.type);
    bool ordered = c->second != Op::equal && c->second != Op::not_equal;
    if (!common || (ordered && !common->is_numeric() && common->kind != TypeKind::date)) {
      error(p, fmt::format("cannot compare {} with {}", describe(a.type), describe(b.type)),
            "Conditions");
      return bad(p);
    }
    return finish(c->second, simple(TypeKind::boolean));
  }
  if (!a.type.is_numeric() || !b.type.is_numeric()) {
    error(p, fmt::format("'{}' takes numbers, not {} and {}", op, describe(a.type),
                         describe(b.type)), "Arithmetic");
    return bad(p);
  }
  if (op == "+" || op == "-") {
    if (periods_clash(a.type, b.type)) {
      period_error(p, op == "+" ? "add" : "subtract", a.type, b.type);
      return bad(p);
    }
    auto t = unify_numeric(a.type, b.type);
    if (!t) {
      error(p, fmt::format("cannot {} {} and {}: money only adds to money",
                           op == "+" ? "add" : "subtract", describe(a.type), describe(b.type)),
            "Types");
      return bad(p);
    }
    return finish(op == "+" ? Op::add : Op::subtract, *t);
  }
  int scale = (a.type.scale == model::kRational || b.type.scale == model::kRational)
                  ? model::kRational
                  : a.type.scale + b.type.scale;
  if (op == "*") {
    if (a.type.kind == TypeKind::money && b.type.kind == TypeKind::money) {
      error(p, "cannot multiply money by money", "Types");
      return bad(p);
    }
    return finish(Op::multiply, product_type(a.type, b.type, scale));
  }
  auto t = quotient_type(a, b, p);
  if (!t) return bad(p);
  return finish(Op::divide, *t);
}

// The type of a product of `a` and `b` (neither both money) at `scale`
// digits: money times anything is money; integers times integers stay
// integers; the period is the amount's (product_period).
Type Checker::product_type(const Type& a, const Type& b, int scale) {
  Type t;
  if (a.kind == TypeKind::money || b.kind == TypeKind::money) {
    t = numeric(TypeKind::money, scale);
  } else if (a.literal && b.literal) {
    t = numeric(TypeKind::decimal, scale, true);
  } else if ((a.kind == TypeKind::integer || a.literal) && (b.kind == TypeKind::integer || b.literal) &&
             (a.kind == TypeKind::integer || a.scale == 0) && (b.kind == TypeKind::integer || b.scale == 0)) {
    t = numeric(TypeKind::integer, scale);
  } else {
    t = numeric(TypeKind::decimal, scale);
  }
  if (scale > 18) t.scale = model::kRational;
  t.period = product_period(a, b);
  return t;
}

// The type of a / b, exact until rounded; nullopt (with the error) when
// money is divided into something else, or by a constant zero.
std::optional<Type> Checker::quotient_type(const model::Expr& a, const model::Expr& b, const Position& p) {
  Type t;
  if (a.type.kind == TypeKind::money && b.type.kind == TypeKind::money) {
    t = numeric(TypeKind::decimal, model::kRational);
  } else if (b.type.kind == TypeKind::money) {
    error(p, fmt::format("cannot divide {} by money", describe(a.type)), "Types");
    return std::nullopt;
  } else if (a.type.kind == TypeKind::money) {
    t = numeric(TypeKind::money, model::kRational);
  } else {
    t = numeric(TypeKind::decimal, model::kRational, a.type.literal && b.type.literal);
  }
  if (b.op == Op::constant && b.value.is_zero()) {
    error(b.position, "division by zero", "Arithmetic");
    return std::nullopt;
  }
  // A share of an amount keeps its period; a ratio of two amounts has none.
  if (!(a.type.kind == TypeKind::money && b.type.kind == TypeKind::money) && !b.type.literal &&
      b.type.period == Type::Period::none)
    t.period = a.type.period;
  return t;
}

// An amount times a count or a ratio keeps its period (630 per month × 3
// people is per month); times a bare number it is unknown, as × 12 turns a
// month into a year.
Type::Period Checker::product_period(const Type& a, const Type& b) {
  if (a.literal || b.literal) return Type::Period::none;
  if (a.period != Type::Period::none && b.period != Type::Period::none) return Type::Period::none;
  return a.period != Type::Period::none ? a.period : b.period;
}

void Checker::period_error(const Position& p, const char* verb, const Type& a, const Type& b) {
  error(p, fmt::format("cannot {} {} and {}: their unit phrases differ; convert one first "
                       "(× 12 for a year of months, or read the figure per month)",
                       verb, describe(a), describe(b)), "Types");
}

model::Expr Checker::membership(const syn::Expr& e, const Context& ctx, int depth) {
  const syn::Expr& subject = *e.args[0];
  bool member_word = subject.kind == syn::ExprKind::name && subject.path.size() == 1 &&
                     subject.path[0] == "member";
  if (int l = find_member_list(e.text); l >= 0 || member_word) {
    if (l < 0) {
      error(e.position, fmt::format("'{}' is not a member list: 'member in LIST' asks whether a "
                                    "member is in a list declared with members LIST = member where …",
                                    e.text), "Members");
      return bad(e.position);
    }
    if (!member_word) {
      error(e.position, fmt::format("'in {}' asks about a member: write member in {}", e.text, e.text),
            "Members");
      return bad(e.position);
    }
    if (!ctx.in_member) {
      error(e.position, "'member in LIST' is about one member: use it inside count(…), sum(…) or a "
                        "per-member output", "Members");
      return bad(e.position);
    }
    if (!member_list(l)) return bad(e.position);
    model::Expr c = m_.member_lists[static_cast<size_t>(l)].condition;
    c.position = e.position;
    return c;
  }
  model::Expr a = expr(*e.args[0], ctx, depth + 1);
  if (a.type.kind == TypeKind::error) return bad(e.position);
  if (a.type.kind != TypeKind::district) {
    error(e.position, "'in' asks whether a district is in a region group; this is " +
                          describe(a.type), "Region groups");
    return bad(e.position);
  }
  for (size_t i = 0; i < m_.regions.size(); ++i) {
    if (m_.regions[i].name == e.text) {
      auto out = make(Op::in_region, simple(TypeKind::boolean), e.position);
      out.slot = static_cast<int>(i);
      out.args.push_back(std::move(a));
      return out;
    }
  }
  error(e.position, fmt::format("'{}' is not a region group", e.text), "Region groups");
  return bad(e.position);
}

model::Expr Checker::conditional(const syn::Expr& e, const Context& ctx, int depth) {
  model::Expr c = expr(*e.args[0], ctx, depth + 1);
  model::Expr a = expr(*e.args[1], ctx, depth + 1);
  model::Expr b = expr(*e.args[2], ctx, depth + 1);
  if (c.type.kind == TypeKind::error || a.type.kind == TypeKind::error ||
      b.type.kind == TypeKind::error) {
    return bad(e.position);
  }
  if (c.type.kind != TypeKind::boolean) {
    error(c.position, "the condition of 'if'/'when' must be true or false, not " +
                          describe(c.type), "Conditions");
    return bad(e.position);
  }
  if (periods_clash(a.type, b.type)) {
    period_error(e.position, "choose between", a.type, b.type);
    return bad(e.position);
  }
  auto t = unify(a.type, b.type);
  if (!t) {
    error(e.position, fmt::format("the two branches differ: {} after 'then', {} after 'else'",
                                  describe(a.type), describe(b.type)), "Conditions");
    return bad(e.position);
  }
  auto out = make(Op::if_then_else, *t, e.position);
  out.args.push_back(std::move(c));
  out.args.push_back(std::move(a));
  out.args.push_back(std::move(b));
  return out;
}

}  // namespace doudi::check
