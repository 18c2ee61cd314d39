// Policy::whatif (doudi/policy.h): households under two policies compared
// by the interpreter's WhatIf (the tally `doudi whatif` prints), every sum
// exact.
#include <sstream>

#include "api/evaluation.h"
#include "api/households.h"
#include "api/policy_impl.h"
#include "api/status.h"
#include "base/date.h"
#include "interpreter/studies/whatif.h"

namespace doudi::api {
namespace {

Decimal decimal(const Exact& x, int scale) {
  auto text = x.to_fixed(scale);
  auto d = text ? Decimal::parse(*text) : std::nullopt;
  return d ? *d : Decimal();
}

GroupSummary group(const GroupTotals& g, int scale) {
  GroupSummary out;
  out.name = g.name;
  out.households_before = g.households_before;
  out.households_after = g.households_after;
  out.covered_before = g.covered_before;
  out.covered_after = g.covered_after;
  out.people_before = decimal(g.people_before, 0);
  out.people_after = decimal(g.people_after, 0);
  out.cost_before = decimal(g.cost_before, scale);
  out.cost_after = decimal(g.cost_after, scale);
  return out;
}

}  // namespace

Result<WhatIfSummary> Policy::whatif(const std::vector<Household>& households, std::string_view date,
                                     const Policy& alternative) const {
  auto before = impl_->in_force(date);
  if (!before.ok()) return before.status();
  auto after = alternative.impl_->in_force(date);
  if (!after.ok()) return after.status();
  try {
    const model::Model& mb = **before;
    const model::Model& ma = **after;
    auto day = parse_date(date);
    WhatIf tally(mb, ma);
    Evaluator eb(mb), ea(ma);
    eb.set_evaluation_date(day);
    ea.set_evaluation_date(day);
    doudi::Household hb, ha;
    WhatIfSummary out;
    for (size_t i = 0; i < households.size(); ++i) {
      long row = static_cast<long>(i) + 1;
      Status s = to_household(mb, households[i], hb);
      if (s.ok()) s = to_household(ma, households[i], ha);
      if (!s.ok()) {
        out.errors.push_back(with_place(std::move(s), households[i].id, row));
        continue;
      }
      const doudi::Household* failed = &hb;
      try {
        const auto& vb = eb.evaluate(hb);
        failed = &ha;
        tally.add(hb, vb, ha, ea.evaluate(ha));
      } catch (const doudi::EvaluationError& e) {
        out.errors.push_back(with_place(evaluation_status(*failed, e), households[i].id, row));
      }
    }
    doudi::WhatIfSummary s = tally.summary();
    s.date = std::string(date);
    s.rejected = static_cast<long>(out.errors.size());
    out.baseline = s.baseline;
    out.alternative = s.alternative;
    out.households = s.households;
    out.rejected = s.rejected;
    out.all = group(s.all, s.scale);
    for (const auto& g : s.regions) out.regions.push_back(group(g, s.scale));
    for (const auto& g : s.grades) out.grades.push_back(group(g, s.scale));
    out.newly_covered = s.newly_covered;
    out.dropped = s.dropped;
    out.gain = s.gain;
    out.lose = s.lose;
    out.unchanged = s.unchanged;
    out.difference = decimal(s.difference(), s.scale);
    std::ostringstream text;
    print_summary(s, text);
    out.text = text.str();
    return out;
  } catch (const doudi::EvaluationError& e) {
    return Status(StatusCode::evaluation_error, e.what());
  } catch (const std::exception& e) {
    return Status(StatusCode::evaluation_error, std::string("internal error: ") + e.what());
  }
}

}  // namespace doudi::api
