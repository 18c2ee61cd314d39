// Version selection (see in_force.h).
#include "dsl/in_force.h"

#include <fmt/format.h>

#include "base/date.h"

namespace doudi {

const model::Model& PolicySet::in_force(int day) const {
  const model::Model* found = nullptr;
  for (const auto& v : versions)
    if (v.effective <= day) found = &v;
  if (!found) {
    throw PolicyError{{{file_position(path),
                        fmt::format("no version of policy '{}' is in force on {}: the earliest "
                                    "takes effect on {}",
                                    versions.front().policy, format_date(day),
                                    versions.front().effective_text),
                        ""}}};
  }
  if (found->ends && *found->ends < day) {
    throw PolicyError{{{found->effective_position,
                        fmt::format("no version of policy '{}' is in force on {}: version {} "
                                    "ended on {} and no later version takes over",
                                    found->policy, format_date(day), found->version,
                                    format_date(*found->ends)),
                        "Versions"}}};
  }
  return *found;
}

}  // namespace doudi
