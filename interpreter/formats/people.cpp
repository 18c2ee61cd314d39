// The people file's header and rows, and the roster checks (see people.h).
#include "interpreter/formats/people.h"

#include <algorithm>

#include <fmt/format.h>

#include "interpreter/formats/value.h"

namespace doudi {

std::optional<HouseholdError> read_people_header(const model::Model& m, const std::string& path,
                                                 std::vector<std::string_view> header,
                                                 PeopleColumns& out, const OtherInputs& other_inputs) {
  out = PeopleColumns{};
  if (!header.empty() && header[0].substr(0, 3) == "\xEF\xBB\xBF") header[0].remove_prefix(3);
  auto header_error = [&](std::string field, std::string message) {
    return HouseholdError{path, "line 1 (header)", std::move(field), std::move(message)};
  };
  std::vector<bool> seen(m.inputs.size(), false);
  for (size_t c = 0; c < header.size(); ++c) {
    std::string name(header[c]);
    if (name == "household") {
      if (out.household >= 0) return header_error(name, "the column appears twice");
      out.household = static_cast<int>(c);
      out.input.push_back(-1);
      continue;
    }
    int index = std::max(-1, input_by_heading(m, name, model::Scope::member));
    if (index < 0 && other_inputs.count(name)) {
      out.input.push_back(-2);
      continue;
    }
    if (index < 0) return header_error(name, "the policy has no member input of this name or label");
    if (seen[static_cast<size_t>(index)]) return header_error(name, "the column appears twice");
    seen[static_cast<size_t>(index)] = true;
    out.input.push_back(index);
  }
  if (out.household < 0) {
    return header_error("household",
                        "missing column: each person's row names its household's id in a column "
                        "`household` (see Household files in docs/LANGUAGE.md)");
  }
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    if (in.scope == model::Scope::member && in.required() && !seen[i]) {
      return header_error(in.name, "missing column: the policy needs this member input and gives it no default");
    }
  }
  return std::nullopt;
}

std::string person_place(long line, std::string_view household) {
  return fmt::format("line {} (household {})", line, household);
}

std::optional<HouseholdError> csv_record_to_member(const model::Model& m, const std::string& path,
                                                   const PeopleColumns& columns,
                                                   const std::vector<std::string_view>& fields,
                                                   long line,
                                                   std::vector<std::optional<Exact>>& slots) {
  slots.assign(m.inputs.size(), std::nullopt);
  std::string_view household =
      static_cast<size_t>(columns.household) < fields.size() ? fields[static_cast<size_t>(columns.household)]
                                                             : std::string_view();
  auto error = [&](const std::string& field, std::string message) {
    HouseholdError e{path, person_place(line, household), field, std::move(message)};
    e.line = line;
    e.id = std::string(household);
    return e;
  };
  if (const char* problem = csv_record_problem(fields)) return error("", problem);
  if (fields.size() != columns.input.size()) {
    return error("", fmt::format("the row has {} fields but the header names {} columns", fields.size(),
                                 columns.input.size()));
  }
  for (size_t c = 0; c < fields.size(); ++c) {
    int index = columns.input[c];
    if (index < 0) continue;
    const auto& in = m.inputs[static_cast<size_t>(index)];
    if (fields[c].empty() && !in.required()) continue;  // empty: the default applies
    std::string why;
    auto v = parse_input_value(m, in, fields[c], why);
    if (!v) return error(in.name, why);
    slots[static_cast<size_t>(index)] = std::move(*v);
  }
  return std::nullopt;
}

std::optional<HouseholdError> check_roster(const model::Model& m, const Household& h,
                                           const std::string& people_file) {
  auto error = [&](std::string field, std::string message) {
    HouseholdError e;
    e.file = h.file ? *h.file : std::string("<household>");
    e.household = h.line > 0 ? fmt::format("line {} (id {})", h.line, h.id)
                             : fmt::format("household {} (id {})", h.position, h.id);
    e.field = std::move(field);
    e.message = std::move(message);
    e.position = h.position;
    e.line = h.line;
    e.id = h.id;
    return e;
  };
  if (m.has_members() && h.members.empty()) {
    return error("", fmt::format("no people: {} has no person of household '{}', and the policy reads "
                                 "its members",
                                 people_file, h.id));
  }
  int count = member_count_input(m);
  if (count >= 0 && h.inputs[static_cast<size_t>(count)]) {
    const Exact& stated = *h.inputs[static_cast<size_t>(count)];
    if (stated != Exact::from_int(static_cast<int64_t>(h.members.size()))) {
      return error(m.inputs[static_cast<size_t>(count)].name,
                   fmt::format("the household states {} members but {} lists {} people for it",
                               stated.to_string(), people_file, h.members.size()));
    }
  }
  return std::nullopt;
}

std::string missing_people_message(const model::Model& m) {
  std::string names;
  for (const auto& in : m.inputs) {
    if (in.scope != model::Scope::member) continue;
    names += names.empty() ? in.name : ", " + in.name;
  }
  return fmt::format("the policy reads its households' people (member inputs {}), and these "
                     "household rows have none: give them with --people PEOPLE.csv (see Household "
                     "files in docs/LANGUAGE.md)",
                     names);
}

std::optional<std::string_view> plain_field(std::string_view record, int k) {
  size_t start = 0;
  for (int i = 0; i < k; ++i) {
    size_t comma = record.find(',', start);
    if (comma == std::string_view::npos) return std::nullopt;
    start = comma + 1;
  }
  size_t end = record.find(',', start);
  return record.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
}

}  // namespace doudi
