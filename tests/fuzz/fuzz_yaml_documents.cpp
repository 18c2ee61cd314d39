// libFuzzer target: YAML household files with several documents, repeated
// keys, anchors and aliases. The input is a list of edits applied to a good
// file (a line copied after itself — a repeated key —, a `---` or `...`
// document marker, an anchor, an alias, a merge key, a tab or a stray
// colon at a line's start), so every run is a plausible file with a few of
// the things F6 and F7 were about. The file is read as `doudi run` reads it:
// a second document or a repeated key must be an error at its line, never a
// crash, a hang or a household read twice.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "dsl/loader.h"
#include "interpreter/formats/household_file.h"

namespace {
const doudi::model::Model& policy() {
  static doudi::PolicySet set = doudi::load_policy(DOUDI_SOURCE_DIR "/policies/jining");
  return set.versions.back();
}
std::vector<std::string> lines() {
  std::ifstream in(DOUDI_SOURCE_DIR "/tests/fuzz/corpus/yaml/jining.yaml", std::ios::binary);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> good = lines();
  static const char* inserts[] = {"---", "...", "- &a {id: anchor, district: 任城区, hukou: urban, members: 1}",
                                  "- *a", "  <<: *a", "\t", ": x", "households:", "%YAML 1.2"};
  std::vector<std::string> text = good;
  for (size_t i = 0; i + 1 < size && i < 32; i += 2) {
    size_t at = data[i] % (text.size() + 1);
    unsigned what = data[i + 1];
    if (what % 2 == 0 && at < text.size()) {
      text.insert(text.begin() + static_cast<long>(at) + 1, text[at]);  // the line again: a repeated key
    } else {
      text.insert(text.begin() + static_cast<long>(at), inserts[(what / 2) % (sizeof inserts / sizeof inserts[0])]);
    }
  }
  std::string joined;
  for (const auto& l : text) joined += l + "\n";
  std::string path = "/tmp/doudi_fuzz_documents_" + std::to_string(getpid()) + ".yaml";
  std::ofstream(path, std::ios::binary) << joined;
  std::vector<doudi::HouseholdError> errors;
  auto households = doudi::read_household_document(policy(), path, errors);
  long ids = static_cast<long>(std::count(joined.begin(), joined.end(), '\n'));
  if (static_cast<long>(households.size()) > ids) std::abort();  // a household out of nothing
  return 0;
}
