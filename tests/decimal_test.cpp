// Decimal (api/decimal.cpp): exact text, scale, unscaled value, exact sums.
#include <doctest/doctest.h>

#include <sstream>

#include "doudi/decimal.h"

using doudi::api::Decimal;

TEST_CASE("decimal: parses plain decimals and keeps their written scale") {
  CHECK(Decimal::parse("990.00")->to_string() == "990.00");
  CHECK(Decimal::parse("990.00")->scale() == 2);
  CHECK(Decimal::parse("-0.50")->to_string() == "-0.50");
  CHECK(Decimal::parse("+7")->to_string() == "7");
  CHECK(Decimal::parse("7")->scale() == 0);
  CHECK(Decimal::parse("0.5")->to_string() == "0.5");
  for (const char* bad : {"", "-", "1.", ".5", "-.5", "1e3", "1,000", " 1", "1.2.3", "abc", "0x10"}) {
    INFO(bad);
    CHECK_FALSE(Decimal::parse(bad).has_value());
  }
}

TEST_CASE("decimal: unscaled value at its scale") {
  CHECK(Decimal::parse("990.00")->unscaled() == 99000);
  CHECK(Decimal::parse("-0.05")->unscaled() == -5);
  CHECK(Decimal::parse("99999999999999999999.00")->unscaled() == std::nullopt);  // beyond int64
}

TEST_CASE("decimal: sums are exact where binary floating point is not") {
  // 0.1 + 0.2 is 0.30000000000000004 in binary floating point.
  Decimal sum = *Decimal::parse("0.1") + *Decimal::parse("0.2");
  CHECK(sum.to_string() == "0.3");
  CHECK(sum == *Decimal::parse("0.30"));
  // Ten thousand times 0.01 is exactly 100.00.
  Decimal total;
  for (int i = 0; i < 10000; ++i) total += *Decimal::parse("0.01");
  CHECK(total.to_string() == "100.00");
  CHECK((*Decimal::parse("5") - *Decimal::parse("7.25")).to_string() == "-2.25");
  CHECK(*Decimal::parse("-2.25") < *Decimal::parse("-2.2"));
  CHECK_FALSE(*Decimal::parse("1.5") < *Decimal::parse("1.50"));
  // Beyond int64: still exact.
  Decimal big = *Decimal::parse("9223372036854775807.99") + *Decimal::parse("0.01");
  CHECK(big.to_string() == "9223372036854775808.00");
}

TEST_CASE("decimal: every comparison and streaming") {
  auto a = *Decimal::parse("1.50"), b = *Decimal::parse("1.5"), c = *Decimal::parse("-2");
  CHECK(a == b);
  CHECK_FALSE(a != b);
  CHECK(c < a);
  CHECK(a > c);
  CHECK(a <= b);
  CHECK(a >= b);
  CHECK(c <= a);
  CHECK_FALSE(c >= a);
  CHECK_FALSE(a > b);
  std::ostringstream out;
  out << a << " " << c;
  CHECK(out.str() == "1.50 -2");
}
