// The checker's driver: the order of its passes, its diagnostics, the policy
// header, the one name space, enumerations and region groups.
#include "dsl/check/checker_private.h"

#include "dsl/benefit.h"

namespace doudi::check {

model::Model Checker::run() {
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
  rule_chains();
  member_list_bodies();
  input_defaults();
  outputs();
  check_benefit(file_.benefit, m_, errors_);
  invariants();
  if (!errors_.empty()) throw PolicyError{errors_};
  return std::move(m_);
}

// ---- diagnostics ---------------------------------------------------------
void Checker::error(const Position& p, std::string message, std::string section) {
  errors_.push_back({p, std::move(message), std::move(section)});
}

Position Checker::file_start() const {
  Position p;
  p.file = file_.file;
  p.line = 1;
  p.column = 1;
  return p;
}

// ---- header --------------------------------------------------------------
void Checker::header() {
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
  if (file_.description) m_.description = file_.description->text;
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

std::optional<int> Checker::date_of(const syn::Name& n, const char* section) {
  auto d = parse_date(n.text);
  if (!d) error(n.position, "'" + n.text + "' is not a calendar date", section);
  return d;
}

int Checker::add_rule(model::Rule r) {
  int index = static_cast<int>(m_.rules.size());
  rule_index_.emplace(r.name, index);
  m_.rules.push_back(std::move(r));
  return index;
}

int Checker::add_table(model::Table t) {
  int index = static_cast<int>(m_.tables.size());
  table_index_.emplace(t.name, index);
  m_.tables.push_back(std::move(t));
  return index;
}

int Checker::rule_named(const std::string& name) const {
  auto it = rule_index_.find(name);
  return it == rule_index_.end() ? -1 : it->second;
}

int Checker::table_named(const std::string& name) const {
  auto it = table_index_.find(name);
  return it == table_index_.end() ? -1 : it->second;
}

// Names share one space: a name may not be both an enumeration and a rule.
bool Checker::claim(const syn::Name& n, const std::string& what) {
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
void Checker::enums() {
  // Enumerations are types: their names live apart from values, so an input
  // may share its enumeration's name (hukou : hukou).
  std::map<std::string, Position> seen_enums;
  for (const auto& e : file_.enums) {
    if (auto [it, fresh] = seen_enums.emplace(e.name.text, e.name.position); !fresh) {
      error(e.name.position, fmt::format("enumeration '{}' is already declared at {}",
                                         e.name.text, it->second.to_string()), "Enumerations");
      continue;
    }
    model::Enumeration out{e.name.text, e.label, {}, {}};
    std::set<std::string> seen;
    for (const auto& v : e.values) {
      if (!seen.insert(v.name.text).second) {
        error(v.name.position, fmt::format("'{}' appears twice in enumeration '{}'",
                                           v.name.text, e.name.text), "Enumerations");
        continue;
      }
      int code = static_cast<int>(out.values.size());
      out.index.emplace(v.name.text, code);
      if (!v.label.empty()) out.index.emplace(v.label, code);
      out.values.push_back({v.name.text, v.label});
      enum_value_owners_[v.name.text].push_back(static_cast<int>(m_.enums.size()));
    }
    m_.enums.push_back(std::move(out));
  }
}

void Checker::regions() {
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

}  // namespace doudi::check

namespace doudi {

model::Model check_policy(const syntax::PolicyFile& file, const CheckContext& context) {
  return check::Checker(file, context).run();
}

}  // namespace doudi
