// Policy::Impl (include/doudi/policy.h), shared by the API's source files.
//
// Design note. An Impl holds the loaded PolicySet (shared by every Policy
// derived from it: version(), with_settings(), with_reform()) and the
// policy's fingerprint. A derived Policy is pinned to one model — a version
// of the set, or a changed version it owns — which every call uses whatever
// the date. Compiled batch programs are built on first use, once per model,
// under a mutex: the only state a const Policy changes, so concurrent
// evaluations are safe.
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>

#include "doudi/policy.h"
#include "dsl/loader.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/compiled/fast_eval.h"

namespace doudi::api {

// Evaluators (or batch evaluators) kept between calls, per model, so a call
// builds none: get() lends one, returned when its handle goes.
template <class T>
class SparePool {
 public:
  struct Deleter {
    SparePool* pool;
    const model::Model* m;
    void operator()(T* t) const { pool->put(m, t); }
  };
  using Lent = std::unique_ptr<T, Deleter>;

  template <class Make>
  Lent get(const model::Model& m, const Make& make) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      auto& list = free_[&m];
      if (!list.empty()) {
        T* t = list.back().release();
        list.pop_back();
        return Lent(t, Deleter{this, &m});
      }
    }
    return Lent(make(), Deleter{this, &m});
  }
  void put(const model::Model* m, T* t) {
    std::unique_ptr<T> owned(t);
    try {
      std::lock_guard<std::mutex> lock(mutex_);
      free_[m].push_back(std::move(owned));
    } catch (...) {  // out of memory: the spare is dropped
    }
  }

 private:
  std::mutex mutex_;
  std::map<const model::Model*, std::vector<std::unique_ptr<T>>> free_;
};

struct Policy::Impl {
  std::shared_ptr<const PolicySet> set;
  std::string fingerprint;
  std::shared_ptr<const model::Model> owned;  // a changed version (with_settings, with_reform)
  const model::Model* pinned = nullptr;       // every call uses this model, when set

  mutable std::mutex mutex;
  mutable std::map<const model::Model*, std::shared_ptr<const fast::Program>> programs;
  mutable SparePool<Evaluator> evaluators;
  mutable SparePool<fast::BatchEvaluator> batches;

  // The model for `date`: the pinned one (after checking the date), or the
  // version in force; invalid_argument for a bad date or one before the
  // first version.
  Result<const model::Model*> in_force(std::string_view date) const;
  std::shared_ptr<const fast::Program> program(const model::Model& m) const;

  // An Evaluator / a BatchEvaluator (with the compiled program) for `m`.
  SparePool<Evaluator>::Lent evaluator(const model::Model& m) const {
    return evaluators.get(m, [&] { return new Evaluator(m); });
  }
  SparePool<fast::BatchEvaluator>::Lent batch(const model::Model& m) const {
    return batches.get(m, [&] { return new fast::BatchEvaluator(m, program(m)); });
  }
};

// Wraps an Impl the API made (load, version(), with_*) in a Policy.
struct PolicyAccess {
  static Policy make(std::shared_ptr<const Policy::Impl> impl) { return Policy(std::move(impl)); }
  static const Policy::Impl& impl(const Policy& p) { return *p.impl_; }
};

}  // namespace doudi::api
