// Interval analysis over the checked model (see ranges.h).
#include "dsl/ranges.h"

#include <functional>
#include <set>

#include <fmt/format.h>

#include "dsl/benefit.h"

namespace doudi {
namespace {

using model::Expr;
using model::Op;

// An interval; a missing end is unbounded. `lo_strict`: the value is above lo.
struct Interval {
  std::optional<Exact> lo, hi;
  bool lo_strict = false;
  static Interval point(const Exact& v) { return {v, v, false}; }
  static Interval flag() { return {Exact::from_int(0), Exact::from_int(1), false}; }
  bool positive() const { return lo && (lo->sign() > 0 || (lo->sign() == 0 && lo_strict)); }
  bool non_negative() const { return lo && lo->sign() >= 0; }
};

// `left < right` (or <=) holds where a branch is taken.
struct Fact {
  const Expr* left;
  const Expr* right;
  bool strict;
};

bool same(const Expr& a, const Expr& b) {
  if (a.op != b.op || a.slot != b.slot || a.args.size() != b.args.size()) return false;
  if (a.op == Op::constant && a.value != b.value) return false;
  if (a.op == Op::round && (a.value != b.value || a.mode != b.mode)) return false;
  for (size_t i = 0; i < a.args.size(); ++i)
    if (!same(a.args[i], b.args[i])) return false;
  return true;
}

std::optional<Exact> min_of(const std::optional<Exact>& a, const std::optional<Exact>& b) {
  if (!a || !b) return std::nullopt;
  return compare(*a, *b) <= 0 ? a : b;
}
std::optional<Exact> max_of(const std::optional<Exact>& a, const std::optional<Exact>& b) {
  if (!a || !b) return std::nullopt;
  return compare(*a, *b) >= 0 ? a : b;
}

class Analysis {
 public:
  explicit Analysis(const model::Model& m) : m_(m), rules_(m.rules.size()), done_(m.rules.size(), 0) {}

  Interval rule(int r) {
    auto i = static_cast<size_t>(r);
    if (done_[i] == 2) return rules_[i];
    if (done_[i] == 1) return {};  // a cycle (the checker refuses them): unbounded
    done_[i] = 1;
    std::vector<Fact> none;
    rules_[i] = eval(m_.rules[i].body, none);
    done_[i] = 2;
    return rules_[i];
  }

  // The interval of `e` where `facts` hold; calls on_divide for each division.
  Interval eval(const Expr& e, std::vector<Fact>& facts) {
    Interval v;
    try {
      v = compute(e, facts);
    } catch (const std::exception&) {  // bounds beyond what Exact holds: unbounded
      v = {};
    }
    return refine(e, v, facts);
  }

  std::function<void(const Expr& divide, const Interval& divisor)> on_divide;

 private:
  Interval refine(const Expr& e, Interval v, std::vector<Fact>& facts) {
    for (size_t k = 0; k < facts.size(); ++k) {
      Fact f = facts[k];
      if (same(e, *f.left)) {
        std::vector<Fact> fewer(facts.begin(), facts.begin() + static_cast<long>(k));
        Interval r = eval(*f.right, fewer);
        if (r.hi && (!v.hi || compare(*r.hi, *v.hi) < 0)) v.hi = r.hi;
      }
      if (same(e, *f.right)) {
        std::vector<Fact> fewer(facts.begin(), facts.begin() + static_cast<long>(k));
        Interval l = eval(*f.left, fewer);
        if (l.lo && (!v.lo || compare(*l.lo, *v.lo) >= 0)) {
          bool strict = f.strict || l.lo_strict || (v.lo && compare(*l.lo, *v.lo) == 0 && v.lo_strict);
          v.lo = l.lo;
          v.lo_strict = strict;
        }
      }
    }
    return v;
  }

  void facts_of(const Expr& c, bool holds, std::vector<Fact>& out, int depth = 0) {
    if (depth > 8) return;
    switch (c.op) {
      case Op::rule:  // a named condition: what its body says
        facts_of(m_.rules[static_cast<size_t>(c.slot)].body, holds, out, depth + 1);
        return;
      case Op::logical_and:
        if (holds) for (const auto& a : c.args) facts_of(a, true, out, depth + 1);
        return;
      case Op::logical_or:
        if (!holds) for (const auto& a : c.args) facts_of(a, false, out, depth + 1);
        return;
      case Op::logical_not:
        facts_of(c.args[0], !holds, out, depth + 1);
        return;
      case Op::less:  // a < b; else b <= a
        out.push_back(holds ? Fact{&c.args[0], &c.args[1], true} : Fact{&c.args[1], &c.args[0], false});
        return;
      case Op::less_equal:
        out.push_back(holds ? Fact{&c.args[0], &c.args[1], false} : Fact{&c.args[1], &c.args[0], true});
        return;
      case Op::greater:
        out.push_back(holds ? Fact{&c.args[1], &c.args[0], true} : Fact{&c.args[0], &c.args[1], false});
        return;
      case Op::greater_equal:
        out.push_back(holds ? Fact{&c.args[1], &c.args[0], false} : Fact{&c.args[0], &c.args[1], true});
        return;
      default:
        return;
    }
  }

  Interval input(const model::Input& in) {
    if (in.type.kind == model::TypeKind::boolean) return Interval::flag();
    if (!in.type.is_numeric()) return {};
    return {in.at_least, in.at_most, false};
  }

  Interval cells(const std::vector<std::optional<Exact>>& values, Interval acc, bool& any) {
    for (const auto& c : values) {
      if (!c) continue;
      if (!any) {
        acc = Interval::point(*c);
        any = true;
      }
      if (compare(*c, *acc.lo) < 0) acc.lo = c;
      if (compare(*c, *acc.hi) > 0) acc.hi = c;
    }
    return acc;
  }

  Interval multiply(const Interval& a, const Interval& b) {
    if (a.lo && a.hi && b.lo && b.hi) {
      Exact p[] = {*a.lo * *b.lo, *a.lo * *b.hi, *a.hi * *b.lo, *a.hi * *b.hi};
      Interval r = Interval::point(p[0]);
      for (const auto& x : p) {
        if (compare(x, *r.lo) < 0) r.lo = x;
        if (compare(x, *r.hi) > 0) r.hi = x;
      }
      return r;
    }
    if (a.non_negative() && b.non_negative()) {
      Interval r{*a.lo * *b.lo, std::nullopt, a.positive() && b.positive()};
      if (a.hi && b.hi) r.hi = *a.hi * *b.hi;
      return r;
    }
    return {};
  }

  Interval compute(const Expr& e, std::vector<Fact>& facts) {
    auto arg = [&](size_t i) { return eval(e.args[i], facts); };
    switch (e.op) {
      case Op::constant: return Interval::point(e.value);
      case Op::household_input:
      case Op::member_input: return input(m_.inputs[static_cast<size_t>(e.slot)]);
      case Op::rule: {
        if (facts.empty() || inlined_ >= 4) return rule(e.slot);
        // Under a branch's facts, the rule's own body says more than its
        // range everywhere: `if eligible then amount` with amount = b - a.
        Interval everywhere = rule(e.slot);
        ++inlined_;
        auto saved = on_divide;
        on_divide = nullptr;  // its divisions are reported once, from rule()
        Interval here = eval(m_.rules[static_cast<size_t>(e.slot)].body, facts);
        on_divide = saved;
        --inlined_;
        if (!here.lo || (everywhere.lo && compare(*everywhere.lo, *here.lo) > 0)) {
          here.lo = everywhere.lo;
          here.lo_strict = everywhere.lo_strict;
        }
        if (!here.hi || (everywhere.hi && compare(*everywhere.hi, *here.hi) < 0)) here.hi = everywhere.hi;
        return here;
      }
      case Op::table_lookup: {
        for (size_t i = 0; i < e.args.size(); ++i) arg(i);
        // A table of n/a cells only never gives a number (its lookup is an
        // error, never a value): any interval holds vacuously, and 0 widens none.
        bool any = false;
        Interval r = cells(m_.tables[static_cast<size_t>(e.slot)].cells, {}, any);
        return any ? r : Interval::point(Exact::from_int(0));
      }
      case Op::series_lookup: {
        bool any = false;
        Interval r;
        for (const auto& [year, values] : m_.series[static_cast<size_t>(e.slot)].years) r = cells(values, r, any);
        return any ? r : Interval::point(Exact::from_int(0));  // no figure: as for a table
      }
      case Op::add: {
        Interval a = arg(0), b = arg(1);
        Interval r;
        if (a.lo && b.lo) r.lo = *a.lo + *b.lo;
        if (a.hi && b.hi) r.hi = *a.hi + *b.hi;
        r.lo_strict = a.lo_strict || b.lo_strict;
        return r;
      }
      case Op::subtract: {
        Interval a = arg(0), b = arg(1);
        Interval r;
        if (a.lo && b.hi) r.lo = *a.lo - *b.hi;
        if (a.hi && b.lo) r.hi = *a.hi - *b.lo;
        for (const auto& f : facts) {  // b < a known here: a - b is positive
          if (!same(*f.left, e.args[1]) || !same(*f.right, e.args[0])) continue;
          if (!r.lo || r.lo->sign() <= 0) {
            bool strict = f.strict || (r.lo && r.lo->sign() == 0 && r.lo_strict);
            r.lo = Exact::from_int(0);
            r.lo_strict = strict;
          }
        }
        return r;
      }
      case Op::negate: {
        Interval a = arg(0);
        return {a.hi ? std::optional<Exact>(-*a.hi) : std::nullopt, a.lo ? std::optional<Exact>(-*a.lo) : std::nullopt, false};
      }
      case Op::multiply: return multiply(arg(0), arg(1));
      case Op::divide: {
        Interval a = arg(0), b = arg(1);
        if (on_divide) on_divide(e, b);
        if (!b.positive()) return {};
        Interval r;
        if (a.non_negative()) r.lo = b.hi && b.hi->sign() > 0 ? *a.lo / *b.hi : Exact::from_int(0);
        if (a.hi && a.hi->sign() >= 0 && b.lo && b.lo->sign() > 0) r.hi = *a.hi / *b.lo;
        return r;
      }
      case Op::min:
      case Op::max: {
        Interval r = arg(0);
        for (size_t i = 1; i < e.args.size(); ++i) {
          Interval x = arg(i);
          if (e.op == Op::min) {
            r.lo = min_of(r.lo, x.lo);
            r.hi = r.hi && x.hi ? min_of(r.hi, x.hi) : (r.hi ? r.hi : x.hi);
          } else {
            r.lo = r.lo && x.lo ? max_of(r.lo, x.lo) : (r.lo ? r.lo : x.lo);
            r.hi = max_of(r.hi, x.hi);
          }
          r.lo_strict = false;
        }
        return r;
      }
      case Op::clamp: {
        Interval x = arg(0), low = arg(1), high = arg(2);
        Interval r;
        r.lo = x.lo && low.lo ? max_of(x.lo, low.lo) : (x.lo ? x.lo : low.lo);
        r.hi = x.hi && high.hi ? min_of(x.hi, high.hi) : (x.hi ? x.hi : high.hi);
        if (r.lo && high.lo) r.lo = min_of(r.lo, high.lo);  // a high end below the low one wins
        return r;
      }
      case Op::abs: {
        Interval a = arg(0);
        if (a.non_negative()) return a;
        return {Exact::from_int(0), a.lo && a.hi ? max_of(-*a.lo, a.hi) : std::nullopt, false};
      }
      case Op::round: {
        Interval a = arg(0);
        Interval r;
        if (a.lo) {
          r.lo = *a.lo - e.value;
          if (a.non_negative() && r.lo->sign() < 0) r.lo = Exact::from_int(0);  // 0 is a multiple
        }
        if (a.hi) r.hi = *a.hi + e.value;
        return r;
      }
      case Op::if_then_else: {
        arg(0);
        std::vector<Fact> then_facts = facts, else_facts = facts;
        facts_of(e.args[0], true, then_facts);
        facts_of(e.args[0], false, else_facts);
        Interval a = eval(e.args[1], then_facts), b = eval(e.args[2], else_facts);
        Interval r{min_of(a.lo, b.lo), max_of(a.hi, b.hi), false};
        if (r.lo) r.lo_strict = (compare(*a.lo, *r.lo) > 0 || a.lo_strict) && (compare(*b.lo, *r.lo) > 0 || b.lo_strict);
        return r;
      }
      case Op::count: {
        for (size_t i = 0; i < e.args.size(); ++i) arg(i);
        return {Exact::from_int(0), std::nullopt, false};
      }
      case Op::sum: {
        std::vector<Fact> inside = facts;
        if (e.args.size() > 1) facts_of(e.args[1], true, inside);
        Interval t = eval(e.args[0], inside);
        if (t.non_negative()) return {Exact::from_int(0), std::nullopt, false};
        if (t.hi && t.hi->sign() <= 0) return {std::nullopt, Exact::from_int(0), false};
        return {};
      }
      case Op::equal: case Op::not_equal: case Op::less: case Op::less_equal: case Op::greater:
      case Op::greater_equal: case Op::logical_and: case Op::logical_or: case Op::logical_not:
      case Op::in_region:
        for (size_t i = 0; i < e.args.size(); ++i) arg(i);
        return Interval::flag();
      default:
        for (size_t i = 0; i < e.args.size(); ++i) arg(i);
        return {};
    }
  }

  const model::Model& m_;
  int inlined_ = 0;  // rules evaluated under facts, nested
  std::vector<Interval> rules_;
  std::vector<int> done_;  // 0 not yet, 1 in progress, 2 done
};

// Numeric inputs `e` reads (through rules) with no `at least` above `floor`
// (below 0 for amounts; 0 or below for a divisor).
void loose_inputs(const model::Model& m, const Expr& e, bool divisor, std::set<int>& seen_rules,
                  std::set<std::string>& out) {
  if (e.op == Op::household_input || e.op == Op::member_input) {
    const auto& in = m.inputs[static_cast<size_t>(e.slot)];
    if (in.type.is_numeric() && (!in.at_least || in.at_least->sign() < 0 || (divisor && in.at_least->sign() == 0)))
      out.insert(in.name);
  }
  if (e.op == Op::rule && seen_rules.insert(e.slot).second)
    loose_inputs(m, m.rules[static_cast<size_t>(e.slot)].body, divisor, seen_rules, out);
  for (const auto& a : e.args) loose_inputs(m, a, divisor, seen_rules, out);
}

std::string bound_hint(const std::set<std::string>& inputs, const char* bound) {
  if (inputs.empty()) return "every input it reads is bounded: check the rule";
  return fmt::format("bound the input{} '{}' in the policy ({})", inputs.size() > 1 ? "s" : "",
                     fmt::join(inputs, "', '"), bound);
}

}  // namespace

std::vector<RangeFinding> check_ranges(const model::Model& m) {
  std::vector<RangeFinding> out;
  Analysis a(m);
  std::set<std::pair<int, int>> reported;  // one finding per division site
  a.on_divide = [&](const Expr& d, const Interval& divisor) {
    if (divisor.positive()) return;
    if (!reported.insert({d.position.line, d.position.column}).second) return;
    std::set<int> seen;
    std::set<std::string> inputs;
    loose_inputs(m, d.args[1], true, seen, inputs);
    std::string least = divisor.lo ? divisor.lo->to_string() : "unbounded below";
    out.push_back({d.position, fmt::format("the divisor may be 0 or negative (its least value: {}): {}", least,
                                           bound_hint(inputs, "e.g. 'at least 1'"))});
  };
  for (size_t r = 0; r < m.rules.size(); ++r) a.rule(static_cast<int>(r));
  std::string why;
  for (int o : benefit_outputs(m, why)) {
    const auto& output = m.outputs[static_cast<size_t>(o)];
    Interval v = a.rule(output.rule);
    if (v.non_negative()) continue;
    std::set<int> seen;
    std::set<std::string> inputs;
    loose_inputs(m, m.rules[static_cast<size_t>(output.rule)].body, false, seen, inputs);
    std::string least = v.lo ? v.lo->to_string() : "unbounded below";
    out.push_back({output.position, fmt::format("benefit output '{}' may be negative (its least value: {}): {}",
                                                output.name, least, bound_hint(inputs, "e.g. 'at least 0'"))});
  }
  return out;
}

}  // namespace doudi
