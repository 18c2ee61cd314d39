// The household ids a run has seen, so a second household with the same id
// is rejected instead of passing silently.
//
// Design note. A run may read millions of rows, so the set is compact: the
// ids' bytes in one arena (each behind its length) and an open-addressing
// table of offsets into it, about len + 20 bytes an id, exact (no id is taken
// for another on a hash collision). It is used by the thread that writes rows
// in input order, so "the second and later" is the same whatever the number
// of threads.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace doudi {

class HouseholdIds {
 public:
  // True when `id` is new (and now remembered); false when seen before.
  bool insert(std::string_view id);
  size_t size() const { return count_; }

 private:
  std::string_view at(uint64_t offset) const;
  void grow();

  std::string arena_ = std::string(1, '\0');  // offset 0 is "empty"
  std::vector<uint64_t> table_;               // arena offsets; 0: free
  size_t count_ = 0;
};

// The message for a household whose id an earlier one already has.
std::string duplicate_id_message(std::string_view id);

}  // namespace doudi
