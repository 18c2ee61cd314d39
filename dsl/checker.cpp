// Checker: resolves names, types and units; builds tables; finds cycles.
// Errors are collected, not thrown one by one, so an analyst sees every
// problem of a file at once; an expression that failed gets the `error` type,
// which silences follow-on errors about the same expression.
#include "dsl/checker.h"

#include <algorithm>
#include <functional>
#include <map>
#include <set>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "dsl/date.h"

namespace doudi {
namespace {

using model::Op;
using model::Type;
using model::TypeKind;
namespace syn = syntax;

constexpr int kMaxExprDepth = 200;
constexpr size_t kMaxRuleChain = 200;

Type numeric(TypeKind k, int scale, bool literal = false) {
  Type t;
  t.kind = k;
  t.scale = scale;
  t.literal = literal;
  return t;
}
Type simple(TypeKind k) {
  Type t;
  t.kind = k;
  return t;
}
Type error_type() { return Type{}; }

// The period of a unit phrase: "per person per month" -> month.
Type::Period period_of(const std::string& per) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < per.size()) {
    size_t space = per.find(' ', start);
    if (space == std::string::npos) space = per.size();
    if (space > start) words.push_back(per.substr(start, space - start));
    start = space + 1;
  }
  for (const auto& w : words) {
    if (w == "month" || w == "月") return Type::Period::month;
    if (w == "year" || w == "年") return Type::Period::year;
    if (w == "week" || w == "周") return Type::Period::week;
    if (w == "day" || w == "日" || w == "天") return Type::Period::day;
  }
  return Type::Period::none;
}

const char* period_name(Type::Period p) {
  switch (p) {
    case Type::Period::day: return "per day";
    case Type::Period::week: return "per week";
    case Type::Period::month: return "per month";
    case Type::Period::year: return "per year";
    default: return "";
  }
}

// Two amounts of different periods (per month, per year) cannot be added,
// compared or chosen between.
bool periods_clash(const Type& a, const Type& b) {
  return a.period != Type::Period::none && b.period != Type::Period::none && a.period != b.period;
}

int combine_scale(int a, int b) {
  if (a == model::kRational || b == model::kRational) return model::kRational;
  return std::max(a, b);
}

// Digits after the point in a literal's text ("0.01" -> 2).
int literal_scale(const std::string& text) {
  size_t dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

class Checker {
 public:
  Checker(const syn::PolicyFile& file, const CheckContext& context)
      : file_(file), context_(context) {}

  model::Model run() {
    m_.file = file_.file;
    header();
    enums();
    regions();
    inputs();
    tables();
    cell_sets();
    series();
    declare_rules();
    declare_member_lists();
    rule_bodies();
    member_list_bodies();
    input_defaults();
    outputs();
    invariants();
    if (!errors_.empty()) throw PolicyError{errors_};
    return std::move(m_);
  }

 private:
  // ---- diagnostics ---------------------------------------------------------
  void error(const Position& p, std::string message, std::string section = "") {
    errors_.push_back({p, std::move(message), std::move(section)});
  }
  Position file_start() const {
    Position p;
    p.file = file_.file;
    p.line = 1;
    p.column = 1;
    return p;
  }

  // ---- header --------------------------------------------------------------
  void header() {
    if (!file_.policy_name) {
      error(file_start(), "the file has no 'policy NAME' line", "Policy header");
    } else {
      m_.policy = file_.policy_name->text;
    }
    if (!file_.version) {
      error(file_start(), "the file has no 'version' line", "Policy header");
    } else {
      m_.version = file_.version->text;
    }
    if (!file_.effective) {
      error(file_start(), "the file has no 'effective YYYY-MM-DD' line", "Policy header");
    } else if (auto d = parse_date(file_.effective->text)) {
      m_.effective = *d;
      m_.effective_text = file_.effective->text;
      m_.effective_position = file_.effective->position;
    } else {
      error(file_.effective->position, "'" + file_.effective->text + "' is not a calendar date",
            "Policy header");
    }
    m_.sources = file_.sources;
    if (file_.amends) m_.amends = file_.amends->text;
    m_.effective_year = std::stoi(format_date(m_.effective).substr(0, 4));
    if (file_.ends) {
      auto d = parse_date(file_.ends->text);
      if (!d) {
        error(file_.ends->position, "'" + file_.ends->text + "' is not a calendar date", "Versions");
      } else if (*d < m_.effective) {
        error(file_.ends->position, "the version ends before it takes effect", "Versions");
      } else {
        m_.ends = *d;
      }
    }
  }

  std::optional<int> date_of(const syn::Name& n, const char* section) {
    auto d = parse_date(n.text);
    if (!d) error(n.position, "'" + n.text + "' is not a calendar date", section);
    return d;
  }

  // Names share one space: a name may not be both an enumeration and a rule.
  bool claim(const syn::Name& n, const std::string& what) {
    if (n.text == "effective_year" || n.text == "effective_date" || n.text == "evaluation_date") {
      error(n.position, fmt::format("'{}' is a built-in name (the version's effective year or date, "
                                    "or the date of evaluation)", n.text), "Names");
      return false;
    }
    if (auto owners = enum_value_owners_.find(n.text); owners != enum_value_owners_.end()) {
      error(n.position, fmt::format("'{}' is a value of enumeration '{}': a {} of that name would "
                                    "hide it; choose another name", n.text,
                                    m_.enums[static_cast<size_t>(owners->second[0])].name,
                                    what.substr(what.find(' ') + 1)), "Names");
      return false;
    }
    auto [it, fresh] = names_.emplace(n.text, std::make_pair(what, n.position));
    if (!fresh) {
      error(n.position, fmt::format("'{}' is already defined as {} at {}", n.text,
                                    it->second.first, it->second.second.to_string()),
            "Names");
    }
    return fresh;
  }

  // ---- enumerations and regions --------------------------------------------
  void enums() {
    // Enumerations are types: their names live apart from values, so an input
    // may share its enumeration's name (hukou : hukou).
    std::map<std::string, Position> seen_enums;
    for (const auto& e : file_.enums) {
      if (auto [it, fresh] = seen_enums.emplace(e.name.text, e.name.position); !fresh) {
        error(e.name.position, fmt::format("enumeration '{}' is already declared at {}",
                                           e.name.text, it->second.to_string()), "Enumerations");
        continue;
      }
      model::Enumeration out{e.name.text, e.label, {}};
      std::set<std::string> seen;
      for (const auto& v : e.values) {
        if (!seen.insert(v.name.text).second) {
          error(v.name.position, fmt::format("'{}' appears twice in enumeration '{}'",
                                             v.name.text, e.name.text), "Enumerations");
          continue;
        }
        out.values.push_back({v.name.text, v.label});
        enum_value_owners_[v.name.text].push_back(static_cast<int>(m_.enums.size()));
      }
      m_.enums.push_back(std::move(out));
    }
  }

  void regions() {
    std::map<std::string, std::pair<int, Position>> where;
    for (const auto& r : file_.regions) {
      if (!claim(r.name, "a region group")) continue;
      int index = static_cast<int>(m_.regions.size());
      model::Region out{r.name.text, r.label, {}};
      for (const auto& d : r.districts) {
        auto it = where.find(d.text);
        if (it != where.end()) {
          error(d.position,
                fmt::format("district '{}' is already in region group '{}' (at {}): every "
                            "district belongs to exactly one group",
                            d.text,
                            // the group being read is not stored yet
                            it->second.first == index ? r.name.text
                                                      : m_.regions[static_cast<size_t>(it->second.first)].name,
                            it->second.second.to_string()),
                "Region groups");
          continue;
        }
        where.emplace(d.text, std::make_pair(index, d.position));
        m_.district_index.emplace(d.text, static_cast<int>(m_.districts.size()));
        out.districts.push_back(static_cast<int>(m_.districts.size()));
        m_.districts.push_back({d.text, index});
      }
      m_.regions.push_back(std::move(out));
    }
  }

  // ---- types ---------------------------------------------------------------
  std::optional<Type> resolve_type(const syn::TypeRef& t) {
    auto type = resolve_type_name(t);
    if (type && type->is_numeric()) type->period = period_of(t.per);
    return type;
  }

  std::optional<Type> resolve_type_name(const syn::TypeRef& t) {
    const std::string& n = t.name.text;
    if (t.scale >= 0 && n != "decimal") {
      error(t.name.position, "only 'decimal' takes a number of digits, as in decimal(4)", "Types");
    }
    if (n == "money") return numeric(TypeKind::money, 2);
    if (n == "integer") return numeric(TypeKind::integer, 0);
    if (n == "decimal") {
      if (t.scale > 18) error(t.name.position, "decimal(N) takes at most 18 digits", "Types");
      return numeric(TypeKind::decimal, t.scale >= 0 ? std::min(t.scale, 18) : 6);
    }
    if (n == "boolean") return simple(TypeKind::boolean);
    if (n == "date") return simple(TypeKind::date);
    if (n == "district") return simple(TypeKind::district);
    if (n == "region") return simple(TypeKind::region);
    for (size_t i = 0; i < m_.enums.size(); ++i) {
      if (m_.enums[i].name == n) {
        Type e = simple(TypeKind::enumeration);
        e.enumeration = static_cast<int>(i);
        return e;
      }
    }
    error(t.name.position,
          fmt::format("unknown type '{}': use money, integer, decimal, boolean, date, district, "
                      "region, or an enumeration declared with 'enum'", n),
          "Types");
    return std::nullopt;
  }

  // ---- inputs --------------------------------------------------------------
  void inputs() {
    for (const auto& in : file_.inputs) {
      model::Scope scope = in.scope == syn::InputScope::household ? model::Scope::household
                                                                   : model::Scope::member;
      std::string kind = scope == model::Scope::household ? "a household input" : "a member input";
      if (scope == model::Scope::household) {
        if (!claim(in.name, kind)) continue;
      } else if (m_.find_input(in.name.text, scope) >= 0) {
        error(in.name.position, fmt::format("member input '{}' is declared twice", in.name.text),
              "Inputs");
        continue;
      }
      auto type = resolve_type(in.type);
      if (!type) continue;
      if (type->kind == TypeKind::region) {
        error(in.type.name.position,
              "an input cannot be a region group: declare the district, and the group follows "
              "from it",
              "Inputs");
      }
      model::Input out;
      out.name = in.name.text;
      out.label = in.label;
      out.scope = scope;
      out.type = *type;
      out.per = in.type.per;
      out.position = in.name.position;
      input_bounds(in, out);
      m_.inputs.push_back(std::move(out));
    }
  }

  // `at least N` / `at most N`: numbers of the input's type, low <= high.
  void input_bounds(const syn::InputDecl& in, model::Input& out) {
    for (const auto& b : in.bounds) {
      const char* which = b.at_least ? "at least" : "at most";
      if (!out.type.is_numeric()) {
        error(b.position, fmt::format("'{}' is {}: only a number can have '{}'", in.name.text,
                                      model::type_name(m_, out.type), which), "Inputs");
        continue;
      }
      auto v = Exact::parse(b.text);
      if (!v || !v->fits_scale(out.type.scale)) {
        error(b.position, fmt::format("'{} {}' has more decimal digits than '{}' allows", which,
                                      b.text, in.name.text), "Inputs");
        continue;
      }
      auto& slot = b.at_least ? out.at_least : out.at_most;
      if (slot) {
        error(b.position, fmt::format("'{}' has '{}' twice", in.name.text, which), "Inputs");
        continue;
      }
      slot = *v;
    }
    if (out.at_least && out.at_most && compare(*out.at_least, *out.at_most) > 0)
      error(in.name.position, fmt::format("'{}' is at least {} and at most {}: no value fits",
                                          in.name.text, out.at_least->to_string(),
                                          out.at_most->to_string()), "Inputs");
  }

  void input_defaults() {
    size_t k = 0;
    for (const auto& in : file_.inputs) {
      int index = m_.find_input(in.name.text, in.scope == syn::InputScope::household
                                                  ? model::Scope::household
                                                  : model::Scope::member);
      ++k;
      if (index < 0 || !in.default_value) continue;
      Context ctx;
      ctx.in_default = true;
      ctx.in_member = in.scope == syn::InputScope::member;
      ctx.in_member_default = ctx.in_member;
      model::Expr e = expr(*in.default_value, ctx, 0);
      model::Input& target = m_.inputs[static_cast<size_t>(index)];
      if (e.type.kind != TypeKind::error) {
        Type unified;
        if (!assignable(target.type, e.type)) {
          error(in.default_value->position,
                fmt::format("the default of '{}' is {}, but the input is {}", target.name,
                            model::type_name(m_, e.type), model::type_name(m_, target.type)),
                "Inputs");
        } else if (target.type.is_numeric() && !fits_declared_scale(target.type, e.type)) {
          error(in.default_value->position,
                fmt::format("the default of '{}' has more decimal digits than its type allows",
                            target.name),
                "Inputs");
        }
      }
      target.default_value = std::move(e);
    }
  }

  static bool fits_declared_scale(const Type& declared, const Type& actual) {
    return actual.scale != model::kRational && actual.scale <= declared.scale;
  }

  // ---- tables --------------------------------------------------------------
  std::optional<model::TableKey> resolve_key(const syn::Name& k) {
    model::TableKey key;
    key.name = k.text;
    if (k.text == "region") {
      key.kind = TypeKind::region;
      key.size = static_cast<int>(m_.regions.size());
      if (m_.regions.empty()) {
        error(k.position, "a table keyed by region needs region groups: declare them with "
                          "'region NAME = {district, …}'", "Region groups");
        return std::nullopt;
      }
      return key;
    }
    if (k.text == "district") {
      key.kind = TypeKind::district;
      key.size = static_cast<int>(m_.districts.size());
      return key;
    }
    for (size_t i = 0; i < m_.enums.size(); ++i) {
      if (m_.enums[i].name == k.text) {
        key.kind = TypeKind::enumeration;
        key.enumeration = static_cast<int>(i);
        key.size = static_cast<int>(m_.enums[i].values.size());
        return key;
      }
    }
    error(k.position,
          fmt::format("unknown table key '{}': a key is 'region', 'district' or an enumeration",
                      k.text),
          "Tables");
    return std::nullopt;
  }

  // Index of `name` among the values of `key`, or -1.
  int key_value(const model::TableKey& key, const std::string& name) const {
    if (key.kind == TypeKind::region) {
      for (size_t i = 0; i < m_.regions.size(); ++i)
        if (m_.regions[i].name == name) return static_cast<int>(i);
      return -1;
    }
    if (key.kind == TypeKind::district) return m_.find_district(name);
    return m_.find_enum_value(key.enumeration, name);
  }

  std::string key_values_list(const model::TableKey& key) const {
    std::vector<std::string> names;
    if (key.kind == TypeKind::region) {
      for (const auto& r : m_.regions) names.push_back(r.name);
    } else if (key.kind == TypeKind::district) {
      for (const auto& d : m_.districts) names.push_back(d.name);
    } else {
      for (const auto& v : m_.enums[static_cast<size_t>(key.enumeration)].values) names.push_back(v.name);
    }
    return fmt::format("{}", fmt::join(names, ", "));
  }

  std::string key_value_name(const model::TableKey& key, int code) const {
    if (key.kind == TypeKind::region) return m_.regions[static_cast<size_t>(code)].name;
    if (key.kind == TypeKind::district) return m_.districts[static_cast<size_t>(code)].name;
    return m_.enums[static_cast<size_t>(key.enumeration)].values[static_cast<size_t>(code)].name;
  }

  void tables() {
    for (const auto& t : file_.tables) {
      if (!claim(t.name, "a table")) continue;
      model::Table out;
      out.name = t.name.text;
      out.label = t.label;
      out.sources = t.sources;
      out.per = t.type.per;
      out.position = t.name.position;
      auto type = resolve_type(t.type);
      bool ok = type.has_value();
      if (type && !type->is_numeric()) {
        error(t.type.name.position, "table cells are numbers: use money, integer or decimal",
              "Tables");
        ok = false;
      }
      for (const auto& k : t.keys) {
        auto key = resolve_key(k);
        if (!key) {
          ok = false;
          continue;
        }
        out.keys.push_back(*key);
      }
      if (!ok) continue;
      out.type = *type;
      out.type.scale = 0;
      out.declared_scale = t.type.scale;
      size_t cells = 1;
      for (const auto& k : out.keys) cells *= static_cast<size_t>(std::max(k.size, 0));
      if (cells > 100000) {
        error(t.name.position, "the table has more than 100000 cells", "Tables");
        continue;
      }
      out.cells.assign(cells, std::nullopt);
      out.cell_positions.assign(cells, Position{});
      std::vector<bool> written(cells, false);
      fill_table(t, out, written);
      // Every cell the keys call for must be written (a number or n/a).
      std::vector<std::string> missing;
      for (size_t i = 0; i < cells; ++i) {
        if (written[i]) continue;
        std::vector<std::string> parts;
        size_t rest = i;
        for (size_t k = out.keys.size(); k-- > 0;) {
          size_t size = static_cast<size_t>(out.keys[k].size);
          parts.insert(parts.begin(), key_value_name(out.keys[k], static_cast<int>(rest % size)));
          rest /= size;
        }
        missing.push_back(fmt::format("[{}]", fmt::join(parts, ", ")));
      }
      if (!missing.empty()) {
        if (missing.size() > 8) {
          size_t more = missing.size() - 8;
          missing.resize(8);
          missing.push_back(fmt::format("and {} more", more));
        }
        error(t.name.position,
              fmt::format("table '{}' has no cell for {} (write n/a where the notice publishes "
                          "no figure)", t.name.text, fmt::join(missing, ", ")),
              "Tables");
      }
      m_.tables.push_back(std::move(out));
    }
  }

  // Puts one value into the table from a cell token.
  void put_cell(model::Table& out, std::vector<bool>& written, size_t index,
                const syn::Cell& cell) {
    if (written[index]) {
      error(cell.position, "this cell is written twice in the table", "Tables");
      return;
    }
    written[index] = true;
    out.cell_positions[index] = cell.position;
    if (cell.kind == syn::Cell::Kind::not_applicable) return;
    if (cell.kind != syn::Cell::Kind::number) {
      error(cell.position, fmt::format("expected a number or n/a here, found '{}'", cell.text),
            "Tables");
      return;
    }
    auto v = Exact::parse(cell.text);
    if (!v) {
      error(cell.position, fmt::format("'{}' is not a number", cell.text), "Tables");
      return;
    }
    int digits = literal_scale(cell.text);
    if (out.type.kind == TypeKind::integer && !v->is_integer()) {
      error(cell.position, "this table holds integers", "Tables");
    } else if (out.type.kind == TypeKind::money && digits > 2) {
      error(cell.position, "money has at most 2 digits after the point (fen)", "Tables");
    } else if (out.declared_scale >= 0 && digits > out.declared_scale) {
      error(cell.position, fmt::format("this table holds decimal({}): at most {} digits after the point",
                                       out.declared_scale, out.declared_scale), "Tables");
    }
    out.type.scale = std::max(out.type.scale, digits);
    out.cells[index] = *v;
  }

  int expect_key(const model::TableKey& key, const syn::Cell& cell) {
    if (cell.kind != syn::Cell::Kind::name) {
      error(cell.position, fmt::format("expected a value of key '{}' here ({}), found '{}'",
                                       key.name, key_values_list(key), cell.text), "Tables");
      return -1;
    }
    int code = key_value(key, cell.text);
    if (code < 0) {
      error(cell.position, fmt::format("'{}' is not a value of key '{}' (its values: {})",
                                       cell.text, key.name, key_values_list(key)), "Tables");
    }
    return code;
  }

  void fill_table(const syn::TableDecl& t, model::Table& out, std::vector<bool>& written) {
    const auto& keys = out.keys;
    if (t.rows.empty()) return;
    if (keys.size() == 1) {
      // Pairs: key value key value ..., over as many lines as the analyst likes.
      for (const auto& row : t.rows) {
        if (row.size() % 2 != 0) {
          error(row.back().position, "a one-key table lists pairs: KEY VALUE KEY VALUE …",
                "Tables");
          continue;
        }
        for (size_t i = 0; i + 1 < row.size(); i += 2) {
          int code = expect_key(keys[0], row[i]);
          if (code >= 0) put_cell(out, written, static_cast<size_t>(code), row[i + 1]);
        }
      }
      return;
    }
    if (keys.size() == 2) {
      // A grid: the first line names the columns (values of the second key),
      // each following line starts with a value of the first key.
      std::vector<int> columns;
      for (const auto& c : t.rows[0]) columns.push_back(expect_key(keys[1], c));
      for (size_t r = 1; r < t.rows.size(); ++r) {
        const auto& row = t.rows[r];
        int code = expect_key(keys[0], row[0]);
        if (row.size() != columns.size() + 1) {
          error(row[0].position,
                fmt::format("this row has {} values but the header names {} columns",
                            row.size() - 1, columns.size()),
                "Tables");
          continue;
        }
        if (code < 0) continue;
        for (size_t c = 0; c < columns.size(); ++c) {
          if (columns[c] < 0) continue;
          size_t index = static_cast<size_t>(code) * static_cast<size_t>(keys[1].size) +
                         static_cast<size_t>(columns[c]);
          put_cell(out, written, index, row[c + 1]);
        }
      }
      return;
    }
    // Three or more keys: one cell per line, KEY1 KEY2 … VALUE.
    for (const auto& row : t.rows) {
      if (row.size() != keys.size() + 1) {
        error(row[0].position,
              fmt::format("with {} keys each line is {} key values and then the value",
                          keys.size(), keys.size()),
              "Tables");
        continue;
      }
      size_t index = 0;
      bool ok = true;
      for (size_t k = 0; k < keys.size(); ++k) {
        int code = expect_key(keys[k], row[k]);
        if (code < 0) ok = false;
        index = index * static_cast<size_t>(keys[k].size) + static_cast<size_t>(std::max(code, 0));
      }
      if (ok) put_cell(out, written, index, row.back());
    }
  }

  // ---- amendments: `set TABLE[keys] = value` ------------------------------
  void cell_sets() {
    for (const auto& s : file_.sets) {
      int index = m_.find_table(s.table.text);
      if (index < 0) {
        error(s.table.position, fmt::format("'{}' is not a table", s.table.text), "Versions");
        continue;
      }
      model::Table& t = m_.tables[static_cast<size_t>(index)];
      if (s.keys.size() != t.keys.size()) {
        error(s.table.position, fmt::format("table '{}' has {} keys but {} are given", t.name,
                                            t.keys.size(), s.keys.size()), "Versions");
        continue;
      }
      size_t cell = 0;
      bool ok = true;
      for (size_t k = 0; k < s.keys.size(); ++k) {
        int code = expect_key(t.keys[k], {syn::Cell::Kind::name, s.keys[k].text, s.keys[k].position});
        if (code < 0) ok = false;
        cell = cell * static_cast<size_t>(t.keys[k].size) + static_cast<size_t>(std::max(code, 0));
      }
      if (!ok) continue;
      std::vector<bool> written(t.cells.size(), false);
      t.cells[cell].reset();  // `set … = n/a` withdraws a figure
      put_cell(t, written, cell, s.value);
    }
  }

  // ---- series --------------------------------------------------------------
  void series() {
    for (const auto& s : file_.series) {
      if (!claim(s.name, "a series")) continue;
      model::Series out;
      out.name = s.name.text;
      out.label = s.label;
      out.sources = s.sources;
      out.per = s.type.per;
      out.position = s.name.position;
      out.data_file = s.data_file.text;
      auto type = resolve_type(s.type);
      if (!type) continue;
      if (!type->is_numeric()) {
        error(s.type.name.position, "a series holds numbers: money, integer or decimal", "Series");
        continue;
      }
      out.type = *type;
      out.type.scale = 0;
      bool ok = true;
      for (const auto& k : s.keys) {
        auto key = resolve_key(k);
        if (!key) ok = false;
        else out.keys.push_back(*key);
      }
      if (!ok) continue;
      // A data file that could not be read was reported by the loader; the
      // series is still declared, so its uses do not each report an error.
      auto file = context_.data_files.find(s.data_file.text);
      if (file != context_.data_files.end()) read_series_data(out, *file->second, s.data_file.position);
      m_.series.push_back(std::move(out));
    }
  }

  void read_series_data(model::Series& out, const SourceFile& file, const Position& where) {
    auto at = [&](const YAML::Mark& mark) {
      Position p;
      p.file = std::shared_ptr<const SourceFile>(std::shared_ptr<const SourceFile>{}, &file);
      for (const auto& [path, f] : context_.data_files)
        if (f.get() == &file) p.file = f;
      p.line = mark.line + 1;
      p.column = mark.column + 1;
      return p;
    };
    YAML::Node root;
    try {
      root = YAML::Load(file.text);
    } catch (const YAML::Exception& e) {
      error(at(e.mark), "not valid YAML: " + e.msg, "Series");
      return;
    }
    YAML::Node node = root[out.name];
    if (!node || !node.IsMap()) {
      error(where, fmt::format("the data file has no series '{}' (a map with values: {{YEAR: …}})",
                               out.name), "Series");
      return;
    }
    if (node["source"] && node["source"].IsScalar()) out.sources.push_back(node["source"].Scalar());
    YAML::Node values = node["values"];
    if (!values || !values.IsMap()) {
      error(at(node.Mark()), fmt::format("series '{}' has no 'values' map of years", out.name), "Series");
      return;
    }
    size_t cells = 1;
    for (const auto& k : out.keys) cells *= static_cast<size_t>(k.size);
    for (auto it = values.begin(); it != values.end(); ++it) {
      std::string year_text = it->first.Scalar();
      int year = 0;
      if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos) {
        error(at(it->first.Mark()), "a series is keyed by year, e.g. 2019", "Series");
        continue;
      }
      year = std::stoi(year_text);
      std::vector<std::optional<Exact>> row(cells);
      fill_series_cells(out, it->second, 0, 0, row, at);
      out.years[year] = std::move(row);
    }
  }

  template <typename At>
  void fill_series_cells(model::Series& s, const YAML::Node& node, size_t key, size_t index,
                         std::vector<std::optional<Exact>>& row, const At& at) {
    if (key == s.keys.size()) {
      if (!node.IsScalar()) {
        error(at(node.Mark()), "expected a number", "Series");
        return;
      }
      if (node.Scalar() == "n/a") return;
      auto v = Exact::parse(node.Scalar());
      if (!v) {
        error(at(node.Mark()), fmt::format("'{}' is not a number", node.Scalar()), "Series");
        return;
      }
      s.type.scale = std::max(s.type.scale, literal_scale(node.Scalar()));
      row[index] = *v;
      return;
    }
    const auto& k = s.keys[key];
    if (!node.IsMap()) {
      error(at(node.Mark()), fmt::format("expected a map by {} ({})", k.name, key_values_list(k)), "Series");
      return;
    }
    std::vector<bool> seen(static_cast<size_t>(k.size), false);
    for (auto it = node.begin(); it != node.end(); ++it) {
      int code = key_value(k, it->first.Scalar());
      if (code < 0) {
        error(at(it->first.Mark()), fmt::format("'{}' is not a value of key '{}' ({})",
                                                it->first.Scalar(), k.name, key_values_list(k)), "Series");
        continue;
      }
      seen[static_cast<size_t>(code)] = true;
      fill_series_cells(s, it->second, key + 1, index * static_cast<size_t>(k.size) + static_cast<size_t>(code), row, at);
    }
    for (size_t c = 0; c < seen.size(); ++c) {
      if (!seen[c]) {
        error(at(node.Mark()), fmt::format("no value for {} = {} (write n/a where none is published)",
                                           k.name, key_value_name(k, static_cast<int>(c))), "Series");
      }
    }
  }

  // ---- invariants: `require` ------------------------------------------------
  void invariants() {
    for (const auto& r : file_.invariants) {
      if (r.local) continue;  // a province's rule for its bound policies: checked with them
      model::Invariant out;
      out.label = r.label;
      out.sources = r.sources;
      out.position = r.position;
      if (r.from) out.from = date_of(*r.from, "Invariants");
      if (r.until) out.until = date_of(*r.until, "Invariants");
      Context ctx;
      ctx.ranges = &out.ranges;
      out.condition = expr(*r.condition, ctx, 0);
      if (out.condition.type.kind == TypeKind::error) continue;
      if (out.condition.type.kind != TypeKind::boolean) {
        error(r.condition->position, "a require states a condition (true or false), not " +
                                         describe(out.condition.type), "Invariants");
        continue;
      }
      tie_region_to_district(out);
      m_.invariants.push_back(std::move(out));
    }
  }

  // When a require ranges over both districts and region groups, the region
  // is the district's own, not an independent variable: every `region` is
  // rewritten to region_of(district) and the region variable dropped.
  void tie_region_to_district(model::Invariant& inv) {
    int region = -1, district = -1;
    for (size_t i = 0; i < inv.ranges.size(); ++i) {
      if (inv.ranges[i].kind == TypeKind::region) region = static_cast<int>(i);
      if (inv.ranges[i].kind == TypeKind::district) district = static_cast<int>(i);
    }
    if (region < 0 || district < 0) return;
    std::function<void(model::Expr&)> rewrite = [&](model::Expr& e) {
      for (auto& a : e.args) rewrite(a);
      if (e.op != Op::range) return;
      if (e.slot == region) {
        model::Expr d = make(Op::range, simple(TypeKind::district), e.position);
        d.slot = district > region ? district - 1 : district;  // numbered as after the erase
        model::Expr r = make(Op::region_of, simple(TypeKind::region), e.position);
        r.args.push_back(std::move(d));
        e = std::move(r);
        return;
      }
      if (e.slot > region) --e.slot;
    };
    rewrite(inv.condition);
    inv.ranges.erase(inv.ranges.begin() + region);
  }

  // The range variable of a key type, created on first use in a require.
  model::Expr range_ref(std::vector<model::RangeVariable>& ranges, TypeKind kind, int enumeration,
                        const Position& p) {
    std::string name = kind == TypeKind::region     ? "region"
                       : kind == TypeKind::district ? "district"
                                                    : m_.enums[static_cast<size_t>(enumeration)].name;
    int index = -1;
    for (size_t i = 0; i < ranges.size(); ++i)
      if (ranges[i].name == name) index = static_cast<int>(i);
    if (index < 0) {
      model::RangeVariable v;
      v.name = name;
      v.kind = kind;
      v.enumeration = enumeration;
      v.size = kind == TypeKind::region     ? static_cast<int>(m_.regions.size())
               : kind == TypeKind::district ? static_cast<int>(m_.districts.size())
                                            : static_cast<int>(m_.enums[static_cast<size_t>(enumeration)].values.size());
      ranges.push_back(v);
      index = static_cast<int>(ranges.size() - 1);
    }
    Type t = simple(kind);
    t.enumeration = enumeration;
    auto out = make(Op::range, t, p);
    out.slot = index;
    return out;
  }

  // ---- rules ---------------------------------------------------------------
  void declare_rules() {
    for (const auto& r : file_.rules) {
      if (!claim(r.name, "a rule")) continue;
      add_rule(r.name.text, r.label, r.sources, r.name.position, &r, nullptr);
    }
    for (const auto& x : file_.indices) declare_index(x);
    for (const auto& b : file_.bands) declare_bands(b);
    for (const auto& c : file_.classified) declare_classified(c);
  }

  // ---- member lists ---------------------------------------------------------
  void declare_member_lists() {
    for (const auto& l : file_.member_lists) {
      if (!claim(l.name, "a member list")) continue;
      model::MemberList out;
      out.name = l.name.text;
      out.label = l.label;
      out.position = l.name.position;
      m_.member_lists.push_back(std::move(out));
      member_list_decls_.push_back(&l);
    }
    member_list_state_.assign(m_.member_lists.size(), 0);
  }

  void member_list_bodies() {
    for (size_t i = 0; i < m_.member_lists.size(); ++i) member_list(static_cast<int>(i));
  }

  int find_member_list(const std::string& name) const {
    for (size_t i = 0; i < m_.member_lists.size(); ++i)
      if (m_.member_lists[i].name == name) return static_cast<int>(i);
    return -1;
  }

  // The list's condition, checked on first use (a rule may count a list
  // declared below it). False when it does not check.
  bool member_list(int index) {
    auto i = static_cast<size_t>(index);
    if (member_list_state_[i] == 2) return m_.member_lists[i].condition.type.kind == TypeKind::boolean;
    const syn::MemberListDecl& d = *member_list_decls_[i];
    if (member_list_state_[i] == 1) {
      error(d.name.position, fmt::format("member list '{}' depends on itself", d.name.text), "Members");
      return false;
    }
    member_list_state_[i] = 1;
    Context ctx;
    ctx.in_member = true;
    model::Expr c = expr(*d.condition, ctx, 0);
    if (c.type.kind != TypeKind::error && c.type.kind != TypeKind::boolean) {
      error(d.condition->position, "a member list's condition is true or false for a member, not " +
                                       describe(c.type), "Members");
      c = bad(d.condition->position);
    }
    m_.member_lists[i].condition = std::move(c);
    member_list_state_[i] = 2;
    return m_.member_lists[i].condition.type.kind == TypeKind::boolean;
  }

  // A rule written in the file (decl) or made from a construct (build).
  int add_rule(const std::string& name, const std::string& label,
               const std::vector<std::string>& sources, const Position& position,
               const syn::RuleDecl* decl, std::function<model::Expr()> build) {
    model::Rule out;
    out.name = name;
    out.label = label;
    out.sources = sources;
    out.position = position;
    m_.rules.push_back(std::move(out));
    rule_decls_.push_back(decl);
    rule_builders_.push_back(std::move(build));
    return static_cast<int>(m_.rules.size() - 1);
  }

  // ---- hardship index: desugared into rules --------------------------------
  // For index I: a rule "I.F" per factor's value, "I.F.points" = value x
  // weight (a flag counts its weight or nothing), capped; "I.total" the sum of
  // the points; and "I" the total under its limit, rounded. Names with dots
  // cannot be written in a policy, so they never collide.
  std::optional<Exact> cell_number(const std::optional<syn::Cell>& c, const char* what) {
    if (!c) return std::nullopt;
    auto v = Exact::parse(c->text);
    if (!v) error(c->position, fmt::format("'{}' is not a number ({})", c->text, what), "Hardship index");
    return v;
  }

  model::Expr constant_expr(const Exact& v, int scale, const Position& p) {
    auto e = make(Op::constant, numeric(TypeKind::decimal, scale, true), p);
    e.value = v;
    return e;
  }

  model::Expr rule_ref(int rule, const Position& p) {
    Type t = type_rule(rule);
    return make_rule_ref(rule, t, p);
  }

  static int digits_of(const std::optional<syn::Cell>& c) { return c ? literal_scale(c->text) : 0; }

  void declare_index(const syn::IndexDecl& x) {
    if (!claim(x.name, "an index")) return;
    model::Index index;
    index.name = x.name.text;
    index.label = x.label;
    index.sources = x.sources;
    index.position = x.name.position;
    index.limit = cell_number(x.limit, "the limit");
    index.round_unit = cell_number(x.round_unit, "the rounding unit");
    if (x.round_mode) {
      auto mode = rounding_mode_from_name(x.round_mode->text);
      if (!mode) {
        error(x.round_mode->position, "unknown rounding mode: use half_up (四舍五入), half_even, "
                                      "half_down, up (进一), down (去尾), ceiling or floor", "Rounding");
      } else {
        index.round_mode = *mode;
      }
    }
    if (index.round_unit && index.round_unit->sign() <= 0) {
      error(x.round_unit->position, "the rounding unit must be positive", "Rounding");
      index.round_unit.reset();
    }
    if (x.factors.empty()) error(x.name.position, "an index needs at least one factor", "Hardship index");
    std::set<std::string> seen;
    for (const auto& f : x.factors) {
      if (!seen.insert(f.name.text).second) {
        error(f.name.position, fmt::format("factor '{}' appears twice in index '{}'", f.name.text,
                                           x.name.text), "Hardship index");
        continue;
      }
      model::IndexFactor factor;
      factor.name = f.name.text;
      factor.label = f.label;
      factor.weight = cell_number(f.weight, "the weight");
      factor.cap = cell_number(f.cap, "the cap");
      std::string base = x.name.text + "." + f.name.text;
      const syn::FactorDecl* fd = &f;
      factor.value_rule = add_rule(base, f.label, {}, f.name.position, nullptr, [this, fd]() {
        Context ctx;
        model::Expr v = expr(*fd->value, ctx, 0);
        if (v.type.kind != TypeKind::error && !v.type.is_numeric() && v.type.kind != TypeKind::boolean) {
          error(fd->value->position, "a factor's value is a number (a count, a ratio, points) or a "
                                     "flag (true or false), not " + describe(v.type), "Hardship index");
          return bad(fd->value->position);
        }
        return v;
      });
      int value_rule = factor.value_rule;
      auto weight = factor.weight;
      auto cap = factor.cap;
      int weight_digits = digits_of(f.weight), cap_digits = digits_of(f.cap);
      Position at = f.name.position;
      factor.points_rule = add_rule(base + ".points", f.label, {}, at, nullptr,
                                    [this, value_rule, weight, cap, weight_digits, cap_digits, at]() {
        model::Expr value = rule_ref(value_rule, at);
        if (value.type.kind == TypeKind::error) return bad(at);
        Exact w = weight.value_or(Exact::from_int(1));
        model::Expr points;
        if (value.type.kind == TypeKind::boolean) {  // a flag counts its weight, or nothing
          points = make(Op::if_then_else, numeric(TypeKind::decimal, weight_digits), at);
          points.args.push_back(std::move(value));
          points.args.push_back(constant_expr(w, weight_digits, at));
          points.args.push_back(constant_expr(Exact::from_int(0), 0, at));
        } else {
          int scale = value.type.scale == model::kRational ? model::kRational : value.type.scale + weight_digits;
          points = make(Op::multiply, numeric(TypeKind::decimal, scale), at);
          points.args.push_back(std::move(value));
          points.args.push_back(constant_expr(w, weight_digits, at));
        }
        if (cap) {
          model::Expr capped = make(Op::min, numeric(TypeKind::decimal, combine_scale(points.type.scale, cap_digits)), at);
          capped.args.push_back(std::move(points));
          capped.args.push_back(constant_expr(*cap, cap_digits, at));
          points = std::move(capped);
        }
        return points;
      });
      index.factors.push_back(std::move(factor));
    }
    std::vector<int> point_rules;
    for (const auto& f : index.factors) point_rules.push_back(f.points_rule);
    Position at = x.name.position;
    index.total_rule = add_rule(x.name.text + ".total", x.label, {}, at, nullptr, [this, point_rules, at]() {
      std::optional<model::Expr> total;
      for (int r : point_rules) {
        model::Expr p = rule_ref(r, at);
        if (p.type.kind == TypeKind::error) return bad(at);
        if (!total) {
          total = std::move(p);
          continue;
        }
        model::Expr sum = make(Op::add, numeric(TypeKind::decimal, combine_scale(total->type.scale, p.type.scale)), at);
        sum.args.push_back(std::move(*total));
        sum.args.push_back(std::move(p));
        total = std::move(sum);
      }
      if (!total) return bad(at);
      total->type.kind = TypeKind::decimal;  // points are dimensionless, whatever the values were
      total->type.literal = false;
      return std::move(*total);
    });
    int total_rule = index.total_rule;
    auto limit = index.limit;
    auto unit = index.round_unit;
    auto mode = index.round_mode;
    int limit_digits = digits_of(x.limit);
    index.score_rule = add_rule(x.name.text, x.label, x.sources, at, nullptr,
                                [this, total_rule, limit, unit, mode, limit_digits, at]() {
      model::Expr score = rule_ref(total_rule, at);
      if (score.type.kind == TypeKind::error) return bad(at);
      if (limit) {
        model::Expr limited = make(Op::min, numeric(TypeKind::decimal, combine_scale(score.type.scale, limit_digits)), at);
        limited.args.push_back(std::move(score));
        limited.args.push_back(constant_expr(*limit, limit_digits, at));
        score = std::move(limited);
      }
      if (unit) {
        int scale = 0;
        while (scale <= 18 && !unit->fits_scale(scale)) ++scale;
        model::Expr rounded = make(Op::round, numeric(TypeKind::decimal, scale), at);
        rounded.value = *unit;
        rounded.mode = mode;
        rounded.args.push_back(std::move(score));
        score = std::move(rounded);
      }
      return score;
    });
    m_.indices.push_back(std::move(index));
  }

  // ---- bands: a grade for each interval of a score --------------------------
  void declare_bands(const syn::BandsDecl& b) {
    if (!claim(b.name, "a set of bands")) return;
    model::Bands out;
    out.name = b.name.text;
    out.label = b.label;
    out.position = b.name.position;
    for (size_t i = 0; i < m_.enums.size(); ++i)
      if (m_.enums[i].name == b.enumeration.text) out.enumeration = static_cast<int>(i);
    if (out.enumeration < 0) {
      error(b.enumeration.position, fmt::format("'{}' is not an enumeration: bands give values of "
                                                "an enumeration, e.g. : grade", b.enumeration.text),
            "Hardship index");
      return;
    }
    bool ok = true;
    std::map<int, Position> seen_values;
    for (const auto& band : b.bands) {
      model::Band mb;
      mb.position = band.value.position;
      mb.value = m_.find_enum_value(out.enumeration, band.value.text);
      if (mb.value < 0) {
        error(band.value.position, fmt::format("'{}' is not a value of enumeration '{}'", band.value.text,
                                               b.enumeration.text), "Hardship index");
        ok = false;
        continue;
      }
      if (auto [it, fresh] = seen_values.emplace(mb.value, band.value.position); !fresh) {
        error(band.value.position, fmt::format("'{}' already has a band (at {}): each grade has one "
                                               "interval", band.value.text, it->second.to_string()),
              "Hardship index");
        ok = false;
        continue;
      }
      for (const auto& bound : band.bounds) {
        auto v = Exact::parse(bound.value.text);
        if (!v) continue;
        bool lower = bound.op[0] == '>';
        if ((lower && mb.low) || (!lower && mb.high)) {
          error(bound.value.position, lower ? "a band has one lower bound (>= or >)"
                                            : "a band has one upper bound (< or <=)", "Hardship index");
          ok = false;
        }
        (lower ? mb.low : mb.high) = *v;
        (lower ? mb.low_inclusive : mb.high_inclusive) = bound.op.size() == 2;
      }
      if (mb.low && mb.high && (*mb.high < *mb.low || (*mb.high == *mb.low && !(mb.low_inclusive && mb.high_inclusive)))) {
        error(band.value.position, "this band's interval is empty", "Hardship index");
        ok = false;
      }
      out.bands.push_back(mb);
    }
    if (out.bands.empty()) {
      error(b.name.position, "bands need at least one band, e.g. severe >= 60", "Hardship index");
      return;
    }
    if (ok) check_band_coverage(b, out);
    std::sort(out.bands.begin(), out.bands.end(), [](const model::Band& x, const model::Band& y) {
      if (!x.low) return static_cast<bool>(y.low);
      if (!y.low) return false;
      return *x.low < *y.low;
    });
    const syn::BandsDecl* decl = &b;
    auto bands = out.bands;
    int en = out.enumeration;
    out.rule = add_rule(b.name.text, b.label, b.sources, b.name.position, nullptr, [this, decl, bands, en]() {
      Context ctx;
      model::Expr score = expr(*decl->score, ctx, 0);
      if (score.type.kind == TypeKind::error) return bad(decl->score->position);
      if (!score.type.is_numeric()) {
        error(decl->score->position, "bands grade a number, not " + describe(score.type), "Hardship index");
        return bad(decl->score->position);
      }
      if (score.op == Op::rule) {
        for (auto& mb : m_.bands)
          if (mb.name == decl->name.text) mb.score_rule = score.slot;
      }
      // An if-chain from the highest band down; the lowest is the else.
      Type grade = simple(TypeKind::enumeration);
      grade.enumeration = en;
      auto value_of = [&](const model::Band& band) {
        auto v = make(Op::constant, grade, band.position);
        v.value = Exact::from_int(band.value);
        return v;
      };
      model::Expr chain = value_of(bands.front());
      for (size_t i = 1; i < bands.size(); ++i) {
        const auto& band = bands[i];
        model::Expr cond = make(band.low_inclusive ? Op::greater_equal : Op::greater, simple(TypeKind::boolean), band.position);
        cond.args.push_back(score);
        cond.args.push_back(constant_expr(*band.low, 0, band.position));
        model::Expr next = make(Op::if_then_else, grade, band.position);
        next.args.push_back(std::move(cond));
        next.args.push_back(value_of(band));
        next.args.push_back(std::move(chain));
        chain = std::move(next);
      }
      return chain;
    });
    m_.bands.push_back(std::move(out));
  }

  // Bands must cover every score once: no gap, no overlap (a boundary belongs
  // to exactly one band).
  void check_band_coverage(const syn::BandsDecl& b, const model::Bands& out) {
    std::vector<const model::Band*> sorted;
    for (const auto& band : out.bands) sorted.push_back(&band);
    std::sort(sorted.begin(), sorted.end(), [](const model::Band* x, const model::Band* y) {
      if (!x->low) return static_cast<bool>(y->low);
      if (!y->low) return false;
      return *x->low < *y->low;
    });
    auto name = [&](const model::Band* band) {
      return m_.enums[static_cast<size_t>(out.enumeration)].values[static_cast<size_t>(band->value)].name;
    };
    if (sorted.front()->low) {
      error(sorted.front()->position,
            fmt::format("scores below {} fall in no band: write the lowest band without a lower "
                        "bound, e.g. {} < {}", sorted.front()->low->to_string(), name(sorted.front()),
                        sorted.size() > 1 && sorted[1]->low ? sorted[1]->low->to_string() : sorted.front()->low->to_string()),
            "Hardship index");
    }
    for (size_t i = 0; i + 1 < sorted.size(); ++i) {
      const model::Band* a = sorted[i];
      const model::Band* c = sorted[i + 1];
      if (!a->high || !c->low) {
        error(c->position, fmt::format("bands '{}' and '{}' overlap", name(a), name(c)), "Hardship index");
        return;  // what follows would be judged against a broken order
      }
      int cmp = compare(*a->high, *c->low);
      if (cmp < 0 || (cmp == 0 && !a->high_inclusive && !c->low_inclusive)) {
        error(c->position, fmt::format("a gap between bands '{}' and '{}': no band holds {}{}", name(a), name(c),
                                       cmp < 0 ? "scores from " : "the score ",
                                       cmp < 0 ? a->high->to_string() + " to " + c->low->to_string() : a->high->to_string()),
              "Hardship index");
      } else if (cmp > 0 || (a->high_inclusive && c->low_inclusive)) {
        error(c->position, fmt::format("bands '{}' and '{}' overlap{}", name(a), name(c),
                                       cmp == 0 ? " at " + a->high->to_string() + ": say which holds it with >= or <" : ""),
              "Hardship index");
      }
    }
    if (sorted.back()->high) {
      error(sorted.back()->position,
            fmt::format("scores above {} fall in no band: write the highest band without an upper "
                        "bound, e.g. {} >= …", sorted.back()->high->to_string(), name(sorted.back())),
            "Hardship index");
    }
    (void)b;
  }

  // ---- classified assistance (分类施保): add-ons per member by group ----------
  void declare_classified(const syn::ClassifiedDecl& c) {
    if (!claim(c.name, "a classified add-on")) return;
    const std::string& counting = c.counting.text;
    if (counting != "highest" && counting != "first" && counting != "all") {
      error(c.counting.position, "a member in several groups counts by: highest (the largest "
                                 "add-on), first (the first group listed) or all (every group)",
            "Classified assistance");
      return;
    }
    if (c.groups.empty()) error(c.name.position, "classified needs at least one group", "Classified assistance");
    std::set<std::string> group_names;
    for (const auto& g : c.groups) {
      if (!group_names.insert(g.name.text).second) {
        error(g.name.position, fmt::format("group '{}' appears twice in '{}'", g.name.text, c.name.text),
              "Classified assistance");
      }
    }
    const syn::ClassifiedDecl* decl = &c;
    add_rule(c.name.text, c.label, c.sources, c.name.position, nullptr, [this, decl]() {
      Context ctx;
      ctx.in_member = true;
      Position at = decl->name.position;
      std::optional<Type> type;
      std::vector<std::pair<model::Expr, model::Expr>> groups;  // condition, amount
      for (const auto& g : decl->groups) {
        model::Expr cond = expr(*g.condition, ctx, 0);
        model::Expr amount = expr(*g.amount, ctx, 0);
        if (cond.type.kind == TypeKind::error || amount.type.kind == TypeKind::error) return bad(at);
        if (cond.type.kind != TypeKind::boolean) {
          error(g.condition->position, "a group's condition is true or false for a member", "Classified assistance");
          return bad(at);
        }
        if (!amount.type.is_numeric()) {
          error(g.amount->position, "a group gives an amount", "Classified assistance");
          return bad(at);
        }
        auto t = type ? unify_numeric(*type, amount.type) : std::optional<Type>(amount.type);
        if (!t) {
          error(g.amount->position, "the groups' amounts differ in kind (money and a count)", "Classified assistance");
          return bad(at);
        }
        type = t;
        groups.emplace_back(std::move(cond), std::move(amount));
      }
      if (!type) return bad(at);
      Type t = *type;
      if (t.literal) t = numeric(TypeKind::money, t.scale);
      auto zero = [&] {
        auto z = make(Op::constant, t, at);
        z.value = Exact::from_int(0);
        return z;
      };
      auto when = [&](model::Expr cond, model::Expr amount, model::Expr otherwise) {
        model::Expr e = make(Op::if_then_else, t, at);
        e.args.push_back(std::move(cond));
        e.args.push_back(std::move(amount));
        e.args.push_back(std::move(otherwise));
        return e;
      };
      model::Expr per_member;
      if (decl->counting.text == "first") {
        per_member = zero();
        for (size_t i = groups.size(); i-- > 0;)
          per_member = when(std::move(groups[i].first), std::move(groups[i].second), std::move(per_member));
      } else {
        per_member = make(decl->counting.text == "highest" ? Op::max : Op::add, t, at);
        for (auto& [cond, amount] : groups) per_member.args.push_back(when(std::move(cond), std::move(amount), zero()));
        if (per_member.args.size() == 1) {
          per_member = std::move(per_member.args[0]);
        } else if (per_member.op == Op::add) {  // add is binary: fold left
          model::Expr sum = std::move(per_member.args[0]);
          for (size_t i = 1; i < per_member.args.size(); ++i) {
            model::Expr next = make(Op::add, t, at);
            next.args.push_back(std::move(sum));
            next.args.push_back(std::move(per_member.args[i]));
            sum = std::move(next);
          }
          per_member = std::move(sum);
        }
      }
      model::Expr total = make(Op::sum, t, at);
      total.args.push_back(std::move(per_member));
      return total;
    });
  }

  void rule_bodies() {
    // Type each rule on demand, so a rule's type is known where it is used
    // whatever order the file declares them in.
    rule_state_.assign(m_.rules.size(), 0);
    for (size_t i = 0; i < m_.rules.size(); ++i) type_rule(static_cast<int>(i));
  }

  // 0 = not typed yet, 1 = typing (a cycle if reached again), 2 = typed.
  const Type& type_rule(int index) {
    auto& state = rule_state_[static_cast<size_t>(index)];
    model::Rule& rule = m_.rules[static_cast<size_t>(index)];
    if (state == 2) return rule.type;
    if (state == 1) {  // reached again while typing it: a cycle
      report_cycle(index);
      return rule.type;  // the error type: uses of it stay quiet
    }
    state = 1;
    if (typing_.size() >= kMaxRuleChain) {
      // A chain of rules each using the next: evaluating it would recurse this
      // deep, so it is refused here rather than risk the stack.
      error(rule.position, fmt::format("rule '{}' sits at the end of a chain of more than {} rules "
                                       "each using the next", rule.name, kMaxRuleChain), "Rules");
      state = 2;
      rule.type = error_type();
      return rule.type;
    }
    typing_.push_back(index);
    const syn::RuleDecl* decl = rule_decls_[static_cast<size_t>(index)];
    Context ctx;
    model::Expr body = decl ? expr(*decl->body, ctx, 0) : rule_builders_[static_cast<size_t>(index)]();
    Type t = body.type;
    if (decl && decl->type && t.kind != TypeKind::error) {
      if (auto declared = resolve_type(*decl->type)) {
        if (!assignable(*declared, t)) {
          error(decl->body->position,
                fmt::format("rule '{}' is declared {} but its value is {}", rule.name,
                            model::type_name(m_, *declared), model::type_name(m_, t)),
                "Types");
        } else if (periods_clash(*declared, t)) {
          error(decl->body->position,
                fmt::format("rule '{}' is declared {} but its value is {}", rule.name,
                            describe(*declared), describe(t)),
                "Types");
        } else if (declared->kind == TypeKind::decimal && decl->type->scale >= 0 &&
                   (t.scale == model::kRational || t.scale > decl->type->scale)) {
          error(decl->body->position,
                fmt::format("rule '{}' is declared decimal({}) but its value can have {} digits "
                            "after the point: round it", rule.name, decl->type->scale,
                            t.scale == model::kRational ? std::string("endless") : std::to_string(t.scale)),
                "Rounding");
        } else {
          int scale = t.scale;
          t = *declared;
          t.scale = scale;
        }
      }
    }
    if (t.literal) t = numeric(t.scale == 0 ? TypeKind::integer : TypeKind::decimal, t.scale);
    typing_.pop_back();
    model::Rule& typed = m_.rules[static_cast<size_t>(index)];  // `rule` may have moved: rules were added
    typed.body = std::move(body);
    if (in_cycle_.count(index)) t = error_type();
    m_.rules[static_cast<size_t>(index)].type = t;
    rule_state_[static_cast<size_t>(index)] = 2;
    return m_.rules[static_cast<size_t>(index)].type;
  }

  void report_cycle(int index) {
    auto from = std::find(typing_.begin(), typing_.end(), index);
    std::vector<std::string> path;
    bool fresh = false;
    for (auto it = from; it != typing_.end(); ++it) {
      path.push_back(m_.rules[static_cast<size_t>(*it)].name);
      fresh |= in_cycle_.insert(*it).second;
    }
    path.push_back(m_.rules[static_cast<size_t>(index)].name);
    if (!fresh) return;
    error(m_.rules[static_cast<size_t>(index)].position,
          fmt::format("rule '{}' depends on itself: {}", m_.rules[static_cast<size_t>(index)].name,
                      fmt::join(path, " → ")),
          "Rules");
  }


  // ---- outputs -------------------------------------------------------------
  // `output NAME TYPE …`: the type said must be the value's (household and
  // per-member outputs alike).
  void check_said_type(const syn::OutputDecl& o, const Type& value) {
    if (!o.type) return;
    auto declared = resolve_type(*o.type);
    if (declared && (declared->kind != value.kind || declared->enumeration != value.enumeration)) {
      error(o.type->name.position,
            fmt::format("output '{}' is said to be {} but its value is {}", o.name.text,
                        model::type_name(m_, *declared), model::type_name(m_, value)),
            "Outputs");
    }
  }

  void outputs() {
    if (file_.outputs.empty()) {
      error(file_start(), "the policy declares no output: add 'output NAME \"label\"'",
            "Outputs");
    }
    std::set<std::string> seen;
    for (const auto& o : file_.outputs) {
      if (!seen.insert(o.name.text).second) {
        error(o.name.position, fmt::format("output '{}' is declared twice", o.name.text),
              "Outputs");
        continue;
      }
      if (o.per) {
        member_output(o);
        continue;
      }
      int rule = o.value ? output_rule(o) : m_.find_rule(o.name.text);
      if (rule < 0) {
        error(o.name.position,
              fmt::format("output '{}' names no rule: an output shows the rule of its name, or "
                          "the value after '=', as in output tekun = tekun_amount", o.name.text),
              "Outputs");
        continue;
      }
      model::Output out;
      out.name = o.name.text;
      out.label = o.label.empty() ? m_.rules[static_cast<size_t>(rule)].label : o.label;
      out.rule = rule;
      out.type = m_.rules[static_cast<size_t>(rule)].type;
      out.position = o.name.position;
      if (out.type.kind == TypeKind::error) continue;
      check_said_type(o, out.type);
      if (out.type.is_numeric()) {
        int natural = out.type.kind == TypeKind::money ? 2 : std::max(out.type.scale, 0);
        out.scale = o.scale >= 0 ? o.scale : natural;
        if (out.type.scale == model::kRational) {
          error(o.name.position,
                fmt::format("output '{}' may be a repeating fraction: its rule divides and does "
                            "not round afterwards. Round it in the policy, e.g. "
                            "round(…, 0.01, half_up)", o.name.text),
                "Rounding");
        } else if (out.type.scale > out.scale) {
          error(o.name.position,
                fmt::format("output '{}' can have {} digits after the decimal point but is shown "
                            "with {}: round it in the policy, or show it with 'scale {}'",
                            o.name.text, out.type.scale, out.scale, out.type.scale),
                "Rounding");
        }
      } else if (o.scale >= 0) {
        error(o.name.position, "only numeric outputs take a scale", "Outputs");
      }
      m_.outputs.push_back(std::move(out));
    }
  }

  // Digits shown for a numeric output, or an error when the value cannot be
  // shown exactly (shared by household and per-member outputs).
  int output_scale(const syn::OutputDecl& o, const Type& t) {
    int natural = t.kind == TypeKind::money ? 2 : std::max(t.scale, 0);
    int shown = o.scale >= 0 ? o.scale : natural;
    if (t.scale == model::kRational) {
      error(o.name.position,
            fmt::format("output '{}' may be a repeating fraction: its rule divides and does "
                        "not round afterwards. Round it in the policy, e.g. "
                        "round(…, 0.01, half_up)", o.name.text),
            "Rounding");
    } else if (t.scale > shown) {
      error(o.name.position,
            fmt::format("output '{}' can have {} digits after the decimal point but is shown "
                        "with {}: round it in the policy, or show it with 'scale {}'",
                        o.name.text, t.scale, shown, t.scale),
            "Rounding");
    }
    return shown;
  }

  // `output per member NAME = EXPR` / `output per LIST NAME = EXPR`.
  void member_output(const syn::OutputDecl& o) {
    model::MemberOutput out;
    out.name = o.name.text;
    out.label = o.label;
    out.position = o.name.position;
    if (o.per->text != "member") {
      out.list = find_member_list(o.per->text);
      if (out.list < 0) {
        error(o.per->position, fmt::format("'{}' is not a member list: write output per member "
                                           "NAME, or declare members {} = member where …",
                                           o.per->text, o.per->text), "Per-member outputs");
        return;
      }
    }
    if (!o.value) {
      error(o.name.position, fmt::format("a per-member output needs its value: output per {} {} = …",
                                         o.per->text, o.name.text), "Per-member outputs");
      return;
    }
    Context ctx;
    ctx.in_member = true;
    out.value = expr(*o.value, ctx, 0);
    out.type = out.value.type;
    if (out.type.kind == TypeKind::error) return;
    if (out.type.literal) {
      out.type = numeric(out.type.scale == 0 ? TypeKind::integer : TypeKind::decimal, out.type.scale);
      out.value.type = out.type;
    }
    if (out.value.op == Op::rule && out.label.empty()) {
      out.label = m_.rules[static_cast<size_t>(out.value.slot)].label;
    }
    check_said_type(o, out.type);
    if (out.type.is_numeric()) {
      out.scale = output_scale(o, out.type);
    } else if (o.scale >= 0) {
      error(o.name.position, "only numeric outputs take a scale", "Outputs");
    }
    m_.member_outputs.push_back(std::move(out));
  }

  // An output with `= EXPR` gets a rule of its own, named "output NAME"
  // (a name no declaration can take), so evaluation treats it like any rule.
  int output_rule(const syn::OutputDecl& o) {
    Context ctx;
    model::Rule r;
    r.name = "output " + o.name.text;
    r.label = o.label;
    r.position = o.value->position;
    r.body = expr(*o.value, ctx, 0);
    r.type = r.body.type;
    if (r.type.literal) {
      r.type = numeric(r.type.scale == 0 ? TypeKind::integer : TypeKind::decimal, r.type.scale);
    }
    if (r.body.op == Op::rule) {  // a plain alias keeps the rule's own label and sources
      const auto& target = m_.rules[static_cast<size_t>(r.body.slot)];
      if (r.label.empty()) r.label = target.label;
      r.sources = target.sources;
    }
    m_.rules.push_back(std::move(r));
    return static_cast<int>(m_.rules.size() - 1);
  }

  // ---- expressions ---------------------------------------------------------
  struct Context {
    bool in_member = false;   // inside count(...)/sum(...): member.x is in scope
    bool in_default = false;  // an input's default: no rules, no inputs
    bool in_member_default = false;  // a member input's default: no member inputs either
    // In a `require`: the variables it ranges over (region, hukou, …); keys of
    // tables named without brackets come from these, not from the household.
    std::vector<model::RangeVariable>* ranges = nullptr;
  };

  model::Expr make(Op op, Type t, const Position& p) {
    model::Expr e;
    e.op = op;
    e.type = t;
    e.position = p;
    return e;
  }

  model::Expr bad(const Position& p) { return make(Op::constant, error_type(), p); }

  // Can a value of type `value` be stored where `target` is declared?
  static bool assignable(const Type& target, const Type& value) {
    if (value.kind == TypeKind::error) return true;
    if (target.kind != value.kind) {
      if (value.literal && target.is_numeric()) {
        return target.kind != TypeKind::integer || value.scale == 0;
      }
      if (target.kind == TypeKind::decimal && value.kind == TypeKind::integer) return true;
      return false;
    }
    return target.kind != TypeKind::enumeration || target.enumeration == value.enumeration;
  }

  // The common type of two numbers added, compared or chosen between, or
  // nullopt when they do not mix (money and a count).
  static std::optional<Type> unify_numeric(const Type& a, const Type& b) {
    auto t = unify_numeric_kind(a, b);
    if (t) t->period = periods_clash(a, b) ? Type::Period::none
                       : a.period != Type::Period::none ? a.period : b.period;
    return t;
  }

  static std::optional<Type> unify_numeric_kind(const Type& a, const Type& b) {
    int scale = combine_scale(a.scale, b.scale);
    if (a.literal && b.literal) {
      return numeric(TypeKind::decimal, scale, true);
    }
    if (a.literal || b.literal) {
      const Type& other = a.literal ? b : a;
      const Type& lit = a.literal ? a : b;
      if (other.kind == TypeKind::integer && lit.scale != 0) return numeric(TypeKind::decimal, scale);
      return numeric(other.kind, scale);
    }
    if (a.kind == b.kind) return numeric(a.kind, scale);
    if (a.kind == TypeKind::money || b.kind == TypeKind::money) return std::nullopt;
    return numeric(TypeKind::decimal, scale);  // integer with decimal
  }

  std::optional<Type> unify(const Type& a, const Type& b) {
    if (a.is_numeric() && b.is_numeric()) return unify_numeric(a, b);
    if (a.kind != b.kind) return std::nullopt;
    if (a.kind == TypeKind::enumeration && a.enumeration != b.enumeration) return std::nullopt;
    return a;
  }

  std::string describe(const Type& t) const {
    if (t.literal) return "a number";
    if (t.is_numeric() && t.period != Type::Period::none) {
      std::string base = t.kind == TypeKind::money ? "money" : t.kind == TypeKind::integer ? "an integer" : "a decimal";
      return base + " " + period_name(t.period);
    }
    switch (t.kind) {
      case TypeKind::money: return "money";
      case TypeKind::integer: return "an integer (a count)";
      case TypeKind::decimal: return "a decimal (a ratio)";
      default: return model::type_name(m_, t);
    }
  }

  model::Expr expr(const syn::Expr& e, const Context& ctx, int depth) {
    if (depth > kMaxExprDepth) {
      error(e.position, fmt::format("the expression is nested more than {} levels deep",
                                    kMaxExprDepth), "Rules");
      return bad(e.position);
    }
    switch (e.kind) {
      case syn::ExprKind::number: return number(e);
      case syn::ExprKind::boolean: {
        auto out = make(Op::constant, simple(TypeKind::boolean), e.position);
        out.value = Exact::from_int(e.text == "true" ? 1 : 0);
        return out;
      }
      case syn::ExprKind::date: {
        auto d = parse_date(e.text);
        if (!d) {
          error(e.position, "'" + e.text + "' is not a calendar date", "Dates");
          return bad(e.position);
        }
        auto out = make(Op::constant, simple(TypeKind::date), e.position);
        out.value = Exact::from_int(*d);
        return out;
      }
      case syn::ExprKind::name: return name(e, ctx, depth);
      case syn::ExprKind::index: return index(e, ctx, depth);
      case syn::ExprKind::unary: return unary(e, ctx, depth);
      case syn::ExprKind::binary: return binary(e, ctx, depth);
      case syn::ExprKind::in: return membership(e, ctx, depth);
      case syn::ExprKind::if_then: return conditional(e, ctx, depth);
      case syn::ExprKind::call: return call(e, ctx, depth);
    }
    return bad(e.position);
  }

  model::Expr number(const syn::Expr& e) {
    auto v = Exact::parse(e.text);
    if (!v) {
      error(e.position, "'" + e.text + "' is too long a number", "Numbers");
      return bad(e.position);
    }
    int scale = literal_scale(e.text);
    Type t = e.unit.empty() ? numeric(TypeKind::decimal, scale, true)
                            : numeric(TypeKind::money, scale);
    auto out = make(Op::constant, t, e.position);
    out.value = *v;
    return out;
  }

  model::Expr name(const syn::Expr& e, const Context& ctx, int depth) {
    const auto& path = e.path;
    std::string full = fmt::format("{}", fmt::join(path, "."));
    if (path.size() == 2 && (path[0] == "household" || path[0] == "member")) {
      auto scope = path[0] == "household" ? model::Scope::household : model::Scope::member;
      int index = m_.find_input(path[1], scope);
      if (index < 0) {
        error(e.position, fmt::format("'{}' is not a declared {} input", path[1], path[0]),
              "Inputs");
        return bad(e.position);
      }
      return input_ref(index, e.position, ctx);
    }
    if (path.size() == 2) {
      for (size_t i = 0; i < m_.enums.size(); ++i) {
        if (m_.enums[i].name != path[0]) continue;
        int v = m_.find_enum_value(static_cast<int>(i), path[1]);
        if (v < 0) {
          error(e.position, fmt::format("'{}' is not a value of enumeration '{}'", path[1], path[0]),
                "Enumerations");
          return bad(e.position);
        }
        return enum_constant(static_cast<int>(i), v, e.position);
      }
      error(e.position, fmt::format("unknown name '{}'", full), "Names");
      return bad(e.position);
    }
    if (path.size() != 1) {
      error(e.position, fmt::format("unknown name '{}'", full), "Names");
      return bad(e.position);
    }
    const std::string& n = path[0];
    if (n == "effective_year") {
      auto out = make(Op::constant, numeric(TypeKind::integer, 0), e.position);
      out.value = Exact::from_int(m_.effective_year);
      return out;
    }
    if (n == "effective_date") {
      auto out = make(Op::constant, simple(TypeKind::date), e.position);
      out.value = Exact::from_int(m_.effective);
      return out;
    }
    if (n == "evaluation_date") {
      if (ctx.ranges) {
        error(e.position, "a require is about the standards, not a household on a date: it cannot "
                          "read evaluation_date", "Invariants");
        return bad(e.position);
      }
      return make(Op::evaluation_date, simple(TypeKind::date), e.position);
    }
    if (ctx.ranges) {  // a key type's name ranges over its values
      if (n == "region" && !m_.regions.empty()) return range_ref(*ctx.ranges, TypeKind::region, -1, e.position);
      if (n == "district" && !m_.districts.empty()) return range_ref(*ctx.ranges, TypeKind::district, -1, e.position);
      for (size_t i = 0; i < m_.enums.size(); ++i)
        if (m_.enums[i].name == n) return range_ref(*ctx.ranges, TypeKind::enumeration, static_cast<int>(i), e.position);
    }
    if (int r = m_.find_rule(n); r >= 0) {
      if (ctx.in_default) {
        error(e.position, "an input's default cannot use a rule", "Inputs");
        return bad(e.position);
      }
      Type t = type_rule(r);
      return make_rule_ref(r, t, e.position);
    }
    for (size_t i = 0; i < m_.tables.size(); ++i) {
      if (m_.tables[i].name == n) return implicit_lookup(static_cast<int>(i), e.position, ctx);
    }
    if (int in = m_.find_input(n, model::Scope::household); in >= 0) {
      return input_ref(in, e.position, ctx);
    }
    if (ctx.in_member) {
      if (int in = m_.find_input(n, model::Scope::member); in >= 0) {
        return input_ref(in, e.position, ctx);
      }
    }
    auto owners = enum_value_owners_.find(n);
    if (owners != enum_value_owners_.end()) {
      if (owners->second.size() > 1) {
        std::vector<std::string> options;
        for (int o : owners->second) options.push_back(m_.enums[static_cast<size_t>(o)].name + "." + n);
        error(e.position, fmt::format("'{}' is a value of several enumerations: write {}", n,
                                      fmt::join(options, " or ")), "Enumerations");
        return bad(e.position);
      }
      int en = owners->second[0];
      return enum_constant(en, m_.find_enum_value(en, n), e.position);
    }
    if (int d = m_.find_district(n); d >= 0) {
      auto out = make(Op::constant, simple(TypeKind::district), e.position);
      out.value = Exact::from_int(d);
      return out;
    }
    for (size_t i = 0; i < m_.regions.size(); ++i) {
      if (m_.regions[i].name == n) {
        auto out = make(Op::constant, simple(TypeKind::region), e.position);
        out.value = Exact::from_int(static_cast<int64_t>(i));
        return out;
      }
    }
    if (m_.find_input(n, model::Scope::member) >= 0) {
      error(e.position, fmt::format("'{}' is a member input: use it inside count(…) or sum(…), "
                                    "as member.{}", n, n), "Members");
      return bad(e.position);
    }
    error(e.position, fmt::format("unknown name '{}'", n), "Names");
    (void)depth;
    return bad(e.position);
  }

  model::Expr make_rule_ref(int r, const Type& t, const Position& p) {
    auto out = make(Op::rule, t, p);
    out.slot = r;
    return out;
  }

  model::Expr enum_constant(int en, int value, const Position& p) {
    Type t = simple(TypeKind::enumeration);
    t.enumeration = en;
    auto out = make(Op::constant, t, p);
    out.value = Exact::from_int(value);
    return out;
  }

  model::Expr input_ref(int index, const Position& p, const Context& ctx) {
    const model::Input& in = m_.inputs[static_cast<size_t>(index)];
    if (in.scope == model::Scope::member) {
      if (ctx.in_member_default) {
        error(p, "a member input's default cannot use a member input", "Inputs");
        return bad(p);
      }
      if (!ctx.in_member) {
        error(p, fmt::format("member input '{}' can only be used inside count(…) or sum(…), a member "
                             "list or a per-member output", in.name), "Members");
        return bad(p);
      }
      auto out = make(Op::member_input, in.type, p);
      out.slot = index;
      return out;
    }
    if (ctx.in_default) {
      error(p, "an input's default cannot use a household input", "Inputs");
      return bad(p);
    }
    if (ctx.ranges) {
      error(p, fmt::format("a require is about the standards, not a household: it cannot read "
                           "input '{}'", in.name), "Invariants");
      return bad(p);
    }
    auto out = make(Op::household_input, in.type, p);
    out.slot = index;
    return out;
  }

  // A key expression coerced to the key's type: a district becomes its region.
  std::optional<model::Expr> key_arg(model::Expr arg, const model::TableKey& key,
                                     const std::string& table) {
    if (arg.type.kind == TypeKind::error) return std::nullopt;
    if (key.kind == TypeKind::region && arg.type.kind == TypeKind::district) {
      auto out = make(Op::region_of, simple(TypeKind::region), arg.position);
      out.args.push_back(std::move(arg));
      return out;
    }
    if (arg.type.kind == key.kind &&
        (key.kind != TypeKind::enumeration || arg.type.enumeration == key.enumeration)) {
      return arg;
    }
    error(arg.position, fmt::format("table '{}' is keyed by {} here, but this is {}", table,
                                    key.name, describe(arg.type)), "Tables");
    return std::nullopt;
  }

  model::Expr finish_lookup(int table, std::vector<model::Expr> keys, const Position& p) {
    const model::Table& t = m_.tables[static_cast<size_t>(table)];
    auto out = make(Op::table_lookup, t.type, p);
    out.type.literal = false;
    out.slot = table;
    out.args = std::move(keys);
    return out;
  }

  // A table named without keys takes each key from the household (or, inside
  // count/sum, the member) input of that key's type, when exactly one exists.
  model::Expr implicit_lookup(int table, const Position& p, const Context& ctx) {
    const model::Table& t = m_.tables[static_cast<size_t>(table)];
    auto keys = implicit_keys(t.keys, t.name, p, ctx);
    if (!keys) return bad(p);
    auto out = finish_lookup(table, std::move(*keys), p);
    out.implicit_keys = true;
    return out;
  }

  // The keys of a table or series named without brackets: from the range
  // variables in a require, else from the one input of each key's type.
  std::optional<std::vector<model::Expr>> implicit_keys(const std::vector<model::TableKey>& table_keys,
                                                        const std::string& table_name,
                                                        const Position& p, const Context& ctx) {
    std::vector<model::Expr> keys;
    for (const auto& key : table_keys) {
      if (ctx.ranges) {
        keys.push_back(range_ref(*ctx.ranges, key.kind, key.enumeration, p));
        continue;
      }
      TypeKind want = key.kind == TypeKind::region ? TypeKind::district : key.kind;
      auto matching = [&](model::Scope scope) {
        std::vector<int> found;
        for (size_t i = 0; i < m_.inputs.size(); ++i) {
          const auto& in = m_.inputs[i];
          if (in.scope == scope && in.type.kind == want &&
              (want != TypeKind::enumeration || in.type.enumeration == key.enumeration)) {
            found.push_back(static_cast<int>(i));
          }
        }
        return found;
      };
      std::vector<int> candidates;
      if (ctx.in_member) candidates = matching(model::Scope::member);
      if (candidates.empty()) candidates = matching(model::Scope::household);
      if (candidates.size() != 1) {
        error(p, fmt::format("table '{}' is keyed by {}, and {} household input has that type: "
                             "write the keys, as {}[…]", table_name, key.name,
                             candidates.empty() ? "no" : "more than one", table_name),
              "Tables");
        return std::nullopt;
      }
      auto arg = input_ref(candidates[0], p, ctx);
      auto coerced = key_arg(std::move(arg), key, table_name);
      if (!coerced) return std::nullopt;
      keys.push_back(std::move(*coerced));
    }
    return keys;
  }

  model::Expr series_lookup(int index, const syn::Expr& e, const Context& ctx, int depth) {
    const model::Series& s = m_.series[static_cast<size_t>(index)];
    if (e.args.size() != 1 && e.args.size() != s.keys.size() + 1) {
      error(e.position, fmt::format("series '{}' takes a year{}: {}[effective_year - 1{}]", s.name,
                                    s.keys.empty() ? "" : " and optionally its keys", s.name,
                                    s.keys.empty() ? "" : ", …"), "Series");
      return bad(e.position);
    }
    model::Expr year = expr(*e.args[0], ctx, depth + 1);
    if (year.type.kind == TypeKind::error) return bad(e.position);
    if (year.type.kind != TypeKind::integer && !(year.type.literal && year.type.scale == 0)) {
      error(year.position, "a series is indexed by a year (an integer), e.g. effective_year - 1", "Series");
      return bad(e.position);
    }
    std::vector<model::Expr> args;
    args.push_back(std::move(year));
    bool implicit = e.args.size() == 1 && !s.keys.empty();
    if (e.args.size() == 1) {
      auto keys = implicit_keys(s.keys, s.name, e.position, ctx);
      if (!keys) return bad(e.position);
      for (auto& k : *keys) args.push_back(std::move(k));
    } else {
      for (size_t k = 0; k < s.keys.size(); ++k) {
        auto coerced = key_arg(expr(*e.args[k + 1], ctx, depth + 1), s.keys[k], s.name);
        if (!coerced) return bad(e.position);
        args.push_back(std::move(*coerced));
      }
    }
    auto out = make(Op::series_lookup, s.type, e.position);
    out.implicit_keys = implicit;
    out.slot = index;
    out.args = std::move(args);
    return out;
  }

  // previous(TABLE): the table of the version in force before this one, as a
  // hidden table keyed by district (region groups may have changed) and by
  // this version's enumerations, matched by name; what has no counterpart is n/a.
  model::Expr previous(const syn::Expr& e, const Context& ctx) {
    Position p = e.position;
    if (e.args.size() != 1 || e.args[0]->kind != syn::ExprKind::name || e.args[0]->path.size() != 1) {
      error(p, "previous takes a table's name: previous(dibao_standard)", "Versions");
      return bad(p);
    }
    const std::string& name = e.args[0]->path[0];
    if (!context_.previous) {
      error(p, "previous(…) needs an earlier version, and this is the first", "Versions");
      return bad(p);
    }
    const model::Model& prev = *context_.previous;
    int pt = prev.find_table(name);
    if (pt < 0) {
      error(e.args[0]->position, fmt::format("the previous version ({}) has no table '{}'",
                                             prev.version, name), "Versions");
      return bad(p);
    }
    std::string hidden = "previous " + name;
    int index = m_.find_table(hidden);
    if (index < 0) {
      const model::Table& old = prev.tables[static_cast<size_t>(pt)];
      model::Table t;
      t.name = hidden;
      t.label = old.label;
      t.type = old.type;
      t.per = old.per;
      t.sources = old.sources;
      t.position = old.position;
      std::vector<std::vector<int>> maps;  // per key: new code -> old code (-1 none)
      for (const auto& k : old.keys) {
        model::TableKey nk;
        std::vector<int> map;
        if (k.kind == TypeKind::region || k.kind == TypeKind::district) {
          nk.name = "district";
          nk.kind = TypeKind::district;
          nk.size = static_cast<int>(m_.districts.size());
          for (const auto& d : m_.districts) {
            int od = prev.find_district(d.name);
            map.push_back(od < 0 ? -1 : k.kind == TypeKind::region ? prev.districts[static_cast<size_t>(od)].region : od);
          }
        } else {
          const std::string& en = prev.enums[static_cast<size_t>(k.enumeration)].name;
          int ne = -1;
          for (size_t i = 0; i < m_.enums.size(); ++i)
            if (m_.enums[i].name == en) ne = static_cast<int>(i);
          if (ne < 0) {
            error(p, fmt::format("previous({}) is keyed by '{}', which this version does not declare",
                                 name, en), "Versions");
            return bad(p);
          }
          nk.name = en;
          nk.kind = TypeKind::enumeration;
          nk.enumeration = ne;
          nk.size = static_cast<int>(m_.enums[static_cast<size_t>(ne)].values.size());
          for (const auto& v : m_.enums[static_cast<size_t>(ne)].values)
            map.push_back(prev.find_enum_value(k.enumeration, v.name));
        }
        t.keys.push_back(nk);
        maps.push_back(std::move(map));
      }
      size_t cells = 1;
      for (const auto& k : t.keys) cells *= static_cast<size_t>(k.size);
      t.cells.assign(cells, std::nullopt);
      t.cell_positions.assign(cells, old.position);
      for (size_t c = 0; c < cells; ++c) {
        size_t rest = c, old_index = 0, stride = 1;
        bool present = true;
        for (size_t k = t.keys.size(); k-- > 0;) {
          size_t code = rest % static_cast<size_t>(t.keys[k].size);
          rest /= static_cast<size_t>(t.keys[k].size);
          int oc = maps[k][code];
          if (oc < 0) present = false;
          old_index += static_cast<size_t>(std::max(oc, 0)) * stride;
          stride *= static_cast<size_t>(old.keys[k].size);
        }
        if (present) {
          t.cells[c] = old.cells[old_index];
          t.cell_positions[c] = old.cell_positions[old_index];
        }
      }
      m_.tables.push_back(std::move(t));
      index = static_cast<int>(m_.tables.size() - 1);
    }
    return implicit_lookup(index, p, ctx);
  }

  model::Expr index(const syn::Expr& e, const Context& ctx, int depth) {
    if (e.path.size() == 1) {
      for (size_t i = 0; i < m_.series.size(); ++i)
        if (m_.series[i].name == e.path[0]) return series_lookup(static_cast<int>(i), e, ctx, depth);
    }
    if (e.path.size() != 1) {
      error(e.position, "only a table or a series can be indexed with […]", "Tables");
      return bad(e.position);
    }
    int table = -1;
    for (size_t i = 0; i < m_.tables.size(); ++i)
      if (m_.tables[i].name == e.path[0]) table = static_cast<int>(i);
    if (table < 0) {
      error(e.position, fmt::format("'{}' is not a table", e.path[0]), "Tables");
      return bad(e.position);
    }
    const model::Table& t = m_.tables[static_cast<size_t>(table)];
    if (e.args.size() != t.keys.size()) {
      error(e.position, fmt::format("table '{}' has {} keys but {} are given", t.name,
                                    t.keys.size(), e.args.size()), "Tables");
      return bad(e.position);
    }
    std::vector<model::Expr> keys;
    bool ok = true;
    for (size_t k = 0; k < e.args.size(); ++k) {
      auto coerced = key_arg(expr(*e.args[k], ctx, depth + 1), t.keys[k], t.name);
      if (!coerced) {
        ok = false;
        continue;
      }
      keys.push_back(std::move(*coerced));
    }
    if (!ok) return bad(e.position);
    return finish_lookup(table, std::move(keys), e.position);
  }

  model::Expr unary(const syn::Expr& e, const Context& ctx, int depth) {
    model::Expr a = expr(*e.args[0], ctx, depth + 1);
    if (a.type.kind == TypeKind::error) return bad(e.position);
    if (e.text == "not") {
      if (a.type.kind != TypeKind::boolean) {
        error(e.position, "'not' takes a condition (true or false), not " + describe(a.type),
              "Conditions");
        return bad(e.position);
      }
      auto out = make(Op::logical_not, a.type, e.position);
      out.args.push_back(std::move(a));
      return out;
    }
    if (!a.type.is_numeric()) {
      error(e.position, "'-' takes a number, not " + describe(a.type), "Arithmetic");
      return bad(e.position);
    }
    if (a.op == Op::constant) {  // fold a negative literal
      a.value = -a.value;
      a.position = e.position;
      return a;
    }
    auto out = make(Op::negate, a.type, e.position);
    out.args.push_back(std::move(a));
    return out;
  }

  model::Expr binary(const syn::Expr& e, const Context& ctx, int depth) {
    model::Expr a = expr(*e.args[0], ctx, depth + 1);
    model::Expr b = expr(*e.args[1], ctx, depth + 1);
    if (a.type.kind == TypeKind::error || b.type.kind == TypeKind::error) return bad(e.position);
    const std::string& op = e.text;
    Position p = e.position;
    auto finish = [&](Op o, Type t) {
      auto out = make(o, t, p);
      out.args.push_back(std::move(a));
      out.args.push_back(std::move(b));
      return out;
    };
    if (op == "and" || op == "or") {
      if (a.type.kind != TypeKind::boolean || b.type.kind != TypeKind::boolean) {
        error(p, fmt::format("'{}' joins conditions (true or false), not {} and {}", op,
                             describe(a.type), describe(b.type)), "Conditions");
        return bad(p);
      }
      return finish(op == "and" ? Op::logical_and : Op::logical_or, a.type);
    }
    static const std::map<std::string, Op> comparisons = {
        {"<", Op::less}, {"<=", Op::less_equal}, {">", Op::greater}, {">=", Op::greater_equal},
        {"==", Op::equal}, {"!=", Op::not_equal}};
    if (auto c = comparisons.find(op); c != comparisons.end()) {
      if (periods_clash(a.type, b.type)) {
        period_error(p, "compare", a.type, b.type);
        return bad(p);
      }
      auto common = unify(a.type, b.type);
      bool ordered = c->second != Op::equal && c->second != Op::not_equal;
      if (!common || (ordered && !common->is_numeric() && common->kind != TypeKind::date)) {
        error(p, fmt::format("cannot compare {} with {}", describe(a.type), describe(b.type)),
              "Conditions");
        return bad(p);
      }
      return finish(c->second, simple(TypeKind::boolean));
    }
    if (!a.type.is_numeric() || !b.type.is_numeric()) {
      error(p, fmt::format("'{}' takes numbers, not {} and {}", op, describe(a.type),
                           describe(b.type)), "Arithmetic");
      return bad(p);
    }
    if (op == "+" || op == "-") {
      if (periods_clash(a.type, b.type)) {
        period_error(p, op == "+" ? "add" : "subtract", a.type, b.type);
        return bad(p);
      }
      auto t = unify_numeric(a.type, b.type);
      if (!t) {
        error(p, fmt::format("cannot {} {} and {}: money only adds to money",
                             op == "+" ? "add" : "subtract", describe(a.type), describe(b.type)),
              "Types");
        return bad(p);
      }
      return finish(op == "+" ? Op::add : Op::subtract, *t);
    }
    int scale = (a.type.scale == model::kRational || b.type.scale == model::kRational)
                    ? model::kRational
                    : a.type.scale + b.type.scale;
    if (op == "*") {
      if (a.type.kind == TypeKind::money && b.type.kind == TypeKind::money) {
        error(p, "cannot multiply money by money", "Types");
        return bad(p);
      }
      Type t;
      if (a.type.kind == TypeKind::money || b.type.kind == TypeKind::money) {
        t = numeric(TypeKind::money, scale);
      } else if (a.type.literal && b.type.literal) {
        t = numeric(TypeKind::decimal, scale, true);
      } else if ((a.type.kind == TypeKind::integer || a.type.literal) &&
                 (b.type.kind == TypeKind::integer || b.type.literal) &&
                 (a.type.kind == TypeKind::integer || a.type.scale == 0) &&
                 (b.type.kind == TypeKind::integer || b.type.scale == 0)) {
        t = numeric(TypeKind::integer, scale);
      } else {
        t = numeric(TypeKind::decimal, scale);
      }
      if (scale > 18) t.scale = model::kRational;
      t.period = product_period(a.type, b.type);
      return finish(Op::multiply, t);
    }
    // Division: exact until rounded.
    Type t;
    if (a.type.kind == TypeKind::money && b.type.kind == TypeKind::money) {
      t = numeric(TypeKind::decimal, model::kRational);
    } else if (b.type.kind == TypeKind::money) {
      error(p, fmt::format("cannot divide {} by money", describe(a.type)), "Types");
      return bad(p);
    } else if (a.type.kind == TypeKind::money) {
      t = numeric(TypeKind::money, model::kRational);
    } else {
      t = numeric(TypeKind::decimal, model::kRational, a.type.literal && b.type.literal);
    }
    if (b.op == Op::constant && b.value.is_zero()) {
      error(b.position, "division by zero", "Arithmetic");
      return bad(p);
    }
    // A share of an amount keeps its period; a ratio of two amounts has none.
    if (!(a.type.kind == TypeKind::money && b.type.kind == TypeKind::money) && !b.type.literal &&
        b.type.period == Type::Period::none)
      t.period = a.type.period;
    return finish(Op::divide, t);
  }

  // An amount times a count or a ratio keeps its period (630 per month × 3
  // people is per month); times a bare number it is unknown, as × 12 turns a
  // month into a year.
  static Type::Period product_period(const Type& a, const Type& b) {
    if (a.literal || b.literal) return Type::Period::none;
    if (a.period != Type::Period::none && b.period != Type::Period::none) return Type::Period::none;
    return a.period != Type::Period::none ? a.period : b.period;
  }

  void period_error(const Position& p, const char* verb, const Type& a, const Type& b) {
    error(p, fmt::format("cannot {} {} and {}: their unit phrases differ; convert one first "
                         "(× 12 for a year of months, or read the figure per month)",
                         verb, describe(a), describe(b)), "Types");
  }

  model::Expr membership(const syn::Expr& e, const Context& ctx, int depth) {
    const syn::Expr& subject = *e.args[0];
    bool member_word = subject.kind == syn::ExprKind::name && subject.path.size() == 1 &&
                       subject.path[0] == "member";
    if (int l = find_member_list(e.text); l >= 0 || member_word) {
      if (l < 0) {
        error(e.position, fmt::format("'{}' is not a member list: 'member in LIST' asks whether a "
                                      "member is in a list declared with members LIST = member where …",
                                      e.text), "Members");
        return bad(e.position);
      }
      if (!member_word) {
        error(e.position, fmt::format("'in {}' asks about a member: write member in {}", e.text, e.text),
              "Members");
        return bad(e.position);
      }
      if (!ctx.in_member) {
        error(e.position, "'member in LIST' is about one member: use it inside count(…), sum(…) or a "
                          "per-member output", "Members");
        return bad(e.position);
      }
      if (!member_list(l)) return bad(e.position);
      model::Expr c = m_.member_lists[static_cast<size_t>(l)].condition;
      c.position = e.position;
      return c;
    }
    model::Expr a = expr(*e.args[0], ctx, depth + 1);
    if (a.type.kind == TypeKind::error) return bad(e.position);
    if (a.type.kind != TypeKind::district) {
      error(e.position, "'in' asks whether a district is in a region group; this is " +
                            describe(a.type), "Region groups");
      return bad(e.position);
    }
    for (size_t i = 0; i < m_.regions.size(); ++i) {
      if (m_.regions[i].name == e.text) {
        auto out = make(Op::in_region, simple(TypeKind::boolean), e.position);
        out.slot = static_cast<int>(i);
        out.args.push_back(std::move(a));
        return out;
      }
    }
    error(e.position, fmt::format("'{}' is not a region group", e.text), "Region groups");
    return bad(e.position);
  }

  model::Expr conditional(const syn::Expr& e, const Context& ctx, int depth) {
    model::Expr c = expr(*e.args[0], ctx, depth + 1);
    model::Expr a = expr(*e.args[1], ctx, depth + 1);
    model::Expr b = expr(*e.args[2], ctx, depth + 1);
    if (c.type.kind == TypeKind::error || a.type.kind == TypeKind::error ||
        b.type.kind == TypeKind::error) {
      return bad(e.position);
    }
    if (c.type.kind != TypeKind::boolean) {
      error(c.position, "the condition of 'if'/'when' must be true or false, not " +
                            describe(c.type), "Conditions");
      return bad(e.position);
    }
    if (periods_clash(a.type, b.type)) {
      period_error(e.position, "choose between", a.type, b.type);
      return bad(e.position);
    }
    auto t = unify(a.type, b.type);
    if (!t) {
      error(e.position, fmt::format("the two branches differ: {} after 'then', {} after 'else'",
                                    describe(a.type), describe(b.type)), "Conditions");
      return bad(e.position);
    }
    auto out = make(Op::if_then_else, *t, e.position);
    out.args.push_back(std::move(c));
    out.args.push_back(std::move(a));
    out.args.push_back(std::move(b));
    return out;
  }

  model::Expr call(const syn::Expr& e, const Context& ctx, int depth) {
    const std::string& f = e.text;
    Position p = e.position;
    if (e.where && f != "count" && f != "sum") {
      error(e.where->position, "'where' filters members, in count(…) and sum(…) only", "Members");
      return bad(p);
    }
    if (f == "count" || f == "sum") return aggregate(e, ctx, depth);
    if (f == "previous") return previous(e, ctx);
    if (f == "age" || f == "months_between") return date_function(e, ctx, depth);
    if (f == "calendar_months" || f == "first_day_of_month" || f == "month_of" || f == "year_of")
      return calendar_function(e, ctx, depth);
    if (f == "round") {
      if (e.args.size() != 3) {
        error(p, "round takes a value, a unit and a mode: round(x, 0.01, half_up). The mode is "
                 "required so every rounding is written down", "Rounding");
        return bad(p);
      }
      // The mode is a bare word (half_up, 四舍五入, …), checked before args.
      const syn::Expr& mode_expr = *e.args[2];
      std::optional<RoundingMode> mode;
      if (mode_expr.kind == syn::ExprKind::name && mode_expr.path.size() == 1) {
        mode = rounding_mode_from_name(mode_expr.path[0]);
      }
      if (!mode) {
        error(mode_expr.position, "unknown rounding mode: use half_up (四舍五入), half_even, "
                                  "half_down, up (进一), down (去尾), ceiling or floor",
              "Rounding");
        return bad(p);
      }
      model::Expr value = expr(*e.args[0], ctx, depth + 1);
      model::Expr unit = expr(*e.args[1], ctx, depth + 1);
      if (value.type.kind == TypeKind::error || unit.type.kind == TypeKind::error) return bad(p);
      if (!value.type.is_numeric()) {
        error(value.position, "round takes a number, not " + describe(value.type), "Rounding");
        return bad(p);
      }
      if (unit.op != Op::constant || !unit.type.is_numeric() || unit.value.sign() <= 0) {
        error(unit.position, "the rounding unit must be a positive number written in the "
                             "policy, such as 0.01, 0.1, 1 or 10", "Rounding");
        return bad(p);
      }
      int scale = 0;
      while (scale <= 18 && !unit.value.fits_scale(scale)) ++scale;
      Type t = value.type;
      t.scale = scale;
      if (t.literal) t.literal = false, t.kind = scale == 0 ? TypeKind::integer : TypeKind::decimal;
      if (t.kind == TypeKind::integer && scale > 0) t.kind = TypeKind::decimal;
      auto out = make(Op::round, t, p);
      out.value = unit.value;
      out.mode = *mode;
      out.args.push_back(std::move(value));
      return out;
    }
    std::vector<model::Expr> args;
    for (const auto& a : e.args) args.push_back(expr(*a, ctx, depth + 1));
    for (const auto& a : args)
      if (a.type.kind == TypeKind::error) return bad(p);
    auto need = [&](size_t lo, size_t hi, const char* usage) {
      if (args.size() < lo || args.size() > hi) {
        error(p, fmt::format("{} takes {}", f, usage), "Functions");
        return false;
      }
      for (const auto& a : args) {
        if (!a.type.is_numeric()) {
          error(a.position, fmt::format("{} takes numbers, not {}", f, describe(a.type)),
                "Functions");
          return false;
        }
      }
      return true;
    };
    if (f == "min" || f == "max" || f == "clamp") {
      bool ok = f == "clamp" ? need(3, 3, "three values: clamp(value, low, high)")
                             : need(2, 64, "two or more values");
      if (!ok) return bad(p);
      Type t = args[0].type;
      for (size_t i = 1; i < args.size(); ++i) {
        if (periods_clash(t, args[i].type)) {
          period_error(args[i].position, f == "min" ? "take the min of" : f == "max" ? "take the max of" : "clamp",
                       t, args[i].type);
          return bad(p);
        }
        auto u = unify_numeric(t, args[i].type);
        if (!u) {
          error(args[i].position, fmt::format("{} mixes {} with {}", f, describe(t),
                                              describe(args[i].type)), "Functions");
          return bad(p);
        }
        t = *u;
      }
      auto out = make(f == "min" ? Op::min : f == "max" ? Op::max : Op::clamp, t, p);
      out.args = std::move(args);
      return out;
    }
    if (f == "abs") {
      if (!need(1, 1, "one value")) return bad(p);
      auto out = make(Op::abs, args[0].type, p);
      out.args = std::move(args);
      return out;
    }
    error(p, fmt::format("unknown function '{}': the functions are min, max, clamp, abs, round, "
                         "count, sum, previous, age, months_between, calendar_months, "
                         "first_day_of_month, month_of and year_of", f), "Functions");
    return bad(p);
  }

  // age(birth_date, on): whole years; months_between(from, to, MODE): months,
  // a partial month rounded to 1 by MODE (see the manual's section "Dates").
  model::Expr date_function(const syn::Expr& e, const Context& ctx, int depth) {
    const std::string& f = e.text;
    Position p = e.position;
    bool age = f == "age";
    if (e.args.size() != (age ? 2u : 3u)) {
      error(p, age ? "age takes a birth date and the date to measure on: age(member.birth_date, "
                     "evaluation_date)"
                   : "months_between takes two dates and a rounding mode for the partial month: "
                     "months_between(income_rose_on, evaluation_date, down)", "Dates");
      return bad(p);
    }
    std::optional<RoundingMode> mode;
    if (!age) {
      const syn::Expr& m = *e.args[2];
      if (m.kind == syn::ExprKind::name && m.path.size() == 1) mode = rounding_mode_from_name(m.path[0]);
      if (!mode) {
        error(m.position, "the third argument of months_between is how a partial month counts: a "
                          "rounding mode, down (去尾: only whole months), up (进一), half_up, …",
              "Dates");
        return bad(p);
      }
    }
    model::Expr out = make(age ? Op::age : Op::months_between, numeric(TypeKind::integer, 0), p);
    for (size_t i = 0; i < 2; ++i) {
      model::Expr a = expr(*e.args[i], ctx, depth + 1);
      if (a.type.kind == TypeKind::error) return bad(p);
      if (a.type.kind != TypeKind::date) {
        error(a.position, fmt::format("{} takes dates, not {}", f, describe(a.type)), "Dates");
        return bad(p);
      }
      out.args.push_back(std::move(a));
    }
    if (mode) out.mode = *mode;
    return out;
  }

  // calendar_months(from, to): calendar months between the two dates' months;
  // first_day_of_month(d), month_of(d), year_of(d) (the manual's "Dates").
  model::Expr calendar_function(const syn::Expr& e, const Context& ctx, int depth) {
    const std::string& f = e.text;
    Position p = e.position;
    bool two = f == "calendar_months";
    if (e.args.size() != (two ? 2u : 1u)) {
      error(p, two ? "calendar_months takes two dates: calendar_months(income_rose_on, evaluation_date)"
                   : fmt::format("{} takes one date: {}(income_rose_on)", f, f), "Dates");
      return bad(p);
    }
    Op op = two ? Op::calendar_months
            : f == "first_day_of_month" ? Op::first_day_of_month
            : f == "month_of"           ? Op::month_of
                                        : Op::year_of;
    model::Expr out = make(op, op == Op::first_day_of_month ? simple(TypeKind::date)
                                                            : numeric(TypeKind::integer, 0), p);
    for (const auto& arg : e.args) {
      model::Expr a = expr(*arg, ctx, depth + 1);
      if (a.type.kind == TypeKind::error) return bad(p);
      if (a.type.kind != TypeKind::date) {
        error(a.position, fmt::format("{} takes dates, not {}", f, describe(a.type)), "Dates");
        return bad(p);
      }
      out.args.push_back(std::move(a));
    }
    return out;
  }

  model::Expr aggregate(const syn::Expr& e, const Context& ctx, int depth) {
    const std::string& f = e.text;
    Position p = e.position;
    if (ctx.in_member) {
      error(p, fmt::format("{}(…) cannot be nested inside another count or sum", f), "Members");
      return bad(p);
    }
    Context inner = ctx;
    inner.in_member = true;
    std::optional<model::Expr> filter;
    if (e.where) {
      model::Expr w = expr(*e.where, inner, depth + 1);
      if (w.type.kind == TypeKind::error) return bad(p);
      if (w.type.kind != TypeKind::boolean) {
        error(w.position, "the 'where' condition must be true or false", "Members");
        return bad(p);
      }
      filter = std::move(w);
    }
    if (f == "count") {
      bool single_name = e.args.size() == 1 && e.args[0]->kind == syn::ExprKind::name &&
                         e.args[0]->path.size() == 1;
      bool member_word = single_name && e.args[0]->path[0] == "member";
      int list = single_name ? find_member_list(e.args[0]->path[0]) : -1;
      if (!member_word && list < 0) {
        error(p, "count takes the word member or a member list, and an optional condition: "
                 "count(member where member.age >= 60), count(students)", "Members");
        return bad(p);
      }
      if (list >= 0) {  // count(LIST where C) is count(member where LIST's condition and C)
        if (!member_list(list)) return bad(p);
        model::Expr c = m_.member_lists[static_cast<size_t>(list)].condition;
        if (filter) {
          model::Expr both = make(Op::logical_and, simple(TypeKind::boolean), p);
          both.args.push_back(std::move(c));
          both.args.push_back(std::move(*filter));
          c = std::move(both);
        }
        filter = std::move(c);
      }
      auto out = make(Op::count, numeric(TypeKind::integer, 0), p);
      if (list >= 0 && !e.where) out.slot = list;  // printed as count(LIST)
      if (filter) out.args.push_back(std::move(*filter));
      return out;
    }
    if (e.args.size() != 1) {
      error(p, "sum takes one value per member: sum(member.income where member.age >= 18)",
            "Members");
      return bad(p);
    }
    model::Expr term = expr(*e.args[0], inner, depth + 1);
    if (term.type.kind == TypeKind::error) return bad(p);
    if (!term.type.is_numeric()) {
      error(term.position, "sum adds numbers, not " + describe(term.type), "Members");
      return bad(p);
    }
    Type t = term.type;
    auto out = make(Op::sum, t, p);
    out.args.push_back(std::move(term));
    if (filter) out.args.push_back(std::move(*filter));
    return out;
  }

  const syn::PolicyFile& file_;
  const CheckContext& context_;
  model::Model m_;
  std::vector<Diagnostic> errors_;
  std::map<std::string, std::pair<std::string, Position>> names_;
  std::map<std::string, std::vector<int>> enum_value_owners_;
  std::vector<const syn::RuleDecl*> rule_decls_;                // by rule; null when built
  std::vector<std::function<model::Expr()>> rule_builders_;    // by rule, for constructs
  std::vector<int> rule_state_;
  std::vector<const syn::MemberListDecl*> member_list_decls_;
  std::vector<int> member_list_state_;
  std::vector<int> typing_;  // rules being typed, outermost first
  std::set<int> in_cycle_;
};

}  // namespace

model::Model check_policy(const syntax::PolicyFile& file, const CheckContext& context) {
  return Checker(file, context).run();
}

}  // namespace doudi
