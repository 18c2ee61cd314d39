// What-if runs and back pay: one set of households under two (or more)
// versions of a policy, compared household by household, in exact decimal.
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
// What a household "gets" (its benefit) is the money output named `total`
// when the version has one, else the sum of its money outputs; a household is
// covered when its benefit is positive; its people are its `members` input
// (or 1). See docs/LANGUAGE.md, section "What-if runs".
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

namespace doudi {

// Bad usage of a what-if or arrears run (a --set that names no cell, a month
// that is not YYYY-MM, …): the command exits 2 with the message.
using WhatIfError = UsageError;

// `base` with `settings` applied (dsl/settings.h), a rule being settable
// when it needs no household (Evaluator::constant_rule_value).
model::Model apply_settings(const PolicySet& set, const model::Model& base,
                            const std::vector<Setting>& settings);

// ---- how outputs are read ----------------------------------------------------

// The parts of a version a what-if reads: its money outputs, the benefit,
// the people, the region group and the grade of a household.
struct OutputRoles {
  std::vector<int> money;  // indexes into Model::outputs of the money outputs
  int total = -1;          // the money output named `total`, or -1
  int grade = -1;          // the enumeration output named `grade`, or -1
  int members = -1;        // the integer household input `members`, or -1
  int district = -1;       // the (first) household input of type district, or -1
  int scale = 2;           // digits shown for amounts: the largest money output scale

  // The benefit: output `total`, else the sum of the money outputs.
  Exact benefit(const std::vector<Exact>& outputs) const;
  // The household's people: its `members` (when left to its default, the
  // people listed, or a constant default), else 1.
  Exact people(const model::Model& m, const Household& h) const;
  // "benefit: output 'total' (救助金合计)" for headings.
  std::string describe_benefit(const model::Model& m) const;
};

OutputRoles output_roles(const model::Model& m);

// The region group of the household's district, or "all" without one.
std::string region_of(const model::Model& m, const OutputRoles& roles, const Household& h);

// ---- reading households under several versions ---------------------------

// True when households read under `a` and `b` are coded alike: the same
// inputs (name, scope, type, required or not), districts and enumeration
// values in the same order.
bool same_household_layout(const model::Model& a, const model::Model& b);

// Evaluates every household of `files` under each of `models`, calling
// `each(households, outputs)` with the household as read for models[i] and
// its outputs under models[i]. A household that a version cannot read or
// evaluate is reported on `errors` (naming the version) and skipped.
// Returns the number of households rejected; `evaluated` counts the others.
using EvaluatedFn = std::function<void(const std::vector<const Household*>& households,
                                       const std::vector<const std::vector<Exact>*>& outputs)>;
// `dates[i]` (when given) is the evaluation date models[i] is evaluated on
// (what its rules see as evaluation_date); the same version on two dates is
// evaluated twice.
//
// `each_fixed`, when given, is called instead of `each` for a household every
// version's compiled program computed: `fixed[i]` points to models[i]'s
// outputs as the program gives them (fixed point at each output's scale, or
// codes), so a caller summing millions of households need not build Exact
// values for each. Return false to have `each` called instead.
using EvaluatedFixedFn = std::function<bool(const std::vector<const Household*>& households,
                                            const std::vector<const int64_t*>& fixed)>;
long evaluate_under_versions(const std::vector<const model::Model*>& models,
                             const std::vector<std::string>& files, std::ostream& errors,
                             const EvaluatedFn& each, long& evaluated,
                             const std::vector<std::optional<int>>& dates = {},
                             const EvaluatedFixedFn& each_fixed = nullptr);

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
};

// One money output summed over every household (present: declared by that
// version).
struct OutputTotals {
  std::string name;
  std::string label;
  bool in_before = false, in_after = false;
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
  // What was compared (for headings).
  std::string policy, date;
  std::string baseline, alternative;  // "version 2020.07 (effective 2020-07-01)", …
  std::string alternative_how;         // "--set …", "reform file …", "version 2017"
  std::string benefit_text, people_text;
  int scale = 2;

  long households = 0;  // evaluated under both versions
  long rejected = 0;
  GroupTotals all;
  long newly_covered = 0, dropped = 0;
  Exact people_newly_covered, people_dropped;
  long gain = 0, lose = 0, unchanged = 0;
  std::vector<GroupTotals> regions;
  bool has_grades = false;
  std::vector<GroupTotals> grades;
  std::vector<OutputTotals> outputs;
  std::vector<HouseholdChange> largest;  // top 10 by |change|, then file order
  // Every non-zero per-household change and how many households have it
  // (the histogram's data; distinct values only, so it stays small).
  std::map<Exact, long> changes;

  Exact difference() const { return all.cost_after - all.cost_before; }
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
    ExactSum people_before, people_after, cost_before, cost_after;
  };
  static GroupSums& sums_of(std::vector<GroupSums>& sums, size_t group);
  GroupSums all_sums_;
  std::vector<GroupSums> region_sums_, grade_sums_;
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
                         std::ostream& errors, std::optional<int> evaluation_date = std::nullopt);

// The summary as text for a terminal.
void print_summary(const WhatIfSummary& s, std::ostream& out);

// ---- back pay ----------------------------------------------------------------

// "2020-07" -> months since year 0 (year * 12 + month - 1). Throws WhatIfError.
int parse_month(const std::string& text);
std::string month_text(int month);

struct ArrearsMonth {
  int month = 0;                 // as parse_month
  const model::Model* due_version = nullptr;
  Exact due, paid, difference;   // difference = due - paid
  Exact owed;                    // max(difference, 0): no claw-back
};

struct ArrearsHousehold {
  std::string id;
  std::string region;
  std::vector<ArrearsMonth> months;
  Exact due, paid, difference, owed;  // totals over the months
};

struct ArrearsTotals {
  long households = 0, rejected = 0;
  long overpaid_months = 0;  // months where paid > due (owed 0, not clawed back)
  Exact due, paid, difference, owed;
  int scale = 2;
};

// For every month from `from` to `to` (inclusive, as parse_month), the
// amount due is the benefit under the version in force on the first day of
// that month (a version taking effect later in a month is due from the next
// month: no part months), and the amount paid is the benefit under `paid`.
// Calls `each` per household. Throws PolicyError when a month has no version
// in force, WhatIfError when `from` is after `to`.
ArrearsTotals run_arrears(const PolicySet& set, const model::Model& paid, int from, int to,
                          const std::vector<std::string>& files, std::ostream& errors,
                          const std::function<void(const ArrearsHousehold&)>& each);

// ---- text helpers shared by the printers -------------------------------------

// An amount at `scale` digits ("990.00"); a value that does not fit is
// printed exactly ("1/3").
std::string amount_text(const Exact& v, int scale);
// The same with a sign: "+90.00", "-30.00", "0.00".
std::string signed_amount_text(const Exact& v, int scale);

}  // namespace doudi
