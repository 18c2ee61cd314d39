// Exact arithmetic: int64 fractions on the fast path, cpp_rational on overflow.
// See exact.h for the contract. Every fast-path operation either computes the
// exact result in int64/int128 or hands over to the Boost path; there is no
// approximation on either side.
#include "base/exact.h"

#include <algorithm>
#include <charconv>
#include <numeric>

namespace doudi {
namespace {

using i128 = __int128;

constexpr int64_t kPow10[19] = {1,
                                10,
                                100,
                                1000,
                                10000,
                                100000,
                                1000000,
                                10000000,
                                100000000,
                                1000000000,
                                10000000000LL,
                                100000000000LL,
                                1000000000000LL,
                                10000000000000LL,
                                100000000000000LL,
                                1000000000000000LL,
                                10000000000000000LL,
                                100000000000000000LL,
                                1000000000000000000LL};

bool fits64(i128 v) { return v >= INT64_MIN && v <= INT64_MAX; }

// Builds a fast value from an int128 fraction (den > 0), reducing it when it
// does not fit. Returns false when even the reduced form does not fit.
bool make_fast(i128 num, i128 den, int64_t& out_num, int64_t& out_den) {
  if (fits64(num) && fits64(den)) {
    out_num = static_cast<int64_t>(num);
    out_den = static_cast<int64_t>(den);
    return true;
  }
  i128 a = gcd128(num, den);
  if (a > 1) {
    num /= a;
    den /= a;
  }
  if (!fits64(num) || !fits64(den)) return false;
  out_num = static_cast<int64_t>(num);
  out_den = static_cast<int64_t>(den);
  return true;
}

void check_bits(const BigRational& v) {
  const BigInt& n = boost::multiprecision::numerator(v);
  const BigInt& d = boost::multiprecision::denominator(v);
  if ((n != 0 && boost::multiprecision::msb(abs(n)) >= Exact::kMaxBits) ||
      boost::multiprecision::msb(d) >= Exact::kMaxBits) {
    throw OverflowError("number too large (more than " + std::to_string(Exact::kMaxBits) +
                        " bits)");
  }
}

// Integer quotient of n/d (d > 0) rounded under `mode`.
i128 divide_rounded(i128 n, i128 d, RoundingMode mode) {
  i128 q = n / d, r = n % d;
  if (r == 0) return q;
  int sign = n < 0 ? -1 : 1;
  i128 twice = (r < 0 ? -r : r) * 2;
  switch (mode) {
    case RoundingMode::down: return q;
    case RoundingMode::up: return q + sign;
    case RoundingMode::ceiling: return r > 0 ? q + 1 : q;
    case RoundingMode::floor: return r < 0 ? q - 1 : q;
    case RoundingMode::half_up: return twice >= d ? q + sign : q;
    case RoundingMode::half_down: return twice > d ? q + sign : q;
    case RoundingMode::half_even:
      if (twice > d) return q + sign;
      if (twice < d) return q;
      return (q % 2 != 0) ? q + sign : q;
  }
  return q;
}

BigInt divide_rounded_big(const BigInt& n, const BigInt& d, RoundingMode mode) {
  BigInt q = n / d, r = n % d;  // truncating, r has the sign of n
  if (r == 0) return q;
  int sign = n < 0 ? -1 : 1;
  BigInt twice = abs(r) * 2;
  switch (mode) {
    case RoundingMode::down: return q;
    case RoundingMode::up: return q + sign;
    case RoundingMode::ceiling: return r > 0 ? BigInt(q + 1) : q;
    case RoundingMode::floor: return r < 0 ? BigInt(q - 1) : q;
    case RoundingMode::half_up: return twice >= d ? BigInt(q + sign) : q;
    case RoundingMode::half_down: return twice > d ? BigInt(q + sign) : q;
    case RoundingMode::half_even:
      if (twice > d) return q + sign;
      if (twice < d) return q;
      return (q % 2 != 0) ? BigInt(q + sign) : q;
  }
  return q;
}

}  // namespace

std::optional<RoundingMode> rounding_mode_from_name(std::string_view name) {
  if (name == "half_up" || name == "四舍五入") return RoundingMode::half_up;
  if (name == "half_even" || name == "银行家舍入") return RoundingMode::half_even;
  if (name == "half_down") return RoundingMode::half_down;
  if (name == "up" || name == "进一" || name == "进一法") return RoundingMode::up;
  if (name == "down" || name == "去尾" || name == "去尾法") return RoundingMode::down;
  if (name == "ceiling") return RoundingMode::ceiling;
  if (name == "floor") return RoundingMode::floor;
  return std::nullopt;
}

const char* rounding_mode_name(RoundingMode mode) {
  switch (mode) {
    case RoundingMode::half_up: return "half_up";
    case RoundingMode::half_even: return "half_even";
    case RoundingMode::half_down: return "half_down";
    case RoundingMode::up: return "up";
    case RoundingMode::down: return "down";
    case RoundingMode::ceiling: return "ceiling";
    case RoundingMode::floor: return "floor";
  }
  return "?";
}

Exact Exact::fraction(int64_t num, int64_t den) {
  if (den == 0) throw DivisionByZero("division by zero");
  if (den < 0) {
    if (num == INT64_MIN || den == INT64_MIN) return from_big(BigRational(num) / BigRational(den));
    num = -num;
    den = -den;
  }
  return Exact(num, den);
}

Exact Exact::from_big(const BigRational& value) {
  check_bits(value);
  const BigInt& n = boost::multiprecision::numerator(value);
  const BigInt& d = boost::multiprecision::denominator(value);
  if (n >= INT64_MIN && n <= INT64_MAX && d <= INT64_MAX) {
    return Exact(static_cast<int64_t>(n), static_cast<int64_t>(d));
  }
  Exact e;
  e.big_ = std::make_shared<const BigRational>(value);
  return e;
}

int written_digits(std::string_view text) {
  size_t dot = text.find('.');
  return dot == std::string_view::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

int64_t power_of_ten(int n) { return kPow10[n]; }

Exact Exact::from_fixed(int64_t value, int scale) { return Exact(value, kPow10[scale]); }

std::optional<Exact> Exact::parse(std::string_view text) {
  size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  size_t int_start = i;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  size_t int_digits = i - int_start;
  size_t frac_start = i, frac_digits = 0;
  if (i < text.size() && text[i] == '.') {
    frac_start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    frac_digits = i - frac_start;
    if (frac_digits == 0) return std::nullopt;
  }
  if (i != text.size() || int_digits == 0) return std::nullopt;
  if (int_digits + frac_digits <= 18) {
    int64_t v = 0;
    for (size_t k = int_start; k < int_start + int_digits; ++k) v = v * 10 + (text[k] - '0');
    for (size_t k = frac_start; k < frac_start + frac_digits; ++k) v = v * 10 + (text[k] - '0');
    return Exact(negative ? -v : v, kPow10[frac_digits]);
  }
  std::string digits(text.substr(int_start, int_digits));
  digits += text.substr(frac_start, frac_digits);
  // Leading zeros must go: Boost reads "0…" as octal.
  size_t first = digits.find_first_not_of('0');
  digits.erase(0, first == std::string::npos ? digits.size() - 1 : first);
  // Beyond kMaxBits (2^256 is about 1.2e77), numerator or denominator.
  if (digits.size() > 78 || frac_digits > 78) return std::nullopt;
  BigInt n(digits);
  BigInt d = boost::multiprecision::pow(BigInt(10), static_cast<unsigned>(frac_digits));
  BigRational v(n, d);
  try {
    return from_big(negative ? BigRational(-v) : v);
  } catch (const OverflowError&) {  // within 78 digits but still over kMaxBits
    return std::nullopt;
  }
}

BigRational Exact::to_big() const {
  if (is_big()) return *big_;
  return BigRational(BigInt(num_), BigInt(den_));
}

Exact operator+(const Exact& a, const Exact& b) {
  if (!a.is_big() && !b.is_big()) {
    int64_t n, d;
    if (a.den_ == b.den_) {
      if (!__builtin_add_overflow(a.num_, b.num_, &n)) return Exact(n, a.den_);
    } else {
      i128 num = static_cast<i128>(a.num_) * b.den_ + static_cast<i128>(b.num_) * a.den_;
      i128 den = static_cast<i128>(a.den_) * b.den_;
      if (a.den_ % b.den_ == 0) {
        num = static_cast<i128>(a.num_) + static_cast<i128>(b.num_) * (a.den_ / b.den_);
        den = a.den_;
      } else if (b.den_ % a.den_ == 0) {
        num = static_cast<i128>(b.num_) + static_cast<i128>(a.num_) * (b.den_ / a.den_);
        den = b.den_;
      }
      if (make_fast(num, den, n, d)) return Exact(n, d);
    }
  }
  return Exact::from_big(a.to_big() + b.to_big());
}

Exact Exact::operator-() const {
  if (!is_big() && num_ != INT64_MIN) return Exact(-num_, den_);
  return from_big(-to_big());
}

Exact operator-(const Exact& a, const Exact& b) { return a + (-b); }

Exact operator*(const Exact& a, const Exact& b) {
  if (!a.is_big() && !b.is_big()) {
    int64_t n, d;
    if (b.den_ == 1 && !__builtin_mul_overflow(a.num_, b.num_, &n)) return Exact(n, a.den_);
    if (a.den_ == 1 && !__builtin_mul_overflow(a.num_, b.num_, &n)) return Exact(n, b.den_);
    i128 num = static_cast<i128>(a.num_) * b.num_;
    i128 den = static_cast<i128>(a.den_) * b.den_;
    if (make_fast(num, den, n, d)) return Exact(n, d);
  }
  return Exact::from_big(a.to_big() * b.to_big());
}

Exact operator/(const Exact& a, const Exact& b) {
  if (b.is_zero()) throw DivisionByZero("division by zero");
  if (!a.is_big() && !b.is_big()) {
    i128 num = static_cast<i128>(a.num_) * b.den_;
    i128 den = static_cast<i128>(a.den_) * b.num_;
    if (den < 0) {
      num = -num;
      den = -den;
    }
    int64_t n, d;
    // Reduce quotients eagerly: a ratio such as gap/standard feeds further
    // arithmetic, and a reduced denominator keeps that on the fast path.
    if (fits64(num) && fits64(den) && num != INT64_MIN) {
      int64_t g = std::gcd(static_cast<int64_t>(num), static_cast<int64_t>(den));
      if (g > 1) return Exact(static_cast<int64_t>(num) / g, static_cast<int64_t>(den) / g);
      return Exact(static_cast<int64_t>(num), static_cast<int64_t>(den));
    }
    i128 x = gcd128(num, den);
    if (x > 1) {
      num /= x;
      den /= x;
    }
    if (make_fast(num, den, n, d)) return Exact(n, d);
  }
  return Exact::from_big(a.to_big() / b.to_big());
}

int compare(const Exact& a, const Exact& b) {
  if (!a.is_big() && !b.is_big()) {
    if (a.den_ == b.den_) return a.num_ < b.num_ ? -1 : (a.num_ > b.num_ ? 1 : 0);
    i128 l = static_cast<i128>(a.num_) * b.den_;
    i128 r = static_cast<i128>(b.num_) * a.den_;
    return l < r ? -1 : (l > r ? 1 : 0);
  }
  BigRational x = a.to_big(), y = b.to_big();
  return x < y ? -1 : (x > y ? 1 : 0);
}

int Exact::sign() const {
  if (is_big()) return big_->sign();
  return num_ < 0 ? -1 : (num_ > 0 ? 1 : 0);
}

bool Exact::is_integer() const {
  if (is_big()) return boost::multiprecision::denominator(*big_) == 1;
  return den_ == 1 || num_ % den_ == 0;
}

Exact Exact::round(const Exact& unit, RoundingMode mode) const {
  if (unit.sign() <= 0) throw std::invalid_argument("rounding unit must be positive");
  if (!is_big() && !unit.is_big()) {
    // value / unit = (num * unit.den) / (den * unit.num)
    i128 n = static_cast<i128>(num_) * unit.den_;
    i128 d = static_cast<i128>(den_) * unit.num_;
    i128 q = divide_rounded(n, d, mode);
    // q * unit = q * unit.num / unit.den
    i128 rn;
    if (!__builtin_mul_overflow(q, static_cast<i128>(unit.num_), &rn)) {
      int64_t on, od;
      if (make_fast(rn, unit.den_, on, od)) return Exact(on, od);
    }
  }
  BigRational v = to_big(), u = unit.to_big();
  BigRational ratio = v / u;
  BigInt q = divide_rounded_big(boost::multiprecision::numerator(ratio),
                                boost::multiprecision::denominator(ratio), mode);
  return from_big(BigRational(q) * u);
}

bool Exact::fits_scale(int scale) const {
  if (scale < 0) return false;
  if (!is_big() && scale <= 18) {
    if (kPow10[scale] % den_ == 0) return true;  // the common case: den is 1, 10 or 100
    i128 scaled = static_cast<i128>(num_) * kPow10[scale];
    return scaled % den_ == 0;
  }
  BigRational v = to_big() * BigRational(boost::multiprecision::pow(BigInt(10), scale));
  return boost::multiprecision::denominator(v) == 1;
}

std::optional<std::string> Exact::to_fixed(int scale) const {
  if (!fits_scale(scale)) return std::nullopt;
  std::string digits;
  bool negative;
  int64_t scaled;
  if (!is_big() && scale <= 18 && kPow10[scale] % den_ == 0 &&
      !__builtin_mul_overflow(num_, kPow10[scale] / den_, &scaled) && scaled != INT64_MIN) {
    // Fast path: the scaled value is an int64.
    negative = scaled < 0;
    char buffer[24];
    auto end = std::to_chars(buffer, buffer + sizeof buffer, negative ? -scaled : scaled).ptr;
    digits.assign(buffer, end);
  } else if (!is_big() && scale <= 18) {
    i128 v = static_cast<i128>(num_) * kPow10[scale] / den_;
    negative = v < 0;
    if (negative) v = -v;
    do {
      digits.push_back(static_cast<char>('0' + static_cast<int>(v % 10)));
      v /= 10;
    } while (v != 0);
    std::reverse(digits.begin(), digits.end());
  } else {
    BigRational v = to_big() * BigRational(boost::multiprecision::pow(BigInt(10), scale));
    BigInt n = boost::multiprecision::numerator(v);
    negative = n < 0;
    digits = BigInt(abs(n)).str();
  }
  if (static_cast<int>(digits.size()) <= scale) {
    digits.insert(0, static_cast<size_t>(scale) + 1 - digits.size(), '0');
  }
  if (scale > 0) digits.insert(digits.size() - static_cast<size_t>(scale), ".");
  if (negative) digits.insert(0, "-");
  return digits;
}

std::string Exact::to_string() const {
  for (int scale = 0; scale <= 30; ++scale) {
    if (fits_scale(scale)) return *to_fixed(scale);
  }
  BigRational v = to_big();
  return boost::multiprecision::numerator(v).str() + "/" +
         boost::multiprecision::denominator(v).str();
}

std::optional<int64_t> Exact::to_int64() const {
  if (is_big()) return std::nullopt;
  if (den_ == 1) return num_;
  if (num_ % den_ != 0) return std::nullopt;
  return num_ / den_;
}

std::optional<int64_t> Exact::scaled(int scale) const {
  if (is_big() || scale < 0 || scale > 18) return std::nullopt;
  int64_t factor = kPow10[scale];
  if (den_ == factor) return num_;  // already fixed point at this scale
  if (factor % den_ == 0) {  // the common case: den is 1, 10 or 100
    int64_t out;
    if (__builtin_mul_overflow(num_, factor / den_, &out)) return std::nullopt;
    return out;
  }
  i128 v = static_cast<i128>(num_) * factor;
  if (v % den_ != 0) return std::nullopt;
  v /= den_;
  if (!fits64(v)) return std::nullopt;
  return static_cast<int64_t>(v);
}

void ExactSum::add(const Exact& x) {
  constexpr __int128 kLimit = static_cast<__int128>(1) << 120;  // far from overflow
  if (!x.is_big() && (den_ == 0 || x.den_ == den_) && num_ < kLimit && num_ > -kLimit) {
    den_ = x.den_;
    num_ += x.num_;
    return;
  }
  rest_ = rest_ + x;
}

void ExactSum::add_scaled(int64_t value, int scale) {
  constexpr __int128 kLimit = static_cast<__int128>(1) << 120;
  int64_t den = kPow10[scale];
  if ((den_ == 0 || den_ == den) && num_ < kLimit && num_ > -kLimit) {
    den_ = den;
    num_ += value;
    return;
  }
  rest_ = rest_ + Exact::from_fixed(value, scale);
}

Exact ExactSum::value() const {
  if (den_ == 0) return rest_;
  if (num_ >= INT64_MIN && num_ <= INT64_MAX) return rest_ + Exact::fraction(static_cast<int64_t>(num_), den_);
  bool negative = num_ < 0;
  unsigned __int128 magnitude = negative ? -static_cast<unsigned __int128>(num_) : static_cast<unsigned __int128>(num_);
  BigInt n = static_cast<uint64_t>(magnitude >> 64);
  n <<= 64;
  n += static_cast<uint64_t>(magnitude);
  if (negative) n = -n;
  return rest_ + Exact::from_big(BigRational(n, BigInt(den_)));
}

}  // namespace doudi
