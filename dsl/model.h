// The checked model: a policy after every name is resolved and every type and
// unit agrees. This is what the interpreter evaluates; it never sees text.
//
// Every value at run time is an Exact. Non-numeric values are coded as
// integers: booleans 0/1, an enumeration value its index in the enumeration, a
// district its index in Model::districts, a region group its index in
// Model::regions, a date its day number (days since 1970-01-01).
#pragma once

#include <map>
#include <optional>
#include <unordered_map>
#include <string>
#include <vector>

#include "base/source.h"
#include "base/exact.h"

namespace doudi::model {

enum class TypeKind { money, decimal, integer, boolean, date, enumeration, district, region, error };

// `scale` is how many digits after the decimal point a numeric value can have,
// known statically: 2 for money inputs, the unit's digits after round(), the
// sum of both sides' after ×. kRational means the value may be a repeating
// fraction (it divides and was not rounded since).
inline constexpr int kRational = -1;

struct Type {
  TypeKind kind = TypeKind::error;
  int enumeration = -1;  // index into Model::enums when kind == enumeration
  int scale = 0;         // numeric kinds only
  bool literal = false;  // a bare number: adapts to money, decimal or integer
  // The time in the unit phrase ("money per person per month"): amounts per
  // month and per year must not be added or compared. Known for inputs,
  // tables and declared rules, carried through + - min max if round sum and
  // through × or ÷ by a count; unknown after × or ÷ by a bare number (that is
  // how a monthly figure becomes a yearly one).
  enum class Period : uint8_t { none, day, week, month, year } period = Period::none;

  bool is_numeric() const {
    return kind == TypeKind::money || kind == TypeKind::decimal || kind == TypeKind::integer;
  }
};

enum class Op {
  constant,         // value
  household_input,  // slot = input index
  member_input,     // slot = member input index (inside count/sum)
  rule,             // slot = rule index
  table_lookup,     // slot = table index; args = key codes
  region_of,        // args[0] is a district; gives its region group
  add, subtract, multiply, divide, negate,
  equal, not_equal, less, less_equal, greater, greater_equal,
  logical_and, logical_or, logical_not,
  if_then_else,     // args = condition, then, else (only the chosen branch runs)
  min, max, clamp, abs,
  round,            // args[0] rounded to `value` (the unit) with `mode`
  count,            // members; args[0] = filter (optional)
  sum,              // over members: args[0] = term, args[1] = filter (optional)
  in_region,        // args[0] is a district; slot = region index
  range,            // in a `require`: the value of range variable `slot`
  series_lookup,    // slot = series index; args[0] = year, then the keys
  evaluation_date,  // the date the household is evaluated on (--date, a test case's date)
  age,              // whole years from args[0] (a birth date) to args[1]
  months_between,   // months from args[0] to args[1], a partial month rounded by `mode` to 1
  calendar_months,  // calendar months from args[0]'s month to args[1]'s (May to June: 1)
  first_day_of_month,  // the first day of args[0]'s month, a date
  month_of,         // the month of args[0], 1 to 12
  year_of,          // the year of args[0]
};

struct Expr {
  Op op = Op::constant;
  Type type;
  Position position;
  int slot = -1;
  Exact value;
  RoundingMode mode = RoundingMode::half_up;
  bool implicit_keys = false;  // a table named without [...]: printed so
  std::vector<Expr> args;
};

struct EnumValue {
  std::string name;
  std::string label;
};

struct Enumeration {
  std::string name;
  std::string label;
  std::vector<EnumValue> values;
  // A value's code by its name or label (the first value with either), built
  // with the values: a table of 40,000 cells by a 40,000-value enumeration
  // was quadratic with a walk per cell. Empty: Model::find_enum_value walks.
  std::unordered_map<std::string, int> index;
};

struct Region {
  std::string name;
  std::string label;
  std::vector<int> districts;
};

struct District {
  std::string name;
  int region = -1;
};

enum class Scope { household, member };

struct Input {
  std::string name;
  std::string label;
  Scope scope = Scope::household;
  Type type;
  std::string per;                  // "per person per month", as written
  std::optional<Expr> default_value;
  // `at least` / `at most`: a household value outside is a household error.
  std::optional<Exact> at_least, at_most;
  Position position;

  // Without a default, every household must give it.
  bool required() const { return !default_value.has_value(); }
};

struct TableKey {
  std::string name;         // "region", "district" or an enumeration's name
  TypeKind kind;            // region, district or enumeration
  int enumeration = -1;
  int size = 0;             // number of values the key ranges over
};

struct Table {
  std::string name;
  std::string label;
  Type type;
  int declared_scale = -1;  // decimal(N) as written; -1 when not given
  std::string per;
  std::vector<TableKey> keys;
  // Row-major over the keys: cell index = ((k0 * size1) + k1) * size2 + k2 ...
  // nullopt is a cell written n/a (not published / not applicable).
  std::vector<std::optional<Exact>> cells;
  std::vector<Position> cell_positions;
  std::vector<std::string> sources;
  Position position;
};

// A published statistic by year (and by keys where it varies), read from a
// data file beside the policy.
struct Series {
  std::string name;
  std::string label;
  Type type;
  std::string per;
  std::vector<TableKey> keys;
  std::map<int, std::vector<std::optional<Exact>>> years;  // cells as in Table
  std::vector<std::string> sources;
  std::string data_file;
  Position position;
};

// A variable a `require` ranges over: every region group, or every value of
// an enumeration (or every district), so one statement checks every cell.
struct RangeVariable {
  std::string name;
  TypeKind kind = TypeKind::region;  // region, district or enumeration
  int enumeration = -1;
  int size = 0;
};

// `require CONDITION [from DATE] [until DATE]`: an invariant the standards
// must satisfy (the province's rules), checked by `doudi check`.
struct Invariant {
  std::string label;
  Expr condition;
  std::optional<int> from, until;  // day numbers; until is the last day
  std::vector<RangeVariable> ranges;
  std::vector<std::string> sources;
  Position position;
};

// A hardship index (困难指数), kept beside the rules it was desugared into so
// explanations and `doudi index-report` can speak of factors and bands.
struct IndexFactor {
  std::string name;
  std::string label;
  int value_rule = -1;   // the factor's value (a count, a ratio, a flag …)
  int points_rule = -1;  // its points: value × weight, capped
  std::optional<Exact> weight, cap;
};

struct Index {
  std::string name;
  std::string label;
  int score_rule = -1;  // the final score (the rule named like the index)
  int total_rule = -1;  // the sum of the points, before limit and rounding
  std::vector<IndexFactor> factors;
  std::optional<Exact> limit, round_unit;
  RoundingMode round_mode = RoundingMode::half_up;
  std::vector<std::string> sources;
  Position position;
};

// One grade's interval of the score: lower and upper bounds, each optional.
struct Band {
  int value = -1;  // the enumeration value
  std::optional<Exact> low, high;
  bool low_inclusive = true, high_inclusive = false;
  Position position;
};

struct Bands {
  std::string name;
  std::string label;
  int rule = -1;         // the rule giving the grade
  int enumeration = -1;
  int score_rule = -1;   // when the score is a rule (or an index): which
  std::vector<Band> bands;  // sorted from the lowest interval up
  Position position;
};

// A classified add-on (分类施保), kept by group for explanations: its rule's
// body is the sum over members of the groups' amounts combined by `counting`,
// each group tested by an if at `position`, in the groups' order.
struct ClassifiedGroup {
  std::string name;
  std::string label;
  Expr condition, amount;
};

struct Classified {
  std::string name;
  std::string counting;  // highest, first or all
  int rule = -1;
  std::vector<ClassifiedGroup> groups;
  Position position;
};

struct Rule {
  std::string name;
  std::string label;
  Type type;
  Expr body;
  std::vector<std::string> sources;
  Position position;
};

struct Output {
  std::string name;
  std::string label;
  int rule = -1;
  Type type;
  int scale = 0;  // digits printed after the decimal point (numeric outputs)
  Position position;
};

// `members students = member where …`: a named list of the household's members.
struct MemberList {
  std::string name;
  std::string label;
  Expr condition;  // evaluated per member
  Position position;
};

// `output per member x = …` / `output per students x = …`: one value for each
// member (of the list), in the order of the household's `people`.
struct MemberOutput {
  std::string name;
  std::string label;
  int list = -1;  // index in Model::member_lists; -1: every member
  Expr value;     // evaluated per member
  Type type;
  int scale = 0;
  Position position;
};

struct Model {
  std::string policy;
  std::string version;
  int effective = 0;  // day number
  std::string effective_text;
  Position effective_position;  // the `effective` line, for messages about versions
  std::optional<int> ends;  // last day in force, when the policy says
  std::string amends;       // the version this one amends, or ""
  std::string description;  // the file's `description` line, or "" (not inherited)
  // `bound by shandong`: the province's folder as written, and the path the
  // loader found it at (the nearest folder of that name beside the policy's
  // folder or one of its parents); "" when the policy is bound by none.
  std::string bound_by;
  std::string bound_by_path;
  int effective_year = 0;
  std::vector<std::string> sources;
  std::shared_ptr<const SourceFile> file;

  std::vector<Enumeration> enums;
  std::vector<Region> regions;
  std::vector<District> districts;
  std::vector<Input> inputs;  // household and member inputs, in declared order
  std::vector<Table> tables;
  std::vector<Rule> rules;
  std::vector<Output> outputs;
  std::vector<Series> series;
  std::vector<Invariant> invariants;
  std::vector<Index> indices;
  std::vector<Bands> bands;
  std::vector<Classified> classified;
  std::vector<MemberList> member_lists;
  std::vector<MemberOutput> member_outputs;
  std::unordered_map<std::string, int> district_index;  // name -> index in districts
  // `benefit …`: the outputs a what-if counts as amounts paid (indexes into
  // outputs), in the order written; empty when the policy does not say (see
  // dsl/benefit.h for the derived benefit).
  std::vector<int> benefit;
  Position benefit_position;

  // Lookups by name; -1 when absent.
  int find_input(const std::string& name, Scope scope) const;
  int find_district(const std::string& name) const;
  int find_enum_value(int enumeration, const std::string& name) const;
  int find_rule(const std::string& name) const;
  int find_table(const std::string& name) const;
  bool has_members() const;  // declares member inputs
};

std::string type_name(const Model& m, const Type& t);

// The values a table key ranges over (region groups, districts or an
// enumeration's values): the code of the value named `name` (-1 when none),
// the name of code `code`, and every name joined by ", ".
int key_code(const Model& m, const TableKey& key, const std::string& name);
std::string key_value_name(const Model& m, const TableKey& key, int code);
std::string key_value_names(const Model& m, const TableKey& key);

// A table's cells (and a series' cells of one year) are stored row-major,
// the first key varying slowest. cell_step: the index once key code `code`
// of `key` follows the keys before it (start from 0); cell_codes: the key
// codes of cell `index`.
inline size_t cell_step(size_t index, const TableKey& key, int code) {
  return index * static_cast<size_t>(key.size) + static_cast<size_t>(code);
}
std::vector<int> cell_codes(const std::vector<TableKey>& keys, size_t index);

// The household input that states how many people a household has: one
// whose default is `count(member)`. -1 when the policy has none.
int member_count_input(const Model& m);

// Whether any rule, input default or per-member output reads evaluation_date
// (so results depend on the day a household is evaluated, not only the version).
bool reads_evaluation_date(const Model& m);

}  // namespace doudi::model
