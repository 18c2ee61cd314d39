// The policies a decision service serves: each policy directory loaded and
// checked, its versions compiled once, and a fingerprint of its files. A
// Catalog is immutable once loaded; a reload builds a new one and swaps it in
// whole (service.h), so a request sees one catalog from start to end.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/loader.h"
#include "interpreter/compiled/program.h"

namespace doudi::service {

struct ServedPolicy {
  std::string name;         // the policy's declared name ("jining.social_assistance")
  std::string path;         // as given on the command line
  PolicySet set;
  std::string fingerprint;  // "sha1:<hex>" over the files loaded (see policy_fingerprint)
  // programs[i]: set.versions[i] compiled (fast path for lists of households).
  std::vector<std::shared_ptr<const fast::Program>> programs;

  // The index of `m` in set.versions, or -1 (a model built for one request).
  int version_index(const model::Model& m) const;
};

struct Catalog {
  std::vector<ServedPolicy> policies;
  long generation = 0;      // 1 for the first load, +1 per reload
  std::string loaded_at;    // "2026-12-01T21:00:00Z"

  // The policy named `name`; null when none. With one policy served, an
  // empty name means it.
  const ServedPolicy* find(const std::string& name) const;
};

// Loads every path (a policy file or a directory of its versions). Throws
// PolicyError with every diagnostic; two paths declaring one policy name is
// an error too.
std::shared_ptr<const Catalog> load_catalog(const std::vector<std::string>& paths, long generation);

// A hash of a policy's files: every version's file (by file name and text,
// in effective-date order) and the series data files they read, as
// "sha1:" and 40 hex digits. The same files give the same fingerprint.
// (metadata::policy_fingerprint: the same as the embedding API's.)
std::string policy_fingerprint(const PolicySet& set);

}  // namespace doudi::service
