// doudi/decimal.h — an exact decimal number, as doudi's amounts are.
//
// Design note. Amounts never pass through binary floating point: a Decimal is
// the exact decimal text of a value at a fixed number of digits after the
// point ("990.00", "-0.50", "3"), with exact sums and differences, so a caller
// can add up a run's amounts without a float anywhere.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace doudi::api {

class Decimal {
 public:
  Decimal() : text_("0") {}

  // Parses "-12.30", "7", "0.5"; nullopt for anything else (no exponents,
  // no spaces). The scale is the number of digits written after the point.
  [[nodiscard]] static std::optional<Decimal> parse(std::string_view text);

  // The exact text, with scale() digits after the point.
  const std::string& to_string() const { return text_; }
  // Digits after the decimal point.
  int scale() const { return scale_; }
  // The value times 10^scale() ("990.00" -> 99000), nullopt beyond int64.
  [[nodiscard]] std::optional<std::int64_t> unscaled() const;

  // Exact arithmetic; the result has the larger of the two scales.
  friend Decimal operator+(const Decimal& a, const Decimal& b);
  friend Decimal operator-(const Decimal& a, const Decimal& b);
  Decimal& operator+=(const Decimal& b) { return *this = *this + b; }
  // Compares values: 1.5 == 1.50, -0.5 < 0.
  friend bool operator==(const Decimal& a, const Decimal& b);
  friend bool operator<(const Decimal& a, const Decimal& b);
  friend bool operator!=(const Decimal& a, const Decimal& b) { return !(a == b); }
  friend bool operator>(const Decimal& a, const Decimal& b) { return b < a; }
  friend bool operator<=(const Decimal& a, const Decimal& b) { return !(b < a); }
  friend bool operator>=(const Decimal& a, const Decimal& b) { return !(a < b); }
  // Writes the exact text ("990.00").
  friend std::ostream& operator<<(std::ostream& out, const Decimal& d) { return out << d.text_; }

 private:
  Decimal(std::string text, int scale) : text_(std::move(text)), scale_(scale) {}
  std::string text_;
  int scale_ = 0;
};

}  // namespace doudi::api
