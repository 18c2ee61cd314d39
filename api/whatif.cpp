// Policy::whatif (doudi/policy.h): households under two policies compared
// by the interpreter's WhatIf (the tally `doudi whatif` prints), every sum
// exact.
#include <optional>
#include <sstream>
#include <tuple>

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

// A household with an output that is n/a under the baseline or the
// alternative (a figure not published) is not in the sums: the Status
// saying which output and why, or nothing.
std::optional<Status> not_applicable_status(const model::Model& mb, const Evaluator& eb, const doudi::Household& hb,
                                            const model::Model& ma, const Evaluator& ea, const doudi::Household& ha) {
  for (auto [m, e, h] : {std::tuple{&mb, &eb, &hb}, std::tuple{&ma, &ea, &ha}}) {
    if (e->not_applicable().empty()) continue;
    const auto& n = e->not_applicable().front();
    const std::string& name = n.per_member ? m->member_outputs[n.output].name : m->outputs[n.output].name;
    return Status(StatusCode::evaluation_error,
                  "household " + h->id + ": version " + m->version + ": output '" + name +
                      "' is n/a, so the household is not in the sums: " + n.reason,
                  ErrorPlace{h->id, 0, "", "output '" + name + "' is n/a: " + n.reason});
  }
  return std::nullopt;
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
      Status s = to_household(mb, households[i], hb, row);
      if (s.ok()) s = to_household(ma, households[i], ha, row);
      if (!s.ok()) {
        out.errors.push_back(with_place(std::move(s), households[i].id, row));
        continue;
      }
      const doudi::Household* failed = &hb;
      try {
        const auto& vb = eb.evaluate(hb);
        failed = &ha;
        const auto& va = ea.evaluate(ha);
        if (auto na = not_applicable_status(mb, eb, hb, ma, ea, ha)) {  // no amount to sum
          out.errors.push_back(with_place(std::move(*na), households[i].id, row));
          continue;
        }
        tally.add(hb, vb, ha, va);
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
    out.unit = s.unit;
    std::ostringstream text;
    print_summary(s, text);
    out.text = text.str();
    return out;
  } catch (const doudi::EvaluationError& e) {
    return Status(StatusCode::evaluation_error, e.what());
  } catch (const doudi::UsageError& e) {  // no benefit to count, or costs in different units
    return Status(StatusCode::invalid_argument, e.what());
  } catch (const std::exception& e) {
    return Status(StatusCode::evaluation_error, std::string("internal error: ") + e.what());
  }
}

}  // namespace doudi::api
