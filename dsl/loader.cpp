// Loader: text -> syntax tree -> checked model, for a file or a directory
// of version files (each amendment merged into the version it amends).
#include "dsl/loader.h"
#include "dsl/open_buffers.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>
#include <set>
#include <utility>

#include <fmt/format.h>

#include "base/date.h"
#include "dsl/amend.h"
#include "dsl/checker.h"
#include "dsl/parser.h"
#include "dsl/series_data.h"

namespace doudi {
namespace fs = std::filesystem;

model::Model load_policy_text(const std::string& name, const std::string& text) {
  auto file = std::make_shared<SourceFile>();
  file->path = name;
  file->text = text;
  return check_policy(parse_policy(file));
}

namespace {

// `bound by NAME`: the folder NAME beside the policy file's folder, or beside
// one of that folder's parents (policies/jining/programmes finds
// policies/shandong). A plain name only, so a policy reads nothing but the
// policies folder it sits in.
std::string find_province(const syntax::Name& name, std::vector<Diagnostic>& errors) {
  const std::string& written = name.text;
  fs::path dir = fs::absolute(fs::path(name.position.file->path)).parent_path();
  std::error_code ec;
  for (fs::path d = dir; !d.empty(); d = d.parent_path()) {
    fs::path candidate = d / written;
    if (fs::is_directory(candidate, ec)) {
      fs::path rel = fs::relative(candidate, fs::current_path(ec), ec);
      return (ec || rel.empty()) ? candidate.string() : rel.string();
    }
    if (d == d.parent_path()) break;
  }
  errors.push_back({name.position,
                    fmt::format("bound by {}: no folder '{}' beside {} or any folder above it",
                                written, written, dir.string()),
                    "Bound by a province"});
  return "";
}

// The same error inherited by several versions is reported once.
[[noreturn]] void throw_unique(std::vector<Diagnostic> all) {
  std::vector<Diagnostic> unique;
  std::set<std::pair<std::string, std::string>> seen;  // (place, message): n log n, not n²
  for (auto& d : all)
    if (seen.emplace(d.position.to_string(), d.message).second) unique.push_back(std::move(d));
  throw PolicyError{unique};
}

// The policy files of `path`: the file itself, or every *.doudi file of the
// directory in name order.
std::vector<std::string> policy_files(const std::string& path) {
  std::vector<std::string> files;
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    for (const auto& entry : fs::directory_iterator(path, ec)) {
      // Every *.doudi entry is read, so one that is not a regular file (a
      // loop of links, a dangling link, a FIFO) is an error naming it, not
      // a version silently left out.
      if (entry.path().extension() == ".doudi") files.push_back(entry.path().string());
    }
    std::sort(files.begin(), files.end());
    if (files.empty()) {
      throw PolicyError{{{file_position(path), "the directory holds no policy file (*.doudi)", ""}}};
    }
  } else if (fs::exists(path, ec)) {
    files.push_back(path);
  } else {
    throw PolicyError{{{file_position(path), "no such policy file or directory", ""}}};
  }
  return files;
}

// 1. Every file parsed; the errors of all of them together.
// A file in `buffers` is parsed from there (an editor's unsaved text).
std::vector<syntax::PolicyFile> parse_all(const std::vector<std::string>& files,
                                          const std::map<std::string, std::string>* buffers = nullptr) {
  std::vector<Diagnostic> all;
  std::vector<syntax::PolicyFile> parsed;
  for (const auto& f : files) {
    try {
      auto buffer = buffers ? buffers->find(f) : std::map<std::string, std::string>::const_iterator();
      if (buffers && buffer != buffers->end()) {
        auto file = std::make_shared<SourceFile>();
        file->path = f;
        file->text = buffer->second;
        parsed.push_back(parse_policy(file));
        continue;
      }
      parsed.push_back(parse_policy(read_source_file(f)));
    } catch (const PolicyError& e) {
      all.insert(all.end(), e.diagnostics.begin(), e.diagnostics.end());
    }
  }
  if (!all.empty()) throw PolicyError{all};
  return parsed;
}

// 2. Each amendment merged into the version it amends (recursively), by
// version text; a circle or a missing base is an error.
std::vector<std::optional<syntax::PolicyFile>> merge_amendments(
    const std::vector<syntax::PolicyFile>& parsed, const std::string& path) {
  std::vector<Diagnostic> all;
  std::map<std::string, size_t> by_version;
  for (size_t i = 0; i < parsed.size(); ++i) {
    if (!parsed[i].version) continue;
    auto [it, fresh] = by_version.emplace(parsed[i].version->text, i);
    if (!fresh) {
      all.push_back({parsed[i].version->position,
                     fmt::format("version {} is also declared in {}", parsed[i].version->text,
                                 parsed[it->second].file->path), "Versions"});
    }
  }
  std::vector<std::optional<syntax::PolicyFile>> merged(parsed.size());
  std::vector<int> state(parsed.size(), 0);
  std::function<bool(size_t)> merge = [&](size_t i) -> bool {
    if (state[i] == 2) return merged[i].has_value();
    if (state[i] == 1) {
      all.push_back({parsed[i].amends->position, "these versions amend each other in a circle",
                     "Versions"});
      return false;
    }
    state[i] = 1;
    const auto& f = parsed[i];
    if (!f.amends) {
      merged[i] = f;
    } else {
      auto base = by_version.find(f.amends->text);
      if (base == by_version.end()) {
        all.push_back({f.amends->position,
                       fmt::format("amends version {}, which is not in {}", f.amends->text, path),
                       "Versions"});
      } else if (merge(base->second)) {
        merged[i] = amend(*merged[base->second], f);
      }
    }
    state[i] = 2;
    return merged[i].has_value();
  };
  for (size_t i = 0; i < parsed.size(); ++i) merge(i);
  if (!all.empty()) throw PolicyError{all};
  return merged;
}

// 3. Checked in date order, each version knowing the one before it.
void check_in_date_order(const std::vector<std::optional<syntax::PolicyFile>>& merged, PolicySet& set) {
  std::vector<Diagnostic> all;
  std::vector<size_t> order(merged.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto effective_of = [&](size_t i) {
    const auto& e = merged[i]->effective;
    return e ? parse_date(e->text).value_or(0) : 0;
  };
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return effective_of(a) < effective_of(b); });
  for (size_t i : order) {
    CheckContext context;
    context.previous = set.versions.empty() ? nullptr : &set.versions.back();
    context.data_files = read_series_data_files(*merged[i], all);
    try {
      model::Model checked = check_policy(*merged[i], context);
      if (merged[i]->bound_by) {
        checked.bound_by = merged[i]->bound_by->text;
        checked.bound_by_path = find_province(*merged[i]->bound_by, all);
      }
      set.versions.push_back(std::move(checked));
      set.merged.push_back(std::make_shared<const syntax::PolicyFile>(*merged[i]));
    } catch (const PolicyError& e) {
      // Keep going, so every file's errors are reported together.
      all.insert(all.end(), e.diagnostics.begin(), e.diagnostics.end());
    }
  }
  if (!all.empty()) throw_unique(all);
}

// 4. The versions of a directory are one policy's, on different days.
void check_one_policy(const PolicySet& set) {
  std::vector<Diagnostic> all;
  for (size_t i = 1; i < set.versions.size(); ++i) {
    const auto& a = set.versions[i - 1];
    const auto& b = set.versions[i];
    if (a.policy != b.policy) {
      all.push_back({b.effective_position, fmt::format("this file is policy '{}' but {} is policy "
                                                      "'{}': a directory holds the versions of one "
                                                      "policy", b.policy, a.file->path, a.policy),
                     "Versions"});
    } else if (a.effective == b.effective) {
      all.push_back({b.effective_position, fmt::format("this version and {} take effect on the "
                                                      "same day, {}", a.file->path,
                                                      b.effective_text), "Versions"});
    }
  }
  if (!all.empty()) throw PolicyError{all};
}

}  // namespace

PolicySet load_policy(const std::string& path) {
  PolicySet set;
  set.path = path;
  auto merged = merge_amendments(parse_all(policy_files(path)), path);
  check_in_date_order(merged, set);
  check_one_policy(set);
  return set;
}

PolicySet load_policy_with_buffers(const std::string& path, const std::map<std::string, std::string>& texts) {
  PolicySet set;
  set.path = path;
  auto merged = merge_amendments(parse_all(policy_files(path), &texts), path);
  check_in_date_order(merged, set);
  check_one_policy(set);
  return set;
}

}  // namespace doudi
