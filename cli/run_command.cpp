// `doudi run POLICY HOUSEHOLD... [--date D] [--format table|json|csv] [-o FILE]
//  [--threads N] [--quiet]`: evaluates the policy version in force on the date
// for every household and prints every declared output. CSV household files go
// through the batch pipeline (interpreter/batch_run.h): streamed in blocks,
// evaluated by the compiled program on N threads, written in input order, so
// the output is the same bytes whatever N. YAML/JSON files are read whole and
// evaluated one household at a time. stderr gets the bad households, a
// progress line on a terminal during long runs, and a final summary.
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/commands.h"
#include "dsl/date.h"
#include "dsl/loader.h"
#include "interpreter/batch_run.h"
#include "interpreter/evaluator.h"
#include "interpreter/household.h"
#include "interpreter/program.h"
#include "interpreter/progress.h"
#include "interpreter/results.h"

namespace doudi::cli {

int today() {
  using namespace std::chrono;
  return static_cast<int>(
      duration_cast<days>(system_clock::now().time_since_epoch()).count());
}

namespace {

struct RunOptions {
  std::string policy;
  std::vector<std::string> households;
  std::string date;
  std::string format = "table";
  std::string output;
  int threads = 0;  // 0: every core
  bool quiet = false;
};

// Evaluates one household, writing its result or reporting its error.
bool run_one(Evaluator& evaluator, ResultWriter& writer, const Household& h) {
  try {
    const auto& outputs = evaluator.evaluate(h);
    writer.write(h, outputs, evaluator.member_values());
    return true;
  } catch (const EvaluationError& e) {
    std::cerr << evaluation_error_message(h, e);
    return false;
  }
}

// Runs one CSV household file through the batch pipeline; counts into ok/bad.
void run_csv(const model::Model& model, const fast::Program& program, const std::string& path,
             ResultWriter& writer, const RunOptions& o, ProgressBar& bar, long& ok, long& bad,
             int evaluation_date) {
  BatchRunOptions options;
  options.threads = o.threads;
  options.evaluation_date = evaluation_date;
  long rows_before = ok + bad;
  options.messages = [&](std::string_view text) {
    bar.clear();
    std::cerr << text;
  };
  options.progress = [&](const BatchProgress& p) {
    BatchProgress all = p;
    all.rows += rows_before;
    bar.update(all);
  };
  BatchRunResult r = run_csv_file(model, program, path, writer, options);
  if (r.file_error) {
    bar.clear();
    std::cerr << r.file_error->render() << "\n";
    ++bad;
  }
  ok += r.evaluated;
  bad += r.rejected;
}

// "0.42 s" from milliseconds, without floating point.
std::string seconds_text(long long ms) { return fmt::format("{}.{:02} s", ms / 1000, ms % 1000 / 10); }

int run(const RunOptions& o) {
  int day = today();
  if (!o.date.empty()) {
    auto d = parse_date(o.date);
    if (!d) {
      std::cerr << "doudi run: --date '" << o.date << "' is not a date written YYYY-MM-DD\n";
      return 2;
    }
    day = *d;
  }
  static const std::map<std::string, OutputFormat> formats = {
      {"table", OutputFormat::table}, {"json", OutputFormat::json}, {"csv", OutputFormat::csv}};
  PolicySet set;
  const model::Model* model = nullptr;
  try {
    set = load_policy(o.policy);
    model = &set.in_force(day);
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return 2;
  }

  std::ofstream file;
  std::string temporary;
  if (!o.output.empty()) {
    // Written under a temporary name and renamed when complete, so a failed
    // run never leaves a truncated file that looks whole.
    temporary = o.output + ".tmp";
    file.open(temporary, std::ios::binary);
    if (!file) {
      std::cerr << "doudi run: cannot write " << o.output << "\n";
      return 2;
    }
  }
  std::ostream& out = o.output.empty() ? std::cout : file;
  RunInfo info{o.policy, format_date(day)};
  auto started = std::chrono::steady_clock::now();
  auto writer = make_result_writer(formats.at(o.format), *model, info, out);
  Evaluator evaluator(*model);
  evaluator.set_evaluation_date(day);
  fast::Program program = fast::compile_program(*model);
  ProgressBar bar(STDERR_FILENO, !o.quiet);
  long ok = 0, bad = 0;
  for (const auto& path : o.households) {
    if (is_csv_path(path)) {
      run_csv(*model, program, path, *writer, o, bar, ok, bad, day);
    } else {
      std::vector<HouseholdError> errors;
      auto households = read_household_document(*model, path, errors);
      std::set<std::string> rejected;  // a household with three bad fields is one rejected
      for (const auto& e : errors) {
        std::cerr << e.render() << "\n";
        rejected.insert(e.household);
      }
      bad += static_cast<long>(rejected.size());
      for (const auto& h : households) (run_one(evaluator, *writer, h) ? ok : bad)++;
    }
  }
  writer->finish();
  bar.clear();
  if (!o.output.empty()) {
    file.close();
    if (!file) {
      std::cerr << "doudi run: writing " << o.output << " failed\n";
      std::remove(temporary.c_str());
      return 2;
    }
    std::error_code ec;
    std::filesystem::rename(temporary, o.output, ec);
    if (ec) {
      std::cerr << "doudi run: cannot rename " << temporary << " to " << o.output << ": "
                << ec.message() << "\n";
      return 2;
    }
  }
  long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started).count();
  std::cerr << fmt::format("doudi run: {} household(s) evaluated, {} rejected{} in {}\n", ok, bad,
                           bad > 0 ? " (see above)" : "", seconds_text(ms));
  return bad > 0 ? 2 : 0;
}

}  // namespace

void add_run_command(CLI::App& app, int& result) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Evaluate a policy on household files and print every declared output");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")
      ->required();
  cmd->add_option("HOUSEHOLD", options->households,
                  "household files: CSV (one per row), YAML or JSON (one, or a list)")
      ->required();
  cmd->add_option("--date", options->date,
                  "evaluate on this date, YYYY-MM-DD (default: today); picks the version in force");
  cmd->add_option("--format", options->format, "table (default), json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("-o,--output", options->output, "write to FILE instead of standard output");
  cmd->add_option("--threads", options->threads,
                  "threads evaluating CSV households (default: every core); the output is the "
                  "same whatever the number")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("-q,--quiet", options->quiet,
                "no progress line on a terminal (only messages and the final summary)");
  cmd->callback([options, &result] { result = run(*options); });
}

}  // namespace doudi::cli
