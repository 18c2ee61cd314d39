// Range analysis of the fast evaluator (see fast_eval.h): before a batch
// runs, each operation's operand bounds say whether it can overflow or meet
// poison.
#include <algorithm>

#include "interpreter/compiled/fast_eval.h"
#include "interpreter/compiled/kernels.h"

namespace doudi::fast {

using namespace kernels;

// ---- ranges ------------------------------------------------------------------------------
//
// Before a batch runs, each operation's operand ranges (bounds over the
// batch, computed in __int128) say whether it can overflow or meet poison.
// When it cannot, the plain kernel runs: the checks could only ever pass. The
// bounds are conservative (an interval may be wider than the values), so a
// batch with an extreme value just runs checked — never the reverse.

namespace {

constexpr i128 kLow = static_cast<i128>(INT64_MIN) + 1, kHigh = INT64_MAX;

bool in_int64(i128 v) { return v >= kLow && v <= kHigh; }

struct Bounds {
  i128 lo, hi;
};

Bounds product(Bounds a, Bounds b) {
  i128 p[4] = {a.lo * b.lo, a.lo * b.hi, a.hi * b.lo, a.hi * b.hi};
  return {*std::min_element(p, p + 4), *std::max_element(p, p + 4)};
}

Bounds hull(Bounds a, Bounds b) { return {std::min(a.lo, b.lo), std::max(a.hi, b.hi)}; }

}  // namespace

DOUDI_EVERY_TARGET
void FastEvaluator::measure_inputs(int rows) {
  auto measure = [&](int col, int n) {
    const int64_t* v = column(col);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int i = 0; i < n; ++i) {
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    // INT64_MIN is poison (a value the reader could not give): it is the minimum if present.
    ranges_[static_cast<size_t>(col)] = n == 0 ? Range{} : Range{lo, hi, lo == P};
  };
  for (const auto& in : p_.inputs)
    if (in.column >= 0) measure(in.column, in.member ? people_ : rows);
  if (p_.member_count >= 0) measure(p_.member_count, rows);
}

// Sets the result ranges of `in` and says whether its checks can be skipped.
bool FastEvaluator::unchecked(const Instr& in) {
  auto range = [&](int c) -> FastEvaluator::Range& { return ranges_[static_cast<size_t>(c)]; };
  auto bounds = [&](int c) { return Bounds{range(c).lo, range(c).hi}; };
  // No operand may be poison: numerators and denominators alike.
  auto clean = [&](std::initializer_list<int> cols) {
    for (int c : cols)
      if (c >= 0 && range(c).poison) return false;
    for (int c : {in.a2, in.b2, in.c2})
      if (c >= 0 && range(c).poison) return false;
    return true;
  };
  auto constant = [](int64_t k) { return Bounds{k, k}; };
  // Sets a result's range; false when it may leave int64.
  auto result = [&](int c, Bounds b) {
    if (c < 0) return true;
    range(c) = FastEvaluator::Range{b.lo, b.hi, false};
    return in_int64(b.lo) && in_int64(b.hi);
  };
  auto poisoned = [&](int c) {
    if (c >= 0) range(c) = FastEvaluator::Range{};
  };
  auto divisor_positive = [&](Bounds d) { return d.lo > 0; };
  // |q| for q = n / d rounded, d >= d.lo > 0: at most max|n| / d.lo + 1.
  auto quotient = [](Bounds n, i128 d_lo) {
    i128 m = std::max(n.hi < 0 ? -n.hi : n.hi, n.lo < 0 ? -n.lo : n.lo) / d_lo + 1;
    return Bounds{-m, m};
  };

  bool ok = false;
  switch (in.kernel) {
    case Kernel::rescale:
      ok = clean({in.a}) && result(in.out, product(bounds(in.a), constant(in.k0)));
      break;
    case Kernel::add:
    case Kernel::subtract: {
      Bounds a = bounds(in.a), b = bounds(in.b);
      Bounds r = in.kernel == Kernel::add ? Bounds{a.lo + b.lo, a.hi + b.hi} : Bounds{a.lo - b.hi, a.hi - b.lo};
      ok = clean({in.a, in.b}) && result(in.out, r);
      break;
    }
    case Kernel::multiply:
      ok = clean({in.a, in.b}) && result(in.out, product(bounds(in.a), bounds(in.b)));
      break;
    case Kernel::min:
    case Kernel::max:
      ok = clean({in.a, in.b}) && result(in.out, hull(bounds(in.a), bounds(in.b)));
      break;
    case Kernel::compare:
    case Kernel::logical_and:
    case Kernel::logical_or:
    case Kernel::logical_not:
      ok = clean({in.a, in.b}) && result(in.out, Bounds{0, 1});
      break;
    case Kernel::select:
      ok = clean({in.a, in.b, in.c}) && result(in.out, hull(bounds(in.b), bounds(in.c)));
      break;
    case Kernel::round: {
      Bounds n = product(bounds(in.a), constant(in.k0));
      ok = clean({in.a}) && in_int64(n.lo) && in_int64(n.hi) &&
           result(in.out, product(quotient(n, in.k1), constant(in.k2)));
      break;
    }
    case Kernel::divide_round: {
      Bounds n = product(bounds(in.a), constant(in.k0)), d = product(bounds(in.b), constant(in.k1));
      ok = clean({in.a, in.b}) && in_int64(n.lo) && in_int64(n.hi) && in_int64(d.hi) &&
           divisor_positive(d) && result(in.out, product(quotient(n, d.lo), constant(in.k2)));
      break;
    }
    case Kernel::lookup: {
      const Lookup& l = p_.lookups[static_cast<size_t>(in.table)];
      FastEvaluator::Range r = cells_[static_cast<size_t>(in.table)];
      for (size_t k = 0; k < l.keys.size(); ++k) {
        const auto& key = range(l.keys[k]);
        r.poison |= key.poison || key.lo < 0 || key.hi >= l.sizes[k];
      }
      range(in.out) = r;
      return false;  // its bounds check stays: it costs one comparison
    }
    case Kernel::r_from_quotient: {
      Bounds n = product(bounds(in.a), constant(in.k0)), d = product(bounds(in.b), constant(in.k1));
      ok = clean({in.a, in.b}) && divisor_positive(d) && result(in.out, n) && result(in.out2, d);
      break;
    }
    case Kernel::r_add_fixed: {
      Bounds left = product(bounds(in.a), constant(in.k0));
      if (in.aux & 1) left = {-left.hi, -left.lo};
      Bounds fixed = product(bounds(in.b), constant(in.k1));
      ok = clean({in.a, in.b}) && in_int64(fixed.lo) && in_int64(fixed.hi);
      if (!ok) break;
      Bounds right = product(fixed, bounds(in.a2));
      if (in.aux & 2) right = {-right.hi, -right.lo};
      ok = in_int64(left.lo) && in_int64(left.hi) && in_int64(right.lo) && in_int64(right.hi) &&
           result(in.out, {left.lo + right.lo, left.hi + right.hi}) &&
           result(in.out2, product(bounds(in.a2), constant(in.k0)));
      break;
    }
    case Kernel::r_multiply:
      ok = clean({in.a, in.b}) && result(in.out, product(bounds(in.a), bounds(in.b))) &&
           result(in.out2, product(bounds(in.a2), bounds(in.b2)));
      break;
    case Kernel::r_add:
    case Kernel::r_subtract: {
      Bounds x = product(bounds(in.a), bounds(in.b2)), y = product(bounds(in.b), bounds(in.a2));
      Bounds sum = in.kernel == Kernel::r_add ? Bounds{x.lo + y.lo, x.hi + y.hi} : Bounds{x.lo - y.hi, x.hi - y.lo};
      ok = clean({in.a, in.b}) && in_int64(x.lo) && in_int64(x.hi) && in_int64(y.lo) && in_int64(y.hi) &&
           result(in.out, sum) && result(in.out2, product(bounds(in.a2), bounds(in.b2)));
      break;
    }
    case Kernel::r_min:
    case Kernel::r_max:
    case Kernel::r_compare: {
      Bounds x = product(bounds(in.a), bounds(in.b2)), y = product(bounds(in.b), bounds(in.a2));
      ok = clean({in.a, in.b}) && in_int64(x.lo) && in_int64(x.hi) && in_int64(y.lo) && in_int64(y.hi);
      if (in.kernel == Kernel::r_compare) ok = ok && result(in.out, Bounds{0, 1});
      else ok = ok && result(in.out, hull(bounds(in.a), bounds(in.b))) && result(in.out2, hull(bounds(in.a2), bounds(in.b2)));
      break;
    }
    case Kernel::r_clamp: {
      // The plain kernel compares v with lo and hi by int64 products, and
      // needs lo <= hi for every row: the largest lo at most the smallest hi.
      auto fits = [&](int n, int d) {
        Bounds p = product(bounds(n), bounds(d));
        return in_int64(p.lo) && in_int64(p.hi);
      };
      Bounds lo_n = bounds(in.b), lo_d = bounds(in.b2), hi_n = bounds(in.c), hi_d = bounds(in.c2);
      bool ordered = lo_d.lo > 0 && hi_d.lo > 0 && lo_n.hi <= 0 && hi_n.lo >= 0;  // lo <= 0 <= hi
      if (!ordered && lo_d.lo == lo_d.hi && hi_d.lo == hi_d.hi && lo_n.lo == lo_n.hi && hi_n.lo == hi_n.hi)
        ordered = lo_n.lo * hi_d.lo <= hi_n.lo * lo_d.lo;  // constant bounds
      ok = clean({in.a, in.b, in.c}) && ordered && fits(in.a, in.b2) && fits(in.b, in.a2) &&
           fits(in.a, in.c2) && fits(in.c, in.a2) &&
           result(in.out, hull(hull(bounds(in.a), lo_n), hi_n)) &&
           result(in.out2, hull(hull(bounds(in.a2), lo_d), hi_d));
      break;
    }
    case Kernel::r_select:
      ok = clean({in.a, in.b, in.c}) && result(in.out, hull(bounds(in.b), bounds(in.c))) &&
           result(in.out2, hull(bounds(in.b2), bounds(in.c2)));
      break;
    case Kernel::r_round: {
      Bounds n = product(bounds(in.a), constant(in.k0)), d = product(bounds(in.a2), constant(in.k1));
      ok = clean({in.a}) && in_int64(n.lo) && in_int64(n.hi) && in_int64(d.hi) && divisor_positive(d) &&
           result(in.out, product(quotient(n, d.lo), constant(in.k2)));
      break;
    }
    case Kernel::broadcast:  // a copy: no check to skip
      range(in.out) = range(in.a);
      return true;
    case Kernel::member_sum: {
      Bounds a = bounds(in.a);
      i128 most = most_people_;
      ok = clean({in.a}) && result(in.out, Bounds{std::min<i128>(0, a.lo * most), std::max<i128>(0, a.hi * most)});
      break;
    }
    case Kernel::age: {  // checked always (a birth after the date poisons); its range is known
      const Range &from = range(in.a), &to = range(in.b);
      bool sure = !from.poison && !to.poison && from.hi <= to.lo && from.lo > -1000000 && to.hi < 3000000;
      range(in.out) = sure ? Range{0, (to.hi - from.lo) / 365 + 1, false} : Range{};
      return false;
    }
    case Kernel::months_between: {
      const Range &from = range(in.a), &to = range(in.b);
      bool sure = !from.poison && !to.poison && from.lo > -1000000 && to.hi < 3000000 &&
                  to.lo > -1000000 && from.hi < 3000000;
      i128 span = std::max(to.hi - from.lo, from.hi - to.lo) / 28 + 2;
      range(in.out) = sure ? Range{-span, span, false} : Range{};
      return false;
    }
    default: break;
  }
  if (!ok) {
    poisoned(in.out);
    poisoned(in.out2);
  }
  return ok;
}

}  // namespace doudi::fast
