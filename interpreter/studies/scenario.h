// The scenario of a what-if in words: each figure the alternative changes,
// old → new, with its table (or rule) and source, found by comparing the two
// checked versions (so --set, a reform file and --against read alike).
#pragma once

#include <string>
#include <vector>

#include "dsl/model.h"

namespace doudi {

struct ScenarioChange {
  std::string what;    // "低保标准 dibao_standard[一类地区, urban]", "rule floor 保底金额"
  std::string before;  // "630", "n/a", "—" (not in the baseline), or a rule's text
  std::string after;
  std::string source;  // the table's (or rule's) sources in the alternative, "; "-joined; "" when none
};

// Every table cell whose value differs (a cell of the alternative matched to
// the baseline's cell for the same situation: dsl/version_compare.h), every
// table only in the alternative, and every rule whose text differs (a rule
// needing no household shown by its value). In the alternative's order.
std::vector<ScenarioChange> scenario_changes(const model::Model& before, const model::Model& after);

}  // namespace doudi
