// Published-standards coverage: every entry of the published standards is
// covered by a case or given a reason (see test_suite.h).
#include "interpreter/studies/test_suite.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include <yaml-cpp/yaml.h>

#include <fmt/format.h>

#include "base/date.h"
#include "base/text.h"
#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/value.h"
#include "interpreter/studies/test_yaml_private.h"

namespace doudi::suite {

namespace fs = std::filesystem;

// ---- published coverage -----------------------------------------------------------

namespace {

YAML::Node load_yaml_file(const std::string& path, const char* what,
                          std::vector<SuiteError>& errors) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    errors.push_back({path, 0, fmt::format("cannot read the {}", what)});
  } catch (const YAML::Exception& e) {
    errors.push_back({path, e.mark.line + 1,
                      fmt::format("not valid YAML (column {}): {}", e.mark.column + 1, e.msg)});
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

}  // namespace

std::vector<PublishedEntry> read_published(const std::string& path,
                                           std::vector<SuiteError>& errors) {
  std::vector<PublishedEntry> out;
  YAML::Node root = load_yaml_file(path, "published-standards file", errors);
  if (!root.IsDefined()) return out;
  if (!root.IsMap()) {
    errors.push_back({path, 0, "expected a map of regions to lists of entries, each with an `id`"});
    return out;
  }
  std::set<std::string> seen;
  for (auto it = root.begin(); it != root.end(); ++it) {
    std::string region = is_text(it->first) ? it->first.Scalar() : "?";
    if (!it->second.IsSequence()) {
      errors.push_back({path, line_of(it->second),
                        fmt::format("region '{}': expected a list of entries", region)});
      continue;
    }
    // A named copy: `it->second` belongs to a temporary the loop would outlive.
    const YAML::Node entries = it->second;
    for (const auto& entry : entries) {
      YAML::Node id = entry.IsMap() ? entry["id"] : YAML::Node();
      if (!is_text(id) || id.Scalar().empty()) {
        errors.push_back({path, line_of(entry),
                          fmt::format("region '{}': an entry without an `id`", region)});
        continue;
      }
      if (!seen.insert(id.Scalar()).second) {
        errors.push_back({path, line_of(id), fmt::format("entry id '{}' appears twice", id.Scalar())});
        continue;
      }
      out.push_back({id.Scalar(), region, line_of(entry)});
    }
  }
  return out;
}

std::map<std::string, Reason> read_reasons(const std::string& path,
                                           std::vector<SuiteError>& errors) {
  std::map<std::string, Reason> out;
  YAML::Node root = load_yaml_file(path, "reasons file", errors);
  if (!root.IsDefined() || root.IsNull()) return out;
  if (!root.IsMap()) {
    errors.push_back({path, 0, "expected a map of published entry ids to reasons"});
    return out;
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (!is_text(it->first) || !is_text(it->second) || it->second.Scalar().empty()) {
      errors.push_back({path, line_of(it->first), "each entry is `id: reason`, the reason as text"});
      continue;
    }
    out.emplace(it->first.Scalar(), Reason{it->second.Scalar(), path, line_of(it->first)});
  }
  return out;
}

std::map<std::string, Reason> read_suite_reasons(const std::vector<std::string>& test_files,
                                                 std::vector<SuiteError>& errors) {
  std::map<std::string, Reason> out;
  std::set<std::string> directories;
  for (const auto& f : test_files) {
    fs::path file = fs::path(f).parent_path() / kUncoveredFile;
    std::error_code ec;
    if (!directories.insert(file.lexically_normal().string()).second || !fs::exists(file, ec)) continue;
    for (auto& [id, reason] : read_reasons(file.string(), errors)) out.emplace(id, std::move(reason));
  }
  return out;
}

int Coverage::covered() const {
  return static_cast<int>(
      std::count_if(rows.begin(), rows.end(), [](const Row& r) { return !r.cases.empty(); }));
}

Coverage published_coverage(const std::vector<PublishedEntry>& entries,
                            const std::vector<TestCase>& cases,
                            const std::map<std::string, Reason>& reasons) {
  Coverage c;
  std::map<std::string, size_t> row_of;
  for (const auto& e : entries) {
    row_of[e.id] = c.rows.size();
    c.rows.push_back({e, {}, ""});
  }
  for (const auto& t : cases) {
    for (const auto& id : t.published) {
      auto found = row_of.find(id);
      if (found == row_of.end()) {
        c.notes.push_back(fmt::format("{}:{}: case '{}' names published entry '{}', which the "
                                      "published file does not list", t.file, t.line, t.name, id));
      } else if (c.rows[found->second].cases.empty() || c.rows[found->second].cases.back() != &t) {
        c.rows[found->second].cases.push_back(&t);
      }
    }
  }
  for (const auto& [id, reason] : reasons) {
    auto found = row_of.find(id);
    if (found == row_of.end()) {
      c.notes.push_back(fmt::format("{}:{}: a reason is given for '{}', which the published file "
                                    "does not list", reason.file, reason.line, id));
    } else if (!c.rows[found->second].cases.empty()) {
      c.notes.push_back(fmt::format("{}:{}: a reason is given for '{}', but cases cover it: "
                                    "remove the reason", reason.file, reason.line, id));
    } else {
      c.rows[found->second].reason = reason.text;
    }
  }
  return c;
}

std::string render_coverage(const Coverage& c, const std::string& published_path) {
  size_t width = 0;
  for (const auto& r : c.rows) width = std::max(width, r.entry.id.size());
  std::string out = fmt::format("published entries ({}): {} of {} covered by a case\n",
                                published_path, c.covered(), c.rows.size());
  for (const auto& r : c.rows) {
    if (!r.cases.empty()) {
      out += fmt::format("  covered    {:<{}}  {} case{}\n", r.entry.id, width, r.cases.size(),
                         r.cases.size() == 1 ? "" : "s");
    }
  }
  for (const auto& r : c.rows) {
    if (r.cases.empty()) {
      out += fmt::format("  uncovered  {:<{}}  {}\n", r.entry.id, width,
                         r.reason.empty() ? "no case and no reason given" : r.reason);
    }
  }
  for (const auto& n : c.notes) out += "  note: " + n + "\n";
  return out;
}

}  // namespace doudi::suite
