// Back pay (arrears): when a raise takes effect retroactively, what each
// household was due month by month under the version in force on each
// month's first day, against what it was paid under one version.
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "dsl/in_force.h"
#include "interpreter/studies/whatif.h"

namespace doudi {

// "2020-07" -> months since year 0 (year * 12 + month - 1). Throws WhatIfError.
int parse_month(const std::string& text);
std::string month_text(int month);

struct ArrearsMonth {
  int month = 0;                 // as parse_month
  const model::Model* due_version = nullptr;
  Exact due, paid, difference;   // difference = due - paid
  Exact owed;                    // max(difference, 0): no claw-back
};

struct ArrearsHousehold {
  std::string id;
  std::string region;
  std::vector<ArrearsMonth> months;
  Exact due, paid, difference, owed;  // totals over the months
};

struct ArrearsTotals {
  long households = 0, rejected = 0;
  long overpaid_months = 0;  // months where paid > due (owed 0, not clawed back)
  Exact due, paid, difference, owed;
  int scale = 2;
};

// For every month from `from` to `to` (inclusive, as parse_month), the
// amount due is the benefit under the version in force on the first day of
// that month (a version taking effect later in a month is due from the next
// month: no part months), and the amount paid is the benefit under `paid`.
// Calls `each` per household. Throws PolicyError when a month has no version
// in force, WhatIfError when `from` is after `to`.
ArrearsTotals run_arrears(const PolicySet& set, const model::Model& paid, int from, int to,
                          const std::vector<std::string>& files, std::ostream& errors,
                          const std::function<void(const ArrearsHousehold&)>& each);

}  // namespace doudi
