// libFuzzer target: a household file (CSV, then YAML/JSON) read against the
// reference policy, and each good household evaluated. Bad input must give
// HouseholdErrors or EvaluationErrors naming the place: never a crash.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

#include "dsl/loader.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/household_file.h"

namespace {
const doudi::model::Model& policy() {
  static doudi::PolicySet set = doudi::load_policy(DOUDI_SOURCE_DIR "/policies/jining/jinxiang");
  return set.versions.back();
}
const doudi::model::Model& csv_policy() {
  static doudi::PolicySet set = doudi::load_policy(DOUDI_SOURCE_DIR "/policies/reference");
  return set.versions.back();
}
std::string temp_path(const char* ext) {
  return "/tmp/doudi_fuzz_" + std::to_string(getpid()) + ext;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  {
    std::string path = temp_path(".csv");
    std::ofstream(path, std::ios::binary) << text;
    doudi::CsvHouseholdReader reader(csv_policy(), path);
    doudi::Evaluator ev(csv_policy());
    doudi::Household h;
    std::optional<doudi::HouseholdError> e;
    int rows = 0;
    while (!reader.error() && reader.next(h, e) && rows++ < 1000) {
      if (e) continue;
      try {
        ev.evaluate(h);
      } catch (const doudi::EvaluationError&) {
      }
    }
  }
  {
    std::string path = temp_path(".yaml");
    std::ofstream(path, std::ios::binary) << text;
    std::vector<doudi::HouseholdError> errors;
    auto households = doudi::read_household_document(policy(), path, errors);
    doudi::Evaluator ev(policy());
    for (const auto& h : households) {
      try {
        ev.evaluate(h);
      } catch (const doudi::EvaluationError&) {
      }
    }
  }
  return 0;
}
