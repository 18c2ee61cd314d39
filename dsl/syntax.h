// The syntax tree: a policy file as written, before any name is resolved.
//
// The parser (parser.h) produces a PolicyFile; the checker (checker.h) turns
// one into a checked Model. Nothing here knows about types or values: names are
// strings and numbers are their text, each with the Position it came from.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/source.h"

namespace doudi::syntax {

struct Expr;
// Shared and immutable once parsed, so an amendment can reuse the expressions
// of the version it amends without copying them.
using ExprPtr = std::shared_ptr<const Expr>;

enum class ExprKind {
  number,    // text = "630" or "0.01"; unit = "yuan" when written "630 元"
  boolean,   // text = "true" | "false"
  date,      // text = "2020-07-01"
  name,      // path = {"household", "members"} or {"dibao_standard"}
  index,     // path names a table; args = the keys: dibao_standard[region, hukou]
  unary,     // text = "-" | "not"; args[0]
  binary,    // text = "+" "-" "*" "/" "<" "<=" ">" ">=" "==" "!=" "and" "or"
  in,        // args[0] in region group `text`
  if_then,   // args = {condition, then, else}
  call,      // text = function name; args; where = optional filter (count, sum)
};

struct Expr {
  ExprKind kind;
  Position position;
  std::string text;
  std::string unit;
  std::vector<std::string> path;
  std::vector<ExprPtr> args;
  ExprPtr where;
};

struct Name {
  std::string text;
  Position position;
};

// money, integer, decimal, boolean, date, district, region, or an enum's name;
// "per person per month" is kept as written, for display.
struct TypeRef {
  Name name;
  int scale = -1;  // decimal(4): digits after the point; -1 when not given
  std::string per;  // "per person per month"
};

struct EnumValue {
  Name name;
  std::string label;
};

struct EnumDecl {
  Name name;
  std::string label;
  std::vector<EnumValue> values;
};

struct RegionDecl {
  Name name;
  std::string label;
  std::vector<Name> districts;
};

enum class InputScope { household, member };

// `at least N` / `at most N` after an input: the values a household may give.
struct InputBound {
  bool at_least = true;  // else at most
  std::string text;      // the number as written
  Position position;
};

struct InputDecl {
  InputScope scope;
  Name name;
  TypeRef type;
  std::string label;
  ExprPtr default_value;  // null when the input is required
  std::vector<InputBound> bounds;
};

// One cell token of a table body: a key value, a number, or n/a.
struct Cell {
  enum class Kind { name, number, not_applicable } kind;
  std::string text;
  Position position;
};

struct TableDecl {
  Name name;
  std::string label;
  TypeRef type;
  std::vector<Name> keys;
  std::vector<std::string> sources;
  std::vector<std::vector<Cell>> rows;  // as written, one vector per line
};

// `set dibao_standard[一类地区, urban] = 660`: one cell restated by an amendment.
struct CellSet {
  Name table;
  std::vector<Name> keys;
  Cell value;
};

// `series consumption "…" : money per person per year by hukou from "statistics.yaml"`
struct SeriesDecl {
  Name name;
  std::string label;
  TypeRef type;
  std::vector<Name> keys;
  Name data_file;  // as written, relative to the policy file
  std::vector<std::string> sources;
};

// `require tekun_basic >= 1.3 * dibao_standard from 2018-01-01`
struct RequireDecl {
  bool local = false;  // `require local`: a province's rule for the policies bound by it
  std::string label;
  ExprPtr condition;
  std::optional<Name> from, until;  // dates, as written
  std::vector<std::string> sources;
  Position position;
};

// index hardship "困难指数"
//   factor elderly "老年人" = elderly weight 8 cap 16
//   limit 100
//   round 0.1 half_up
struct FactorDecl {
  Name name;
  std::string label;
  ExprPtr value;
  std::optional<Cell> weight, cap;  // numbers as written
};

struct IndexDecl {
  Name name;
  std::string label;
  std::vector<FactorDecl> factors;
  std::optional<Cell> limit;
  std::optional<Cell> round_unit;
  std::optional<Name> round_mode;
  std::vector<std::string> sources;
};

// bands household_grade "困难等级" : grade by score
//   severe   >= 60
//   moderate >= 35 and < 60
//   general  < 35
struct BandBound {
  std::string op;  // ">=", ">", "<", "<="
  Cell value;
};

struct BandDecl {
  Name value;  // a value of the enumeration
  std::vector<BandBound> bounds;  // at most one lower and one upper
};

struct BandsDecl {
  Name name;
  std::string label;
  Name enumeration;
  ExprPtr score;
  std::vector<BandDecl> bands;
  std::vector<std::string> sources;
};

// classified addon "分类施保金" counting highest
//   group elderly "老年人" when member.age >= 60 gives 50
struct GroupDecl {
  Name name;
  std::string label;
  ExprPtr condition, amount;
};

struct ClassifiedDecl {
  Name name;
  std::string label;
  Name counting;  // highest | first | all
  std::vector<GroupDecl> groups;
  std::vector<std::string> sources;
};

struct RuleDecl {
  Name name;
  std::string label;
  std::optional<TypeRef> type;
  ExprPtr body;
  std::vector<std::string> sources;
};

// `members students "在读学生" = member where member.study != none`: a named
// list of the household's members, usable in count/sum and per-member outputs.
struct MemberListDecl {
  Name name;
  std::string label;
  ExprPtr condition;
};

struct OutputDecl {
  std::optional<Name> per;  // `output per member x` / `output per students x`: one value per member
  Name name;
  std::string label;
  std::optional<TypeRef> type;
  int scale = -1;  // display scale; -1: from the type
  ExprPtr value;   // `= EXPR`; null: the rule of the same name
};

// A `source "…"` line cites the declaration just above it, or the whole
// policy when it comes before any declaration.
// `benefit total, temporary`: the outputs a what-if counts as amounts paid.
struct BenefitDecl {
  std::vector<Name> outputs;
  Position position;
};

struct PolicyFile {
  std::shared_ptr<const SourceFile> file;
  std::optional<Name> policy_name;
  std::optional<Name> version;
  std::optional<Name> effective;  // text "2020-07-01"
  std::optional<Name> ends;       // last day in force, when given
  std::optional<Name> amends;     // the version this one amends
  std::optional<Name> bound_by;   // `bound by shandong`: the province whose local rules apply
  std::optional<Name> description;  // `description "…"`: what the file is for (not inherited)
  std::vector<std::string> sources;
  std::vector<EnumDecl> enums;
  std::vector<RegionDecl> regions;
  std::vector<InputDecl> inputs;
  std::vector<TableDecl> tables;
  std::vector<RuleDecl> rules;
  std::vector<OutputDecl> outputs;
  std::vector<CellSet> sets;
  std::vector<SeriesDecl> series;
  std::vector<RequireDecl> invariants;
  std::vector<IndexDecl> indices;
  std::vector<BandsDecl> bands;
  std::vector<ClassifiedDecl> classified;
  std::vector<MemberListDecl> member_lists;
  std::optional<BenefitDecl> benefit;
};

}  // namespace doudi::syntax
