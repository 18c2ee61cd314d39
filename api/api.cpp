// Policy (include/doudi/policy.h): the loaded versions behind the public API.
//
// Design note. Policy::Impl owns the PolicySet and, per version, the compiled
// batch program, built on first use under std::call_once — the only state a
// const Policy changes, so concurrent evaluations are safe. Each call makes
// its own Evaluator (per-household scratch) or BatchEvaluators (one per
// worker thread, sharing the program). The date of a call picks the version
// in force; every exception of the pipeline is caught here and becomes a
// Status, so none reaches a caller.
#include <filesystem>
#include <mutex>
#include <thread>

#include "api/households.h"
#include "api/status.h"
#include "doudi/policy.h"
#include "base/date.h"
#include "dsl/loader.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/studies/explain.h"
#include "interpreter/compiled/fast_eval.h"
#include "interpreter/formats/value.h"

namespace doudi::api {

struct Policy::Impl {
  PolicySet set;
  std::unique_ptr<std::once_flag[]> compiled;
  mutable std::vector<std::shared_ptr<const fast::Program>> programs;

  explicit Impl(PolicySet s)
      : set(std::move(s)), compiled(new std::once_flag[set.versions.size()]), programs(set.versions.size()) {}

  // The version in force on `date`, or invalid_argument.
  Result<const model::Model*> in_force(std::string_view date) const {
    auto day = parse_date(date);
    if (!day) {
      std::string message = "'";  // appended, not `"'" + …`, which GCC 12 wrongly warns about (-Wrestrict)
      message.append(date).append("' is not a date written YYYY-MM-DD");
      return Status(StatusCode::invalid_argument, std::move(message));
    }
    try {
      return &set.in_force(*day);
    } catch (const doudi::PolicyError& e) {
      Status s = policy_status(e);
      return Status(StatusCode::invalid_argument, s.diagnostics().empty() ? s.message() : s.diagnostics()[0].message);
    }
  }

  std::shared_ptr<const fast::Program> program(const model::Model& m) const {
    size_t v = static_cast<size_t>(&m - set.versions.data());
    std::call_once(compiled[v], [&] { programs[v] = std::make_shared<const fast::Program>(fast::compile_program(m)); });
    return programs[v];
  }
};

namespace {

VersionInfo version_info(const model::Model& m) {
  return VersionInfo{m.policy, m.version, m.effective_text, m.file ? m.file->path : ""};
}

Evaluation evaluation(const model::Model& m, const std::string& id, const std::vector<Exact>& values,
                      const std::vector<std::vector<MemberValue>>* members = nullptr) {
  Evaluation e{id, m.version, {}, {}};
  e.outputs.reserve(m.outputs.size());
  auto value = [&](const std::string& name, const model::Type& type, int scale, const Exact& x) {
    OutputValue v{name, format_value(m, type, x, scale), std::nullopt};
    if (type.is_numeric()) v.number = Decimal::parse(v.text);
    return v;
  };
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    e.outputs.push_back(value(o.name, o.type, o.scale, values[i]));
  }
  for (size_t i = 0; i < m.member_outputs.size(); ++i) {
    const auto& o = m.member_outputs[i];
    MemberOutputValues out{o.name, {}, {}};
    if (members && i < members->size())
      for (const auto& mv : (*members)[i]) {
        out.members.push_back(static_cast<size_t>(mv.member));
        out.values.push_back(value(o.name, o.type, o.scale, mv.value));
      }
    e.member_outputs.push_back(std::move(out));
  }
  return e;
}

Status internal_status(const char* what) {
  return Status(StatusCode::evaluation_error, std::string("internal error: ") + what);
}

}  // namespace

const OutputValue* Evaluation::find(std::string_view name) const {
  for (const auto& o : outputs)
    if (o.name == name) return &o;
  return nullptr;
}

Result<Policy> Policy::load(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return Status(StatusCode::io_error, path + ": no such file or directory");
  try {
    return Policy(std::make_shared<const Impl>(load_policy(path)));
  } catch (const doudi::PolicyError& e) {
    return policy_status(e);
  } catch (const std::exception& e) {
    return Status(StatusCode::io_error, path + ": " + e.what());
  }
}

Result<Policy> Policy::load_text(const std::string& name, const std::string& text) {
  try {
    PolicySet set;
    set.path = name;
    set.versions.push_back(load_policy_text(name, text));
    return Policy(std::make_shared<const Impl>(std::move(set)));
  } catch (const doudi::PolicyError& e) {
    return policy_status(e);
  } catch (const std::exception& e) {
    return Status(StatusCode::policy_error, name + ": " + e.what());
  }
}

std::vector<VersionInfo> Policy::versions() const {
  std::vector<VersionInfo> out;
  for (const auto& m : impl_->set.versions) out.push_back(version_info(m));
  return out;
}

Result<VersionInfo> Policy::version_in_force(std::string_view date) const {
  auto m = impl_->in_force(date);
  if (!m.ok()) return m.status();
  return version_info(**m);
}

Result<std::vector<FieldInfo>> Policy::inputs(std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  std::vector<FieldInfo> out;
  for (const auto& in : m.inputs) {
    FieldInfo f{in.name, in.label, model::type_name(m, in.type), in.scope == model::Scope::member,
                in.default_value.has_value(), {}, in.type.is_numeric() ? in.type.scale : 0};
    if (in.type.kind == model::TypeKind::enumeration)
      for (const auto& v : m.enums[static_cast<size_t>(in.type.enumeration)].values) f.values.push_back(v.name);
    out.push_back(std::move(f));
  }
  return out;
}

Result<std::vector<FieldInfo>> Policy::outputs(std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  std::vector<FieldInfo> out;
  for (const auto& o : m.outputs) {
    FieldInfo f{o.name, o.label, model::type_name(m, o.type), false, false, {}, o.scale};
    if (o.type.kind == model::TypeKind::enumeration)
      for (const auto& v : m.enums[static_cast<size_t>(o.type.enumeration)].values) f.values.push_back(v.name);
    out.push_back(std::move(f));
  }
  return out;
}

Result<Evaluation> Policy::evaluate(const Household& h, std::string_view date) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  doudi::Household household;
  try {
    Status s = to_household(m, h, household);
    if (!s.ok()) return s;
    Evaluator evaluator(m);
    evaluator.set_evaluation_date(parse_date(date));  // what rules see as evaluation_date
    const auto& values = evaluator.evaluate(household);
    return evaluation(m, h.id, values, &evaluator.member_values());
  } catch (const doudi::EvaluationError& e) {
    return evaluation_status(household, e);
  } catch (const std::exception& e) {
    return internal_status(e.what());
  }
}

std::vector<Result<Evaluation>> Policy::evaluate_many(const std::vector<Household>& households,
                                                      std::string_view date, int threads) const {
  auto found = impl_->in_force(date);
  if (!found.ok()) return std::vector<Result<Evaluation>>(households.size(), found.status());
  const model::Model& m = **found;
  std::vector<Result<Evaluation>> results(households.size(), Status(StatusCode::evaluation_error, "not evaluated"));
  std::shared_ptr<const fast::Program> program;
  try {
    program = impl_->program(m);
  } catch (const std::exception& e) {
    return std::vector<Result<Evaluation>>(households.size(), internal_status(e.what()));
  }
  size_t n = households.size();
  size_t workers = threads > 0 ? static_cast<size_t>(threads) : std::max(1u, std::thread::hardware_concurrency());
  workers = std::max<size_t>(1, std::min(workers, (n + fast::kBatchRows - 1) / fast::kBatchRows));
  // Worker w takes batches w, w + workers, …; each writes only its own results.
  auto work = [&](size_t w) {
    fast::BatchEvaluator batch(m, program);
    batch.set_evaluation_date(parse_date(date));
    std::vector<doudi::Household> inputs;
    std::vector<size_t> index;
    std::vector<fast::BatchEvaluator::Outcome> outcomes;
    for (size_t start = w * fast::kBatchRows; start < n; start += workers * fast::kBatchRows) {
      inputs.clear();
      index.clear();
      for (size_t i = start; i < std::min(n, start + fast::kBatchRows); ++i) {
        inputs.emplace_back();
        try {
          Status s = to_household(m, households[i], inputs.back());
          if (s.ok()) {
            index.push_back(i);
            continue;
          }
          results[i] = s;
        } catch (const std::exception& e) {
          results[i] = internal_status(e.what());
        }
        inputs.pop_back();
      }
      if (!m.member_outputs.empty()) {  // per-member values come from the exact evaluator
        Evaluator exact(m);
        exact.set_evaluation_date(parse_date(date));
        for (size_t k = 0; k < index.size(); ++k) {
          try {
            const auto& values = exact.evaluate(inputs[k]);
            results[index[k]] = evaluation(m, inputs[k].id, values, &exact.member_values());
          } catch (const doudi::EvaluationError& e) {
            results[index[k]] = evaluation_status(inputs[k], e);
          } catch (const std::exception& e) {
            results[index[k]] = internal_status(e.what());
          }
        }
        continue;
      }
      try {
        batch.evaluate(inputs, outcomes);
        for (size_t k = 0; k < index.size(); ++k) {
          auto& o = outcomes[k];
          results[index[k]] = o.error ? Result<Evaluation>(evaluation_status(inputs[k], *o.error))
                                      : Result<Evaluation>(evaluation(m, inputs[k].id, o.outputs));
        }
      } catch (const std::exception& e) {
        for (size_t k : index) results[k] = internal_status(e.what());
      }
    }
  };
  if (workers == 1) {
    work(0);
  } else {
    std::vector<std::thread> pool;
    for (size_t w = 0; w < workers; ++w) pool.emplace_back(work, w);
    for (auto& t : pool) t.join();
  }
  return results;
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
    if (!s.ok()) return s;
    Evaluator evaluator(m);
    evaluator.set_evaluation_date(parse_date(date));
    Trace trace;
    evaluator.set_trace(&trace);
    const auto& values = evaluator.evaluate(household);
    return Explanation{explain_text(m, household, trace, values, request),
                       explain_json(m, household, trace, values, request)};
  } catch (const doudi::EvaluationError& e) {
    return evaluation_status(household, e);
  } catch (const std::exception& e) {
    return internal_status(e.what());
  }
}

}  // namespace doudi::api
