// Loader: a policy path (one file, or a directory of version files) -> the
// checked versions of one policy, and the version in force on a date.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dsl/model.h"
#include "dsl/syntax.h"

namespace doudi {

// The checked versions of one policy, sorted by effective date.
struct PolicySet {
  std::string path;
  std::vector<model::Model> versions;
  // Each version's merged syntax (what its amendments add up to), kept so a
  // reform can amend a version (see load_reform).
  std::vector<std::shared_ptr<const syntax::PolicyFile>> merged;

  // The version in force on `day` (the latest effective on or before it).
  // Throws PolicyError naming the earliest effective date when `day` is
  // before every version.
  const model::Model& in_force(int day) const;
};

// Parses and checks a policy file, or every *.doudi file of a directory (not
// recursing). Throws PolicyError with every diagnostic of every file. Versions
// of one directory must share the policy name and differ in effective date.
PolicySet load_policy(const std::string& path);

// A reform: the policy file at `path` applied as an amendment to `base` (a
// version of `set`), whatever its own `amends` line says; its `version` and
// `effective` lines are optional (they default to the base's with "+reform").
// Throws PolicyError. Used by what-if runs.
model::Model load_reform(const PolicySet& set, const model::Model& base, const std::string& path);
// The same for reform text held in memory (`name` stands for its file in
// messages), e.g. a reform sent to `doudi serve`.
model::Model load_reform_text(const PolicySet& set, const model::Model& base, const std::string& name,
                              const std::string& text);

// Reads the series data files `f` names: relative paths inside the directory
// of the file that declares each series, nothing else (a policy reads only its
// own files). Problems are added to `errors`; what could be read is returned,
// by the path as written.
std::map<std::string, std::shared_ptr<const SourceFile>> read_series_data_files(
    const syntax::PolicyFile& f, std::vector<Diagnostic>& errors);

// Parses and checks policy text held in memory (`name` is used in messages).
model::Model load_policy_text(const std::string& name, const std::string& text);

}  // namespace doudi
