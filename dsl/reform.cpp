// Reforms (see reform.h).
#include "dsl/reform.h"

#include <functional>

#include "dsl/amend.h"
#include "dsl/checker.h"
#include "dsl/parser.h"
#include "dsl/series_data.h"

namespace doudi {

namespace {

// A reform read from `file` applied to `base` (see load_reform).
model::Model reform_of(const PolicySet& set, const model::Model& base,
                       const std::function<std::shared_ptr<const SourceFile>()>& file, const std::string& path) {
  size_t index = set.versions.size();
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) index = i;
  if (index == set.versions.size() || index >= set.merged.size()) {
    throw PolicyError{{{file_position(path), "the reform's base is not a version of this policy", ""}}};
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
