// Settings (see settings.h).
#include "dsl/settings.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"
#include "dsl/checker.h"
#include "dsl/series_data.h"
#include "dsl/version_compare.h"

namespace doudi {

namespace {

// "keyed by region (一类地区, 二类地区), hukou (urban, rural)".
std::string keys_text(const model::Model& m, const model::Table& t) {
  if (t.keys.empty()) return "without keys";
  std::vector<std::string> parts;
  for (const auto& k : t.keys) parts.push_back(fmt::format("{} ({})", k.name, model::key_value_names(m, k)));
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
  throw UsageError("the base of a what-if is not a version of the policy");
}

}  // namespace

Setting parse_setting(const std::string& text) {
  size_t eq = text.rfind('=');
  if (eq == std::string::npos)
    throw UsageError(fmt::format("--set '{}': write NAME=VALUE, e.g. --set 'dibao_standard[一类地区, urban]=660'", text));
  Setting s{std::string(trim(std::string_view(text).substr(0, eq))),
            std::string(trim(std::string_view(text).substr(eq + 1)))};
  if (s.target.empty() || s.value.empty())
    throw UsageError(fmt::format("--set '{}': write NAME=VALUE, e.g. --set 'dibao_standard[一类地区, urban]=660'", text));
  return s;
}

const model::Model& find_version(const PolicySet& set, const std::string& version) {
  for (const auto& m : set.versions)
    if (m.version == version) return m;
  std::vector<std::string> names;
  for (const auto& m : set.versions) names.push_back(m.version);
  throw UsageError(fmt::format("no version '{}' (versions: {})", version, fmt::join(names, ", ")));
}

namespace {

// One setting being applied: its text, where a message points, the name it sets.
struct SettingAt {
  const Setting& setting;
  Position at;
  std::string where;  // "--set NAME=VALUE"
  std::string name;   // the table or rule
};

// `TABLE[KEYS]=VALUE` as an amendment's `set` line.
syntax::CellSet cell_setting(const model::Model& base, const model::Table& t, const SettingAt& s) {
  int table = -1;
  std::optional<size_t> cell;
  std::string why;
  if (!parse_cell_reference(base, s.setting.target, table, cell, why)) {
    throw UsageError(fmt::format("{}: table '{}': {} (the table is {})", s.where, s.name, why,
                                 keys_text(base, t)));
  }
  if (!cell && !t.keys.empty()) {
    throw UsageError(fmt::format("{}: table '{}' is {}: name one cell, e.g. {}{}", s.where, s.name,
                                 keys_text(base, t), s.name, cell_name(base, t, 0)));
  }
  syntax::CellSet change;
  change.table = {s.name, s.at};
  if (cell) {
    std::string keys = cell_name(base, t, *cell);  // "[一类地区, urban]"
    std::string_view inside(keys);
    inside = inside.substr(1, inside.size() - 2);
    while (!inside.empty()) {
      size_t comma = inside.find(", ");
      change.keys.push_back({std::string(inside.substr(0, comma)), s.at});
      if (comma == std::string_view::npos) break;
      inside.remove_prefix(comma + 2);
    }
  }
  const std::string& value = s.setting.value;
  if (value == "n/a" || value == "—") {
    change.value = {syntax::Cell::Kind::not_applicable, value, s.at};
  } else {
    if (auto misfit = value_misfit(t.type, t.declared_scale, value))
      throw UsageError(fmt::format("{}: table '{}': {}", s.where, s.name, *misfit));
    change.value = {syntax::Cell::Kind::number, value, s.at};
  }
  return change;
}

// `RULE=VALUE`: the rule's body in `f` becomes the number.
void rule_setting(syntax::PolicyFile& f, const model::Model& base, int rule, const SettingAt& s,
                  const std::function<bool(int rule)>& needs_no_household) {
  const auto& r = base.rules[static_cast<size_t>(rule)];
  const std::string& where = s.where;
  const std::string& name = s.name;
  if (s.setting.target.find('[') != std::string::npos)
    throw UsageError(fmt::format("{}: '{}' is a rule, not a table: write --set {}=VALUE", where, name, name));
  if (!r.type.is_numeric()) throw UsageError(fmt::format("{}: rule '{}' is not a number", where, name));
  if (!needs_no_household(rule)) {
    throw UsageError(fmt::format("{}: rule '{}' reads the household: only table cells and rules "
                                 "that need no household (constants of the standards) can be set",
                                 where, name));
  }
  auto decl = std::find_if(f.rules.begin(), f.rules.end(),
                           [&](const auto& d) { return d.name.text == name; });
  if (decl == f.rules.end()) throw UsageError(fmt::format("{}: rule '{}' is not declared", where, name));
  int declared = decl->type ? decl->type->scale : -1;
  if (auto misfit = value_misfit(r.type, declared, s.setting.value))
    throw UsageError(fmt::format("{}: rule '{}': {}", where, name, *misfit));
  if (!decl->type) {
    syntax::TypeRef type;
    type.name = {type_word(r.type.kind), s.at};
    int digits = written_digits(s.setting.value);
    if (r.type.kind == model::TypeKind::decimal && digits > 6) type.scale = digits;
    decl->type = type;
  }
  auto number = std::make_shared<syntax::Expr>();
  number->kind = syntax::ExprKind::number;
  number->position = s.at;
  number->text = s.setting.value;
  decl->body = number;
}

// A setting that names neither a table nor a rule of `base`.
[[noreturn]] void unknown_setting(const model::Model& base, const SettingAt& s) {
  std::vector<std::string> tables;
  for (const auto& t : base.tables)
    if (t.name.rfind("previous ", 0) != 0) tables.push_back(t.name);
  throw UsageError(fmt::format("{}: version {} has no table or rule named '{}' (tables: {})",
                               s.where, base.version, s.name, fmt::join(tables, ", ")));
}

}  // namespace

model::Model amend_with_settings(const PolicySet& set, const model::Model& base,
                                 const std::vector<Setting>& settings,
                                 const std::function<bool(int rule)>& needs_no_household) {
  size_t index = version_index(set, base);
  if (index >= set.merged.size() || !set.merged[index])
    throw UsageError("the policy's merged syntax is not available for a what-if");
  syntax::PolicyFile f = *set.merged[index];
  // The settings as a source file of their own, so a message can point at one.
  auto file = std::make_shared<SourceFile>();
  file->path = "--set";
  for (const auto& s : settings) file->text += s.target + " = " + s.value + "\n";
  for (size_t i = 0; i < settings.size(); ++i) {
    const Setting& setting = settings[i];
    Position at;
    at.file = file;
    at.line = static_cast<int>(i) + 1;
    at.column = 1;
    at.length = static_cast<int>(setting.target.size());
    SettingAt s{setting, at, fmt::format("--set {}={}", setting.target, setting.value),
                std::string(trim(std::string_view(setting.target).substr(0, setting.target.find('['))))};
    if (int t = base.find_table(s.name); t >= 0) {
      f.sets.push_back(cell_setting(base, base.tables[static_cast<size_t>(t)], s));
    } else if (int rule = base.find_rule(s.name); rule >= 0) {
      rule_setting(f, base, rule, s, needs_no_household);
    } else {
      unknown_setting(base, s);
    }
  }
  f.version->text += "+set";
  CheckContext context;
  context.previous = index > 0 ? &set.versions[index - 1] : nullptr;
  context.data_files = series_files(f);
  return check_policy(f, context);
}

}  // namespace doudi
