// Policy metadata: what a platform needs to build a form from a policy and to
// say which policy answered — the one model of it, shared by the embedding
// API (C++, C, Python: include/doudi/policy.h) and `doudi serve` (GET
// /v1/policies/{name}), whose JSON is metadata_json.h's rendering of these
// structs. Every number is exact decimal text, never a float.
//
// Per version: every input (name, label, type, unit, scale, enumeration
// values with labels, the districts grouped by region for a district input,
// `at least`/`at most`, the default, per member or household), every output
// and per-member output, the enumerations, region groups and the tables'
// figures with their sources. Per policy: its name, versions and fingerprint.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/loader.h"
#include "dsl/model.h"

namespace doudi::metadata {

struct Named {
  std::string name;
  std::string label;
};

struct RegionGroup {
  std::string name;
  std::string label;
  std::vector<std::string> districts;
};

struct EnumerationInfo {
  std::string name;
  std::string label;
  std::vector<Named> values;
};

// An input, an output or a per-member output.
struct Field {
  std::string name;
  std::string label;
  model::TypeKind kind = model::TypeKind::error;
  std::string type;                 // type_name: "money", "integer", "hukou", …
  std::string enumeration;          // the enumeration's name, for an enumeration
  std::optional<int> scale;         // numeric: digits after the point
  std::string unit;                 // inputs: "per person per month", as written
  bool per_member = false;          // a fact of each member (inputs), one value per member (outputs)
  bool required = false;            // inputs: no default
  std::optional<std::string> default_text;      // inputs: the default as the policy writes it
  std::optional<std::string> at_least, at_most;  // inputs: the bounds
  std::vector<Named> values;        // an enumeration's values with labels
  std::vector<RegionGroup> regions; // a district input: the districts by region group
  std::string members;              // per-member outputs: "member" or the member list's name
};

struct TableKeyInfo {
  std::string name;                 // "region", "district" or an enumeration's name
  std::vector<std::string> values;  // the names it ranges over, in order
};

struct TableInfo {
  std::string name;
  std::string label;
  model::TypeKind kind = model::TypeKind::error;
  std::optional<int> scale;
  std::string unit;
  std::vector<TableKeyInfo> keys;
  // Row-major over the keys (cell = ((k0 * size1) + k1) * size2 …), each a
  // value's exact text; nullopt is a cell written n/a.
  std::vector<std::optional<std::string>> cells;
  std::vector<std::string> sources;
};

struct VersionSummary {
  std::string version;    // "2020.07"
  std::string effective;  // "2020-07-01"
  std::optional<std::string> ends;
  std::optional<std::string> amends;
  std::vector<std::string> sources;
  std::string file;
};

struct VersionMetadata {
  VersionSummary version;
  std::vector<Field> inputs;
  std::vector<Field> outputs;
  std::vector<Field> member_outputs;
  std::vector<EnumerationInfo> enumerations;
  std::vector<RegionGroup> regions;
  std::vector<TableInfo> tables;
};

struct PolicySummary {
  std::string name;         // "jining.social_assistance"
  std::string fingerprint;  // "sha1:<40 hex>" (policy_fingerprint)
  std::vector<VersionSummary> versions;
};

const char* kind_name(model::TypeKind k);  // "money", "enumeration", …

VersionSummary version_summary(const model::Model& m);
VersionMetadata version_metadata(const model::Model& m);
// `fingerprint` is policy_fingerprint(set), passed in so a caller computes it once.
PolicySummary policy_summary(const PolicySet& set, const std::string& fingerprint);

// A hash of a policy's files: every version's file (by file name and text, in
// effective-date order) and the series data files they read, as "sha1:" and
// 40 hex digits. The same files give the same fingerprint.
std::string policy_fingerprint(const PolicySet& set);
// The fingerprint of a policy `base` changed by `change` (`set` figures or a
// reform's text): "sha1:…" over both.
std::string changed_fingerprint(const std::string& base, const std::string& change);

}  // namespace doudi::metadata
