// Loader: text -> syntax tree -> checked model, for a file or a directory.
#include "dsl/loader.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <map>

#include <fmt/format.h>

#include "dsl/checker.h"
#include "dsl/date.h"
#include "dsl/amend.h"
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

// Reads the series data files a policy names: relative paths inside the
// directory of the file that declares them, nothing else.
std::map<std::string, std::shared_ptr<const SourceFile>> read_series_data_files(
    const syntax::PolicyFile& f, std::vector<Diagnostic>& errors) {
  std::map<std::string, std::shared_ptr<const SourceFile>> out;
  for (const auto& s : f.series) {
    const std::string& written = s.data_file.text;
    fs::path rel(written);
    bool escapes = rel.is_absolute() || written.empty();
    for (const auto& part : rel) escapes |= part == "..";
    if (escapes) {
      errors.push_back({s.data_file.position,
                        "a series' data file must lie beside the policy (a relative path, no '..')",
                        "Series"});
      continue;
    }
    fs::path dir = fs::path(s.data_file.position.file->path).parent_path();
    try {
      out[written] = read_source_file((dir / rel).string());
    } catch (const PolicyError&) {
      errors.push_back({s.data_file.position,
                        fmt::format("cannot read the series data file '{}'", (dir / rel).string()),
                        "Series"});
    }
  }
  return out;
}

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
  if (found->ends && *found->ends < day) {
    throw PolicyError{{{found->effective_position,
                        fmt::format("no version of policy '{}' is in force on {}: version {} "
                                    "ended on {} and no later version takes over",
                                    found->policy, format_date(day), found->version,
                                    format_date(*found->ends)),
                        "Versions"}}};
  }
  return *found;
}

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

}  // namespace

namespace {
// The same error inherited by several versions is reported once.
[[noreturn]] void throw_unique(std::vector<Diagnostic> all) {
  std::vector<Diagnostic> unique;
  for (auto& d : all) {
    bool seen = false;
    for (const auto& u : unique)
      seen |= u.message == d.message && u.position.to_string() == d.position.to_string();
    if (!seen) unique.push_back(std::move(d));
  }
  throw PolicyError{unique};
}
}  // namespace

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
  // 1. Parse every file.
  std::vector<Diagnostic> all;
  std::vector<syntax::PolicyFile> parsed;
  for (const auto& f : files) {
    try {
      parsed.push_back(parse_policy(read_source_file(f)));
    } catch (const PolicyError& e) {
      all.insert(all.end(), e.diagnostics.begin(), e.diagnostics.end());
    }
  }
  if (!all.empty()) throw PolicyError{all};
  // 2. Merge each amendment into the version it amends.
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
  // 3. Check in date order, each version knowing the one before it.
  std::vector<size_t> order(parsed.size());
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
  set.versions.reserve(set.versions.size());
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
  return set;
}

namespace {

// A reform read from `file` applied to `base` (see load_reform).
model::Model reform_of(const PolicySet& set, const model::Model& base,
                       const std::function<std::shared_ptr<const SourceFile>()>& file, const std::string& path) {
  size_t index = set.versions.size();
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) index = i;
  if (index == set.versions.size() || index >= set.merged.size()) {
    throw PolicyError{{{at_file(path), "the reform's base is not a version of this policy", ""}}};
  }
  syntax::PolicyFile change = parse_policy(file());
  const syntax::PolicyFile& b = *set.merged[index];
  if (!change.policy_name) change.policy_name = b.policy_name;
  if (!change.version) {
    change.version = *b.version;
    change.version->text += "+reform";
  }
  if (!change.effective) change.effective = b.effective;
  syntax::PolicyFile merged = amend(b, change);
  std::vector<Diagnostic> errors;
  CheckContext context;
  context.previous = index > 0 ? &set.versions[index - 1] : nullptr;
  context.data_files = read_series_data_files(merged, errors);
  if (!errors.empty()) throw PolicyError{errors};
  return check_policy(merged, context);
}

}  // namespace

model::Model load_reform(const PolicySet& set, const model::Model& base, const std::string& path) {
  return reform_of(set, base, [&] { return read_source_file(path); }, path);
}

model::Model load_reform_text(const PolicySet& set, const model::Model& base, const std::string& name,
                              const std::string& text) {
  return reform_of(set, base, [&] {
    auto file = std::make_shared<SourceFile>();
    file->path = name;
    file->text = text;
    return std::shared_ptr<const SourceFile>(file);
  }, name);
}

}  // namespace doudi
