// Name lookups on the checked model, and type names for messages.
#include "dsl/model.h"

namespace doudi::model {

int Model::find_input(const std::string& name, Scope scope) const {
  for (size_t i = 0; i < inputs.size(); ++i)
    if (inputs[i].scope == scope && inputs[i].name == name) return static_cast<int>(i);
  return -1;
}

int Model::find_district(const std::string& name) const {
  auto it = district_index.find(name);
  return it == district_index.end() ? -1 : it->second;
}

int Model::find_enum_value(int enumeration, const std::string& name) const {
  const auto& e = enums[static_cast<size_t>(enumeration)];
  if (!e.index.empty()) {
    auto it = e.index.find(name);
    return it == e.index.end() ? -1 : it->second;
  }
  const auto& values = e.values;
  for (size_t i = 0; i < values.size(); ++i)
    if (values[i].name == name || (!values[i].label.empty() && values[i].label == name))
      return static_cast<int>(i);
  return -1;
}

int Model::find_rule(const std::string& name) const {
  for (size_t i = 0; i < rules.size(); ++i)
    if (rules[i].name == name) return static_cast<int>(i);
  return -1;
}

int Model::find_table(const std::string& name) const {
  for (size_t i = 0; i < tables.size(); ++i)
    if (tables[i].name == name) return static_cast<int>(i);
  return -1;
}

int key_code(const Model& m, const TableKey& key, const std::string& name) {
  if (key.kind == TypeKind::region) {
    for (size_t i = 0; i < m.regions.size(); ++i)
      if (m.regions[i].name == name) return static_cast<int>(i);
    return -1;
  }
  if (key.kind == TypeKind::district) return m.find_district(name);
  return m.find_enum_value(key.enumeration, name);
}

std::string key_value_name(const Model& m, const TableKey& key, int code) {
  if (key.kind == TypeKind::region) return m.regions[static_cast<size_t>(code)].name;
  if (key.kind == TypeKind::district) return m.districts[static_cast<size_t>(code)].name;
  return m.enums[static_cast<size_t>(key.enumeration)].values[static_cast<size_t>(code)].name;
}

std::string key_value_names(const Model& m, const TableKey& key) {
  std::string out;
  auto add = [&](const std::string& name) { out += (out.empty() ? "" : ", ") + name; };
  if (key.kind == TypeKind::region) {
    for (const auto& r : m.regions) add(r.name);
  } else if (key.kind == TypeKind::district) {
    for (const auto& d : m.districts) add(d.name);
  } else {
    for (const auto& v : m.enums[static_cast<size_t>(key.enumeration)].values) add(v.name);
  }
  return out;
}

std::vector<int> cell_codes(const std::vector<TableKey>& keys, size_t index) {
  std::vector<int> codes(keys.size());
  for (size_t k = keys.size(); k-- > 0;) {
    codes[k] = static_cast<int>(index % static_cast<size_t>(keys[k].size));
    index /= static_cast<size_t>(keys[k].size);
  }
  return codes;
}

bool Model::has_members() const {
  for (const auto& in : inputs)
    if (in.scope == Scope::member) return true;
  return false;
}

int member_count_input(const Model& m) {
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    if (in.scope != Scope::household || !in.default_value) continue;
    if (in.default_value->op == Op::count && in.default_value->args.empty()) return static_cast<int>(i);
  }
  return -1;
}

std::string type_name(const Model& m, const Type& t) {
  switch (t.kind) {
    case TypeKind::money: return "money";
    case TypeKind::decimal: return t.literal ? "a number" : "decimal";
    case TypeKind::integer: return "integer";
    case TypeKind::boolean: return "boolean";
    case TypeKind::date: return "date";
    case TypeKind::district: return "district";
    case TypeKind::region: return "region";
    case TypeKind::enumeration:
      return t.enumeration >= 0 ? m.enums[static_cast<size_t>(t.enumeration)].name : "enumeration";
    case TypeKind::error: return "(error)";
  }
  return "?";
}

namespace {
bool reads_date(const Expr& e) {
  if (e.op == Op::evaluation_date) return true;
  for (const auto& a : e.args)
    if (reads_date(a)) return true;
  return false;
}
}  // namespace

bool reads_evaluation_date(const Model& m) {
  for (const auto& r : m.rules)
    if (reads_date(r.body)) return true;
  for (const auto& in : m.inputs)
    if (in.default_value && reads_date(*in.default_value)) return true;
  for (const auto& o : m.member_outputs)
    if (reads_date(o.value)) return true;
  for (const auto& l : m.member_lists)
    if (reads_date(l.condition)) return true;
  return false;
}

}  // namespace doudi::model
