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
#include "interpreter/evaluator.h"
#include "interpreter/fast_eval.h"

namespace doudi::api {

struct Policy::Impl {
  std::shared_ptr<const PolicySet> set;
  std::string fingerprint;
  std::shared_ptr<const model::Model> owned;  // a changed version (with_settings, with_reform)
  const model::Model* pinned = nullptr;       // every call uses this model, when set

  mutable std::mutex mutex;
  mutable std::map<const model::Model*, std::shared_ptr<const fast::Program>> programs;
  // Evaluators kept between calls, so evaluate() builds none (see borrow()).
  mutable std::map<const model::Model*, std::vector<std::unique_ptr<Evaluator>>> spare;

  // The model for `date`: the pinned one (after checking the date), or the
  // version in force; invalid_argument for a bad date or one before the
  // first version.
  Result<const model::Model*> in_force(std::string_view date) const;
  std::shared_ptr<const fast::Program> program(const model::Model& m) const;

  // An Evaluator for `m`, returned to the spares when the handle goes.
  struct Deleter {
    const Impl* impl;
    const model::Model* m;
    void operator()(Evaluator* e) const;
  };
  using Borrowed = std::unique_ptr<Evaluator, Deleter>;
  Borrowed borrow(const model::Model& m) const;
};

// Wraps an Impl the API made (load, version(), with_*) in a Policy.
struct PolicyAccess {
  static Policy make(std::shared_ptr<const Policy::Impl> impl) { return Policy(std::move(impl)); }
  static const Policy::Impl& impl(const Policy& p) { return *p.impl_; }
};

}  // namespace doudi::api
