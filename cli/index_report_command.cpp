// `doudi index-report POLICY HOUSEHOLDS [--date D] [--index NAME] [--bin W]`:
// the options, the policy and the households; the report itself is
// interpreter/studies/index_report.h.
#include <iostream>
#include <map>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/household_files.h"
#include "base/date.h"
#include "dsl/loader.h"
#include "dsl/printer.h"
#include "interpreter/studies/index_report.h"

namespace doudi::cli {
namespace {

struct IndexReportOptions {
  std::string policy, households, date, index, bin = "10";
  std::string people;  // --people PEOPLE.csv for a CSV households file
};

int report(const IndexReportOptions& o) {
  auto date = date_option(o.date, "index-report");
  if (!date) return 2;
  int day = *date;
  auto width = Exact::parse(o.bin);
  if (!width || width->sign() <= 0) {
    std::cerr << "doudi index-report: --bin takes a positive number of points, e.g. 10\n";
    return 2;
  }
  PolicySet set;
  const model::Model* m = load_in_force(o.policy, day, set);
  if (!m) return 2;
  const model::Index* index = nullptr;
  for (const auto& x : m->indices)
    if (o.index.empty() || x.name == o.index) index = index ? index : &x;
  if (!index) {
    std::cerr << fmt::format("doudi index-report: policy {} version {} has {}\n", m->policy, m->version,
                             o.index.empty() ? "no index" : "no index named '" + o.index + "'");
    return 2;
  }
  long bad = 0;
  auto households = read_household_file(*m, o.households, bad, o.people);
  IndexScores scores = score_households(*m, *index, households, day, std::cerr);
  print_index_report(*m, scores, *width, day, std::cout);
  return bad + scores.rejected > 0 ? 2 : 0;
}

}  // namespace

void add_index_report_command(CLI::App& app, int& result) {
  auto options = std::make_shared<IndexReportOptions>();
  CLI::App* cmd = app.add_subcommand("index-report",
                                     "Grades, score distribution and households near a band boundary");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("HOUSEHOLDS", options->households, "a household file: CSV, YAML or JSON")->required();
  cmd->add_option("--people", options->people,
                  "people file (CSV) for a CSV households file: one row per person, its household's id "
                  "in column `household`");
  cmd->add_option("--date", options->date, "evaluate on this date, YYYY-MM-DD (default: today)");
  cmd->add_option("--index", options->index, "which index, when the policy has several");
  cmd->add_option("--bin", options->bin, "histogram bin width in points (default 10)");
  cmd->callback([options, &result] { result = report(*options); });
}

}  // namespace doudi::cli
