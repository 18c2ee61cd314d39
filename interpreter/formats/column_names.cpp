// Column headings -> inputs (see column_names.h).
#include "interpreter/formats/column_names.h"

#include <fmt/format.h>

#include "base/text.h"

namespace doudi {

std::optional<ExtraColumns> extra_columns_from_name(std::string_view name) {
  if (name == "error") return ExtraColumns::error;
  if (name == "ignore") return ExtraColumns::ignore;
  if (name == "pass") return ExtraColumns::pass;
  return std::nullopt;
}

namespace {

int by_name_or_label(const model::Model& m, std::string_view heading, model::Scope scope) {
  if (heading.empty()) return -1;
  int index = m.find_input(std::string(heading), scope);
  if (index >= 0) return index;
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    if (m.inputs[i].scope != scope || m.inputs[i].label != heading) continue;
    if (index >= 0) return -2;  // the label of two inputs
    index = static_cast<int>(i);
  }
  return index;
}

}  // namespace

int input_by_heading(const model::Model& m, std::string_view heading, model::Scope scope) {
  heading = trim(heading);
  int index = by_name_or_label(m, heading, scope);
  if (index != -1 || heading.size() < 4 || heading.back() != ')') return index;
  // "label (name)": the name in the last parentheses, when the label agrees.
  size_t open = heading.rfind(" (");
  if (open == std::string_view::npos) return -1;
  std::string name(heading.substr(open + 2, heading.size() - open - 3));
  int named = m.find_input(name, scope);
  if (named < 0 || m.inputs[static_cast<size_t>(named)].label != heading.substr(0, open)) return -1;
  return named;
}

std::string unknown_columns_message(const std::vector<std::string>& names, model::Scope scope,
                                    ExtraColumns mode) {
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + fmt::format("'{}'", n);
  const char* kind = scope == model::Scope::household ? "household" : "member";
  switch (mode) {
    case ExtraColumns::error:
      if (names.size() == 1)  // the message names it as its field
        return fmt::format("the policy has no {} input of this name or label: check the spelling, or give "
                           "--extra-columns ignore or pass (see Working with Excel in docs/LANGUAGE.md)", kind);
      return fmt::format("{} column(s) name no {} input of the policy (by name or label): {}; check the spelling, "
                         "or give --extra-columns ignore or pass (see Working with Excel in docs/LANGUAGE.md)",
                         names.size(), kind, list);
    case ExtraColumns::ignore:
      return fmt::format("{} column(s) name no {} input and are ignored: {}", names.size(), kind, list);
    case ExtraColumns::pass:
      return fmt::format("{} column(s) name no {} input and are copied to the output beside id: {}",
                         names.size(), kind, list);
  }
  return "";
}

}  // namespace doudi
