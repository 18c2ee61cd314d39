// The column kernels of the fast evaluator, and BatchEvaluator.
//
// Every kernel is a loop over the batch that first asks "is an operand
// poison?" and then computes with explicit overflow checks: an overflow gives
// poison, never a wrapped number. Rational kernels write denominator 1 on
// poison rows, so no later division ever sees a zero or negative divisor.
#include "interpreter/fast_eval.h"

#include <algorithm>

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

namespace doudi::fast {
namespace {

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
    i128 a = n < 0 ? -n : n, b = d;
    while (b != 0) {
      i128 t = a % b;
      a = b;
      b = t;
    }
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

// ---- unchecked kernels ----------------------------------------------------------
//
// The same operations without poison or overflow tests, for a batch whose
// ranges prove no operand is poison and no result leaves int64 (see
// FastEvaluator::unchecked). Same results as the checked kernels there, in
// far fewer instructions, and the simple ones vectorize.

namespace plain {

DOUDI_KERNEL void rescale(const int64_t* __restrict a, int64_t k, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] * k;
}
DOUDI_KERNEL void add(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] + b[i];
}
DOUDI_KERNEL void subtract(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] - b[i];
}
DOUDI_KERNEL void multiply(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] * b[i];
}
template <Compare C>
DOUDI_KERNEL void compare_fixed(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = compare<C>(a[i], b[i]);
}
DOUDI_KERNEL void logical(bool is_and, const int64_t* __restrict a, const int64_t* __restrict b,
             int64_t* __restrict out, int n) {
  if (is_and) {
    for (int i = 0; i < n; ++i) out[i] = (a[i] != 0) & (b[i] != 0);
  } else {
    for (int i = 0; i < n; ++i) out[i] = (a[i] != 0) | (b[i] != 0);
  }
}
DOUDI_KERNEL void logical_not(const int64_t* __restrict a, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = a[i] == 0;
}
DOUDI_KERNEL void select(const int64_t* __restrict c, const int64_t* __restrict t, const int64_t* __restrict e,
            int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = c[i] != 0 ? t[i] : e[i];
}
DOUDI_KERNEL void min_max(bool min, const int64_t* __restrict a, const int64_t* __restrict b,
             int64_t* __restrict out, int n) {
  if (min) {
    for (int i = 0; i < n; ++i) out[i] = std::min(a[i], b[i]);
  } else {
    for (int i = 0; i < n; ++i) out[i] = std::max(a[i], b[i]);
  }
}
template <RoundingMode M>
DOUDI_KERNEL void round_fixed(const int64_t* __restrict a, int64_t k0, int64_t k1, int64_t k2,
                 int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = divide_rounded<M, int64_t>(a[i] * k0, k1) * k2;
}
template <RoundingMode M>
DOUDI_KERNEL void divide_round(const int64_t* __restrict a, const int64_t* __restrict b, int64_t k0, int64_t k1,
                  int64_t k2, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = divide_rounded<M, int64_t>(a[i] * k0, b[i] * k1) * k2;
}
DOUDI_KERNEL void r_from_quotient(const int64_t* __restrict a, const int64_t* __restrict b, int64_t k0,
                     int64_t k1, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    num[i] = a[i] * k0;
    den[i] = b[i] * k1;
  }
}
DOUDI_KERNEL void r_add_fixed(uint8_t signs, const int64_t* __restrict x, const int64_t* __restrict d,
                 const int64_t* __restrict b, int64_t k0, int64_t k1, int64_t* __restrict num,
                 int64_t* __restrict den, int n) {
  int64_t sr = (signs & 1) ? -k0 : k0, sf = (signs & 2) ? -k1 : k1;
  for (int i = 0; i < n; ++i) {
    num[i] = x[i] * sr + b[i] * sf * d[i];
    den[i] = d[i] * k0;
  }
}
DOUDI_KERNEL void r_multiply(const int64_t* __restrict n1, const int64_t* __restrict d1, const int64_t* __restrict n2,
                const int64_t* __restrict d2, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    num[i] = n1[i] * n2[i];
    den[i] = d1[i] * d2[i];
  }
}
DOUDI_KERNEL void r_add(bool add, const int64_t* __restrict n1, const int64_t* __restrict d1,
           const int64_t* __restrict n2, const int64_t* __restrict d2, int64_t* __restrict num,
           int64_t* __restrict den, int n) {
  int64_t sign = add ? 1 : -1;
  for (int i = 0; i < n; ++i) {
    num[i] = n1[i] * d2[i] + sign * n2[i] * d1[i];
    den[i] = d1[i] * d2[i];
  }
}
// Both sides' products fit int64 here (the ranges say so).
DOUDI_KERNEL void r_min_max(bool min, Pair a, Pair b, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    int64_t x = a.num[i] * b.den[i], y = b.num[i] * a.den[i];
    bool take_b = min ? y < x : y > x;
    num[i] = pick(take_b, a.num[i], b.num[i]);
    den[i] = pick(take_b, a.den[i], b.den[i]);
  }
}
DOUDI_KERNEL void r_clamp(Pair v, Pair lo, Pair hi, int64_t* __restrict num, int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    bool below = v.num[i] * lo.den[i] < lo.num[i] * v.den[i];
    bool above = !below && v.num[i] * hi.den[i] > hi.num[i] * v.den[i];
    num[i] = pick(below, pick(above, v.num[i], hi.num[i]), lo.num[i]);
    den[i] = pick(below, pick(above, v.den[i], hi.den[i]), lo.den[i]);
  }
}
template <Compare C>
DOUDI_KERNEL void r_compare(Pair a, Pair b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = compare<C>(a.num[i] * b.den[i], b.num[i] * a.den[i]);
}
DOUDI_KERNEL void r_select(const int64_t* __restrict c, Pair t, Pair e, int64_t* __restrict num,
              int64_t* __restrict den, int n) {
  for (int i = 0; i < n; ++i) {
    bool then_taken = c[i] != 0;
    num[i] = then_taken ? t.num[i] : e.num[i];
    den[i] = then_taken ? t.den[i] : e.den[i];
  }
}
template <RoundingMode M>
DOUDI_KERNEL void r_round(Pair a, int64_t k0, int64_t k1, int64_t k2, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) out[i] = divide_rounded<M, int64_t>(a.num[i] * k0, a.den[i] * k1) * k2;
}

}  // namespace plain

}  // namespace

// ---- FastEvaluator ------------------------------------------------------------------------

FastEvaluator::FastEvaluator(const Program& p)
    : p_(p),
      data_(static_cast<size_t>(p.columns) * kBatchRows, 0),
      bad_(kBatchRows, 0),
      ranges_(static_cast<size_t>(p.columns)) {
  for (int c = 0; c < p.columns; ++c) columns_.push_back(&data_[static_cast<size_t>(c) * kBatchRows]);
  for (const auto& [col, value] : p.constants) {
    std::fill_n(column(col), kBatchRows, value);
    ranges_[static_cast<size_t>(col)] = Range{value, value, value == P};
  }
  for (const auto& l : p.lookups) {  // a cell read is one of these
    Range r{INT64_MAX, INT64_MIN, false};
    for (int64_t cell : l.cells) {
      r.poison |= cell == P;
      if (cell != P) r.lo = std::min<i128>(r.lo, cell), r.hi = std::max<i128>(r.hi, cell);
    }
    if (r.lo > r.hi) r = Range{};
    cells_.push_back(r);
  }
}

void FastEvaluator::bind(int col, int64_t* values) {
  columns_[static_cast<size_t>(col)] = values ? values : &data_[static_cast<size_t>(col) * kBatchRows];
}

DOUDI_EVERY_TARGET
void FastEvaluator::execute(const Instr& in, int n, bool checked) {
  auto col = [&](int c) { return c >= 0 ? column(c) : nullptr; };
  const int64_t *a = col(in.a), *b = col(in.b), *c = col(in.c);
  Pair pa{a, col(in.a2)}, pb{b, col(in.b2)}, pc{c, col(in.c2)};
  int64_t* out = col(in.out);
  int64_t* out2 = col(in.out2);
  if (!checked) {
    switch (in.kernel) {
      case Kernel::rescale: return plain::rescale(a, in.k0, out, n);
      case Kernel::add: return plain::add(a, b, out, n);
      case Kernel::subtract: return plain::subtract(a, b, out, n);
      case Kernel::multiply: return plain::multiply(a, b, out, n);
      case Kernel::min: return plain::min_max(true, a, b, out, n);
      case Kernel::max: return plain::min_max(false, a, b, out, n);
      case Kernel::compare:
        return with_compare(in.aux, [&]<Compare C>() DOUDI_INLINE_LAMBDA { plain::compare_fixed<C>(a, b, out, n); });
      case Kernel::logical_and: return plain::logical(true, a, b, out, n);
      case Kernel::logical_or: return plain::logical(false, a, b, out, n);
      case Kernel::logical_not: return plain::logical_not(a, out, n);
      case Kernel::select: return plain::select(a, b, c, out, n);
      case Kernel::round:
        return with_mode(in.aux, [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA { plain::round_fixed<M>(a, in.k0, in.k1, in.k2, out, n); });
      case Kernel::divide_round:
        return with_mode(in.aux, [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA {
          plain::divide_round<M>(a, b, in.k0, in.k1, in.k2, out, n);
        });
      case Kernel::r_from_quotient: return plain::r_from_quotient(a, b, in.k0, in.k1, out, out2, n);
      case Kernel::r_add_fixed: return plain::r_add_fixed(in.aux, a, pa.den, b, in.k0, in.k1, out, out2, n);
      case Kernel::r_multiply: return plain::r_multiply(a, pa.den, b, pb.den, out, out2, n);
      case Kernel::r_add: return plain::r_add(true, a, pa.den, b, pb.den, out, out2, n);
      case Kernel::r_subtract: return plain::r_add(false, a, pa.den, b, pb.den, out, out2, n);
      case Kernel::r_min: return plain::r_min_max(true, pa, pb, out, out2, n);
      case Kernel::r_max: return plain::r_min_max(false, pa, pb, out, out2, n);
      case Kernel::r_clamp: return plain::r_clamp(pa, pb, pc, out, out2, n);
      case Kernel::r_compare:
        return with_compare(in.aux, [&]<Compare C>() DOUDI_INLINE_LAMBDA { plain::r_compare<C>(pa, pb, out, n); });
      case Kernel::r_select: return plain::r_select(a, pb, pc, out, out2, n);
      case Kernel::r_round:
        return with_mode(in.aux, [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA { plain::r_round<M>(pa, in.k0, in.k1, in.k2, out, n); });
      default: break;  // no plain form: the checked kernel below
    }
  }
  switch (in.kernel) {
    case Kernel::rescale: return rescale(a, in.k0, out, n);
    case Kernel::add: return add(a, b, out, n);
    case Kernel::subtract: return subtract(a, b, out, n);
    case Kernel::multiply: return multiply(a, b, out, n);
    case Kernel::negate: return negate(a, out, n);
    case Kernel::abs: return absolute(a, out, n);
    case Kernel::min: return min_max(true, a, b, out, n);
    case Kernel::max: return min_max(false, a, b, out, n);
    case Kernel::clamp: return clamp(a, b, c, out, n);
    case Kernel::compare:
      return with_compare(in.aux, [&]<Compare C>() DOUDI_INLINE_LAMBDA { compare_fixed<C>(a, b, out, n); });
    case Kernel::logical_and: return logical(true, a, b, out, n);
    case Kernel::logical_or: return logical(false, a, b, out, n);
    case Kernel::logical_not: return logical_not(a, out, n);
    case Kernel::select: return select(a, b, c, out, n);
    case Kernel::round:
      return with_mode(in.aux, [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA { round_fixed<M>(a, in.k0, in.k1, in.k2, out, n); });
    case Kernel::divide_round:
      return with_mode(in.aux,
                       [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA { divide_round<M>(a, b, in.k0, in.k1, in.k2, out, n); });
    case Kernel::exact_down: return exact_down(a, in.k0, out, n);
    case Kernel::lookup: return lookup(p_.lookups[static_cast<size_t>(in.table)], columns_.data(), out, n);
    case Kernel::r_from_quotient: return r_from_quotient(a, b, in.k0, in.k1, out, out2, n);
    case Kernel::r_add: return r_add(true, pa, pb, out, out2, n);
    case Kernel::r_subtract: return r_add(false, pa, pb, out, out2, n);
    case Kernel::r_multiply: return r_multiply(pa, pb, out, out2, n);
    case Kernel::r_divide: return r_divide(pa, pb, out, out2, n);
    case Kernel::r_negate: return r_negate(true, pa, out, out2, n);
    case Kernel::r_abs: return r_negate(false, pa, out, out2, n);
    case Kernel::r_min: return r_min_max(true, pa, pb, out, out2, n);
    case Kernel::r_max: return r_min_max(false, pa, pb, out, out2, n);
    case Kernel::r_clamp: return r_clamp(pa, pb, pc, out, out2, n);
    case Kernel::r_compare:
      return with_compare(in.aux, [&]<Compare C>() DOUDI_INLINE_LAMBDA { r_compare<C>(pa, pb, out, n); });
    case Kernel::r_select: return r_select(a, pb, pc, out, out2, n);
    case Kernel::r_round:
      return with_mode(in.aux, [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA { r_round<M>(pa, in.k0, in.k1, in.k2, out, n); });
    case Kernel::r_to_fixed: return r_to_fixed(pa, in.k0, out, n);
    case Kernel::r_add_fixed: return r_add_fixed(in.aux, pa, b, in.k0, in.k1, out, out2, n);
  }
  std::fill_n(out, n, P);  // an unknown kernel: nothing is trusted
}

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
  for (const auto& in : p_.inputs) {
    if (in.column < 0) continue;
    const int64_t* v = column(in.column);
    int64_t lo = INT64_MAX, hi = INT64_MIN;
    for (int i = 0; i < rows; ++i) {
      lo = std::min(lo, v[i]);
      hi = std::max(hi, v[i]);
    }
    // INT64_MIN is poison (a value the reader could not give): it is the minimum if present.
    ranges_[static_cast<size_t>(in.column)] = rows == 0 ? Range{} : Range{lo, hi, lo == P};
  }
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
    default: break;
  }
  if (!ok) {
    poisoned(in.out);
    poisoned(in.out2);
  }
  return ok;
}

void FastEvaluator::run(int rows) {
  // For a few households (one, from the API's evaluate()), checking every
  // operation costs less than proving which need no checks.
  constexpr int kMeasuredRows = 16;
  bool measure = rows >= kMeasuredRows;
  if (measure) measure_inputs(rows);
  unchecked_ = 0;
  for (const Instr& in : p_.code) {
    bool plain = measure && unchecked(in);
    unchecked_ += plain;
    execute(in, rows, !plain);
  }
  std::fill(bad_.begin(), bad_.end(), 0);
  for (const auto& o : p_.outputs) {
    const int64_t* v = column(o.column);
    for (int i = 0; i < rows; ++i) bad_[static_cast<size_t>(i)] |= v[i] == P;
  }
}

Exact output_value(const OutputColumn& o, int64_t value) {
  bool number = o.kind == model::TypeKind::money || o.kind == model::TypeKind::decimal ||
                o.kind == model::TypeKind::integer;
  return number ? Exact::from_fixed(value, o.scale) : Exact::from_int(value);
}

// ---- BatchEvaluator -------------------------------------------------------------------------

BatchEvaluator::BatchEvaluator(const model::Model& m)
    : BatchEvaluator(m, std::make_shared<const Program>(compile_program(m))) {}

BatchEvaluator::BatchEvaluator(const model::Model& m, std::shared_ptr<const Program> program)
    : program_(std::move(program)), fast_(*program_), exact_(m), slow_(kBatchRows, 0) {}

// Writes household h's inputs into row `row`; false when the program cannot
// take it (a value beyond int64 at its scale, a missing input without a
// constant default, members where count()/sum() need them).
bool BatchEvaluator::load(const Household& h, int row) {
  const Program& p = *program_;
  if (p.reads_members && !h.members.empty()) return false;
  bool ok = true;
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    const InputColumn& c = p.inputs[i];
    if (c.column < 0) continue;
    std::optional<int64_t> v;
    if (i < h.inputs.size() && h.inputs[i]) v = h.inputs[i]->scaled(c.scale);
    else v = c.default_value;
    ok &= v.has_value() && *v != P;
    fast_.column(c.column)[row] = v.value_or(P);
  }
  return ok;
}

void BatchEvaluator::evaluate(const std::vector<Household>& households,
                              std::vector<Outcome>& outcomes) {
  outcomes.resize(households.size());
  const Program& p = *program_;
  for (size_t start = 0; start < households.size(); start += kBatchRows) {
    int rows = static_cast<int>(std::min<size_t>(kBatchRows, households.size() - start));
    for (int r = 0; r < rows; ++r) slow_[static_cast<size_t>(r)] = !load(households[start + static_cast<size_t>(r)], r);
    fast_.run(rows);
    for (int r = 0; r < rows; ++r) {
      Outcome& out = outcomes[start + static_cast<size_t>(r)];
      out.error.reset();
      out.outputs.clear();
      out.fast = !slow_[static_cast<size_t>(r)] && fast_.ok(r);
      if (out.fast) {
        for (size_t o = 0; o < p.outputs.size(); ++o)
          out.outputs.push_back(output_value(p.outputs[o], fast_.output(o, r)));
        continue;
      }
      try {
        out.outputs = exact_.evaluate(households[start + static_cast<size_t>(r)]);
      } catch (const EvaluationError& e) {
        out.error = e;
      }
    }
  }
}

}  // namespace doudi::fast
