// A number written as data — a table cell in a policy file, a value in a
// series data file — against the type its table or series declares: an
// integer holds whole numbers, money at most 2 digits after the point (fen),
// decimal(N) at most N. One check for both, so a series cannot hold what a
// table refuses (a money series once took 1.005, an integer series 2.5).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/exact.h"
#include "dsl/model.h"

namespace doudi {

// Why `value` (written as `text`) does not fit `kind` with `declared_scale`
// digits (-1: not given); nullopt when it fits. `what` names the holder in
// the message: "table", "series".
std::optional<std::string> cell_type_problem(model::TypeKind kind, int declared_scale, std::string_view text,
                                             const Exact& value, const char* what);

}  // namespace doudi
