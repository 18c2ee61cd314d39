// Calendar dates <-> day numbers (Howard Hinnant's civil-date algorithms).
#include "base/date.h"

#include <algorithm>
#include <chrono>

#include <fmt/format.h>

namespace doudi {

std::optional<int> parse_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](size_t from, size_t n, int& out) {
    out = 0;
    for (size_t i = from; i < from + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return false;
      out = out * 10 + (s[i] - '0');
    }
    return true;
  };
  int y, m, d;
  if (!digits(0, 4, y) || !digits(5, 2, m) || !digits(8, 2, d)) return std::nullopt;
  if (m < 1 || m > 12 || d < 1) return std::nullopt;
  if (d > days_in_month(y, m)) return std::nullopt;
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

CivilDate civil_from_days(int z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y0 = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y0 + (m <= 2), static_cast<int>(m), static_cast<int>(d)};
}

int days_in_month(int y, int m) {
  static const int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return kDays[m - 1] + (m == 2 && leap ? 1 : 0);
}

int add_months(int day, int months) {
  CivilDate c = civil_from_days(day);
  long total = static_cast<long>(c.year) * 12 + (c.month - 1) + months;
  int y = static_cast<int>(total >= 0 ? total / 12 : (total - 11) / 12);
  int m = static_cast<int>(total - static_cast<long>(y) * 12) + 1;
  int d = std::min(c.day, days_in_month(y, m));
  return days_from_civil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

int whole_years(int from, int to) {
  CivilDate a = civil_from_days(from), b = civil_from_days(to);
  int years = b.year - a.year;
  if (b.month < a.month || (b.month == a.month && b.day < a.day)) --years;
  return years;
}

std::string format_date(int z) {
  CivilDate c = civil_from_days(z);
  return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
}

int today() {
  using namespace std::chrono;
  return static_cast<int>(duration_cast<days>(system_clock::now().time_since_epoch()).count());
}

}  // namespace doudi
