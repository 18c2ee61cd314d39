// The scenario in words (see scenario.h).
#include "interpreter/studies/scenario.h"

#include <algorithm>

#include <fmt/format.h>

#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/evaluation/evaluator.h"

namespace doudi {
namespace {

std::string named(const std::string& label, const std::string& name) {
  return label.empty() ? name : fmt::format("{} {}", label, name);
}

std::string cell_text(const model::Model& m, const model::Table& t, const std::optional<Exact>& v) {
  return v ? value_text(m, t.type, *v) : "n/a";
}

const model::Table* table_named(const model::Model& m, const std::string& name) {
  for (const auto& t : m.tables)
    if (t.name == name) return &t;
  return nullptr;
}

// The baseline's cells standing for cell `index` of the alternative's table
// when it has fewer keys (2017's city-wide standard for 2020's two tiers):
// "630 [一类地区, urban], 590 [二类地区, urban]", one value when they agree,
// "" when all equal `now`, "—" when none does.
std::string merged_cells(const model::Model& before, const model::Table& old, const model::Model& after, size_t index,
                         const std::optional<Exact>& now) {
  const model::Table* t = nullptr;
  for (const auto& x : after.tables)
    if (x.name == old.name) t = &x;
  std::vector<std::string> parts;
  std::vector<std::string> values;
  bool all_same = true;
  for (size_t j = 0; j < old.cells.size(); ++j) {
    if (matching_cell(before, old, j, after, *t) != index) continue;
    const auto& v = old.cells[j];
    all_same = all_same && v.has_value() == now.has_value() && (!v || compare(*v, *now) == 0);
    values.push_back(cell_text(before, old, v));
    parts.push_back(fmt::format("{} {}", values.back(), cell_name(before, old, j)));
  }
  if (parts.empty()) return "—";
  if (all_same) return "";
  bool agree = std::all_of(values.begin(), values.end(), [&](const std::string& x) { return x == values[0]; });
  return agree ? values[0] : fmt::format("{}", fmt::join(parts, ", "));
}

void table_changes(const model::Model& before, const model::Model& after, std::vector<ScenarioChange>& out) {
  for (const auto& t : after.tables) {
    std::string source = fmt::format("{}", fmt::join(t.sources, "; "));
    const model::Table* old = table_named(before, t.name);
    for (size_t i = 0; i < t.cells.size(); ++i) {
      std::string what = named(t.label, t.name + cell_name(after, t, i));
      std::string now = cell_text(after, t, t.cells[i]);
      std::optional<size_t> was = old ? matching_cell(after, t, i, before, *old) : std::nullopt;
      if (!was) {
        std::string from = old ? merged_cells(before, *old, after, i, t.cells[i]) : "—";
        if (!from.empty()) out.push_back({what, from, now, source});
        continue;
      }
      const auto& v = old->cells[*was];
      bool same = v.has_value() == t.cells[i].has_value() && (!v || compare(*v, *t.cells[i]) == 0);
      if (!same) out.push_back({what, cell_text(before, *old, v), now, source});
    }
  }
}

void rule_changes(const model::Model& before, const model::Model& after, std::vector<ScenarioChange>& out) {
  Evaluator constants_before(before), constants_after(after);
  for (size_t r = 0; r < after.rules.size(); ++r) {
    const auto& rule = after.rules[r];
    std::string what = named(rule.label, "rule " + rule.name);
    std::string source = fmt::format("{}", fmt::join(rule.sources, "; "));
    int old = -1;
    for (size_t k = 0; k < before.rules.size(); ++k)
      if (before.rules[k].name == rule.name) old = static_cast<int>(k);
    std::string now = expression_text(after, rule.body);
    if (old < 0) {
      out.push_back({what, "—", now, source});
      continue;
    }
    const auto& was_rule = before.rules[static_cast<size_t>(old)];
    std::string was = expression_text(before, was_rule.body);
    if (was == now) continue;
    auto a = constants_after.constant_rule_value(static_cast<int>(r));
    auto b = constants_before.constant_rule_value(old);
    if (a && b) {
      if (compare(*a, *b) == 0) continue;
      was = value_text(before, was_rule.type, *b);
      now = value_text(after, rule.type, *a);
    }
    out.push_back({what, was, now, source});
  }
}

}  // namespace

std::vector<ScenarioChange> scenario_changes(const model::Model& before, const model::Model& after) {
  std::vector<ScenarioChange> out;
  table_changes(before, after, out);
  rule_changes(before, after, out);
  return out;
}

}  // namespace doudi
