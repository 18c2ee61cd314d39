// Merging an amendment into the version it amends (see amend.h).
#include "dsl/amend.h"

#include <algorithm>
#include <string>
#include <unordered_set>

namespace doudi {
namespace {

// Replaces items of `base` whose key matches one in `change`, in place;
// appends the rest of `change` in its order.
template <typename T, typename Key>
void replace_or_add(std::vector<T>& base, const std::vector<T>& change, Key key) {
  for (const auto& item : change) {
    auto it = std::find_if(base.begin(), base.end(), [&](const T& b) { return key(b) == key(item); });
    if (it != base.end()) {
      *it = item;
    } else {
      base.push_back(item);
    }
  }
}

// The cell a `set` writes, as written: its table and key texts.
std::string set_target(const syntax::CellSet& s) {
  std::string key = s.table.text;
  for (const auto& k : s.keys) key += '\x1f' + k.text;  // a unit separator: in no name
  return key;
}

// Drops from `base` the sets of a cell that `change` sets again: the later
// set wins either way, and without this a chain of 3,000 one-line
// amendments carried every earlier set into every later version (2 GB).
void drop_overwritten_sets(std::vector<syntax::CellSet>& base, const std::vector<syntax::CellSet>& change) {
  if (change.empty()) return;
  std::unordered_set<std::string> again;
  for (const auto& s : change) again.insert(set_target(s));
  base.erase(std::remove_if(base.begin(), base.end(), [&](const auto& s) { return again.count(set_target(s)) > 0; }),
             base.end());
}

}  // namespace

syntax::PolicyFile amend(const syntax::PolicyFile& base, const syntax::PolicyFile& change) {
  syntax::PolicyFile out = base;
  out.file = change.file;
  out.policy_name = change.policy_name ? change.policy_name : base.policy_name;
  out.version = change.version;
  out.effective = change.effective;
  out.ends = change.ends;
  out.amends = change.amends;
  if (change.bound_by) out.bound_by = change.bound_by;
  out.description = change.description;  // says what this file is for: not inherited
  if (!change.sources.empty()) out.sources = change.sources;
  replace_or_add(out.enums, change.enums, [](const auto& e) { return e.name.text; });
  if (!change.regions.empty()) out.regions = change.regions;
  replace_or_add(out.inputs, change.inputs,
                 [](const auto& i) { return std::make_pair(i.scope, i.name.text); });
  for (const auto& t : change.tables) {
    out.sets.erase(std::remove_if(out.sets.begin(), out.sets.end(),
                                  [&](const auto& s) { return s.table.text == t.name.text; }),
                   out.sets.end());
  }
  replace_or_add(out.tables, change.tables, [](const auto& t) { return t.name.text; });
  drop_overwritten_sets(out.sets, change.sets);
  out.sets.insert(out.sets.end(), change.sets.begin(), change.sets.end());
  replace_or_add(out.rules, change.rules, [](const auto& r) { return r.name.text; });
  replace_or_add(out.outputs, change.outputs, [](const auto& o) { return o.name.text; });
  replace_or_add(out.series, change.series, [](const auto& s) { return s.name.text; });
  out.invariants.insert(out.invariants.end(), change.invariants.begin(), change.invariants.end());
  replace_or_add(out.indices, change.indices, [](const auto& x) { return x.name.text; });
  replace_or_add(out.bands, change.bands, [](const auto& x) { return x.name.text; });
  replace_or_add(out.classified, change.classified, [](const auto& x) { return x.name.text; });
  replace_or_add(out.member_lists, change.member_lists, [](const auto& x) { return x.name.text; });
  if (change.benefit) out.benefit = change.benefit;
  return out;
}

}  // namespace doudi
