// Helpers for checking `require` rules (see invariant_checks.h).
#include "interpreter/studies/invariant_checks.h"

#include <fmt/format.h>

#include "base/date.h"
#include "dsl/printer.h"
#include "interpreter/evaluation/evaluator.h"

namespace doudi {

std::string statement_text(const model::Model& m, const model::Invariant& inv) {
  return inv.label.empty() ? expression_text(m, inv.condition)
                           : inv.label + ": " + expression_text(m, inv.condition);
}

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

std::string period_text(const model::Model& m, std::optional<int> last) {
  return last ? fmt::format("in force {} to {}", m.effective_text, format_date(*last))
              : fmt::format("in force from {}", m.effective_text);
}

InvariantReport check_invariants(const model::Model& m, int first, std::optional<int> last) {
  InvariantReport report;
  Evaluator evaluator(m);
  for (const auto& inv : m.invariants) {
    if (!invariant_applies(inv, first, last)) continue;
    for_each_combination(inv, [&](const std::vector<int64_t>& values) {
      ++report.checks;
      try {
        auto outcome = evaluator.check_invariant(inv, values);
        if (outcome.holds) return;
        report.findings.push_back({InvariantFinding::Kind::violation, &inv, where_text(m, inv, values),
                                   outcome.left, outcome.right, ""});
      } catch (const EvaluationError& e) {
        if (e.not_applicable) {  // no published figure to check
          ++report.skipped;
          return;
        }
        report.findings.push_back({InvariantFinding::Kind::cannot_check, &inv, where_text(m, inv, values),
                                   std::nullopt, std::nullopt, e.what()});
      }
    });
  }
  return report;
}

std::string render_finding(const model::Model& m, const InvariantFinding& f, const std::string& period) {
  const model::Invariant& inv = *f.invariant;
  std::string out;
  if (f.kind == InvariantFinding::Kind::cannot_check) {
    return fmt::format("{}: cannot check: {}\n  policy {} version {}{}\n  because: {}\n",
                       inv.position.to_string(), statement_text(m, inv), m.policy, m.version,
                       f.where.empty() ? "" : ", " + f.where, f.because);
  }
  out += fmt::format("{}: violation: {}\n", inv.position.to_string(), statement_text(m, inv));
  out += fmt::format("  policy {} version {} ({})\n", m.policy, m.version, period);
  if (!f.where.empty()) out += "  where: " + f.where + "\n";
  if (f.left) out += "  left:  " + approximate_text(*f.left) + "\n";
  if (f.right) out += "  right: " + approximate_text(*f.right) + "\n";
  if (inv.from) out += "  rule in force from " + format_date(*inv.from) + "\n";
  for (const auto& s : inv.sources) out += "  source: " + s + "\n";
  return out;
}

std::vector<std::string> alternative_violations(const PolicySet& set, const model::Model& base,
                                                const model::Model& alternative) {
  size_t index = 0;
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) index = i;
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &alternative) index = i;  // --against: that version's own period
  auto last = last_day(set, index);
  InvariantReport report = check_invariants(alternative, set.versions[index].effective, last);
  std::vector<std::string> out;
  for (const auto& f : report.findings)
    if (f.kind == InvariantFinding::Kind::violation)
      out.push_back(render_finding(alternative, f, period_text(set.versions[index], last)));
  return out;
}

}  // namespace doudi
