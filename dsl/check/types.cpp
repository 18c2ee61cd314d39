// Types: type names resolved to kinds, units and periods, and the small
// helpers that make and compare types.
#include "dsl/check/checker_private.h"

namespace doudi::check {

Type numeric(TypeKind k, int scale, bool literal) {
  Type t;
  t.kind = k;
  t.scale = scale;
  t.literal = literal;
  return t;
}
Type simple(TypeKind k) {
  Type t;
  t.kind = k;
  return t;
}

// The period of a unit phrase: "per person per month" -> month.
Type::Period period_of(const std::string& per) {
  std::vector<std::string> words;
  size_t start = 0;
  while (start < per.size()) {
    size_t space = per.find(' ', start);
    if (space == std::string::npos) space = per.size();
    if (space > start) words.push_back(per.substr(start, space - start));
    start = space + 1;
  }
  for (const auto& w : words) {
    if (w == "month" || w == "月") return Type::Period::month;
    if (w == "year" || w == "年") return Type::Period::year;
    if (w == "week" || w == "周") return Type::Period::week;
    if (w == "day" || w == "日" || w == "天") return Type::Period::day;
  }
  return Type::Period::none;
}

const char* period_name(Type::Period p) {
  switch (p) {
    case Type::Period::day: return "per day";
    case Type::Period::week: return "per week";
    case Type::Period::month: return "per month";
    case Type::Period::year: return "per year";
    default: return "";
  }
}

// Two amounts of different periods (per month, per year) cannot be added,
// compared or chosen between.
bool periods_clash(const Type& a, const Type& b) {
  return a.period != Type::Period::none && b.period != Type::Period::none && a.period != b.period;
}

int combine_scale(int a, int b) {
  if (a == model::kRational || b == model::kRational) return model::kRational;
  return std::max(a, b);
}


// ---- types ---------------------------------------------------------------
std::optional<Type> Checker::resolve_type(const syn::TypeRef& t) {
  auto type = resolve_type_name(t);
  if (type && type->is_numeric()) type->period = period_of(t.per);
  return type;
}

std::optional<Type> Checker::resolve_type_name(const syn::TypeRef& t) {
  const std::string& n = t.name.text;
  if (t.scale >= 0 && n != "decimal") {
    error(t.name.position, "only 'decimal' takes a number of digits, as in decimal(4)", "Types");
  }
  if (n == "money") return numeric(TypeKind::money, 2);
  if (n == "integer") return numeric(TypeKind::integer, 0);
  if (n == "decimal") {
    if (t.scale > 18) error(t.name.position, "decimal(N) takes at most 18 digits", "Types");
    return numeric(TypeKind::decimal, t.scale >= 0 ? std::min(t.scale, 18) : 6);
  }
  if (n == "boolean") return simple(TypeKind::boolean);
  if (n == "date") return simple(TypeKind::date);
  if (n == "district") return simple(TypeKind::district);
  if (n == "region") return simple(TypeKind::region);
  for (size_t i = 0; i < m_.enums.size(); ++i) {
    if (m_.enums[i].name == n) {
      Type e = simple(TypeKind::enumeration);
      e.enumeration = static_cast<int>(i);
      return e;
    }
  }
  error(t.name.position,
        fmt::format("unknown type '{}': use money, integer, decimal, boolean, date, district, "
                    "region, or an enumeration declared with 'enum'", n),
        "Types");
  return std::nullopt;
}

}  // namespace doudi::check
