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

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "doudi/decimal.h"
#include "doudi/status.h"

namespace doudi::api {

// The library's version, "0.1.0" (as `doudi --version` prints it).
[[nodiscard]] const char* version();

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
[[nodiscard]] Result<std::vector<Household>> read_households_text(std::string_view text);
[[nodiscard]] Result<std::vector<Household>> read_households_file(const std::string& path);

struct VersionInfo {
  std::string policy;     // "jining.social_assistance"
  std::string version;    // "2020.07"
  std::string effective;  // "2020-07-01"
  std::string file;       // the file it was read from
};

// ---- metadata: what a form needs -------------------------------------------

// A field's kind of value. An enumeration's values, a district's region
// groups are in FieldInfo.
enum class FieldKind { money, decimal, integer, boolean, date, enumeration, district, region };
// A household input or a member input (under `people`); a household output or
// one value per member.
enum class Scope { household, member };

const char* field_kind_name(FieldKind k);  // "money", "enumeration", …

struct NamedValue {
  std::string name;   // "urban"
  std::string label;  // "城镇" ("" when the policy gives none)
};

struct RegionInfo {
  std::string name;    // "一类地区"
  std::string label;
  std::vector<std::string> districts;  // "任城区", …
};

struct EnumerationInfo {
  std::string name;
  std::string label;
  std::vector<NamedValue> values;
};

// A household input, an output or a per-member output of one version.
struct FieldInfo {
  std::string name;
  std::string label;                 // "" when the policy gives none
  FieldKind kind = FieldKind::integer;
  std::string type;                  // "money", "integer", "hukou" (an enumeration's name), …
  int scale = 0;                     // numeric: digits after the point (0 otherwise)
  std::string unit;                  // inputs: "per person per month", as written ("" if none)
  Scope scope = Scope::household;    // inputs: under `people`; outputs: one value per member
  bool has_default = false;          // inputs: may be left out
  std::optional<std::string> default_text;     // inputs: the default as the policy writes it
  std::optional<Decimal> at_least, at_most;    // inputs: `at least` / `at most`
  std::vector<NamedValue> values;    // an enumeration's values with their labels
  std::vector<RegionInfo> regions;   // a district input: every district by region group
  std::string members;               // per-member outputs: "member" or the member list's name
};

// A table's figures: one cell per combination of key values, row-major over
// the keys (cell = ((k0 * size1) + k1) * size2 …), each the exact text.
struct TableInfo {
  struct Key {
    std::string name;                 // "region", "district" or an enumeration's name
    std::vector<std::string> values;  // what it ranges over, in order
  };
  std::string name;
  std::string label;
  FieldKind kind = FieldKind::money;
  int scale = 0;
  std::string unit;
  std::vector<Key> keys;
  std::vector<std::optional<std::string>> cells;  // nullopt: written n/a
  std::vector<std::string> sources;

  // The cell at one value per key ({"一类地区", "urban"}); nullopt for n/a or
  // a value that is not one of the key's.
  [[nodiscard]] std::optional<std::string> cell(const std::vector<std::string>& key_values) const;
};

// Everything a platform needs about one version — the same document in C++
// (these fields), C (doudi_policy_metadata) and Python (Policy.metadata),
// and as JSON the same document `doudi serve` gives for GET
// /v1/policies/{name}.
struct Metadata {
  std::string policy;       // "jining.social_assistance"
  std::string fingerprint;  // "sha1:…" of the policy's files (Policy::fingerprint)
  std::vector<VersionInfo> versions;
  VersionInfo version;      // the one described
  std::vector<FieldInfo> inputs, outputs, member_outputs;
  std::vector<EnumerationInfo> enumerations;
  std::vector<RegionInfo> regions;
  std::vector<TableInfo> tables;
  std::string json;         // this document as JSON (numbers as exact strings)
};

// ---- results -----------------------------------------------------------------

struct OutputValue {
  std::string name;
  std::string text;               // exactly as `doudi run --format csv` prints it
  std::optional<Decimal> number;  // the exact amount, for numeric outputs (none when n/a)
  // Non-empty when the output is n/a (text "n/a"): it needs a figure the
  // policy writes n/a (not published, or not yet in force), and this says
  // which and where. The household's other outputs are given.
  std::string not_applicable = {};
};

// A per-member output (`output per member …` or `output per LIST …`): its
// value for each member it lists, by the member's place in Household::people
// (0-based), in that order.
struct MemberOutputValues {
  std::string name;
  std::vector<size_t> members;
  std::vector<OutputValue> values;  // values[k] is members[k]'s
  std::string not_applicable = {};  // non-empty: the output is n/a for the household (none listed), and why
};

struct Evaluation {
  std::string household;             // its id
  std::string version;               // the version that was in force ("2020.07", "2020.07+set")
  std::string fingerprint;           // the policy's (Policy::fingerprint)
  std::vector<OutputValue> outputs;  // in declared order
  std::vector<MemberOutputValues> member_outputs;  // in declared order; empty without any

  // The output named `name`, or null.
  [[nodiscard]] const OutputValue* find(std::string_view name) const;
};

struct Explanation {
  std::string text;  // what `doudi explain` prints
  std::string json;  // the tree of `doudi explain --format json`: outputs, each
                     // with its derivation (rule, value, inputs, lookups,
                     // roundings, branches, sources, uses: the rules it used)
};

// A what-if comparison (`doudi whatif`): the households under the policy and
// under an alternative, every sum exact.
struct GroupSummary {
  std::string name;                  // a region group or grade; "all"
  long households_before = 0, households_after = 0;
  long covered_before = 0, covered_after = 0;
  Decimal people_before, people_after;
  Decimal cost_before, cost_after;   // the benefit summed over covered households
};
struct WhatIfSummary {
  std::string baseline, alternative;  // "version 2020.07 (effective 2020-07-01)", …
  long households = 0, rejected = 0;
  GroupSummary all;
  std::vector<GroupSummary> regions, grades;
  long newly_covered = 0, dropped = 0, gain = 0, lose = 0, unchanged = 0;
  Decimal difference;                 // all.cost_after - all.cost_before
  std::string unit = "per month";     // the costs' unit (the policy's benefit; amounts of
                                      // other units are in `text`, beside the cost)
  std::vector<Status> errors;         // one per rejected household (with its place)
  std::string text;                   // as `doudi whatif` prints it
};

// `set` figures: "dibao_standard[一类地区, urban]=660", "TABLE=VALUE" or
// "RULE=VALUE", as `doudi whatif --set` takes them.
using Settings = std::vector<std::string>;

// A pool of worker threads for Policy::evaluate_many and the CSV streams,
// started once and reused by every call (none starts threads of its own).
// One pool may serve many policies and calls at once; calls queue.
class WorkerPool {
 public:
  explicit WorkerPool(int threads = 0);  // 0: every core
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  [[nodiscard]] int threads() const;
  // Runs task(0) … task(n - 1) on the pool (the caller's thread helps) and
  // returns when all are done. A task must not throw.
  void run(size_t n, const std::function<void(size_t)>& task);
  // The pool evaluate_many uses by default: every core, started on first use.
  static WorkerPool& shared();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

// A chunk of a CSV stream's results (Policy::evaluate_csv_*): its good
// rows in file order, and its bad rows, each a Status whose place gives the
// row (1-based data row), id, field and reason. Chunks come in file order.
struct CsvChunk {
  std::vector<Evaluation> evaluations;  // with CsvResults::evaluations or both
  std::string csv;  // with CsvResults::csv_text or both: the good rows as `doudi run --format csv` prints them
  std::vector<Status> errors;
  long rows_done = 0;  // data rows handed out so far, this chunk's included
};
// What a CSV stream's chunks hold.
enum class CsvResults { evaluations, csv_text, both };
struct CsvStreamSummary {
  long rows = 0, evaluated = 0, rejected = 0;
};
using CsvChunkFn = std::function<void(const CsvChunk&)>;

struct PolicyAccess;

class Policy {
 public:
  // A policy file, or a directory of its version files. policy_error carries
  // every diagnostic with its file:line:col; io_error when nothing is there.
  [[nodiscard]] static Result<Policy> load(const std::string& path);
  // Policy text held in memory; `name` stands for the file in messages.
  [[nodiscard]] static Result<Policy> load_text(const std::string& name, const std::string& text);

  // Every version, by effective date.
  [[nodiscard]] std::vector<VersionInfo> versions() const;
  // "sha1:" and 40 hex digits over the policy's files (every version's text
  // and the series data it reads), changed by `set` figures and reforms.
  [[nodiscard]] const std::string& fingerprint() const;
  // The version in force on `date` (YYYY-MM-DD); invalid_argument for a bad
  // date or one before the first version.
  [[nodiscard]] Result<VersionInfo> version_in_force(std::string_view date) const;

  // The named version alone ("2017"): every call on it uses that version,
  // whatever the date (which rules still see as evaluation_date).
  // invalid_argument listing the versions when there is none.
  [[nodiscard]] Result<Policy> version(std::string_view name) const;
  // The version in force on `date` with `set` figures applied (its version
  // is "<base>+set"), or with reform text amending it (a policy file of
  // set/table/rule lines, as `doudi whatif --reform`; "<base>+reform"). Like
  // version(), the result holds that one version. invalid_argument for a bad
  // setting, policy_error for a reform that does not check.
  [[nodiscard]] Result<Policy> with_settings(std::string_view date, const Settings& settings) const;
  [[nodiscard]] Result<Policy> with_reform(std::string_view date, const std::string& reform_text,
                                           const std::string& name = "<reform>") const;

  // The inputs and outputs of the version in force on `date`.
  [[nodiscard]] Result<std::vector<FieldInfo>> inputs(std::string_view date) const;
  [[nodiscard]] Result<std::vector<FieldInfo>> outputs(std::string_view date) const;
  // Every fact about the version in force on `date` (Metadata).
  [[nodiscard]] Result<Metadata> metadata(std::string_view date) const;
  // One table's figures; invalid_argument when there is no such table.
  [[nodiscard]] Result<TableInfo> table(std::string_view date, std::string_view name) const;

  // Every output of `h` under the version in force on `date`. Errors:
  // household_error (an unknown or unreadable field), evaluation_error (e.g.
  // a needed input missing), invalid_argument (the date); each with its
  // place (Status::place: household id, field, reason).
  [[nodiscard]] Result<Evaluation> evaluate(const Household& h, std::string_view date) const;

  // The same for many households, through the compiled batch evaluator on
  // `pool` (WorkerPool::shared() by default) using at most `threads` of its
  // threads (0: all); results[i] is households[i]'s, equal to
  // evaluate(households[i], date), an error's place.row being i + 1 —
  // except that a household whose (non-empty) id an earlier one of the list
  // has is a household_error on field "id", as `doudi run` rejects it. A bad
  // date makes every result an error.
  [[nodiscard]] std::vector<Result<Evaluation>> evaluate_many(const std::vector<Household>& households,
                                                              std::string_view date, int threads = 0) const;
  [[nodiscard]] std::vector<Result<Evaluation>> evaluate_many(const std::vector<Household>& households,
                                                              std::string_view date, WorkerPool& pool,
                                                              int threads = 0) const;

  // CSV households (a header naming inputs, one household per row, as
  // `doudi run` reads them) evaluated in chunks of about `chunk_rows` rows,
  // each handed to `each` in file order as soon as it is done (on the
  // calling thread) — memory stays flat however long the file. This is `doudi
  // run`'s own CSV pipeline (the same reader, compiled program and threads,
  // here `threads` of them, 0: every core). A bad row is an error in its
  // chunk (with its row and field); a bad header or file is the returned
  // Status. evaluate_csv_text reads CSV text held in memory ("<text>" in
  // messages).
  //
  // `people` (when not empty) is a people file (or text): one row per
  // person, its column `household` holding the household's id, the others
  // member inputs — as `doudi run --people`; per-member outputs then come in
  // each Evaluation.
  [[nodiscard]] Result<CsvStreamSummary> evaluate_csv_file(const std::string& path, std::string_view date,
                                                           const CsvChunkFn& each, size_t chunk_rows = 4096,
                                                           int threads = 0, const std::string& people = {},
                                                           CsvResults results = CsvResults::evaluations) const;
  [[nodiscard]] Result<CsvStreamSummary> evaluate_csv_text(const std::string& text, std::string_view date,
                                                           const CsvChunkFn& each, size_t chunk_rows = 4096,
                                                           int threads = 0, const std::string& people = {},
                                                           CsvResults results = CsvResults::evaluations) const;

  // The households under this policy (the version in force on `date`) and
  // under `alternative` (e.g. with_settings or version()), compared.
  [[nodiscard]] Result<WhatIfSummary> whatif(const std::vector<Household>& households, std::string_view date,
                                             const Policy& alternative) const;

  // How each output (or only `output`, when not empty) of `h` was derived.
  [[nodiscard]] Result<Explanation> explain(const Household& h, std::string_view date,
                                            std::string_view output = {}) const;

  struct Impl;  // the checked versions (hidden)

 private:
  friend struct PolicyAccess;
  explicit Policy(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const Impl> impl_;
};

}  // namespace doudi::api

namespace doudi {
using api::version;  // doudi::version()
}  // namespace doudi
