// Policy metadata documents (see metadata.h): the one metadata model
// (interpreter/formats/metadata.h) rendered by interpreter/formats/metadata_json.h — the
// same document the embedding API's Policy::metadata gives. Every number is
// an exact decimal string, as everywhere in doudi's JSON.
#include "interpreter/service/metadata.h"

#include "interpreter/formats/metadata.h"
#include "interpreter/formats/metadata_json.h"

namespace doudi::service {

ordered_json version_summary(const model::Model& m) {
  return metadata::version_summary_json(metadata::version_summary(m));
}

ordered_json policy_summary(const ServedPolicy& p) {
  return metadata::policy_summary_json(metadata::policy_summary(p.set, p.fingerprint));
}

ordered_json policy_detail(const ServedPolicy& p, const model::Model& m) {
  return metadata::policy_detail_json(metadata::policy_summary(p.set, p.fingerprint), metadata::version_metadata(m));
}

}  // namespace doudi::service
