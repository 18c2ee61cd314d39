// Series data files: the YAML files a `series` declaration names, read
// beside the policy file and nothing else (a policy reads only its own files).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "base/source.h"
#include "dsl/syntax.h"

namespace doudi {

// Reads the series data files `f` names: relative paths inside the directory
// of the file that declares each series, nothing else (a policy reads only its
// own files). Problems are added to `errors`; what could be read is returned,
// by the path as written.
std::map<std::string, std::shared_ptr<const SourceFile>> read_series_data_files(
    const syntax::PolicyFile& f, std::vector<Diagnostic>& errors);

}  // namespace doudi
