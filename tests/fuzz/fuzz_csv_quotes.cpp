// libFuzzer target: CSV with quotes, line breaks and separators where they
// should not be. The input is not the file: it is a list of edits (position,
// byte from `"` `\n` `\r` `,` `""` or a letter) applied to a good roster, so
// every run is a realistic file with a few stray quotes, unclosed quoted
// fields and broken line endings. The file goes through the batch pipeline
// `doudi run` uses (one thread); bad rows must be rejected where they are and
// reading must go on or stop with a located error: never a crash, a hang or
// more households than the file has lines.
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include "base/date.h"
#include "dsl/loader.h"
#include "interpreter/compiled/program.h"
#include "interpreter/formats/results.h"
#include "interpreter/pipeline/batch_run.h"

namespace {
const doudi::model::Model& policy() {
  static doudi::PolicySet set = doudi::load_policy(DOUDI_SOURCE_DIR "/policies/reference");
  return set.versions.back();
}
const std::string& roster() {
  static std::string text = [] {
    std::ifstream in(DOUDI_SOURCE_DIR "/tests/fuzz/corpus/csv/reference.csv", std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
  }();
  return text;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const char* pieces[] = {"\"", "\n", "\r", ",", "\"\"", "x", "\r\n", "\"\n\""};
  std::string text = roster().substr(0, 2000);
  for (size_t i = 0; i + 2 < size && i < 48; i += 3) {
    size_t at = (static_cast<size_t>(data[i]) << 8 | data[i + 1]) % (text.size() + 1);
    text.insert(at, pieces[data[i + 2] % (sizeof pieces / sizeof pieces[0])]);
  }
  std::string path = "/tmp/doudi_fuzz_quotes_" + std::to_string(getpid()) + ".csv";
  std::ofstream(path, std::ios::binary) << text;
  static doudi::fast::Program program = doudi::fast::compile_program(policy(), *doudi::parse_date("2024-01-01"));
  std::ostringstream out;
  doudi::RunInfo info{"policies/reference", "2024-01-01"};
  auto writer = doudi::make_result_writer(doudi::OutputFormat::csv, policy(), info, out);
  doudi::BatchRunOptions options;
  options.threads = 1;
  options.messages = [](std::string_view) {};
  options.evaluation_date = *doudi::parse_date("2024-01-01");
  auto result = doudi::run_csv_file(policy(), program, path, *writer, options);
  writer->finish();
  long lines = static_cast<long>(std::count(text.begin(), text.end(), '\n') + std::count(text.begin(), text.end(), '\r')) + 1;
  if (result.evaluated + result.rejected > lines) std::abort();  // a household out of nothing
  return 0;
}
