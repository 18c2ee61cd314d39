// What-if runs: one set of households under two (or more) versions of a
// policy, compared household by household, in exact decimal.
//
// - The alternative to the version in force is built from `--set` cell or
//   constant changes (apply_settings), a reform file (dsl/reform.h
//   load_reform) or another version of the policy.
// - Each household is read once per version *layout* (inputs, districts and
//   enumerations), so it is evaluated under every version with that
//   version's own coding; versions that read households alike share a read.
// - WhatIf accumulates the comparison (coverage, cost by region and grade,
//   gains and losses, the largest changes) and writes the per-household
//   detail rows; every sum is an Exact.
// - run_arrears works out back pay month by month when a raise takes effect
//   retroactively.
//
// What a household "gets" (its benefit) is the outputs the policy's `benefit`
// line names, or derived (dsl/benefit.h: output `total`, else the only money
// output). Per-month amounts make the monthly cost (the cost); amounts of
// other periods and one-off amounts are summed beside it, each in its own
// unit; an output that is not a benefit (a per-capita income, a standard) is
// never summed as cost. A household is covered when its benefit is positive;
// its people are its `members` input (or 1). See docs/LANGUAGE.md, section
// "What-if runs".
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "dsl/loader.h"
#include "dsl/settings.h"
#include "dsl/model.h"
#include "base/exact.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/studies/output_roles.h"
#include "interpreter/studies/scenario.h"
#include "interpreter/studies/under_versions.h"

namespace doudi {

// Bad usage of a what-if or arrears run (a --set that names no cell, a month
// that is not YYYY-MM, …): the command exits 2 with the message.
using WhatIfError = UsageError;

// `base` with `settings` applied (dsl/settings.h), a rule being settable
// when it needs no household (Evaluator::constant_rule_value).
model::Model apply_settings(const PolicySet& set, const model::Model& base,
                            const std::vector<Setting>& settings);

// ---- the comparison ----------------------------------------------------------

// Totals for one region group or grade (or everything). For a region,
// households_before == households_after; a grade is the household's grade
// under each version, so it may differ.
struct GroupTotals {
  std::string name;
  std::string label;  // the grade value's label; "" for regions
  long households_before = 0, households_after = 0;
  long covered_before = 0, covered_after = 0;
  Exact people_before, people_after;  // people in covered households
  Exact cost_before, cost_after;      // monthly benefits
  // Covered only by the alternative, and their benefit there (part of
  // cost_after): the existing households' cost after is cost_after - cost_new.
  long newly_covered = 0;
  Exact cost_new;
};

// One benefit output summed over every household (present: a benefit output
// of that version), in its own unit.
struct OutputTotals {
  std::string name;
  std::string label;
  std::string unit;  // "per month", "per year", "one-off", …
  bool in_before = false, in_after = false;
  int scale = 2;
  Exact before, after;
  // "" for a benefit output; else the benefit output that adds this one up
  // (dibao and tekun inside total): shown under it, never summed again.
  std::string part_of;
};

// The benefit outputs of one unit other than the cost's, summed: reported
// beside the cost, never added to it.
struct UnitTotals {
  std::string unit;                  // "per year", "one-off", …
  std::vector<std::string> outputs;  // their names
  int scale = 2;
  Exact before, after;
};

struct HouseholdChange {
  std::string id;
  std::string region;
  Exact before, after;
  long order = 0;  // position in the run, for ties
};

struct WhatIfSummary {
  // The briefing's heading: the analyst's title (--title) and one line (the
  // reform's `description`), the run's time, the data files' names (no
  // folders) and the policy's fingerprint (metadata::policy_fingerprint).
  std::string title, description, run_at, fingerprint;
  std::vector<std::string> data_files;
  // What the alternative changes, figure by figure (scenario.h).
  std::vector<ScenarioChange> scenario;
  // Amounts shown in 万元 (yuan / 10000, exactly: 4 more digits) instead of 元.
  bool wan = false;
  // --from/--to: the budget months (0: not asked), the cost over them being
  // the monthly cost × months.
  int months = 0;
  std::string from, to;
  // What was compared (for headings).
  std::string policy, date;
  std::string baseline, alternative;  // "version 2020.07 (effective 2020-07-01)", …
  std::string alternative_how;         // "--set …", "reform file …", "version 2017"
  std::string benefit_text, people_text;
  std::string unit = "per month";  // the cost's unit
  int scale = 2;
  // Said plainly with the summary: the reform's notes, and each `require`
  // the alternative breaks (as `doudi check` prints it).
  std::vector<std::string> notes;
  std::vector<std::string> violations;

  long households = 0;  // evaluated under both versions
  long rejected = 0;
  long not_applicable = 0;  // left out of the sums: an output needs a figure written n/a
  GroupTotals all;
  long newly_covered = 0, dropped = 0;
  Exact people_newly_covered, people_dropped;
  long gain = 0, lose = 0, unchanged = 0;
  std::vector<GroupTotals> regions;
  bool has_grades = false;
  std::vector<GroupTotals> grades;
  std::vector<GroupTotals> districts;  // every district of the region groups' version
  std::string hukou_label;             // the household input `hukou`'s label; "" without one
  std::vector<GroupTotals> hukou;      // by its values, when the policy has it
  std::vector<OutputTotals> outputs;  // each benefit output's totals
  std::vector<UnitTotals> beside;     // amounts of other units than the cost's
  std::vector<HouseholdChange> largest;  // top 10 by |change|, then file order
  // Every non-zero per-household change and how many households have it
  // (the histogram's data; distinct values only, so it stays small).
  std::map<Exact, long> changes;

  Exact difference() const { return all.cost_after - all.cost_before; }
  // An amount in the chosen unit ("4510.01" in 元, "0.451001" in 万元) and
  // the unit's name ("元" or "万元").
  std::string money(const Exact& v, int digits) const;
  std::string signed_money(const Exact& v, int digits) const;
  const char* money_unit() const { return wan ? "万元" : "元"; }
};

class WhatIf {
 public:
  static constexpr size_t kLargest = 10;

  WhatIf(const model::Model& before, const model::Model& after);

  // `id,<output>_before,<output>_after,<output>_diff,…` for every money
  // output of either version (the baseline's order, then the alternative's
  // new ones).
  std::string detail_header() const;

  // Adds one household (read and evaluated under each version). When `row`
  // is given it receives the household's detail line (no line break); an
  // output a version does not declare is left empty.
  void add(const Household& before, const std::vector<Exact>& before_outputs,
           const Household& after, const std::vector<Exact>& after_outputs,
           std::string* row = nullptr);
  // The same as add() without a detail row, for outputs in the compiled
  // program's fixed point (see EvaluatedFixedFn). Returns false, adding
  // nothing, when the two versions' benefits are not one output each at one
  // scale: then call add().
  bool add_fixed(const Household& before, const int64_t* before_outputs, const Household& after,
                 const int64_t* after_outputs);

  // The summary so far (headings filled from the two versions).
  WhatIfSummary summary() const;

 private:
  struct Column {
    std::string name, label;
    int before = -1, after = -1;  // output index in each version
    int scale = 2;
    bool benefit_before = false, benefit_after = false;  // a benefit output there
    model::Type::Period period = model::Type::Period::none;  // of the benefit output
    std::string part_of;  // the benefit output adding this one up, or ""
  };
  GroupTotals& group(std::vector<GroupTotals>& groups, std::map<std::string, size_t>& index,
                     const std::string& name, const std::string& label);

  const model::Model& before_;
  const model::Model& after_;
  OutputRoles roles_before_, roles_after_;
  bool region_from_after_ = false;
  std::vector<Column> columns_;
  WhatIfSummary s_;
  std::map<std::string, size_t> region_index_, grade_index_;
  // Group index by district code and by grade code (before, after), found
  // once per code: add() runs once per household and should not compare names.
  size_t region_group(const Household& hb, const Household& ha);
  void note_change(const Household& hb, size_t region, const Exact& before, const Exact& after);
  static constexpr int64_t kNoGrade = INT64_MIN;  // the policy has no grade output
  template <class AddCost>
  size_t tally(const Household& hb, const Household& ha, bool covered_before, bool covered_after,
               int64_t grade_before, int64_t grade_after, const AddCost& add_cost);
  // The running sums behind GroupTotals' Exact fields and the outputs'
  // totals, filled into the summary by summary().
  struct GroupSums {
    ExactSum people_before, people_after, cost_before, cost_after, cost_new;
  };
  static GroupSums& sums_of(std::vector<GroupSums>& sums, size_t group);
  GroupSums all_sums_;
  std::vector<GroupSums> region_sums_, grade_sums_, district_sums_, hukou_sums_;
  int hukou_input_ = -1;      // in before_ (or after_ when hukou_from_after_)
  bool hukou_from_after_ = false;
  // The group of a coded input's value (a district, a hukou): its code, or
  // one "(not given)" group after the codes.
  size_t coded_group(std::vector<GroupTotals>& groups, size_t codes, std::optional<int64_t> code);
  void set_up_breakdowns();
  void find_parts();
  ExactSum people_newly_covered_, people_dropped_;
  std::vector<std::pair<ExactSum, ExactSum>> output_sums_;
  size_t grade_group(bool after, int64_t code);
  std::vector<long> region_by_district_;
  std::vector<long> grade_by_code_[2];
};

// Runs `before` and `after` over `files`: the summary, and the detail CSV on
// `detail` when given. Bad households are reported on `errors` and counted in
// summary.rejected.
WhatIfSummary run_whatif(const model::Model& before, const model::Model& after,
                         const std::vector<std::string>& files, std::ostream* detail,
                         std::ostream& errors, std::optional<int> evaluation_date = std::nullopt,
                         int threads = 0);

// The summary as text for a terminal.
void print_summary(const WhatIfSummary& s, std::ostream& out);

// ---- text helpers shared by the printers -------------------------------------

// Now for the briefing, "2026-12-02 03:40 UTC"; SOURCE_DATE_EPOCH (seconds
// since 1970), when set, stands for now, so a report can be made again byte
// for byte.
std::string run_time_text();
// "monthly cost", "cost per year", "one-off cost" for a cost's unit.
std::string cost_label(const std::string& unit);
// "cost 2021-07 to 2021-12 (6 months)" for the budget months.
std::string budget_label(const WhatIfSummary& s);

// An amount at `scale` digits ("990.00"); a value that does not fit is
// printed exactly ("1/3").
std::string amount_text(const Exact& v, int scale);
// The same with a sign: "+90.00", "-30.00", "0.00".
std::string signed_amount_text(const Exact& v, int scale);

}  // namespace doudi
