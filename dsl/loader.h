// Loader: a policy path (one file, or a directory of version files) -> the
// checked versions of one policy, and the version in force on a date.
#pragma once

#include <string>
#include <vector>

#include "dsl/model.h"

namespace doudi {

// The checked versions of one policy, sorted by effective date.
struct PolicySet {
  std::string path;
  std::vector<model::Model> versions;

  // The version in force on `day` (the latest effective on or before it).
  // Throws PolicyError naming the earliest effective date when `day` is
  // before every version.
  const model::Model& in_force(int day) const;
};

// Parses and checks a policy file, or every *.doudi file of a directory (not
// recursing). Throws PolicyError with every diagnostic of every file. Versions
// of one directory must share the policy name and differ in effective date.
PolicySet load_policy(const std::string& path);

// Parses and checks policy text held in memory (`name` is used in messages).
model::Model load_policy_text(const std::string& name, const std::string& text);

}  // namespace doudi
