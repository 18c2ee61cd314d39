// Settings: `--set NAME=VALUE`, a table cell or a constant rule changed in a
// version of a policy, the result checked again as an amendment of it (a
// what-if's alternative, like a reform file: dsl/reform.h).
#pragma once

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/in_force.h"
#include "dsl/model.h"

namespace doudi {

// Bad usage of a study's options (a --set that names no cell, a value that
// does not fit, a version that does not exist): the command exits 2 with the
// message.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// `--set NAME=VALUE`: NAME is a table cell `TABLE[KEY, KEY]` (spaces around
// the commas are free), a table without keys `TABLE`, or a rule that needs no
// household (a constant of the standards); VALUE is a plain number, or n/a
// for a table cell.
struct Setting {
  std::string target;  // "dibao_standard[一类地区, urban]", trimmed
  std::string value;   // "660"
};

// Splits "NAME=VALUE" at its last '='. Throws UsageError.
Setting parse_setting(const std::string& text);

// `base` (a version of `set`) with `settings` applied, checked again as an
// amendment of it (its version is the base's with "+set"). A rule may be set
// only when `needs_no_household(rule)` (the evaluator knows). Throws
// UsageError naming the table, the key and its values when an address is
// wrong, or the value does not fit the table's type; PolicyError when the
// changed policy does not check.
model::Model amend_with_settings(const PolicySet& set, const model::Model& base,
                                 const std::vector<Setting>& settings,
                                 const std::function<bool(int rule)>& needs_no_household);

// The version whose `version` text is `version`; throws UsageError listing
// the versions when there is none.
const model::Model& find_version(const PolicySet& set, const std::string& version);

}  // namespace doudi
