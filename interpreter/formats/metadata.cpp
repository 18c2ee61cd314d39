// Policy metadata from the checked model (see metadata.h).
#include "interpreter/formats/metadata.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/uuid/detail/sha1.hpp>
#include <fmt/format.h>

#include "base/date.h"
#include "dsl/printer.h"

namespace doudi::metadata {
namespace fs = std::filesystem;
namespace {

std::optional<int> scale_of(const model::Type& t, int scale) {
  if (!t.is_numeric()) return std::nullopt;
  return scale;
}

EnumerationInfo enumeration_info(const model::Enumeration& e) {
  EnumerationInfo out{e.name, e.label, {}};
  for (const auto& v : e.values) out.values.push_back({v.name, v.label});
  return out;
}

std::vector<RegionGroup> region_groups(const model::Model& m) {
  std::vector<RegionGroup> out;
  for (const auto& r : m.regions) {
    RegionGroup g{r.name, r.label, {}};
    for (int d : r.districts) g.districts.push_back(m.districts[static_cast<size_t>(d)].name);
    out.push_back(std::move(g));
  }
  return out;
}

// The fields shared by inputs and outputs.
Field typed_field(const model::Model& m, const std::string& name, const std::string& label,
                  const model::Type& type, int scale) {
  Field f;
  f.name = name;
  f.label = label;
  f.kind = type.kind;
  f.type = model::type_name(m, type);
  f.scale = scale_of(type, scale);
  if (type.kind == model::TypeKind::enumeration && type.enumeration >= 0) {
    const auto& e = m.enums[static_cast<size_t>(type.enumeration)];
    f.enumeration = e.name;
    f.values = enumeration_info(e).values;
  }
  return f;
}

Field input_field(const model::Model& m, const model::Input& in) {
  Field f = typed_field(m, in.name, in.label, in.type, in.type.scale);
  f.unit = in.per;
  f.per_member = in.scope == model::Scope::member;
  f.required = in.required();
  if (in.default_value) f.default_text = expression_text(m, *in.default_value);
  if (in.at_least) f.at_least = in.at_least->to_string();
  if (in.at_most) f.at_most = in.at_most->to_string();
  if (in.type.kind == model::TypeKind::district) f.regions = region_groups(m);
  return f;
}

// The names a table key ranges over, in the key's order.
std::vector<std::string> key_values(const model::Model& m, const model::TableKey& k) {
  std::vector<std::string> names;
  if (k.kind == model::TypeKind::region) {
    for (const auto& r : m.regions) names.push_back(r.name);
  } else if (k.kind == model::TypeKind::district) {
    for (const auto& d : m.districts) names.push_back(d.name);
  } else if (k.enumeration >= 0) {
    for (const auto& v : m.enums[static_cast<size_t>(k.enumeration)].values) names.push_back(v.name);
  }
  return names;
}

TableInfo table_info(const model::Model& m, const model::Table& t) {
  TableInfo out;
  out.name = t.name;
  out.label = t.label;
  out.kind = t.type.kind;
  out.scale = scale_of(t.type, t.type.scale);
  out.unit = t.per;
  for (const auto& k : t.keys) out.keys.push_back({k.name, key_values(m, k)});
  for (const auto& c : t.cells)
    out.cells.push_back(c ? std::optional<std::string>(value_text(m, t.type, *c)) : std::nullopt);
  out.sources = t.sources;
  return out;
}

void hash_part(boost::uuids::detail::sha1& h, const std::string& name, const std::string& bytes) {
  std::string head = fmt::format("{}\n{}\n", name, bytes.size());
  h.process_bytes(head.data(), head.size());
  h.process_bytes(bytes.data(), bytes.size());
}

std::string file_bytes(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

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

VersionSummary version_summary(const model::Model& m) {
  VersionSummary v{m.version, m.effective_text, std::nullopt, std::nullopt, m.sources, m.file ? m.file->path : ""};
  if (m.ends) v.ends = format_date(*m.ends);
  if (!m.amends.empty()) v.amends = m.amends;
  return v;
}

VersionMetadata version_metadata(const model::Model& m) {
  VersionMetadata out;
  out.version = version_summary(m);
  for (const auto& in : m.inputs) out.inputs.push_back(input_field(m, in));
  for (const auto& o : m.outputs) out.outputs.push_back(typed_field(m, o.name, o.label, o.type, o.scale));
  for (const auto& o : m.member_outputs) {
    Field f = typed_field(m, o.name, o.label, o.type, o.scale);
    f.per_member = true;
    f.members = o.list < 0 ? "member" : m.member_lists[static_cast<size_t>(o.list)].name;
    out.member_outputs.push_back(std::move(f));
  }
  for (const auto& e : m.enums) out.enumerations.push_back(enumeration_info(e));
  out.regions = region_groups(m);
  for (const auto& t : m.tables) out.tables.push_back(table_info(m, t));
  return out;
}

PolicySummary policy_summary(const PolicySet& set, const std::string& fingerprint) {
  PolicySummary out;
  out.name = set.versions.empty() ? "" : set.versions.front().policy;
  out.fingerprint = fingerprint;
  for (const auto& v : set.versions) out.versions.push_back(version_summary(v));
  return out;
}

namespace {

std::string hex_digest(boost::uuids::detail::sha1& h) {
  boost::uuids::detail::sha1::digest_type digest;
  h.get_digest(digest);
  std::string out = "sha1:";
  for (unsigned word : digest) out += fmt::format("{:08x}", word);
  return out;
}

}  // namespace

std::string changed_fingerprint(const std::string& base, const std::string& change) {
  boost::uuids::detail::sha1 h;
  hash_part(h, "base", base);
  hash_part(h, "change", change);
  return hex_digest(h);
}

std::string policy_fingerprint(const PolicySet& set) {
  boost::uuids::detail::sha1 h;
  for (const auto& v : set.versions) {
    if (!v.file) continue;
    fs::path file(v.file->path);
    hash_part(h, file.filename().string(), v.file->text);
    for (const auto& s : v.series)
      if (!s.data_file.empty()) hash_part(h, s.data_file, file_bytes(file.parent_path() / s.data_file));
  }
  return hex_digest(h);
}

}  // namespace doudi::metadata
