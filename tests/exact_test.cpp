// Tests for base/exact.cpp: exact arithmetic, every rounding mode at
// ties and for negatives, large values through the Boost path, overflow.
#include <doctest/doctest.h>

#include "base/exact.h"

using doudi::Exact;
using doudi::RoundingMode;

namespace {
Exact E(const char* s) { return *Exact::parse(s); }
std::string R(const char* v, const char* unit, RoundingMode m) {
  return E(v).round(E(unit), m).to_string();
}
}  // namespace

TEST_CASE("exact: parse and print") {
  CHECK(E("630").to_string() == "630");
  CHECK(E("900.50").to_fixed(2) == "900.50");
  CHECK(E("-0.5").to_fixed(1) == "-0.5");
  CHECK(E("0.01").to_fixed(4) == "0.0100");
  CHECK_FALSE(Exact::parse("1e3").has_value());
  CHECK_FALSE(Exact::parse("1,000").has_value());
  CHECK_FALSE(Exact::parse(".5").has_value());
  CHECK_FALSE(Exact::parse("5.").has_value());
  CHECK_FALSE(Exact::parse("").has_value());
  CHECK_FALSE(E("333.333").to_fixed(2).has_value());  // would need rounding
}

TEST_CASE("exact: arithmetic is exact where binary floating point is not") {
  CHECK((E("0.1") + E("0.2")) == E("0.3"));
  CHECK((E("630") - E("333.33")).to_string() == "296.67");
  CHECK((E("296.67") * Exact::from_int(3)).to_string() == "890.01");
  Exact third = Exact::from_int(1) / Exact::from_int(3);
  CHECK(third.to_string() == "1/3");
  CHECK((third * Exact::from_int(3)) == Exact::from_int(1));
  CHECK((E("1000") / Exact::from_int(3)).to_string() == "1000/3");
  CHECK_THROWS_AS(E("1") / E("0"), doudi::DivisionByZero);
}

TEST_CASE("exact: half_up rounds ties away from zero (四舍五入)") {
  CHECK(R("2.345", "0.01", RoundingMode::half_up) == "2.35");
  CHECK(R("2.344", "0.01", RoundingMode::half_up) == "2.34");
  CHECK(R("-2.345", "0.01", RoundingMode::half_up) == "-2.35");
  CHECK(R("0.5", "1", RoundingMode::half_up) == "1");
  CHECK(R("-0.5", "1", RoundingMode::half_up) == "-1");
  CHECK(Exact::fraction(1000, 3).round(E("0.01"), RoundingMode::half_up).to_string() == "333.33");
  CHECK(Exact::fraction(2000, 3).round(E("0.01"), RoundingMode::half_up).to_string() == "666.67");
}

TEST_CASE("exact: half_even rounds ties to the even multiple") {
  CHECK(R("2.345", "0.01", RoundingMode::half_even) == "2.34");
  CHECK(R("2.355", "0.01", RoundingMode::half_even) == "2.36");
  CHECK(R("-2.345", "0.01", RoundingMode::half_even) == "-2.34");
  CHECK(R("2.3451", "0.01", RoundingMode::half_even) == "2.35");
  CHECK(R("0.5", "1", RoundingMode::half_even) == "0");
  CHECK(R("1.5", "1", RoundingMode::half_even) == "2");
}

TEST_CASE("exact: half_down rounds ties toward zero") {
  CHECK(R("2.345", "0.01", RoundingMode::half_down) == "2.34");
  CHECK(R("2.3451", "0.01", RoundingMode::half_down) == "2.35");
  CHECK(R("-2.345", "0.01", RoundingMode::half_down) == "-2.34");
}

TEST_CASE("exact: up (进一) and down (去尾) go away from and toward zero") {
  CHECK(R("642.2", "1", RoundingMode::up) == "643");  // Jinan: 1.3 x 494 rounded up to the yuan
  CHECK(R("642.0", "1", RoundingMode::up) == "642");
  CHECK(R("-642.2", "1", RoundingMode::up) == "-643");
  CHECK(R("642.9", "1", RoundingMode::down) == "642");
  CHECK(R("-642.9", "1", RoundingMode::down) == "-642");
}

TEST_CASE("exact: ceiling and floor go toward +/- infinity") {
  CHECK(R("-642.2", "1", RoundingMode::ceiling) == "-642");
  CHECK(R("-642.2", "1", RoundingMode::floor) == "-643");
  CHECK(R("642.2", "1", RoundingMode::ceiling) == "643");
  CHECK(R("642.2", "1", RoundingMode::floor) == "642");
}

TEST_CASE("exact: rounding to 10 yuan — 0.1 and 0.5") {
  CHECK(R("1234.5", "10", RoundingMode::half_up) == "1230");
  CHECK(R("1235", "10", RoundingMode::half_up) == "1240");
  CHECK(R("32.05", "0.1", RoundingMode::half_up) == "32.1");
  CHECK(R("1.26", "0.5", RoundingMode::half_up) == "1.5");
  CHECK(R("1.24", "0.5", RoundingMode::half_up) == "1");
}

TEST_CASE("exact: rounding modes by name — English and Chinese") {
  CHECK(doudi::rounding_mode_from_name("四舍五入") == RoundingMode::half_up);
  CHECK(doudi::rounding_mode_from_name("进一") == RoundingMode::up);
  CHECK(doudi::rounding_mode_from_name("去尾") == RoundingMode::down);
  CHECK(doudi::rounding_mode_from_name("half_even") == RoundingMode::half_even);
  CHECK_FALSE(doudi::rounding_mode_from_name("nearest").has_value());
}

TEST_CASE("exact: large values leave int64 and stay exact") {
  Exact big = E("9223372036854775807");  // INT64_MAX
  Exact sum = big + Exact::from_int(1);
  CHECK(sum.to_string() == "9223372036854775808");
  CHECK((sum - Exact::from_int(1)) == big);
  Exact product = E("123456789012345678") * E("1000000000000");
  CHECK(product.to_string() == "123456789012345678000000000000");
  CHECK((product / E("1000000000000")) == E("123456789012345678"));
  CHECK(E("12345678901234567890.12").to_fixed(2) == "12345678901234567890.12");
  CHECK(E("12345678901234567890.125").round(E("0.01"), RoundingMode::half_up).to_string() ==
        "12345678901234567890.13");
  CHECK(compare(E("-99999999999999999999"), E("1")) < 0);
}

TEST_CASE("exact: overflow is an error — never a wrap") {
  Exact v = E("1000000000000000000000000");  // 10^24
  Exact x = v;
  CHECK_THROWS_AS(
      {
        for (int i = 0; i < 10; ++i) x = x * v;  // 10^264 needs more than 256 bits
      },
      doudi::OverflowError);
  Exact tiny = Exact::from_int(1);
  CHECK_THROWS_AS(
      {
        for (int i = 0; i < 100; ++i) tiny = tiny / Exact::from_int(7);
      },
      doudi::OverflowError);
}

TEST_CASE("exact: comparisons across representations") {
  CHECK(Exact::fraction(1, 2) == E("0.5"));
  CHECK(Exact::fraction(2, 4) == E("0.50"));
  CHECK(E("475") > E("474.99"));
  CHECK(Exact::fraction(-1, 3) < Exact::from_int(0));
  CHECK(Exact::fraction(1, -3) == Exact::fraction(-1, 3));
  CHECK(E("0.00").is_zero());
  CHECK(E("2.50").is_integer() == false);
  CHECK(E("2.00").is_integer());
  CHECK(E("-7").to_int64() == -7);
}

TEST_CASE("exact: long numbers with leading zeros are decimal — not octal") {
  // Found by fuzzing: more than 18 digits went to Boost, which reads a
  // leading 0 as octal.
  CHECK(Exact::parse("0000000000000000000012.5")->to_string() == "12.5");
  CHECK(Exact::parse("012345678901234567890")->to_string() == "12345678901234567890");
  CHECK(Exact::parse("0.0000000000000000000009")->to_string() == "0.0000000000000000000009");
  CHECK(Exact::parse("-00000000000000000000089")->to_string() == "-89");
}

TEST_CASE("exact: ExactSum gives the same total as adding with +") {
  doudi::ExactSum sum;
  Exact plain;
  const char* values[] = {"990.00", "0.5", "-12.25", "1/3", "630", "0.01", "-0.01", "7.125"};
  for (int round = 0; round < 1000; ++round)
    for (const char* v : values) {
      Exact x = std::string(v) == "1/3" ? Exact::fraction(1, 3) : *Exact::parse(v);
      sum.add(x);
      plain = plain + x;
    }
  CHECK(sum.value() == plain);
  doudi::ExactSum empty;
  CHECK(empty.value().is_zero());
  // Beyond int64: the 128-bit numerator carries it exactly.
  doudi::ExactSum big;
  Exact large = Exact::fraction(INT64_MAX / 2, 100);
  for (int i = 0; i < 8; ++i) big.add(large);
  CHECK(big.value() == large * Exact::from_int(8));
}

TEST_CASE("exact: parse refuses a number beyond the supported size instead of throwing") {
  // Found by fuzz_household: a long field threw OverflowError out of the reader.
  std::string big(77, '9');
  CHECK(Exact::parse(big));  // 10^77 - 1 < 2^256: fits
  CHECK_FALSE(Exact::parse(std::string(78, '9')));
  CHECK_FALSE(Exact::parse(std::string(100, '9')));
  CHECK_FALSE(Exact::parse("0." + std::string(90, '0') + "1"));  // the denominator is too large
  CHECK_FALSE(Exact::parse("1." + std::string(120, '5')));
  CHECK(Exact::parse("0." + std::string(70, '0') + "1"));
}
