// `doudi whatif POLICY HOUSEHOLDS... [--date D] (--set NAME=VALUE ... | --reform FILE |
// --against VERSION) [--detail FILE] [--report FILE.html] [--title TEXT]
// [--unit yuan|wan] [--from YYYY-MM --to YYYY-MM]`: the households under the
// version in force and under an alternative, compared: coverage and cost by
// region group, district, hukou, grade and output, gains and losses, the
// largest changes; the briefing's facts (title, scenario in words, data file,
// fingerprint, time of the run); the cost over budget months.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include <fmt/format.h>

#include "cli/atomic_file.h"
#include "cli/output_targets.h"
#include "cli/commands.h"
#include "cli/household_files.h"
#include "base/date.h"
#include "dsl/loader.h"
#include "interpreter/formats/metadata.h"
#include "interpreter/studies/arrears.h"
#include "interpreter/studies/invariant_checks.h"
#include "interpreter/studies/report_html.h"
#include "interpreter/studies/whatif.h"

namespace doudi::cli {
namespace {

struct WhatIfOptions {
  std::string policy;
  std::vector<std::string> households;
  std::string date;
  std::vector<std::string> sets;
  std::string reform;
  std::string against;
  std::string detail;
  std::string report;
  std::string title;
  std::string unit = "yuan";
  std::string from, to;  // budget months, YYYY-MM
  std::string threads = "0";  // 0: four stretches at once
};

// --from/--to: the months (inclusive) and, without --date, the baseline's
// date (the first day of --from). Returns false after saying what is wrong.
bool budget_months(const WhatIfOptions& o, WhatIfSummary& s, std::string& date) {
  if (o.from.empty() && o.to.empty()) return true;
  if (o.from.empty() || o.to.empty()) {
    std::cerr << "doudi whatif: give both --from YYYY-MM and --to YYYY-MM (the budget months)\n";
    return false;
  }
  try {
    int from = parse_month(o.from), to = parse_month(o.to);
    if (from > to) throw WhatIfError(fmt::format("--from {} is after --to {}", o.from, o.to));
    s.months = to - from + 1;
    s.from = month_text(from);
    s.to = month_text(to);
    if (date.empty()) date = s.from + "-01";
    return true;
  } catch (const WhatIfError& e) {
    std::cerr << fmt::format("doudi whatif: {}\n", e.what());
    return false;
  }
}

// The briefing's facts beside the comparison (see WhatIfSummary).
void briefing_facts(const WhatIfOptions& o, const PolicySet& set, const model::Model& base,
                    const model::Model& alternative, const WhatIfSummary& budget, WhatIfSummary& s) {
  s.months = budget.months;
  s.from = budget.from;
  s.to = budget.to;
  s.title = o.title;
  if (!o.reform.empty()) s.description = alternative.description;
  s.run_at = run_time_text();
  s.fingerprint = metadata::policy_fingerprint(set);
  for (const auto& f : o.households) s.data_files.push_back(std::filesystem::path(f).filename().string());
  s.scenario = scenario_changes(base, alternative);
  s.wan = o.unit == "wan";
}

// The alternative: --set cells, a reform file or another version (`changed`
// holds one built here); `how` says which in words. Throws PolicyError and
// WhatIfError.
const model::Model* alternative_of(const WhatIfOptions& o, const PolicySet& set, const model::Model& base, int day,
                                   model::Model& changed, std::string& how, std::vector<std::string>& notes) {
  if (!o.sets.empty()) {
    std::vector<Setting> settings;
    std::vector<std::string> texts;
    for (const auto& text : o.sets) {
      settings.push_back(parse_setting(text));
      texts.push_back(fmt::format("{}={}", settings.back().target, settings.back().value));
    }
    changed = apply_settings(set, base, settings);
    how = fmt::format("--set {}", fmt::join(texts, ", --set "));
    return &changed;
  }
  if (!o.reform.empty()) {
    changed = load_reform(set, base, o.reform, &notes, day);
    how = "reform file " + std::filesystem::path(o.reform).filename().string();
    return &changed;
  }
  how = fmt::format("version {} of the policy", o.against);
  return &find_version(set, o.against);
}

int whatif(const WhatIfOptions& o) {
  const char* me = "doudi whatif";
  WhatIfSummary budget;
  std::string date_text = o.date;
  if (!budget_months(o, budget, date_text)) return 2;
  auto date = date_option(date_text, "whatif");
  if (!date) return 2;
  int day = *date;
  auto threads = threads_option(o.threads, "whatif");
  if (!threads) return 2;
  std::vector<NamedFile> inputs{{"POLICY", o.policy}, {"--reform", o.reform}};
  for (const auto& h : o.households) inputs.push_back({"HOUSEHOLDS", h});
  if (std::string clash = output_clash({{"--detail", o.detail}, {"--report", o.report}}, inputs); !clash.empty()) {
    std::cerr << fmt::format("{}: {}\n", me, clash);
    return 2;
  }
  int alternatives = (o.sets.empty() ? 0 : 1) + (o.reform.empty() ? 0 : 1) + (o.against.empty() ? 0 : 1);
  if (alternatives != 1) {
    std::cerr << fmt::format("{}: give the alternative with exactly one of --set NAME=VALUE (repeatable), "
                             "--reform FILE or --against VERSION\n", me);
    return 2;
  }
  PolicySet set;
  const model::Model* base = nullptr;
  model::Model changed;
  const model::Model* alternative = nullptr;
  std::string how;
  std::vector<std::string> notes;
  try {
    set = load_policy(o.policy);
    base = &set.in_force(day);
    alternative = alternative_of(o, set, *base, day, changed, how, notes);
    if (budget.months > 0 && output_roles(*base).period != model::Type::Period::month)
      throw WhatIfError("--from/--to give the cost over budget months: the baseline's benefit is not per month");
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return 2;
  } catch (const WhatIfError& e) {
    std::cerr << fmt::format("{}: {}\n", me, e.what());
    return 2;
  }

  std::unique_ptr<AtomicFile> detail;
  if (!o.detail.empty()) {
    detail = std::make_unique<AtomicFile>(o.detail);
    if (!detail->ok()) {
      std::cerr << fmt::format("{}: cannot write {}\n", me, o.detail);
      return 2;
    }
  }
  WhatIfSummary s;
  try {
    s = run_whatif(*base, *alternative, o.households, detail ? &detail->stream() : nullptr, std::cerr, day,
                   *threads);
  } catch (const WhatIfError& e) {
    std::cerr << fmt::format("{}: {}\n", me, e.what());
    return 2;
  }
  s.date = format_date(day);
  briefing_facts(o, set, *base, *alternative, budget, s);
  s.alternative_how = how;
  s.notes = notes;
  for (const auto& n : notes) std::cerr << n << "\n";
  s.violations = alternative_violations(set, *base, *alternative);
  print_summary(s, std::cout);
  int code = 0;
  if (detail) {
    std::string error = detail->commit();
    if (!error.empty()) {
      std::cerr << fmt::format("{}: {}\n", me, error);
      code = 2;
    }
  }
  if (!o.report.empty()) {
    AtomicFile report(o.report);
    if (report.ok()) report.stream() << whatif_report_html(s);
    std::string error = report.ok() ? report.commit() : fmt::format("cannot write {}", o.report);
    if (!error.empty()) {
      std::cerr << fmt::format("{}: {}\n", me, error);
      code = 2;
    }
  }
  if (s.rejected > 0 || s.not_applicable > 0) {  // not every household is in the sums
    std::cerr << fmt::format("{}: {} household(s) compared, {} rejected{} (see above)\n", me, s.households,
                             s.rejected,
                             s.not_applicable ? fmt::format(", {} left out for an output that is n/a", s.not_applicable)
                                              : "");
    if (code == 0) code = 1;
  }
  return code;
}

}  // namespace

void add_whatif_command(CLI::App& app, int& result) {
  auto options = std::make_shared<WhatIfOptions>();
  CLI::App* cmd = app.add_subcommand(
      "whatif",
      "Compare households under the version in force and an alternative: coverage and cost by region "
      "group and grade, gains, losses and the largest changes (see docs/LANGUAGE.md, \"What-if runs\")");
  cmd->add_option("POLICY", options->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("HOUSEHOLDS", options->households,
                  "household files: CSV (one per row), YAML or JSON (one, or a list)")
      ->required();
  cmd->add_option("--date", options->date,
                  "the baseline is the version in force on this date, YYYY-MM-DD (default: today)");
  cmd->add_option("--set", options->sets,
                  "NAME=VALUE: a table cell, 'dibao_standard[一类地区, urban]=660' (keys in the table's "
                  "order: a region group, a district or an enumeration value), or a rule that needs no "
                  "household, 'NAME=VALUE'; VALUE a number (n/a for a cell). Repeat for several")
      ->allow_extra_args(false);  // one NAME=VALUE per --set: the next word is not swallowed
  cmd->add_option("--reform", options->reform,
                  "a policy file of set/table/rule lines amending the version in force");
  cmd->add_option("--against", options->against, "another version of the policy, e.g. 2017");
  cmd->add_option("--detail", options->detail,
                  "write a CSV row per household: id, <output>_before, <output>_after, <output>_diff");
  cmd->add_option("--report", options->report,
                  "write a self-contained HTML page with the tables and SVG charts");
  cmd->add_option("--title", options->title,
                  "the briefing's title, printed first in the summary and the report (default: the policy's name)");
  cmd->add_option("--unit", options->unit, "amounts in yuan (元, default) or wan (万元: yuan / 10000, exact)")
      ->check(CLI::IsMember({"yuan", "wan"}));
  cmd->add_option("--from", options->from,
                  "the first budget month, YYYY-MM: the cost of a change from that month to --to (and, without "
                  "--date, the baseline is the version in force on its first day)");
  cmd->add_option("--to", options->to, "the last budget month, YYYY-MM (with --from)");
  cmd->add_option("--threads", options->threads,
                  "stretches of the input read and evaluated at once (default 0: four; at most four per core); the "
                  "results do not depend on it");
  cmd->callback([options, &result] { result = whatif(*options); });
}

}  // namespace doudi::cli
