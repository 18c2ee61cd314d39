// bench_doudi: times the doudi engine on the reference workload.
//
// Design note. Two measurements, both in one process, on the policy version in
// force on --date (default 2020-08-01):
//   (a) end to end: CsvHouseholdReader streams the CSV, Evaluator::evaluate
//       runs each household, the csv ResultWriter formats each result. The
//       output goes to a byte-counting sink (no disk), or to a file with -o.
//       This is what `doudi run --format csv` does, minus process start-up.
//   (b) evaluation only: every household is first read into a
//       std::vector<Household> (timed separately, reported as "read"), then
//       N timed passes of Evaluator::evaluate over the vector; the fastest
//       pass is reported. This isolates the interpreter + Exact arithmetic.
// The policy is loaded once before either (its load time is reported too).
// Timing uses std::chrono::steady_clock; doubles are only timer figures.
//
// Usage: bench_doudi POLICY_DIR IN.csv [--date YYYY-MM-DD] [--repeat N] [-o OUT.csv]
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
#include <vector>

#include "dsl/date.h"
#include "dsl/loader.h"
#include "dsl/source.h"
#include "interpreter/evaluator.h"
#include "interpreter/household.h"
#include "interpreter/results.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string policy;
  std::string households;
  std::string date = "2020-08-01";
  std::string output;  // "" = byte-counting sink
  int repeat = 3;
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

void report(const char* what, long households, double seconds) {  // not an amount: elapsed seconds
  double per_second = households / seconds;  // not an amount: throughput
  double ns_each = seconds * 1e9 / households;  // not an amount: nanoseconds per household
  std::printf("%s: %ld households in %.3f s: %.0f households/s, %.1f ns/household\n", what,
              households, seconds, per_second, ns_each);
}

long peak_rss_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return usage.ru_maxrss / 1024;  // ru_maxrss is in KiB on Linux
}

// Evaluates one household into the writer; false (with a message) if it fails.
bool evaluate_and_write(doudi::Evaluator& evaluator, doudi::ResultWriter& writer,
                        const doudi::Household& h) {
  try {
    writer.write(h, evaluator.evaluate(h));
    return true;
  } catch (const doudi::EvaluationError& e) {
    std::cerr << doudi::describe(h) << ": " << e.what() << "\n";
    return false;
  }
}

// (a) read CSV -> evaluate -> write CSV, one row at a time. Returns rows rejected.
long run_end_to_end(const doudi::model::Model& model, const Options& o) {
  CountingSink sink;
  std::ostream sink_stream(&sink);
  std::ofstream file;
  if (!o.output.empty()) file.open(o.output, std::ios::binary);
  std::ostream& out = o.output.empty() ? sink_stream : file;

  auto start = Clock::now();
  doudi::CsvHouseholdReader reader(model, o.households);
  if (reader.error()) throw std::runtime_error(reader.error()->render());
  auto writer = doudi::make_result_writer(doudi::OutputFormat::csv, model,
                                          {o.policy, o.date}, out);
  doudi::Evaluator evaluator(model);
  doudi::Household h;
  std::optional<doudi::HouseholdError> row_error;
  long ok = 0, bad = 0;
  while (reader.next(h, row_error)) {
    if (row_error) {
      std::cerr << row_error->render() << "\n";
      ++bad;
    } else {
      (evaluate_and_write(evaluator, *writer, h) ? ok : bad)++;
    }
  }
  writer->finish();
  double seconds = seconds_since(start);  // not an amount: elapsed seconds
  report("doudi end-to-end (read CSV, evaluate, write CSV)", ok + bad, seconds);
  if (o.output.empty()) std::printf("  (%lld bytes of CSV written to a counting sink)\n", sink.bytes());
  return bad;
}

// Reads every household of the CSV into memory. Throws on any bad row.
std::vector<doudi::Household> read_all(const doudi::model::Model& model, const std::string& path) {
  doudi::CsvHouseholdReader reader(model, path);
  if (reader.error()) throw std::runtime_error(reader.error()->render());
  std::vector<doudi::Household> households;
  doudi::Household h;
  std::optional<doudi::HouseholdError> row_error;
  while (reader.next(h, row_error)) {
    if (row_error) throw std::runtime_error(row_error->render());
    households.push_back(h);
  }
  return households;
}

// (b) evaluation only, over households already in memory. Returns failures.
long run_eval_only(const doudi::model::Model& model, const Options& o) {
  auto read_start = Clock::now();
  std::vector<doudi::Household> households = read_all(model, o.households);
  report("doudi read CSV into vector<Household> (untimed below)", static_cast<long>(households.size()),
         seconds_since(read_start));
  if (households.empty()) throw std::runtime_error(o.households + ": no households");

  doudi::Evaluator evaluator(model);
  long failures = 0;
  double best = 0;  // not an amount: fastest pass, seconds
  for (int pass = 0; pass < o.repeat; ++pass) {
    failures = 0;
    auto start = Clock::now();
    for (const auto& h : households) {
      try {
        evaluator.evaluate(h);
      } catch (const doudi::EvaluationError&) {
        ++failures;
      }
    }
    double seconds = seconds_since(start);  // not an amount: elapsed seconds
    if (pass == 0 || seconds < best) best = seconds;
  }
  std::printf("doudi eval-only: best of %d passes\n", o.repeat);
  report("doudi eval-only (Evaluator::evaluate)", static_cast<long>(households.size()), best);
  std::printf("  peak RSS with %zu households in memory: %ld MiB\n", households.size(),
              peak_rss_mib());
  return failures;
}

bool parse_options(int argc, char** argv, Options& o) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    bool has_value = i + 1 < argc;
    if (a == "--date" && has_value) o.date = argv[++i];
    else if (a == "--repeat" && has_value) o.repeat = std::max(1, std::atoi(argv[++i]));
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
                 "usage: bench_doudi POLICY_DIR IN.csv [--date YYYY-MM-DD] [--repeat N] [-o OUT.csv]\n");
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

    long bad = run_end_to_end(model, o);
    bad += run_eval_only(model, o);
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
