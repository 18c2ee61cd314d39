// Calendar dates as day numbers (days since 1970-01-01, proleptic Gregorian),
// so that comparing and subtracting dates is integer arithmetic.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace doudi {

// Day number of a valid calendar date.
constexpr int days_from_civil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

// Parses "YYYY-MM-DD" (a real date: no 2021-02-29). nullopt otherwise.
std::optional<int> parse_date(std::string_view text);

struct CivilDate {
  int year = 1970, month = 1, day = 1;
};

// The calendar date of a day number.
CivilDate civil_from_days(int days);

// Days in month `m` (1-12) of year `y`.
int days_in_month(int y, int m);

// The same day of the month `months` later (or earlier, when negative); a day
// the target month lacks becomes its last day: 2020-01-31 + 1 month = 2020-02-29.
int add_months(int day, int months);

// Whole years from `from` to `to` (to >= from): the anniversary counts on its
// day, so a birthday on `to` completes the year; a 29 February anniversary
// counts from 1 March in a year without one.
int whole_years(int from, int to);

// "YYYY-MM-DD" for a day number.
std::string format_date(int days);

// Today as a day number (UTC): the date commands use when --date is omitted.
int today();

}  // namespace doudi
