// Checker: syntax tree -> checked model. The second pass of the pipeline.
//
// It resolves every name, infers and checks every type and unit (money is not
// added to a count; money × ratio is money; money ÷ money is a ratio), fills
// every table from its rows and requires every cell its keys call for, puts
// every district in exactly one region group, rejects rules that depend on
// themselves (reporting the cycle as a path), and requires every output to be
// printable at its display scale without an unwritten rounding.
#pragma once

#include <map>
#include <memory>

#include "dsl/model.h"
#include "dsl/syntax.h"

namespace doudi {

// What a check may need beyond the file itself.
struct CheckContext {
  // The version in force just before this one (for previous(TABLE)), or null.
  const model::Model* previous = nullptr;
  // Series data files by the path written in the policy, already read by
  // the loader (a policy reads nothing else).
  std::map<std::string, std::shared_ptr<const SourceFile>> data_files;
};

// Checks `file`. Returns the model, or throws PolicyError with every
// diagnostic found (file:line:col, the line, a caret, the manual section).
model::Model check_policy(const syntax::PolicyFile& file, const CheckContext& context = {});

}  // namespace doudi
