// Policy (include/doudi/policy.h): loading, versions, changed versions,
// evaluation and explanations behind the public API.
//
// Design note. Every call picks its model through Impl::in_force (the
// version in force on the date, or the pinned one), reads the household for
// that model, and evaluates it with a lent BatchEvaluator (the compiled
// program; Evaluator for per-member outputs, api/policy_impl.h)
// or, for many, the compiled batch evaluator on a WorkerPool. Every
// exception of the pipeline is caught here and becomes a Status, so none
// reaches a caller.
#include <algorithm>
#include <filesystem>

#include "api/evaluation.h"
#include "api/households.h"
#include "api/policy_impl.h"
#include "api/status.h"
#include "base/date.h"
#include "dsl/reform.h"
#include "dsl/settings.h"
#include "interpreter/formats/metadata.h"
#include "interpreter/studies/explain.h"
#include "interpreter/studies/whatif.h"

namespace doudi::api {

namespace {

Status date_status(std::string_view date) {
  std::string message = "'";  // appended, not `"'" + …`, which GCC 12 wrongly warns about (-Wrestrict)
  message.append(date).append("' is not a date written YYYY-MM-DD");
  return Status(StatusCode::invalid_argument, std::move(message));
}

Status internal_status(const char* what) {
  return Status(StatusCode::evaluation_error, std::string("internal error: ") + what);
}

Policy wrap(std::shared_ptr<PolicySet> set) {
  auto impl = std::make_shared<Policy::Impl>();
  impl->fingerprint = metadata::policy_fingerprint(*set);
  impl->set = std::move(set);
  return PolicyAccess::make(std::move(impl));
}

// A Policy pinned to `m` (a version of `base`'s set, or `owned`).
Policy pinned(const Policy::Impl& base, const model::Model* m, std::shared_ptr<const model::Model> owned,
              std::string fingerprint) {
  auto impl = std::make_shared<Policy::Impl>();
  impl->set = base.set;
  impl->fingerprint = std::move(fingerprint);
  impl->owned = std::move(owned);
  impl->pinned = impl->owned ? impl->owned.get() : m;
  return PolicyAccess::make(std::move(impl));
}

}  // namespace

const char* version() { return DOUDI_VERSION; }

Result<const model::Model*> Policy::Impl::in_force(std::string_view date) const {
  auto day = parse_date(date);
  if (!day) return date_status(date);
  if (pinned) return pinned;
  try {
    return &set->in_force(*day);
  } catch (const doudi::PolicyError& e) {
    Status s = policy_status(e);
    return Status(StatusCode::invalid_argument, s.diagnostics().empty() ? s.message() : s.diagnostics()[0].message);
  }
}

std::shared_ptr<const fast::Program> Policy::Impl::program(const model::Model& m) const {
  std::lock_guard<std::mutex> lock(mutex);  // compiled once per model
  auto& p = programs[&m];
  if (!p) p = std::make_shared<const fast::Program>(fast::compile_program(m));
  return p;
}

const OutputValue* Evaluation::find(std::string_view name) const {
  for (const auto& o : outputs)
    if (o.name == name) return &o;
  return nullptr;
}

Result<Policy> Policy::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status(StatusCode::io_error, path + ": no such file or directory");
  try {
    return wrap(std::make_shared<PolicySet>(load_policy(path)));
  } catch (const doudi::PolicyError& e) {
    return policy_status(e);
  } catch (const std::exception& e) {
    return Status(StatusCode::io_error, path + ": " + e.what());
  }
}

Result<Policy> Policy::load_text(const std::string& name, const std::string& text) {
  try {
    auto set = std::make_shared<PolicySet>();
    set->path = name;
    set->versions.push_back(load_policy_text(name, text));
    return wrap(std::move(set));
  } catch (const doudi::PolicyError& e) {
    return policy_status(e);
  } catch (const std::exception& e) {
    return Status(StatusCode::policy_error, name + ": " + e.what());
  }
}

std::vector<VersionInfo> Policy::versions() const {
  std::vector<VersionInfo> out;
  for (const auto& m : impl_->set->versions) out.push_back(version_info(m));
  return out;
}

const std::string& Policy::fingerprint() const { return impl_->fingerprint; }

Result<VersionInfo> Policy::version_in_force(std::string_view date) const {
  auto m = impl_->in_force(date);
  if (!m.ok()) return m.status();
  return version_info(**m);
}

Result<Policy> Policy::version(std::string_view name) const {
  std::string known;
  for (const auto& m : impl_->set->versions) {
    if (m.version == name) return pinned(*impl_, &m, nullptr, impl_->fingerprint);
    known += (known.empty() ? "" : ", ") + m.version;
  }
  return Status(StatusCode::invalid_argument,
                "the policy has no version '" + std::string(name) + "' (it has " + known + ")");
}

Result<Policy> Policy::with_settings(std::string_view date, const Settings& settings) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  try {
    std::vector<Setting> list;
    std::string text;
    for (const auto& s : settings) {
      list.push_back(parse_setting(s));
      text += s + "\n";
    }
    auto changed = std::make_shared<const model::Model>(apply_settings(*impl_->set, **found, list));
    return pinned(*impl_, nullptr, std::move(changed), metadata::changed_fingerprint(impl_->fingerprint, "set\n" + text));
  } catch (const WhatIfError& e) {
    return Status(StatusCode::invalid_argument, e.what());
  } catch (const doudi::PolicyError& e) {
    return policy_status(e);
  } catch (const std::exception& e) {
    return internal_status(e.what());
  }
}

Result<Policy> Policy::with_reform(std::string_view date, const std::string& reform_text,
                                   const std::string& name) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  try {
    auto changed = std::make_shared<const model::Model>(load_reform_text(*impl_->set, **found, name, reform_text));
    return pinned(*impl_, nullptr, std::move(changed),
                  metadata::changed_fingerprint(impl_->fingerprint, "reform\n" + reform_text));
  } catch (const doudi::PolicyError& e) {
    return policy_status(e);
  } catch (const std::exception& e) {
    return internal_status(e.what());
  }
}

Result<Evaluation> Policy::evaluate(const Household& h, std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  // Storage reused from call to call: one household, one outcome.
  thread_local std::vector<doudi::Household> one(1);
  thread_local std::vector<fast::BatchEvaluator::Outcome> outcome;
  doudi::Household& household = one[0];
  try {
    Status s = to_household(m, h, household);
    if (!s.ok()) return with_place(std::move(s), h.id, 0);
    auto day = parse_date(date);  // what rules see as evaluation_date
    if (m.member_outputs.empty()) {  // the compiled program (Evaluator's results, exactly)
      auto batch = impl_->batch(m);
      batch->set_evaluation_date(day);
      batch->evaluate(one, outcome);
      if (outcome[0].error) return evaluation_status(household, *outcome[0].error);
      return evaluation(m, h.id, impl_->fingerprint, outcome[0].outputs, nullptr, &outcome[0].not_applicable);
    }
    auto evaluator = impl_->evaluator(m);  // per-member values come from the exact evaluator
    evaluator->set_evaluation_date(day);
    const auto& values = evaluator->evaluate(household);
    return evaluation(m, h.id, impl_->fingerprint, values, &evaluator->member_values(),
                      &evaluator->not_applicable());
  } catch (const doudi::EvaluationError& e) {
    return evaluation_status(household, e);
  } catch (const std::exception& e) {
    return internal_status(e.what());
  }
}

Result<Explanation> Policy::explain(const Household& h, std::string_view date, std::string_view output) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  ExplainRequest request{std::nullopt, std::string(date)};
  if (!output.empty()) {
    bool known = false;
    for (const auto& o : m.outputs) known |= o.name == output;
    if (!known) return Status(StatusCode::invalid_argument, "the policy has no output '" + std::string(output) + "'");
    request.output = std::string(output);
  }
  doudi::Household household;
  try {
    Status s = to_household(m, h, household);
    if (!s.ok()) return with_place(std::move(s), h.id, 0);
    Evaluator evaluator(m);
    evaluator.set_evaluation_date(parse_date(date));
    Trace trace;
    evaluator.set_trace(&trace);
    const auto& values = evaluator.evaluate(household);
    request.member_values = &evaluator.member_values();
    request.not_applicable = &evaluator.not_applicable();
    return Explanation{explain_text(m, household, trace, values, request),
                       explain_json(m, household, trace, values, request)};
  } catch (const doudi::EvaluationError& e) {
    return evaluation_status(household, e);
  } catch (const std::exception& e) {
    return internal_status(e.what());
  }
}

}  // namespace doudi::api
