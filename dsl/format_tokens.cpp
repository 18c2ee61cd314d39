// The formatter's lexer: grammar.h's lexical rules applied one token at a time.
#include "dsl/format_tokens.h"

#include <array>
#include <algorithm>

#include "dsl/grammar.h"

namespace doudi::layout {
namespace {

namespace pegtl = tao::pegtl;
namespace g = doudi::grammar;

// A dotted path is one token: member.age, jining.social_assistance.
struct word_rule : pegtl::seq<g::identifier, pegtl::star<pegtl::one<'.'>, g::identifier>> {};
// n/a only as a whole word (n/ab is n divided by ab).
struct na_rule : pegtl::sor<pegtl::seq<TAO_PEGTL_STRING("n/a"), pegtl::not_at<g::ident_other>>,
                            pegtl::utf8::one<0x2014>> {};
struct other_op : pegtl::one<'+', '-', '=', ':'> {};

// Length of `Rule` matched at text[at], 0 when it does not match.
template <typename Rule>
size_t match(std::string_view text, size_t at) {
  pegtl::memory_input in(text.data() + at, text.data() + text.size(), "");
  if (!pegtl::parse<Rule>(in)) return 0;
  return static_cast<size_t>(in.current() - (text.data() + at));
}

bool is_header_keyword(std::string_view w) {
  return w == "policy" || w == "version" || w == "effective" || w == "amends" || w == "ends";
}

}  // namespace

bool is_spacing_keyword(std::string_view w) {
  static constexpr std::array<std::string_view, 23> kWords = {
      "if", "when", "then", "else", "and", "or", "not", "in", "where", "by", "gives", "require",
      "weight", "cap", "limit", "at", "least", "most", "per", "scale", "from", "until", "counting"};
  return std::find(kWords.begin(), kWords.end(), w) != kWords.end();
}

std::vector<Token> lex_declaration(std::string_view text, size_t begin, size_t end, int first_line) {
  std::vector<Token> out;
  std::string_view view = text.substr(0, end);
  int line = first_line;
  size_t i = begin;
  while (i < end) {
    char c = view[i];
    if (c == '\n') {
      ++line;
      ++i;
      continue;
    }
    if (size_t n = match<g::blank>(view, i)) {
      i += n;
      continue;
    }
    TokenKind kind = TokenKind::other;
    size_t n = 0;
    if ((n = match<g::comment>(view, i))) {
      kind = TokenKind::comment;
    } else if ((n = match<g::string_literal>(view, i))) {
      kind = TokenKind::string;
    } else if ((n = match<g::date_literal>(view, i))) {
      kind = TokenKind::date;
    } else if ((n = match<g::number>(view, i))) {
      kind = TokenKind::number;
    } else if ((n = match<na_rule>(view, i))) {
      kind = TokenKind::na;
    } else if ((n = match<word_rule>(view, i))) {
      kind = TokenKind::word;
    } else if ((n = match<g::cmp_op>(view, i)) || (n = match<g::mul_op>(view, i)) ||
               (n = match<other_op>(view, i))) {
      kind = TokenKind::op;
    } else if (c == '(' || c == '[' || c == '{') {
      kind = TokenKind::open, n = 1;
    } else if (c == ')' || c == ']' || c == '}') {
      kind = TokenKind::close, n = 1;
    } else if (c == ',') {
      kind = TokenKind::comma, n = 1;
    } else {
      n = 1;
      while (i + n < end && (static_cast<unsigned char>(view[i + n]) & 0xC0) == 0x80) ++n;
    }
    std::string piece(view.substr(i, n));
    if (kind == TokenKind::comment) piece.erase(piece.find_last_not_of(" \t\r") + 1);
    out.push_back({kind, std::move(piece), line, i});
    i += n;
    if (out.size() == 1 && kind == TokenKind::word && is_header_keyword(out[0].text)) {
      // The rest, up to a comment or the end of the line, as written.
      size_t stop = i;
      while (stop < end && view[stop] != '\n' && view[stop] != '#') ++stop;
      std::string rest(view.substr(i, stop - i));
      size_t a = rest.find_first_not_of(" \t\r"), b = rest.find_last_not_of(" \t\r");
      if (a != std::string::npos) out.push_back({TokenKind::verbatim, rest.substr(a, b - a + 1), line, i + a});
      i = stop;
    }
  }
  return out;
}

}  // namespace doudi::layout
