// The checker's private header: the one Checker class whose members are
// defined across the files of dsl/check/, one file per section of the manual
// (as Clang's Sema is split by construct). Only files of this folder include
// it; the rest of the project calls check_policy (dsl/checker.h).
//
// The checker resolves names, types and units; builds tables; finds cycles.
// Errors are collected, not thrown one by one, so an analyst sees every
// problem of a file at once; an expression that failed gets the `error` type,
// which silences follow-on errors about the same expression.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <unordered_map>
#include <vector>

#include <fmt/format.h>

#include "base/date.h"
#include "dsl/checker.h"

namespace doudi::check {

using model::Op;
using model::Type;
using model::TypeKind;
namespace syn = syntax;

constexpr int kMaxExprDepth = 200;
constexpr size_t kMaxRuleChain = 200;
constexpr uint64_t kMaxRequireCombinations = 100000;  // checks of one require (F14)

// Types made from a kind (and a scale: digits after the point).
Type numeric(TypeKind k, int scale, bool literal = false);
Type simple(TypeKind k);
// The type of an expression that failed: silences follow-on errors.
inline Type error_type() { return Type{}; }

// The period of a unit phrase: "per person per month" -> month.
Type::Period period_of(const std::string& per);
const char* period_name(Type::Period p);
// Two amounts of different periods (per month, per year) cannot be added,
// compared or chosen between.
bool periods_clash(const Type& a, const Type& b);
int combine_scale(int a, int b);

class Checker {
 public:
  Checker(const syn::PolicyFile& file, const CheckContext& context)
      : file_(file), context_(context) {}
  // Checks the file, pass by pass; returns the model or throws PolicyError.
  model::Model run();

 private:
  // Where an expression is checked: what is in scope there.
  struct Context {
    bool in_member = false;   // inside count(...)/sum(...): member.x is in scope
    bool in_default = false;  // an input's default: no rules, no inputs
    bool in_member_default = false;  // a member input's default: no member inputs either
    // In a `require`: the variables it ranges over (region, hukou, …); keys of
    // tables named without brackets come from these, not from the household.
    std::vector<model::RangeVariable>* ranges = nullptr;
  };
  const syn::PolicyFile& file_;
  const CheckContext& context_;
  model::Model m_;
  std::vector<Diagnostic> errors_;
  std::map<std::string, std::pair<std::string, Position>> names_;
  std::map<std::string, std::vector<int>> enum_value_owners_;
  // m_.rules and m_.tables by name (the first of a name), so a name is found
  // in one lookup: Model::find_rule's walk made 20,000 rules quadratic.
  std::unordered_map<std::string, int> rule_index_, table_index_;
  int add_rule(model::Rule r);     // pushed onto m_.rules and indexed; its index
  int add_table(model::Table t);   // pushed onto m_.tables and indexed; its index
  int rule_named(const std::string& name) const;   // -1 when none
  int table_named(const std::string& name) const;  // -1 when none
  std::vector<const syn::RuleDecl*> rule_decls_;                // by rule; null when built
  std::vector<std::function<model::Expr()>> rule_builders_;    // by rule, for constructs
  std::vector<int> rule_state_;
  std::vector<const syn::MemberListDecl*> member_list_decls_;
  std::vector<int> member_list_state_;
  std::vector<int> typing_;  // rules being typed, outermost first
  std::vector<int> typed_order_;  // rules in the order their typing finished: each after the rules it uses
  std::set<int> in_cycle_;

  // ---- checker.cpp: the pass order, diagnostics, the policy header, names, enumerations and region groups
  void error(const Position& p, std::string message, std::string section = "");
  Position file_start() const;
  void header();
  std::optional<int> date_of(const syn::Name& n, const char* section);
  bool claim(const syn::Name& n, const std::string& what);
  void enums();
  void regions();

  // ---- types.cpp: types: names of types resolved; kinds, periods and scales
  std::optional<Type> resolve_type(const syn::TypeRef& t);
  std::optional<Type> resolve_type_name(const syn::TypeRef& t);

  // ---- inputs.cpp: inputs: declarations, `at least` / `at most`, defaults
  void inputs();
  void input_bounds(const syn::InputDecl& in, model::Input& out);
  void input_defaults();
  static bool fits_declared_scale(const Type& declared, const Type& actual);

  // ---- tables.cpp: tables: keys, rows and cells; amendments' `set TABLE[keys] = value`
  std::optional<model::TableKey> resolve_key(const syn::Name& k);
  void tables();
  void put_cell(model::Table& out, std::vector<bool>& written, size_t index,
                const syn::Cell& cell);
  int expect_key(const model::TableKey& key, const syn::Cell& cell);
  void fill_table(const syn::TableDecl& t, model::Table& out, std::vector<bool>& written);
  void cell_sets();

  // ---- series.cpp: series declarations (their values: dsl/series_data.cpp)
  void series();

  // ---- invariants.cpp: invariants: `require` and the variables it ranges over
  void invariants();
  void tie_region_to_district(model::Invariant& inv);
  bool combinations_bounded(const model::Invariant& inv);
  model::Expr range_ref(std::vector<model::RangeVariable>& ranges, TypeKind kind, int enumeration,
                        const Position& p);

  // ---- rules.cpp: rules and member lists: declaration, typing on demand, cycles
  void declare_rules();
  void declare_member_lists();
  void member_list_bodies();
  int find_member_list(const std::string& name) const;
  bool member_list(int index);
  int add_rule(const std::string& name, const std::string& label,
               const std::vector<std::string>& sources, const Position& position,
               const syn::RuleDecl* decl, std::function<model::Expr()> build);
  void rule_bodies();
  const Type& type_rule(int index);
  void report_cycle(int index);

  // ---- rule_chains.cpp: the longest chain of rules each using the next, bounded
  void rule_chains();

  // ---- index.cpp: the hardship index and bands, desugared into rules
  std::optional<Exact> cell_number(const std::optional<syn::Cell>& c, const char* what);
  model::Expr constant_expr(const Exact& v, int scale, const Position& p);
  model::Expr rule_ref(int rule, const Position& p);
  static int digits_of(const std::optional<syn::Cell>& c) { return c ? written_digits(c->text) : 0; }
  void declare_index(const syn::IndexDecl& x);
  model::Expr factor_value(const syn::FactorDecl& f);
  model::Expr factor_points(int value_rule, const std::optional<Exact>& weight, const std::optional<Exact>& cap,
                            int weight_digits, int cap_digits, const Position& at);
  model::Expr index_total(const std::vector<int>& point_rules, const Position& at);
  model::Expr index_score(int total_rule, const std::optional<Exact>& limit, const std::optional<Exact>& unit,
                          RoundingMode mode, int limit_digits, const Position& at);
  void declare_bands(const syn::BandsDecl& b);
  void check_band_coverage(const model::Bands& out);

  // ---- classified.cpp: classified assistance: add-ons per member by group
  void declare_classified(const syn::ClassifiedDecl& c);

  // ---- outputs.cpp: outputs, household and per member
  void check_said_type(const syn::OutputDecl& o, const Type& value);
  void outputs();
  int output_scale(const syn::OutputDecl& o, const Type& t);
  void member_output(const syn::OutputDecl& o);
  int output_rule(const syn::OutputDecl& o);

  // ---- expressions.cpp: expressions: names, numbers, operators, conditions; unifying types
  model::Expr make(Op op, Type t, const Position& p);
  model::Expr bad(const Position& p) { return make(Op::constant, error_type(), p); }
  static bool assignable(const Type& target, const Type& value);
  static std::optional<Type> unify_numeric(const Type& a, const Type& b);
  static std::optional<Type> unify_numeric_kind(const Type& a, const Type& b);
  std::optional<Type> unify(const Type& a, const Type& b);
  std::string describe(const Type& t) const;
  model::Expr expr(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr number(const syn::Expr& e);
  model::Expr name(const syn::Expr& e, const Context& ctx);
  model::Expr qualified_name(const syn::Expr& e, const Context& ctx);
  model::Expr date_name(const syn::Expr& e, const Context& ctx);
  model::Expr make_rule_ref(int r, const Type& t, const Position& p);
  model::Expr enum_constant(int en, int value, const Position& p);
  model::Expr input_ref(int index, const Position& p, const Context& ctx);
  model::Expr unary(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr binary(const syn::Expr& e, const Context& ctx, int depth);
  Type product_type(const Type& a, const Type& b, int scale);
  std::optional<Type> quotient_type(const model::Expr& a, const model::Expr& b, const Position& p);
  static Type::Period product_period(const Type& a, const Type& b);
  void period_error(const Position& p, const char* verb, const Type& a, const Type& b);
  model::Expr membership(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr conditional(const syn::Expr& e, const Context& ctx, int depth);

  // ---- lookups.cpp: lookups: table cells, series years, previous(TABLE), index points
  std::optional<model::Expr> key_arg(model::Expr arg, const model::TableKey& key,
                                     const std::string& table);
  model::Expr finish_lookup(int table, std::vector<model::Expr> keys, const Position& p);
  model::Expr implicit_lookup(int table, const Position& p, const Context& ctx);
  std::optional<std::vector<model::Expr>> implicit_keys(const std::vector<model::TableKey>& table_keys,
                                                        const std::string& table_name,
                                                        const Position& p, const Context& ctx);
  model::Expr series_lookup(int index, const syn::Expr& e, const Context& ctx, int depth);
  model::Expr previous(const syn::Expr& e, const Context& ctx);
  model::Expr index(const syn::Expr& e, const Context& ctx, int depth);

  // ---- functions.cpp: functions: min/max/round/clamp…, dates, count/sum over members
  model::Expr call(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr round_call(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr date_function(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr calendar_function(const syn::Expr& e, const Context& ctx, int depth);
  model::Expr aggregate(const syn::Expr& e, const Context& ctx, int depth);
};

}  // namespace doudi::check
