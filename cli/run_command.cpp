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

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/date.h"
#include "cli/atomic_file.h"
#include "cli/output_targets.h"
#include "cli/standard_output.h"
#include "cli/commands.h"
#include "cli/household_files.h"
#include "cli/progress.h"
#include "dsl/loader.h"
#include "interpreter/compiled/program.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/errors_file.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/formats/household_ids.h"
#include "interpreter/formats/metadata.h"
#include "interpreter/formats/text_encoding.h"
#include "interpreter/formats/results.h"
#include "interpreter/pipeline/batch_run.h"

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
  std::string threads_text = "0";  // as given; 0: every core
  int threads = 0;
  bool quiet = false;
  bool excel = false;                    // --excel: CSV for Excel (BOM, CRLF, labels, ids as text)
  std::string encoding = "auto";         // --encoding: of the household and people files
  std::string extra_columns = "error";   // --extra-columns error|ignore|pass
  bool verbose = false;                  // also say which path evaluated the households
};

// Where rejected households go besides stderr: the errors file, if any.
struct Rejections {
  ErrorsFile* file = nullptr;
  void add(const RejectedHousehold& r) {
    if (file) file->add(r);
  }
};

// Evaluates one household, writing its result (saying which outputs are
// n/a, counted in `not_applicable`) or reporting its error.
bool run_one(const model::Model& model, Evaluator& evaluator, ResultWriter& writer, const Household& h,
             Rejections& rejections, long& not_applicable) {
  try {
    const auto& outputs = evaluator.evaluate(h);
    writer.write(h, outputs, evaluator.member_values(), evaluator.not_applicable());
    if (!evaluator.not_applicable().empty()) {
      std::cerr << not_applicable_message(model, h, evaluator.not_applicable());
      ++not_applicable;
    }
    return true;
  } catch (const EvaluationError& e) {
    std::cerr << evaluation_error_message(h, e);
    rejections.add(rejected_household(h, e));
    return false;
  }
}

// What a run has counted so far: households read = written + rejected, and
// the files that could not be used at all (not households: exit status 2).
struct Tally {
  long ok = 0, bad = 0, file_errors = 0;
  long not_applicable = 0;  // of the evaluated: with an output that is n/a
  long fast = 0;            // of the evaluated: by the compiled program (CSV files)
  unsigned long long bytes_before = 0, bytes_total = 0;  // of every CSV file, for the progress line
  HouseholdIds ids;  // given so far: a repeated id is a rejected household
  std::vector<std::pair<std::string, std::string>> read_as;  // each CSV/xlsx file: how it was read
};

// Runs one CSV household file through the batch pipeline; counts into `tally`.
void run_csv(const model::Model& model, const fast::Program& program, const std::string& path,
             const std::string& name, ResultWriter& writer, const RunOptions& o, ProgressBar& bar,
             Rejections& rejections, Tally& tally, int evaluation_date) {
  BatchRunOptions options;
  options.threads = o.threads;
  options.name = name;
  options.ids = &tally.ids;
  options.rejected = [&](const RejectedHousehold& r) { rejections.add(r); };
  options.evaluation_date = evaluation_date;
  options.people = o.people;
  options.extra_columns = *extra_columns_from_name(o.extra_columns);
  long rows_before = tally.ok + tally.bad;
  options.messages = [&](std::string_view text) {
    bar.clear();
    std::cerr << text;
  };
  options.progress = [&](const BatchProgress& p) {
    // The share and the time left count every file, not just this one.
    bar.update(across_files(ProgressCount{p.rows, p.bytes_done, p.bytes_total}, rows_before,
                            tally.bytes_before, tally.bytes_total));
  };
  BatchRunResult r = run_csv_file(model, program, path, writer, options);
  tally.read_as.emplace_back(name, r.read_as);
  if (!r.unknown_columns.empty()) {
    bar.clear();
    std::cerr << "doudi run: " << name << ": "
              << unknown_columns_message(r.unknown_columns, model::Scope::household, options.extra_columns) << "\n";
  }
  if (r.file_error) {
    bar.clear();
    std::cerr << r.file_error->render() << "\n";
    rejections.add(rejected_household({*r.file_error}));
    ++tally.file_errors;
  } else if (!o.people.empty() && !r.people_in_order) {
    bar.clear();
    std::cerr << fmt::format("doudi run: {} is not in household order: its people were joined through "
                             "an index held in memory ({} MiB)\n",
                             o.people, (r.people_memory + (1 << 20) - 1) >> 20);
  }
  tally.ok += r.evaluated;
  tally.not_applicable += r.not_applicable;
  tally.fast += r.fast;
  tally.bad += r.rejected;
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (!ec) tally.bytes_before += size;
}

// Reads and evaluates one YAML/JSON household document (`text` when given,
// else the file at `name`); counts into `tally`.
void run_document(const model::Model& model, Evaluator& evaluator, ResultWriter& writer,
                  const std::string& name, const std::string* text, Rejections& rejections,
                  Tally& tally) {
  std::vector<HouseholdError> errors;
  auto households = text ? read_household_text(model, name, *text, errors)
                         : read_household_document(model, name, errors);
  // A household with three bad fields is one rejected, one errors-file row.
  std::vector<std::vector<HouseholdError>> by_household;
  for (const auto& e : errors) {
    std::cerr << e.render() << "\n";
    // Its members' errors name the member ("household 2, member 1") but are
    // the household's: grouped by its place in the file.
    if (by_household.empty() || by_household.back().front().position != e.position ||
        by_household.back().front().household.empty() != e.household.empty())
      by_household.emplace_back();
    by_household.back().push_back(e);
  }
  for (const auto& group : by_household) {
    rejections.add(rejected_household(group));
    (group.front().household.empty() ? tally.file_errors : tally.bad)++;  // "": the file itself
  }
  for (const auto& h : households) {
    if (h.id_given && !tally.ids.insert(h.id)) {
      HouseholdError e{name, fmt::format("household {} (id {})", h.position, h.id), "id", duplicate_id_message(h.id)};
      e.position = h.position;
      e.id = h.id;
      std::cerr << e.render() << "\n";
      rejections.add(rejected_household({e}));
      ++tally.bad;
      continue;
    }
    (run_one(model, evaluator, writer, h, rejections, tally.not_applicable) ? tally.ok : tally.bad)++;
  }
}

// How the CSV and xlsx files were read, for the summary: "; read as UTF-8",
// or each file's way when they differ ("; households.csv read as GB18030").
std::string read_as_text(const Tally& tally, const RunOptions& o) {
  if (tally.read_as.empty()) return "";
  bool same = true;
  for (const auto& [name, how] : tally.read_as) same = same && how == tally.read_as.front().second;
  std::string asked = o.encoding == "auto" ? "" : " (--encoding)";
  if (same && tally.read_as.size() > 1) return fmt::format("; read as {}{}", tally.read_as.front().second, asked);
  std::string out;
  for (const auto& [name, how] : tally.read_as) out += fmt::format("; {} read as {}", name, how);
  return out + asked;
}

// "0.42 s" from milliseconds, without floating point.
std::string seconds_text(long long ms) { return fmt::format("{}.{:02} s", ms / 1000, ms % 1000 / 10); }

// The bytes of every CSV household file, for the progress line's share.
unsigned long long csv_bytes(const std::vector<std::string>& paths) {
  unsigned long long total = 0;
  for (const auto& path : paths) {
    std::error_code ec;
    if (path == "-" || !is_csv_path(path)) continue;
    auto size = std::filesystem::file_size(path, ec);
    if (!ec) total += size;
  }
  return total;
}

int run(RunOptions o) {
  set_default_text_encoding(*text_encoding_from_name(o.encoding));  // every file this run reads
  auto day = date_option(o.date, "run");
  if (!day) return 2;
  if (auto threads = threads_option(o.threads_text, "run")) o.threads = *threads;
  else return 2;
  if (std::count(o.households.begin(), o.households.end(), "-") > 1) {
    std::cerr << "doudi run: '-' (standard input) can be given once\n";
    return 2;
  }
  static const std::map<std::string, OutputFormat> formats = {
      {"table", OutputFormat::table}, {"json", OutputFormat::json}, {"csv", OutputFormat::csv},
      {"xlsx", OutputFormat::xlsx}};
  if (o.format == "xlsx" && o.output.empty()) {
    std::cerr << "doudi run: --format xlsx writes a workbook: name it with -o FILE.xlsx\n";
    return 2;
  }
  if (o.excel && o.format != "csv") {
    std::cerr << "doudi run: --excel goes with --format csv (an .xlsx workbook is --format xlsx)\n";
    return 2;
  }
  std::vector<NamedFile> inputs{{"POLICY", o.policy}, {"--people", o.people}};
  for (const auto& h : o.households) inputs.push_back({"HOUSEHOLDS", h});
  if (std::string clash = output_clash({{"-o", o.output}, {"--errors", o.errors}}, inputs); !clash.empty()) {
    std::cerr << "doudi run: " << clash << "\n";
    return 2;
  }
  PolicySet set;
  const model::Model* model = load_in_force(o.policy, *day, set);
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
  RunInfo info{o.policy, format_date(*day)};
  info.excel = o.excel;
  if (o.format == "xlsx") info.fingerprint = metadata::policy_fingerprint(set);
  auto started = std::chrono::steady_clock::now();
  auto writer = make_result_writer(formats.at(o.format), *model, info, out);
  Evaluator evaluator(*model);
  evaluator.set_evaluation_date(*day);
  fast::Program program = fast::compile_program(*model, *day);
  ProgressBar bar(STDERR_FILENO, !o.quiet);
  Tally tally;
  tally.bytes_total = csv_bytes(o.households);
  if (!o.people.empty() && (o.households.size() != 1 || !is_csv_path(o.households[0]))) {
    std::cerr << "doudi run: --people goes with one CSV households file (YAML and JSON give each "
                 "household's people under `people:`)\n";
    return 2;
  }
  for (const auto& path : o.households) {
    if (path == "-") {
      auto in = read_stdin_households("run");
      if (!in) {
        ++tally.file_errors;
      } else if (in->csv) {
        run_csv(*model, program, in->path, StdinHouseholds::kName, *writer, o, bar, rejections, tally, *day);
      } else {
        run_document(*model, evaluator, *writer, StdinHouseholds::kName, &in->text, rejections, tally);
      }
    } else if (is_csv_path(path)) {
      run_csv(*model, program, path, path, *writer, o, bar, rejections, tally, *day);
    } else {
      run_document(*model, evaluator, *writer, path, nullptr, rejections, tally);
    }
  }
  writer->finish();
  bar.clear();
  if (std::string why = writer->problem(); !why.empty()) {
    std::cerr << "doudi run: " << o.output << ": " << why << "\n";
    return 2;
  }
  if (!file) {
    if (std::string why = standard_output_problem(); !why.empty()) {
      std::cerr << "doudi run: " << why << " (the results are not all there)\n";
      return 2;
    }
  }
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
  // Every row accounted for: read = written + rejected; a file that could
  // not be used is no household.
  long ok = tally.ok, bad = tally.bad;
  std::string where = bad == 0 ? "" : !o.errors.empty() ? fmt::format(" (listed in {})", o.errors) : " (see above)";
  std::string files = tally.file_errors == 0
                          ? ""
                          : fmt::format("; {} file(s) could not be used (see above)", tally.file_errors);
  std::string na = tally.not_applicable == 0
                       ? ""
                       : fmt::format(" ({} with outputs that are n/a: a figure not published, see above)",
                                     tally.not_applicable);
  std::cerr << fmt::format("doudi run: {} household(s) read: {} evaluated and written{}, {} rejected{} in {}{}{}\n",
                           ok + bad, ok, na, bad, where, seconds_text(ms), files, read_as_text(tally, o));
  if (o.verbose)
    std::cerr << fmt::format("doudi run: of the {} evaluated, {} by the compiled program and {} by the exact "
                             "evaluator (the same results either way)\n",
                             ok, tally.fast, ok - tally.fast);
  return tally.file_errors > 0 ? 2 : bad > 0 ? 1 : 0;
}

}  // namespace

void add_run_command(CLI::App& app, int& result) {
  auto options = std::make_shared<RunOptions>();
  CLI::App* cmd = app.add_subcommand(
      "run", "Evaluate a policy on household files and print every declared output");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")
      ->required();
  cmd->add_option("HOUSEHOLD", options->households,
                  "household files: CSV (one per row), YAML or JSON (one, or a list); - reads "
                  "standard input")
      ->required();
  cmd->add_option("--people", options->people,
                  "people file (CSV): one row per person, its household's id in column `household`, "
                  "joined to the CSV households file");
  cmd->add_option("--date", options->date,
                  "evaluate on this date, YYYY-MM-DD (default: today); picks the version in force");
  cmd->add_option("--format", options->format, "table (default), json, csv or xlsx (an Excel workbook: needs -o FILE.xlsx)")
      ->check(CLI::IsMember({"table", "json", "csv", "xlsx"}));
  cmd->add_flag("--excel", options->excel,
                "with --format csv: CSV as Excel opens it (UTF-8 with BOM, CRLF, label headers, ids kept as text)");
  cmd->add_option("--encoding", options->encoding,
                  "of the household and people files: auto (default: UTF-8, or GB18030 when the file is not "
                  "UTF-8 but is GB18030), utf-8 or gb18030")
      ->check(CLI::IsMember({"auto", "utf-8", "gb18030"}));
  cmd->add_option("--extra-columns", options->extra_columns,
                  "columns that name no input: error (default), ignore, or pass (copied to the output beside id)")
      ->check(CLI::IsMember({"error", "ignore", "pass"}));
  cmd->add_option("-o,--output", options->output, "write to FILE instead of standard output");
  cmd->add_option("--errors", options->errors,
                  "write one CSV row (file,row,line,id,field,reason) for every household rejected "
                  "to FILE");
  cmd->add_option("--threads", options->threads_text,
                  "threads evaluating CSV households (default 0: every core); the output is the "
                  "same whatever the number");
  cmd->add_flag("-v,--verbose", options->verbose,
                "also say how many households the compiled program evaluated and how many the exact "
                "evaluator did");
  cmd->add_flag("-q,--quiet", options->quiet,
                "no progress line on a terminal (only messages and the final summary)");
  cmd->footer(
      "Exit status: 0 every household was evaluated; 1 the run completed but some households were "
      "rejected (each on stderr, counted in the summary and listed by --errors); 2 bad usage, a "
      "policy that does not check, or an input file that could not be used at all (missing, "
      "unreadable, not CSV/YAML/JSON, a bad header). An output that needs a figure written n/a is printed "
      "n/a with the reason on stderr; its household counts as evaluated.");
  cmd->callback([options, &result] { result = run(*options); });
}

}  // namespace doudi::cli
