// Reforms (see reform.h).
#include "dsl/reform.h"

#include <functional>

#include <fmt/format.h>

#include "base/date.h"
#include "dsl/amend.h"
#include "dsl/checker.h"
#include "dsl/parser.h"
#include "dsl/series_data.h"

namespace doudi {

namespace {

// The reform's header against the baseline `b` (version `base`): another
// policy's name is an error; another `amends`, or an `effective` after the
// run's `date`, is a note.
void check_reform_header(const syntax::PolicyFile& change, const syntax::PolicyFile& b,
                         const model::Model& base, const PolicySet& set,
                         std::vector<std::string>* notes, std::optional<int> date) {
  if (change.policy_name && b.policy_name && change.policy_name->text != b.policy_name->text) {
    throw PolicyError{{{change.policy_name->position,
                        fmt::format("the reform is for policy '{}', but it is run with policy '{}' ({}): a "
                                    "reform amends the policy it names",
                                    change.policy_name->text, b.policy_name->text, set.path),
                        "Reform files"}}};
  }
  auto note = [&](const Position& at, const std::string& text) {
    if (notes) notes->push_back(fmt::format("{}: note: {}", at.to_string(), text));
  };
  if (change.amends && change.amends->text != base.version) {
    note(change.amends->position,
         fmt::format("the reform says 'amends {}', but it is applied to version {}, the version in force "
                     "(the baseline)", change.amends->text, base.version));
  }
  if (change.effective && date) {
    auto day = parse_date(change.effective->text);
    if (day && *day > *date) {
      note(change.effective->position,
           fmt::format("the reform takes effect {}, after the date of the run ({}): it is compared as if "
                       "in force on that date", change.effective->text, format_date(*date)));
    }
  }
}

// A reform read from `file` applied to `base` (see load_reform).
model::Model reform_of(const PolicySet& set, const model::Model& base,
                       const std::function<std::shared_ptr<const SourceFile>()>& file, const std::string& path,
                       std::vector<std::string>* notes, std::optional<int> date) {
  size_t index = set.versions.size();
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) index = i;
  if (index == set.versions.size() || index >= set.merged.size()) {
    throw PolicyError{{{file_position(path), "the reform's base is not a version of this policy", ""}}};
  }
  syntax::PolicyFile change = parse_policy(file());
  const syntax::PolicyFile& b = *set.merged[index];
  check_reform_header(change, b, base, set, notes, date);
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

model::Model load_reform(const PolicySet& set, const model::Model& base, const std::string& path,
                         std::vector<std::string>* notes, std::optional<int> date) {
  return reform_of(set, base, [&] { return read_source_file(path); }, path, notes, date);
}

model::Model load_reform_text(const PolicySet& set, const model::Model& base, const std::string& name,
                              const std::string& text, std::vector<std::string>* notes,
                              std::optional<int> date) {
  return reform_of(set, base, [&] {
    auto file = std::make_shared<SourceFile>();
    file->path = name;
    file->text = text;
    return std::shared_ptr<const SourceFile>(file);
  }, name, notes, date);
}

}  // namespace doudi
