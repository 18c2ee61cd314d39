// Version selection: the checked versions of one policy, and the one in
// force on a date (the latest effective on or before it, unless it ended).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "dsl/model.h"
#include "dsl/syntax.h"

namespace doudi {

// The checked versions of one policy, sorted by effective date.
struct PolicySet {
  std::string path;
  std::vector<model::Model> versions;
  // Each version's merged syntax (what its amendments add up to), kept so a
  // reform can amend a version (see load_reform).
  std::vector<std::shared_ptr<const syntax::PolicyFile>> merged;

  // The version in force on `day` (the latest effective on or before it).
  // Throws PolicyError naming the earliest effective date when `day` is
  // before every version.
  const model::Model& in_force(int day) const;
};

}  // namespace doudi
