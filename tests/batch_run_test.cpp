// Tests for interpreter/pipeline/batch_run.cpp: the CSV pipeline prints the same
// bytes as the row-by-row path — whatever the number of threads and the size
// of the blocks — with bad rows reported in the same words and file order.
#include <filesystem>
#include <fstream>
#include <sstream>

#include "base/date.h"
#include "interpreter/pipeline/batch_run.h"
#include "interpreter/compiled/program.h"
#include "test_util.h"

using namespace doudi;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

struct Run {
  std::string out, messages;
  BatchRunResult result;
};

Run run_file(const model::Model& m, const std::string& path, int threads, size_t block,
             OutputFormat format = OutputFormat::csv) {
  auto program = fast::compile_program(m);
  std::ostringstream out;
  auto writer = make_result_writer(format, m, RunInfo{"", "2020-08-01"}, out);
  BatchRunOptions options;
  options.threads = threads;
  options.block_bytes = block;
  Run r;
  options.messages = [&](std::string_view text) { r.messages += text; };
  r.result = run_csv_file(m, program, path, *writer, options);
  writer->finish();
  r.out = out.str();
  return r;
}

// What the row reader and Evaluator give for the same file.
Run run_rows(const model::Model& m, const std::string& path, OutputFormat format = OutputFormat::csv) {
  Run r;
  std::ostringstream out;
  auto writer = make_result_writer(format, m, RunInfo{"", "2020-08-01"}, out);
  Evaluator ev(m);
  CsvHouseholdReader reader(m, path);
  Household h;
  std::optional<HouseholdError> e;
  while (reader.next(h, e)) {
    if (e) {
      r.messages += e->render() + "\n";
      ++r.result.rejected;
      continue;
    }
    try {
      writer->write(h, ev.evaluate(h));
      ++r.result.evaluated;
    } catch (const EvaluationError& error) {
      r.messages += evaluation_error_message(h, error);
      ++r.result.rejected;
    }
  }
  writer->finish();
  r.out = out.str();
  return r;
}

}  // namespace

TEST_CASE("batch_run: the 10 000-household reference file — 1 and 2 threads — byte-identical to reference.py") {
  auto set = load_policy(test::source_path("policies/reference"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  std::string path = test::source_path("tests/data/reference_households_10k.csv");
  std::string expected = slurp(test::source_path("tests/data/reference_expected_10k.csv"));
  REQUIRE(!expected.empty());
  Run one = run_file(m, path, 1, size_t{1} << 19);
  Run two = run_file(m, path, 2, size_t{1} << 19);
  Run small_blocks = run_file(m, path, 2, 4096);  // many blocks in flight, finishing out of order
  CHECK(one.result.evaluated == 10000);
  CHECK(one.out == expected);
  CHECK(two.out == expected);
  CHECK(small_blocks.out == expected);
  CHECK(one.messages.empty());
}

TEST_CASE("batch_run: bad rows — quoted fields and other formats as the row reader gives them") {
  auto set = load_policy(test::source_path("policies/jining"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  std::string text = "id,district,hukou,members,monthly_income,tekun\r\n";
  for (int i = 0; i < 3000; ++i) {
    std::string id = std::to_string(i);
    switch (i % 11) {
      case 0: text += id + ",北京,urban,2,100,\r\n"; break;                    // unknown district
      case 1: text += id + ",任城区,urban,0,100,0\r\n"; break;                 // division by zero
      case 2: text += "\"" + id + ",q\",任城区,rural, 3 ,\"1,00\",\r\n"; break;  // quotes, spaces
      case 3: text += id + ",任城区,urban,2\r\n"; break;                       // too few fields
      case 4: text += id + ",泗水县,rural,2,92233720368547758.07,0\r\n"; break;  // beyond int64
      case 5: text += id + ",任城区,urban,3,\"9\n00.00\",1\r\n"; break;        // a quoted line break
      default: text += id + ",泗水县,rural," + std::to_string(1 + i % 5) + "," + std::to_string(i) + ".5" + std::to_string(i % 10) + ",\r\n";
    }
  }
  auto path = (std::filesystem::temp_directory_path() / "doudi_batch_run_mixed.csv").string();
  std::ofstream(path, std::ios::binary) << text;
  Run rows = run_rows(m, path);
  REQUIRE(rows.result.rejected > 0);
  for (int threads : {1, 2}) {
    for (size_t block : {size_t{1}, size_t{4096}, size_t{1} << 20}) {
      INFO("threads " << threads << ", block " << block);
      Run batch = run_file(m, path, threads, block);
      CHECK(batch.out == rows.out);
      CHECK(batch.messages == rows.messages);
      CHECK(batch.result.evaluated == rows.result.evaluated);
      CHECK(batch.result.rejected == rows.result.rejected);
    }
  }
  for (OutputFormat format : {OutputFormat::json, OutputFormat::table}) {
    CHECK(run_file(m, path, 2, 4096, format).out == run_rows(m, path, format).out);
  }
}

TEST_CASE("batch_run: a file that cannot be used is one error") {
  auto set = load_policy(test::source_path("policies/jining"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  Run missing = run_file(m, "/nonexistent/h.csv", 2, 4096);
  REQUIRE(missing.result.file_error.has_value());
  CHECK(missing.result.file_error->message == "cannot read the household file");
  auto path = (std::filesystem::temp_directory_path() / "doudi_batch_run_header.csv").string();
  std::ofstream(path, std::ios::binary) << "id,district,nonsense\n1,任城区,2\n";
  Run bad_header = run_file(m, path, 2, 4096);
  REQUIRE(bad_header.result.file_error.has_value());
  CHECK(bad_header.result.file_error->field == "nonsense");
}

TEST_CASE("batch_run: rules reading evaluation_date go to the exact path — on the date given") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "household { income : money\n since : date = 2020-01-01 }\n"
      "rule months = months_between(since, evaluation_date, down)\n"
      "output months\noutput top = clamp(income, 0, 500)\n"));
  auto program = fast::compile_program(m);
  CHECK(program.unsupported > 0);  // evaluation_date and months_between poison: the exact path answers
  auto path = (std::filesystem::temp_directory_path() / "doudi_batch_dated.csv").string();
  std::ofstream(path) << "id,income,since\na,100,2020-03-15\nb,900,\n";
  std::ostringstream out;
  auto writer = make_result_writer(OutputFormat::csv, m, RunInfo{"", "2020-08-01"}, out);
  BatchRunOptions options;
  options.threads = 1;
  options.evaluation_date = parse_date("2020-08-01");
  std::string messages;
  options.messages = [&](std::string_view text) { messages += text; };
  auto r = run_csv_file(m, program, path, *writer, options);
  writer->finish();
  std::filesystem::remove(path);
  CHECK(messages.empty());
  CHECK(r.evaluated == 2);
  CHECK(out.str() == "id,months,top\na,4,100.00\nb,7,500.00\n");
}
