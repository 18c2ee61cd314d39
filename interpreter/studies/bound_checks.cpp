// The province's rules for a city version (see bound_checks.h).
#include "interpreter/studies/bound_checks.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/date.h"
#include "interpreter/studies/invariant_checks.h"

namespace doudi {
namespace {

std::optional<int> later(std::optional<int> a, std::optional<int> b) {
  if (!a) return b;
  if (!b) return a;
  return std::max(*a, *b);
}

std::optional<int> earlier(std::optional<int> a, std::optional<int> b) {
  if (!a) return b;
  if (!b) return a;
  return std::min(*a, *b);
}

}  // namespace

// A rule's period is its own from/until within its province version's.
std::vector<ProvinceRule> province_rules(const PolicySet& city, size_t i, const PolicySet& province) {
  const model::Model& m = city.versions[i];
  int first = m.effective;
  auto last = last_day(city, i);
  const model::Model* previous = i > 0 ? &city.versions[i - 1] : nullptr;
  std::vector<ProvinceRule> out;
  for (size_t j = 0; j < province.versions.size(); ++j) {
    const model::Model& p = province.versions[j];
    for (const auto& rule : province.merged[j]->invariants) {
      if (!rule.local) continue;
      BoundPeriod window;
      window.from = later(p.effective, rule.from ? parse_date(rule.from->text) : std::nullopt);
      window.until = earlier(last_day(province, j),
                             rule.until ? parse_date(rule.until->text) : std::nullopt);
      if (window.until && *window.until < first) continue;
      if (window.from && last && *window.from > *last) continue;
      if (window.from && window.until && *window.from > *window.until) continue;
      ProvinceRule r;
      r.province = &p;
      r.rule = &rule;
      r.in_force = fmt::format("bound by {}: policy {} version {} ({})", m.bound_by, p.policy, p.version,
                               window.until ? fmt::format("rule in force {} to {}", format_date(*window.from),
                                                          format_date(*window.until))
                                            : fmt::format("rule in force from {}", format_date(*window.from)));
      r.bound = bind_require(*city.merged[i], previous, *province.merged[j], rule, window);
      out.push_back(std::move(r));
    }
  }
  return out;
}

}  // namespace doudi
