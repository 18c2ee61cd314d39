// Binding a province's `require local` rule to a city version (see bound.h).
#include "dsl/bound.h"

#include <set>

#include "base/date.h"
#include "dsl/amend.h"
#include "dsl/checker.h"
#include "dsl/loader.h"
#include "dsl/series_data.h"

namespace doudi {
namespace {

// Every name an expression reads (a rule, table, series or enumeration; the
// first part of `care_tier.full`), not `household.` or `member.` inputs.
void names_in(const syntax::Expr& e, std::set<std::string>& out) {
  if ((e.kind == syntax::ExprKind::name || e.kind == syntax::ExprKind::index) && !e.path.empty() &&
      e.path[0] != "household" && e.path[0] != "member")
    out.insert(e.path[0]);
  for (const auto& a : e.args)
    if (a) names_in(*a, out);
  if (e.where) names_in(*e.where, out);
}

template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  for (const auto& item : items)
    if (item.name.text == name) return &item;
  return nullptr;
}

// The province's declarations `rule` needs, following rules into their bodies.
syntax::PolicyFile needed_declarations(const syntax::PolicyFile& city,
                                       const syntax::PolicyFile& province,
                                       const syntax::RequireDecl& rule) {
  syntax::PolicyFile change;
  std::set<std::string> todo, done;
  names_in(*rule.condition, todo);
  auto need_enum = [&](const std::string& name) {
    if (find_named(city.enums, name) || find_named(change.enums, name)) return;
    if (const auto* e = find_named(province.enums, name)) change.enums.push_back(*e);
  };
  while (!todo.empty()) {
    std::string name = *todo.begin();
    todo.erase(todo.begin());
    if (!done.insert(name).second) continue;
    if (const auto* t = find_named(province.tables, name)) {
      change.tables.push_back(*t);
      for (const auto& k : t->keys) need_enum(k.text);
    } else if (const auto* s = find_named(province.series, name)) {
      change.series.push_back(*s);
      for (const auto& k : s->keys) need_enum(k.text);
    } else if (const auto* r = find_named(province.rules, name)) {
      change.rules.push_back(*r);
      names_in(*r->body, todo);
      if (r->type) need_enum(r->type->name.text);
    } else {
      need_enum(name);  // care_tier.full, when the city has no care_tier
    }
  }
  for (const auto& set : province.sets)
    if (find_named(change.tables, set.table.text)) change.sets.push_back(set);
  return change;
}

// A name the rule reads that neither the province nor the city declares
// (a city policy without medical assistance has no medical_share), or "".
std::string missing_name(const syntax::PolicyFile& city, const syntax::PolicyFile& change,
                         const syntax::RequireDecl& rule) {
  std::set<std::string> names;
  names_in(*rule.condition, names);
  for (const auto& r : change.rules) names_in(*r.body, names);
  auto declared = [&](const syntax::PolicyFile& f, const std::string& n) {
    bool input = false;
    for (const auto& i : f.inputs) input |= i.name.text == n;
    return input || find_named(f.tables, n) || find_named(f.rules, n) || find_named(f.series, n) ||
           find_named(f.enums, n) || find_named(f.regions, n) || find_named(f.member_lists, n) ||
           find_named(f.indices, n) || find_named(f.bands, n) || find_named(f.classified, n);
  };
  static const std::set<std::string> builtin = {"effective_year", "effective_date", "region",
                                                "district", "evaluation_date"};
  for (const auto& n : names) {
    if (builtin.count(n) || declared(city, n) || declared(change, n)) continue;
    bool enum_value = false;
    for (const auto& e : city.enums)
      for (const auto& v : e.values) enum_value |= v.name.text == n;
    if (!enum_value) return n;
  }
  return "";
}

syntax::Name date_name(int day, const Position& at) { return {format_date(day), at}; }

}  // namespace

BoundRequire bind_require(const syntax::PolicyFile& city, const model::Model* previous,
                          const syntax::PolicyFile& province, const syntax::RequireDecl& rule,
                          const BoundPeriod& period) {
  syntax::PolicyFile change = needed_declarations(city, province, rule);
  if (std::string missing = missing_name(city, change, rule); !missing.empty()) {
    BoundRequire out;
    out.not_applicable = true;
    out.why = "the policy has no '" + missing + "'";
    return out;
  }
  change.file = city.file;
  change.version = city.version;
  change.effective = city.effective;
  change.ends = city.ends;
  syntax::PolicyFile merged = amend(city, change);
  merged.amends.reset();
  syntax::RequireDecl r = rule;
  r.local = false;
  r.from = period.from ? std::optional(date_name(*period.from, rule.position)) : std::nullopt;
  r.until = period.until ? std::optional(date_name(*period.until, rule.position)) : std::nullopt;
  merged.invariants = {r};
  BoundRequire out;
  std::vector<Diagnostic> errors;
  CheckContext context;
  context.previous = previous;
  context.data_files = read_series_data_files(merged, errors);
  try {
    if (errors.empty()) out.model = check_policy(merged, context);
  } catch (const PolicyError& e) {
    errors = e.diagnostics;
  }
  if (!errors.empty()) {
    const std::string& first = errors.front().message;
    out.not_applicable = first.rfind("unknown name", 0) == 0;
    out.why = first;
  }
  return out;
}

}  // namespace doudi
