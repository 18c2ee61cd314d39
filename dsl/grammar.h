// The grammar of doudi policy files, as a PEGTL grammar.
//
// A file is a sequence of declarations, each starting with a keyword:
// policy, version, effective, source, enum, region(s), household, member,
// table, rule, output. Whitespace and line breaks are free everywhere except
// in a table body, where each line is a row (so a table reads like the
// published one). `#` starts a comment to the end of the line.
//
// Errors: after a declaration's keyword, every part is required (must<>), and
// each required part carries a plain-words message (see error_message below).
// The parser (parser.cpp) turns the parse tree into syntax.h's tree.
#pragma once

#include <tao/pegtl.hpp>

namespace doudi::grammar {

namespace pegtl = tao::pegtl;
using namespace tao::pegtl;

// ---- lexical -----------------------------------------------------------------
struct comment : seq<one<'#'>, star<not_one<'\n'>>> {};
struct blank : sor<one<' ', '\t', '\r'>, utf8::one<0x3000>> {};
struct sp : star<sor<blank, comment>> {};            // within a line
struct ws : star<sor<blank, comment, one<'\n'>>> {};  // across lines

// Letters, '_', and any non-ASCII character except punctuation and the
// operator signs (× ÷ ≤ ≥ ≠ and CJK/fullwidth punctuation): identifiers may be
// Chinese (任城区, 低保标准).
struct ident_first
    : sor<ranges<'a', 'z', 'A', 'Z', '_'>,
          utf8::ranges<0x80, 0xD6, 0xD8, 0xF6, 0xF8, 0x1FFF, 0x2C00, 0x2FFF, 0x3040, 0xFEFF,
                       0x10000, 0x10FFFF>> {};
struct ident_other : sor<ident_first, digit> {};
struct identifier : seq<ident_first, star<ident_other>> {};

template <typename Str>
struct keyword : seq<Str, not_at<ident_other>> {};
#define DOUDI_KW(name, text) \
  struct kw_##name : keyword<TAO_PEGTL_STRING(text)> {}
DOUDI_KW(policy, "policy");
DOUDI_KW(version, "version");
DOUDI_KW(effective, "effective");
DOUDI_KW(source, "source");
DOUDI_KW(enum_, "enum");
DOUDI_KW(region, "region");
DOUDI_KW(regions, "regions");
DOUDI_KW(household, "household");
DOUDI_KW(member, "member");
DOUDI_KW(members, "members");
DOUDI_KW(table, "table");
DOUDI_KW(rule, "rule");
DOUDI_KW(output, "output");
DOUDI_KW(by, "by");
DOUDI_KW(per, "per");
DOUDI_KW(scale, "scale");
DOUDI_KW(if_, "if");
DOUDI_KW(when, "when");
DOUDI_KW(then, "then");
DOUDI_KW(else_, "else");
DOUDI_KW(and_, "and");
DOUDI_KW(or_, "or");
DOUDI_KW(not_, "not");
DOUDI_KW(in, "in");
DOUDI_KW(where, "where");
DOUDI_KW(true_, "true");
DOUDI_KW(false_, "false");
DOUDI_KW(yuan, "yuan");
DOUDI_KW(amends, "amends");
DOUDI_KW(ends, "ends");
DOUDI_KW(set, "set");
DOUDI_KW(series, "series");
DOUDI_KW(require, "require");
DOUDI_KW(from, "from");
DOUDI_KW(until, "until");
DOUDI_KW(index, "index");
DOUDI_KW(factor, "factor");
DOUDI_KW(weight, "weight");
DOUDI_KW(cap, "cap");
DOUDI_KW(limit, "limit");
DOUDI_KW(round, "round");
DOUDI_KW(bands, "bands");
DOUDI_KW(classified, "classified");
DOUDI_KW(counting, "counting");
DOUDI_KW(group, "group");
DOUDI_KW(gives, "gives");
DOUDI_KW(benefit, "benefit");
DOUDI_KW(bound, "bound");
DOUDI_KW(local, "local");
DOUDI_KW(description, "description");
#undef DOUDI_KW

struct statement_keyword : sor<kw_policy, kw_version, kw_effective, kw_source, kw_enum_,
                               kw_regions, kw_region, kw_household, kw_member, kw_table,
                               kw_rule, kw_output, kw_amends, kw_ends, kw_set, kw_series,
                               kw_bound, kw_require, kw_index, kw_bands, kw_classified, kw_members,
                               kw_benefit, kw_description> {};
struct expression_keyword : sor<kw_if_, kw_when, kw_then, kw_else_, kw_and_, kw_or_, kw_not_,
                                kw_in, kw_where, kw_true_, kw_false_> {};

struct digits : plus<digit> {};
struct number : seq<digits, opt<one<'.'>, digits>> {};
struct signed_number : seq<opt<one<'-'>>, number> {};
struct date_literal : seq<rep<4, digit>, one<'-'>, rep<2, digit>, one<'-'>, rep<2, digit>> {};
struct escaped : seq<one<'\\'>, one<'"', '\\', 'n'>> {};
struct string_char : sor<escaped, not_one<'"', '\\', '\n'>> {};
struct string_body : star<string_char> {};
struct string_literal : seq<one<'"'>, string_body, one<'"'>> {};
struct label : string_literal {};

// ---- expressions -------------------------------------------------------------
struct expr;
struct money_unit : sor<kw_yuan, utf8::one<0x5143>> {};  // yuan | 元
struct number_literal : seq<number, opt<sp, money_unit>> {};
struct bool_literal : sor<kw_true_, kw_false_> {};
struct path_segment : identifier {};
// A name in an expression is no keyword, except `member` (member.age) and
// `region` (in a require, every region group: dibao_standard[region, urban]).
struct reserved_name : sor<expression_keyword, kw_policy, kw_version, kw_effective, kw_source,
                           kw_enum_, kw_regions, kw_household, kw_table, kw_rule,
                           kw_output, kw_amends, kw_ends, kw_set, kw_series, kw_require,
                           kw_index, kw_bands, kw_classified> {};
struct name_path : seq<not_at<reserved_name>, path_segment, star<one<'.'>, path_segment>> {};
struct close_bracket : one<']'> {};
struct close_paren : one<')'> {};
struct index_args : seq<one<'['>, ws, must<expr>, star<ws, one<','>, ws, must<expr>>, ws,
                        must<close_bracket>> {};
struct name_or_index : seq<name_path, opt<sp, index_args>> {};
struct where_clause : seq<kw_where, ws, must<expr>> {};
struct call_args : opt<expr, star<ws, one<','>, ws, must<expr>>, opt<ws, where_clause>> {};
struct function_name : identifier {};
struct call : seq<function_name, sp, one<'('>, ws, call_args, ws, must<close_paren>> {};
struct paren : seq<one<'('>, ws, must<expr>, ws, must<close_paren>> {};
struct if_expr;
struct primary : sor<paren, if_expr, date_literal, number_literal, bool_literal, call,
                     name_or_index> {};
struct operand;
struct minus_sign : one<'-'> {};
struct negation : seq<minus_sign, ws, must<operand>> {};
struct operand : sor<negation, primary> {};

struct mul_op : sor<one<'*', '/'>, utf8::one<0x00D7, 0x00F7>> {};  // * / × ÷
struct add_op : one<'+', '-'> {};
struct cmp_op : sor<string<'<', '='>, string<'>', '='>, string<'=', '='>, string<'!', '='>,
                    one<'<', '>'>, utf8::one<0x2264, 0x2265, 0x2260>> {};  // ≤ ≥ ≠
struct product : seq<operand, star<ws, mul_op, ws, must<operand>>> {};
struct sum : seq<product, star<ws, add_op, ws, must<product>>> {};
struct region_name : identifier {};
struct membership : seq<kw_in, ws, must<region_name>> {};
struct comparison : seq<sum, opt<ws, sor<seq<cmp_op, ws, must<sum>>, membership>>> {};
struct not_op : kw_not_ {};
struct inversion : sor<seq<not_op, ws, must<inversion>>, comparison> {};
struct and_op : kw_and_ {};
struct or_op : kw_or_ {};
struct conjunction : seq<inversion, star<ws, and_op, ws, must<inversion>>> {};
struct disjunction : seq<conjunction, star<ws, or_op, ws, must<conjunction>>> {};
struct then_kw : kw_then {};
struct else_kw : kw_else_ {};
struct if_expr : seq<sor<kw_if_, kw_when>, ws, must<expr>, ws, must<then_kw>, ws, must<expr>,
                     ws, must<else_kw>, ws, must<expr>> {};
struct expr : sor<if_expr, disjunction> {};

// ---- declarations ------------------------------------------------------------
struct equals : one<'='> {};
struct colon : one<':'> {};
struct open_brace : one<'{'> {};
struct close_brace : one<'}'> {};
struct comma_ws : seq<ws, one<','>, ws> {};

struct type_name : identifier {};
struct type_scale : seq<one<'('>, digits, one<')'>> {};
struct per_unit : seq<kw_per, sp, must<identifier>> {};
struct type_ref : seq<type_name, opt<type_scale>, star<sp, per_unit>> {};

struct dotted_name : seq<identifier, star<one<'.'>, identifier>> {};
struct version_text : plus<sor<alnum, one<'.', '-', '_'>>> {};
struct policy_decl : seq<kw_policy, sp, must<dotted_name>> {};
struct version_decl : seq<kw_version, sp, must<version_text>> {};
struct effective_decl : seq<kw_effective, sp, must<date_literal>> {};
struct source_decl : seq<kw_source, sp, must<string_literal>> {};
// description "…": one line saying what the file (a reform) is for, for headings
struct description_decl : seq<kw_description, sp, must<string_literal>> {};

struct decl_name : seq<not_at<expression_keyword>, identifier> {};
struct enum_value : seq<identifier, opt<sp, label>> {};
struct enum_values : seq<open_brace, ws, list<enum_value, comma_ws>, opt<comma_ws>, ws,
                         must<close_brace>> {};
struct enum_decl : seq<kw_enum_, sp, must<decl_name>, sp, opt<label, sp>, must<equals>, ws,
                       must<enum_values>> {};

struct district_name : identifier {};
struct district_list : seq<open_brace, ws, list<district_name, comma_ws>, opt<comma_ws>, ws,
                           must<close_brace>> {};
struct region_decl : seq<sor<kw_regions, kw_region>, sp, must<decl_name>, sp, opt<label, sp>,
                         must<equals>, ws, must<district_list>> {};

struct input_default : seq<equals, ws, must<expr>> {};
// `at least 0`, `at most 99`: the values a household file may give.
struct bound_value : signed_number {};
struct input_at_least : seq<keyword<TAO_PEGTL_STRING("at")>, sp, keyword<TAO_PEGTL_STRING("least")>, sp,
                            must<bound_value>> {};
struct input_at_most : seq<keyword<TAO_PEGTL_STRING("at")>, sp, keyword<TAO_PEGTL_STRING("most")>, sp,
                           must<bound_value>> {};
struct input_bounds : star<sor<input_at_least, input_at_most>, sp> {};
struct input_decl : seq<decl_name, sp, must<colon>, sp, must<type_ref>, sp, opt<label, sp>,
                        opt<input_default, sp>, input_bounds> {};
struct input_block_body : seq<open_brace, ws, star<input_decl, ws, opt<one<','>, ws>>,
                              must<close_brace>> {};
struct household_block : seq<kw_household, ws, must<input_block_body>> {};
struct member_block : seq<kw_member, ws, must<input_block_body>> {};

struct na_cell : sor<TAO_PEGTL_STRING("n/a"), utf8::one<0x2014>> {};  // n/a or —
struct number_cell : signed_number {};
struct name_cell : identifier {};
struct cell : sor<na_cell, number_cell, name_cell> {};
struct line_end : sor<one<'\n'>, eof> {};
struct table_row : seq<not_at<statement_keyword>, cell, star<plus<blank>, cell>, sp,
                       must<line_end>> {};
struct table_source : seq<kw_source, sp, must<string_literal>, sp, must<line_end>> {};
struct empty_line : seq<sp, one<'\n'>> {};
struct table_line : sor<empty_line, seq<star<blank>, sor<table_row, comment>>> {};
struct table_key : identifier {};
struct table_keys : list<table_key, seq<sp, one<','>, sp>> {};
struct table_header : seq<decl_name, sp, opt<label, sp>, must<colon>, sp, must<type_ref>, sp,
                          must<kw_by>, sp, must<table_keys>, sp, must<line_end>> {};
struct table_sources : star<star<blank>, table_source> {};
struct table_body : star<not_at<ws, sor<statement_keyword, eof>>, table_line> {};
struct table_decl : seq<kw_table, sp, must<table_header>, table_sources, table_body> {};

struct rule_type : seq<colon, sp, must<type_ref>> {};
struct rule_decl : seq<kw_rule, sp, must<decl_name>, sp, opt<label, sp>, opt<rule_type, sp>,
                       must<equals>, ws, must<expr>> {};

struct output_scale : seq<kw_scale, sp, must<digits>> {};
struct output_type : seq<not_at<kw_scale>, type_ref> {};
struct output_value : seq<equals, ws, must<expr>> {};
struct per_target : identifier {};  // member, or a member list's name
struct output_per : seq<kw_per, sp, must<per_target>> {};
struct output_decl : seq<kw_output, sp, opt<output_per, sp>, must<decl_name>, sp, opt<label, sp>,
                         opt<output_type, sp>, opt<output_scale, sp>, opt<output_value>> {};

// members students "在读学生" = member where member.study != none
struct list_member : kw_member {};
struct member_list_decl : seq<kw_members, sp, must<decl_name>, sp, opt<label, sp>, must<equals>, ws,
                              must<list_member>, ws, must<where_clause>> {};

// benefit total, temporary, medical: the outputs that are amounts paid
struct benefit_name : identifier {};
struct benefit_decl : seq<kw_benefit, sp, must<benefit_name>, star<sp, one<','>, sp, must<benefit_name>>> {};

struct amends_decl : seq<kw_amends, sp, must<version_text>> {};
struct ends_decl : seq<kw_ends, sp, must<date_literal>> {};
// bound by shandong: the province whose `require local` rules this policy obeys
struct bound_name : identifier {};
struct bound_by : kw_by {};
struct bound_decl : seq<kw_bound, sp, must<bound_by>, sp, must<bound_name>> {};

struct set_key : identifier {};
struct set_keys : seq<one<'['>, sp, list<set_key, seq<sp, one<','>, sp>>, sp, must<close_bracket>> {};
struct set_value : sor<na_cell, number_cell> {};
struct set_decl : seq<kw_set, sp, must<decl_name>, sp, must<set_keys>, sp, must<equals>, sp,
                      must<set_value>> {};

struct data_file : string_literal {};
struct series_keys : seq<kw_by, sp, must<table_keys>> {};
struct series_decl : seq<kw_series, sp, must<decl_name>, sp, opt<label, sp>, must<colon>, sp,
                         must<type_ref>, sp, opt<series_keys, sp>, must<kw_from>, sp,
                         must<data_file>> {};

struct require_from : seq<kw_from, sp, must<date_literal>> {};
struct require_until : seq<kw_until, sp, must<date_literal>> {};
struct require_local : kw_local {};
struct require_decl : seq<kw_require, sp, opt<require_local, sp>, opt<label>, ws, must<expr>, opt<ws, require_from>,
                          opt<ws, require_until>> {};

// index: factors with weights and caps, a limit on the total, a rounding
struct factor_number : signed_number {};
struct factor_weight : seq<kw_weight, sp, must<factor_number>> {};
struct factor_cap : seq<kw_cap, sp, must<factor_number>> {};
struct factor_decl : seq<kw_factor, sp, must<decl_name>, sp, opt<label, sp>, must<equals>, ws,
                         must<expr>, opt<ws, factor_weight>, opt<ws, factor_cap>> {};
struct index_limit : seq<kw_limit, sp, must<factor_number>> {};
struct rounding_mode_name : identifier {};
struct index_round : seq<kw_round, sp, must<factor_number>, sp, must<rounding_mode_name>> {};
struct index_decl : seq<kw_index, sp, must<decl_name>, sp, opt<label>,
                        star<ws, sor<factor_decl, index_limit, index_round>>> {};

// bands: a grade for each interval of a score
struct band_op : sor<string<'>', '='>, string<'<', '='>, one<'<', '>'>, utf8::one<0x2264, 0x2265>> {};
struct band_bound : seq<band_op, sp, must<factor_number>> {};
struct band_row : seq<not_at<statement_keyword>, identifier, sp, must<band_bound>,
                      opt<sp, kw_and_, sp, must<band_bound>>> {};
struct bands_score : seq<kw_by, ws, must<expr>> {};
struct bands_decl : seq<kw_bands, sp, must<decl_name>, sp, opt<label, sp>, must<colon>, sp,
                        must<type_name>, ws, must<bands_score>, star<ws, band_row>> {};

// classified assistance: add-ons per member by group
struct counting_rule : identifier {};
struct group_amount : seq<kw_gives, ws, must<expr>> {};
struct group_condition : seq<kw_when, ws, must<expr>> {};
struct group_decl : seq<kw_group, sp, must<decl_name>, sp, opt<label, sp>, must<group_condition>, ws,
                        must<group_amount>> {};
struct classified_decl : seq<kw_classified, sp, must<decl_name>, sp, opt<label, sp>,
                             must<kw_counting>, sp, must<counting_rule>, star<ws, group_decl>> {};

struct declaration : sor<policy_decl, version_decl, effective_decl, amends_decl, ends_decl, bound_decl,
                         description_decl,
                         source_decl, enum_decl, region_decl, household_block, member_block,
                         table_decl, rule_decl, output_decl, set_decl, series_decl,
                         require_decl, index_decl, bands_decl, classified_decl,
                         member_list_decl, benefit_decl> {};
struct end_of_file : eof {};
struct file : seq<ws, star<declaration, ws>, must<end_of_file>> {};

// ---- error messages for required parts ---------------------------------------
template <typename Rule>
inline constexpr const char* error_message = nullptr;
#define DOUDI_ERR(rule, text) \
  template <>                 \
  inline constexpr const char* error_message<rule> = text
DOUDI_ERR(expr, "expected an expression (a number, a name, a table lookup, a function, …)");
DOUDI_ERR(operand, "expected a value after '-'");
DOUDI_ERR(product, "expected a value after the operator");
DOUDI_ERR(sum, "expected a value after the comparison");
DOUDI_ERR(inversion, "expected a condition after 'not' or 'and'");
DOUDI_ERR(conjunction, "expected a condition after 'or'");
DOUDI_ERR(then_kw, "expected 'then' after the condition of 'if'/'when'");
DOUDI_ERR(else_kw, "expected 'else': every 'if'/'when' needs an 'else' value");
DOUDI_ERR(close_paren, "expected ')'");
DOUDI_ERR(close_bracket, "expected ']' to close the table keys");
DOUDI_ERR(region_name, "expected the name of a region group after 'in'");
DOUDI_ERR(dotted_name, "expected the policy's name, e.g. jining.social_assistance");
DOUDI_ERR(version_text, "expected a version, e.g. 2020.07");
DOUDI_ERR(date_literal, "expected a date written YYYY-MM-DD, e.g. 2020-07-01");
DOUDI_ERR(string_literal, "expected a quoted text, e.g. \"济宁市民政局…\"");
DOUDI_ERR(decl_name, "expected a name");
DOUDI_ERR(identifier, "expected a name");
DOUDI_ERR(equals, "expected '='");
DOUDI_ERR(colon, "expected ':' and a type");
DOUDI_ERR(close_brace, "expected '}' (values are separated by commas)");
DOUDI_ERR(enum_values, "expected '{' and the enumeration's values, e.g. {urban, rural}");
DOUDI_ERR(district_list, "expected '{' and the region's districts, e.g. {任城区, 兖州区}");
DOUDI_ERR(input_block_body, "expected '{' and input declarations, e.g. { members : integer }");
DOUDI_ERR(type_ref, "expected a type: money, integer, decimal, boolean, date, district, or an enumeration's name");
DOUDI_ERR(table_header, "expected a table header: NAME : TYPE by KEY, KEY");
DOUDI_ERR(kw_by, "expected 'by' and the table's keys, e.g. by region, hukou");
DOUDI_ERR(table_keys, "expected the table's keys, e.g. region, hukou");
DOUDI_ERR(line_end, "expected the end of the line (a table row holds names, numbers and n/a separated by spaces)");
DOUDI_ERR(digits, "expected a whole number");
DOUDI_ERR(factor_number, "expected a number");
DOUDI_ERR(bound_value, "expected a number, e.g. at least 0");
DOUDI_ERR(rounding_mode_name, "expected a rounding mode: half_up (四舍五入), half_even, half_down, up (进一), down (去尾), ceiling or floor");
DOUDI_ERR(band_bound, "expected a bound: >= 60, > 60, < 35 or <= 35");
DOUDI_ERR(bands_score, "expected 'by' and the score the bands grade, e.g. by hardship");
DOUDI_ERR(type_name, "expected the enumeration of the grades, e.g. : grade");
DOUDI_ERR(group_condition, "expected 'when' and the member's condition, e.g. when member.age >= 60");
DOUDI_ERR(group_amount, "expected 'gives' and the amount, e.g. gives 50");
DOUDI_ERR(kw_counting, "expected 'counting highest', 'counting first' or 'counting all': how a member in several groups counts");
DOUDI_ERR(benefit_name, "expected an output's name after 'benefit' (and after each ','), e.g. benefit total, temporary");
DOUDI_ERR(per_target, "expected 'member' or a member list after 'per', e.g. output per member grant = …");
DOUDI_ERR(list_member, "expected 'member where CONDITION', e.g. members students = member where member.studying");
DOUDI_ERR(where_clause, "expected 'where' and the members' condition, e.g. member where member.studying");
DOUDI_ERR(counting_rule, "expected highest, first or all");
DOUDI_ERR(set_keys, "expected the cell's keys in brackets, e.g. set dibao_standard[一类地区, urban] = 660");
DOUDI_ERR(set_value, "expected the cell's new value: a number or n/a");
DOUDI_ERR(kw_from, "expected 'from' and the data file, e.g. from \"statistics.yaml\"");
DOUDI_ERR(bound_by, "expected 'by' and the province's policy folder, e.g. bound by shandong");
DOUDI_ERR(bound_name, "expected the province's policy folder, e.g. bound by shandong");
DOUDI_ERR(data_file, "expected the data file's name in quotes, e.g. \"statistics.yaml\"");
DOUDI_ERR(end_of_file, "expected a declaration: policy, version, effective, amends, ends, bound by, description, source, enum, region, household, member, table, rule, output, benefit, set, series, require, index, bands, classified or members");
#undef DOUDI_ERR

// Messages are raised only where a rule is required (inside must<>), never
// when an alternative is merely tried and fails.
struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
  template <typename Rule>
  static constexpr bool raise_on_failure = false;
};

template <typename Rule>
using control = must_if<errors, normal, false>::control<Rule>;

}  // namespace doudi::grammar
