// Policy metadata documents (see metadata_json.h).
#include "interpreter/formats/metadata_json.h"

namespace doudi::metadata {
namespace {

template <class T>
ordered_json or_null(const std::optional<T>& v) {
  return v ? ordered_json(*v) : ordered_json(nullptr);
}

ordered_json named_json(const std::vector<Named>& list) {
  ordered_json out = ordered_json::array();
  for (const auto& n : list) out.push_back({{"name", n.name}, {"label", n.label}});
  return out;
}

ordered_json regions_json(const std::vector<RegionGroup>& regions) {
  ordered_json out = ordered_json::array();
  for (const auto& r : regions) out.push_back({{"name", r.name}, {"label", r.label}, {"districts", r.districts}});
  return out;
}

// name, label and the type fields shared by inputs, outputs and tables.
ordered_json typed_json(const std::string& name, const std::string& label, model::TypeKind kind,
                        const std::optional<int>& scale, const std::string& enumeration) {
  ordered_json j = {{"name", name}, {"label", label}, {"type", kind_name(kind)}};
  if (scale) j["scale"] = *scale;
  if (!enumeration.empty()) j["enumeration"] = enumeration;
  return j;
}

ordered_json input_json(const Field& f) {
  ordered_json j = typed_json(f.name, f.label, f.kind, f.scale, f.enumeration);
  j["unit"] = f.unit;
  j["per_member"] = f.per_member;
  j["required"] = f.required;
  j["default"] = or_null(f.default_text);
  j["at_least"] = or_null(f.at_least);
  j["at_most"] = or_null(f.at_most);
  if (!f.enumeration.empty()) j["values"] = named_json(f.values);
  if (f.kind == model::TypeKind::district) j["regions"] = regions_json(f.regions);
  return j;
}

ordered_json output_json(const Field& f) {
  ordered_json j = typed_json(f.name, f.label, f.kind, f.scale, f.enumeration);
  if (!f.members.empty()) j["members"] = f.members;
  return j;
}

ordered_json table_json(const TableInfo& t) {
  ordered_json j = typed_json(t.name, t.label, t.kind, t.scale, "");
  j["unit"] = t.unit;
  ordered_json keys = ordered_json::array();
  for (const auto& k : t.keys) keys.push_back({{"name", k.name}, {"values", k.values}});
  j["keys"] = keys;
  ordered_json cells = ordered_json::array();
  for (const auto& c : t.cells) cells.push_back(or_null(c));
  j["cells"] = cells;
  j["sources"] = t.sources;
  return j;
}

}  // namespace

ordered_json version_summary_json(const VersionSummary& v) {
  return {{"version", v.version}, {"effective", v.effective}, {"ends", or_null(v.ends)},
          {"amends", or_null(v.amends)}, {"sources", v.sources}};
}

ordered_json policy_summary_json(const PolicySummary& p) {
  ordered_json versions = ordered_json::array();
  for (const auto& v : p.versions) versions.push_back(version_summary_json(v));
  return {{"name", p.name}, {"fingerprint", p.fingerprint}, {"versions", versions}};
}

ordered_json policy_detail_json(const PolicySummary& p, const VersionMetadata& m) {
  ordered_json j = policy_summary_json(p);
  ordered_json v = version_summary_json(m.version);
  ordered_json list = ordered_json::array();
  for (const auto& f : m.inputs) list.push_back(input_json(f));
  v["inputs"] = list;
  list = ordered_json::array();
  for (const auto& f : m.outputs) list.push_back(output_json(f));
  v["outputs"] = list;
  list = ordered_json::array();
  for (const auto& f : m.member_outputs) list.push_back(output_json(f));
  v["member_outputs"] = list;
  list = ordered_json::array();
  for (const auto& e : m.enumerations)
    list.push_back({{"name", e.name}, {"label", e.label}, {"values", named_json(e.values)}});
  v["enumerations"] = list;
  v["regions"] = regions_json(m.regions);
  list = ordered_json::array();
  for (const auto& t : m.tables) list.push_back(table_json(t));
  v["tables"] = list;
  j["version"] = v;
  return j;
}

}  // namespace doudi::metadata
