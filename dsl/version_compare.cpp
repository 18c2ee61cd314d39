// Cells across versions (see version_compare.h).
#include "dsl/version_compare.h"

#include <fmt/format.h>

#include "base/text.h"

namespace doudi {
std::string cell_name(const model::Model& m, const model::Table& t, size_t index) {
  if (t.keys.empty()) return "";
  auto codes = model::cell_codes(t.keys, index);
  std::vector<std::string> names;
  for (size_t k = 0; k < codes.size(); ++k) names.push_back(model::key_value_name(m, t.keys[k], codes[k]));
  return fmt::format("[{}]", fmt::join(names, ", "));
}

std::optional<size_t> matching_cell(const model::Model& from, const model::Table& from_table,
                                    size_t index, const model::Model& to,
                                    const model::Table& to_table) {
  auto codes = model::cell_codes(from_table.keys, index);
  // The situation: a district (from a region or district key) and enumeration values by name.
  std::optional<std::string> district;
  std::vector<std::pair<std::string, std::string>> values;  // enum name, value name
  for (size_t k = 0; k < codes.size(); ++k) {
    const auto& key = from_table.keys[k];
    if (key.kind == model::TypeKind::region) {
      const auto& r = from.regions[static_cast<size_t>(codes[k])];
      if (!r.districts.empty()) district = from.districts[static_cast<size_t>(r.districts[0])].name;
    } else if (key.kind == model::TypeKind::district) {
      district = from.districts[static_cast<size_t>(codes[k])].name;
    } else {
      const auto& e = from.enums[static_cast<size_t>(key.enumeration)];
      values.emplace_back(e.name, e.values[static_cast<size_t>(codes[k])].name);
    }
  }
  size_t out = 0;
  for (const auto& key : to_table.keys) {
    int code = -1;
    if (key.kind == model::TypeKind::region || key.kind == model::TypeKind::district) {
      if (!district) return std::nullopt;
      int d = to.find_district(*district);
      if (d < 0) return std::nullopt;
      code = key.kind == model::TypeKind::region ? to.districts[static_cast<size_t>(d)].region : d;
    } else {
      const auto& e = to.enums[static_cast<size_t>(key.enumeration)];
      for (const auto& [en, vn] : values)
        if (en == e.name) code = to.find_enum_value(key.enumeration, vn);
      if (code < 0) return std::nullopt;
    }
    out = model::cell_step(out, key, code);
  }
  return out;
}

bool parse_cell_reference(const model::Model& m, const std::string& text, int& table,
                          std::optional<size_t>& cell, std::string& why) {
  size_t bracket = text.find('[');
  std::string name(trim(std::string_view(text).substr(0, bracket)));
  table = m.find_table(name);
  if (table < 0) {
    why = fmt::format("version {} has no table '{}'", m.version, name);
    return false;
  }
  cell.reset();
  if (bracket == std::string::npos) return true;
  if (text.back() != ']') {
    why = "a cell is written TABLE[key, key]";
    return false;
  }
  const auto& t = m.tables[static_cast<size_t>(table)];
  std::string_view inside(text.data() + bracket + 1, text.size() - bracket - 2);
  std::vector<std::string> parts;
  while (true) {
    size_t comma = inside.find(',');
    parts.emplace_back(trim(inside.substr(0, comma)));
    if (comma == std::string_view::npos) break;
    inside.remove_prefix(comma + 1);
  }
  if (parts.size() != t.keys.size()) {
    why = fmt::format("table '{}' has {} keys in version {}", name, t.keys.size(), m.version);
    return false;
  }
  size_t index = 0;
  for (size_t k = 0; k < parts.size(); ++k) {
    const auto& key = t.keys[k];
    int code = -1;
    if (key.kind == model::TypeKind::region) {
      for (size_t r = 0; r < m.regions.size(); ++r)
        if (m.regions[r].name == parts[k]) code = static_cast<int>(r);
    } else if (key.kind == model::TypeKind::district) {
      code = m.find_district(parts[k]);
    } else {
      code = m.find_enum_value(key.enumeration, parts[k]);
    }
    if (code < 0) {
      why = fmt::format("'{}' is not a value of key '{}' in version {}", parts[k], key.name, m.version);
      return false;
    }
    index = model::cell_step(index, key, code);
  }
  cell = index;
  return true;
}

std::string change_text(const Exact& before, const Exact& after) {
  Exact diff = after - before;
  std::string sign = diff.sign() > 0 ? "+" : "";
  std::string out = sign + diff.to_string();
  if (!before.is_zero()) {
    Exact percent = (diff * Exact::from_int(100) / before).round(*Exact::parse("0.1"), RoundingMode::half_up);
    out += fmt::format(" ({}{}%)", percent.sign() > 0 ? "+" : "", percent.to_fixed(1).value_or("?"));
  }
  return out;
}

}  // namespace doudi
