// Household: where a household was read, in words, for messages.
#include "interpreter/evaluation/household.h"

#include <fmt/format.h>

namespace doudi {

std::string describe(const Household& h) {
  std::string file = h.file ? *h.file : std::string("<household>");
  if (h.line > 0) return fmt::format("{}: line {} (id {})", file, h.line, h.id);
  return fmt::format("{}: household {} (id {})", file, h.position, h.id);
}

}  // namespace doudi
