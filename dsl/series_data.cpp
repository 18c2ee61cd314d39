// Series data files (see series_data.h).
#include "dsl/series_data.h"

#include <filesystem>

#include <fmt/format.h>

#include "dsl/parser.h"

namespace doudi {
namespace fs = std::filesystem;

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

}  // namespace doudi
