// Policy metadata (doudi/policy.h): the interpreter's one metadata model
// (interpreter/formats/metadata.h) in public types, and its JSON (metadata_json.h),
// the document `doudi serve` gives for GET /v1/policies/{name}.
#include "api/evaluation.h"
#include "api/policy_impl.h"
#include "interpreter/formats/metadata.h"
#include "interpreter/formats/metadata_json.h"

namespace doudi::api {
namespace {

FieldKind field_kind(model::TypeKind k) {
  switch (k) {
    case model::TypeKind::money: return FieldKind::money;
    case model::TypeKind::decimal: return FieldKind::decimal;
    case model::TypeKind::integer: return FieldKind::integer;
    case model::TypeKind::boolean: return FieldKind::boolean;
    case model::TypeKind::date: return FieldKind::date;
    case model::TypeKind::enumeration: return FieldKind::enumeration;
    case model::TypeKind::district: return FieldKind::district;
    case model::TypeKind::region: return FieldKind::region;
    case model::TypeKind::error: break;
  }
  return FieldKind::integer;
}

std::vector<NamedValue> named(const std::vector<metadata::Named>& list) {
  std::vector<NamedValue> out;
  for (const auto& n : list) out.push_back({n.name, n.label});
  return out;
}

std::vector<RegionInfo> regions(const std::vector<metadata::RegionGroup>& list) {
  std::vector<RegionInfo> out;
  for (const auto& r : list) out.push_back({r.name, r.label, r.districts});
  return out;
}

std::optional<Decimal> decimal(const std::optional<std::string>& text) {
  return text ? Decimal::parse(*text) : std::nullopt;
}

FieldInfo field(const metadata::Field& f) {
  FieldInfo out;
  out.name = f.name;
  out.label = f.label;
  out.kind = field_kind(f.kind);
  out.type = f.type;
  out.scale = f.scale.value_or(0);
  out.unit = f.unit;
  out.scope = f.per_member ? Scope::member : Scope::household;
  out.has_default = !f.required;
  out.default_text = f.default_text;
  out.at_least = decimal(f.at_least);
  out.at_most = decimal(f.at_most);
  out.values = named(f.values);
  out.regions = regions(f.regions);
  out.members = f.members;
  return out;
}

std::vector<FieldInfo> fields(const std::vector<metadata::Field>& list) {
  std::vector<FieldInfo> out;
  for (const auto& f : list) out.push_back(field(f));
  return out;
}

TableInfo table_info(const metadata::TableInfo& t) {
  TableInfo out;
  out.name = t.name;
  out.label = t.label;
  out.kind = field_kind(t.kind);
  out.scale = t.scale.value_or(0);
  out.unit = t.unit;
  for (const auto& k : t.keys) out.keys.push_back({k.name, k.values});
  out.cells = t.cells;
  out.sources = t.sources;
  return out;
}

}  // namespace

const char* field_kind_name(FieldKind k) {
  switch (k) {
    case FieldKind::money: return "money";
    case FieldKind::decimal: return "decimal";
    case FieldKind::integer: return "integer";
    case FieldKind::boolean: return "boolean";
    case FieldKind::date: return "date";
    case FieldKind::enumeration: return "enumeration";
    case FieldKind::district: return "district";
    case FieldKind::region: return "region";
  }
  return "unknown";
}

std::optional<std::string> TableInfo::cell(const std::vector<std::string>& key_values) const {
  if (key_values.size() != keys.size()) return std::nullopt;
  size_t index = 0;
  for (size_t k = 0; k < keys.size(); ++k) {
    auto at = std::find(keys[k].values.begin(), keys[k].values.end(), key_values[k]);
    if (at == keys[k].values.end()) return std::nullopt;
    index = index * keys[k].values.size() + static_cast<size_t>(at - keys[k].values.begin());
  }
  return index < cells.size() ? cells[index] : std::nullopt;
}

Result<std::vector<FieldInfo>> Policy::inputs(std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  return fields(metadata::version_metadata(**found).inputs);
}

Result<std::vector<FieldInfo>> Policy::outputs(std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  return fields(metadata::version_metadata(**found).outputs);
}

Result<TableInfo> Policy::table(std::string_view date, std::string_view name) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  for (const auto& t : metadata::version_metadata(**found).tables)
    if (t.name == name) return table_info(t);
  return Status(StatusCode::invalid_argument, "the policy has no table '" + std::string(name) + "'");
}

Result<Metadata> Policy::metadata(std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  metadata::VersionMetadata v = metadata::version_metadata(m);
  metadata::PolicySummary summary = metadata::policy_summary(*impl_->set, impl_->fingerprint);
  Metadata out;
  out.policy = summary.name;
  out.fingerprint = impl_->fingerprint;
  out.versions = versions();
  out.version = version_info(m);
  out.inputs = fields(v.inputs);
  out.outputs = fields(v.outputs);
  out.member_outputs = fields(v.member_outputs);
  for (const auto& e : v.enumerations) out.enumerations.push_back({e.name, e.label, named(e.values)});
  out.regions = regions(v.regions);
  for (const auto& t : v.tables) out.tables.push_back(table_info(t));
  out.json = metadata::policy_detail_json(summary, v).dump();
  return out;
}

}  // namespace doudi::api
