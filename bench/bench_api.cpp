// bench_api: the embedding API's speed (see bench/README.md, "The embedding
// API"): Policy::evaluate() of one household, repeated (the per-call cost a
// platform pays when it evaluates one application at a time), evaluate_many
// over the reference workload's households, and evaluate_csv_file over its
// CSV file (`doudi run`'s pipeline with chunks handed back).
//
// Usage: bench_api POLICY HOUSEHOLDS.csv [CALLS]
#include <time.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

#include "doudi/policy.h"

using namespace doudi::api;
using Clock = std::chrono::steady_clock;

namespace {

std::vector<Household> read_csv(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  std::vector<std::string> header;
  std::stringstream hs(line);
  for (std::string f; std::getline(hs, f, ',');) header.push_back(f);
  std::vector<Household> out;
  while (std::getline(in, line)) {
    Household h;
    std::stringstream s(line);
    size_t i = 0;
    for (std::string f; std::getline(s, f, ','); ++i) {
      if (header[i] == "id") h.id = f;
      else h.fields[header[i]] = f;
    }
    out.push_back(std::move(h));
  }
  return out;
}

double seconds_since(Clock::time_point t) {  // not an amount: elapsed time
  return std::chrono::duration<double>(Clock::now() - t).count();  // not an amount: elapsed time
}

// CPU time of this thread / of the process: on a shared machine the wall
// clock counts other programs' time too.
double cpu_seconds(clockid_t clock) {  // not an amount: CPU time
  timespec ts{};
  clock_gettime(clock, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;  // not an amount: CPU time
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: bench_api POLICY HOUSEHOLDS.csv [CALLS]\n");
    return 2;
  }
  long calls = argc > 3 ? std::stol(argv[3]) : 1000000;
  auto policy = Policy::load(argv[1]);
  if (!policy.ok()) {
    std::fprintf(stderr, "%s\n", policy.status().message().c_str());
    return 2;
  }
  const char* date = "2020-08-01";
  auto households = read_csv(argv[2]);
  if (households.empty()) return 2;

  // One household at a time, cycling through the file's first 1000.
  size_t distinct = std::min<size_t>(1000, households.size());
  long failed = 0;
  for (size_t i = 0; i < distinct; ++i) failed += !policy->evaluate(households[i], date).ok();  // warm up
  auto t = Clock::now();
  double c = cpu_seconds(CLOCK_THREAD_CPUTIME_ID);  // not an amount: CPU time
  for (long k = 0; k < calls; ++k) failed += !policy->evaluate(households[static_cast<size_t>(k) % distinct], date).ok();
  double one = seconds_since(t);  // not an amount: elapsed time
  double one_cpu = cpu_seconds(CLOCK_THREAD_CPUTIME_ID) - c;  // not an amount: CPU time
  std::printf("evaluate():          %.3f us per household wall, %.3f us CPU (%ld calls, %ld failed)\n",
              one / static_cast<double>(calls) * 1e6, one_cpu / static_cast<double>(calls) * 1e6, calls, failed);

  t = Clock::now();
  c = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  auto many = policy->evaluate_many(households, date);
  double batch = seconds_since(t);  // not an amount: elapsed time
  double batch_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c;  // not an amount: CPU time
  std::printf("evaluate_many():     %.3f us per household wall, %.3f us CPU (%zu households, every core)\n",
              batch / static_cast<double>(households.size()) * 1e6,
              batch_cpu / static_cast<double>(households.size()) * 1e6, many.size());

  long rows = 0;
  t = Clock::now();
  c = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID);
  auto r = policy->evaluate_csv_file(argv[2], date, [&](const CsvChunk& c) {
    rows += static_cast<long>(c.evaluations.size() + c.errors.size());
  });
  double stream = seconds_since(t);  // not an amount: elapsed time
  double stream_cpu = cpu_seconds(CLOCK_PROCESS_CPUTIME_ID) - c;  // not an amount: CPU time
  if (!r.ok()) {
    std::fprintf(stderr, "%s\n", r.status().message().c_str());
    return 2;
  }
  std::printf("evaluate_csv_file(): %.3f us per household wall, %.3f us CPU (%ld rows, every core)\n",
              stream / static_cast<double>(rows) * 1e6, stream_cpu / static_cast<double>(rows) * 1e6, rows);
  return 0;
}
