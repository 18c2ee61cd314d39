// Values at the boundary: reading a household field's text as a typed value,
// and writing a result as text. Both directions are exact (see exact.h for how
// non-numeric values are coded as integers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/date.h"
#include "dsl/model.h"
#include "base/exact.h"

namespace doudi {

// A date a household file gives must lie in [1900-01-01, 2200-12-31]: a
// birth in 9999 or 0001 is a typing slip, refused even where no rule reads it.
constexpr int kEarliestDataDay = days_from_civil(1900, 1, 1);
constexpr int kLatestDataDay = days_from_civil(2200, 12, 31);
inline bool date_in_data_range(int day) { return day >= kEarliestDataDay && day <= kLatestDataDay; }

// Parses `text` as a value of `type`. On failure returns nullopt and sets
// `why` to a plain-words reason ("'abc' is not an integer").
std::optional<Exact> parse_value(const model::Model& m, const model::Type& type,
                                 std::string_view text, std::string& why);

// Parses a household or member input's value: parse_value for its type, then
// its `at least` / `at most` bounds ("-3 is below the least the policy
// allows for 'members' (at least 1)").
std::optional<Exact> parse_input_value(const model::Model& m, const model::Input& in,
                                       std::string_view text, std::string& why);

// The text of a value: an amount at `scale` digits ("990.00"), an
// enumeration's value name ("severe"), a district's name, a date, true/false.
// Throws std::logic_error when a number does not fit `scale` (the checker
// rules that out for outputs).
std::string format_value(const model::Model& m, const model::Type& type, const Exact& value,
                         int scale);

}  // namespace doudi
