// Amendments: a version that `amends` an earlier one inherits everything it
// says and restates only what changed. The merge is done on syntax trees, so
// the merged version is checked as one file whose declarations keep the
// positions of the file that wrote them.
#pragma once

#include "dsl/syntax.h"

namespace doudi {

// `change` applied to `base` (itself already merged): the header is the
// change's; an enumeration, input, table, rule, output or series the change
// declares replaces the base's of the same name (new ones are added); region
// groups, when the change declares any, replace the base's all together (they
// partition the districts); `set` cells and `require`s accumulate. A table the
// change restates drops the base's `set`s on it.
syntax::PolicyFile amend(const syntax::PolicyFile& base, const syntax::PolicyFile& change);

}  // namespace doudi
