// The unchecked column kernels: the same operations as kernels.h without
// poison or overflow checks, run where a batch's input ranges prove the
// checks could only pass (see fast_ranges.cpp).
#pragma once

#include "interpreter/compiled/kernels.h"

namespace doudi::fast::kernels {

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

}  // namespace doudi::fast::kernels
