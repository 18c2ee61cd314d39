// Catalogs of served policies: loading, compiling, fingerprints.
#include "interpreter/service/catalog.h"

#include <chrono>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "interpreter/formats/metadata.h"

namespace doudi::service {

int ServedPolicy::version_index(const model::Model& m) const {
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &m) return static_cast<int>(i);
  return -1;
}

const ServedPolicy* Catalog::find(const std::string& name) const {
  if (name.empty() && policies.size() == 1) return &policies.front();
  for (const auto& p : policies)
    if (p.name == name) return &p;
  return nullptr;
}

std::string policy_fingerprint(const PolicySet& set) { return metadata::policy_fingerprint(set); }

std::shared_ptr<const Catalog> load_catalog(const std::vector<std::string>& paths, long generation) {
  auto catalog = std::make_shared<Catalog>();
  catalog->generation = generation;
  catalog->loaded_at = fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", fmt::gmtime(std::chrono::system_clock::to_time_t(
                                                                std::chrono::system_clock::now())));
  std::vector<Diagnostic> errors;
  for (const auto& path : paths) {
    ServedPolicy p;
    try {
      p.set = load_policy(path);
    } catch (const PolicyError& e) {
      errors.insert(errors.end(), e.diagnostics.begin(), e.diagnostics.end());
      continue;
    }
    p.path = path;
    p.name = p.set.versions.front().policy;
    if (catalog->find(p.name) && !p.name.empty()) {
      Position at;
      at.file = p.set.versions.front().file;
      errors.push_back({at, fmt::format("policy '{}' is served twice (also from {})", p.name,
                                        catalog->find(p.name)->path), ""});
      continue;
    }
    p.fingerprint = policy_fingerprint(p.set);
    for (const auto& v : p.set.versions)
      p.programs.push_back(std::make_shared<const fast::Program>(fast::compile_program(v)));
    catalog->policies.push_back(std::move(p));
  }
  if (!errors.empty()) throw PolicyError{errors};
  return catalog;
}

}  // namespace doudi::service
