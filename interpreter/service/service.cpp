// The decision service's endpoints (see service.h).
#include "interpreter/service/service.h"

#include <map>
#include <sstream>

#include <fmt/format.h>

#include "base/date.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/studies/explain.h"
#include "interpreter/compiled/fast_eval.h"
#include "interpreter/studies/policy_doc.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/formats/household_ids.h"
#include "interpreter/formats/results.h"
#include "interpreter/service/metadata.h"
#include "interpreter/studies/whatif.h"

namespace doudi::service {
namespace {

// The name households are read under, in messages.
constexpr const char* kBodyName = "request";
// Lists at least this long go through the compiled program.
constexpr size_t kBatchFrom = 32;

Response json_response(int status, const ordered_json& j, long households = 0) {
  return {status, j.dump(2) + "\n", households};
}


// Why each household has no result, by its place in the list (1-based).
using Rejections = std::map<long, std::vector<RejectionReason>>;

// Reads the request's households; a problem with the list as a whole
// (position 0) is returned as an error instead.
std::optional<std::vector<Household>> read_households(const model::Model& m, const Request& r,
                                                      std::string_view body, Rejections& rejected,
                                                      std::vector<HouseholdError>& errors, ServiceError& error) {
  if (!r.has_households) {
    error = {400, "invalid_request", "the body needs 'households': a list of households"};
    return std::nullopt;
  }
  auto households = read_household_text(m, kBodyName, std::string(body), errors);
  for (const auto& e : errors) {
    if (e.position <= 0) {
      error = {422, "households_unreadable", e.message};
      return std::nullopt;
    }
    rejected[e.position].push_back({e.field, e.message, e.member});
  }
  // A second household with an id an earlier one has is rejected, as `doudi
  // run` rejects it: two answers under one id would be ambiguous.
  HouseholdIds seen;
  std::vector<Household> kept;
  kept.reserve(households.size());
  for (auto& h : households) {
    if (!h.id_given || seen.insert(h.id)) {
      kept.push_back(std::move(h));
      continue;
    }
    HouseholdError e{kBodyName, fmt::format("household {} (id {})", h.position, h.id), "id", duplicate_id_message(h.id)};
    e.position = h.position;
    e.id = h.id;
    rejected[e.position].push_back({e.field, e.message, 0});
    errors.push_back(std::move(e));
  }
  return kept;
}

std::string evaluation_reason(const EvaluationError& e) {
  return fmt::format("{}{} (at {})", e.rule.empty() ? "" : "rule '" + e.rule + "': ", e.what(),
                     e.position.to_string());
}

// The id a rejected household is reported under: the one its error carries.
std::string rejected_id(const std::vector<HouseholdError>& errors, long position) {
  for (const auto& e : errors)
    if (e.position == position && !e.id.empty()) return e.id;
  return std::to_string(position);
}

// Every household's outputs, in list order, with its errors in its place.
class ResultsBuilder {
 public:
  ResultsBuilder(const Resolved& at, ResultWriter& writer) : at_(at), writer_(writer) {}

  void run(const std::vector<Household>& households, Rejections& rejected, const std::vector<std::string>& ids) {
    const model::Model& m = *at_.model;
    int v = at_.policy->version_index(m);
    std::vector<fast::BatchEvaluator::Outcome> outcomes;
    bool batch = households.size() >= kBatchFrom && m.member_outputs.empty() && v >= 0;
    if (batch) {
      fast::BatchEvaluator evaluator(m, at_.policy->programs[static_cast<size_t>(v)]);
      evaluator.set_evaluation_date(at_.day);
      evaluator.evaluate(households, outcomes);
    }
    Evaluator exact(m);
    exact.set_evaluation_date(at_.day);
    size_t next = 0;
    long total = static_cast<long>(households.size() + rejected.size());
    for (long position = 1; position <= total; ++position) {
      if (auto it = rejected.find(position); it != rejected.end()) {
        writer_.write_rejected(ids[static_cast<size_t>(position - 1)], it->second);
        continue;
      }
      if (next >= households.size()) break;
      const Household& h = households[next];
      try {
        if (batch) {
          const auto& o = outcomes[next];
          if (o.error) throw *o.error;
          writer_.write(h, o.outputs, o.members, o.not_applicable);
        } else {
          const auto& outputs = exact.evaluate(h);
          writer_.write(h, outputs, exact.member_values(), exact.not_applicable());
        }
      } catch (const EvaluationError& e) {
        writer_.write_rejected(h.id, {{"", evaluation_reason(e)}});
        ++failed_;
      }
      ++next;
    }
  }
  long failed() const { return failed_; }

 private:
  const Resolved& at_;
  ResultWriter& writer_;
  long failed_ = 0;
};

// The ids of every place in the list: good households' own, rejected ones'
// from their errors.
std::vector<std::string> place_ids(const std::vector<Household>& households, const Rejections& rejected,
                                   const std::vector<HouseholdError>& errors) {
  std::vector<std::string> ids(households.size() + rejected.size());
  for (const auto& h : households)
    if (h.position >= 1 && static_cast<size_t>(h.position) <= ids.size()) ids[static_cast<size_t>(h.position - 1)] = h.id;
  for (const auto& [position, reasons] : rejected)
    if (static_cast<size_t>(position) <= ids.size()) ids[static_cast<size_t>(position - 1)] = rejected_id(errors, position);
  return ids;
}

}  // namespace

std::string diagnostics_text(const PolicyError& e) {
  std::string message;
  for (const auto& d : e.diagnostics) {
    if (!message.empty()) message += "; ";
    message += d.position.line > 0 ? d.position.to_string() + ": " + d.message : d.message;
  }
  return message;
}

Response error_response(const ServiceError& e) {
  ordered_json j = {{"code", e.code}, {"message", e.message}};
  if (e.line > 0) {
    j["line"] = e.line;
    j["column"] = e.column;
  }
  return json_response(e.status, {{"error", j}});
}

DecisionService::DecisionService(std::shared_ptr<const Catalog> catalog, std::function<int()> today)
    : catalog_(std::move(catalog)), today_(std::move(today)) {}

std::shared_ptr<const Catalog> DecisionService::catalog() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return catalog_;
}

void DecisionService::replace(std::shared_ptr<const Catalog> next) {
  std::lock_guard<std::mutex> lock(mutex_);
  catalog_.swap(next);
  // `next` (the old set) is released here, or by the last request using it.
}

std::optional<Resolved> resolve(std::shared_ptr<const Catalog> catalog, const Request& r, int today,
                                ServiceError& error) {
  Resolved at;
  at.catalog = std::move(catalog);
  at.policy = at.catalog->find(r.policy.value_or(""));
  if (!at.policy) {
    std::vector<std::string> names;
    for (const auto& p : at.catalog->policies) names.push_back(p.name);
    error = r.policy ? ServiceError{404, "unknown_policy", fmt::format("no policy '{}' is served (served: {})",
                                                                       *r.policy, fmt::join(names, ", "))}
                     : ServiceError{400, "invalid_request",
                                    fmt::format("name the 'policy' (served: {})", fmt::join(names, ", "))};
    return std::nullopt;
  }
  at.day = today;
  if (r.date) {
    auto d = parse_date(*r.date);
    if (!d) {
      error = {400, "invalid_request", fmt::format("'date' '{}' is not a date written YYYY-MM-DD", *r.date)};
      return std::nullopt;
    }
    at.day = *d;
  }
  at.date = format_date(at.day);
  try {
    at.model = r.version ? &find_version(at.policy->set, *r.version) : &at.policy->set.in_force(at.day);
  } catch (const WhatIfError& e) {
    error = {422, "unknown_version", e.what()};
    return std::nullopt;
  } catch (const PolicyError& e) {
    error = {422, "not_in_force", diagnostics_text(e)};
    return std::nullopt;
  }
  return at;
}

std::optional<Resolved> DecisionService::begin(std::string_view body, std::optional<Request>& r,
                                               ServiceError& error) const {
  r = parse_request(body, error);
  if (!r) return std::nullopt;
  return resolve(catalog(), *r, today_(), error);
}

Response DecisionService::evaluate(std::string_view body) const {
  ServiceError error;
  std::optional<Request> r;
  auto at = begin(body, r, error);
  if (!at) return error_response(error);
  Rejections rejected;
  std::vector<HouseholdError> errors;
  auto households = read_households(*at->model, *r, body, rejected, errors, error);
  if (!households) return error_response(error);
  std::ostringstream out;
  RunInfo info{at->policy->path, at->date, at->policy->fingerprint};
  auto writer = make_result_writer(OutputFormat::json, *at->model, info, out);
  ResultsBuilder results(*at, *writer);
  results.run(*households, rejected, place_ids(*households, rejected, errors));
  writer->finish();
  bool any_rejected = !rejected.empty() || results.failed() > 0;
  return {any_rejected ? 422 : 200, out.str(), r->households};
}

Response DecisionService::explain(std::string_view body) const {
  ServiceError error;
  std::optional<Request> r;
  auto at = begin(body, r, error);
  if (!at) return error_response(error);
  const model::Model& m = *at->model;
  ExplainRequest request;
  request.date = at->date;
  if (r->output) {
    bool found = false;
    for (const auto& o : m.outputs) found |= o.name == *r->output;
    for (const auto& o : m.member_outputs) found |= o.name == *r->output;
    if (!found) return error_response({422, "unknown_output", fmt::format("the policy has no output '{}'", *r->output)});
    request.output = *r->output;
  }
  Rejections rejected;
  std::vector<HouseholdError> errors;
  auto households = read_households(m, *r, body, rejected, errors, error);
  if (!households) return error_response(error);
  auto ids = place_ids(*households, rejected, errors);
  Evaluator evaluator(m);
  evaluator.set_evaluation_date(at->day);
  Trace trace;
  evaluator.set_trace(&trace);
  std::string out = fmt::format("{{\n  \"policy\": {},\n  \"version\": {},\n  \"effective\": {},\n  \"date\": {},\n"
                                "  \"fingerprint\": {},\n  \"explanations\": [",
                                json_string(m.policy), json_string(m.version), json_string(m.effective_text),
                                json_string(at->date), json_string(at->policy->fingerprint));
  size_t next = 0;
  long total = static_cast<long>(households->size() + rejected.size());
  bool any_rejected = !rejected.empty();
  auto rejected_entry = [](const std::string& id, const std::vector<RejectionReason>& reasons) {
    ordered_json list = ordered_json::array();
    for (const auto& x : reasons) {
      ordered_json one = {{"field", x.field}};
      if (x.member > 0) one["member"] = x.member;
      one["reason"] = x.reason;
      list.push_back(one);
    }
    return ordered_json{{"id", id}, {"errors", list}}.dump();
  };
  for (long position = 1; position <= total; ++position) {
    out += position > 1 ? ",\n" : "\n";
    if (auto it = rejected.find(position); it != rejected.end()) {
      out += rejected_entry(ids[static_cast<size_t>(position - 1)], it->second);
      continue;
    }
    const Household& h = (*households)[next++];
    try {
      const auto& outputs = evaluator.evaluate(h);
      request.member_values = &evaluator.member_values();
      request.not_applicable = &evaluator.not_applicable();
      out += explain_json(m, h, trace, outputs, request);
    } catch (const EvaluationError& e) {
      out += rejected_entry(h.id, {{"", evaluation_reason(e)}});
      any_rejected = true;
    }
  }
  out += "\n  ]\n}\n";
  return {any_rejected ? 422 : 200, out, r->households};
}

Response DecisionService::whatif(std::string_view body) const {
  ServiceError error;
  std::optional<Request> r;
  auto at = begin(body, r, error);
  if (!at) return error_response(error);
  return whatif_response(*at, *r, body);
}

Response DecisionService::policies() const {
  auto c = catalog();
  ordered_json list = ordered_json::array();
  for (const auto& p : c->policies) list.push_back(policy_summary(p));
  return json_response(200, {{"generation", c->generation}, {"loaded_at", c->loaded_at}, {"policies", list}});
}

Response DecisionService::policy(const std::string& name, const std::string& date, const std::string& version) const {
  Request r;
  r.policy = name;
  if (!date.empty()) r.date = date;
  if (!version.empty()) r.version = version;
  ServiceError error;
  auto at = resolve(catalog(), r, today_(), error);
  if (!at) return error_response(error);
  ordered_json j = policy_detail(*at->policy, *at->model);
  j["date"] = at->date;
  return json_response(200, j);
}

Response DecisionService::policy_document(const std::string& name) const {
  auto c = catalog();
  const ServedPolicy* p = c->find(name);
  if (!p) return error_response({404, "unknown_policy", fmt::format("no policy '{}' is served (see /v1/policies)", name)});
  Response r;
  r.body = policy_document_html(p->set);
  r.content_type = "text/html; charset=utf-8";
  return r;
}

Response DecisionService::health() const {
  auto c = catalog();
  return json_response(200, {{"status", "ok"}, {"policies", c->policies.size()}, {"generation", c->generation},
                             {"loaded_at", c->loaded_at}});
}

}  // namespace doudi::service
