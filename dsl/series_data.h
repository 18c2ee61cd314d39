// Series data files: the YAML files a `series` declaration names, read
// beside the policy file and nothing else (a policy reads only its own files),
// and their values by year (and by the series' keys).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/source.h"
#include "dsl/model.h"
#include "dsl/syntax.h"

namespace doudi {

// Reads the series data files `f` names: relative paths inside the directory
// of the file that declares each series, nothing else (a policy reads only its
// own files). Problems are added to `errors`; what could be read is returned,
// by the path as written.
std::map<std::string, std::shared_ptr<const SourceFile>> read_series_data_files(
    const syntax::PolicyFile& f, std::vector<Diagnostic>& errors);

// Fills `out.years` (and its sources, and the scale its values need) from
// `file`: `NAME: {source: …, values: {YEAR: VALUE, or a map by each key}}`,
// n/a where none is published. Each value must fit the series' type as a
// table cell must (`declared_scale`: decimal(N)'s N, -1 when not given); a
// year or key value given twice is an error. `m` names the keys' values; `where` is the
// declaration's data file, for a file without the series. Problems are added
// to `errors`, positioned in the data file.
void read_series_values(const model::Model& m, model::Series& out, int declared_scale,
                        const std::shared_ptr<const SourceFile>& file, const Position& where,
                        std::vector<Diagnostic>& errors);

}  // namespace doudi
