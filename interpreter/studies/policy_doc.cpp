// Rendering the policy document (see policy_doc.h). A version shows the
// tables and rules its own file writes or whose content changed from the
// version before (a `set` changes cells without restating the table); the
// rest it inherits, listed with links to where they are shown.
#include "interpreter/studies/policy_doc.h"

#include <algorithm>
#include <map>
#include <set>

#include <fmt/format.h>

#include "base/date.h"
#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/studies/bound_checks.h"
#include "interpreter/studies/invariant_checks.h"
#include "base/text.h"

namespace doudi {
namespace {

const char* kStyle = R"(
body{font-family:"Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Microsoft YaHei",system-ui,sans-serif;
 margin:0 auto;max-width:64rem;padding:0 1rem 2rem;line-height:1.55;color:#1d1d1f;overflow-wrap:anywhere}
h1{font-size:1.6rem;margin:1rem 0 .3rem}h2{font-size:1.3rem;border-bottom:2px solid #b3261e;padding-bottom:.2rem;margin-top:2rem}
h3{font-size:1.05rem;margin:1.3rem 0 .4rem}h3 code{font-weight:normal;color:#555}
nav ul{padding-left:1.2rem;margin:.3rem 0}.meta{color:#555;font-size:.92rem}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.3rem 0;font-size:.92rem}
th,td{border:1px solid #c9c9c9;padding:.2rem .5rem;vertical-align:top;text-align:left}
th{background:#f3f3f3;font-weight:600}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.figure{display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:flex-start}
.figure>.scroll{flex:0 1 auto}
blockquote{flex:1 1 15rem;margin:.3rem 0;border-left:3px solid #b3261e;padding:.1rem .7rem;color:#333;background:#fbf6f5;font-size:.9rem}
pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#f6f6f6;padding:.5rem .7rem;margin:.3rem 0;font-size:.88rem}
.comment{color:#3b5;font-style:normal}.holds{color:#1b7a2f;font-weight:600}.fails{color:#b3261e;font-weight:600}
.links{font-size:.88rem;color:#444}.change{display:block;font-size:.8rem;color:#666}
a{color:#0b57d0}
@media (max-width:30rem){body{padding:0 .6rem 1rem}h1{font-size:1.3rem}}
@media print{@page{size:A4;margin:14mm 12mm}body{max-width:none;padding:0;font-size:10pt}
 nav{display:none}a{color:inherit;text-decoration:none}.scroll{overflow:visible}
 .figure,table,pre,.rule{break-inside:avoid}h2,h3{break-after:avoid}h2{break-before:page}h2.first{break-before:auto}}
)";

std::string esc(const std::string& s) { return xml_escape(s); }

std::string own_path(const model::Model& m) { return m.file ? m.file->path : ""; }

bool same_cells(const model::Table& a, const model::Table& b) { return a.cells == b.cells; }

// Which version shows each table and rule (see the note at the top).
struct Homes {
  std::vector<std::set<std::string>> tables, rules;  // shown in version i
  std::string table(size_t version, const std::string& name) const { return find(tables, version, name, "t"); }
  std::string rule(size_t version, const std::string& name) const { return find(rules, version, name, "r"); }

 private:
  static std::string find(const std::vector<std::set<std::string>>& shown, size_t version, const std::string& name,
                          const char* kind) {
    for (size_t j = version + 1; j-- > 0;)
      if (shown[j].count(name)) return fmt::format("{}-{}-{}", kind, j, name);
    return "";
  }
};

Homes homes(const PolicySet& set) {
  Homes h;
  for (size_t i = 0; i < set.versions.size(); ++i) {
    const auto& m = set.versions[i];
    const model::Model* prev = i > 0 ? &set.versions[i - 1] : nullptr;
    h.tables.emplace_back();
    h.rules.emplace_back();
    for (const auto& t : m.tables) {
      if (t.name.rfind("previous ", 0) == 0) continue;
      int pt = prev ? prev->find_table(t.name) : -1;
      bool changed = pt < 0 || !same_cells(prev->tables[static_cast<size_t>(pt)], t);
      if (changed || (t.position.file && t.position.file->path == own_path(m))) h.tables.back().insert(t.name);
    }
    for (const auto& r : m.rules) {
      int pr = prev ? prev->find_rule(r.name) : -1;
      bool changed = pr < 0 || expression_text(*prev, prev->rules[static_cast<size_t>(pr)].body) != expression_text(m, r.body);
      if (changed || (r.position.file && r.position.file->path == own_path(m))) h.rules.back().insert(r.name);
    }
  }
  return h;
}

// The tables and rules an expression reads.
void reads(const model::Model& m, const model::Expr& e, std::set<std::string>& tables, std::set<std::string>& rules) {
  if (e.op == model::Op::table_lookup && e.slot >= 0) {
    const auto& name = m.tables[static_cast<size_t>(e.slot)].name;
    if (name.rfind("previous ", 0) != 0) tables.insert(name);
  }
  if (e.op == model::Op::rule && e.slot >= 0) rules.insert(m.rules[static_cast<size_t>(e.slot)].name);
  for (const auto& a : e.args) reads(m, a, tables, rules);
}

std::string key_value(const model::Model& m, const model::TableKey& k, int v) {
  model::Type t;
  t.kind = k.kind;
  t.enumeration = k.enumeration;
  std::string name = value_text(m, t, Exact::from_int(v));
  if (k.kind == model::TypeKind::enumeration) {
    const auto& label = m.enums[static_cast<size_t>(k.enumeration)].values[static_cast<size_t>(v)].label;
    if (!label.empty()) return esc(label) + " <small>" + esc(name) + "</small>";
  }
  return esc(name);
}

std::string figure(const model::Model& m, const model::Table& t, size_t i) {
  return t.cells[i] ? esc(value_text(m, t.type, *t.cells[i])) : "—";
}

std::string table_grid(const model::Model& m, const model::Table& t) {
  std::string out = "<div class=\"scroll\"><table>";
  if (t.keys.size() == 2) {
    const auto &rows = t.keys[0], &cols = t.keys[1];
    out += "<tr><th></th>";
    for (int c = 0; c < cols.size; ++c) out += "<th>" + key_value(m, cols, c) + "</th>";
    out += "</tr>";
    for (int r = 0; r < rows.size; ++r) {
      out += "<tr><th>" + key_value(m, rows, r) + "</th>";
      for (int c = 0; c < cols.size; ++c)
        out += "<td class=\"num\">" + figure(m, t, static_cast<size_t>(r * cols.size + c)) + "</td>";
      out += "</tr>";
    }
  } else if (t.keys.size() == 1) {
    for (int r = 0; r < t.keys[0].size; ++r)
      out += "<tr><th>" + key_value(m, t.keys[0], r) + "</th><td class=\"num\">" + figure(m, t, static_cast<size_t>(r)) + "</td></tr>";
  } else {
    for (size_t i = 0; i < t.cells.size(); ++i)
      out += "<tr><th>" + esc(cell_name(m, t, i)) + "</th><td class=\"num\">" + figure(m, t, i) + "</td></tr>";
  }
  return out + "</table></div>";
}

std::string quotes(const std::vector<std::string>& sources) {
  std::string out;
  for (const auto& s : sources) out += "<blockquote>" + esc(s) + "</blockquote>";
  return out;
}

std::string link_list(const std::vector<std::pair<std::string, std::string>>& links) {
  std::string out;
  for (const auto& [name, anchor] : links)
    out += (out.empty() ? "" : ", ") + (anchor.empty() ? "<code>" + esc(name) + "</code>"
                                                       : "<a href=\"#" + esc(anchor) + "\"><code>" + esc(name) + "</code></a>");
  return out;
}

// The comment lines directly above a declaration in its file.
std::string comment_above(const Position& p) {
  if (!p.file || p.line <= 1) return "";
  std::vector<std::string> lines;
  for (int l = p.line - 1; l >= 1; --l) {
    std::string_view text = p.file->line_text(l);
    size_t a = text.find_first_not_of(" \t");
    if (a == std::string_view::npos || text[a] != '#') break;
    lines.emplace_back(text.substr(a));
  }
  std::string out;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) out += *it + "\n";
  return out;
}

std::string tables_section(const PolicySet& set, size_t vi, const Homes& h) {
  const auto& m = set.versions[vi];
  std::map<std::string, std::vector<std::pair<std::string, std::string>>> readers;
  for (const auto& r : m.rules) {
    std::set<std::string> tables, rules;
    reads(m, r.body, tables, rules);
    for (const auto& t : tables) readers[t].push_back({r.name, h.rule(vi, r.name)});
  }
  std::string out;
  for (const auto& t : m.tables) {
    if (!h.tables[vi].count(t.name)) continue;
    std::string keys;
    for (const auto& k : t.keys) keys += (keys.empty() ? "" : ", ") + k.name;
    out += fmt::format("<h3 id=\"{}\">{} <code>{}</code></h3>", esc(h.table(vi, t.name)), esc(t.label), esc(t.name));
    out += fmt::format("<p class=\"meta\">{}{} by {}</p>", esc(type_name(m, t.type)), t.per.empty() ? "" : " " + esc(t.per), esc(keys));
    out += "<div class=\"figure\">" + table_grid(m, t) + quotes(t.sources) + "</div>";
    if (readers.count(t.name)) out += "<p class=\"links\">Read by " + link_list(readers[t.name]) + ".</p>";
  }
  return out;
}

std::string rules_section(const PolicySet& set, size_t vi, const Homes& h) {
  const auto& m = set.versions[vi];
  std::string out;
  for (const auto& r : m.rules) {
    if (!h.rules[vi].count(r.name)) continue;
    std::set<std::string> tables, rules;
    reads(m, r.body, tables, rules);
    std::vector<std::pair<std::string, std::string>> links;
    for (const auto& t : tables) links.push_back({t, h.table(vi, t)});
    for (const auto& x : rules) links.push_back({x, h.rule(vi, x)});
    out += fmt::format("<div class=\"rule\"><h3 id=\"{}\">{} <code>{}</code></h3>", esc(h.rule(vi, r.name)),
                       esc(r.label.empty() ? r.name : r.label), esc(r.name));
    std::string comment = comment_above(r.position);
    out += "<pre>" + (comment.empty() ? "" : "<span class=\"comment\">" + esc(comment) + "</span>") +
           esc(fmt::format("rule {} : {} =\n  {}", r.name, type_name(m, r.type), expression_text(m, r.body))) + "</pre>";
    out += quotes(r.sources);
    if (!links.empty()) out += "<p class=\"links\">Reads " + link_list(links) + ".</p>";
    out += "</div>";
  }
  return out;
}

// "+103 (+13.4%)"; a repeating fraction to four places: "≈ -0.0258 (-1.9%)".
std::string margin_text(const Exact& from, const Exact& to) {
  std::string text = change_text(from, to);
  Exact diff = to - from;
  std::string exact = (diff.sign() > 0 ? "+" : "") + diff.to_string();
  if (exact.find('/') == std::string::npos || text.compare(0, exact.size(), exact) != 0) return text;
  Exact near = diff.round(*Exact::parse("0.0001"), RoundingMode::half_up);
  return "≈ " + std::string(near.sign() > 0 ? "+" : "") + near.to_string() + text.substr(exact.size());
}

// `a >= b` holds by a - b; `a <= b` by b - a.
std::string margin(const model::Invariant& inv, const Evaluator::InvariantOutcome& o) {
  if (!o.left || !o.right) return "";
  auto op = inv.condition.op;
  if (op == model::Op::greater_equal || op == model::Op::greater) return margin_text(*o.right, *o.left);
  if (op == model::Op::less_equal || op == model::Op::less) return margin_text(*o.left, *o.right);
  return "";
}

// The provinces the versions are bound by, loaded once per path.
struct Province {
  std::optional<PolicySet> set;
  std::string error;  // why it did not load
};
using Provinces = std::map<std::string, Province>;

// One require's table: every combination it ranges over, both sides, the margin.
std::string require_block(const model::Model& m, const model::Invariant& inv, const std::string& note) {
  Evaluator evaluator(m);
  std::string out = "<div class=\"rule\"><h3>" + esc(inv.label.empty() ? "require" : inv.label) + "</h3>";
  if (!note.empty()) out += "<p class=\"meta\">" + esc(note) + "</p>";
  out += "<pre>" + esc("require " + expression_text(m, inv.condition) +
                       (inv.from ? " from " + format_date(*inv.from) : "") +
                       (inv.until ? " until " + format_date(*inv.until) : "")) + "</pre>" + quotes(inv.sources);
  out += "<div class=\"scroll\"><table><tr><th>where</th><th>left</th><th>right</th><th>margin</th><th>holds</th></tr>";
  for_each_combination(inv, [&](const std::vector<int64_t>& values) {
    out += "<tr><td>" + esc(where_text(m, inv, values)) + "</td>";
    try {
      auto o = evaluator.check_invariant(inv, values);
      out += fmt::format("<td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}</tr>",
                         o.left ? esc(side_text(inv.condition.args[0], *o.left, o.left_operands)) : "",
                         o.right ? esc(side_text(inv.condition.args[1], *o.right, o.right_operands)) : "",
                         esc(margin(inv, o)), o.holds ? "<td class=\"holds\">✓ holds</td>" : "<td class=\"fails\">✗ violated</td>");
    } catch (const EvaluationError& e) {
      out += "<td colspan=\"4\">" + esc(e.not_applicable ? "not checked: a figure is n/a (not published)" : e.what()) + "</td></tr>";
    }
  });
  return out + "</table></div></div>";
}

// The rules of the province a version is `bound by`, checked in it (bound_checks.h).
std::string province_section(const PolicySet& set, size_t vi, const Provinces& provinces) {
  const auto& m = set.versions[vi];
  if (m.bound_by.empty()) return "";
  auto found = provinces.find(m.bound_by_path);
  if (found == provinces.end() || !found->second.set)
    return "<p>Bound by " + esc(m.bound_by) + ", which does not load: " +
           esc(found == provinces.end() ? "not found" : found->second.error) + "</p>";
  std::string out;
  for (const auto& r : province_rules(set, vi, *found->second.set)) {
    if (r.bound.model) {
      for (const auto& inv : r.bound.model->invariants) out += require_block(*r.bound.model, inv, r.in_force);
    } else {
      out += "<div class=\"rule\"><h3>" + esc(r.rule->label.empty() ? "require" : r.rule->label) + "</h3><p class=\"meta\">" +
             esc(r.in_force) + "</p><p>" + esc(r.bound.not_applicable ? "Not applicable: " : "Cannot check: ") +
             esc(r.bound.why) + "</p></div>";
    }
  }
  return out;
}

std::string requires_section(const PolicySet& set, size_t vi, const Provinces& provinces) {
  const auto& m = set.versions[vi];
  std::string out;
  for (const auto& inv : m.invariants)
    if (invariant_applies(inv, m.effective, last_day(set, vi))) out += require_block(m, inv, "");
  out += province_section(set, vi, provinces);
  return out.empty() ? "<p>No province rule is in force for this version.</p>" : out;
}

std::string version_section(const PolicySet& set, size_t vi, const Homes& h, const Provinces& provinces) {
  const auto& m = set.versions[vi];
  auto last = last_day(set, vi);
  std::string out = fmt::format("<section id=\"v-{}\"><h2{}>Version {}</h2>", vi, vi == 0 ? " class=\"first\"" : "", esc(m.version));
  out += fmt::format("<p class=\"meta\">In force from <strong>{}</strong>{}. File <code>{}</code>.", esc(m.effective_text),
                     last ? " to " + format_date(*last) : "", esc(own_path(m)));
  if (!m.amends.empty()) {
    std::string target;
    for (size_t j = 0; j < set.versions.size(); ++j)
      if (set.versions[j].version == m.amends) target = fmt::format("v-{}", j);
    out += " Amends version " + (target.empty() ? esc(m.amends) : "<a href=\"#" + target + "\">" + esc(m.amends) + "</a>") + ".";
  }
  if (!m.bound_by.empty()) out += " Bound by the rules of <code>" + esc(m.bound_by) + "</code>.";
  out += "</p>" + quotes(m.sources);
  std::vector<std::pair<std::string, std::string>> inherited;
  for (const auto& t : m.tables)
    if (!h.tables[vi].count(t.name) && t.name.rfind("previous ", 0) != 0) inherited.push_back({t.name, h.table(vi, t.name)});
  for (const auto& r : m.rules)
    if (!h.rules[vi].count(r.name)) inherited.push_back({r.name, h.rule(vi, r.name)});
  if (!inherited.empty()) out += "<p class=\"links\">Inherited unchanged: " + link_list(inherited) + ".</p>";
  std::string tables = tables_section(set, vi, h), rules = rules_section(set, vi, h);
  if (!tables.empty()) out += "<h3>Tables</h3>" + tables;
  if (!rules.empty()) out += "<h3>Rules</h3>" + rules;
  out += "<h3>The province's rules (require)</h3>" + requires_section(set, vi, provinces);
  return out + "</section>";
}

// Every figure of every table across the versions, old to new.
std::string history_section(const PolicySet& set) {
  std::vector<std::string> names;
  for (const auto& m : set.versions)
    for (const auto& t : m.tables)
      if (t.name.rfind("previous ", 0) != 0 && std::find(names.begin(), names.end(), t.name) == names.end())
        names.push_back(t.name);
  std::string out = "<section id=\"history\"><h2>History of every figure</h2>";
  for (const auto& name : names) {
    const model::Model* anchor = nullptr;
    for (const auto& m : set.versions)
      if (m.find_table(name) >= 0) anchor = &m;
    const auto& at = anchor->tables[static_cast<size_t>(anchor->find_table(name))];
    out += fmt::format("<h3 id=\"h-{}\">{} <code>{}</code></h3><div class=\"scroll\"><table><tr><th></th>", esc(name), esc(at.label), esc(name));
    for (const auto& m : set.versions) out += "<th>" + esc(m.version) + "<br/><small>" + esc(m.effective_text) + "</small></th>";
    out += "</tr>";
    for (size_t c = 0; c < at.cells.size(); ++c) {
      out += "<tr><th>" + esc(cell_name(*anchor, at, c)) + "</th>";
      std::optional<Exact> before;
      for (const auto& m : set.versions) {
        int t = m.find_table(name);
        std::optional<size_t> cell = t < 0 ? std::nullopt : matching_cell(*anchor, at, c, m, m.tables[static_cast<size_t>(t)]);
        std::optional<Exact> value = cell ? m.tables[static_cast<size_t>(t)].cells[*cell] : std::nullopt;
        out += "<td class=\"num\">" + (value ? esc(value->to_string()) : "—");
        if (value && before && *value != *before) out += "<span class=\"change\">" + esc(change_text(*before, *value)) + "</span>";
        out += "</td>";
        if (value) before = value;
      }
      out += "</tr>";
    }
    out += "</table></div>";
  }
  return out + "</section>";
}

}  // namespace

std::string policy_document_html(const PolicySet& set) {
  Homes h = homes(set);
  const auto& newest = set.versions.back();
  std::string out = "<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"utf-8\"/>"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>";
  out += "<title>" + esc(newest.policy) + "</title><style>" + kStyle + "</style></head><body>";
  out += "<h1>" + esc(newest.policy) + "</h1><p class=\"meta\">" + std::to_string(set.versions.size()) +
         " version(s), from " + esc(set.versions.front().effective_text) + ". Figures are exact; a dash is a figure not published (n/a).</p>";
  out += "<nav><ul>";
  for (size_t i = 0; i < set.versions.size(); ++i)
    out += fmt::format("<li><a href=\"#v-{}\">Version {}</a> — in force from {}</li>", i, esc(set.versions[i].version),
                       esc(set.versions[i].effective_text));
  out += "<li><a href=\"#history\">History of every figure</a></li></ul></nav>";
  Provinces provinces;
  for (const auto& m : set.versions) {
    if (m.bound_by_path.empty() || provinces.count(m.bound_by_path)) continue;
    Province& p = provinces[m.bound_by_path];
    try {
      p.set = load_policy(m.bound_by_path);
    } catch (const PolicyError& e) {
      p.error = e.render();
    }
  }
  for (size_t i = 0; i < set.versions.size(); ++i) out += version_section(set, i, h, provinces);
  return out + history_section(set) + "</body></html>\n";
}

}  // namespace doudi
