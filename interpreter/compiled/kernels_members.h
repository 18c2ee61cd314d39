// The column kernels that cross between households and people, and the
// date kernels (private to fast_eval.cpp): broadcast (a household value to
// each of its people), member_sum (a member column over each household's
// people, checked and plain), age and months_between on day numbers with
// the evaluator's calendar (base/date.h).
#pragma once

#include "base/date.h"
#include "interpreter/compiled/kernels.h"

namespace doudi::fast::kernels {

// Person i belongs to household owner[i].
DOUDI_KERNEL void broadcast(const int64_t* __restrict a, const int32_t* __restrict owner,
                            int64_t* __restrict out, int people) {
  for (int i = 0; i < people; ++i) out[i] = a[owner[i]];
}

// Household h's people are start[h] .. start[h+1]-1. Poison in, or an
// overflow, poisons the household.
DOUDI_KERNEL void member_sum(const int64_t* __restrict a, const int32_t* __restrict start,
                             int64_t* __restrict out, int rows) {
  for (int h = 0; h < rows; ++h) {
    int64_t s = 0;
    bool bad = false;
    for (int i = start[h]; i < start[h + 1]; ++i) bad |= a[i] == P || __builtin_add_overflow(s, a[i], &s);
    out[h] = bad ? P : s;
  }
}

// Day numbers doudi handles (years 1 to 9999, and then some).
DOUDI_KERNEL bool plausible_day(int64_t d) { return d > -1000000 && d < 3000000; }

// Whole years from a to b: a after b poisons (the evaluator says why).
DOUDI_KERNEL void age(const int64_t* __restrict a, const int64_t* __restrict b, int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    bool bad = !plausible_day(a[i]) || !plausible_day(b[i]) || a[i] > b[i];
    out[i] = bad ? P : whole_years(static_cast<int>(a[i]), static_cast<int>(b[i]));
  }
}

// Months from a to b (negative when b is before a): whole months, then the
// part month as the share of the next month's days gone, rounded under M
// to a whole number — Evaluator's months_between.
template <RoundingMode M>
DOUDI_KERNEL void months_between(const int64_t* __restrict a, const int64_t* __restrict b,
                                 int64_t* __restrict out, int n) {
  for (int i = 0; i < n; ++i) {
    if (!plausible_day(a[i]) || !plausible_day(b[i])) {
      out[i] = P;
      continue;
    }
    int from = static_cast<int>(a[i]), to = static_cast<int>(b[i]);
    bool negative = to < from;
    if (negative) std::swap(from, to);
    CivilDate f = civil_from_days(from), t = civil_from_days(to);
    int k = (t.year - f.year) * 12 + (t.month - f.month);
    while (k > 0 && add_months(from, k) > to) --k;
    int begin = add_months(from, k), next = add_months(from, k + 1);
    int64_t days = next - begin;
    int64_t num = static_cast<int64_t>(k) * days + (to - begin);
    out[i] = divide_rounded<M, int64_t>(negative ? -num : num, days);
  }
}

namespace plain {

DOUDI_KERNEL void member_sum(const int64_t* __restrict a, const int32_t* __restrict start,
                             int64_t* __restrict out, int rows) {
  for (int h = 0; h < rows; ++h) {
    int64_t s = 0;
    for (int i = start[h]; i < start[h + 1]; ++i) s += a[i];
    out[h] = s;
  }
}

}  // namespace plain

}  // namespace doudi::fast::kernels
