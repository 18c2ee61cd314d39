// Loader: a policy path (one file, or a directory of version files) -> the
// checked versions of one policy (dsl/in_force.h picks the one in force;
// dsl/reform.h applies a reform to one).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "dsl/in_force.h"
#include "dsl/model.h"
#include "dsl/reform.h"
#include "dsl/syntax.h"

namespace doudi {

// Parses and checks a policy file, or every *.doudi file of a directory (not
// recursing). Throws PolicyError with every diagnostic of every file. Versions
// of one directory must share the policy name and differ in effective date.
PolicySet load_policy(const std::string& path);

// Parses and checks policy text held in memory (`name` is used in messages).
model::Model load_policy_text(const std::string& name, const std::string& text);

}  // namespace doudi
