// Tests for base/date.cpp: calendar dates and day numbers.
#include <doctest/doctest.h>

#include "base/date.h"

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

TEST_CASE("date: civil_from_days is format_date's calendar date") {
  auto c = civil_from_days(*parse_date("2020-02-29"));
  CHECK(c.year == 2020);
  CHECK(c.month == 2);
  CHECK(c.day == 29);
  CHECK(days_in_month(2020, 2) == 29);
  CHECK(days_in_month(2021, 2) == 28);
  CHECK(days_in_month(1900, 2) == 28);
  CHECK(days_in_month(2020, 12) == 31);
}

TEST_CASE("date: add_months keeps the day — or takes the month's last day") {
  auto d = [](const char* s) { return *parse_date(s); };
  CHECK(format_date(add_months(d("2020-03-15"), 1)) == "2020-04-15");
  CHECK(format_date(add_months(d("2020-01-31"), 1)) == "2020-02-29");
  CHECK(format_date(add_months(d("2021-01-31"), 1)) == "2021-02-28");
  CHECK(format_date(add_months(d("2020-11-30"), 2)) == "2021-01-30");
  CHECK(format_date(add_months(d("2020-03-31"), -1)) == "2020-02-29");
  CHECK(format_date(add_months(d("2020-01-15"), -13)) == "2018-12-15");
}

TEST_CASE("date: whole_years counts a birthday on the day itself") {
  auto d = [](const char* s) { return *parse_date(s); };
  CHECK(whole_years(d("2002-08-01"), d("2020-08-01")) == 18);
  CHECK(whole_years(d("2002-08-02"), d("2020-08-01")) == 17);
  CHECK(whole_years(d("2002-07-31"), d("2020-08-01")) == 18);
  CHECK(whole_years(d("2020-08-01"), d("2020-08-01")) == 0);
  // a 29 February birthday counts from 1 March in other years
  CHECK(whole_years(d("2004-02-29"), d("2022-02-28")) == 17);
  CHECK(whole_years(d("2004-02-29"), d("2022-03-01")) == 18);
  CHECK(whole_years(d("2004-02-29"), d("2024-02-29")) == 20);
}
