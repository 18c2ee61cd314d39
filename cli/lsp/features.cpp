// Hover, definition, references, symbols, completion, formatting and
// diagnostics over the workspace's checked versions. Names are found with
// the formatter's lexer (dsl/format_tokens.h), so comments and quoted text
// are never taken for names.
#include "cli/lsp/features.h"

#include <algorithm>

#include <fmt/format.h>

#include "dsl/format.h"
#include "dsl/format_tokens.h"
#include "dsl/parser.h"
#include "dsl/printer.h"
#include "dsl/version_compare.h"

namespace doudi::lsp {
namespace {

using layout::Token;
using layout::TokenKind;

std::string_view line_of(const std::string& text, int line, size_t* start = nullptr) {
  size_t at = 0;
  for (int l = 0; l < line && at != std::string::npos; ++l) {
    at = text.find('\n', at);
    if (at != std::string::npos) ++at;
  }
  if (at == std::string::npos || at > text.size()) return {};
  size_t end = text.find('\n', at);
  if (end == std::string::npos) end = text.size();
  if (start) *start = at;
  std::string_view v(text.data() + at, end - at);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

int utf16_of_bytes(std::string_view line, size_t bytes) {
  int units = 0;
  for (size_t i = 0; i < bytes && i < line.size(); ++i) {
    unsigned char b = static_cast<unsigned char>(line[i]);
    if ((b & 0xC0) != 0x80) units += (b >> 3) == 0x1E ? 2 : 1;
  }
  return units;
}

// The name under the cursor: one segment of a dotted path (member.age -> age).
struct NameAt {
  std::string name;
  bool member = false;        // member.NAME
  bool type = false;          // where a type or a key is written: `: hukou`, `by region, hukou`
  std::vector<Token> tokens;  // the line's
  size_t index = 0;           // of the token holding the name
};

std::optional<NameAt> name_at(Workspace& w, const std::string& path, int line, int character) {
  std::string text = w.text(path);
  std::string_view l = line_of(text, line);
  size_t byte = byte_offset(l, character);
  NameAt at;
  at.tokens = layout::lex_declaration(l, 0, l.size(), 1);
  for (size_t k = 0; k < at.tokens.size(); ++k) {
    const Token& t = at.tokens[k];
    if (t.kind != TokenKind::word || byte < t.begin || byte > t.begin + t.text.size()) continue;
    size_t offset = byte - t.begin, from = 0;
    std::vector<std::string> parts;
    for (size_t dot; (dot = t.text.find('.', from)) != std::string::npos; from = dot + 1)
      parts.push_back(t.text.substr(from, dot - from));
    parts.push_back(t.text.substr(from));
    size_t seg = 0;
    for (size_t pos = 0; seg + 1 < parts.size() && offset > pos + parts[seg].size(); ++seg) pos += parts[seg].size() + 1;
    at.name = parts[seg];
    at.member = seg > 0 && parts[0] == "member";
    at.index = k;
    at.type = k > 0 && at.tokens[k - 1].text == ":";
    for (size_t j = 0; j < k && !at.type; ++j) at.type = at.tokens[j].text == "by" && at.tokens[0].text != "bands";
    return at;
  }
  return std::nullopt;
}

std::string quoted_sources(const std::vector<std::string>& sources) {
  std::string out;
  for (const auto& s : sources) out += "\n> " + s + "\n";
  return out;
}

std::string cell_value(const model::Model& m, const model::Table& t, size_t i) {
  if (!t.cells[i]) return "n/a";
  return value_text(m, t.type, *t.cells[i]);
}

// `name[k1, k2]` at the cursor: the reference as text, or "".
std::string cell_reference(const NameAt& at) {
  const auto& t = at.tokens;
  if (at.index + 1 >= t.size() || t[at.index + 1].text != "[") return "";
  std::string ref = t[at.index].text + "[";
  for (size_t k = at.index + 2; k < t.size(); ++k) {
    if (t[k].text == "]") return ref + "]";
    ref += t[k].kind == TokenKind::comma ? ", " : t[k].text;
  }
  return "";
}

std::string table_hover(const model::Model& m, const model::Model* previous, const model::Table& t,
                        const NameAt& at) {
  std::string ref = cell_reference(at);
  int table = -1;
  std::optional<size_t> cell;
  std::string why;
  if (!ref.empty() && parse_cell_reference(m, ref, table, cell, why) && cell) {
    std::string out = fmt::format("**{}** = {} in version {}", ref, cell_value(m, t, *cell), m.version);
    int pt = previous ? previous->find_table(t.name) : -1;
    if (pt >= 0) {
      const auto& ptable = previous->tables[static_cast<size_t>(pt)];
      auto pc = matching_cell(m, t, *cell, *previous, ptable);
      if (pc) {
        out += fmt::format("\n\n{} in version {}", cell_value(*previous, ptable, *pc), previous->version);
        if (ptable.cells[*pc] && t.cells[*cell]) out += " (" + change_text(*ptable.cells[*pc], *t.cells[*cell]) + ")";
      }
    }
    return out + quoted_sources(t.sources);
  }
  std::string keys;
  for (const auto& k : t.keys) keys += (keys.empty() ? "" : ", ") + k.name;
  std::string out = fmt::format("**table {}** {}\n\n{}{} by {}\n", t.name, t.label, type_name(m, t.type),
                                t.per.empty() ? "" : " " + t.per, keys);
  for (size_t i = 0; i < t.cells.size() && i < 60; ++i)
    out += fmt::format("\n- {} = {}", cell_name(m, t, i), cell_value(m, t, i));
  return out + "\n" + quoted_sources(t.sources);
}

std::string enum_hover(const model::Enumeration& e) {
  std::string values;
  for (const auto& v : e.values) values += fmt::format("\n- {} {}", v.name, v.label);
  return fmt::format("**enum {}** {}{}", e.name, e.label, values);
}

std::string model_hover(const model::Model& m, const model::Model* previous, const NameAt& at) {
  const std::string& n = at.name;
  if (at.type)
    for (const auto& e : m.enums)
      if (e.name == n) return enum_hover(e);
  if (int t = m.find_table(n); t >= 0 && !at.member) return table_hover(m, previous, m.tables[static_cast<size_t>(t)], at);
  if (int r = m.find_rule(n); r >= 0 && !at.member) {
    const auto& rule = m.rules[static_cast<size_t>(r)];
    return fmt::format("**rule {}** {} : {}\n\n```doudi\n{} = {}\n```\n{}", rule.name, rule.label,
                       type_name(m, rule.type), rule.name, expression_text(m, rule.body),
                       quoted_sources(rule.sources));
  }
  for (auto scope : {model::Scope::member, model::Scope::household}) {
    if (at.member != (scope == model::Scope::member) && at.member) continue;
    if (int i = m.find_input(n, scope); i >= 0) {
      const auto& in = m.inputs[static_cast<size_t>(i)];
      return fmt::format("**{} input {}** {} : {}{}{}", scope == model::Scope::member ? "member" : "household",
                         in.name, in.label, type_name(m, in.type), in.per.empty() ? "" : " " + in.per,
                         in.default_value ? " = " + expression_text(m, *in.default_value) : "");
    }
  }
  if (int d = m.find_district(n); d >= 0) {
    const auto& district = m.districts[static_cast<size_t>(d)];
    std::string group = district.region >= 0 ? m.regions[static_cast<size_t>(district.region)].name : "(none)";
    return fmt::format("**district {}**: in region group {}", n, group);
  }
  for (const auto& r : m.regions) {
    if (r.name != n) continue;
    std::string list;
    for (int d : r.districts) list += (list.empty() ? "" : "、") + m.districts[static_cast<size_t>(d)].name;
    return fmt::format("**region group {}** {}: {}", r.name, r.label, list);
  }
  for (const auto& e : m.enums) {
    if (e.name == n) return enum_hover(e);
    for (const auto& v : e.values)
      if (v.name == n) return fmt::format("**{}** {}: a value of enum {} ({})", v.name, v.label, e.name, e.label);
  }
  for (const auto& s : m.series)
    if (s.name == n) return fmt::format("**series {}** {} : {} from \"{}\"{}", s.name, s.label, type_name(m, s.type), s.data_file, quoted_sources(s.sources));
  for (const auto& l : m.member_lists)
    if (l.name == n) return fmt::format("**members {}** {} = member where {}", l.name, l.label, expression_text(m, l.condition));
  return "";
}

// Where `name` is declared in a syntax tree.
std::optional<Position> declared(const syntax::PolicyFile& f, const std::string& n, bool member, bool type) {
  if (type)
    for (const auto& e : f.enums)
      if (e.name.text == n) return e.name.position;
  for (const auto& in : f.inputs)
    if (in.name.text == n && (!member || in.scope == syntax::InputScope::member)) return in.name.position;
  if (member) return std::nullopt;
  for (const auto& t : f.tables) if (t.name.text == n) return t.name.position;
  for (const auto& r : f.rules) if (r.name.text == n) return r.name.position;
  for (const auto& e : f.enums) {
    if (e.name.text == n) return e.name.position;
    for (const auto& v : e.values) if (v.name.text == n) return v.name.position;
  }
  for (const auto& r : f.regions) {
    if (r.name.text == n) return r.name.position;
    for (const auto& d : r.districts) if (d.text == n) return d.position;
  }
  for (const auto& s : f.series) if (s.name.text == n) return s.name.position;
  for (const auto& x : f.indices) {
    if (x.name.text == n) return x.name.position;
    for (const auto& fa : x.factors) if (fa.name.text == n) return fa.name.position;
  }
  for (const auto& b : f.bands) if (b.name.text == n) return b.name.position;
  for (const auto& c : f.classified) if (c.name.text == n) return c.name.position;
  for (const auto& l : f.member_lists) if (l.name.text == n) return l.name.position;
  for (const auto& o : f.outputs) if (o.name.text == n) return o.name.position;
  return std::nullopt;
}

std::optional<syntax::PolicyFile> parse_text(const std::string& path, const std::string& text) {
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  file->text = text;
  try {
    return parse_policy(file);
  } catch (const PolicyError&) {
    return std::nullopt;
  }
}

json location(const Position& p) { return {{"uri", path_to_uri(p.file->path)}, {"range", lsp_range(p)}}; }

}  // namespace

json hover(Workspace& w, const std::string& path, int line, int character) {
  auto at = name_at(w, path, line, character);
  const model::Model* m = w.version_of(path);
  if (!at || !m) return nullptr;
  std::string text = model_hover(*m, w.previous_of(path), *at);
  if (text.empty()) return nullptr;
  return {{"contents", {{"kind", "markdown"}, {"value", text}}}};
}

json definition(Workspace& w, const std::string& path, int line, int character) {
  auto at = name_at(w, path, line, character);
  if (!at) return nullptr;
  if (const syntax::PolicyFile* merged = w.syntax_of(path))
    if (auto p = declared(*merged, at->name, at->member, at->type)) return location(*p);
  if (auto own = parse_text(path, w.text(path)))
    if (auto p = declared(*own, at->name, at->member, at->type)) return location(*p);
  return nullptr;
}

json references(Workspace& w, const std::string& path, int line, int character) {
  auto at = name_at(w, path, line, character);
  json out = json::array();
  if (!at) return out;
  for (const auto& f : w.analysis(path).files) {
    std::string text = w.text(f);
    for (const Token& t : layout::lex_declaration(text, 0, text.size(), 1)) {
      if (t.kind != TokenKind::word) continue;
      size_t from = 0;
      while (from <= t.text.size()) {
        size_t dot = t.text.find('.', from);
        size_t end = dot == std::string::npos ? t.text.size() : dot;
        if (t.text.compare(from, end - from, at->name) == 0 && end - from == at->name.size()) {
          size_t start = 0;
          std::string_view l = line_of(text, t.line - 1, &start);
          size_t byte = t.begin + from - start;
          int c = utf16_of_bytes(l, byte);
          int e = c + utf16_of_bytes(std::string_view(l).substr(byte), at->name.size());
          out.push_back({{"uri", path_to_uri(f)},
                         {"range", {{"start", {{"line", t.line - 1}, {"character", c}}},
                                    {"end", {{"line", t.line - 1}, {"character", e}}}}}});
        }
        if (dot == std::string::npos) break;
        from = dot + 1;
      }
    }
  }
  return out;
}

json document_symbols(Workspace& w, const std::string& path) {
  json out = json::array();
  auto f = parse_text(path, w.text(path));
  if (!f) return out;
  auto add = [&](const std::string& name, const std::string& detail, int kind, const Position& p) {
    out.push_back({{"name", name}, {"detail", detail}, {"kind", kind}, {"range", lsp_range(p)},
                   {"selectionRange", lsp_range(p)}});
  };
  // SymbolKind: 3 namespace, 5 class, 7 property, 8 field, 10 enum, 12 function, 13 variable, 17 boolean, 18 array, 23 struct
  for (const auto& e : f->enums) add(e.name.text, e.label, 10, e.name.position);
  for (const auto& r : f->regions) add(r.name.text, r.label, 3, r.name.position);
  for (const auto& in : f->inputs) add(in.name.text, in.label, 8, in.name.position);
  for (const auto& t : f->tables) add(t.name.text, t.label, 23, t.name.position);
  for (const auto& s : f->series) add(s.name.text, s.label, 18, s.name.position);
  for (const auto& r : f->rules) add(r.name.text, r.label, 12, r.name.position);
  for (const auto& x : f->indices) add(x.name.text, x.label, 5, x.name.position);
  for (const auto& b : f->bands) add(b.name.text, b.label, 5, b.name.position);
  for (const auto& c : f->classified) add(c.name.text, c.label, 5, c.name.position);
  for (const auto& l : f->member_lists) add(l.name.text, l.label, 13, l.name.position);
  for (const auto& o : f->outputs) add("output " + o.name.text, o.label, 7, o.name.position);
  for (const auto& r : f->invariants) add(r.label.empty() ? "require" : "require " + r.label, "", 17, r.position);
  return out;
}

json completion(Workspace& w, const std::string& path) {
  json items = json::array();
  auto add = [&](const std::string& label, int kind, const std::string& detail) {
    items.push_back({{"label", label}, {"kind", kind}, {"detail", detail}});
  };
  // CompletionItemKind: 3 function, 5 field, 6 variable, 9 module, 14 keyword, 20 enum member, 22 struct
  for (const char* f : {"round", "min", "max", "clamp", "abs", "count", "sum", "age", "months_between",
                        "calendar_months", "first_day_of_month", "month_of", "year_of", "previous"})
    add(f, 3, "function");
  for (const char* k : {"if", "then", "else", "when", "and", "or", "not", "in", "where", "member", "evaluation_date",
                        "half_up", "half_even", "half_down", "up", "down", "ceiling", "floor"})
    add(k, 14, "keyword");
  const model::Model* m = w.version_of(path);
  if (!m) return items;
  for (const auto& t : m->tables) add(t.name, 22, "table " + t.label);
  for (const auto& r : m->rules) add(r.name, 6, "rule " + r.label);
  for (const auto& in : m->inputs)
    add(in.scope == model::Scope::member ? "member." + in.name : in.name, 5, "input " + in.label);
  for (const auto& e : m->enums)
    for (const auto& v : e.values) add(v.name, 20, e.name + " " + v.label);
  for (const auto& r : m->regions) add(r.name, 9, "region group");
  for (const auto& d : m->districts) add(d.name, 20, "district");
  for (const auto& l : m->member_lists) add(l.name, 6, "members " + l.label);
  return items;
}

json formatting(Workspace& w, const std::string& path) {
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  file->text = w.text(path);
  std::string text;
  try {
    text = format_policy(file);
  } catch (const PolicyError&) {
    return json::array();  // the diagnostics say why
  }
  if (text == file->text) return json::array();
  int lines = static_cast<int>(std::count(file->text.begin(), file->text.end(), '\n')) + 1;
  return json::array({{{"range", {{"start", {{"line", 0}, {"character", 0}}}, {"end", {{"line", lines}, {"character", 0}}}}},
                       {"newText", text}}});
}

std::vector<json> diagnostics(Workspace& w, const std::string& path) {
  const Analysis& a = w.analysis(path);
  std::map<std::string, json> by_file;
  for (const auto& f : a.files) by_file[f] = json::array();
  for (const auto& d : a.diagnostics) {
    std::string file = d.position.file && d.position.line > 0 ? d.position.file->path : path;
    std::string message = d.message;
    if (!d.manual_section.empty()) message += fmt::format("\nsee docs/LANGUAGE.md, section \"{}\"", d.manual_section);
    json diag = {{"range", lsp_range(d.position)}, {"severity", 1}, {"source", "doudi"}, {"message", message}};
    if (!d.manual_section.empty()) diag["code"] = d.manual_section;
    by_file[file].push_back(diag);
  }
  std::vector<json> out;
  for (auto& [file, list] : by_file) out.push_back({{"uri", path_to_uri(file)}, {"diagnostics", list}});
  return out;
}

}  // namespace doudi::lsp
