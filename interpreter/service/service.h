// The decision service behind `doudi serve`, without HTTP: request bodies
// (JSON text) in, status and JSON text out. cli/serve/ puts it on a socket.
//
// - evaluate: households read by the project's JSON household reader, the
//   answer in the shape of `doudi run --format json` plus the fingerprint;
//   a bad household is reported in its place ({"id", "errors": [{field,
//   reason}]}) and the others are still evaluated (status 422 when any was
//   rejected, the body complete either way).
// - explain: `doudi explain --format json`'s objects, under "explanations".
// - whatif: the summary `doudi whatif` prints, as data and as its text.
// - policies / policy / health: metadata.h's documents; policy_document:
//   `doudi doc`'s page.
//
// Reload: the catalog is swapped whole (replace); each call takes the
// catalog once at its start and uses it to the end, so a request in flight
// finishes on the set it started with. Thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "interpreter/service/catalog.h"
#include "interpreter/service/request.h"

namespace doudi::service {

struct Response {
  int status = 200;
  std::string body;   // JSON text (HTML for policy_document)
  long households = 0;  // households the request carried (for the access log)
  std::string content_type = "application/json; charset=utf-8";
};

// {"error": {"code", "message"[, "line", "column"]}} with e's status.
Response error_response(const ServiceError& e);

// A policy error's diagnostics on one line: "file:line:col: message; …".
std::string diagnostics_text(const PolicyError& e);

// What every POST endpoint resolves first: the catalog snapshot, the policy,
// the version and the evaluation day.
struct Resolved {
  std::shared_ptr<const Catalog> catalog;
  const ServedPolicy* policy = nullptr;
  const model::Model* model = nullptr;
  int day = 0;
  std::string date;  // YYYY-MM-DD
};

class DecisionService {
 public:
  // `today` gives the day number used when a request names no date.
  DecisionService(std::shared_ptr<const Catalog> catalog, std::function<int()> today);

  std::shared_ptr<const Catalog> catalog() const;
  void replace(std::shared_ptr<const Catalog> next);

  Response evaluate(std::string_view body) const;
  Response explain(std::string_view body) const;
  Response whatif(std::string_view body) const;
  Response policies() const;
  // `date` / `version` (either may be empty) choose the version described.
  Response policy(const std::string& name, const std::string& date, const std::string& version) const;
  // The policy as `doudi doc` renders it (one HTML page: every version, its
  // tables with their sources, rules, the province's rules, the history of
  // every figure); a JSON 404 for an unknown name.
  Response policy_document(const std::string& name) const;
  Response health() const;

 private:
  // What every POST endpoint does first: the body parsed into `r`, then
  // resolved against the catalog serving now.
  std::optional<Resolved> begin(std::string_view body, std::optional<Request>& r, ServiceError& error) const;

  mutable std::mutex mutex_;
  std::shared_ptr<const Catalog> catalog_;
  std::function<int()> today_;
};

// Resolves `r` against `catalog`; on failure fills `error` and returns nullopt.
std::optional<Resolved> resolve(std::shared_ptr<const Catalog> catalog, const Request& r, int today,
                                ServiceError& error);

// POST /v1/whatif (service_whatif.cpp).
Response whatif_response(const Resolved& at, const Request& r, std::string_view body);

}  // namespace doudi::service
