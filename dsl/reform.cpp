// Reforms (see reform.h).
#include "dsl/reform.h"

#include "dsl/amend.h"
#include "dsl/checker.h"
#include "dsl/parser.h"
#include "dsl/series_data.h"

namespace doudi {

model::Model load_reform(const PolicySet& set, const model::Model& base, const std::string& path) {
  size_t index = set.versions.size();
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) index = i;
  if (index == set.versions.size() || index >= set.merged.size()) {
    throw PolicyError{{{file_position(path), "the reform's base is not a version of this policy", ""}}};
  }
  syntax::PolicyFile change = parse_policy(read_source_file(path));
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

}  // namespace doudi
