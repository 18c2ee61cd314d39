// Loader: text -> syntax tree -> checked model, for a file or a directory.
#include "dsl/loader.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "dsl/checker.h"
#include "dsl/date.h"
#include "dsl/parser.h"

namespace doudi {
namespace fs = std::filesystem;

namespace {

Position at_file(const std::string& path) {
  auto f = std::make_shared<SourceFile>();
  f->path = path;
  Position p;
  p.file = f;
  return p;
}

}  // namespace

const model::Model& PolicySet::in_force(int day) const {
  const model::Model* found = nullptr;
  for (const auto& v : versions)
    if (v.effective <= day) found = &v;
  if (!found) {
    throw PolicyError{{{at_file(path),
                        fmt::format("no version of policy '{}' is in force on {}: the earliest "
                                    "takes effect on {}",
                                    versions.front().policy, format_date(day),
                                    versions.front().effective_text),
                        ""}}};
  }
  return *found;
}

model::Model load_policy_text(const std::string& name, const std::string& text) {
  auto file = std::make_shared<SourceFile>();
  file->path = name;
  file->text = text;
  return check_policy(parse_policy(file));
}

PolicySet load_policy(const std::string& path) {
  PolicySet set;
  set.path = path;
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      if (entry.is_regular_file() && entry.path().extension() == ".doudi") {
        files.push_back(entry.path().string());
      }
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      throw PolicyError{{{at_file(path), "the directory holds no policy file (*.doudi)", ""}}};
    }
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    throw PolicyError{{{at_file(path), "no such policy file or directory", ""}}};
  }
  std::vector<Diagnostic> all;
  for (const auto& f : files) {
    try {
      set.versions.push_back(check_policy(parse_policy(read_source_file(f))));
    } catch (const PolicyError& e) {
      all.insert(all.end(), e.diagnostics.begin(), e.diagnostics.end());
    }
  }
  if (!all.empty()) throw PolicyError{all};
  std::sort(set.versions.begin(), set.versions.end(),
            [](const auto& a, const auto& b) { return a.effective < b.effective; });
  for (size_t i = 1; i < set.versions.size(); ++i) {
    const auto& a = set.versions[i - 1];
    const auto& b = set.versions[i];
    Position p;
    p.file = b.file;
    p.line = 1;
    p.column = 1;
    if (a.policy != b.policy) {
      all.push_back({p, fmt::format("this file is policy '{}' but {} is policy '{}': a directory "
                                    "holds the versions of one policy", b.policy, a.file->path,
                                    a.policy), "Versions"});
    } else if (a.effective == b.effective) {
      all.push_back({p, fmt::format("this version and {} take effect on the same day, {}",
                                    a.file->path, b.effective_text), "Versions"});
    }
  }
  if (!all.empty()) throw PolicyError{all};
  return set;
}

}  // namespace doudi
