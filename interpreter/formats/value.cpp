// Typed parsing and printing of single values.
#include "interpreter/formats/value.h"

#include <fmt/format.h>

#include "base/date.h"
#include "base/text.h"
#include "interpreter/formats/text_encoding.h"

namespace doudi {

using model::TypeKind;

namespace {
std::optional<Exact> parse_typed(const model::Model& m, const model::Type& type, std::string_view text,
                                 std::string& why);
}  // namespace

std::optional<Exact> parse_value(const model::Model& m, const model::Type& type,
                                 std::string_view raw, std::string& why) {
  std::string_view text = trim(raw);
  auto v = parse_typed(m, type, text, why);
  // Bytes that are not UTF-8 are an encoding problem, and saying so helps
  // more than "unknown district '��'".
  if (!v && !is_utf8(text))
    why = fmt::format("'{}' is not UTF-8 text (an encoding problem: save the file as UTF-8, or give --encoding "
                      "gb18030 for a GB18030 file)", as_valid_utf8(std::string(text)));
  return v;
}

namespace {

std::optional<Exact> parse_typed(const model::Model& m, const model::Type& type, std::string_view text,
                                 std::string& why) {
  switch (type.kind) {
    case TypeKind::money:
    case TypeKind::decimal:
    case TypeKind::integer: {
      auto v = Exact::parse(text);
      if (!v) {
        bool digits = !text.empty() && text.find_first_not_of("+-.0123456789") == std::string_view::npos;
        why = digits && text.size() > 70
                  ? fmt::format("'{}' has more digits than doudi supports (about 77)", text)
                  : fmt::format("'{}' is not a number (write digits with an optional '.', e.g. 900.50)", text);
        return std::nullopt;
      }
      if (type.kind == TypeKind::integer && !v->is_integer()) {
        why = fmt::format("'{}' is not a whole number", text);
        return std::nullopt;
      }
      if (!v->fits_scale(type.scale)) {
        why = fmt::format("'{}' has more than {} digits after the decimal point", text, type.scale);
        return std::nullopt;
      }
      return v;
    }
    case TypeKind::boolean:
      if (text == "1" || text == "true" || text == "yes" || text == "是" || text == "True" ||
          text == "TRUE") {
        return Exact::from_int(1);
      }
      if (text == "0" || text == "false" || text == "no" || text == "否" || text == "False" ||
          text == "FALSE") {
        return Exact::from_int(0);
      }
      why = fmt::format("'{}' is not true/false (or 1/0)", text);
      return std::nullopt;
    case TypeKind::date:
      if (auto d = parse_date(text)) {
        if (date_in_data_range(*d)) return Exact::from_int(*d);
        why = fmt::format("'{}' is outside the dates a household file may give (1900-01-01 to 2200-12-31)", text);
        return std::nullopt;
      }
      why = fmt::format("'{}' is not a date written YYYY-MM-DD", text);
      return std::nullopt;
    case TypeKind::district: {
      int d = m.find_district(std::string(text));
      if (d >= 0) return Exact::from_int(d);
      why = fmt::format("unknown district '{}': the policy's region groups do not list it", text);
      return std::nullopt;
    }
    case TypeKind::enumeration: {
      const auto& e = m.enums[static_cast<size_t>(type.enumeration)];
      int v = m.find_enum_value(type.enumeration, std::string(text));
      if (v >= 0) return Exact::from_int(v);
      std::vector<std::string> names;
      for (const auto& value : e.values) names.push_back(value.name);
      why = fmt::format("'{}' is not a value of {} ({})", text, e.name, fmt::join(names, ", "));
      return std::nullopt;
    }
    case TypeKind::region:
    case TypeKind::error:
      break;
  }
  why = "this input's type cannot be read from a household file";
  return std::nullopt;
}

}  // namespace

std::string format_value(const model::Model& m, const model::Type& type, const Exact& value,
                         int scale) {
  auto code = [&] { return static_cast<size_t>(value.to_int64().value_or(0)); };
  switch (type.kind) {
    case TypeKind::money:
    case TypeKind::decimal:
    case TypeKind::integer: {
      auto text = value.to_fixed(scale);
      if (!text) throw std::logic_error("value " + value.to_string() + " does not fit its scale");
      return *text;
    }
    case TypeKind::boolean: return value.is_zero() ? "false" : "true";
    case TypeKind::date: return format_date(static_cast<int>(value.to_int64().value_or(0)));
    case TypeKind::district: return m.districts.at(code()).name;
    case TypeKind::region: return m.regions.at(code()).name;
    case TypeKind::enumeration:
      return m.enums.at(static_cast<size_t>(type.enumeration)).values.at(code()).name;
    case TypeKind::error: break;
  }
  return "?";
}

std::optional<Exact> parse_input_value(const model::Model& m, const model::Input& in,
                                       std::string_view text, std::string& why) {
  auto v = parse_value(m, in.type, text, why);
  if (!v) return v;
  if (in.at_least && compare(*v, *in.at_least) < 0) {
    why = fmt::format("{} is below the least the policy allows (at least {})", text,
                      in.at_least->to_string());
    return std::nullopt;
  }
  if (in.at_most && compare(*v, *in.at_most) > 0) {
    why = fmt::format("{} is above the most the policy allows (at most {})", text,
                      in.at_most->to_string());
    return std::nullopt;
  }
  return v;
}

}  // namespace doudi
