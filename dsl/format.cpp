// The formatter: the parser finds where each declaration begins and ends;
// each is cut into tokens by line (format_tokens.h) and laid out by its kind;
// the comments and blank lines between declarations are kept, blank lines
// collapsed to one. See format.h for the layout.
#include "dsl/format.h"

#include <algorithm>
#include <optional>
#include <stdexcept>

#include <tao/pegtl/contrib/parse_tree.hpp>

#include "base/text.h"
#include "dsl/format_tokens.h"
#include "dsl/grammar.h"
#include "dsl/parser.h"

namespace doudi {
namespace {

namespace pegtl = tao::pegtl;
namespace g = doudi::grammar;
using layout::Token;
using layout::TokenKind;

template <typename Rule>
using declaration_selector =
    pegtl::parse_tree::selector<Rule, pegtl::parse_tree::store_content::on<g::declaration>>;

struct Row {
  std::vector<Token> tokens;
  bool blank_before = false;  // a blank line above it, inside the declaration
};

// The comments and blank lines before a declaration (or after the last).
struct Gap {
  std::string trailing;  // a comment on the line where the declaration before ends
  std::vector<std::optional<std::string>> lines;  // a comment, or nullopt for a blank line
};

struct Declaration {
  std::string keyword;
  std::vector<Row> rows;
};

struct Layout {
  std::vector<Declaration> declarations;
  std::vector<Gap> gaps;  // gaps[i] is before declarations[i]; the last is after all
};

// ---- reading -----------------------------------------------------------------

Gap read_gap(std::string_view body, size_t from, size_t to) {
  Gap gap;
  bool at_line_start = from == 0 || body[from - 1] == '\n';
  size_t start = from;
  bool first = true;
  while (start <= to) {
    size_t nl = body.find('\n', start);
    bool last = nl == std::string_view::npos || nl >= to;
    std::string_view segment = body.substr(start, (last ? to : nl) - start);
    size_t hash = segment.find('#');
    std::optional<std::string> comment;
    if (hash != std::string_view::npos) {
      std::string c(segment.substr(hash));
      c.erase(c.find_last_not_of(" \t\r") + 1);
      comment = std::move(c);
    }
    if (first && !at_line_start) {
      if (comment) gap.trailing = *comment;
    } else if (!last || comment || to == body.size()) {
      if (!last || comment) gap.lines.push_back(comment);
    }
    first = false;
    if (last) break;
    start = nl + 1;
  }
  return gap;
}

Declaration read_declaration(std::string_view body, size_t begin, size_t end, int line) {
  Declaration d;
  std::vector<Token> tokens = layout::lex_declaration(body, begin, end, line);
  const Token* before = nullptr;
  for (Token& t : tokens) {
    if (t.kind == TokenKind::op && t.text == "-") {
      t.sign = !before || before->kind == TokenKind::op || before->kind == TokenKind::open ||
               before->kind == TokenKind::comma ||
               (before->kind == TokenKind::word &&
                (layout::is_spacing_keyword(before->text) || before->text == "round"));
    }
    if (t.kind != TokenKind::comment) before = &t;
  }
  for (Token& t : tokens) {
    if (d.rows.empty() || d.rows.back().tokens.back().line != t.line) {
      Row row;
      row.blank_before = !d.rows.empty() && t.line > d.rows.back().tokens.back().line + 1;
      d.rows.push_back(std::move(row));
    }
    d.rows.back().tokens.push_back(std::move(t));
  }
  if (!d.rows.empty()) d.keyword = d.rows[0].tokens[0].text;
  return d;
}

Layout read_layout(std::string_view body, const std::string& path) {
  pegtl::memory_input in(body.data(), body.data() + body.size(), path);
  auto root = pegtl::parse_tree::parse<g::file, declaration_selector, pegtl::nothing, g::control>(in);
  if (!root) throw std::logic_error("fmt: the parser accepted a file the formatter cannot read");
  Layout out;
  size_t at = 0;
  for (const auto& node : root->children) {
    size_t begin = static_cast<size_t>(node->m_begin.data - body.data());
    size_t end = static_cast<size_t>(node->m_end.data - body.data());
    out.gaps.push_back(read_gap(body, at, begin));
    out.declarations.push_back(read_declaration(body, begin, end, static_cast<int>(node->begin().line)));
    at = end;
  }
  out.gaps.push_back(read_gap(body, at, body.size()));
  return out;
}

// ---- one line ----------------------------------------------------------------

int width_of(std::string_view s) { return static_cast<int>(display_width(s)); }

std::string spaces(int n) { return std::string(static_cast<size_t>(std::max(0, n)), ' '); }

// What goes between two tokens on a line.
std::string_view space_between(const Token& a, const Token& b) {
  if (b.kind == TokenKind::comment) return "  ";
  if (b.kind == TokenKind::comma || b.kind == TokenKind::close) return "";
  if (a.kind == TokenKind::open) return "";
  if (a.kind == TokenKind::op && a.sign) return "";
  if (b.kind == TokenKind::open && b.text != "{" &&
      (a.kind == TokenKind::close || (a.kind == TokenKind::word && !layout::is_spacing_keyword(a.text))))
    return "";  // a call, a type's scale, a table lookup
  return " ";
}

std::string join(const std::vector<Token>& t, size_t from = 0, size_t to = std::string::npos) {
  std::string out;
  to = std::min(to, t.size());
  for (size_t k = from; k < to; ++k) {
    if (k > from) out += space_between(t[k - 1], t[k]);
    out += t[k].text;
  }
  return out;
}

std::string pad(const std::string& s, int width) { return s + spaces(width - width_of(s)); }

std::string rstrip(std::string s) {
  s.erase(s.find_last_not_of(' ') + 1);
  return s;
}

bool is_comment_row(const Row& r) { return r.tokens.front().kind == TokenKind::comment; }

// A row's trailing comment, taken off its tokens.
std::string take_comment(std::vector<Token>& t) {
  if (t.empty() || t.back().kind != TokenKind::comment) return "";
  std::string c = "  " + t.back().text;
  t.pop_back();
  return c;
}

// ---- declarations by kind ----------------------------------------------------

using Lines = std::vector<std::string>;

void add_row(Lines& out, const Row& r, int indent, const std::string& text) {
  if (r.blank_before) out.emplace_back();
  out.push_back(spaces(indent) + text);
}

// Continuation lines indented 2, and 2 more per bracket still open.
Lines format_generic(const Declaration& d) {
  Lines out;
  int depth = 0;
  for (size_t i = 0; i < d.rows.size(); ++i) {
    const auto& t = d.rows[i].tokens;
    int at = depth - (t.front().kind == TokenKind::close ? 1 : 0);
    add_row(out, d.rows[i], i == 0 ? 0 : 2 + 2 * std::max(0, at), join(t));
    for (const Token& k : t) depth += k.kind == TokenKind::open ? 1 : k.kind == TokenKind::close ? -1 : 0;
  }
  return out;
}

// enum / region: lines inside the braces continue under the first value.
Lines format_braced(const Declaration& d) {
  Lines out;
  std::string first = join(d.rows[0].tokens);
  size_t brace = first.find('{');
  int indent = brace == std::string::npos || brace + 1 == first.size()
                   ? 2 : width_of(std::string_view(first).substr(0, brace + 1));
  out.push_back(first);
  for (size_t i = 1; i < d.rows.size(); ++i) add_row(out, d.rows[i], indent, join(d.rows[i].tokens));
  return out;
}

// A run of rows aligned as columns: each row's cells, padded to the widest.
void add_aligned(Lines& out, const std::vector<const Row*>& rows,
                 const std::vector<std::vector<std::string>>& cells, int indent) {
  std::vector<int> width;
  for (const auto& c : cells) {
    if (width.size() < c.size()) width.resize(c.size(), 0);
    for (size_t j = 0; j < c.size(); ++j) width[j] = std::max(width[j], width_of(c[j]));
  }
  for (size_t r = 0; r < rows.size(); ++r) {
    std::string line;
    for (size_t j = 0; j < cells[r].size(); ++j) {
      if (width[j] == 0) continue;
      if (!line.empty()) line += ' ';
      line += pad(cells[r][j], width[j]);
    }
    std::vector<Token> t = rows[r]->tokens;
    add_row(out, *rows[r], indent, rstrip(line) + take_comment(t));
  }
}

// Cuts a run of rows into columns with `split` and aligns each run of rows
// it accepts (a row it refuses, a comment or a blank line ends a run); other
// rows are laid out by `other`.
template <typename Split, typename Other>
void add_runs(Lines& out, const std::vector<Row>& rows, size_t from, int indent, Split split, Other other) {
  std::vector<const Row*> run;
  std::vector<std::vector<std::string>> cells;
  auto flush = [&] {
    add_aligned(out, run, cells, indent);
    run.clear();
    cells.clear();
  };
  for (size_t i = from; i < rows.size(); ++i) {
    std::vector<Token> t = rows[i].tokens;
    take_comment(t);
    std::optional<std::vector<std::string>> c;
    if (!t.empty()) c = split(t);
    if (!c || rows[i].blank_before) flush();
    if (c) {
      run.push_back(&rows[i]);
      cells.push_back(std::move(*c));
    } else {
      other(rows[i]);
    }
  }
  flush();
}

// household / member: `name : type "label" rest`, names and types aligned.
std::optional<std::vector<std::string>> split_input(const std::vector<Token>& t) {
  if (t.size() < 3 || t[0].kind != TokenKind::word || t[1].text != ":") return std::nullopt;
  if (t.back().text == "}") return std::nullopt;  // `… }`: the block's end on this line
  size_t type_end = 2;
  while (type_end < t.size() && t[type_end].kind != TokenKind::string && t[type_end].text != "=" &&
         t[type_end].text != "," && t[type_end].text != "at")
    ++type_end;
  std::string rest = join(t, type_end);
  if (!rest.empty() && rest[0] == ',') return std::vector<std::string>{t[0].text, ":", join(t, 2) };
  return std::vector<std::string>{t[0].text, ":", join(t, 2, type_end), rest};
}

Lines format_block(const Declaration& d) {
  Lines out;
  out.push_back(join(d.rows[0].tokens));
  size_t end = d.rows.size();
  bool closes_alone = end > 1 && d.rows.back().tokens.size() == 1;
  if (closes_alone) --end;
  std::vector<Row> inner(d.rows.begin() + 1, d.rows.begin() + static_cast<long>(end));
  add_runs(out, inner, 0, 2, split_input,
           [&](const Row& r) { add_row(out, r, is_comment_row(r) ? 2 : 4, join(r.tokens)); });
  if (closes_alone) add_row(out, d.rows.back(), 0, "}");
  return out;
}

// index: `factor … = EXPR` | `weight N` | `cap N`, aligned.
std::optional<std::vector<std::string>> split_factor(const std::vector<Token>& t) {
  if (t[0].text != "factor") return std::nullopt;
  size_t end = t.size();
  auto suffix = [&](const char* keyword) -> std::string {
    size_t n = end >= 2 && t[end - 1].kind == TokenKind::number && t[end - 2].sign ? 3 : 2;
    if (end < n + 2 || t[end - 1].kind != TokenKind::number || t[end - n].text != keyword) return "";
    end -= n;
    return join(t, end, end + n);
  };
  std::string cap = suffix("cap");
  std::string weight = suffix("weight");
  return std::vector<std::string>{join(t, 0, end), weight, cap};
}

// bands: `grade bound [and bound]`, the grades aligned.
std::optional<std::vector<std::string>> split_band(const std::vector<Token>& t) {
  if (t.size() < 3 || t[0].kind != TokenKind::word || t[1].kind != TokenKind::op) return std::nullopt;
  return std::vector<std::string>{t[0].text, join(t, 1)};
}

// index, bands, classified: items indented 2, their continuations 4.
Lines format_items(const Declaration& d) {
  Lines out;
  out.push_back(join(d.rows[0].tokens));
  auto item = [&](const Row& r) {
    const std::string& w = r.tokens[0].text;
    bool starts = is_comment_row(r) || w == "factor" || w == "limit" || w == "round" || w == "group" ||
                  w == "by";
    add_row(out, r, starts ? 2 : 4, join(r.tokens));
  };
  if (d.keyword == "index") {
    add_runs(out, d.rows, 1, 2, split_factor, item);
  } else if (d.keyword == "bands") {
    add_runs(out, d.rows, 1, 2, split_band, item);
  } else {
    for (size_t i = 1; i < d.rows.size(); ++i) item(d.rows[i]);
  }
  return out;
}

// A table row's cells: a signed number is one cell.
struct Cell {
  std::string text;
  bool number;
};

std::vector<Cell> row_cells(const std::vector<Token>& t) {
  std::vector<Cell> cells;
  for (size_t k = 0; k < t.size(); ++k) {
    if (t[k].text == "-" && k + 1 < t.size() && t[k + 1].kind == TokenKind::number) {
      cells.push_back({"-" + t[k + 1].text, true});
      ++k;
    } else {
      cells.push_back({t[k].text, t[k].kind != TokenKind::word});
    }
  }
  return cells;
}

// A table: the header and sources at column 0, the rows indented 2 with
// aligned columns. When the first row holds one cell fewer than every other,
// it is the column keys and stands over the values, right-aligned. A table by
// one key written as pairs separates the pairs by three spaces.
Lines format_table(const Declaration& d) {
  Lines out;
  const auto& header = d.rows[0].tokens;
  out.push_back(join(header));
  int keys = 0;
  for (size_t k = header.size(); k-- > 0 && header[k].text != "by";)
    keys += header[k].kind == TokenKind::word;
  size_t i = 1;
  for (; i < d.rows.size() && d.rows[i].tokens[0].text == "source"; ++i) out.push_back(join(d.rows[i].tokens));
  std::vector<const Row*> rows;
  std::vector<std::vector<Cell>> cells;
  std::vector<std::string> comments;
  for (size_t r = i; r < d.rows.size(); ++r) {
    if (is_comment_row(d.rows[r])) continue;
    std::vector<Token> t = d.rows[r].tokens;
    comments.push_back(take_comment(t));
    rows.push_back(&d.rows[r]);
    cells.push_back(row_cells(t));
  }
  bool shifted = cells.size() >= 2;
  bool pairs = keys == 1;
  for (size_t r = 0; r < cells.size(); ++r) {
    if (r > 0 && cells[r].size() != cells[0].size() + 1) shifted = false;
    if (cells[r].size() % 2 != 0) pairs = false;
  }
  pairs = pairs && !shifted;
  std::vector<int> width;
  for (size_t r = 0; r < cells.size(); ++r) {
    size_t offset = shifted && r == 0 ? 1 : 0;
    if (width.size() < cells[r].size() + offset) width.resize(cells[r].size() + offset, 0);
    for (size_t j = 0; j < cells[r].size(); ++j)
      width[j + offset] = std::max(width[j + offset], width_of(cells[r][j].text));
  }
  size_t next = 0;
  for (size_t r = i; r < d.rows.size(); ++r) {
    if (is_comment_row(d.rows[r])) {
      add_row(out, d.rows[r], 2, d.rows[r].tokens[0].text);
      continue;
    }
    size_t offset = shifted && next == 0 ? 1 : 0;
    std::string line = offset ? spaces(width[0]) : "";
    for (size_t j = 0; j < cells[next].size(); ++j) {
      size_t col = j + offset;
      if (col > 0) line += pairs ? (col % 2 == 1 ? " " : "   ") : "  ";
      const Cell& c = cells[next][j];
      int fill = width[col] - width_of(c.text);
      line += c.number || offset ? spaces(fill) + c.text : pad(c.text, width[col]);
    }
    add_row(out, d.rows[r], 2, rstrip(line) + comments[next]);
    ++next;
  }
  return out;
}

Lines format_declaration(const Declaration& d) {
  const std::string& k = d.keyword;
  if (k == "table") return format_table(d);
  if (k == "household" || k == "member") return format_block(d);
  if (k == "index" || k == "bands" || k == "classified") return format_items(d);
  if (k == "enum" || k == "region" || k == "regions") return format_braced(d);
  return format_generic(d);
}

// ---- between declarations -----------------------------------------------------

bool is_header(const std::string& k) {
  return k == "policy" || k == "version" || k == "effective" || k == "amends" || k == "ends" ||
         k == "bound" || k == "description";
}

bool is_block(const std::string& k) {
  return k == "table" || k == "household" || k == "member" || k == "index" || k == "bands" ||
         k == "classified";
}

// Whether one blank line must stand between `before` (what the declaration
// above is, or cites when it is a source) and `next`.
bool needs_blank(const std::string& before, const std::string& next) {
  if (before.empty() || next == "source") return false;
  if (is_header(before)) return !is_header(next);
  return is_block(before) || is_block(next);
}

void add_gap(Lines& out, const Gap& gap, bool blank_first, bool drop_blanks, bool at_end) {
  if (!gap.trailing.empty() && !out.empty()) out.back() += "  " + gap.trailing;
  Lines lines;
  bool has_blank = false, has_comment = false;
  for (const auto& l : gap.lines) {
    if (!l) {
      has_blank = true;
      if (!lines.empty() && lines.back().empty()) continue;
      lines.emplace_back();
    } else {
      has_comment = true;
      lines.push_back(*l);
    }
  }
  if (drop_blanks && !has_comment) lines.clear();
  if (blank_first && !has_blank) lines.insert(lines.begin(), "");
  for (auto& l : lines) {
    if (l.empty() && (out.empty() || out.back().empty())) continue;  // none at the top, none twice
    out.push_back(std::move(l));
  }
  if (at_end)
    while (!out.empty() && out.back().empty()) out.pop_back();
}

std::string render(const Layout& layout) {
  Lines out;
  std::string cited;  // the kind of the last declaration that is not a source
  for (size_t i = 0; i < layout.declarations.size(); ++i) {
    const Declaration& d = layout.declarations[i];
    add_gap(out, layout.gaps[i], needs_blank(cited, d.keyword), d.keyword == "source", false);
    for (auto& line : format_declaration(d)) out.push_back(std::move(line));
    if (d.keyword != "source") cited = d.keyword;
  }
  add_gap(out, layout.gaps.back(), false, false, true);
  std::string text;
  for (const auto& line : out) text += rstrip(line) + "\n";
  return text;
}

// Every token in order, comments included: what formatting must not change.
std::vector<std::string> token_texts(const Layout& layout) {
  std::vector<std::string> out;
  auto gap = [&](const Gap& g) {
    if (!g.trailing.empty()) out.push_back(g.trailing);
    for (const auto& l : g.lines)
      if (l) out.push_back(*l);
  };
  for (size_t i = 0; i < layout.declarations.size(); ++i) {
    gap(layout.gaps[i]);
    for (const auto& r : layout.declarations[i].rows)
      for (const auto& t : r.tokens) out.push_back(t.text);
  }
  gap(layout.gaps.back());
  return out;
}

std::string_view without_bom(const std::string& text) {
  std::string_view body(text);
  if (body.substr(0, 3) == "\xEF\xBB\xBF") body.remove_prefix(3);
  return body;
}

}  // namespace

std::string format_policy(std::shared_ptr<const SourceFile> file) {
  parse_policy(file);  // a file that does not parse is reported, not formatted
  Layout before = read_layout(without_bom(file->text), file->path);
  std::string text = render(before);
  auto formatted = std::make_shared<SourceFile>();
  formatted->path = file->path;
  formatted->text = text;
  try {
    parse_policy(formatted);
  } catch (const PolicyError& e) {
    throw std::logic_error("fmt: the formatted text of " + file->path + " would not parse:\n" + e.render());
  }
  if (token_texts(read_layout(text, file->path)) != token_texts(before))
    throw std::logic_error("fmt: formatting " + file->path + " would change its tokens");
  return text;
}

}  // namespace doudi
