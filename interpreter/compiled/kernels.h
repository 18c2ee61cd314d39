// The checked column kernels of the fast evaluator (private to
// fast_eval.cpp and fast_ranges.cpp).
//
// Every kernel is a loop over the batch that first asks "is an operand
// poison?" and then computes with explicit overflow checks: an overflow gives
// poison, never a wrapped number. Rational kernels write denominator 1 on
// poison rows, so no later division ever sees a zero or negative divisor.
#pragma once

#include <algorithm>

#include "interpreter/compiled/program.h"

// Every kernel is inlined into FastEvaluator::execute, which GCC compiles
// for AVX-512, AVX2 and plain x86-64 (chosen when the program starts), so the
// loops vectorize where the machine allows. Other compilers (the clang
// sanitizer build) get one plain version.
#define DOUDI_KERNEL [[gnu::always_inline]] inline
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define DOUDI_EVERY_TARGET __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#define DOUDI_INLINE_LAMBDA __attribute__((always_inline))
#else
#define DOUDI_EVERY_TARGET
#define DOUDI_INLINE_LAMBDA
#endif


namespace doudi::fast::kernels {

using i128 = __int128;
constexpr int64_t P = kPoison;


// n / d (d > 0) rounded to an integer under mode M, as Exact::round does.
// Branch-free: whether a row rounds up depends on its data, and a branch
// there would be mispredicted half the time.
template <RoundingMode M, typename T>
DOUDI_KERNEL T divide_rounded(T n, T d) {
  T q = n / d, r = n % d;
  T away = n < 0 ? -1 : 1;
  T ar = r < 0 ? -r : r;  // |r| < d, and 2|r| >= d  <=>  |r| >= d - |r| (no overflow)
  switch (M) {
    case RoundingMode::down: return q;
    case RoundingMode::up: return q + away * (r != 0);
    case RoundingMode::ceiling: return q + (r > 0);
    case RoundingMode::floor: return q - (r < 0);
    case RoundingMode::half_up: return q + away * (ar >= d - ar && r != 0);
    case RoundingMode::half_down: return q + away * (ar > d - ar);
    case RoundingMode::half_even: {
      bool up = ar > d - ar || (ar == d - ar && r != 0 && (q & 1) != 0);
      return q + away * up;
    }
  }
  return q;
}

DOUDI_KERNEL bool fits64(i128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// n/d (d > 0) as an int64 pair, reduced by their gcd when it does not fit
// as it is (as Exact does); false when even the reduced form does not fit.
// Only rows whose int64 arithmetic overflowed come here.
DOUDI_KERNEL bool fit_pair(i128 n, i128 d, int64_t& out_n, int64_t& out_d) {
  if (!fits64(n) || !fits64(d)) {
    i128 a = gcd128(n, d);
    if (a > 1) {
      n /= a;
      d /= a;
    }
    if (!fits64(n) || !fits64(d)) return false;
  }
  out_n = static_cast<int64_t>(n);
  out_d = static_cast<int64_t>(d);
  return out_n != P;
}

template <Compare C>
DOUDI_KERNEL bool compare(int64_t x, int64_t y) {
  switch (C) {
    case Compare::equal: return x == y;
    case Compare::not_equal: return x != y;
    case Compare::less: return x < y;
    case Compare::less_equal: return x <= y;
    case Compare::greater: return x > y;
    case Compare::greater_equal: return x >= y;
  }
  return false;
}

template <Compare C>
DOUDI_KERNEL bool compare128(i128 x, i128 y) {
  switch (C) {
    case Compare::equal: return x == y;
    case Compare::not_equal: return x != y;
    case Compare::less: return x < y;
    case Compare::less_equal: return x <= y;
    case Compare::greater: return x > y;
    case Compare::greater_equal: return x >= y;
  }
  return false;
}

// Calls f.template operator()<C>() with the comparison as a constant.
template <typename F>
DOUDI_KERNEL void with_compare(uint8_t aux, F&& f) {
  switch (static_cast<Compare>(aux)) {
    case Compare::equal: return f.template operator()<Compare::equal>();
    case Compare::not_equal: return f.template operator()<Compare::not_equal>();
    case Compare::less: return f.template operator()<Compare::less>();
    case Compare::less_equal: return f.template operator()<Compare::less_equal>();
    case Compare::greater: return f.template operator()<Compare::greater>();
    case Compare::greater_equal: return f.template operator()<Compare::greater_equal>();
  }
}

template <typename F>
DOUDI_KERNEL void with_mode(uint8_t aux, F&& f) {
  switch (static_cast<RoundingMode>(aux)) {
    case RoundingMode::half_up: return f.template operator()<RoundingMode::half_up>();
    case RoundingMode::half_even: return f.template operator()<RoundingMode::half_even>();
    case RoundingMode::half_down: return f.template operator()<RoundingMode::half_down>();
    case RoundingMode::up: return f.template operator()<RoundingMode::up>();
    case RoundingMode::down: return f.template operator()<RoundingMode::down>();
    case RoundingMode::ceiling: return f.template operator()<RoundingMode::ceiling>();
    case RoundingMode::floor: return f.template operator()<RoundingMode::floor>();
  }
}

// ---- fixed point -----------------------------------------------------------------

DOUDI_KERNEL void rescale(const int64_t* __restrict a, int64_t k, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t r;
    bool overflow = __builtin_mul_overflow(a[i], k, &r);
    out[i] = (a[i] == P || overflow) ? P : r;
  }
}

DOUDI_KERNEL void add(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a[i], y = b[i];
    auto r = static_cast<int64_t>(static_cast<uint64_t>(x) + static_cast<uint64_t>(y));
    bool overflow = ((x ^ r) & (y ^ r)) < 0;
    out[i] = (x == P || y == P || overflow) ? P : r;
  }
}

DOUDI_KERNEL void subtract(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out,
              int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a[i], y = b[i];
    auto r = static_cast<int64_t>(static_cast<uint64_t>(x) - static_cast<uint64_t>(y));
    bool overflow = ((x ^ y) & (x ^ r)) < 0;
    out[i] = (x == P || y == P || overflow) ? P : r;
  }
}

DOUDI_KERNEL void multiply(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out,
              int n) {
  for (int i = 0; i < n; ++i) {
    int64_t r;
    bool overflow = __builtin_mul_overflow(a[i], b[i], &r);
    out[i] = (a[i] == P || b[i] == P || overflow) ? P : r;
  }
}

DOUDI_KERNEL void negate(const int64_t* __restrict a, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] == P ? P : -a[i];
}

DOUDI_KERNEL void absolute(const int64_t* __restrict a, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] == P ? P : (a[i] < 0 ? -a[i] : a[i]);
}

DOUDI_KERNEL void min_max(bool min, const int64_t* __restrict a, const int64_t* __restrict b,
             int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a[i], y = b[i];
    int64_t best = min ? std::min(x, y) : std::max(x, y);
    out[i] = (x == P || y == P) ? P : best;
  }
}

DOUDI_KERNEL void clamp(const int64_t* __restrict v, const int64_t* __restrict lo, const int64_t* __restrict hi,
           int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = v[i], l = lo[i], h = hi[i];
    bool bad = x == P || l == P || h == P || l > h;  // the evaluator reports lo > hi
    out[i] = bad ? P : (x < l ? l : (x > h ? h : x));
  }
}

template <Compare C>
DOUDI_KERNEL void compare_fixed(const int64_t* __restrict a, const int64_t* __restrict b,
                   int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a[i], y = b[i];
    out[i] = (x == P || y == P) ? P : static_cast<int64_t>(compare<C>(x, y));
  }
}

// and/or look at the right side only where the evaluator would.
DOUDI_KERNEL void logical(bool is_and, const int64_t* __restrict a, const int64_t* __restrict b,
             int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a[i], y = b[i];
    bool left = x != 0;
    bool decided = is_and ? !left : left;
    int64_t right = y == P ? P : static_cast<int64_t>(y != 0);
    out[i] = x == P ? P : (decided ? static_cast<int64_t>(left) : right);
  }
}

DOUDI_KERNEL void logical_not(const int64_t* __restrict a, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] == P ? P : static_cast<int64_t>(a[i] == 0);
}

DOUDI_KERNEL void select(const int64_t* __restrict c, const int64_t* __restrict t, const int64_t* __restrict e,
            int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t take_then = -static_cast<int64_t>(c[i] != 0);  // all ones or zero: no branch
    int64_t v = (t[i] & take_then) | (e[i] & ~take_then);
    out[i] = c[i] == P ? P : v;
  }
}

template <RoundingMode M>
DOUDI_KERNEL void round_fixed(const int64_t* __restrict a, int64_t k0, int64_t k1, int64_t k2,
                 int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t scaled = 0, result;
    bool bad = a[i] == P || __builtin_mul_overflow(a[i], k0, &scaled);
    int64_t q = divide_rounded<M, int64_t>(bad ? 0 : scaled, k1);
    bad |= __builtin_mul_overflow(q, k2, &result);
    out[i] = bad ? P : result;
  }
}

// Moves a divisor's sign to the numerator; false when that overflows.
DOUDI_KERNEL bool normalize(int64_t& num, int64_t& den) {
  if (den > 0) return true;
  if (den == 0 || den == P || num == P) return false;
  num = -num;
  den = -den;
  return true;
}

template <RoundingMode M>
DOUDI_KERNEL void divide_round(const int64_t* __restrict a, const int64_t* __restrict b, int64_t k0, int64_t k1,
                  int64_t k2, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t num = 0, den = 1, result;
    bool bad = a[i] == P || b[i] == P || __builtin_mul_overflow(a[i], k0, &num) ||
               __builtin_mul_overflow(b[i], k1, &den) || !normalize(num, den);
    int64_t q = divide_rounded<M, int64_t>(bad ? 0 : num, bad ? 1 : den);
    bad |= __builtin_mul_overflow(q, k2, &result);
    out[i] = bad ? P : result;
  }
}

DOUDI_KERNEL void exact_down(const int64_t* __restrict a, int64_t k, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = (a[i] == P || a[i] % k != 0) ? P : a[i] / k;
}

// ---- rational pairs ------------------------------------------------------------------

struct Pair {
  const int64_t* __restrict num;
  const int64_t* __restrict den;
};

DOUDI_KERNEL void put(int64_t* num_out, int64_t* den_out, int i, bool bad, int64_t num, int64_t den) {
  num_out[i] = bad ? P : num;
  den_out[i] = bad ? 1 : den;
}

DOUDI_KERNEL void r_from_quotient(const int64_t* __restrict a, const int64_t* __restrict b, int64_t k0,
                     int64_t k1, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = 0, y = 1;
    bool bad = a[i] == P || b[i] == P || __builtin_mul_overflow(a[i], k0, &x) ||
               __builtin_mul_overflow(b[i], k1, &y) || !normalize(x, y);
    put(num, den, i, bad, x, y);
  }
}

DOUDI_KERNEL void r_add(bool add, Pair a, Pair b, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t n1 = a.num[i], d1 = a.den[i], n2 = b.num[i], d2 = b.den[i];
    bool bad = n1 == P || n2 == P;
    int64_t x, y, sum, d;
    // (n1·d2 ± n2·d1) / (d1·d2); checked as one, overflow is rare.
    // Every check runs (no short circuit): one combined, rarely taken branch.
    bool o1 = __builtin_mul_overflow(n1, d2, &x), o2 = __builtin_mul_overflow(n2, d1, &y);
    bool o3 = add ? __builtin_add_overflow(x, y, &sum) : __builtin_sub_overflow(x, y, &sum);
    bool o4 = __builtin_mul_overflow(d1, d2, &d);
    bool overflow = o1 || o2 || o3 || o4;
    if (overflow && !bad) {
      i128 l = static_cast<i128>(n1) * d2, r = static_cast<i128>(n2) * d1;
      bad = !fit_pair(add ? l + r : l - r, static_cast<i128>(d1) * d2, sum, d);
    }
    put(num, den, i, bad || sum == P, sum, d);
  }
}

// (±n/d) ± (b × k1) / k0 = (±n·k0 ± b·k1·d) / (d·k0).
DOUDI_KERNEL void r_add_fixed(uint8_t signs, Pair a, const int64_t* __restrict b, int64_t k0, int64_t k1,
                 int64_t* __restrict num, int64_t* __restrict den, int n) {
  bool negate_rational = signs & 1, negate_fixed = signs & 2;
  for (int i = 0; i < n; ++i) {
    int64_t x = a.num[i], d = a.den[i], f = b[i];
    bool bad = x == P || f == P;
    int64_t left, fixed, right, sum, d2;
    bool o1 = __builtin_mul_overflow(x, k0, &left), o2 = __builtin_mul_overflow(f, k1, &fixed);
    bool o3 = __builtin_mul_overflow(fixed, d, &right), o4 = __builtin_mul_overflow(d, k0, &d2);
    bool overflow = o1 || o2 || o3 || o4;
    // A wrapped product may be INT64_MIN: negate through unsigned (the
    // overflow flag already says the row is redone below).
    if (negate_rational) left = static_cast<int64_t>(0 - static_cast<uint64_t>(left));
    if (negate_fixed) right = static_cast<int64_t>(0 - static_cast<uint64_t>(right));
    overflow |= __builtin_add_overflow(left, right, &sum);
    if (overflow && !bad) {
      i128 l = static_cast<i128>(x) * k0, fk = static_cast<i128>(f) * k1;
      if (!fits64(fk)) {
        bad = true;  // f × k1 × d could exceed even 128 bits: the exact path
      } else {
        i128 r = fk * d;
        if (negate_rational) l = -l;
        if (negate_fixed) r = -r;
        bad = !fit_pair(l + r, static_cast<i128>(d) * k0, sum, d2);
      }
    }
    put(num, den, i, bad || sum == P, sum, d2);
  }
}

DOUDI_KERNEL void r_multiply(Pair a, Pair b, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = 0, d = 1;
    bool bad = a.num[i] == P || b.num[i] == P;
    bool o1 = __builtin_mul_overflow(a.num[i], b.num[i], &x), o2 = __builtin_mul_overflow(a.den[i], b.den[i], &d);
    if (o1 || o2) {
      bad = bad || !fit_pair(static_cast<i128>(a.num[i]) * b.num[i],
                             static_cast<i128>(a.den[i]) * b.den[i], x, d);
    }
    put(num, den, i, bad || x == P, x, d);
  }
}

DOUDI_KERNEL void r_divide(Pair a, Pair b, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = 0, d = 1;
    bool bad = a.num[i] == P || b.num[i] == P || b.num[i] == 0;
    i128 wide_n = static_cast<i128>(a.num[i]) * b.den[i], wide_d = static_cast<i128>(a.den[i]) * b.num[i];
    if (wide_d < 0) {
      wide_n = -wide_n;
      wide_d = -wide_d;
    }
    bad = bad || !fit_pair(wide_n, wide_d, x, d);
    put(num, den, i, bad, x, d);
  }
}

DOUDI_KERNEL void r_negate(bool negate_all, Pair a, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a.num[i];
    bool flip = (negate_all || x < 0) && x != P;  // -P does not exist
    put(num, den, i, x == P, flip ? -x : x, a.den[i]);
  }
}

// a.num/a.den against b.num/b.den: both denominators are positive.
DOUDI_KERNEL i128 cross(const Pair& a, const Pair& b, int i) {
  return static_cast<i128>(a.num[i]) * b.den[i];
}

template <Compare C>
DOUDI_KERNEL void r_compare(Pair a, Pair b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    bool bad = a.num[i] == P || b.num[i] == P;
    out[i] = bad ? P : static_cast<int64_t>(compare128<C>(cross(a, b, i), cross(b, a, i)));
  }
}

// a or b, per row, by a 0/1 flag, without a branch.
DOUDI_KERNEL int64_t pick(bool take_b, int64_t a, int64_t b) {
  int64_t mask = -static_cast<int64_t>(take_b);
  return (b & mask) | (a & ~mask);
}

DOUDI_KERNEL void r_min_max(bool min, Pair a, Pair b, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    bool bad = a.num[i] == P || b.num[i] == P;
    i128 x = cross(a, b, i), y = cross(b, a, i);
    bool take_b = min ? y < x : y > x;
    put(num, den, i, bad, pick(take_b, a.num[i], b.num[i]), pick(take_b, a.den[i], b.den[i]));
  }
}

DOUDI_KERNEL void r_clamp(Pair v, Pair lo, Pair hi, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    bool bad = v.num[i] == P || lo.num[i] == P || hi.num[i] == P ||
               cross(lo, hi, i) > cross(hi, lo, i);
    bool below = cross(v, lo, i) < cross(lo, v, i);
    bool above = !below && cross(v, hi, i) > cross(hi, v, i);
    int64_t x = pick(below, pick(above, v.num[i], hi.num[i]), lo.num[i]);
    int64_t d = pick(below, pick(above, v.den[i], hi.den[i]), lo.den[i]);
    put(num, den, i, bad, x, d);
  }
}

DOUDI_KERNEL void r_select(const int64_t* __restrict c, Pair t, Pair e, int64_t* __restrict num,
              int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    bool then_taken = c[i] != 0;
    put(num, den, i, c[i] == P || (then_taken ? t.num[i] : e.num[i]) == P,
        then_taken ? t.num[i] : e.num[i], then_taken ? t.den[i] : e.den[i]);
  }
}

template <RoundingMode M>
DOUDI_KERNEL void r_round(Pair a, int64_t k0, int64_t k1, int64_t k2, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = 0, d = 1, q, result;
    bool bad = a.num[i] == P || a.den[i] <= 0;
    bool o1 = __builtin_mul_overflow(a.num[i], k0, &x), o2 = __builtin_mul_overflow(a.den[i], k1, &d);
    if (o1 || o2) {
      i128 wide = divide_rounded<M, i128>(static_cast<i128>(bad ? 0 : a.num[i]) * k0,
                                          static_cast<i128>(bad ? 1 : a.den[i]) * k1);
      bad |= !fits64(wide);
      q = static_cast<int64_t>(wide);
    } else {
      q = divide_rounded<M, int64_t>(bad ? 0 : x, bad ? 1 : d);
    }
    bad |= __builtin_mul_overflow(q, k2, &result);
    out[i] = bad ? P : result;
  }
}

DOUDI_KERNEL void r_to_fixed(Pair a, int64_t k0, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    bool bad = a.num[i] == P || a.den[i] <= 0;
    i128 x = static_cast<i128>(bad ? 0 : a.num[i]) * k0, d = bad ? 1 : a.den[i];
    bad |= x % d != 0 || !fits64(x / d);
    out[i] = bad ? P : static_cast<int64_t>(x / d);
  }
}

// ---- lookups ---------------------------------------------------------------------------

// A cell per household; `columns` are the batch's, key columns among them.
DOUDI_KERNEL void lookup(const Lookup& l, int64_t* const* columns, int64_t* __restrict out, int n) {
  const int64_t* cells = l.cells.data();
  auto key = [&](size_t j) { return columns[l.keys[j]]; };
  if (l.keys.empty()) {
    std::fill_n(out, n, l.cells.empty() ? P : cells[0]);
    return;
  }
  if (l.keys.size() == 1) {
    const int64_t* k = key(0);
    auto size = static_cast<uint64_t>(l.sizes[0]);
    for (int i = 0; i < n; ++i) {
      auto code = static_cast<uint64_t>(k[i]);  // poison and negatives are out of range
      out[i] = code < size ? cells[code] : P;
    }
    return;
  }
  if (l.keys.size() == 2) {
    const int64_t *k0 = key(0), *k1 = key(1);
    auto size0 = static_cast<uint64_t>(l.sizes[0]), size1 = static_cast<uint64_t>(l.sizes[1]);
    for (int i = 0; i < n; ++i) {
      auto c0 = static_cast<uint64_t>(k0[i]), c1 = static_cast<uint64_t>(k1[i]);
      bool ok = c0 < size0 && c1 < size1;
      out[i] = ok ? cells[c0 * size1 + c1] : P;
    }
    return;
  }
  for (int i = 0; i < n; ++i) {
    uint64_t index = 0;
    bool bad = false;
    for (size_t j = 0; j < l.keys.size(); ++j) {
      auto code = static_cast<uint64_t>(key(j)[i]);
      auto size = static_cast<uint64_t>(l.sizes[j]);
      bad |= code >= size;
      index = index * size + (code < size ? code : 0);
    }
    out[i] = bad ? P : cells[index];
  }
}

}  // namespace doudi::fast::kernels
