// Series (manual: "Series"): declarations and the values of their data files.
#include "dsl/check/checker_private.h"

#include <yaml-cpp/yaml.h>

namespace doudi::check {

// ---- series --------------------------------------------------------------
void Checker::series() {
  for (const auto& s : file_.series) {
    if (!claim(s.name, "a series")) continue;
    model::Series out;
    out.name = s.name.text;
    out.label = s.label;
    out.sources = s.sources;
    out.per = s.type.per;
    out.position = s.name.position;
    out.data_file = s.data_file.text;
    auto type = resolve_type(s.type);
    if (!type) continue;
    if (!type->is_numeric()) {
      error(s.type.name.position, "a series holds numbers: money, integer or decimal", "Series");
      continue;
    }
    out.type = *type;
    out.type.scale = 0;
    bool ok = true;
    for (const auto& k : s.keys) {
      auto key = resolve_key(k);
      if (!key) ok = false;
      else out.keys.push_back(*key);
    }
    if (!ok) continue;
    // A data file that could not be read was reported by the loader; the
    // series is still declared, so its uses do not each report an error.
    auto file = context_.data_files.find(s.data_file.text);
    if (file != context_.data_files.end()) read_series_data(out, *file->second, s.data_file.position);
    m_.series.push_back(std::move(out));
  }
}

void Checker::read_series_data(model::Series& out, const SourceFile& file, const Position& where) {
  auto at = [&](const YAML::Mark& mark) {
    Position p;
    p.file = std::shared_ptr<const SourceFile>(std::shared_ptr<const SourceFile>{}, &file);
    for (const auto& [path, f] : context_.data_files)
      if (f.get() == &file) p.file = f;
    p.line = mark.line + 1;
    p.column = mark.column + 1;
    return p;
  };
  YAML::Node root;
  try {
    root = YAML::Load(file.text);
  } catch (const YAML::Exception& e) {
    error(at(e.mark), "not valid YAML: " + e.msg, "Series");
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
    int year = 0;
    if (year_text.size() != 4 || year_text.find_first_not_of("0123456789") != std::string::npos) {
      error(at(it->first.Mark()), "a series is keyed by year, e.g. 2019", "Series");
      continue;
    }
    year = std::stoi(year_text);
    std::vector<std::optional<Exact>> row(cells);
    fill_series_cells(out, it->second, 0, 0, row, at);
    out.years[year] = std::move(row);
  }
}

template <typename At>
void Checker::fill_series_cells(model::Series& s, const YAML::Node& node, size_t key, size_t index,
                                std::vector<std::optional<Exact>>& row, const At& at) {
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
    s.type.scale = std::max(s.type.scale, literal_scale(node.Scalar()));
    row[index] = *v;
    return;
  }
  const auto& k = s.keys[key];
  if (!node.IsMap()) {
    error(at(node.Mark()), fmt::format("expected a map by {} ({})", k.name, model::key_value_names(m_, k)), "Series");
    return;
  }
  std::vector<bool> seen(static_cast<size_t>(k.size), false);
  for (auto it = node.begin(); it != node.end(); ++it) {
    int code = model::key_code(m_, k, it->first.Scalar());
    if (code < 0) {
      error(at(it->first.Mark()), fmt::format("'{}' is not a value of key '{}' ({})",
                                              it->first.Scalar(), k.name, model::key_value_names(m_, k)), "Series");
      continue;
    }
    seen[static_cast<size_t>(code)] = true;
    fill_series_cells(s, it->second, key + 1, model::cell_step(index, k, code), row, at);
  }
  for (size_t c = 0; c < seen.size(); ++c) {
    if (!seen[c]) {
      error(at(node.Mark()), fmt::format("no value for {} = {} (write n/a where none is published)",
                                         k.name, model::key_value_name(m_, k, static_cast<int>(c))), "Series");
    }
  }
}

}  // namespace doudi::check
