// Back pay (see arrears.h).
#include "interpreter/studies/arrears.h"

#include <fmt/format.h>

#include "base/date.h"
#include "interpreter/studies/under_versions.h"

namespace doudi {

int parse_month(const std::string& text) {
  bool ok = text.size() == 7 && text[4] == '-';
  for (size_t i = 0; ok && i < 7; ++i)
    if (i != 4 && (text[i] < '0' || text[i] > '9')) ok = false;
  int year = ok ? std::stoi(text.substr(0, 4)) : 0;
  int month = ok ? std::stoi(text.substr(5, 2)) : 0;
  if (!ok || month < 1 || month > 12)
    throw WhatIfError(fmt::format("'{}' is not a month written YYYY-MM (e.g. 2020-07)", text));
  return year * 12 + month - 1;
}

std::string month_text(int month) { return fmt::format("{:04}-{:02}", month / 12, month % 12 + 1); }

ArrearsTotals run_arrears(const PolicySet& set, const model::Model& paid, int from, int to,
                          const std::vector<std::string>& files, std::ostream& errors,
                          const std::function<void(const ArrearsHousehold&)>& each) {
  if (from > to)
    throw WhatIfError(fmt::format("--from {} is after --to {}", month_text(from), month_text(to)));
  if (to - from >= 1200) throw WhatIfError("the range is longer than 100 years");
  // The version due each month: the one in force on its first day.
  std::vector<const model::Model*> models;
  std::vector<size_t> month_model;
  // A version whose rules read evaluation_date is evaluated on each month's
  // first day (one evaluation per month); others once for the whole range.
  bool dated = model::reads_evaluation_date(paid);
  for (int month = from; month <= to; ++month) {
    int day = days_from_civil(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
    dated = dated || model::reads_evaluation_date(set.in_force(day));
  }
  std::vector<std::optional<int>> dates;
  std::vector<size_t> month_paid;
  auto index_at = [&](const model::Model* m, std::optional<int> day) {
    for (size_t i = 0; i < models.size(); ++i)
      if (models[i] == m && dates[i] == day) return i;
    models.push_back(m);
    dates.push_back(day);
    return models.size() - 1;
  };
  for (int month = from; month <= to; ++month) {
    int day = days_from_civil(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
    std::optional<int> on = dated ? std::optional<int>(day) : std::nullopt;
    month_model.push_back(index_at(&set.in_force(day), on));
    month_paid.push_back(index_at(&paid, on));
  }
  size_t paid_index = month_paid.front();
  std::vector<OutputRoles> roles;
  ArrearsTotals totals;
  int scale = 0;
  for (const auto* m : models) {
    roles.push_back(output_roles(*m));
    scale = std::max(scale, roles.back().scale);
  }
  totals.scale = scale;
  long evaluated = 0;
  ArrearsHousehold row;
  std::vector<Exact> benefit(models.size());
  totals.rejected = evaluate_under_versions(
      models, files, errors,
      [&](const std::vector<const Household*>& h, const std::vector<const std::vector<Exact>*>& o) {
        for (size_t i = 0; i < models.size(); ++i) benefit[i] = roles[i].benefit(*o[i]);
        row.id = h[paid_index]->id;
        row.months.clear();
        row.due = row.paid = row.difference = row.owed = Exact();
        for (int month = from; month <= to; ++month) {
          ArrearsMonth m;
          m.month = month;
          size_t v = month_model[static_cast<size_t>(month - from)];
          m.due_version = models[v];
          m.due = benefit[v];
          m.paid = benefit[month_paid[static_cast<size_t>(month - from)]];
          m.difference = m.due - m.paid;
          m.owed = m.difference.sign() > 0 ? m.difference : Exact();
          if (m.difference.sign() < 0) ++totals.overpaid_months;
          row.due = row.due + m.due;
          row.paid = row.paid + m.paid;
          row.difference = row.difference + m.difference;
          row.owed = row.owed + m.owed;
          row.months.push_back(m);
        }
        totals.due = totals.due + row.due;
        totals.paid = totals.paid + row.paid;
        totals.difference = totals.difference + row.difference;
        totals.owed = totals.owed + row.owed;
        each(row);
      },
      evaluated, dates);
  totals.households = evaluated;
  return totals;
}

}  // namespace doudi
