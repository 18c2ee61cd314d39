// The hardship index and bands (manual: "Hardship index"), desugared into rules.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// ---- hardship index: desugared into rules --------------------------------
// For index I: a rule "I.F" per factor's value, "I.F.points" = value x
// weight (a flag counts its weight or nothing), capped; "I.total" the sum of
// the points; and "I" the total under its limit, rounded. Names with dots
// cannot be written in a policy, so they never collide.
std::optional<Exact> Checker::cell_number(const std::optional<syn::Cell>& c, const char* what) {
  if (!c) return std::nullopt;
  auto v = Exact::parse(c->text);
  if (!v) error(c->position, fmt::format("'{}' is not a number ({})", c->text, what), "Hardship index");
  return v;
}

model::Expr Checker::constant_expr(const Exact& v, int scale, const Position& p) {
  auto e = make(Op::constant, numeric(TypeKind::decimal, scale, true), p);
  e.value = v;
  return e;
}

model::Expr Checker::rule_ref(int rule, const Position& p) {
  Type t = type_rule(rule);
  return make_rule_ref(rule, t, p);
}

// A factor's value: a number or a flag.
model::Expr Checker::factor_value(const syn::FactorDecl& f) {
  Context ctx;
  model::Expr v = expr(*f.value, ctx, 0);
  if (v.type.kind != TypeKind::error && !v.type.is_numeric() && v.type.kind != TypeKind::boolean) {
    error(f.value->position, "a factor's value is a number (a count, a ratio, points) or a "
                             "flag (true or false), not " + describe(v.type), "Hardship index");
    return bad(f.value->position);
  }
  return v;
}

// A factor's points: its value times its weight (a flag counts its weight or
// nothing), under its cap.
model::Expr Checker::factor_points(int value_rule, const std::optional<Exact>& weight,
                                   const std::optional<Exact>& cap, int weight_digits, int cap_digits,
                                   const Position& at) {
  model::Expr value = rule_ref(value_rule, at);
  if (value.type.kind == TypeKind::error) return bad(at);
  Exact w = weight.value_or(Exact::from_int(1));
  model::Expr points;
  if (value.type.kind == TypeKind::boolean) {  // a flag counts its weight, or nothing
    points = make(Op::if_then_else, numeric(TypeKind::decimal, weight_digits), at);
    points.args.push_back(std::move(value));
    points.args.push_back(constant_expr(w, weight_digits, at));
    points.args.push_back(constant_expr(Exact::from_int(0), 0, at));
  } else {
    int scale = value.type.scale == model::kRational ? model::kRational : value.type.scale + weight_digits;
    points = make(Op::multiply, numeric(TypeKind::decimal, scale), at);
    points.args.push_back(std::move(value));
    points.args.push_back(constant_expr(w, weight_digits, at));
  }
  if (cap) {
    model::Expr capped = make(Op::min, numeric(TypeKind::decimal, combine_scale(points.type.scale, cap_digits)), at);
    capped.args.push_back(std::move(points));
    capped.args.push_back(constant_expr(*cap, cap_digits, at));
    points = std::move(capped);
  }
  return points;
}

// The index's total: the sum of its factors' points.
model::Expr Checker::index_total(const std::vector<int>& point_rules, const Position& at) {
  std::optional<model::Expr> total;
  for (int r : point_rules) {
    model::Expr p = rule_ref(r, at);
    if (p.type.kind == TypeKind::error) return bad(at);
    if (!total) {
      total = std::move(p);
      continue;
    }
    model::Expr sum = make(Op::add, numeric(TypeKind::decimal, combine_scale(total->type.scale, p.type.scale)), at);
    sum.args.push_back(std::move(*total));
    sum.args.push_back(std::move(p));
    total = std::move(sum);
  }
  if (!total) return bad(at);
  total->type.kind = TypeKind::decimal;  // points are dimensionless, whatever the values were
  total->type.literal = false;
  return std::move(*total);
}

// The index's score: the total under its limit, rounded.
model::Expr Checker::index_score(int total_rule, const std::optional<Exact>& limit,
                                 const std::optional<Exact>& unit, RoundingMode mode, int limit_digits,
                                 const Position& at) {
  model::Expr score = rule_ref(total_rule, at);
  if (score.type.kind == TypeKind::error) return bad(at);
  if (limit) {
    model::Expr limited = make(Op::min, numeric(TypeKind::decimal, combine_scale(score.type.scale, limit_digits)), at);
    limited.args.push_back(std::move(score));
    limited.args.push_back(constant_expr(*limit, limit_digits, at));
    score = std::move(limited);
  }
  if (unit) {
    int scale = 0;
    while (scale <= 18 && !unit->fits_scale(scale)) ++scale;
    model::Expr rounded = make(Op::round, numeric(TypeKind::decimal, scale), at);
    rounded.value = *unit;
    rounded.mode = mode;
    rounded.args.push_back(std::move(score));
    score = std::move(rounded);
  }
  return score;
}

void Checker::declare_index(const syn::IndexDecl& x) {
  if (!claim(x.name, "an index")) return;
  model::Index index;
  index.name = x.name.text;
  index.label = x.label;
  index.sources = x.sources;
  index.position = x.name.position;
  index.limit = cell_number(x.limit, "the limit");
  index.round_unit = cell_number(x.round_unit, "the rounding unit");
  if (x.round_mode) {
    auto mode = rounding_mode_from_name(x.round_mode->text);
    if (!mode) {
      error(x.round_mode->position, "unknown rounding mode: use half_up (四舍五入), half_even, "
                                    "half_down, up (进一), down (去尾), ceiling or floor", "Rounding");
    } else {
      index.round_mode = *mode;
    }
  }
  if (index.round_unit && index.round_unit->sign() <= 0) {
    error(x.round_unit->position, "the rounding unit must be positive", "Rounding");
    index.round_unit.reset();
  }
  if (x.factors.empty()) error(x.name.position, "an index needs at least one factor", "Hardship index");
  std::set<std::string> seen;
  for (const auto& f : x.factors) {
    if (!seen.insert(f.name.text).second) {
      error(f.name.position, fmt::format("factor '{}' appears twice in index '{}'", f.name.text,
                                         x.name.text), "Hardship index");
      continue;
    }
    model::IndexFactor factor;
    factor.name = f.name.text;
    factor.label = f.label;
    factor.weight = cell_number(f.weight, "the weight");
    factor.cap = cell_number(f.cap, "the cap");
    std::string base = x.name.text + "." + f.name.text;
    const syn::FactorDecl* fd = &f;
    factor.value_rule = add_rule(base, f.label, {}, f.name.position, nullptr,
                                 [this, fd]() { return factor_value(*fd); });
    int value_rule = factor.value_rule;
    auto weight = factor.weight;
    auto cap = factor.cap;
    int weight_digits = digits_of(f.weight), cap_digits = digits_of(f.cap);
    Position at = f.name.position;
    factor.points_rule = add_rule(base + ".points", f.label, {}, at, nullptr,
                                  [this, value_rule, weight, cap, weight_digits, cap_digits, at]() {
      return factor_points(value_rule, weight, cap, weight_digits, cap_digits, at);
    });
    index.factors.push_back(std::move(factor));
  }
  std::vector<int> point_rules;
  for (const auto& f : index.factors) point_rules.push_back(f.points_rule);
  Position at = x.name.position;
  index.total_rule = add_rule(x.name.text + ".total", x.label, {}, at, nullptr,
                              [this, point_rules, at]() { return index_total(point_rules, at); });
  int total_rule = index.total_rule;
  auto limit = index.limit;
  auto unit = index.round_unit;
  auto mode = index.round_mode;
  int limit_digits = digits_of(x.limit);
  index.score_rule = add_rule(x.name.text, x.label, x.sources, at, nullptr,
                              [this, total_rule, limit, unit, mode, limit_digits, at]() {
    return index_score(total_rule, limit, unit, mode, limit_digits, at);
  });
  m_.indices.push_back(std::move(index));
}

// ---- bands: a grade for each interval of a score --------------------------
void Checker::declare_bands(const syn::BandsDecl& b) {
  if (!claim(b.name, "a set of bands")) return;
  model::Bands out;
  out.name = b.name.text;
  out.label = b.label;
  out.position = b.name.position;
  for (size_t i = 0; i < m_.enums.size(); ++i)
    if (m_.enums[i].name == b.enumeration.text) out.enumeration = static_cast<int>(i);
  if (out.enumeration < 0) {
    error(b.enumeration.position, fmt::format("'{}' is not an enumeration: bands give values of "
                                              "an enumeration, e.g. : grade", b.enumeration.text),
          "Hardship index");
    return;
  }
  bool ok = true;
  std::map<int, Position> seen_values;
  for (const auto& band : b.bands) {
    model::Band mb;
    mb.position = band.value.position;
    mb.value = m_.find_enum_value(out.enumeration, band.value.text);
    if (mb.value < 0) {
      error(band.value.position, fmt::format("'{}' is not a value of enumeration '{}'", band.value.text,
                                             b.enumeration.text), "Hardship index");
      ok = false;
      continue;
    }
    if (auto [it, fresh] = seen_values.emplace(mb.value, band.value.position); !fresh) {
      error(band.value.position, fmt::format("'{}' already has a band (at {}): each grade has one "
                                             "interval", band.value.text, it->second.to_string()),
            "Hardship index");
      ok = false;
      continue;
    }
    for (const auto& bound : band.bounds) {
      auto v = Exact::parse(bound.value.text);
      if (!v) continue;
      bool lower = bound.op[0] == '>';
      if ((lower && mb.low) || (!lower && mb.high)) {
        error(bound.value.position, lower ? "a band has one lower bound (>= or >)"
                                          : "a band has one upper bound (< or <=)", "Hardship index");
        ok = false;
      }
      (lower ? mb.low : mb.high) = *v;
      (lower ? mb.low_inclusive : mb.high_inclusive) = bound.op.size() == 2;
    }
    if (mb.low && mb.high && (*mb.high < *mb.low || (*mb.high == *mb.low && !(mb.low_inclusive && mb.high_inclusive)))) {
      error(band.value.position, "this band's interval is empty", "Hardship index");
      ok = false;
    }
    out.bands.push_back(mb);
  }
  if (out.bands.empty()) {
    error(b.name.position, "bands need at least one band, e.g. severe >= 60", "Hardship index");
    return;
  }
  if (ok) check_band_coverage(out);
  std::sort(out.bands.begin(), out.bands.end(), [](const model::Band& x, const model::Band& y) {
    if (!x.low) return static_cast<bool>(y.low);
    if (!y.low) return false;
    return *x.low < *y.low;
  });
  const syn::BandsDecl* decl = &b;
  auto bands = out.bands;
  int en = out.enumeration;
  out.rule = add_rule(b.name.text, b.label, b.sources, b.name.position, nullptr, [this, decl, bands, en]() {
    Context ctx;
    model::Expr score = expr(*decl->score, ctx, 0);
    if (score.type.kind == TypeKind::error) return bad(decl->score->position);
    if (!score.type.is_numeric()) {
      error(decl->score->position, "bands grade a number, not " + describe(score.type), "Hardship index");
      return bad(decl->score->position);
    }
    if (score.op == Op::rule) {
      for (auto& mb : m_.bands)
        if (mb.name == decl->name.text) mb.score_rule = score.slot;
    }
    // An if-chain from the highest band down; the lowest is the else.
    Type grade = simple(TypeKind::enumeration);
    grade.enumeration = en;
    auto value_of = [&](const model::Band& band) {
      auto v = make(Op::constant, grade, band.position);
      v.value = Exact::from_int(band.value);
      return v;
    };
    model::Expr chain = value_of(bands.front());
    for (size_t i = 1; i < bands.size(); ++i) {
      const auto& band = bands[i];
      model::Expr cond = make(band.low_inclusive ? Op::greater_equal : Op::greater, simple(TypeKind::boolean), band.position);
      cond.args.push_back(score);
      cond.args.push_back(constant_expr(*band.low, 0, band.position));
      model::Expr next = make(Op::if_then_else, grade, band.position);
      next.args.push_back(std::move(cond));
      next.args.push_back(value_of(band));
      next.args.push_back(std::move(chain));
      chain = std::move(next);
    }
    return chain;
  });
  m_.bands.push_back(std::move(out));
}

// Bands must cover every score once: no gap, no overlap (a boundary belongs
// to exactly one band).
void Checker::check_band_coverage(const model::Bands& out) {
  std::vector<const model::Band*> sorted;
  for (const auto& band : out.bands) sorted.push_back(&band);
  std::sort(sorted.begin(), sorted.end(), [](const model::Band* x, const model::Band* y) {
    if (!x->low) return static_cast<bool>(y->low);
    if (!y->low) return false;
    return *x->low < *y->low;
  });
  auto name = [&](const model::Band* band) {
    return m_.enums[static_cast<size_t>(out.enumeration)].values[static_cast<size_t>(band->value)].name;
  };
  if (sorted.front()->low) {
    error(sorted.front()->position,
          fmt::format("scores below {} fall in no band: write the lowest band without a lower "
                      "bound, e.g. {} < {}", sorted.front()->low->to_string(), name(sorted.front()),
                      sorted.size() > 1 && sorted[1]->low ? sorted[1]->low->to_string() : sorted.front()->low->to_string()),
          "Hardship index");
  }
  for (size_t i = 0; i + 1 < sorted.size(); ++i) {
    const model::Band* a = sorted[i];
    const model::Band* c = sorted[i + 1];
    if (!a->high || !c->low) {
      error(c->position, fmt::format("bands '{}' and '{}' overlap", name(a), name(c)), "Hardship index");
      return;  // what follows would be judged against a broken order
    }
    int cmp = compare(*a->high, *c->low);
    if (cmp < 0 || (cmp == 0 && !a->high_inclusive && !c->low_inclusive)) {
      error(c->position, fmt::format("a gap between bands '{}' and '{}': no band holds {}{}", name(a), name(c),
                                     cmp < 0 ? "scores from " : "the score ",
                                     cmp < 0 ? a->high->to_string() + " to " + c->low->to_string() : a->high->to_string()),
            "Hardship index");
    } else if (cmp > 0 || (a->high_inclusive && c->low_inclusive)) {
      error(c->position, fmt::format("bands '{}' and '{}' overlap{}", name(a), name(c),
                                     cmp == 0 ? " at " + a->high->to_string() + ": say which holds it with >= or <" : ""),
            "Hardship index");
    }
  }
  if (sorted.back()->high) {
    error(sorted.back()->position,
          fmt::format("scores above {} fall in no band: write the highest band without an upper "
                      "bound, e.g. {} >= …", sorted.back()->high->to_string(), name(sorted.back())),
          "Hardship index");
  }
}

}  // namespace doudi::check
