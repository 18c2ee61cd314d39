// Tests for dsl/date.cpp: calendar dates and day numbers.
#include <doctest/doctest.h>

#include "dsl/date.h"

using namespace doudi;

TEST_CASE("date: parse and format round-trip") {
  CHECK(parse_date("1970-01-01") == 0);
  CHECK(parse_date("2020-07-01") == 18444);
  CHECK(format_date(18444) == "2020-07-01");
  CHECK(format_date(*parse_date("2020-02-29")) == "2020-02-29");
  CHECK(*parse_date("2020-07-01") - *parse_date("2020-06-30") == 1);
}

TEST_CASE("date: impossible dates are refused") {
  CHECK_FALSE(parse_date("2021-02-29").has_value());
  CHECK_FALSE(parse_date("2020-13-01").has_value());
  CHECK_FALSE(parse_date("2020-7-1").has_value());
  CHECK_FALSE(parse_date("20200701").has_value());
  CHECK_FALSE(parse_date("1900-02-29").has_value());
  CHECK(parse_date("2000-02-29").has_value());
}
