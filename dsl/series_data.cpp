// Series data files (see series_data.h).
#include "dsl/series_data.h"

#include <algorithm>
#include <filesystem>
#include <optional>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "dsl/cell_type.h"
#include "dsl/parser.h"

namespace doudi {
namespace fs = std::filesystem;

namespace {

// The values of one year (and, under it, of each key value) into `row`.
// `declared_scale`: decimal(N)'s N, -1 when not given.
template <typename At, typename Error>
void fill_series_cells(const model::Model& m, model::Series& s, int declared_scale, const YAML::Node& node,
                       size_t key, size_t index, std::vector<std::optional<Exact>>& row, const At& at,
                       const Error& error) {
  if (key == s.keys.size()) {
    if (!node.IsScalar()) {
      error(at(node.Mark()), "expected a number", "Series");
      return;
    }
    if (node.Scalar() == "n/a") return;
    auto v = Exact::parse(node.Scalar());
    if (!v) {
      error(at(node.Mark()), fmt::format("'{}' is not a number", node.Scalar()), "Series");
      return;
    }
    if (auto why = cell_type_problem(s.type.kind, declared_scale, node.Scalar(), *v, "series")) {
      error(at(node.Mark()), *why, "Series");
      return;
    }
    s.type.scale = std::max(s.type.scale, written_digits(node.Scalar()));
    row[index] = *v;
    return;
  }
  const auto& k = s.keys[key];
  if (!node.IsMap()) {
    error(at(node.Mark()), fmt::format("expected a map by {} ({})", k.name, model::key_value_names(m, k)), "Series");
    return;
  }
  std::vector<bool> seen(static_cast<size_t>(k.size), false);
  for (auto it = node.begin(); it != node.end(); ++it) {
    int code = model::key_code(m, k, it->first.Scalar());
    if (code < 0) {
      error(at(it->first.Mark()), fmt::format("'{}' is not a value of key '{}' ({})",
                                              it->first.Scalar(), k.name, model::key_value_names(m, k)), "Series");
      continue;
    }
    if (seen[static_cast<size_t>(code)]) {
      error(at(it->first.Mark()), fmt::format("{} = {} is given twice", k.name, it->first.Scalar()), "Series");
      continue;
    }
    seen[static_cast<size_t>(code)] = true;
    fill_series_cells(m, s, declared_scale, it->second, key + 1, model::cell_step(index, k, code), row, at, error);
  }
  for (size_t c = 0; c < seen.size(); ++c) {
    if (!seen[c]) {
      error(at(node.Mark()), fmt::format("no value for {} = {} (write n/a where none is published)",
                                         k.name, model::key_value_name(m, k, static_cast<int>(c))), "Series");
    }
  }
}

}  // namespace

void read_series_values(const model::Model& m, model::Series& out, int declared_scale,
                        const std::shared_ptr<const SourceFile>& file, const Position& where,
                        std::vector<Diagnostic>& errors) {
  auto at = [&](const YAML::Mark& mark) {
    Position p;
    p.file = file;
    p.line = mark.line + 1;
    p.column = mark.column + 1;
    return p;
  };
  auto error = [&](const Position& p, std::string message, const char* section) {
    errors.push_back({p, std::move(message), section});
  };
  YAML::Node root;
  try {
    root = YAML::Load(file->text);
  } catch (const YAML::Exception& e) {
    error(at(e.mark), "not valid YAML: " + e.msg, "Series");
    return;
  }
  if (!root.IsMap()) {
    error(root.IsNull() ? where : at(root.Mark()),
          fmt::format("the data file is not a map of series (NAME: {{values: {{YEAR: …}}}}), so it has no series '{}'",
                      out.name), "Series");
    return;
  }
  YAML::Node node = root[out.name];
  if (!node || !node.IsMap()) {
    error(where, fmt::format("the data file has no series '{}' (a map with values: {{YEAR: …}})",
                             out.name), "Series");
    return;
  }
  if (node["source"] && node["source"].IsScalar()) out.sources.push_back(node["source"].Scalar());
  YAML::Node values = node["values"];
  if (!values || !values.IsMap()) {
    error(at(node.Mark()), fmt::format("series '{}' has no 'values' map of years", out.name), "Series");
    return;
  }
  size_t cells = 1;
  for (const auto& k : out.keys) cells *= static_cast<size_t>(k.size);
  for (auto it = values.begin(); it != values.end(); ++it) {
    std::string year_text = it->first.Scalar();
    if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos) {
      error(at(it->first.Mark()), "a series is keyed by year, e.g. 2019", "Series");
      continue;
    }
    int year = std::stoi(year_text);
    if (out.years.count(year)) {
      error(at(it->first.Mark()), fmt::format("the year {} is given twice", year), "Series");
      continue;
    }
    std::vector<std::optional<Exact>> row(cells);
    fill_series_cells(m, out, declared_scale, it->second, 0, 0, row, at, error);
    out.years[year] = std::move(row);
  }
}

// Why `dir / rel` may not be read: a symbolic link (or a loop of them) that
// leads out of the policy's folder; nullopt when it stays within it.
static std::optional<std::string> outside_folder(const fs::path& dir, const fs::path& rel) {
  std::error_code ec;
  fs::path base = fs::weakly_canonical(dir.empty() ? fs::path(".") : dir, ec);
  fs::path target = ec ? fs::path() : fs::weakly_canonical(dir / rel, ec);
  if (ec)
    return fmt::format("cannot follow the series data file '{}': {}", (dir / rel).string(), ec.message());
  auto [end, _] = std::mismatch(base.begin(), base.end(), target.begin(), target.end());
  if (end != base.end())
    return fmt::format("the series data file '{}' leads outside the policy's folder (to {}): a policy reads only "
                       "its own files", (dir / rel).string(), target.string());
  return std::nullopt;
}

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
    if (auto outside = outside_folder(dir, rel)) {
      errors.push_back({s.data_file.position, *outside, "Series"});
      continue;
    }
    try {
      out[written] = read_source_file((dir / rel).string());
    } catch (const PolicyError& e) {
      errors.push_back({s.data_file.position,
                        fmt::format("cannot read the series data file '{}': {}", (dir / rel).string(),
                                    e.diagnostics.empty() ? std::string("unreadable") : e.diagnostics[0].message),
                        "Series"});
    }
  }
  return out;
}

}  // namespace doudi
