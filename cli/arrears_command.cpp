// `doudi arrears POLICY HOUSEHOLDS... --from YYYY-MM --to YYYY-MM --paid VERSION
// [--format table|csv] [--summary]`: back pay owed month by month when a raise takes effect
// retroactively: due = the benefit under the version in force on the month's
// first day, paid = the benefit under --paid; owed = due - paid when positive.
// --summary prints the totals only (no table or rows per household).
#include <algorithm>
#include <iostream>

#include <fmt/format.h>

#include "base/text.h"
#include "cli/commands.h"
#include "dsl/loader.h"
#include "interpreter/formats/results.h"
#include "interpreter/studies/arrears.h"

namespace doudi::cli {
namespace {

struct ArrearsOptions {
  std::string policy;
  std::vector<std::string> households;
  std::string from, to, paid;
  std::string format = "table";
  bool summary = false;
};

// One household's months: CSV rows and its total row, or an indented table.
void print_household(const ArrearsHousehold& h, bool csv, int scale) {
  if (csv) {
    for (const auto& m : h.months) {
      std::cout << fmt::format("{},{},{},{},{},{},{}\n", csv_field(h.id), month_text(m.month),
                               csv_field(m.due_version->version), amount_text(m.due, scale),
                               amount_text(m.paid, scale), amount_text(m.difference, scale),
                               amount_text(m.owed, scale));
    }
    std::cout << fmt::format("{},total,,{},{},{},{}\n", csv_field(h.id), amount_text(h.due, scale),
                             amount_text(h.paid, scale), amount_text(h.difference, scale),
                             amount_text(h.owed, scale));
    return;
  }
  std::vector<std::vector<std::string>> rows = {
      {"month", "due under", "due", "paid", "difference", "owed"}};
  for (const auto& m : h.months) {
    rows.push_back({month_text(m.month), "version " + m.due_version->version,
                    amount_text(m.due, scale), amount_text(m.paid, scale),
                    signed_amount_text(m.difference, scale), amount_text(m.owed, scale)});
  }
  rows.push_back({"total", "", amount_text(h.due, scale), amount_text(h.paid, scale),
                  signed_amount_text(h.difference, scale), amount_text(h.owed, scale)});
  std::string table = text_table(rows, {false, false, true, true, true, true});
  std::cout << fmt::format("\nhousehold {}\n", h.id);
  for (size_t start = 0; start < table.size();) {  // indented under the household
    size_t end = table.find('\n', start);
    std::cout << "  " << table.substr(start, end - start + 1);
    start = end + 1;
  }
}

int arrears(const ArrearsOptions& o) {
  const char* me = "doudi arrears";
  PolicySet set;
  try {
    int from = parse_month(o.from);
    int to = parse_month(o.to);
    set = load_policy(o.policy);
    const model::Model& paid = find_version(set, o.paid);
    bool csv = o.format == "csv";
    int scale = 2;
    for (const auto& v : set.versions) scale = std::max(scale, output_roles(v).scale);
    if (csv && o.summary) {
      std::cout << "households,rejected,due,paid,difference,owed\n";
    } else if (csv) {
      std::cout << "id,month,version,due,paid,difference,owed\n";
    } else {
      std::cout << fmt::format("back pay: policy {}, {} to {}, paid under version {} (effective {})\n",
                               paid.policy, month_text(from), month_text(to), paid.version,
                               paid.effective_text);
      std::cout << "due: the version in force on each month's first day; owed: due - paid when "
                   "positive (nothing is clawed back)\n";
    }
    auto totals = run_arrears(set, paid, from, to, o.households, std::cerr, [&](const ArrearsHousehold& h) {
      if (o.summary) return;
      print_household(h, csv, scale);
    });
    if (csv && o.summary) {
      std::cout << fmt::format("{},{},{},{},{},{}\n", totals.households, totals.rejected,
                               amount_text(totals.due, scale), amount_text(totals.paid, scale),
                               amount_text(totals.difference, scale), amount_text(totals.owed, scale));
    }
    if (!csv) {
      std::cout << fmt::format("\n{} household(s): due {}, paid {}, owed {}\n", totals.households,
                               amount_text(totals.due, scale), amount_text(totals.paid, scale),
                               amount_text(totals.owed, scale));
      if (totals.overpaid_months > 0) {
        std::cout << fmt::format("{} household-month(s) were paid more than was due: owed 0, not clawed back "
                                 "(difference {})\n",
                                 totals.overpaid_months, signed_amount_text(totals.difference - totals.owed, scale));
      }
    }
    if (totals.rejected > 0) {
      std::cerr << fmt::format("{}: {} household(s) worked out, {} rejected (see above)\n", me,
                               totals.households, totals.rejected);
      return 2;
    }
    return 0;
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return 2;
  } catch (const WhatIfError& e) {
    std::cerr << fmt::format("{}: {}\n", me, e.what());
    return 2;
  }
}

}  // namespace

void add_arrears_command(CLI::App& app, int& result) {
  auto options = std::make_shared<ArrearsOptions>();
  CLI::App* cmd = app.add_subcommand(
      "arrears",
      "Back pay owed month by month when a raise takes effect retroactively: due under the version in "
      "force on each month's first day, minus what was paid under --paid (see docs/LANGUAGE.md, "
      "\"What-if runs\")");
  cmd->add_option("POLICY", options->policy, "a directory of the policy's versions")->required();
  cmd->add_option("HOUSEHOLDS", options->households,
                  "household files: CSV (one per row), YAML or JSON (one, or a list)")
      ->required();
  cmd->add_option("--from", options->from, "the first month owed, YYYY-MM")->required();
  cmd->add_option("--to", options->to, "the last month owed, YYYY-MM")->required();
  cmd->add_option("--paid", options->paid, "the version that was paid in those months, e.g. 2017")->required();
  cmd->add_flag("--summary", options->summary,
               "print the totals only, without a table (or rows) per household; with --format csv, one row "
               "households,rejected,due,paid,difference,owed");
  cmd->add_option("--format", options->format, "table (default) or csv")
      ->check(CLI::IsMember({"table", "csv"}));
  cmd->callback([options, &result] { result = arrears(*options); });
}

}  // namespace doudi::cli
