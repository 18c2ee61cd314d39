// Helpers for checking `require` rules (see invariant_checks.h).
#include "interpreter/studies/invariant_checks.h"

#include <fmt/format.h>

#include "dsl/printer.h"

namespace doudi {

std::optional<int> last_day(const PolicySet& set, size_t i) {
  if (set.versions[i].ends) return set.versions[i].ends;
  if (i + 1 < set.versions.size()) return set.versions[i + 1].effective - 1;
  return std::nullopt;
}

bool invariant_applies(const model::Invariant& inv, int first, std::optional<int> last) {
  if (inv.until && *inv.until < first) return false;
  if (inv.from && last && *inv.from > *last) return false;
  return true;
}

std::string where_text(const model::Model& m, const model::Invariant& inv, const std::vector<int64_t>& values) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < inv.ranges.size(); ++i) {
    const auto& r = inv.ranges[i];
    model::Type t;
    t.kind = r.kind;
    t.enumeration = r.enumeration;
    parts.push_back(r.name + " " + value_text(m, t, Exact::from_int(values[i])));
  }
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace doudi
