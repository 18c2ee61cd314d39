// The fast evaluator: a Program's operations run column by column over a
// batch (see fast_eval.h). The kernels are in kernels.h (checked) and
// kernels_plain.h (unchecked), the range analysis that picks between them
// in fast_ranges.cpp, BatchEvaluator in batch_evaluator.cpp.
#include "interpreter/compiled/fast_eval.h"

#include <algorithm>

#include <stdexcept>

#include "interpreter/compiled/kernels_members.h"
#include "interpreter/compiled/kernels_plain.h"

namespace doudi::fast {

using namespace kernels;

// ---- FastEvaluator ------------------------------------------------------------------------

FastEvaluator::FastEvaluator(const Program& p)
    : p_(p),
      data_(static_cast<size_t>(p.columns) * kMemberRows, 0),
      bad_(kBatchRows, 0),
      ranges_(static_cast<size_t>(p.columns)),
      starts_(kBatchRows + 1, 0),
      owner_(kMemberRows, 0) {
  for (int c = 0; c < p.columns; ++c) columns_.push_back(&data_[static_cast<size_t>(c) * kMemberRows]);
  for (const auto& [col, value] : p.constants) {
    std::fill_n(column(col), kMemberRows, value);
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
  columns_[static_cast<size_t>(col)] = values ? values : &data_[static_cast<size_t>(col) * kMemberRows];
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
      case Kernel::member_sum: return plain::member_sum(a, starts_.data(), out, n);
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
    case Kernel::broadcast: return broadcast(a, owner_.data(), out, n);
    case Kernel::member_sum: return member_sum(a, starts_.data(), out, n);
    case Kernel::age: return age(a, b, out, n);
    case Kernel::months_between:
      return with_mode(in.aux, [&]<RoundingMode M>() DOUDI_INLINE_LAMBDA { months_between<M>(a, b, out, n); });
  }
  std::fill_n(out, n, P);  // an unknown kernel: nothing is trusted
}


// Where each household's people are, from the counts the caller wrote.
void FastEvaluator::place_people(int rows) {
  people_ = most_people_ = 0;
  if (p_.member_count < 0) return;
  const int64_t* count = column(p_.member_count);
  for (int h = 0; h < rows; ++h) {
    int64_t n = count[h];
    if (n < 0 || n > kMemberRows - people_) throw std::length_error("a batch holds more people than kMemberRows");
    starts_[static_cast<size_t>(h)] = people_;
    std::fill_n(owner_.begin() + people_, n, h);
    people_ += static_cast<int>(n);
    most_people_ = std::max(most_people_, static_cast<int>(n));
  }
  starts_[static_cast<size_t>(rows)] = people_;
}

void FastEvaluator::run(int rows) {
  place_people(rows);
  measure_inputs(rows);
  unchecked_ = 0;
  for (const Instr& in : p_.code) {
    bool plain = unchecked(in);
    unchecked_ += plain;
    execute(in, in.member ? people_ : rows, !plain);
  }
  std::fill(bad_.begin(), bad_.end(), 0);
  for (const auto& o : p_.outputs) {
    const int64_t* v = column(o.column);
    for (int i = 0; i < rows; ++i) bad_[static_cast<size_t>(i)] |= v[i] == P;
  }
  // A person's output poisons the household where the evaluator would look
  // at it: on the list (or the list's condition itself poison).
  for (const auto& o : p_.member_outputs) {
    const int64_t* v = column(o.column);
    const int64_t* listed = o.listed >= 0 ? column(o.listed) : nullptr;
    for (int i = 0; i < people_; ++i) {
      bool on = !listed || listed[i] != 0;
      if ((listed && listed[i] == P) || (on && v[i] == P)) bad_[static_cast<size_t>(owner_[static_cast<size_t>(i)])] = 1;
    }
  }
}

}  // namespace doudi::fast
