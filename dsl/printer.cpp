// Printing checked expressions with minimal parentheses (by precedence).
#include "dsl/printer.h"

#include <fmt/format.h>

#include "base/date.h"

namespace doudi {
namespace {

using model::Op;

int precedence(Op op) {
  switch (op) {
    case Op::logical_or: return 1;
    case Op::logical_and: return 2;
    case Op::logical_not: return 3;
    case Op::equal: case Op::not_equal: case Op::less: case Op::less_equal: case Op::greater:
    case Op::greater_equal: case Op::in_region: return 4;
    case Op::add: case Op::subtract: return 5;
    case Op::multiply: case Op::divide: return 6;
    case Op::negate: return 7;
    case Op::if_then_else: return 0;
    default: return 9;
  }
}

const char* symbol(Op op) {
  switch (op) {
    case Op::add: return "+";
    case Op::subtract: return "-";
    case Op::multiply: return "*";
    case Op::divide: return "/";
    case Op::equal: return "==";
    case Op::not_equal: return "!=";
    case Op::less: return "<";
    case Op::less_equal: return "<=";
    case Op::greater: return ">";
    case Op::greater_equal: return ">=";
    case Op::logical_and: return "and";
    case Op::logical_or: return "or";
    default: return "?";
  }
}

std::string join(const model::Model& m, const std::vector<model::Expr>& args, size_t from = 0) {
  std::string out;
  for (size_t i = from; i < args.size(); ++i) {
    if (i > from) out += ", ";
    out += expression_text(m, args[i]);
  }
  return out;
}

// A sub-expression, parenthesised when it binds more loosely than its parent
// (or equally, on the right of a left-associative operator).
std::string operand(const model::Model& m, const model::Expr& e, int parent, bool right) {
  std::string text = expression_text(m, e);
  int p = precedence(e.op);
  return (p < parent || (right && p == parent)) ? "(" + text + ")" : text;
}

}  // namespace

std::string value_text(const model::Model& m, const model::Type& t, const Exact& v) {
  auto code = [&] { return static_cast<size_t>(v.to_int64().value_or(0)); };
  switch (t.kind) {
    case model::TypeKind::boolean: return v.is_zero() ? "false" : "true";
    case model::TypeKind::date: return format_date(static_cast<int>(v.to_int64().value_or(0)));
    case model::TypeKind::district: return m.districts.at(code()).name;
    case model::TypeKind::region: return m.regions.at(code()).name;
    case model::TypeKind::enumeration:
      return m.enums.at(static_cast<size_t>(t.enumeration)).values.at(code()).name;
    default: return v.to_string();
  }
}

std::string approximate_text(const Exact& v) {
  std::string exact = v.to_string();
  if (exact.find('/') == std::string::npos) return exact;
  return exact + " ≈ " + v.round(*Exact::parse("0.0001"), RoundingMode::half_up).to_string();
}

std::string operands_text(const char* op, const Exact& a, const Exact& b, const Exact& value) {
  std::string exact = value.to_string();
  std::string shown = exact.find('/') == std::string::npos
                          ? "= " + exact
                          : "≈ " + value.round(*Exact::parse("0.0001"), RoundingMode::half_up).to_string();
  return approximate_text(a) + " " + op + " " + approximate_text(b) + " " + shown;
}

std::string side_text(const model::Expr& side, const Exact& value, const std::vector<Exact>& operands) {
  if (operands.size() != 2) return approximate_text(value);
  const char* op = side.op == Op::divide     ? "/"
                   : side.op == Op::multiply ? "×"
                   : side.op == Op::add      ? "+"
                                             : "-";
  return operands_text(op, operands[0], operands[1], value);
}

std::string expression_text(const model::Model& m, const model::Expr& e) {
  const auto& a = e.args;
  int p = precedence(e.op);
  switch (e.op) {
    case Op::constant: {
      std::string text = value_text(m, e.type, e.value);
      return e.type.kind == model::TypeKind::money && !e.type.literal ? text + " 元" : text;
    }
    case Op::household_input:
    case Op::member_input: {
      const auto& in = m.inputs[static_cast<size_t>(e.slot)];
      return in.scope == model::Scope::member ? "member." + in.name : in.name;
    }
    case Op::rule: return m.rules[static_cast<size_t>(e.slot)].name;
    case Op::table_lookup: {
      const auto& t = m.tables[static_cast<size_t>(e.slot)];
      std::string name = t.name.rfind("previous ", 0) == 0 ? "previous(" + t.name.substr(9) + ")" : t.name;
      return e.implicit_keys ? name : name + "[" + join(m, a) + "]";
    }
    case Op::region_of: return expression_text(m, a[0]);
    case Op::range: return e.type.kind == model::TypeKind::enumeration
                               ? m.enums[static_cast<size_t>(e.type.enumeration)].name
                               : std::string(e.type.kind == model::TypeKind::region ? "region" : "district");
    case Op::series_lookup:
      if (e.implicit_keys) return m.series[static_cast<size_t>(e.slot)].name + "[" + expression_text(m, a[0]) + "]";
      return m.series[static_cast<size_t>(e.slot)].name + "[" + join(m, a) + "]";
    case Op::negate: return "-" + operand(m, a[0], p, false);
    case Op::logical_not: return "not " + operand(m, a[0], p, false);
    case Op::in_region:
      return operand(m, a[0], p, false) + " in " + m.regions[static_cast<size_t>(e.slot)].name;
    case Op::if_then_else: {
      // an `if` in the 'then' branch is bracketed, so its `else` is not read as the outer one's
      std::string then_text = expression_text(m, a[1]);
      if (a[1].op == Op::if_then_else) then_text = "(" + then_text + ")";
      return "if " + expression_text(m, a[0]) + " then " + then_text + " else " + expression_text(m, a[2]);
    }
    case Op::min: return "min(" + join(m, a) + ")";
    case Op::max: return "max(" + join(m, a) + ")";
    case Op::clamp: return "clamp(" + join(m, a) + ")";
    case Op::abs: return "abs(" + join(m, a) + ")";
    case Op::evaluation_date: return "evaluation_date";
    case Op::age: return "age(" + join(m, a) + ")";
    case Op::months_between:
      return "months_between(" + join(m, a) + ", " + std::string(rounding_mode_name(e.mode)) + ")";
    case Op::calendar_months: return "calendar_months(" + join(m, a) + ")";
    case Op::first_day_of_month: return "first_day_of_month(" + join(m, a) + ")";
    case Op::month_of: return "month_of(" + join(m, a) + ")";
    case Op::year_of: return "year_of(" + join(m, a) + ")";
    case Op::round:
      return fmt::format("round({}, {}, {})", expression_text(m, a[0]), e.value.to_string(),
                         rounding_mode_name(e.mode));
    case Op::count:
      if (e.slot >= 0 && static_cast<size_t>(e.slot) < m.member_lists.size())
        return "count(" + m.member_lists[static_cast<size_t>(e.slot)].name + ")";
      return a.empty() ? "count(member)" : "count(member where " + expression_text(m, a[0]) + ")";
    case Op::sum:
      return "sum(" + expression_text(m, a[0]) +
             (a.size() > 1 ? " where " + expression_text(m, a[1]) : std::string()) + ")";
    default:
      return operand(m, a[0], p, false) + " " + symbol(e.op) + " " + operand(m, a[1], p, true);
  }
}

}  // namespace doudi
