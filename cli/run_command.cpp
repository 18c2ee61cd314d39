// `doudi run POLICY HOUSEHOLD... [--date D] [--format table|json|csv] [-o FILE]
//  [--errors FILE] [--threads N] [--quiet]`: evaluates the policy version in force on the date
// for every household and prints every declared output. CSV household files go
// through the batch pipeline (interpreter/pipeline/batch_run.h): streamed in blocks,
// evaluated by the compiled program on N threads, written in input order, so
// the output is the same bytes whatever N. YAML/JSON files are read whole and
// evaluated one household at a time. stderr gets the bad households, a
// progress line on a terminal during long runs, and a final summary that
// accounts for every row: read = written + rejected. --errors writes the
// rejected ones as CSV rows (interpreter/formats/errors_file.h). Files named by -o
// and --errors appear only when complete (cli/atomic_file.h).
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/commands.h"
#include "cli/household_files.h"
#include "cli/progress.h"
#include "base/date.h"
#include "dsl/loader.h"
#include "interpreter/pipeline/batch_run.h"
#include "interpreter/formats/errors_file.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/compiled/program.h"
#include "cli/progress.h"
#include "interpreter/formats/results.h"

namespace doudi::cli {

namespace {

struct RunOptions {
  std::string policy;
  std::vector<std::string> households;
  std::string people;
  std::string date;
  std::string format = "table";
  std::string output;
  std::string errors;
  int threads = 0;  // 0: every core
  bool quiet = false;
};

// Where rejected households go besides stderr: the errors file, if any.
struct Rejections {
  ErrorsFile* file = nullptr;
  void add(const RejectedHousehold& r) {
    if (file) file->add(r);
  }
};

// Evaluates one household, writing its result or reporting its error.
bool run_one(Evaluator& evaluator, ResultWriter& writer, const Household& h, Rejections& rejections) {
  try {
    const auto& outputs = evaluator.evaluate(h);
    writer.write(h, outputs, evaluator.member_values());
    return true;
  } catch (const EvaluationError& e) {
    std::cerr << evaluation_error_message(h, e);
    rejections.add(rejected_household(h, e));
    return false;
  }
}

// Runs one CSV household file through the batch pipeline; counts into ok/bad.
void run_csv(const model::Model& model, const fast::Program& program, const std::string& path,
             ResultWriter& writer, const RunOptions& o, ProgressBar& bar, Rejections& rejections,
             long& ok, long& bad, int evaluation_date) {
  BatchRunOptions options;
  options.threads = o.threads;
  options.rejected = [&](const RejectedHousehold& r) { rejections.add(r); };
  options.evaluation_date = evaluation_date;
  options.people = o.people;
  long rows_before = ok + bad;
  options.messages = [&](std::string_view text) {
    bar.clear();
    std::cerr << text;
  };
  options.progress = [&](const BatchProgress& p) {
    bar.update(ProgressCount{rows_before + p.rows, p.bytes_done, p.bytes_total});
  };
  BatchRunResult r = run_csv_file(model, program, path, writer, options);
  if (r.file_error) {
    bar.clear();
    std::cerr << r.file_error->render() << "\n";
    rejections.add(rejected_household({*r.file_error}));
    ++bad;
  } else if (!o.people.empty() && !r.people_in_order) {
    bar.clear();
    std::cerr << fmt::format("doudi run: {} is not in household order: its people were joined through "
                             "an index held in memory ({} MiB)\n",
                             o.people, (r.people_memory + (1 << 20) - 1) >> 20);
  }
  ok += r.evaluated;
  if (std::getenv("DOUDI_FAST_COUNT")) std::cerr << fmt::format("doudi run: {} by the compiled program\n", r.fast);
  bad += r.rejected;
}

// "0.42 s" from milliseconds, without floating point.
std::string seconds_text(long long ms) { return fmt::format("{}.{:02} s", ms / 1000, ms % 1000 / 10); }

int run(const RunOptions& o) {
  auto date = date_option(o.date, "run");
  if (!date) return 2;
  int day = *date;
  static const std::map<std::string, OutputFormat> formats = {
      {"table", OutputFormat::table}, {"json", OutputFormat::json}, {"csv", OutputFormat::csv}};
  PolicySet set;
  const model::Model* model = load_in_force(o.policy, day, set);
  if (!model) return 2;

  std::unique_ptr<AtomicFile> file, errors_file;
  for (auto [path, target] : {std::pair{&o.output, &file}, std::pair{&o.errors, &errors_file}}) {
    if (path->empty()) continue;
    *target = std::make_unique<AtomicFile>(*path);
    if (!(*target)->ok()) {
      std::cerr << "doudi run: cannot write " << *path << "\n";
      return 2;
    }
  }
  std::unique_ptr<ErrorsFile> errors_table;
  Rejections rejections;
  if (errors_file) {
    errors_table = std::make_unique<ErrorsFile>(errors_file->stream());
    rejections.file = errors_table.get();
  }
  std::ostream& out = file ? file->stream() : std::cout;
  RunInfo info{o.policy, format_date(day)};
  auto started = std::chrono::steady_clock::now();
  auto writer = make_result_writer(formats.at(o.format), *model, info, out);
  Evaluator evaluator(*model);
  evaluator.set_evaluation_date(day);
  fast::Program program = fast::compile_program(*model, day);
  ProgressBar bar(STDERR_FILENO, !o.quiet);
  long ok = 0, bad = 0;
  if (!o.people.empty() && (o.households.size() != 1 || !is_csv_path(o.households[0]))) {
    std::cerr << "doudi run: --people goes with one CSV households file (YAML and JSON give each "
                 "household's people under `people:`)\n";
    return 2;
  }
  for (const auto& path : o.households) {
    if (is_csv_path(path)) {
      run_csv(*model, program, path, *writer, o, bar, rejections, ok, bad, day);
    } else {
      std::vector<HouseholdError> errors;
      auto households = read_household_document(*model, path, errors);
      // A household with three bad fields is one rejected, one errors-file row.
      std::vector<std::vector<HouseholdError>> by_household;
      for (const auto& e : errors) {
        std::cerr << e.render() << "\n";
        if (by_household.empty() || by_household.back().front().household != e.household)
          by_household.emplace_back();
        by_household.back().push_back(e);
      }
      for (const auto& group : by_household) rejections.add(rejected_household(group));
      bad += static_cast<long>(by_household.size());
      for (const auto& h : households) (run_one(evaluator, *writer, h, rejections) ? ok : bad)++;
    }
  }
  writer->finish();
  bar.clear();
  for (auto* f : {file.get(), errors_file.get()}) {
    if (!f) continue;
    std::string why = f->commit();
    if (!why.empty()) {
      std::cerr << "doudi run: " << why << "\n";
      return 2;
    }
  }
  long long ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - started).count();
  // Every row accounted for: read = written + rejected.
  std::string where = bad == 0 ? "" : !o.errors.empty() ? fmt::format(" (listed in {})", o.errors) : " (see above)";
  std::cerr << fmt::format("doudi run: {} household(s) read: {} evaluated and written, {} rejected{} in {}\n",
                           ok + bad, ok, bad, where, seconds_text(ms));
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
  cmd->add_option("--people", options->people,
                  "people file (CSV): one row per person, its household's id in column `household`, "
                  "joined to the CSV households file");
  cmd->add_option("--date", options->date,
                  "evaluate on this date, YYYY-MM-DD (default: today); picks the version in force");
  cmd->add_option("--format", options->format, "table (default), json or csv")
      ->check(CLI::IsMember({"table", "json", "csv"}));
  cmd->add_option("-o,--output", options->output, "write to FILE instead of standard output");
  cmd->add_option("--errors", options->errors,
                  "write one CSV row (file,row,line,id,field,reason) for every household rejected "
                  "to FILE");
  cmd->add_option("--threads", options->threads,
                  "threads evaluating CSV households (default: every core); the output is the "
                  "same whatever the number")
      ->check(CLI::NonNegativeNumber);
  cmd->add_flag("-q,--quiet", options->quiet,
                "no progress line on a terminal (only messages and the final summary)");
  cmd->callback([options, &result] { result = run(*options); });
}

}  // namespace doudi::cli
