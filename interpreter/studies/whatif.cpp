// What-if runs: the comparison (see whatif.h).
#include "interpreter/studies/whatif.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <sstream>
#include <future>
#include <set>

#include <fmt/format.h>

#include "base/text.h"
#include "base/date.h"
#include "dsl/benefit.h"
#include "dsl/version_compare.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/csv_batch.h"
#include "interpreter/compiled/fast_eval.h"
#include "interpreter/formats/results.h"
#include "interpreter/formats/value.h"

namespace doudi {
namespace fs = std::filesystem;

model::Model apply_settings(const PolicySet& set, const model::Model& base,
                            const std::vector<Setting>& settings) {
  Evaluator constants(base);
  return amend_with_settings(set, base, settings,
                             [&](int rule) { return constants.constant_rule_value(rule).has_value(); });
}

// ---- the comparison ----------------------------------------------------------

namespace {

std::string version_heading(const model::Model& m) {
  return fmt::format("version {} (effective {})", m.version, m.effective_text);
}

std::string people_heading(const model::Model& m, const OutputRoles& r) {
  if (r.members < 0) return "1 a household (the policy has no integer input 'members')";
  const auto& in = m.inputs[static_cast<size_t>(r.members)];
  return in.label.empty() ? "input 'members'" : fmt::format("input 'members' ({})", in.label);
}

}  // namespace

WhatIf::WhatIf(const model::Model& before, const model::Model& after)
    : before_(before),
      after_(after),
      roles_before_(output_roles(before)),
      roles_after_(output_roles(after)) {
  if (roles_before_.period != roles_after_.period) {
    throw WhatIfError(fmt::format("the baseline counts its benefit {} and the alternative {}: the costs "
                                  "cannot be compared", period_unit(roles_before_.period),
                                  period_unit(roles_after_.period)));
  }
  region_from_after_ = roles_before_.district < 0 && roles_after_.district >= 0;
  // Every money output of either version, the baseline's order first.
  auto is_benefit = [](const OutputRoles& r, int i) {
    return std::find(r.paid.begin(), r.paid.end(), i) != r.paid.end();
  };
  for (int i : roles_before_.money) {
    const auto& o = before.outputs[static_cast<size_t>(i)];
    columns_.push_back({o.name, o.label, i, -1, o.scale, is_benefit(roles_before_, i), false, o.type.period});
  }
  for (int i : roles_after_.money) {
    const auto& o = after.outputs[static_cast<size_t>(i)];
    auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == o.name; });
    if (it == columns_.end()) {
      columns_.push_back({o.name, o.label, -1, i, o.scale, false, is_benefit(roles_after_, i), o.type.period});
    } else {
      it->after = i;
      it->scale = std::max(it->scale, o.scale);
      it->benefit_after = is_benefit(roles_after_, i);
      if (!it->benefit_before) it->period = o.type.period;
    }
  }
  // Every region group and grade is listed, even with no household.
  const model::Model& rm = region_from_after_ ? after : before;
  const OutputRoles& rr = region_from_after_ ? roles_after_ : roles_before_;
  if (rr.district < 0) {
    group(s_.regions, region_index_, "all", "");
  } else {
    for (const auto& r : rm.regions) group(s_.regions, region_index_, r.name, r.label);
  }
  for (auto [m, roles] : {std::pair{&before, &roles_before_}, std::pair{&after, &roles_after_}}) {
    if (roles->grade < 0) continue;
    s_.has_grades = true;
    const auto& type = m->outputs[static_cast<size_t>(roles->grade)].type;
    for (const auto& v : m->enums[static_cast<size_t>(type.enumeration)].values)
      group(s_.grades, grade_index_, v.name, v.label);
  }
  s_.all.name = "total";
  s_.scale = std::max(roles_before_.scale, roles_after_.scale);
  find_parts();
  set_up_breakdowns();
}

// Which money outputs that are not a benefit are added up by one (dibao and
// tekun inside total): reported under it.
void WhatIf::find_parts() {
  for (auto& c : columns_) {
    if (c.benefit_before || c.benefit_after) continue;
    for (int b : roles_before_.paid)
      if (c.part_of.empty() && c.before >= 0 && output_adds_up(before_, b, c.before))
        c.part_of = before_.outputs[static_cast<size_t>(b)].name;
    for (int b : roles_after_.paid)
      if (c.part_of.empty() && c.after >= 0 && output_adds_up(after_, b, c.after))
        c.part_of = after_.outputs[static_cast<size_t>(b)].name;
  }
}

// Every district (with its region group as label) and every hukou value,
// listed even with no household.
void WhatIf::set_up_breakdowns() {
  const model::Model& rm = region_from_after_ ? after_ : before_;
  const OutputRoles& rr = region_from_after_ ? roles_after_ : roles_before_;
  if (rr.district >= 0) {
    for (const auto& d : rm.districts) {
      GroupTotals g;
      g.name = d.name;
      if (d.region >= 0 && static_cast<size_t>(d.region) < rm.regions.size())
        g.label = rm.regions[static_cast<size_t>(d.region)].name;
      s_.districts.push_back(std::move(g));
    }
  }
  auto hukou_of = [](const model::Model& m) {
    int i = m.find_input("hukou", model::Scope::household);
    return i >= 0 && m.inputs[static_cast<size_t>(i)].type.kind == model::TypeKind::enumeration ? i : -1;
  };
  hukou_input_ = hukou_of(before_);
  if (hukou_input_ < 0) {
    hukou_input_ = hukou_of(after_);
    hukou_from_after_ = hukou_input_ >= 0;
  }
  if (hukou_input_ < 0) return;
  const model::Model& hm = hukou_from_after_ ? after_ : before_;
  const auto& in = hm.inputs[static_cast<size_t>(hukou_input_)];
  s_.hukou_label = in.label.empty() ? in.name : in.label;
  for (const auto& v : hm.enums[static_cast<size_t>(in.type.enumeration)].values) {
    GroupTotals g;
    g.name = v.name;
    g.label = v.label;
    s_.hukou.push_back(std::move(g));
  }
}

size_t WhatIf::coded_group(std::vector<GroupTotals>& groups, size_t codes, std::optional<int64_t> code) {
  if (code && *code >= 0 && static_cast<size_t>(*code) < codes) return static_cast<size_t>(*code);
  if (groups.size() <= codes) {
    groups.resize(codes + 1);
    groups[codes].name = "(not given)";
  }
  return codes;
}

GroupTotals& WhatIf::group(std::vector<GroupTotals>& groups, std::map<std::string, size_t>& index,
                           const std::string& name, const std::string& label) {
  auto it = index.find(name);
  if (it != index.end()) return groups[it->second];
  index[name] = groups.size();
  GroupTotals g;
  g.name = name;
  g.label = label;
  groups.push_back(std::move(g));
  return groups.back();
}

std::string WhatIf::detail_header() const {
  std::string out = "id";
  for (const auto& c : columns_)
    out += fmt::format(",{},{},{}", csv_field(c.name + "_before"), csv_field(c.name + "_after"),
                       csv_field(c.name + "_diff"));
  return out;
}

size_t WhatIf::region_group(const Household& hb, const Household& ha) {
  const model::Model& m = region_from_after_ ? after_ : before_;
  const OutputRoles& roles = region_from_after_ ? roles_after_ : roles_before_;
  const Household& h = region_from_after_ ? ha : hb;
  long code = -1;
  if (roles.district >= 0) {
    const auto& v = h.inputs[static_cast<size_t>(roles.district)];
    if (v) code = v->to_int64().value_or(-1);
  }
  auto index_of = [&](const std::string& name) {
    group(s_.regions, region_index_, name, "");
    return region_index_[name];
  };
  if (code < 0 || static_cast<size_t>(code) >= m.districts.size())  // default or none: rare
    return index_of(region_of(m, roles, h));
  if (region_by_district_.empty()) region_by_district_.assign(m.districts.size(), -1);
  long& g = region_by_district_[static_cast<size_t>(code)];
  if (g < 0) g = static_cast<long>(index_of(region_of(m, roles, h)));
  return static_cast<size_t>(g);
}

size_t WhatIf::grade_group(bool after, int64_t code) {
  const model::Model& m = after ? after_ : before_;
  const OutputRoles& roles = after ? roles_after_ : roles_before_;
  const auto& type = m.outputs[static_cast<size_t>(roles.grade)].type;
  const auto& e = m.enums[static_cast<size_t>(type.enumeration)];
  auto& cache = grade_by_code_[after ? 1 : 0];
  if (cache.empty()) cache.assign(e.values.size() + 1, -1);
  size_t slot = code < 0 || static_cast<size_t>(code) >= e.values.size() ? e.values.size()
                                                                         : static_cast<size_t>(code);
  if (cache[slot] < 0) {
    std::string name = slot == e.values.size() ? "?" : e.values[slot].name;
    std::string label = slot == e.values.size() ? "" : e.values[slot].label;
    group(s_.grades, grade_index_, name, label);
    cache[slot] = static_cast<long>(grade_index_[name]);
  }
  return static_cast<size_t>(cache[slot]);
}

// What add() and add_fixed() share: households, coverage, people and cost by
// region group and grade. `add_cost(sum, after)` adds the household's benefit
// before or after to `sum`, in whatever form the caller has it.
template <class AddCost>
size_t WhatIf::tally(const Household& hb, const Household& ha, bool covered_before, bool covered_after,
                     int64_t grade_before, int64_t grade_after, const AddCost& add_cost) {
  Exact people_before = roles_before_.people(before_, hb);
  Exact people_after = roles_after_.people(after_, ha);
  size_t region = region_group(hb, ha);
  auto count = [&](GroupTotals& g, GroupSums& sums, bool before_side, bool after_side) {
    if (before_side) {
      ++g.households_before;
      add_cost(sums.cost_before, false);
      if (covered_before) {
        ++g.covered_before;
        sums.people_before.add(people_before);
      }
    }
    if (after_side) {
      ++g.households_after;
      add_cost(sums.cost_after, true);
      if (covered_after) {
        ++g.covered_after;
        sums.people_after.add(people_after);
      }
      if (covered_after && !covered_before) {
        ++g.newly_covered;
        add_cost(sums.cost_new, true);
      }
    }
  };
  count(s_.all, all_sums_, true, true);
  count(s_.regions[region], sums_of(region_sums_, region), true, true);
  const model::Model& rm = region_from_after_ ? after_ : before_;
  const OutputRoles& rr = region_from_after_ ? roles_after_ : roles_before_;
  if (rr.district >= 0) {
    size_t d = coded_group(s_.districts, rm.districts.size(), input_code(rm, rr.district, region_from_after_ ? ha : hb));
    count(s_.districts[d], sums_of(district_sums_, d), true, true);
  }
  if (hukou_input_ >= 0) {
    const model::Model& hm = hukou_from_after_ ? after_ : before_;
    size_t values = hm.enums[static_cast<size_t>(hm.inputs[static_cast<size_t>(hukou_input_)].type.enumeration)].values.size();
    size_t k = coded_group(s_.hukou, values, input_code(hm, hukou_input_, hukou_from_after_ ? ha : hb));
    count(s_.hukou[k], sums_of(hukou_sums_, k), true, true);
  }
  if (grade_before != kNoGrade) {
    size_t g = grade_group(false, grade_before);
    count(s_.grades[g], sums_of(grade_sums_, g), true, false);
  }
  if (grade_after != kNoGrade) {
    size_t g = grade_group(true, grade_after);
    count(s_.grades[g], sums_of(grade_sums_, g), false, true);
  }
  ++s_.households;
  if (!covered_before && covered_after) {
    ++s_.newly_covered;
    people_newly_covered_.add(people_after);
  }
  if (covered_before && !covered_after) {
    ++s_.dropped;
    people_dropped_.add(people_before);
  }
  return region;
}

void WhatIf::add(const Household& hb, const std::vector<Exact>& ob, const Household& ha,
                 const std::vector<Exact>& oa, std::string* row) {
  Exact b = roles_before_.benefit(ob);
  Exact a = roles_after_.benefit(oa);
  auto grade = [](const OutputRoles& roles, const std::vector<Exact>& o) -> int64_t {
    return roles.grade < 0 ? kNoGrade : o[static_cast<size_t>(roles.grade)].to_int64().value_or(-1);
  };
  size_t region = tally(hb, ha, b.sign() > 0, a.sign() > 0, grade(roles_before_, ob), grade(roles_after_, oa),
                        [&](ExactSum& sum, bool after) { sum.add(after ? a : b); });
  Exact change = a - b;
  int sign = change.sign();
  if (sign > 0) ++s_.gain;
  else if (sign < 0) ++s_.lose;
  else ++s_.unchanged;
  if (sign != 0) note_change(hb, region, b, a);
  output_sums_.resize(columns_.size());
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    if (c.before >= 0) output_sums_[k].first.add(ob[static_cast<size_t>(c.before)]);
    if (c.after >= 0) output_sums_[k].second.add(oa[static_cast<size_t>(c.after)]);
  }
  if (row) {
    *row = csv_field(hb.id);
    for (const auto& c : columns_) {
      std::string before = c.before >= 0 ? amount_text(ob[static_cast<size_t>(c.before)], c.scale) : "";
      std::string after = c.after >= 0 ? amount_text(oa[static_cast<size_t>(c.after)], c.scale) : "";
      std::string diff = c.before >= 0 && c.after >= 0
                             ? amount_text(oa[static_cast<size_t>(c.after)] - ob[static_cast<size_t>(c.before)], c.scale)
                             : "";
      *row += fmt::format(",{},{},{}", before, after, diff);
    }
  }
}

// A household whose benefit changed: the histogram and the largest changes.
void WhatIf::note_change(const Household& hb, size_t region, const Exact& b, const Exact& a) {
  ++s_.changes[a - b];
  HouseholdChange c{hb.id, s_.regions[region].name, b, a, s_.households};
  auto larger = [](const HouseholdChange& x, const HouseholdChange& y) {
    Exact dx = x.after - x.before, dy = y.after - y.before;
    if (dx.sign() < 0) dx = -dx;
    if (dy.sign() < 0) dy = -dy;
    int cmp = compare(dx, dy);
    return cmp != 0 ? cmp > 0 : x.order < y.order;
  };
  if (s_.largest.size() < kLargest || larger(c, s_.largest.back())) {
    s_.largest.insert(std::upper_bound(s_.largest.begin(), s_.largest.end(), c, larger), c);
    if (s_.largest.size() > kLargest) s_.largest.pop_back();
  }
}

bool WhatIf::add_fixed(const Household& hb, const int64_t* ob, const Household& ha, const int64_t* oa) {
  // The benefit in fixed point: its outputs at one scale, summed without overflow.
  int scale = -1;
  auto fixed_benefit = [&](const model::Model& m, const OutputRoles& r, const int64_t* o, int64_t& sum) {
    sum = 0;
    for (int i : r.primary) {
      int sc = m.outputs[static_cast<size_t>(i)].scale;
      if (scale < 0) scale = sc;
      if (sc != scale || __builtin_add_overflow(sum, o[i], &sum)) return false;
    }
    return true;
  };
  int64_t b = 0, a = 0;
  if (!fixed_benefit(before_, roles_before_, ob, b) || !fixed_benefit(after_, roles_after_, oa, a)) return false;
  auto grade = [](const OutputRoles& roles, const int64_t* o) {
    return roles.grade < 0 ? kNoGrade : o[roles.grade];
  };
  size_t region = tally(hb, ha, b > 0, a > 0, grade(roles_before_, ob), grade(roles_after_, oa),
                        [&](ExactSum& sum, bool after) { sum.add_scaled(after ? a : b, scale); });
  if (a > b) ++s_.gain;
  else if (a < b) ++s_.lose;
  else ++s_.unchanged;
  if (a != b) note_change(hb, region, Exact::from_fixed(b, scale), Exact::from_fixed(a, scale));
  output_sums_.resize(columns_.size());
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    if (c.before >= 0) output_sums_[k].first.add_scaled(ob[c.before], before_.outputs[static_cast<size_t>(c.before)].scale);
    if (c.after >= 0) output_sums_[k].second.add_scaled(oa[c.after], after_.outputs[static_cast<size_t>(c.after)].scale);
  }
  return true;
}

WhatIf::GroupSums& WhatIf::sums_of(std::vector<GroupSums>& sums, size_t group) {
  if (sums.size() <= group) sums.resize(group + 1);
  return sums[group];
}

WhatIfSummary WhatIf::summary() const {
  WhatIfSummary s = s_;
  auto fill = [](GroupTotals& g, const GroupSums& sums) {
    g.cost_before = sums.cost_before.value();
    g.cost_after = sums.cost_after.value();
    g.people_before = sums.people_before.value();
    g.people_after = sums.people_after.value();
    g.cost_new = sums.cost_new.value();
  };
  fill(s.all, all_sums_);
  auto fill_all = [&](std::vector<GroupTotals>& groups, const std::vector<GroupSums>& sums) {
    for (size_t g = 0; g < groups.size() && g < sums.size(); ++g) fill(groups[g], sums[g]);
  };
  fill_all(s.regions, region_sums_);
  fill_all(s.grades, grade_sums_);
  fill_all(s.districts, district_sums_);
  fill_all(s.hukou, hukou_sums_);
  s.people_newly_covered = people_newly_covered_.value();
  s.people_dropped = people_dropped_.value();
  // Only benefit outputs are summed: an income or a standard is not a cost.
  s.unit = period_unit(roles_before_.period);
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    if (!c.benefit_before && !c.benefit_after) continue;
    OutputTotals t{c.name, c.label, period_unit(c.period), c.benefit_before, c.benefit_after, c.scale, {}, {}, {}};
    if (k < output_sums_.size()) {
      if (c.benefit_before) t.before = output_sums_[k].first.value();
      if (c.benefit_after) t.after = output_sums_[k].second.value();
    }
    if (c.period != roles_before_.period) {
      auto it = std::find_if(s.beside.begin(), s.beside.end(), [&](const UnitTotals& u) { return u.unit == t.unit; });
      if (it == s.beside.end()) it = s.beside.insert(s.beside.end(), UnitTotals{t.unit, {}, c.scale, {}, {}});
      it->outputs.push_back(c.name);
      it->scale = std::max(it->scale, c.scale);
      it->before = it->before + t.before;
      it->after = it->after + t.after;
    }
    s.outputs.push_back(std::move(t));
    for (size_t j = 0; j < columns_.size(); ++j) {  // its parts, under it
      const auto& p = columns_[j];
      if (p.part_of != c.name) continue;
      OutputTotals part{p.name, p.label, period_unit(p.period), p.before >= 0, p.after >= 0, p.scale, {}, {}, c.name};
      if (j < output_sums_.size()) {
        part.before = output_sums_[j].first.value();
        part.after = output_sums_[j].second.value();
      }
      s.outputs.push_back(std::move(part));
    }
  }
  s.policy = before_.policy;
  s.baseline = version_heading(before_);
  s.alternative = version_heading(after_);
  std::string b = roles_before_.describe_benefit(before_), a = roles_after_.describe_benefit(after_);
  s.benefit_text = b == a ? b : fmt::format("before: {}; after: {}", b, a);
  std::string pb = people_heading(before_, roles_before_), pa = people_heading(after_, roles_after_);
  s.people_text = pb == pa ? pb : fmt::format("before: {}; after: {}", pb, pa);
  return s;
}

WhatIfSummary run_whatif(const model::Model& before, const model::Model& after,
                         const std::vector<std::string>& files, std::ostream* detail,
                         std::ostream& errors, std::optional<int> evaluation_date, int threads) {
  WhatIf w(before, after);
  if (detail) *detail << w.detail_header() << '\n';
  std::string row;
  long evaluated = 0, not_applicable = 0;
  long rejected = evaluate_under_versions(
      {&before, &after}, files, errors,
      [&](const std::vector<const Household*>& h, const std::vector<const std::vector<Exact>*>& o) {
        w.add(*h[0], *o[0], *h[1], *o[1], detail ? &row : nullptr);
        if (detail) *detail << row << '\n';
      },
      evaluated, {evaluation_date, evaluation_date},
      detail ? EvaluatedFixedFn()
             : [&](const std::vector<const Household*>& h, const std::vector<const int64_t*>& o) {
                 return w.add_fixed(*h[0], o[0], *h[1], o[1]);
               },
      threads, &not_applicable);
  WhatIfSummary s = w.summary();
  s.rejected = rejected;
  s.not_applicable = not_applicable;
  return s;
}

}  // namespace doudi
