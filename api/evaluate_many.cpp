// Policy::evaluate_many (doudi/policy.h): many households through the
// compiled batch evaluator, on a WorkerPool.
//
// Design note. The households are cut into batches of fast::kBatchRows; task
// w of the pool takes batches w, w + tasks, …, with its own BatchEvaluator,
// and writes only its own results. Each household is read for the model
// (to_household) first; a bad one is an error with its place (row i + 1).
// A policy with per-member outputs takes the exact evaluator, which gives
// them.
#include <algorithm>

#include "api/evaluation.h"
#include "api/households.h"
#include "api/policy_impl.h"
#include "api/status.h"
#include "base/date.h"
#include "interpreter/formats/household_ids.h"

namespace doudi::api {
namespace {

Status internal_status(const char* what) {
  return Status(StatusCode::evaluation_error, std::string("internal error: ") + what);
}

// A result whose household's (non-empty) id an earlier evaluated household
// of the list has becomes a household error in its place, as `doudi run`
// rejects it (only evaluated households count, as there).
void reject_repeated_ids(const std::vector<Household>& households, std::vector<Result<Evaluation>>& results) {
  HouseholdIds seen;
  for (size_t i = 0; i < households.size(); ++i) {
    const std::string& id = households[i].id;
    if (!results[i].ok() || id.empty() || seen.insert(id)) continue;
    results[i] = Status(StatusCode::household_error, "household " + id + ": field 'id': " + duplicate_id_message(id),
                        ErrorPlace{id, static_cast<long>(i) + 1, "id", duplicate_id_message(id)});
  }
}

struct BatchJob {
  const model::Model& m;
  const std::string& fingerprint;
  std::shared_ptr<const fast::Program> program;
  const std::vector<Household>& households;
  std::vector<Result<Evaluation>>& results;
  std::optional<int> day;

  // Reads households [start, end) into `inputs`; `index` gets the place of each one read.
  void read(size_t start, size_t end, std::vector<doudi::Household>& inputs, std::vector<size_t>& index) {
    inputs.resize(end - start);
    index.clear();
    size_t k = 0;
    for (size_t i = start; i < end; ++i) {
      try {
        Status s = to_household(m, households[i], inputs[k], static_cast<long>(i) + 1);
        if (s.ok()) {
          index.push_back(i);
          ++k;
          continue;
        }
        results[i] = with_place(std::move(s), households[i].id, static_cast<long>(i) + 1);
      } catch (const std::exception& e) {
        results[i] = internal_status(e.what());
      }
    }
    inputs.resize(k);
  }

  Result<Evaluation> failed(size_t i, const doudi::Household& h, const EvaluationError& e) {
    return with_place(evaluation_status(h, e), households[i].id, static_cast<long>(i) + 1);
  }

  void exact(Evaluator& evaluator, const std::vector<doudi::Household>& inputs, const std::vector<size_t>& index) {
    for (size_t k = 0; k < index.size(); ++k) {
      try {
        const auto& values = evaluator.evaluate(inputs[k]);
        results[index[k]] = evaluation(m, inputs[k].id, fingerprint, values, &evaluator.member_values(),
                                       &evaluator.not_applicable());
      } catch (const doudi::EvaluationError& e) {
        results[index[k]] = failed(index[k], inputs[k], e);
      } catch (const std::exception& e) {
        results[index[k]] = internal_status(e.what());
      }
    }
  }

  void run(size_t w, size_t tasks) {
    fast::BatchEvaluator batch(m, program);
    batch.set_evaluation_date(day);
    std::unique_ptr<Evaluator> evaluator;
    std::vector<doudi::Household> inputs;
    std::vector<size_t> index;
    std::vector<fast::BatchEvaluator::Outcome> outcomes;
    size_t n = households.size();
    for (size_t start = w * fast::kBatchRows; start < n; start += tasks * fast::kBatchRows) {
      read(start, std::min(n, start + fast::kBatchRows), inputs, index);
      if (!m.member_outputs.empty()) {  // per-member values come from the exact evaluator
        if (!evaluator) {
          evaluator = std::make_unique<Evaluator>(m);
          evaluator->set_evaluation_date(day);
        }
        exact(*evaluator, inputs, index);
        continue;
      }
      try {
        batch.evaluate(inputs, outcomes);
        for (size_t k = 0; k < index.size(); ++k) {
          auto& o = outcomes[k];
          results[index[k]] = o.error ? failed(index[k], inputs[k], *o.error)
                                      : Result<Evaluation>(evaluation(m, inputs[k].id, fingerprint, o.outputs,
                                                                      nullptr, &o.not_applicable));
        }
      } catch (const std::exception& e) {
        for (size_t k : index) results[k] = internal_status(e.what());
      }
    }
  }
};

}  // namespace

std::vector<Result<Evaluation>> Policy::evaluate_many(const std::vector<Household>& households,
                                                      std::string_view date, int threads) const {
  return evaluate_many(households, date, WorkerPool::shared(), threads);
}

std::vector<Result<Evaluation>> Policy::evaluate_many(const std::vector<Household>& households,
                                                      std::string_view date, WorkerPool& pool,
                                                      int threads) const {
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
  size_t tasks = static_cast<size_t>(threads > 0 ? std::min(threads, pool.threads()) : pool.threads());
  tasks = std::max<size_t>(1, std::min(tasks, (n + fast::kBatchRows - 1) / fast::kBatchRows));
  BatchJob job{m, impl_->fingerprint, program, households, results, parse_date(date)};
  pool.run(tasks, [&](size_t w) {
    try {
      job.run(w, tasks);
    } catch (const std::exception& e) {  // e.g. out of memory: this task's rows say so
      for (size_t i = w * fast::kBatchRows; i < n; i += tasks * fast::kBatchRows)
        for (size_t k = i; k < std::min(n, i + fast::kBatchRows); ++k) results[k] = internal_status(e.what());
    }
  });
  reject_repeated_ids(households, results);
  return results;
}

}  // namespace doudi::api
