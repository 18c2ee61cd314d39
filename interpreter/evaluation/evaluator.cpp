// Evaluator: a recursive walk over the checked model's slot-indexed
// expressions, with rule values memoised per household.
#include "interpreter/evaluation/evaluator.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/date.h"

namespace doudi {

std::string EvaluationError::reason() const {
  return fmt::format("{}{} (at {})", rule.empty() ? "" : "rule '" + rule + "': ", what(),
                     position.to_string());
}

using model::Op;

const NotApplicableOutput* find_not_applicable(const std::vector<NotApplicableOutput>* not_applicable, size_t o,
                                               bool per_member) {
  if (!not_applicable) return nullptr;
  for (const auto& n : *not_applicable)
    if (n.output == o && n.per_member == per_member) return &n;
  return nullptr;
}

Evaluator::Evaluator(const model::Model& m)
    : m_(m), rule_values_(m.rules.size()), rule_state_(m.rules.size(), 0), outputs_(m.outputs.size()) {}

void Evaluator::start(const Household& h) {
  if (trace_) trace_->rules.assign(m_.rules.size(), std::nullopt);
  household_ = &h;
  member_ = nullptr;
  std::fill(rule_state_.begin(), rule_state_.end(), 0);
  running_.clear();
  not_applicable_.clear();
  not_applicable_rules_.clear();
}

// The rules running when a figure written n/a was read needed it: they are
// n/a for this household, and rethrow `e` when another output reads them.
void Evaluator::mark_not_applicable(const EvaluationError& e) {
  for (int r : running_) {
    rule_state_[static_cast<size_t>(r)] = 3;
    not_applicable_rules_.emplace_back(r, e);
  }
  running_.clear();
}

const std::vector<Exact>& Evaluator::evaluate(const Household& h) {
  start(h);
  for (size_t i = 0; i < m_.outputs.size(); ++i) {
    try {
      outputs_[i] = rule(m_.outputs[i].rule);
    } catch (const EvaluationError& e) {
      if (!e.not_applicable) throw;
      mark_not_applicable(e);
      outputs_[i] = Exact();
      not_applicable_.push_back({i, false, e.reason()});
    }
  }
  if (!m_.member_outputs.empty()) {
    member_values_.assign(m_.member_outputs.size(), {});
    for (size_t o = 0; o < m_.member_outputs.size(); ++o) {
      const model::MemberOutput& out = m_.member_outputs[o];
      size_t k = 0;
      try {
        for (; k < h.members.size(); ++k) {
          member_ = &h.members[k];
          if (out.list >= 0 && !truth(m_.member_lists[static_cast<size_t>(out.list)].condition)) continue;
          member_values_[o].push_back({static_cast<int>(k), eval(out.value)});
        }
      } catch (const EvaluationError& e) {
        member_ = nullptr;
        if (e.not_applicable) {  // the whole per-member output is n/a
          mark_not_applicable(e);
          member_values_[o].clear();
          EvaluationError named(e.rule, e.position, fmt::format("member {}: {}", k + 1, e.what()));
          not_applicable_.push_back({o, true, named.reason()});
          continue;
        }
        EvaluationError named(e.rule.empty() ? "output " + out.name : e.rule, e.position,
                              fmt::format("member {}: {}", k + 1, e.what()));
        named.not_applicable = e.not_applicable;
        throw named;
      } catch (const OverflowError& e) {
        member_ = nullptr;
        throw EvaluationError("output " + out.name, out.position,
                              fmt::format("per-member output '{}' overflows: {}", out.name, e.what()));
      } catch (const DivisionByZero&) {
        member_ = nullptr;
        throw EvaluationError("output " + out.name, out.position,
                              fmt::format("per-member output '{}' divides by zero", out.name));
      } catch (...) {
        member_ = nullptr;
        throw;
      }
      member_ = nullptr;
    }
  }
  return outputs_;
}

Exact Evaluator::rule_value(const Household& h, int index) {
  start(h);
  return rule(index);
}

std::optional<Exact> Evaluator::constant_rule_value(int index) {
  no_household_.inputs.assign(m_.inputs.size(), std::nullopt);
  start(no_household_);
  standards_only_ = true;
  try {
    Exact v = rule(index);
    standards_only_ = false;
    return v;
  } catch (const EvaluationError&) {
    standards_only_ = false;
    return std::nullopt;
  }
}

Evaluator::InvariantOutcome Evaluator::check_invariant(const model::Invariant& inv,
                                                       const std::vector<int64_t>& values) {
  no_household_.inputs.assign(m_.inputs.size(), std::nullopt);
  start(no_household_);
  ranges_ = &values;
  standards_only_ = true;
  struct Reset {
    bool& flag;
    ~Reset() { flag = false; }
  } reset{standards_only_};
  InvariantOutcome out;
  figures_.clear();
  const model::Expr& c = inv.condition;
  auto operands = [&](const model::Expr& side, std::vector<Exact>& into) {
    if (side.op == Op::divide || side.op == Op::multiply || side.op == Op::add ||
        side.op == Op::subtract)
      into = {eval(side.args[0]), eval(side.args[1])};
  };
  try {
    bool comparison = c.op == Op::less || c.op == Op::less_equal || c.op == Op::greater ||
                      c.op == Op::greater_equal || c.op == Op::equal || c.op == Op::not_equal;
    if (comparison && c.args[0].type.is_numeric()) {
      out.left = eval(c.args[0]);
      out.right = eval(c.args[1]);
      operands(c.args[0], out.left_operands);
      operands(c.args[1], out.right_operands);
    }
    out.holds = truth(c);
  } catch (const OverflowError& e) {
    ranges_ = nullptr;
    fail(inv.position, std::string("overflow: ") + e.what());
  } catch (const DivisionByZero&) {
    ranges_ = nullptr;
    fail(inv.position, "division by zero");
  } catch (...) {
    ranges_ = nullptr;
    throw;
  }
  ranges_ = nullptr;
  return out;
}

void Evaluator::read_figure(bool is_rule, int slot, size_t cell, const Exact& value) {
  for (const auto& f : figures_)
    if (f.is_rule == is_rule && f.slot == slot && f.cell == cell) return;
  figures_.push_back({is_rule, slot, cell, value});
}

void Evaluator::fail(const Position& p, const std::string& message) {
  std::string name = running_.empty() ? std::string() : m_.rules[static_cast<size_t>(running_.back())].name;

  throw EvaluationError(name, p, message);
}

const Exact& Evaluator::rule(int index) {
  auto i = static_cast<size_t>(index);
  if (trace_) {
    if (RuleTrace* f = frame()) {
      if (std::find(f->rules.begin(), f->rules.end(), index) == f->rules.end()) f->rules.push_back(index);
    }
  }
  if (rule_state_[i] == 2) return rule_values_[i];
  if (rule_state_[i] == 3) {
    for (const auto& [r, e] : not_applicable_rules_)
      if (r == index) throw e;
  }
  if (standards_only_ && m_.rules[i].body.op == Op::constant) {  // a published figure
    read_figure(true, index, 0, m_.rules[i].body.value);
    if (override_ && override_->is_rule && override_->slot == index) return override_->value;
  }
  // The checker rejects cycles; state 1 here would be a bug, not bad input.
  if (rule_state_[i] == 1) fail(m_.rules[i].position, "internal error: rule cycle at run time");
  rule_state_[i] = 1;
  if (trace_) {
    trace_->rules[i] = RuleTrace{};
    trace_->rules[i]->rule = index;
  }
  running_.push_back(index);
  try {
    rule_values_[i] = eval(m_.rules[i].body);
  } catch (const OverflowError& e) {
    fail(m_.rules[i].position, fmt::format("rule '{}' overflows: {}", m_.rules[i].name, e.what()));
  } catch (const DivisionByZero&) {
    fail(m_.rules[i].position, fmt::format("rule '{}' divides by zero", m_.rules[i].name));
  }
  if (trace_) trace_->rules[i]->value = rule_values_[i];
  running_.pop_back();
  rule_state_[i] = 2;
  return rule_values_[i];
}

Exact Evaluator::input(int slot) {
  const auto& v = household_->inputs[static_cast<size_t>(slot)];
  if (v) {
    if (RuleTrace* f = frame()) record_input(*f, slot, *v, false);
    return *v;
  }
  const auto& in = m_.inputs[static_cast<size_t>(slot)];
  if (standards_only_) {
    fail(in.position, fmt::format("this needs household input '{}': a require (or a constant) is "
                                  "about the standards, not a household", in.name));
  }
  if (!in.default_value) fail(in.position, fmt::format("household input '{}' is missing", in.name));
  Exact value = eval(*in.default_value);
  if (RuleTrace* f = frame()) record_input(*f, slot, value, true);
  return value;
}

void Evaluator::record_input(RuleTrace& f, int slot, const Exact& value, bool defaulted) {
  for (const auto& r : f.inputs)
    if (r.input == slot) return;
  f.inputs.push_back({slot, value, defaulted});
}

Exact Evaluator::member_input(int slot) {
  const auto& v = (*member_)[static_cast<size_t>(slot)];
  if (v) return *v;
  const auto& in = m_.inputs[static_cast<size_t>(slot)];
  if (!in.default_value) fail(in.position, fmt::format("member input '{}' is missing", in.name));
  return eval(*in.default_value);
}

// A table cell: the keys' codes give the cell; an n/a cell is an error naming it.
Exact Evaluator::table_lookup(const model::Expr& e) {
  const auto& a = e.args;
  const model::Table& t = m_.tables[static_cast<size_t>(e.slot)];
  size_t index = 0;
  int district = -1;
  for (size_t k = 0; k < a.size(); ++k) {
    if (trace_ && a[k].op == Op::region_of) {  // remember the district behind the region
      district = static_cast<int>(eval(a[k].args[0]).to_int64().value_or(-1));
    }
    auto code = eval(a[k]).to_int64().value_or(-1);
    if (code < 0 || code >= t.keys[k].size) fail(e.position, "table key out of range");
    index = model::cell_step(index, t.keys[k], code);
  }
  const auto& cell = t.cells[index];
  if (standards_only_ && cell) {  // a published figure a require reads
    read_figure(false, e.slot, index, *cell);
    if (override_ && !override_->is_rule && override_->slot == e.slot && override_->cell == index)
      return override_->value;
  }
  if (RuleTrace* f = frame()) {
    bool seen = false;
    for (const auto& l : f->lookups) seen |= l.table == e.slot && l.cell == index;
    if (!seen) f->lookups.push_back({e.slot, index, cell, district});
  }
  if (!cell) {
    std::string name = running_.empty() ? std::string() : m_.rules[static_cast<size_t>(running_.back())].name;
    EvaluationError error(name, t.cell_positions[index],
                          fmt::format("table '{}' has no figure for this household (the cell "
                                      "is written n/a)", t.name));
    error.not_applicable = true;
    throw error;
  }
  return *cell;
}

// clamp(x, low, high), with the bound that bit traced.
Exact Evaluator::clamp(const model::Expr& e) {
  const auto& a = e.args;
  Exact v = eval(a[0]), lo = eval(a[1]), hi = eval(a[2]);
  if (lo > hi) fail(e.position, fmt::format("clamp's low bound {} is above its high bound {}",
                                            lo.to_string(), hi.to_string()));
  int bound = v < lo ? -1 : (v > hi ? 1 : 0);
  if (RuleTrace* f = frame()) f->clamps.push_back({e.position, v, lo, hi, bound});
  return bound < 0 ? lo : (bound > 0 ? hi : v);
}

// age(birth_date, on): whole years.
Exact Evaluator::age(const model::Expr& e) {
  const auto& a = e.args;
  auto from = static_cast<int>(eval(a[0]).to_int64().value_or(0));
  auto to = static_cast<int>(eval(a[1]).to_int64().value_or(0));
  if (from > to) {
    fail(e.position, fmt::format("age: the birth date {} is after {}", format_date(from), format_date(to)));
  }
  return Exact::from_int(whole_years(from, to));
}

// months_between(from, to, MODE): whole months, a partial month rounded by MODE.
Exact Evaluator::months_between(const model::Expr& e) {
  const auto& a = e.args;
  auto from = static_cast<int>(eval(a[0]).to_int64().value_or(0));
  auto to = static_cast<int>(eval(a[1]).to_int64().value_or(0));
  bool negative = to < from;
  if (negative) std::swap(from, to);
  // Whole months k with from + k months <= to, then the partial month as
  // the fraction of the next month's days that have passed.
  CivilDate f = civil_from_days(from), t = civil_from_days(to);
  int k = (t.year - f.year) * 12 + (t.month - f.month);
  while (k > 0 && add_months(from, k) > to) --k;
  int start = add_months(from, k), next = add_months(from, k + 1);
  Exact months = Exact::from_int(k) + Exact::from_int(to - start) / Exact::from_int(next - start);
  if (negative) months = -months;
  return months.round(Exact::from_int(1), e.mode);
}

// calendar_months(from, to): months counted by calendar month (May to June is
// 1, whatever the days); first_day_of_month, month_of, year_of of one date.
Exact Evaluator::calendar(const model::Expr& e) {
  auto day = [&](size_t k) { return static_cast<int>(eval(e.args[k]).to_int64().value_or(0)); };
  CivilDate d = civil_from_days(day(0));
  switch (e.op) {
    case Op::calendar_months: {
      CivilDate t = civil_from_days(day(1));
      return Exact::from_int((int64_t{t.year} - d.year) * 12 + (int64_t{t.month} - d.month));
    }
    case Op::first_day_of_month: return Exact::from_int(days_from_civil(d.year, d.month, 1));
    case Op::month_of: return Exact::from_int(d.month);
    default: return Exact::from_int(d.year);
  }
}

// A series' value for a year (and its keys' cell).
Exact Evaluator::series_lookup(const model::Expr& e) {
  const auto& a = e.args;
  const model::Series& s = m_.series[static_cast<size_t>(e.slot)];
  auto year = eval(a[0]).to_int64().value_or(0);
  auto row = s.years.find(static_cast<int>(year));
  if (row == s.years.end()) {
    fail(e.position, fmt::format("series '{}' has no value for {} (data file {})", s.name,
                                 year, s.data_file));
  }
  size_t index = 0;
  for (size_t k = 0; k < s.keys.size(); ++k) {
    auto code = eval(a[k + 1]).to_int64().value_or(0);
    index = model::cell_step(index, s.keys[k], code);
  }
  const auto& cell = row->second[index];
  if (!cell) {
    std::string name = running_.empty() ? std::string() : m_.rules[static_cast<size_t>(running_.back())].name;
    EvaluationError error(name, e.position, fmt::format("series '{}' has no value for {} here (written n/a)", s.name, year));
    error.not_applicable = true;
    throw error;
  }
  if (RuleTrace* f = frame()) f->series.push_back({e.slot, static_cast<int>(year), *cell});
  return *cell;
}

// count(...) and sum(...) over the household's members.
Exact Evaluator::aggregate(const model::Expr& e) {
  const auto& a = e.args;
  Exact total;
  int64_t n = 0;
  const model::Expr* filter = e.op == Op::count ? (a.empty() ? nullptr : &a[0])
                                                : (a.size() > 1 ? &a[1] : nullptr);
  for (const auto& member : household_->members) {
    member_ = &member;
    if (filter && !truth(*filter)) continue;
    if (e.op == Op::count) {
      ++n;
    } else {
      total = total + eval(a[0]);
    }
  }
  member_ = nullptr;
  return e.op == Op::count ? Exact::from_int(n) : total;
}

Exact Evaluator::eval(const model::Expr& e) {
  const auto& a = e.args;
  switch (e.op) {
    case Op::constant: return e.value;
    case Op::household_input: return input(e.slot);
    case Op::member_input: return member_input(e.slot);
    case Op::rule: return rule(e.slot);
    case Op::table_lookup: return table_lookup(e);
    case Op::region_of: {
      auto d = eval(a[0]).to_int64().value_or(0);
      return Exact::from_int(m_.districts[static_cast<size_t>(d)].region);
    }
    case Op::in_region: {
      auto d = eval(a[0]).to_int64().value_or(0);
      return Exact::from_int(m_.districts[static_cast<size_t>(d)].region == e.slot ? 1 : 0);
    }
    case Op::add: return eval(a[0]) + eval(a[1]);
    case Op::subtract: return eval(a[0]) - eval(a[1]);
    case Op::multiply: return eval(a[0]) * eval(a[1]);
    case Op::divide: {
      Exact divisor = eval(a[1]);
      if (divisor.is_zero()) fail(e.position, "division by zero");
      return eval(a[0]) / divisor;
    }
    case Op::negate: return -eval(a[0]);
    case Op::equal: return Exact::from_int(eval(a[0]) == eval(a[1]));
    case Op::not_equal: return Exact::from_int(eval(a[0]) != eval(a[1]));
    case Op::less: return Exact::from_int(eval(a[0]) < eval(a[1]));
    case Op::less_equal: return Exact::from_int(eval(a[0]) <= eval(a[1]));
    case Op::greater: return Exact::from_int(eval(a[0]) > eval(a[1]));
    case Op::greater_equal: return Exact::from_int(eval(a[0]) >= eval(a[1]));
    case Op::logical_and: return Exact::from_int(truth(a[0]) && truth(a[1]));
    case Op::logical_or: return Exact::from_int(truth(a[0]) || truth(a[1]));
    case Op::logical_not: return Exact::from_int(!truth(a[0]));
    case Op::if_then_else: {
      bool then_taken = truth(a[0]);
      if (RuleTrace* f = frame()) f->branches.push_back({e.position, then_taken});
      return then_taken ? eval(a[1]) : eval(a[2]);
    }
    case Op::min:
    case Op::max: {
      Exact best = eval(a[0]);
      for (size_t i = 1; i < a.size(); ++i) {
        Exact v = eval(a[i]);
        if (e.op == Op::min ? v < best : v > best) best = std::move(v);
      }
      return best;
    }
    case Op::clamp: return clamp(e);
    case Op::evaluation_date: {
      if (!evaluation_date_ || standards_only_) {
        fail(e.position, "evaluation_date is not set: the command evaluates on no date");
      }
      return Exact::from_int(*evaluation_date_);
    }
    case Op::age: return age(e);
    case Op::months_between: return months_between(e);
    case Op::calendar_months:
    case Op::first_day_of_month:
    case Op::month_of:
    case Op::year_of: return calendar(e);
    case Op::abs: {
      Exact v = eval(a[0]);
      return v.sign() < 0 ? -v : v;
    }
    case Op::round: {
      Exact before = eval(a[0]);
      Exact after = before.round(e.value, e.mode);
      if (RuleTrace* f = frame()) {
        std::vector<Exact> quotient;
        if (a[0].op == Op::divide) quotient = {eval(a[0].args[0]), eval(a[0].args[1])};
        f = frame();  // evaluating the operands may have traced other rules
        f->roundings.push_back({before, after, e.value, e.mode, e.position, std::move(quotient)});
      }
      return after;
    }
    case Op::range: return Exact::from_int((*ranges_)[static_cast<size_t>(e.slot)]);
    case Op::series_lookup: return series_lookup(e);
    case Op::count:
    case Op::sum: return aggregate(e);
  }
  fail(e.position, "internal error: unknown operation");
}

}  // namespace doudi
