// Checking a version's `require` rules cell by cell: which rules are in
// force in a version, every combination of the values a rule ranges over,
// and the words for where a check is made. Shared by `doudi check` and the
// policy document (policy_doc.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/loader.h"

namespace doudi {

// The last day version `i` is in force: its `ends`, else the day before the next.
std::optional<int> last_day(const PolicySet& set, size_t i);

// Whether `inv` is in force at some time in [first, last].
bool invariant_applies(const model::Invariant& inv, int first, std::optional<int> last);

// "region 一类地区, hukou urban" for one combination of the ranges' values.
std::string where_text(const model::Model& m, const model::Invariant& inv, const std::vector<int64_t>& values);

// Calls `each` with every combination of the ranges' values (once, with none,
// when the rule ranges over nothing).
template <typename F>
void for_each_combination(const model::Invariant& inv, F each) {
  std::vector<int64_t> values(inv.ranges.size(), 0);
  for (;;) {
    each(values);
    size_t k = values.size();
    while (k > 0) {
      --k;
      if (++values[k] < inv.ranges[k].size) break;
      values[k] = 0;
      if (k == 0) return;
    }
    if (values.empty()) return;
  }
}

}  // namespace doudi
