// Household: the facts a policy is evaluated on, slot by slot (the file
// readers that make them are in interpreter/formats/household_file.h).
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/exact.h"

namespace doudi {

struct Household {
  std::string id;
  bool id_given = false;  // the file gave the id (else it is the household's place)
  // The texts of the columns passed through to the output (--extra-columns
  // pass), in the header's order; empty otherwise.
  std::vector<std::string> extra;
  // Where it was read, for messages: the file, and the CSV line (or, for
  // YAML/JSON, 0 and the position in the document). See describe().
  std::shared_ptr<const std::string> file;
  long line = 0;
  long position = 0;
  // Indexed like Model::inputs; only household-scope slots are used here,
  // and only member-scope slots in `members`. nullopt: not given (the input's
  // default applies).
  std::vector<std::optional<Exact>> inputs;
  std::vector<std::vector<std::optional<Exact>>> members;
};

// "households.csv: line 12 (id 7)" or "households.yaml: household 2 (id h2)".
std::string describe(const Household& h);

}  // namespace doudi
