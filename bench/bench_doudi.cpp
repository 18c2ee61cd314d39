// bench_doudi: times the doudi engine on the reference workload.
//
// Design note. Measurements in one process, on the policy version in force
// on --date (default 2020-08-01), each the best of --repeat passes:
//   (a) end to end: run_csv_file (interpreter/pipeline/batch_run.h) — what `doudi run
//       --format csv` does: blocks of the CSV read, fields parsed into batch
//       columns, the compiled program run, rows formatted and written in
//       order — into a byte-counting sink (no disk), or a file with -o; with
//       1 thread and with every core (--threads).
//   (b) evaluation only: every household first parsed into batch columns,
//       kept compactly (each column of a batch in the narrowest integer
//       width its values need: ~13 bytes a household here, like the
//       baseline's 16-byte records), timed apart and reported as "parse";
//       then passes that widen each batch into the evaluator's columns and
//       run FastEvaluator::run: the comparison with bench_baseline's
//       --eval-only, which also times evaluation of records already parsed.
//       With 1 thread, and with the batches split between 2 threads.
//   (c) the exact Evaluator (the tree-walking interpreter every household
//       went through before the compiled program) on a
//       std::vector<Household>, one pass, for reference; skipped with
//       --no-exact.
// The policy is loaded and compiled once before (its times are reported).
// Timing uses std::chrono::steady_clock; doubles are only timer figures.
//
// Usage: bench_doudi POLICY_DIR IN.csv [--date YYYY-MM-DD] [--repeat N]
//                    [--threads N] [--no-exact] [--eval-only] [-o OUT.csv]
#include <sys/resource.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <optional>
#include <stdexcept>
#include <streambuf>
#include <string>
#include <thread>
#include <vector>

#include "base/date.h"
#include "dsl/loader.h"
#include "base/source.h"
#include "interpreter/pipeline/batch_run.h"
#include "interpreter/formats/csv_batch.h"
#include "interpreter/formats/csv_record.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/compiled/fast_eval.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/compiled/program.h"
#include "interpreter/formats/results.h"

namespace {

using Clock = std::chrono::steady_clock;
using doudi::fast::kBatchRows;

struct Options {
  std::string policy;
  std::string households;
  std::string date = "2020-08-01";
  std::string output;  // "" = byte-counting sink
  int repeat = 3;
  int threads = 0;     // 0 = every core
  bool exact = true;
  bool end_to_end = true;
};

// A stream buffer that throws its bytes away, counting them.
class CountingSink : public std::streambuf {
 public:
  long long bytes() const { return bytes_; }

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) ++bytes_;
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char*, std::streamsize n) override {
    bytes_ += n;
    return n;
  }

 private:
  long long bytes_ = 0;
};

double seconds_since(Clock::time_point start) {  // not an amount: elapsed wall time
  return std::chrono::duration<double>(Clock::now() - start).count();  // not an amount: elapsed seconds
}

void report(const std::string& what, long households, double seconds) {  // not an amount: elapsed seconds
  double per_second = households / seconds;  // not an amount: throughput
  double ns_each = seconds * 1e9 / households;  // not an amount: nanoseconds per household
  std::printf("%s: %ld households in %.3f s: %.0f households/s, %.1f ns/household\n", what.c_str(),
              households, seconds, per_second, ns_each);
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // ru_maxrss is in KiB on Linux
}

// (a) CSV in -> CSV out through the batch pipeline. Returns rows rejected.
long run_end_to_end(const doudi::model::Model& model, const doudi::fast::Program& program,
                    const Options& o, int threads) {
  long rejected = 0;
  double best = 0;  // not an amount: fastest pass, seconds
  long long bytes = 0;
  long rows = 0;
  for (int pass = 0; pass < o.repeat; ++pass) {
    CountingSink sink;
    std::ostream sink_stream(&sink);
    std::ofstream file;
    if (!o.output.empty()) file.open(o.output, std::ios::binary);
    std::ostream& out = o.output.empty() ? sink_stream : file;
    auto start = Clock::now();
    auto writer = doudi::make_result_writer(doudi::OutputFormat::csv, model, {o.policy, o.date}, out);
    doudi::BatchRunOptions options;
    options.threads = threads;
    options.messages = [](std::string_view text) { std::cerr << text; };
    doudi::BatchRunResult r = doudi::run_csv_file(model, program, o.households, *writer, options);
    writer->finish();
    double seconds = seconds_since(start);  // not an amount: elapsed seconds
    if (r.file_error) throw std::runtime_error(r.file_error->render());
    if (pass == 0 || seconds < best) best = seconds;
    rejected = r.rejected;
    rows = r.evaluated + r.rejected;
    bytes = sink.bytes();
  }
  report("doudi end-to-end, " + std::to_string(threads) + " thread(s) (read CSV, evaluate, write CSV)",
         rows, best);
  if (o.output.empty()) std::printf("  (%lld bytes of CSV written to a counting sink)\n", bytes);
  return rejected;
}

// Households parsed into batch input columns, held compactly: each column
// of each batch in the narrowest integer width its values need (district
// codes in a byte, incomes in fen in four), as a parsed record array would
// hold them. Evaluation widens a batch into the evaluator's int64 columns
// first (part of the timed work).
struct ParsedBatches {
  struct Column {
    int width = 8;            // bytes per value: 1, 2, 4 or 8
    std::vector<char> bytes;  // kBatchRows values
  };
  std::vector<std::vector<Column>> batches;  // per batch, per input column
  std::vector<int> rows;                     // per batch
  std::vector<int> input_columns;            // program columns, in each batch's order
  long households = 0;
  long exact_only = 0;                       // rows the fast reading could not take
  size_t bytes = 0;
};

template <typename T>
void narrow(const int64_t* values, ParsedBatches::Column& c) {
  c.width = sizeof(T);
  c.bytes.resize(sizeof(T) * kBatchRows);
  T* out = reinterpret_cast<T*>(c.bytes.data());
  for (int i = 0; i < kBatchRows; ++i) out[i] = static_cast<T>(values[i]);
}

template <typename T>
void widen(const ParsedBatches::Column& c, int64_t* out) {
  const T* in = reinterpret_cast<const T*>(c.bytes.data());
  for (int i = 0; i < kBatchRows; ++i) out[i] = in[i];
}

ParsedBatches::Column compact(const int64_t* values) {
  int64_t lo = *std::min_element(values, values + kBatchRows);
  int64_t hi = *std::max_element(values, values + kBatchRows);
  ParsedBatches::Column c;
  if (lo >= INT8_MIN && hi <= INT8_MAX) narrow<int8_t>(values, c);
  else if (lo >= INT16_MIN && hi <= INT16_MAX) narrow<int16_t>(values, c);
  else if (lo >= INT32_MIN && hi <= INT32_MAX) narrow<int32_t>(values, c);
  else narrow<int64_t>(values, c);
  return c;
}

ParsedBatches parse_all(const doudi::model::Model& model, const doudi::fast::Program& program,
                        const std::string& path) {
  doudi::CsvBlockReader blocks(path);
  std::string text;
  doudi::CsvBoundary boundary;
  doudi::CsvRecordSplitter splitter;
  doudi::CsvRecord record;
  if (auto problem = doudi::read_csv_start(blocks, text, boundary, splitter, record))
    throw std::runtime_error(path + ": " + *problem);
  doudi::CsvColumns columns;
  if (auto e = doudi::read_csv_header(model, path, record.fields, columns))
    throw std::runtime_error(e->render());
  size_t position = record.length;
  doudi::fast::CsvFieldReader fields(model, program, columns);
  doudi::fast::FastEvaluator batch(program);
  fields.prepare(batch);
  ParsedBatches parsed;
  for (const auto& in : program.inputs)
    if (in.column >= 0) parsed.input_columns.push_back(in.column);
  int rows = 0;
  auto keep = [&] {
    std::vector<ParsedBatches::Column> kept;
    for (int c : parsed.input_columns) {
      std::fill(batch.column(c) + rows, batch.column(c) + kBatchRows, 0);  // the unused tail
      kept.push_back(compact(batch.column(c)));
      parsed.bytes += kept.back().bytes.size();
    }
    parsed.batches.push_back(std::move(kept));
    parsed.rows.push_back(rows);
    rows = 0;
  };
  do {
    while (position < text.size()) {
      splitter.split(std::string_view(text).substr(position), true, record);
      position += record.length;
      if (!fields.read(record.fields, batch, rows)) {
        ++parsed.exact_only;
        continue;
      }
      ++parsed.households;
      if (++rows == kBatchRows) keep();
    }
    position = 0;
  } while (blocks.next(text, boundary));
  if (rows > 0) keep();
  return parsed;
}

// Evaluates batches [first, last) once; returns households not exact-fast.
long evaluate_range(const doudi::fast::Program& program, const ParsedBatches& parsed, size_t first,
                    size_t last) {
  doudi::fast::FastEvaluator batch(program);
  long slow = 0;
  for (size_t b = first; b < last; ++b) {
    for (size_t c = 0; c < parsed.input_columns.size(); ++c) {
      const auto& column = parsed.batches[b][c];
      int64_t* out = batch.column(parsed.input_columns[c]);
      switch (column.width) {
        case 1: widen<int8_t>(column, out); break;
        case 2: widen<int16_t>(column, out); break;
        case 4: widen<int32_t>(column, out); break;
        default: widen<int64_t>(column, out); break;
      }
    }
    batch.run(parsed.rows[b]);
    for (int r = 0; r < parsed.rows[b]; ++r) slow += !batch.ok(r);
  }
  return slow;
}

// (b) the compiled program over households already parsed.
void run_eval_only(const doudi::model::Model& model, const doudi::fast::Program& program,
                   const Options& o) {
  auto parse_start = Clock::now();
  ParsedBatches parsed = parse_all(model, program, o.households);
  report("doudi parse CSV into batch columns (untimed below)", parsed.households,
         seconds_since(parse_start));
  std::printf("  (%.1f bytes per household held)\n",  // not an amount: a ratio for the reader
              static_cast<double>(parsed.bytes) / static_cast<double>(parsed.households));  // not an amount: ratio
  if (parsed.exact_only > 0) std::printf("  (%ld rows need the exact path: not timed)\n", parsed.exact_only);
  for (int threads : {1, 2}) {
    double best = 0;  // not an amount: fastest pass, seconds
    long slow = 0;
    for (int pass = 0; pass < o.repeat; ++pass) {
      auto start = Clock::now();
      if (threads == 1) {
        slow = evaluate_range(program, parsed, 0, parsed.rows.size());
      } else {
        size_t half = parsed.rows.size() / 2;
        long other = 0;
        std::thread helper([&] { other = evaluate_range(program, parsed, half, parsed.rows.size()); });
        slow = evaluate_range(program, parsed, 0, half);
        helper.join();
        slow += other;
      }
      double seconds = seconds_since(start);  // not an amount: elapsed seconds
      if (pass == 0 || seconds < best) best = seconds;
    }
    report("doudi eval-only, " + std::to_string(threads) + " thread(s) (FastEvaluator::run)",
           parsed.households, best);
    if (slow > 0) std::printf("  (%ld households left to the exact evaluator)\n", slow);
  }
}

// (c) the exact, tree-walking Evaluator, for reference.
void run_exact_eval(const doudi::model::Model& model, const Options& o) {
  doudi::CsvHouseholdReader reader(model, o.households);
  if (reader.error()) throw std::runtime_error(reader.error()->render());
  std::vector<doudi::Household> households;
  doudi::Household h;
  std::optional<doudi::HouseholdError> row_error;
  while (reader.next(h, row_error)) {
    if (row_error) throw std::runtime_error(row_error->render());
    households.push_back(h);
  }
  doudi::Evaluator evaluator(model);
  auto start = Clock::now();
  for (const auto& household : households) {
    try {
      evaluator.evaluate(household);
    } catch (const doudi::EvaluationError&) {
    }
  }
  report("doudi exact Evaluator, 1 pass (Evaluator::evaluate)", static_cast<long>(households.size()),
         seconds_since(start));
}

bool parse_options(int argc, char** argv, Options& o) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--date" && has_value) o.date = argv[++i];
    else if (a == "--repeat" && has_value) o.repeat = std::max(1, std::atoi(argv[++i]));
    else if (a == "--threads" && has_value) o.threads = std::max(0, std::atoi(argv[++i]));
    else if (a == "--no-exact") o.exact = false;
    else if (a == "--eval-only") o.end_to_end = false, o.exact = false;
    else if (a == "-o" && has_value) o.output = argv[++i];
    else if (a.starts_with("-")) return false;
    else positional.push_back(a);
  }
  if (positional.size() != 2) return false;
  o.policy = positional[0];
  o.households = positional[1];
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  Options o;
  if (!parse_options(argc, argv, o)) {
    std::fprintf(stderr,
                 "usage: bench_doudi POLICY_DIR IN.csv [--date YYYY-MM-DD] [--repeat N] "
                 "[--threads N] [--no-exact] [--eval-only] [-o OUT.csv]\n");
    return 2;
  }
  auto day = doudi::parse_date(o.date);
  if (!day) {
    std::fprintf(stderr, "bench_doudi: --date '%s' is not YYYY-MM-DD\n", o.date.c_str());
    return 2;
  }
  try {
    auto load_start = Clock::now();
    doudi::PolicySet set = doudi::load_policy(o.policy);
    const doudi::model::Model& model = set.in_force(*day);
    double load_seconds = seconds_since(load_start);  // not an amount: elapsed seconds
    std::printf("doudi policy load + check: %.2f ms (%s, in force on %s)\n",
                load_seconds * 1e3, o.policy.c_str(), o.date.c_str());  // not an amount: ms
    auto compile_start = Clock::now();
    doudi::fast::Program program = doudi::fast::compile_program(model);
    double compile_seconds = seconds_since(compile_start);  // not an amount: elapsed seconds
    std::printf("doudi compile: %.3f ms (%s)\n", compile_seconds * 1e3,  // not an amount: ms
                doudi::fast::describe(program).c_str());

    long bad = 0;
    if (o.end_to_end) {
      bad += run_end_to_end(model, program, o, 1);
      int all = doudi::thread_count(o.threads);
      if (all > 1) bad += run_end_to_end(model, program, o, all);
    }
    run_eval_only(model, program, o);
    if (o.exact) run_exact_eval(model, o);
    std::printf("peak RSS of this process: %ld MiB\n", peak_rss_mib());
    if (bad > 0) {
      std::fprintf(stderr, "bench_doudi: %ld household(s) rejected\n", bad);
      return 1;
    }
    return 0;
  } catch (const doudi::PolicyError& e) {
    std::cerr << e.render();
    return 2;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_doudi: %s\n", e.what());
    return 1;
  }
}
