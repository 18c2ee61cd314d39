// Pipeline errors -> Status (api/status.h).
#include "api/status.h"

namespace doudi::api {

Status policy_status(const doudi::PolicyError& e) {
  std::vector<Diagnostic> diagnostics;
  for (const auto& d : e.diagnostics) {
    diagnostics.push_back(Diagnostic{d.position.file ? d.position.file->path : "", d.position.line,
                                     d.position.column, d.message, d.render()});
  }
  return Status(StatusCode::policy_error, e.render(), std::move(diagnostics));
}

Status evaluation_status(const doudi::Household& h, const doudi::EvaluationError& e) {
  return Status(StatusCode::evaluation_error, "household " + h.id + ": " + e.reason());
}

}  // namespace doudi::api
