// doudi/policy.h — load a policy, evaluate households on a date.
//
// Design note. A Policy is every version of one policy (a file, a directory
// of version files, or text), parsed and checked once, then immutable: copies
// share it, and any number of threads may evaluate with it at once (each call
// uses its own evaluator scratch). Every evaluation takes the date it is made
// on, which picks the version in force — as `doudi run --date` does. Nothing
// throws: failures come back as a Status (doudi/status.h).
//
//   auto policy = doudi::api::Policy::load("policies/jining");
//   if (!policy.ok()) { std::cerr << policy.status().message(); return 2; }
//   doudi::api::Household h{"h1", {{"district", "任城区"}, {"hukou", "urban"},
//                             {"members", "3"}, {"monthly_income", "900.00"}}, {}};
//   auto r = policy->evaluate(h, "2020-08-01");
//   if (r.ok()) std::cout << r->find("total")->text << "\n";  // 990.00
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doudi/decimal.h"
#include "doudi/status.h"

namespace doudi::api {

// A household as text, read exactly as doudi reads household files: field
// values are the text a file would hold ("900.50", "urban", "true", "3"), so
// no amount is ever a float. `fields` are household inputs by name; `people`
// one map of member inputs per member.
struct Household {
  std::string id;
  std::map<std::string, std::string> fields;
  std::vector<std::map<std::string, std::string>> people;
};

// Households from YAML or JSON text (one household as a map, a list of them,
// or a map whose `households:` key holds the list; keys as in household
// files: inputs, `id`, `people`), or from a household file (CSV when its name
// ends in .csv, else YAML/JSON), read by the same reader as `doudi run`.
// Scalars are kept as written; a household without an id gets its place in
// the file (as `doudi run` prints it). The policy's checks (names, types,
// `at least`/`at most`, missing inputs, `members` against the people listed)
// are made when a household is evaluated, for the version in force.
// Errors: household_error (or io_error).
Result<std::vector<Household>> read_households_text(std::string_view text);
Result<std::vector<Household>> read_households_file(const std::string& path);

struct VersionInfo {
  std::string policy;     // "jining.social_assistance"
  std::string version;    // "2020.07"
  std::string effective;  // "2020-07-01"
  std::string file;       // the file it was read from
};

// A household input or an output of one version.
struct FieldInfo {
  std::string name;
  std::string label;                // "" when the policy gives none
  std::string type;                 // "money", "integer", "hukou", "boolean", …
  bool member = false;              // inputs: a fact of each member (under `people`)
  bool has_default = false;         // inputs: may be left out
  std::vector<std::string> values;  // an enumeration's value names
  int scale = 0;                    // outputs: digits printed after the point
};

struct OutputValue {
  std::string name;
  std::string text;               // exactly as `doudi run --format csv` prints it
  std::optional<Decimal> number;  // the exact amount, for numeric outputs
};

// A per-member output (`output per member …` or `output per LIST …`): its
// value for each member it lists, by the member's place in Household::people
// (0-based), in that order.
struct MemberOutputValues {
  std::string name;
  std::vector<size_t> members;
  std::vector<OutputValue> values;  // values[k] is members[k]'s
};

struct Evaluation {
  std::string household;             // its id
  std::string version;               // the version that was in force
  std::vector<OutputValue> outputs;  // in declared order
  std::vector<MemberOutputValues> member_outputs;  // in declared order; empty without any

  // The output named `name`, or null.
  const OutputValue* find(std::string_view name) const;
};

struct Explanation {
  std::string text;  // what `doudi explain` prints
  std::string json;  // the tree of `doudi explain --format json`: outputs, each
                     // with its derivation (rule, value, inputs, lookups,
                     // roundings, branches, sources, uses: the rules it used)
};

class Policy {
 public:
  // A policy file, or a directory of its version files. policy_error carries
  // every diagnostic with its file:line:col; io_error when nothing is there.
  static Result<Policy> load(const std::string& path);
  // Policy text held in memory; `name` stands for the file in messages.
  static Result<Policy> load_text(const std::string& name, const std::string& text);

  // Every version, by effective date.
  std::vector<VersionInfo> versions() const;
  // The version in force on `date` (YYYY-MM-DD); invalid_argument for a bad
  // date or one before the first version.
  Result<VersionInfo> version_in_force(std::string_view date) const;
  // The inputs and outputs of the version in force on `date`.
  Result<std::vector<FieldInfo>> inputs(std::string_view date) const;
  Result<std::vector<FieldInfo>> outputs(std::string_view date) const;

  // Every output of `h` under the version in force on `date`. Errors:
  // household_error (an unknown or unreadable field), evaluation_error (e.g.
  // a needed input missing), invalid_argument (the date).
  Result<Evaluation> evaluate(const Household& h, std::string_view date) const;

  // The same for many households, through the compiled batch evaluator on
  // `threads` threads (0: every core); results[i] is households[i]'s, equal
  // to evaluate(households[i], date). A bad date makes every result an error.
  std::vector<Result<Evaluation>> evaluate_many(const std::vector<Household>& households,
                                                std::string_view date, int threads = 0) const;

  // How each output (or only `output`, when not empty) of `h` was derived.
  Result<Explanation> explain(const Household& h, std::string_view date,
                              std::string_view output = {}) const;

  struct Impl;  // the checked versions (hidden)

 private:
  explicit Policy(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace doudi::api
