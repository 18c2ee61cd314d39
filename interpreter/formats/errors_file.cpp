// Errors files (see errors_file.h).
#include "interpreter/formats/errors_file.h"
#include "interpreter/formats/text_encoding.h"

#include <fmt/format.h>

#include "interpreter/formats/results.h"

namespace doudi {

RejectedHousehold rejected_household(const std::vector<HouseholdError>& errors) {
  RejectedHousehold r;
  const HouseholdError& first = errors.front();
  r.file = first.file;
  r.row = first.position;
  r.line = first.line;
  r.id = first.id;
  for (const auto& e : errors) {
    if (!e.field.empty()) r.field += (r.field.empty() ? "" : "; ") + e.field;
    // One error: its field has a column of its own. Several: say which is which.
    std::string reason = e.field.empty() || errors.size() == 1 ? e.message
                                                                : fmt::format("{}: {}", e.field, e.message);
    r.reason += (r.reason.empty() ? "" : "; ") + reason;
  }
  return r;
}

RejectedHousehold rejected_household(const Household& h, const EvaluationError& e) {
  RejectedHousehold r;
  r.file = h.file ? *h.file : "";
  r.row = h.position;
  r.line = h.line;
  r.id = h.id;
  r.reason = e.reason();
  return r;
}

ErrorsFile::ErrorsFile(std::ostream& out) : out_(out) { out_ << "file,row,line,id,field,reason\n"; }

void ErrorsFile::add(const RejectedHousehold& r) {
  out_ << csv_field(as_valid_utf8(r.file)) << ',' << r.row << ',' << r.line << ',' << csv_field(as_valid_utf8(r.id))
       << ',' << csv_field(as_valid_utf8(r.field)) << ',' << csv_field(as_valid_utf8(r.reason)) << '\n';  // UTF-8
  ++rows_;
}

}  // namespace doudi
