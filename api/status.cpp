// Pipeline errors -> Status (api/status.h), and the public Status helpers.
#include "api/status.h"

#include <ostream>

namespace doudi::api {

const char* status_code_name(StatusCode code) {
  switch (code) {
    case StatusCode::ok: return "ok";
    case StatusCode::policy_error: return "policy_error";
    case StatusCode::household_error: return "household_error";
    case StatusCode::evaluation_error: return "evaluation_error";
    case StatusCode::invalid_argument: return "invalid_argument";
    case StatusCode::io_error: return "io_error";
  }
  return "unknown";
}

std::ostream& operator<<(std::ostream& out, const Status& s) {
  out << status_code_name(s.code());
  if (!s.ok()) out << ": " << s.message();
  return out;
}

Status policy_status(const doudi::PolicyError& e) {
  std::vector<Diagnostic> diagnostics;
  for (const auto& d : e.diagnostics) {
    diagnostics.push_back(Diagnostic{d.position.file ? d.position.file->path : "", d.position.line,
                                     d.position.column, d.message, d.render()});
  }
  return Status(StatusCode::policy_error, e.render(), std::move(diagnostics));
}

Status evaluation_status(const doudi::Household& h, const doudi::EvaluationError& e) {
  return Status(StatusCode::evaluation_error, "household " + h.id + ": " + e.reason(),
                ErrorPlace{h.id, 0, e.rule, e.what()});
}

Status rejected_status(const doudi::RejectedHousehold& r, const std::string& message) {
  bool evaluation = r.field.empty() && r.reason.rfind("rule '", 0) == 0;  // as rejected_household writes it
  return Status(evaluation ? StatusCode::evaluation_error : StatusCode::household_error, message,
                ErrorPlace{r.id, r.row, r.field, r.reason});
}

Status with_place(Status s, const std::string& household, long row) {
  if (s.ok()) return s;
  ErrorPlace& p = s.place();
  if (p.household.empty()) p.household = household;
  if (row > 0) p.row = row;
  if (s.code() == StatusCode::household_error && p.reason.empty()) {
    const std::string& m = s.message();
    size_t at = m.rfind(": field '");
    if (at != std::string::npos) {
      size_t name = at + 9, end = m.find("': ", name);
      if (end != std::string::npos) {
        p.field = m.substr(name, end - name);
        p.reason = m.substr(end + 3);
      }
    }
    if (p.reason.empty()) p.reason = m;
  }
  return s;
}

}  // namespace doudi::api
