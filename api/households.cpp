// Households at the API boundary (api/households.h): files and text read by
// the interpreter's one household reader (interpreter/formats/household_text.h) into
// public text Households, and public Households read for one version by
// read_household(), exactly as `doudi run` reads a household file.
#include "api/households.h"

#include "interpreter/formats/household_text.h"

namespace doudi::api {

namespace {

std::map<std::string, std::string> field_map(const std::vector<FieldText>& fields) {
  std::map<std::string, std::string> out;
  for (const auto& f : fields) out[f.name] = f.text;
  return out;
}

// HouseholdTexts -> public Households; a household whose shape the public
// type cannot hold (a list where a value belongs) is an error naming it.
Result<std::vector<Household>> to_public(const std::vector<HouseholdText>& texts) {
  std::vector<Household> out;
  for (const auto& t : texts) {
    std::string where = t.line > 0 ? "line " + std::to_string(t.line) : "household " + std::to_string(t.position);
    if (!t.id.empty()) where += " (id " + t.id + ")";
    if (!t.shape_errors.empty()) {
      const auto& [field, message] = t.shape_errors.front();
      return Status(StatusCode::household_error,
                    where + ": " + (field.empty() ? "" : "field '" + field + "': ") + message);
    }
    for (const auto* list : {&t.fields}) {
      for (const auto& f : *list)
        if (!f.scalar) return Status(StatusCode::household_error, where + ": field '" + f.name + "': expected a single value");
    }
    for (size_t k = 0; k < t.people.size(); ++k)
      for (const auto& f : t.people[k])
        if (!f.scalar)
          return Status(StatusCode::household_error, where + ", member " + std::to_string(k + 1) + ": field '" +
                                                         f.name + "': expected a single value");
    Household h{t.effective_id(), field_map(t.fields), {}};
    for (const auto& p : t.people) h.people.push_back(field_map(p));
    out.push_back(std::move(h));
  }
  return out;
}

std::vector<FieldText> field_list(const std::map<std::string, std::string>& fields) {
  std::vector<FieldText> out;
  for (const auto& [name, text] : fields)
    if (name != "id") out.push_back({name, text, true});  // the household's id, not an input
  return out;
}

}  // namespace

Result<std::vector<Household>> read_households_text(std::string_view text) {
  HouseholdFileError error;
  auto texts = parse_household_document(text, error);
  if (!texts) return Status(StatusCode::household_error, error.message);
  return to_public(*texts);
}

Result<std::vector<Household>> read_households_file(const std::string& path) {
  HouseholdFileError error;
  auto texts = read_household_texts(path, error);  // CSV, .xlsx (its first sheet), YAML, JSON; GB18030 too
  if (!texts) {
    bool unreadable = error.message == "cannot read the household file";
    return Status(unreadable ? StatusCode::io_error : StatusCode::household_error,
                  path + (unreadable ? ": cannot be read" : ": " + error.message));
  }
  auto r = to_public(*texts);
  if (!r.ok()) return Status(r.status().code(), path + ": " + r.status().message());
  return r;
}

Status to_household(const model::Model& m, const Household& h, doudi::Household& out, long position) {
  HouseholdText text;
  text.id = h.id;
  text.position = position;
  text.fields = field_list(h.fields);
  text.has_people = !h.people.empty();
  for (const auto& p : h.people) text.people.push_back(field_list(p));
  std::vector<HouseholdError> errors;
  if (read_household(m, text, nullptr, out, errors)) {
    out.id = h.id;  // as the caller gave it, even ""
    return Status();
  }
  out.id = h.id;
  std::string message;
  for (const auto& e : errors) message += (message.empty() ? "" : "; ") + e.render();
  // The place as data: the first problem's field and reason (every one is in the message).
  ErrorPlace place{h.id, position, errors.front().field, errors.front().message};
  return Status(StatusCode::household_error, message, std::move(place));
}

}  // namespace doudi::api
