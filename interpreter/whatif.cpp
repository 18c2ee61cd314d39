// What-if runs and back pay (see whatif.h).
#include "interpreter/whatif.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <fmt/format.h>

#include "dsl/checker.h"
#include "dsl/date.h"
#include "dsl/parser.h"
#include "dsl/versions.h"
#include "interpreter/evaluator.h"
#include "interpreter/results.h"
#include "interpreter/value.h"

namespace doudi {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Digits after the decimal point as written ("660.50" -> 2).
int written_digits(const std::string& text) {
  size_t dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

std::string key_values(const model::Model& m, const model::TableKey& k) {
  std::vector<std::string> names;
  for (int code = 0; code < k.size; ++code) {
    if (k.kind == model::TypeKind::region) names.push_back(m.regions[static_cast<size_t>(code)].name);
    else if (k.kind == model::TypeKind::district) names.push_back(m.districts[static_cast<size_t>(code)].name);
    else names.push_back(m.enums[static_cast<size_t>(k.enumeration)].values[static_cast<size_t>(code)].name);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// "keyed by region (一类地区, 二类地区), hukou (urban, rural)".
std::string keys_text(const model::Model& m, const model::Table& t) {
  if (t.keys.empty()) return "without keys";
  std::vector<std::string> parts;
  for (const auto& k : t.keys) parts.push_back(fmt::format("{} ({})", k.name, key_values(m, k)));
  return "keyed by " + fmt::format("{}", fmt::join(parts, ", "));
}

std::string type_word(model::TypeKind k) {
  switch (k) {
    case model::TypeKind::money: return "money";
    case model::TypeKind::integer: return "integer";
    default: return "decimal";
  }
}

// Checks that `value` can stand in a table or rule of type `type`; returns
// the reason when it cannot.
std::optional<std::string> value_misfit(const model::Type& type, int declared_scale,
                                        const std::string& value) {
  auto v = Exact::parse(value);
  if (!v) return fmt::format("'{}' is not a number (write digits with an optional '.', e.g. 660 or 0.3)", value);
  int digits = written_digits(value);
  if (type.kind == model::TypeKind::integer && digits > 0)
    return fmt::format("'{}': this holds integers, write a whole number", value);
  if (type.kind == model::TypeKind::money && digits > 2)
    return fmt::format("'{}': money has at most 2 digits after the point (fen)", value);
  if (declared_scale >= 0 && digits > declared_scale)
    return fmt::format("'{}': this holds decimal({}), at most {} digits after the point", value,
                       declared_scale, declared_scale);
  return std::nullopt;
}

// The series data files of `f`, read as the loader reads them; problems
// were already reported when the policy was loaded.
std::map<std::string, std::shared_ptr<const SourceFile>> series_files(const syntax::PolicyFile& f) {
  std::vector<Diagnostic> reported;
  return read_series_data_files(f, reported);
}

size_t version_index(const PolicySet& set, const model::Model& base) {
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) return i;
  throw WhatIfError("the base of a what-if is not a version of the policy");
}

}  // namespace

// ---- the alternative ---------------------------------------------------------

Setting parse_setting(const std::string& text) {
  size_t eq = text.rfind('=');
  if (eq == std::string::npos)
    throw WhatIfError(fmt::format("--set '{}': write NAME=VALUE, e.g. --set 'dibao_standard[一类地区, urban]=660'", text));
  Setting s{trim(std::string_view(text).substr(0, eq)), trim(std::string_view(text).substr(eq + 1))};
  if (s.target.empty() || s.value.empty())
    throw WhatIfError(fmt::format("--set '{}': write NAME=VALUE, e.g. --set 'dibao_standard[一类地区, urban]=660'", text));
  return s;
}

const model::Model& find_version(const PolicySet& set, const std::string& version) {
  for (const auto& m : set.versions)
    if (m.version == version) return m;
  std::vector<std::string> names;
  for (const auto& m : set.versions) names.push_back(m.version);
  throw WhatIfError(fmt::format("no version '{}' (versions: {})", version, fmt::join(names, ", ")));
}

model::Model apply_settings(const PolicySet& set, const model::Model& base,
                            const std::vector<Setting>& settings) {
  size_t index = version_index(set, base);
  if (index >= set.merged.size() || !set.merged[index])
    throw WhatIfError("the policy's merged syntax is not available for a what-if");
  syntax::PolicyFile f = *set.merged[index];
  // The settings as a source file of their own, so a message can point at one.
  auto file = std::make_shared<SourceFile>();
  file->path = "--set";
  for (const auto& s : settings) file->text += s.target + " = " + s.value + "\n";
  Evaluator constants(base);
  for (size_t i = 0; i < settings.size(); ++i) {
    const Setting& s = settings[i];
    Position at;
    at.file = file;
    at.line = static_cast<int>(i) + 1;
    at.column = 1;
    at.length = static_cast<int>(s.target.size());
    std::string where = fmt::format("--set {}={}", s.target, s.value);
    std::string name = trim(std::string_view(s.target).substr(0, s.target.find('[')));
    int table = -1;
    std::optional<size_t> cell;
    std::string why;
    if (base.find_table(name) >= 0) {
      const auto& t = base.tables[static_cast<size_t>(base.find_table(name))];
      if (!parse_cell_reference(base, s.target, table, cell, why)) {
        throw WhatIfError(fmt::format("{}: table '{}': {} (the table is {})", where, name, why,
                                      keys_text(base, t)));
      }
      if (!cell && !t.keys.empty()) {
        throw WhatIfError(fmt::format("{}: table '{}' is {}: name one cell, e.g. {}{}", where, name,
                                      keys_text(base, t), name, cell_name(base, t, 0)));
      }
      syntax::CellSet change;
      change.table = {name, at};
      if (cell) {
        std::string keys = cell_name(base, t, *cell);  // "[一类地区, urban]"
        std::string_view inside(keys);
        inside = inside.substr(1, inside.size() - 2);
        while (!inside.empty()) {
          size_t comma = inside.find(", ");
          change.keys.push_back({std::string(inside.substr(0, comma)), at});
          if (comma == std::string_view::npos) break;
          inside.remove_prefix(comma + 2);
        }
      }
      if (s.value == "n/a" || s.value == "—") {
        change.value = {syntax::Cell::Kind::not_applicable, s.value, at};
      } else {
        if (auto misfit = value_misfit(t.type, t.declared_scale, s.value))
          throw WhatIfError(fmt::format("{}: table '{}': {}", where, name, *misfit));
        change.value = {syntax::Cell::Kind::number, s.value, at};
      }
      f.sets.push_back(std::move(change));
      continue;
    }
    int rule = base.find_rule(name);
    if (rule < 0) {
      std::vector<std::string> tables;
      for (const auto& t : base.tables)
        if (t.name.rfind("previous ", 0) != 0) tables.push_back(t.name);
      throw WhatIfError(fmt::format("{}: version {} has no table or rule named '{}' (tables: {})",
                                    where, base.version, name, fmt::join(tables, ", ")));
    }
    const auto& r = base.rules[static_cast<size_t>(rule)];
    if (s.target.find('[') != std::string::npos)
      throw WhatIfError(fmt::format("{}: '{}' is a rule, not a table: write --set {}=VALUE", where, name, name));
    if (!r.type.is_numeric())
      throw WhatIfError(fmt::format("{}: rule '{}' is not a number", where, name));
    if (!constants.constant_rule_value(rule)) {
      throw WhatIfError(fmt::format("{}: rule '{}' reads the household: only table cells and rules "
                                    "that need no household (constants of the standards) can be set",
                                    where, name));
    }
    auto decl = std::find_if(f.rules.begin(), f.rules.end(),
                             [&](const auto& d) { return d.name.text == name; });
    if (decl == f.rules.end()) throw WhatIfError(fmt::format("{}: rule '{}' is not declared", where, name));
    int declared = decl->type ? decl->type->scale : -1;
    if (auto misfit = value_misfit(r.type, declared, s.value))
      throw WhatIfError(fmt::format("{}: rule '{}': {}", where, name, *misfit));
    if (!decl->type) {
      syntax::TypeRef type;
      type.name = {type_word(r.type.kind), at};
      int digits = written_digits(s.value);
      if (r.type.kind == model::TypeKind::decimal && digits > 6) type.scale = digits;
      decl->type = type;
    }
    auto number = std::make_shared<syntax::Expr>();
    number->kind = syntax::ExprKind::number;
    number->position = at;
    number->text = s.value;
    decl->body = number;
  }
  f.version->text += "+set";
  CheckContext context;
  context.previous = index > 0 ? &set.versions[index - 1] : nullptr;
  context.data_files = series_files(f);
  return check_policy(f, context);
}

// ---- how outputs are read ----------------------------------------------------

OutputRoles output_roles(const model::Model& m) {
  OutputRoles r;
  int scale = -1;
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (o.type.kind == model::TypeKind::money) {
      r.money.push_back(static_cast<int>(i));
      scale = std::max(scale, o.scale);
      if (o.name == "total") r.total = static_cast<int>(i);
    }
    if (o.name == "grade" && o.type.kind == model::TypeKind::enumeration) r.grade = static_cast<int>(i);
  }
  r.scale = scale < 0 ? 2 : scale;
  int members = m.find_input("members", model::Scope::household);
  if (members >= 0 && m.inputs[static_cast<size_t>(members)].type.kind == model::TypeKind::integer)
    r.members = members;
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    if (m.inputs[i].scope == model::Scope::household && m.inputs[i].type.kind == model::TypeKind::district) {
      r.district = static_cast<int>(i);
      break;
    }
  }
  return r;
}

Exact OutputRoles::benefit(const std::vector<Exact>& outputs) const {
  if (total >= 0) return outputs[static_cast<size_t>(total)];
  Exact sum;
  for (int i : money) sum = sum + outputs[static_cast<size_t>(i)];
  return sum;
}

Exact OutputRoles::people(const model::Model& m, const Household& h) const {
  if (members < 0) return Exact::from_int(1);
  const auto& given = h.inputs[static_cast<size_t>(members)];
  if (given) return *given;
  const auto& d = m.inputs[static_cast<size_t>(members)].default_value;
  if (d && d->op == model::Op::constant) return d->value;
  if (d && d->op == model::Op::count && d->args.empty())
    return Exact::from_int(static_cast<int64_t>(h.members.size()));
  if (!h.members.empty()) return Exact::from_int(static_cast<int64_t>(h.members.size()));
  return Exact::from_int(1);
}

std::string OutputRoles::describe_benefit(const model::Model& m) const {
  auto named = [&](int i) {
    const auto& o = m.outputs[static_cast<size_t>(i)];
    return o.label.empty() ? fmt::format("'{}'", o.name) : fmt::format("'{}' ({})", o.name, o.label);
  };
  if (total >= 0) return "output " + named(total);
  if (money.empty()) return "no money outputs (every benefit is 0)";
  std::vector<std::string> parts;
  for (int i : money) parts.push_back(named(i));
  return "the sum of the money outputs " + fmt::format("{}", fmt::join(parts, " + "));
}

std::string region_of(const model::Model& m, const OutputRoles& roles, const Household& h) {
  if (roles.district < 0) return "all";
  const auto& v = h.inputs[static_cast<size_t>(roles.district)];
  std::optional<Exact> code = v;
  if (!code) {
    const auto& d = m.inputs[static_cast<size_t>(roles.district)].default_value;
    if (d && d->op == model::Op::constant) code = d->value;
  }
  if (!code) return "all";
  auto index = code->to_int64();
  if (!index || *index < 0 || static_cast<size_t>(*index) >= m.districts.size()) return "all";
  int region = m.districts[static_cast<size_t>(*index)].region;
  if (region < 0 || static_cast<size_t>(region) >= m.regions.size()) return "all";
  return m.regions[static_cast<size_t>(region)].name;
}

// ---- reading households under several versions ---------------------------

namespace {

bool same_enum(const model::Enumeration& a, const model::Enumeration& b) {
  if (a.values.size() != b.values.size()) return false;
  for (size_t i = 0; i < a.values.size(); ++i)
    if (a.values[i].name != b.values[i].name || a.values[i].label != b.values[i].label) return false;
  return true;
}

bool required(const model::Input& in) { return !in.default_value.has_value(); }

}  // namespace

bool same_household_layout(const model::Model& a, const model::Model& b) {
  if (&a == &b) return true;
  if (a.inputs.size() != b.inputs.size() || a.districts.size() != b.districts.size()) return false;
  for (size_t i = 0; i < a.districts.size(); ++i)
    if (a.districts[i].name != b.districts[i].name) return false;
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    const auto& x = a.inputs[i];
    const auto& y = b.inputs[i];
    if (x.name != y.name || x.scope != y.scope || x.type.kind != y.type.kind ||
        x.type.scale != y.type.scale || required(x) != required(y)) {
      return false;
    }
    if (x.type.kind == model::TypeKind::enumeration &&
        !same_enum(a.enums[static_cast<size_t>(x.type.enumeration)],
                   b.enums[static_cast<size_t>(y.type.enumeration)])) {
      return false;
    }
  }
  return true;
}

namespace {

// Reports a household's errors once each; when only some layouts gave one,
// says which versions.
class ErrorReport {
 public:
  ErrorReport(std::ostream& out, const std::vector<std::string>& layout_versions)
      : out_(out), versions_(layout_versions) {}

  void add(size_t layout, const HouseholdError& e) {
    std::string text = e.render();
    for (auto& [t, layouts] : pending_)
      if (t == text) {
        layouts.insert(layout);
        return;
      }
    pending_.push_back({text, {layout}});
  }
  bool empty() const { return pending_.empty(); }
  void flush() {
    for (const auto& [text, layouts] : pending_) {
      out_ << text;
      if (layouts.size() < versions_.size()) {
        std::vector<std::string> names;
        for (size_t l : layouts) names.push_back(versions_[l]);
        out_ << fmt::format(" (version {})", fmt::join(names, ", "));
      }
      out_ << "\n";
    }
    pending_.clear();
  }

 private:
  std::ostream& out_;
  std::vector<std::string> versions_;
  std::vector<std::pair<std::string, std::set<size_t>>> pending_;
};

}  // namespace

long evaluate_under_versions(const std::vector<const model::Model*>& models,
                             const std::vector<std::string>& files, std::ostream& errors,
                             const EvaluatedFn& each, long& evaluated,
                             const std::vector<std::optional<int>>& dates) {
  // Versions that read households alike share one reading.
  std::vector<const model::Model*> layouts;
  std::vector<size_t> layout_of(models.size());
  std::vector<std::vector<std::string>> layout_names;
  for (size_t i = 0; i < models.size(); ++i) {
    size_t l = 0;
    while (l < layouts.size() && !same_household_layout(*layouts[l], *models[i])) ++l;
    if (l == layouts.size()) {
      layouts.push_back(models[i]);
      layout_names.emplace_back();
    }
    layout_of[i] = l;
    auto& names = layout_names[l];
    if (std::find(names.begin(), names.end(), models[i]->version) == names.end())
      names.push_back(models[i]->version);
  }
  std::vector<std::string> layout_versions;
  for (const auto& n : layout_names) layout_versions.push_back(fmt::format("{}", fmt::join(n, ", ")));
  // One evaluator per distinct version: evaluate() returns its own storage.
  std::vector<std::unique_ptr<Evaluator>> evaluators;
  std::vector<size_t> evaluator_of(models.size());
  std::vector<std::pair<const model::Model*, std::optional<int>>> distinct;
  for (size_t i = 0; i < models.size(); ++i) {
    std::pair<const model::Model*, std::optional<int>> key{models[i], i < dates.size() ? dates[i] : std::nullopt};
    auto it = std::find(distinct.begin(), distinct.end(), key);
    evaluator_of[i] = static_cast<size_t>(it - distinct.begin());
    if (it == distinct.end()) {
      distinct.push_back(key);
      evaluators.push_back(std::make_unique<Evaluator>(*models[i]));
      evaluators.back()->set_evaluation_date(key.second);
    }
  }
  long rejected = 0;
  std::vector<const Household*> households(models.size());
  std::vector<const std::vector<Exact>*> outputs(models.size());
  std::vector<const std::vector<Exact>*> by_evaluator(distinct.size());
  auto evaluate = [&](const std::vector<const Household*>& per_layout) {
    std::fill(by_evaluator.begin(), by_evaluator.end(), nullptr);
    for (size_t i = 0; i < models.size(); ++i) {
      households[i] = per_layout[layout_of[i]];
      size_t e = evaluator_of[i];
      if (!by_evaluator[e]) {
        try {
          by_evaluator[e] = &evaluators[e]->evaluate(*households[i]);
        } catch (const EvaluationError& err) {
          errors << fmt::format("{}: version {}: {}{} (at {})\n", describe(*households[i]),
                                models[i]->version, err.rule.empty() ? "" : "rule '" + err.rule + "': ",
                                err.what(), err.position.to_string());
          ++rejected;
          return;
        }
      }
      outputs[i] = by_evaluator[e];
    }
    each(households, outputs);
    ++evaluated;
  };
  ErrorReport report(errors, layout_versions);
  for (const auto& path : files) {
    if (is_csv_path(path)) {
      std::vector<std::unique_ptr<CsvHouseholdReader>> readers;
      for (const auto* m : layouts) readers.push_back(std::make_unique<CsvHouseholdReader>(*m, path));
      for (size_t l = 0; l < readers.size(); ++l)
        if (readers[l]->error()) report.add(l, *readers[l]->error());
      if (!report.empty()) {
        report.flush();
        ++rejected;
        continue;
      }
      std::vector<Household> rows(layouts.size());
      std::vector<const Household*> per_layout(layouts.size());
      std::optional<HouseholdError> row_error;
      while (true) {
        bool more = true;
        for (size_t l = 0; l < readers.size(); ++l) {
          more = readers[l]->next(rows[l], row_error) && more;
          if (row_error) report.add(l, *row_error);
          per_layout[l] = &rows[l];
        }
        if (!more) break;
        if (!report.empty()) {
          report.flush();
          ++rejected;
          continue;
        }
        evaluate(per_layout);
      }
    } else {
      std::vector<std::vector<Household>> documents(layouts.size());
      std::vector<std::map<long, size_t>> by_position(layouts.size());
      std::set<std::string> bad;  // a household with three bad fields is one rejected
      for (size_t l = 0; l < layouts.size(); ++l) {
        std::vector<HouseholdError> errs;
        documents[l] = read_household_document(*layouts[l], path, errs);
        for (const auto& e : errs) {
          report.add(l, e);
          bad.insert(e.household);
        }
        for (size_t k = 0; k < documents[l].size(); ++k) by_position[l][documents[l][k].position] = k;
      }
      report.flush();
      rejected += static_cast<long>(bad.size());
      if (layouts.empty()) continue;
      std::vector<const Household*> per_layout(layouts.size());
      for (const auto& h : documents[0]) {
        bool all = true;
        for (size_t l = 0; l < layouts.size(); ++l) {
          auto it = by_position[l].find(h.position);
          if (it == by_position[l].end()) {
            all = false;
            break;
          }
          per_layout[l] = &documents[l][it->second];
        }
        if (all) evaluate(per_layout);  // else: rejected by a version, reported above
      }
    }
  }
  return rejected;
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
  region_from_after_ = roles_before_.district < 0 && roles_after_.district >= 0;
  // Every money output of either version, the baseline's order first.
  for (int i : roles_before_.money) {
    const auto& o = before.outputs[static_cast<size_t>(i)];
    columns_.push_back({o.name, o.label, i, -1, o.scale});
  }
  for (int i : roles_after_.money) {
    const auto& o = after.outputs[static_cast<size_t>(i)];
    auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == o.name; });
    if (it == columns_.end()) {
      columns_.push_back({o.name, o.label, -1, i, o.scale});
    } else {
      it->after = i;
      it->scale = std::max(it->scale, o.scale);
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

void WhatIf::add(const Household& hb, const std::vector<Exact>& ob, const Household& ha,
                 const std::vector<Exact>& oa, std::string* row) {
  Exact b = roles_before_.benefit(ob);
  Exact a = roles_after_.benefit(oa);
  bool covered_before = b.sign() > 0, covered_after = a.sign() > 0;
  Exact people_before = roles_before_.people(before_, hb);
  Exact people_after = roles_after_.people(after_, ha);
  std::string region = region_from_after_ ? region_of(after_, roles_after_, ha)
                                          : region_of(before_, roles_before_, hb);
  auto count = [&](GroupTotals& g, bool before_side, bool after_side) {
    if (before_side) {
      ++g.households_before;
      g.cost_before = g.cost_before + b;
      if (covered_before) {
        ++g.covered_before;
        g.people_before = g.people_before + people_before;
      }
    }
    if (after_side) {
      ++g.households_after;
      g.cost_after = g.cost_after + a;
      if (covered_after) {
        ++g.covered_after;
        g.people_after = g.people_after + people_after;
      }
    }
  };
  count(s_.all, true, true);
  count(group(s_.regions, region_index_, region, ""), true, true);
  auto grade_name = [](const model::Model& m, int output, const std::vector<Exact>& values,
                       std::string& label) {
    const auto& type = m.outputs[static_cast<size_t>(output)].type;
    const auto& e = m.enums[static_cast<size_t>(type.enumeration)];
    auto code = values[static_cast<size_t>(output)].to_int64().value_or(-1);
    if (code < 0 || static_cast<size_t>(code) >= e.values.size()) return std::string("?");
    label = e.values[static_cast<size_t>(code)].label;
    return e.values[static_cast<size_t>(code)].name;
  };
  if (roles_before_.grade >= 0) {
    std::string label;
    std::string name = grade_name(before_, roles_before_.grade, ob, label);
    count(group(s_.grades, grade_index_, name, label), true, false);
  }
  if (roles_after_.grade >= 0) {
    std::string label;
    std::string name = grade_name(after_, roles_after_.grade, oa, label);
    count(group(s_.grades, grade_index_, name, label), false, true);
  }
  ++s_.households;
  if (!covered_before && covered_after) {
    ++s_.newly_covered;
    s_.people_newly_covered = s_.people_newly_covered + people_after;
  }
  if (covered_before && !covered_after) {
    ++s_.dropped;
    s_.people_dropped = s_.people_dropped + people_before;
  }
  Exact change = a - b;
  int sign = change.sign();
  if (sign > 0) ++s_.gain;
  else if (sign < 0) ++s_.lose;
  else ++s_.unchanged;
  if (sign != 0) {
    ++s_.changes[change];
    HouseholdChange c{hb.id, region, b, a, s_.households};
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
  if (s_.outputs.empty()) {
    for (const auto& c : columns_)
      s_.outputs.push_back({c.name, c.label, c.before >= 0, c.after >= 0, c.scale, {}, {}});
  }
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    auto& t = s_.outputs[k];
    if (c.before >= 0) t.before = t.before + ob[static_cast<size_t>(c.before)];
    if (c.after >= 0) t.after = t.after + oa[static_cast<size_t>(c.after)];
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

WhatIfSummary WhatIf::summary() const {
  WhatIfSummary s = s_;
  if (s.outputs.empty()) {
    for (const auto& c : columns_) s.outputs.push_back({c.name, c.label, c.before >= 0, c.after >= 0, c.scale, {}, {}});
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
                         std::ostream& errors, std::optional<int> evaluation_date) {
  WhatIf w(before, after);
  if (detail) *detail << w.detail_header() << '\n';
  std::string row;
  long evaluated = 0;
  long rejected = evaluate_under_versions(
      {&before, &after}, files, errors,
      [&](const std::vector<const Household*>& h, const std::vector<const std::vector<Exact>*>& o) {
        w.add(*h[0], *o[0], *h[1], *o[1], detail ? &row : nullptr);
        if (detail) *detail << row << '\n';
      },
      evaluated, {evaluation_date, evaluation_date});
  WhatIfSummary s = w.summary();
  s.rejected = rejected;
  return s;
}

// ---- text --------------------------------------------------------------------

std::string amount_text(const Exact& v, int scale) {
  auto text = v.to_fixed(scale);
  return text ? *text : v.to_string();
}

std::string signed_amount_text(const Exact& v, int scale) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += amount_text(v, scale);
}

namespace {


std::string count_text(long n) { return std::to_string(n); }
std::string signed_count(long n) {
  std::string out = n > 0 ? "+" : "";
  return out += std::to_string(n);
}
std::string signed_exact(const Exact& v) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += v.to_string();
}

}  // namespace

std::string text_table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  if (rows.empty()) return "";
  std::vector<size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (size_t c = 0; c < r.size(); ++c) {
      size_t w = display_width(r[c]);
      std::string fill(width[c] > w ? width[c] - w : 0, ' ');
      bool is_right = c < right.size() && right[c];
      if (c) l += "  ";
      l += is_right ? fill + r[c] : (c + 1 == r.size() ? r[c] : r[c] + fill);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(rows[0]);
  std::string rule;
  for (size_t c = 0; c < width.size(); ++c) rule += (c ? "  " : "") + std::string(width[c], '-');
  out += rule + "\n";
  for (size_t i = 1; i < rows.size(); ++i) line(rows[i]);
  return out;
}

void print_summary(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  const Exact twelve = Exact::from_int(12);
  out << fmt::format("what-if: policy {}{}\n", s.policy, s.date.empty() ? "" : " on " + s.date);
  out << fmt::format("  baseline:    {}\n", s.baseline);
  out << fmt::format("  alternative: {}{}\n", s.alternative,
                     s.alternative_how.empty() ? "" : ": " + s.alternative_how);
  out << fmt::format("  benefit: {}; covered: benefit > 0; people: {}\n", s.benefit_text, s.people_text);
  out << fmt::format("households: {} evaluated, {} rejected\n\n", s.households, s.rejected);

  const auto& a = s.all;
  std::vector<std::vector<std::string>> rows = {
      {"", "before", "after", "change"},
      {"households covered", count_text(a.covered_before), count_text(a.covered_after),
       signed_count(a.covered_after - a.covered_before)},
      {"people covered", a.people_before.to_string(), a.people_after.to_string(),
       signed_exact(a.people_after - a.people_before)},
      {"newly covered (households / people)", "", fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), ""},
      {"dropped (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), ""},
      {"monthly cost", amount_text(a.cost_before, sc), amount_text(a.cost_after, sc),
       signed_amount_text(s.difference(), sc)},
      {"annual cost (x12)", amount_text(a.cost_before * twelve, sc), amount_text(a.cost_after * twelve, sc),
       signed_amount_text(s.difference() * twelve, sc)},
  };
  out << text_table(rows, {false, true, true, true}) << "\n";

  auto group_table = [&](const std::vector<GroupTotals>& groups, const std::string& heading, bool grades) {
    std::vector<std::vector<std::string>> t = {
        {heading, "households", "covered before", "after", "people before", "after",
         "monthly before", "after", "change", "annual change"}};
    if (grades) t[0][1] = "households before/after";
    auto row = [&](const GroupTotals& g, const std::string& name) {
      std::string households = grades ? fmt::format("{}/{}", g.households_before, g.households_after)
                                      : count_text(g.households_before);
      t.push_back({name, households, count_text(g.covered_before), count_text(g.covered_after),
                   g.people_before.to_string(), g.people_after.to_string(),
                   amount_text(g.cost_before, sc), amount_text(g.cost_after, sc),
                   signed_amount_text(g.cost_after - g.cost_before, sc),
                   signed_amount_text((g.cost_after - g.cost_before) * twelve, sc)});
    };
    for (const auto& g : groups) row(g, g.label.empty() || !grades ? g.name : g.name + " " + g.label);
    row(s.all, "total");
    out << text_table(t, {false, true, true, true, true, true, true, true, true, true}) << "\n";
  };
  group_table(s.regions, "by region", false);
  if (s.has_grades) group_table(s.grades, "by grade", true);

  out << fmt::format("households that gain: {}, lose: {}, unchanged: {}\n\n", s.gain, s.lose, s.unchanged);
  if (!s.largest.empty()) {
    std::vector<std::vector<std::string>> t = {{"largest changes", "region", "before", "after", "change"}};
    for (const auto& c : s.largest)
      t.push_back({c.id, c.region, amount_text(c.before, sc), amount_text(c.after, sc),
                   signed_amount_text(c.after - c.before, sc)});
    out << text_table(t, {false, false, true, true, true});
  }
}

// ---- back pay ----------------------------------------------------------------

int parse_month(const std::string& text) {
  bool ok = text.size() == 7 && text[4] == '-';
  for (size_t i = 0; ok && i < 7; ++i)
    if (i != 4 && (text[i] < '0' || text[i] > '9')) ok = false;
  int year = ok ? std::stoi(text.substr(0, 4)) : 0;
  int month = ok ? std::stoi(text.substr(5, 2)) : 0;
  if (!ok || month < 1 || month > 12)
    throw WhatIfError(fmt::format("'{}' is not a month written YYYY-MM (e.g. 2020-07)", text));
  return year * 12 + month - 1;
}

std::string month_text(int month) { return fmt::format("{:04}-{:02}", month / 12, month % 12 + 1); }

ArrearsTotals run_arrears(const PolicySet& set, const model::Model& paid, int from, int to,
                          const std::vector<std::string>& files, std::ostream& errors,
                          const std::function<void(const ArrearsHousehold&)>& each) {
  if (from > to)
    throw WhatIfError(fmt::format("--from {} is after --to {}", month_text(from), month_text(to)));
  if (to - from >= 1200) throw WhatIfError("the range is longer than 100 years");
  // The version due each month: the one in force on its first day.
  std::vector<const model::Model*> models;
  std::vector<size_t> month_model;
  // A version whose rules read evaluation_date is evaluated on each month's
  // first day (one evaluation per month); others once for the whole range.
  bool dated = model::reads_evaluation_date(paid);
  for (int month = from; month <= to; ++month) {
    int day = days_from_civil(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
    dated = dated || model::reads_evaluation_date(set.in_force(day));
  }
  std::vector<std::optional<int>> dates;
  std::vector<size_t> month_paid;
  auto index_at = [&](const model::Model* m, std::optional<int> day) {
    for (size_t i = 0; i < models.size(); ++i)
      if (models[i] == m && dates[i] == day) return i;
    models.push_back(m);
    dates.push_back(day);
    return models.size() - 1;
  };
  for (int month = from; month <= to; ++month) {
    int day = days_from_civil(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
    std::optional<int> on = dated ? std::optional<int>(day) : std::nullopt;
    month_model.push_back(index_at(&set.in_force(day), on));
    month_paid.push_back(index_at(&paid, on));
  }
  size_t paid_index = month_paid.front();
  std::vector<OutputRoles> roles;
  ArrearsTotals totals;
  int scale = 0;
  for (const auto* m : models) {
    roles.push_back(output_roles(*m));
    scale = std::max(scale, roles.back().scale);
  }
  totals.scale = scale;
  long evaluated = 0;
  ArrearsHousehold row;
  std::vector<Exact> benefit(models.size());
  totals.rejected = evaluate_under_versions(
      models, files, errors,
      [&](const std::vector<const Household*>& h, const std::vector<const std::vector<Exact>*>& o) {
        for (size_t i = 0; i < models.size(); ++i) benefit[i] = roles[i].benefit(*o[i]);
        row.id = h[paid_index]->id;
        row.months.clear();
        row.due = row.paid = row.difference = row.owed = Exact();
        for (int month = from; month <= to; ++month) {
          ArrearsMonth m;
          m.month = month;
          size_t v = month_model[static_cast<size_t>(month - from)];
          m.due_version = models[v];
          m.due = benefit[v];
          m.paid = benefit[month_paid[static_cast<size_t>(month - from)]];
          m.difference = m.due - m.paid;
          m.owed = m.difference.sign() > 0 ? m.difference : Exact();
          if (m.difference.sign() < 0) ++totals.overpaid_months;
          row.due = row.due + m.due;
          row.paid = row.paid + m.paid;
          row.difference = row.difference + m.difference;
          row.owed = row.owed + m.owed;
          row.months.push_back(m);
        }
        totals.due = totals.due + row.due;
        totals.paid = totals.paid + row.paid;
        totals.difference = totals.difference + row.difference;
        totals.owed = totals.owed + row.owed;
        each(row);
      },
      evaluated, dates);
  totals.households = evaluated;
  return totals;
}

}  // namespace doudi
