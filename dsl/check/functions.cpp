// Functions (manual: "Functions", "Rounding", "Dates"): calls, date
// functions, count/sum over members.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// round(x, UNIT, MODE): the unit a positive number written in the policy,
// the mode a bare word, both required (every rounding is written down).
model::Expr Checker::round_call(const syn::Expr& e, const Context& ctx, int depth) {
  Position p = e.position;
  if (e.args.size() != 3) {
    error(p, "round takes a value, a unit and a mode: round(x, 0.01, half_up). The mode is "
             "required so every rounding is written down", "Rounding");
    return bad(p);
  }
  // The mode is a bare word (half_up, 四舍五入, …), checked before args.
  const syn::Expr& mode_expr = *e.args[2];
  std::optional<RoundingMode> mode;
  if (mode_expr.kind == syn::ExprKind::name && mode_expr.path.size() == 1) {
    mode = rounding_mode_from_name(mode_expr.path[0]);
  }
  if (!mode) {
    error(mode_expr.position, "unknown rounding mode: use half_up (四舍五入), half_even, "
                              "half_down, up (进一), down (去尾), ceiling or floor",
          "Rounding");
    return bad(p);
  }
  model::Expr value = expr(*e.args[0], ctx, depth + 1);
  model::Expr unit = expr(*e.args[1], ctx, depth + 1);
  if (value.type.kind == TypeKind::error || unit.type.kind == TypeKind::error) return bad(p);
  if (!value.type.is_numeric()) {
    error(value.position, "round takes a number, not " + describe(value.type), "Rounding");
    return bad(p);
  }
  if (unit.op != Op::constant || !unit.type.is_numeric() || unit.value.sign() <= 0) {
    error(unit.position, "the rounding unit must be a positive number written in the "
                         "policy, such as 0.01, 0.1, 1 or 10", "Rounding");
    return bad(p);
  }
  int scale = 0;
  while (scale <= 18 && !unit.value.fits_scale(scale)) ++scale;
  Type t = value.type;
  t.scale = scale;
  if (t.literal) t.literal = false, t.kind = scale == 0 ? TypeKind::integer : TypeKind::decimal;
  if (t.kind == TypeKind::integer && scale > 0) t.kind = TypeKind::decimal;
  auto out = make(Op::round, t, p);
  out.value = unit.value;
  out.mode = *mode;
  out.args.push_back(std::move(value));
  return out;
}

model::Expr Checker::call(const syn::Expr& e, const Context& ctx, int depth) {
  const std::string& f = e.text;
  Position p = e.position;
  if (e.where && f != "count" && f != "sum") {
    error(e.where->position, "'where' filters members, in count(…) and sum(…) only", "Members");
    return bad(p);
  }
  if (f == "count" || f == "sum") return aggregate(e, ctx, depth);
  if (f == "previous") return previous(e, ctx);
  if (f == "age" || f == "months_between") return date_function(e, ctx, depth);
  if (f == "calendar_months" || f == "first_day_of_month" || f == "month_of" || f == "year_of")
    return calendar_function(e, ctx, depth);
  if (f == "round") return round_call(e, ctx, depth);
  std::vector<model::Expr> args;
  for (const auto& a : e.args) args.push_back(expr(*a, ctx, depth + 1));
  for (const auto& a : args)
    if (a.type.kind == TypeKind::error) return bad(p);
  auto need = [&](size_t lo, size_t hi, const char* usage) {
    if (args.size() < lo || args.size() > hi) {
      error(p, fmt::format("{} takes {}", f, usage), "Functions");
      return false;
    }
    for (const auto& a : args) {
      if (!a.type.is_numeric()) {
        error(a.position, fmt::format("{} takes numbers, not {}", f, describe(a.type)),
              "Functions");
        return false;
      }
    }
    return true;
  };
  if (f == "min" || f == "max" || f == "clamp") {
    bool ok = f == "clamp" ? need(3, 3, "three values: clamp(value, low, high)")
                           : need(2, 64, args.size() > 64 ? "at most 64 values: take the min or max of groups in rules and then of those"
                                                    : "two or more values");
    if (!ok) return bad(p);
    Type t = args[0].type;
    for (size_t i = 1; i < args.size(); ++i) {
      if (periods_clash(t, args[i].type)) {
        period_error(args[i].position, f == "min" ? "take the min of" : f == "max" ? "take the max of" : "clamp",
                     t, args[i].type);
        return bad(p);
      }
      auto u = unify_numeric(t, args[i].type);
      if (!u) {
        error(args[i].position, fmt::format("{} mixes {} with {}", f, describe(t),
                                            describe(args[i].type)), "Functions");
        return bad(p);
      }
      t = *u;
    }
    auto out = make(f == "min" ? Op::min : f == "max" ? Op::max : Op::clamp, t, p);
    out.args = std::move(args);
    return out;
  }
  if (f == "abs") {
    if (!need(1, 1, "one value")) return bad(p);
    auto out = make(Op::abs, args[0].type, p);
    out.args = std::move(args);
    return out;
  }
  error(p, fmt::format("unknown function '{}': the functions are min, max, clamp, abs, round, "
                       "count, sum, previous, age, months_between, calendar_months, "
                       "first_day_of_month, month_of and year_of", f), "Functions");
  return bad(p);
}

// age(birth_date, on): whole years; months_between(from, to, MODE): months,
// a partial month rounded to 1 by MODE (see the manual's section "Dates").
model::Expr Checker::date_function(const syn::Expr& e, const Context& ctx, int depth) {
  const std::string& f = e.text;
  Position p = e.position;
  bool age = f == "age";
  if (e.args.size() != (age ? 2u : 3u)) {
    error(p, age ? "age takes a birth date and the date to measure on: age(member.birth_date, "
                   "evaluation_date)"
                 : "months_between takes two dates and a rounding mode for the partial month: "
                   "months_between(income_rose_on, evaluation_date, down)", "Dates");
    return bad(p);
  }
  std::optional<RoundingMode> mode;
  if (!age) {
    const syn::Expr& m = *e.args[2];
    if (m.kind == syn::ExprKind::name && m.path.size() == 1) mode = rounding_mode_from_name(m.path[0]);
    if (!mode) {
      error(m.position, "the third argument of months_between is how a partial month counts: a "
                        "rounding mode, down (去尾: only whole months), up (进一), half_up, …",
            "Dates");
      return bad(p);
    }
  }
  model::Expr out = make(age ? Op::age : Op::months_between, numeric(TypeKind::integer, 0), p);
  for (size_t i = 0; i < 2; ++i) {
    model::Expr a = expr(*e.args[i], ctx, depth + 1);
    if (a.type.kind == TypeKind::error) return bad(p);
    if (a.type.kind != TypeKind::date) {
      error(a.position, fmt::format("{} takes dates, not {}", f, describe(a.type)), "Dates");
      return bad(p);
    }
    out.args.push_back(std::move(a));
  }
  if (mode) out.mode = *mode;
  return out;
}

// calendar_months(from, to): calendar months between the two dates' months;
// first_day_of_month(d), month_of(d), year_of(d) (the manual's "Dates").
model::Expr Checker::calendar_function(const syn::Expr& e, const Context& ctx, int depth) {
  const std::string& f = e.text;
  Position p = e.position;
  bool two = f == "calendar_months";
  if (e.args.size() != (two ? 2u : 1u)) {
    error(p, two ? "calendar_months takes two dates: calendar_months(income_rose_on, evaluation_date)"
                 : fmt::format("{} takes one date: {}(income_rose_on)", f, f), "Dates");
    return bad(p);
  }
  Op op = two ? Op::calendar_months
          : f == "first_day_of_month" ? Op::first_day_of_month
          : f == "month_of"           ? Op::month_of
                                      : Op::year_of;
  model::Expr out = make(op, op == Op::first_day_of_month ? simple(TypeKind::date)
                                                          : numeric(TypeKind::integer, 0), p);
  for (const auto& arg : e.args) {
    model::Expr a = expr(*arg, ctx, depth + 1);
    if (a.type.kind == TypeKind::error) return bad(p);
    if (a.type.kind != TypeKind::date) {
      error(a.position, fmt::format("{} takes dates, not {}", f, describe(a.type)), "Dates");
      return bad(p);
    }
    out.args.push_back(std::move(a));
  }
  return out;
}

model::Expr Checker::aggregate(const syn::Expr& e, const Context& ctx, int depth) {
  const std::string& f = e.text;
  Position p = e.position;
  if (ctx.in_member) {
    error(p, fmt::format("{}(…) cannot be nested inside another count or sum", f), "Members");
    return bad(p);
  }
  Context inner = ctx;
  inner.in_member = true;
  std::optional<model::Expr> filter;
  if (e.where) {
    model::Expr w = expr(*e.where, inner, depth + 1);
    if (w.type.kind == TypeKind::error) return bad(p);
    if (w.type.kind != TypeKind::boolean) {
      error(w.position, "the 'where' condition must be true or false", "Members");
      return bad(p);
    }
    filter = std::move(w);
  }
  if (f == "count") {
    bool single_name = e.args.size() == 1 && e.args[0]->kind == syn::ExprKind::name &&
                       e.args[0]->path.size() == 1;
    bool member_word = single_name && e.args[0]->path[0] == "member";
    int list = single_name ? find_member_list(e.args[0]->path[0]) : -1;
    if (!member_word && list < 0) {
      error(p, "count takes the word member or a member list, and an optional condition: "
               "count(member where member.age >= 60), count(students)", "Members");
      return bad(p);
    }
    if (list >= 0) {  // count(LIST where C) is count(member where LIST's condition and C)
      if (!member_list(list)) return bad(p);
      model::Expr c = m_.member_lists[static_cast<size_t>(list)].condition;
      if (filter) {
        model::Expr both = make(Op::logical_and, simple(TypeKind::boolean), p);
        both.args.push_back(std::move(c));
        both.args.push_back(std::move(*filter));
        c = std::move(both);
      }
      filter = std::move(c);
    }
    auto out = make(Op::count, numeric(TypeKind::integer, 0), p);
    if (list >= 0 && !e.where) out.slot = list;  // printed as count(LIST)
    if (filter) out.args.push_back(std::move(*filter));
    return out;
  }
  if (e.args.size() != 1) {
    error(p, "sum takes one value per member: sum(member.income where member.age >= 18)",
          "Members");
    return bad(p);
  }
  model::Expr term = expr(*e.args[0], inner, depth + 1);
  if (term.type.kind == TypeKind::error) return bad(p);
  if (!term.type.is_numeric()) {
    error(term.position, "sum adds numbers, not " + describe(term.type), "Members");
    return bad(p);
  }
  Type t = term.type;
  auto out = make(Op::sum, t, p);
  out.args.push_back(std::move(term));
  if (filter) out.args.push_back(std::move(*filter));
  return out;
}

}  // namespace doudi::check
