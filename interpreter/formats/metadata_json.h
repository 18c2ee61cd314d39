// Policy metadata as JSON (metadata.h's structs, rendered): the documents of
// `doudi serve`'s GET /v1/policies (policy_summary_json per policy) and GET
// /v1/policies/{name} (policy_detail_json), and of the embedding API's
// Policy::metadata_json — one rendering, so they are the same document.
// Numbers are exact decimal strings; absent values are null.
#pragma once

#include <nlohmann/json.hpp>

#include "interpreter/formats/metadata.h"

namespace doudi::metadata {

using ordered_json = nlohmann::ordered_json;

ordered_json version_summary_json(const VersionSummary& v);
// {name, fingerprint, versions: [version summaries]}
ordered_json policy_summary_json(const PolicySummary& p);
// The summary, then `version`: the chosen version's summary with its inputs,
// outputs, member_outputs, enumerations, regions and tables.
ordered_json policy_detail_json(const PolicySummary& p, const VersionMetadata& v);

}  // namespace doudi::metadata
