// Policy metadata as JSON: what an approval form needs to build itself from
// a policy — versions with their dates, and for one version every input
// (name, label, type, unit, scale, enumeration values with labels, districts
// grouped by region, limits, default, per member or household), every
// output, and the tables' figures with their sources. `doudi serve` answers
// GET /v1/policies and GET /v1/policies/{name} with these documents; the
// schema is in cli/serve/openapi.json ("PolicyList", "PolicyDetail").
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "dsl/model.h"
#include "interpreter/service/catalog.h"

namespace doudi::service {

using ordered_json = nlohmann::ordered_json;

// One entry of GET /v1/policies: name, fingerprint and versions.
ordered_json policy_summary(const ServedPolicy& p);

// GET /v1/policies/{name}: the summary, then `version` (the one chosen) with
// its inputs, outputs, enumerations, regions and tables.
ordered_json policy_detail(const ServedPolicy& p, const model::Model& version);

// A version's name, dates, amendment and sources.
ordered_json version_summary(const model::Model& m);

}  // namespace doudi::service
