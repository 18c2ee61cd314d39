// Series (manual: "Series"): declarations; their data files' values are
// read by dsl/series_data.cpp.
#include "dsl/check/checker_private.h"
#include "dsl/series_data.h"

namespace doudi::check {

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
    if (file != context_.data_files.end()) read_series_values(m_, out, s.type.scale, file->second, s.data_file.position, errors_);
    m_.series.push_back(std::move(out));
  }
}

}  // namespace doudi::check
