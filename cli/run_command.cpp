// `doudi run POLICY HOUSEHOLD... [--date D] [--format table|json|csv] [-o FILE]`:
// evaluates the policy version in force on the date for every household and
// prints every declared output. CSV household files are streamed row by row.
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
#include "interpreter/evaluator.h"
#include "interpreter/household.h"
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
};

// Evaluates one household, writing its result or reporting its error.
bool run_one(Evaluator& evaluator, ResultWriter& writer, const Household& h) {
  try {
    writer.write(h, evaluator.evaluate(h));
    return true;
  } catch (const EvaluationError& e) {
    std::cerr << fmt::format("{}: {}{} (at {})\n", describe(h),
                             e.rule.empty() ? "" : "rule '" + e.rule + "': ", e.what(),
                             e.position.to_string());
    return false;
  }
}

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
  auto writer = make_result_writer(formats.at(o.format), *model, info, out);
  Evaluator evaluator(*model);
  long ok = 0, bad = 0;
  for (const auto& path : o.households) {
    if (is_csv_path(path)) {
      CsvHouseholdReader reader(*model, path);
      if (reader.error()) {
        std::cerr << reader.error()->render() << "\n";
        ++bad;
        continue;
      }
      Household h;
      std::optional<HouseholdError> row_error;
      while (reader.next(h, row_error)) {
        if (row_error) {
          std::cerr << row_error->render() << "\n";
          ++bad;
        } else if (run_one(evaluator, *writer, h)) {
          ++ok;
        } else {
          ++bad;
        }
      }
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
  if (bad > 0) {
    std::cerr << fmt::format("doudi run: {} household(s) evaluated, {} rejected (see above)\n", ok,
                             bad);
    return 2;
  }
  return 0;
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
  cmd->callback([options, &result] { result = run(*options); });
}

}  // namespace doudi::cli
