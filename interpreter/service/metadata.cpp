// Policy metadata documents (see metadata.h). Every number is an exact
// decimal string, as everywhere in doudi's JSON.
#include "interpreter/service/metadata.h"

#include "dsl/date.h"
#include "dsl/printer.h"

namespace doudi::service {
namespace {

const char* kind_name(model::TypeKind k) {
  switch (k) {
    case model::TypeKind::money: return "money";
    case model::TypeKind::decimal: return "decimal";
    case model::TypeKind::integer: return "integer";
    case model::TypeKind::boolean: return "boolean";
    case model::TypeKind::date: return "date";
    case model::TypeKind::enumeration: return "enumeration";
    case model::TypeKind::district: return "district";
    case model::TypeKind::region: return "region";
    case model::TypeKind::error: break;
  }
  return "error";
}

bool numeric(model::TypeKind k) {
  return k == model::TypeKind::money || k == model::TypeKind::decimal || k == model::TypeKind::integer;
}

// The type fields shared by inputs, outputs and tables.
void add_type(ordered_json& j, const model::Model& m, const model::Type& t, int scale) {
  j["type"] = kind_name(t.kind);
  if (numeric(t.kind)) j["scale"] = scale;
  if (t.kind == model::TypeKind::enumeration && t.enumeration >= 0)
    j["enumeration"] = m.enums[static_cast<size_t>(t.enumeration)].name;
}

ordered_json enumeration_json(const model::Enumeration& e) {
  ordered_json values = ordered_json::array();
  for (const auto& v : e.values) values.push_back({{"name", v.name}, {"label", v.label}});
  return {{"name", e.name}, {"label", e.label}, {"values", values}};
}

ordered_json regions_json(const model::Model& m) {
  ordered_json regions = ordered_json::array();
  for (const auto& r : m.regions) {
    ordered_json districts = ordered_json::array();
    for (int d : r.districts) districts.push_back(m.districts[static_cast<size_t>(d)].name);
    regions.push_back({{"name", r.name}, {"label", r.label}, {"districts", districts}});
  }
  return regions;
}

ordered_json input_json(const model::Model& m, const model::Input& in) {
  ordered_json j = {{"name", in.name}, {"label", in.label}};
  add_type(j, m, in.type, in.type.scale);
  j["unit"] = in.per;
  j["per_member"] = in.scope == model::Scope::member;
  j["required"] = in.required();
  j["default"] = in.default_value ? ordered_json(expression_text(m, *in.default_value)) : ordered_json(nullptr);
  j["at_least"] = in.at_least ? ordered_json(in.at_least->to_string()) : ordered_json(nullptr);
  j["at_most"] = in.at_most ? ordered_json(in.at_most->to_string()) : ordered_json(nullptr);
  if (in.type.kind == model::TypeKind::enumeration && in.type.enumeration >= 0)
    j["values"] = enumeration_json(m.enums[static_cast<size_t>(in.type.enumeration)])["values"];
  if (in.type.kind == model::TypeKind::district) j["regions"] = regions_json(m);
  return j;
}

// The names a table key ranges over, in the key's order.
ordered_json key_values(const model::Model& m, const model::TableKey& k) {
  ordered_json names = ordered_json::array();
  if (k.kind == model::TypeKind::region) {
    for (const auto& r : m.regions) names.push_back(r.name);
  } else if (k.kind == model::TypeKind::district) {
    for (const auto& d : m.districts) names.push_back(d.name);
  } else if (k.enumeration >= 0) {
    for (const auto& v : m.enums[static_cast<size_t>(k.enumeration)].values) names.push_back(v.name);
  }
  return names;
}

ordered_json table_json(const model::Model& m, const model::Table& t) {
  ordered_json j = {{"name", t.name}, {"label", t.label}};
  add_type(j, m, t.type, t.type.scale);
  j["unit"] = t.per;
  ordered_json keys = ordered_json::array();
  for (const auto& k : t.keys) keys.push_back({{"name", k.name}, {"values", key_values(m, k)}});
  j["keys"] = keys;
  // Row-major over the keys, as the model keeps them; null is n/a.
  ordered_json cells = ordered_json::array();
  for (const auto& c : t.cells) cells.push_back(c ? ordered_json(value_text(m, t.type, *c)) : ordered_json(nullptr));
  j["cells"] = cells;
  j["sources"] = t.sources;
  return j;
}

ordered_json output_json(const model::Model& m, const std::string& name, const std::string& label,
                         const model::Type& type, int scale) {
  ordered_json j = {{"name", name}, {"label", label}};
  add_type(j, m, type, scale);
  return j;
}

}  // namespace

ordered_json version_summary(const model::Model& m) {
  ordered_json j = {{"version", m.version}, {"effective", m.effective_text}};
  j["ends"] = m.ends ? ordered_json(format_date(*m.ends)) : ordered_json(nullptr);
  j["amends"] = m.amends.empty() ? ordered_json(nullptr) : ordered_json(m.amends);
  j["sources"] = m.sources;
  return j;
}

ordered_json policy_summary(const ServedPolicy& p) {
  ordered_json versions = ordered_json::array();
  for (const auto& v : p.set.versions) versions.push_back(version_summary(v));
  return {{"name", p.name}, {"fingerprint", p.fingerprint}, {"versions", versions}};
}

ordered_json policy_detail(const ServedPolicy& p, const model::Model& m) {
  ordered_json j = policy_summary(p);
  ordered_json v = version_summary(m);
  ordered_json inputs = ordered_json::array();
  for (const auto& in : m.inputs) inputs.push_back(input_json(m, in));
  v["inputs"] = inputs;
  ordered_json outputs = ordered_json::array();
  for (const auto& o : m.outputs) outputs.push_back(output_json(m, o.name, o.label, o.type, o.scale));
  v["outputs"] = outputs;
  ordered_json member_outputs = ordered_json::array();
  for (const auto& o : m.member_outputs) {
    ordered_json mo = output_json(m, o.name, o.label, o.type, o.scale);
    mo["members"] = o.list < 0 ? "member" : m.member_lists[static_cast<size_t>(o.list)].name;
    member_outputs.push_back(mo);
  }
  v["member_outputs"] = member_outputs;
  ordered_json enums = ordered_json::array();
  for (const auto& e : m.enums) enums.push_back(enumeration_json(e));
  v["enumerations"] = enums;
  v["regions"] = regions_json(m);
  ordered_json tables = ordered_json::array();
  for (const auto& t : m.tables) tables.push_back(table_json(m, t));
  v["tables"] = tables;
  j["version"] = v;
  return j;
}

}  // namespace doudi::service
