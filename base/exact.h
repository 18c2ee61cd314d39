// Exact: the one number type of doudi. Every amount, ratio, count and score is
// an exact rational number; there is no binary floating point anywhere.
//
// Design: a value is held as an int64 fraction num/den (den > 0, not
// necessarily reduced) on the fast path. Any operation whose int64 arithmetic
// would overflow is redone in Boost.Multiprecision's cpp_rational (the slow
// path), and the result comes back to the fast path when it fits. Results never
// depend on which path computed them: both are exact. A value whose numerator
// or denominator needs more than kMaxBits bits raises OverflowError, so an
// absurd policy fails loudly instead of wrapping or eating memory.
//
// Division is exact (a rational); turning a rational into a decimal is only
// done by round() with an explicit unit and mode, as the policy writes it.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <boost/multiprecision/cpp_int.hpp>

namespace doudi {

using BigRational = boost::multiprecision::cpp_rational;
using BigInt = boost::multiprecision::cpp_int;

// How round() breaks a value that lies between two multiples of the unit.
enum class RoundingMode {
  half_up,    // 四舍五入: nearest, ties away from zero
  half_even,  // nearest, ties to the even multiple (banker's rounding)
  half_down,  // nearest, ties toward zero
  up,         // 进一: away from zero
  down,       // 去尾: toward zero (truncate)
  ceiling,    // toward +infinity
  floor,      // toward -infinity
};

// Parses "half_up", "四舍五入", "进一", ... Returns nullopt for an unknown name.
std::optional<RoundingMode> rounding_mode_from_name(std::string_view name);
// The canonical English name of a mode ("half_up").
const char* rounding_mode_name(RoundingMode mode);

// Raised when a value exceeds the supported magnitude (see kMaxBits).
class OverflowError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Raised on division by zero.
class DivisionByZero : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Exact {
 public:
  // Numerators and denominators are limited to this many bits (about 77
  // decimal digits); beyond it an operation raises OverflowError.
  static constexpr unsigned kMaxBits = 256;

  Exact() = default;
  // An integer value.
  static Exact from_int(int64_t value) { return Exact(value, 1); }
  // num/den for den != 0. Raises DivisionByZero when den == 0.
  static Exact fraction(int64_t num, int64_t den);
  // Any rational; raises OverflowError beyond kMaxBits.
  static Exact from_big(const BigRational& value);
  // value / 10^scale (0 <= scale <= 18): a fixed-point number as the fast
  // evaluator and the CSV readers hold it.
  static Exact from_fixed(int64_t value, int scale);
  // Parses a plain decimal: optional sign, digits, optional '.' and digits
  // ("630", "-0.5", "900.00"). No exponent, no spaces, no thousands separators.
  // Returns nullopt when the text is not such a number, or when it is one
  // beyond the supported size (kMaxBits, about 77 digits, numerator or
  // denominator after reduction): never throws.
  static std::optional<Exact> parse(std::string_view text);

  friend Exact operator+(const Exact& a, const Exact& b);
  friend Exact operator-(const Exact& a, const Exact& b);
  friend Exact operator*(const Exact& a, const Exact& b);
  // Exact rational quotient. Raises DivisionByZero when b is zero.
  friend Exact operator/(const Exact& a, const Exact& b);
  Exact operator-() const;

  // -1, 0 or 1 as a <, ==, > b.
  friend int compare(const Exact& a, const Exact& b);
  friend bool operator==(const Exact& a, const Exact& b) { return compare(a, b) == 0; }
  friend bool operator!=(const Exact& a, const Exact& b) { return compare(a, b) != 0; }
  friend bool operator<(const Exact& a, const Exact& b) { return compare(a, b) < 0; }
  friend bool operator<=(const Exact& a, const Exact& b) { return compare(a, b) <= 0; }
  friend bool operator>(const Exact& a, const Exact& b) { return compare(a, b) > 0; }
  friend bool operator>=(const Exact& a, const Exact& b) { return compare(a, b) >= 0; }

  int sign() const;
  bool is_zero() const { return sign() == 0; }
  bool is_integer() const;

  // The multiple of `unit` (> 0) nearest to this value under `mode`.
  // Example: Exact(2.345).round(0.01, half_up) == 2.35.
  Exact round(const Exact& unit, RoundingMode mode) const;

  // True when the value has at most `scale` digits after the decimal point.
  bool fits_scale(int scale) const;
  // Decimal text with exactly `scale` digits after the point ("990.00"), or
  // nullopt when the value does not fit that scale (it would need rounding).
  std::optional<std::string> to_fixed(int scale) const;
  // Shortest exact text: a decimal when it terminates ("1.326"), else "p/q".
  std::string to_string() const;
  // The value as int64 when it is an integer that fits, else nullopt.
  std::optional<int64_t> to_int64() const;
  // value × 10^scale as int64 when that is an integer that fits (0 <= scale
  // <= 18), else nullopt: the fixed-point form the fast evaluator computes in.
  std::optional<int64_t> scaled(int scale) const;
  // The value as a Boost rational (always possible).
  BigRational to_big() const;

 private:
  friend class ExactSum;
  Exact(int64_t num, int64_t den) : num_(num), den_(den) {}
  bool is_big() const { return big_ != nullptr; }

  int64_t num_ = 0;
  int64_t den_ = 1;  // > 0 on the fast path
  std::shared_ptr<const BigRational> big_;  // set only on the slow path
};

// The greatest common divisor of |a| and b (b > 0): the one loop that
// reduces 128-bit fractions, in Exact and in the compiled path alike.
inline __int128 gcd128(__int128 a, __int128 b) {
  if (a < 0) a = -a;
  while (b != 0) {
    __int128 t = a % b;
    a = b;
    b = t;
  }
  return a;
}

// 10^n for 0 <= n <= 18: the unit of a fixed-point number at scale n.
int64_t power_of_ten(int n);

// Digits after the decimal point of a number as written ("660.50" -> 2,
// "3" -> 0): the scale its text asks for.
int written_digits(std::string_view text);

// A running total of Exact values, for sums over millions of households:
// values sharing the first value's denominator (amounts at one scale, the
// usual case) are added as a 128-bit numerator, anything else exactly. The
// total is the same as adding with `+`, only cheaper.
class ExactSum {
 public:
  void add(const Exact& x);
  // Adds value / 10^scale (0 <= scale <= 18).
  void add_scaled(int64_t value, int scale);
  Exact value() const;

 private:
  int64_t den_ = 0;     // 0 until the first value
  __int128 num_ = 0;    // over den_
  Exact rest_;          // values with another denominator, or too large
};

}  // namespace doudi
