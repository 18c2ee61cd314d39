// Values at the boundary: reading a household field's text as a typed value,
// and writing a result as text. Both directions are exact (see exact.h for how
// non-numeric values are coded as integers).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "dsl/model.h"
#include "base/exact.h"

namespace doudi {

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
