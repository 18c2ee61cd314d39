// `doudi history POLICY NAME`: a table, a table cell or a rule over every
// version, with effective dates and the change from one version to the next.
// `doudi diff POLICY VERSION_A VERSION_B`: every table cell and rule that
// differs between two versions, with old and new values, per region.
#include <iostream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/household_files.h"
#include "dsl/loader.h"
#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/value.h"

namespace doudi::cli {
namespace {

struct HistoryOptions {
  std::string policy, name, version_a, version_b;
};

// Money at its scale (610.00), as every result prints it; other numbers as
// they are (a fraction exactly, then to 4 digits).
std::string amount_text(const model::Model& m, const model::Type& type, const Exact& v) {
  if (type.kind == model::TypeKind::money && v.round(*Exact::parse("0.01"), RoundingMode::down) == v)
    return format_value(m, type, v, 2);
  return approximate_text(v);
}

// diff shows cells as written.
std::string cell_text(const std::optional<Exact>& v) { return v ? v->to_string() : "n/a"; }

std::string cell_text(const model::Model& m, const model::Table& t, const std::optional<Exact>& v) {
  return v ? amount_text(m, t.type, *v) : "n/a";
}

// A rule's value when it needs no household (a constant), else nullopt.
std::optional<Exact> constant_value(const model::Model& m, int rule) {
  Evaluator ev(m);
  return ev.constant_rule_value(rule);
}

// Returns false (having said why) when no version has the cell named.
bool table_history(const PolicySet& set, const std::string& name, std::optional<std::string> cell_ref) {
  // A cell is named as in the newest version that has it; older versions show
  // the cell for the same situation (a region by its first district).
  const model::Model* anchor = nullptr;
  int anchor_table = -1;
  std::optional<size_t> anchor_cell;
  if (cell_ref) {
    std::string why;
    for (auto it = set.versions.rbegin(); it != set.versions.rend() && !anchor; ++it)
      if (parse_cell_reference(*it, name + *cell_ref, anchor_table, anchor_cell, why)) anchor = &*it;
    if (!anchor) {
      std::cerr << fmt::format("doudi history: no version has the cell {}{}: {}\n", name, *cell_ref, why);
      return false;
    }
  }
  std::cout << fmt::format("history of {}{} in policy {}\n\n", name, cell_ref.value_or(""),
                           set.versions.front().policy);
  const model::Model* prev = nullptr;
  const model::Table* prev_table = nullptr;
  for (const auto& m : set.versions) {
    int t = -1;
    std::optional<size_t> only;
    std::string why;
    bool found = parse_cell_reference(m, name, t, only, why);
    if (found && anchor && &m != anchor) {
      only = matching_cell(*anchor, anchor->tables[static_cast<size_t>(anchor_table)], *anchor_cell,
                           m, m.tables[static_cast<size_t>(t)]);
      if (!only) {
        found = false;
        why = "no cell for the same situation";
      }
    } else if (found && anchor) {
      only = anchor_cell;
    }
    if (!found) {
      std::cout << fmt::format("{}  (effective {})\n  {}\n", m.version, m.effective_text, why);
      prev = nullptr;
      continue;
    }
    const auto& table = m.tables[static_cast<size_t>(t)];
    std::cout << fmt::format("{}  (effective {})\n", m.version, m.effective_text);
    for (size_t c = 0; c < table.cells.size(); ++c) {
      if (only && *only != c) continue;
      std::string line = fmt::format("  {:<20} {:>8}", cell_name(m, table, c), cell_text(m, table, table.cells[c]));
      if (prev) {
        auto before = matching_cell(m, table, c, *prev, *prev_table);
        if (before && prev_table->cells[*before] && table.cells[c]) {
          line += "   " + change_text(*prev_table->cells[*before], *table.cells[c]);
          std::string was = cell_name(*prev, *prev_table, *before);
          if (was != cell_name(m, table, c)) line += fmt::format("  from {} {}", was, cell_text(*prev, *prev_table, prev_table->cells[*before]));
        }
      }
      std::cout << line << "\n";
    }
    prev = &m;
    prev_table = &table;
  }
  return true;
}

int history(const HistoryOptions& o) {
  auto set = load_policy_reporting(o.policy);
  if (!set) return 2;
  std::string base = o.name.substr(0, o.name.find('['));
  std::optional<std::string> cell;
  if (o.name.find('[') != std::string::npos) cell = o.name.substr(o.name.find('['));
  bool is_table = false, is_rule = false;
  for (const auto& m : set->versions) {
    is_table |= m.find_table(base) >= 0;
    is_rule |= m.find_rule(base) >= 0;
  }
  if (is_table) return table_history(*set, base, cell) ? 0 : 2;
  if (!is_rule) {
    std::cerr << fmt::format("doudi history: no version of {} has a table or rule named '{}'\n", o.policy, base);
    return 2;
  }
  std::cout << fmt::format("history of {} in policy {}\n\n", o.name, set->versions.front().policy);
  std::optional<Exact> prev;
  for (const auto& m : set->versions) {
    int r = m.find_rule(base);
    if (r < 0) {
      std::cout << fmt::format("{}  (effective {})  (no rule '{}')\n", m.version, m.effective_text, base);
      prev.reset();
      continue;
    }
    auto v = constant_value(m, r);
    std::string line = fmt::format("{}  (effective {})  ", m.version, m.effective_text);
    if (v) {
      line += amount_text(m, m.rules[static_cast<size_t>(r)].type, *v);
      if (prev) line += "   " + change_text(*prev, *v);
    } else {
      line += "= " + expression_text(m, m.rules[static_cast<size_t>(r)].body);
    }
    std::cout << line << "\n";
    prev = v;
  }
  return 0;
}

const model::Model* find_version(const PolicySet& set, const std::string& version) {
  for (const auto& m : set.versions)
    if (m.version == version) return &m;
  return nullptr;
}

int diff(const HistoryOptions& o) {
  auto set = load_policy_reporting(o.policy);
  if (!set) return 2;
  const model::Model* a = find_version(*set, o.version_a);
  const model::Model* b = find_version(*set, o.version_b);
  for (auto [m, v] : {std::pair{a, o.version_a}, std::pair{b, o.version_b}}) {
    if (!m) {
      std::vector<std::string> names;
      for (const auto& x : set->versions) names.push_back(x.version);
      std::cerr << fmt::format("doudi diff: no version '{}' (versions: {})\n", v, fmt::join(names, ", "));
      return 2;
    }
  }
  std::cout << fmt::format("policy {}: version {} (effective {}) → version {} (effective {})\n",
                           a->policy, a->version, a->effective_text, b->version, b->effective_text);
  long differences = 0;
  for (const auto& tb : b->tables) {
    if (tb.name.rfind("previous ", 0) == 0) continue;
    int ta = a->find_table(tb.name);
    if (ta < 0) {
      std::cout << fmt::format("\ntable {}: new in {}\n", tb.name, b->version);
      for (size_t c = 0; c < tb.cells.size(); ++c)
        std::cout << fmt::format("  {:<20} {}\n", cell_name(*b, tb, c), cell_text(tb.cells[c]));
      ++differences;
      continue;
    }
    const auto& old = a->tables[static_cast<size_t>(ta)];
    std::vector<std::string> lines;
    for (size_t c = 0; c < tb.cells.size(); ++c) {
      auto before = matching_cell(*b, tb, c, *a, old);
      std::optional<Exact> ov = before ? old.cells[*before] : std::nullopt;
      bool same = before && ((ov && tb.cells[c] && *ov == *tb.cells[c]) || (!ov && !tb.cells[c]));
      if (same) continue;
      std::string line = fmt::format("  {:<20} {:>8} → {:<8}", cell_name(*b, tb, c),
                                     before ? cell_text(ov) : "(none)", cell_text(tb.cells[c]));
      if (ov && tb.cells[c]) line += "  " + change_text(*ov, *tb.cells[c]);
      if (before && cell_name(*a, old, *before) != cell_name(*b, tb, c))
        line += "  (was " + cell_name(*a, old, *before) + ")";
      lines.push_back(line);
    }
    if (!lines.empty()) {
      std::cout << fmt::format("\ntable {}:\n", tb.name);
      for (const auto& l : lines) std::cout << l << "\n";
      differences += static_cast<long>(lines.size());
    }
  }
  for (const auto& ta : a->tables) {
    if (ta.name.rfind("previous ", 0) != 0 && b->find_table(ta.name) < 0) {
      std::cout << fmt::format("\ntable {}: removed in {}\n", ta.name, b->version);
      ++differences;
    }
  }
  for (const auto& rb : b->rules) {
    int ra = a->find_rule(rb.name);
    std::string new_text = expression_text(*b, rb.body);
    if (ra < 0) {
      std::cout << fmt::format("\nrule {}: new in {}\n  + {}\n", rb.name, b->version, new_text);
      ++differences;
      continue;
    }
    std::string old_text = expression_text(*a, a->rules[static_cast<size_t>(ra)].body);
    if (old_text != new_text) {
      std::cout << fmt::format("\nrule {}:\n  - {}\n  + {}\n", rb.name, old_text, new_text);
      ++differences;
    }
  }
  for (const auto& ra : a->rules) {
    if (b->find_rule(ra.name) < 0) {
      std::cout << fmt::format("\nrule {}: removed in {}\n", ra.name, b->version);
      ++differences;
    }
  }
  if (a->regions.size() != b->regions.size() || [&] {
        for (size_t i = 0; i < a->regions.size(); ++i)
          if (a->regions[i].name != b->regions[i].name) return true;
        return false;
      }()) {
    std::cout << "\nregion groups:\n";
    for (const auto& r : a->regions) std::cout << "  - " << r.name << "\n";
    for (const auto& r : b->regions) std::cout << "  + " << r.name << "\n";
    ++differences;
  }
  std::cout << fmt::format("\n{} difference(s)\n", differences);
  return 0;
}

}  // namespace

void add_history_commands(CLI::App& app, int& result) {
  auto options = std::make_shared<HistoryOptions>();
  CLI::App* h = app.add_subcommand(
      "history", "Show a table, a table cell or a rule over every version, with the changes");
  h->add_option("POLICY", options->policy, "a directory of a policy's versions")->required();
  h->add_option("NAME", options->name, "dibao_standard, dibao_standard[一类地区, urban], or a rule")->required();
  h->callback([options, &result] { result = history(*options); });
  CLI::App* d = app.add_subcommand("diff", "Show every table cell and rule that differs between two versions");
  d->add_option("POLICY", options->policy, "a directory of a policy's versions")->required();
  d->add_option("VERSION_A", options->version_a, "the older version, e.g. 2017")->required();
  d->add_option("VERSION_B", options->version_b, "the newer version, e.g. 2020.07")->required();
  d->callback([options, &result] { result = diff(*options); });
}

}  // namespace doudi::cli
