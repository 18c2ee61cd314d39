// The figures that would satisfy a violated require (see remedy.h).
#include "interpreter/studies/remedy.h"

#include <fmt/format.h>

#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/formats/value.h"

namespace doudi {
namespace {

using model::Op;

bool is_comparison(Op op) {
  return op == Op::less || op == Op::less_equal || op == Op::greater ||
         op == Op::greater_equal || op == Op::equal;
}

// The digits after the point a figure is published with: a table's, a rule's.
int figure_scale(const model::Model& m, const Evaluator::Figure& f) {
  int scale = f.is_rule ? m.rules[static_cast<size_t>(f.slot)].type.scale
                        : m.tables[static_cast<size_t>(f.slot)].type.scale;
  return scale < 0 || scale > 6 ? 2 : scale;
}

std::string figure_name(const model::Model& m, const Evaluator::Figure& f) {
  if (f.is_rule) return m.rules[static_cast<size_t>(f.slot)].name;
  const auto& t = m.tables[static_cast<size_t>(f.slot)];
  return t.name + cell_name(m, t, f.cell);
}

struct Probe {
  Evaluator& ev;
  const model::Invariant& inv;
  const std::vector<int64_t>& values;
  Evaluator::Figure figure;

  // left - right and whether the condition holds, with the figure at v.
  std::optional<std::pair<Exact, bool>> at(const Exact& v) {
    ev.set_figure_override(figure, v);
    try {
      auto o = ev.check_invariant(inv, values);
      ev.clear_figure_override();
      if (!o.left || !o.right) return std::nullopt;
      return std::make_pair(*o.left - *o.right, o.holds);
    } catch (const std::exception&) {
      ev.clear_figure_override();
      return std::nullopt;
    }
  }
};

// The value of the figure near which the two sides meet, by the secant
// method from the published value; nullopt when the sides do not move with it.
std::optional<Exact> crossing(Probe& p, const Exact& published) {
  auto g0 = p.at(published);
  if (!g0) return std::nullopt;
  Exact x0 = published, y0 = g0->first;
  std::optional<Exact> x1;
  Exact y1;
  for (int64_t step : {1, 10, 100, 1000, 10000}) {  // a rounded side moves in steps
    Exact x = published + Exact::from_int(published.sign() < 0 ? -step : step);
    auto g = p.at(x);
    if (g && !(g->first == y0)) {
      x1 = x;
      y1 = g->first;
      break;
    }
  }
  if (!x1) return std::nullopt;
  const Exact fine = *Exact::parse("0.000001");
  for (int i = 0; i < 12 && !y1.is_zero(); ++i) {
    if (y1 == y0) break;
    Exact next = (*x1 - y1 * (*x1 - x0) / (y1 - y0)).round(fine, RoundingMode::half_even);
    auto g = p.at(next);
    if (!g) break;
    x0 = *x1;
    y0 = y1;
    x1 = next;
    y1 = g->first;
  }
  return x1;
}

}  // namespace

std::vector<Remedy> satisfying_figures(const model::Model& m, const model::Invariant& inv,
                                       const std::vector<int64_t>& values) {
  std::vector<Remedy> out;
  if (!is_comparison(inv.condition.op) || !inv.condition.args[0].type.is_numeric()) return out;
  Evaluator ev(m);
  std::vector<Evaluator::Figure> figures;
  try {
    if (ev.check_invariant(inv, values).holds) return out;
    figures = ev.figures_read();
  } catch (const std::exception&) {
    return out;
  }
  for (const auto& f : figures) {
    Probe p{ev, inv, values, f};
    const Exact published = f.value;
    auto near = crossing(p, published);
    if (!near) continue;
    Exact unit = Exact::from_fixed(1, figure_scale(m, f));
    for (RoundingMode mode : {RoundingMode::floor, RoundingMode::ceiling}) {
      Exact candidate = near->round(unit, mode);
      auto g = p.at(candidate);
      if (!g || !g->second) continue;
      // The nearest multiple past it must not hold too, or the bound is elsewhere.
      Exact beyond = candidate + (candidate < published ? unit : -unit);
      auto h = p.at(beyond);
      const char* relation = inv.condition.op == Op::equal ? "="
                             : candidate < published       ? "at most"
                                                           : "at least";
      if (inv.condition.op != Op::equal && h && h->second) continue;
      out.push_back({figure_name(m, f), relation, candidate, published});
      break;
    }
  }
  return out;
}

std::string remedies_text(const model::Model&, const std::vector<Remedy>& remedies) {
  std::vector<std::string> parts;
  for (const auto& r : remedies)
    parts.push_back(fmt::format("{} {} {} (published {})", r.figure, r.relation,
                                r.value.to_string(), r.published.to_string()));
  return fmt::format("{}", fmt::join(parts, ", or "));
}

}  // namespace doudi
