// Catalogs of served policies: loading, compiling, fingerprints.
#include "interpreter/service/catalog.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <boost/uuid/detail/sha1.hpp>
#include <fmt/chrono.h>
#include <fmt/format.h>

namespace doudi::service {
namespace fs = std::filesystem;

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

namespace {

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

std::string policy_fingerprint(const PolicySet& set) {
  boost::uuids::detail::sha1 h;
  for (const auto& v : set.versions) {
    if (!v.file) continue;
    fs::path file(v.file->path);
    hash_part(h, file.filename().string(), v.file->text);
    for (const auto& s : v.series)
      if (!s.data_file.empty()) hash_part(h, s.data_file, file_bytes(file.parent_path() / s.data_file));
  }
  boost::uuids::detail::sha1::digest_type digest;
  h.get_digest(digest);
  std::string out = "sha1:";
  for (unsigned word : digest) out += fmt::format("{:08x}", word);
  return out;
}

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
