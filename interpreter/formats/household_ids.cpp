// A compact exact set of ids (see household_ids.h).
#include "interpreter/formats/household_ids.h"

#include <cstring>
#include <functional>

#include <fmt/format.h>

namespace doudi {

std::string_view HouseholdIds::at(uint64_t offset) const {
  uint32_t length;
  std::memcpy(&length, arena_.data() + offset, sizeof length);
  return std::string_view(arena_.data() + offset + sizeof length, length);
}

void HouseholdIds::grow() {
  std::vector<uint64_t> old = std::move(table_);
  table_.assign(old.empty() ? 1024 : old.size() * 2, 0);
  size_t mask = table_.size() - 1;
  for (uint64_t offset : old) {
    if (offset == 0) continue;
    size_t slot = std::hash<std::string_view>{}(at(offset)) & mask;
    while (table_[slot] != 0) slot = (slot + 1) & mask;
    table_[slot] = offset;
  }
}

bool HouseholdIds::insert(std::string_view id) {
  if ((count_ + 1) * 2 > table_.size()) grow();
  size_t mask = table_.size() - 1;
  size_t slot = std::hash<std::string_view>{}(id) & mask;
  while (table_[slot] != 0) {
    if (at(table_[slot]) == id) return false;
    slot = (slot + 1) & mask;
  }
  uint64_t offset = arena_.size();
  uint32_t length = static_cast<uint32_t>(id.size());
  arena_.append(reinterpret_cast<const char*>(&length), sizeof length);
  arena_.append(id);
  table_[slot] = offset;
  ++count_;
  return true;
}

std::string duplicate_id_message(std::string_view id) {
  return fmt::format("the id '{}' was given to an earlier household of this run: each household is "
                     "given once (this one is not evaluated)", id);
}

}  // namespace doudi
