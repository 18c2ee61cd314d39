// Tokens for the formatter (format.h): a declaration's text cut into the
// pieces whose spacing the formatter decides, each with the line it is on.
//
// The pieces are matched with grammar.h's own rules (identifier, number,
// date, string, comment, operators), so the formatter and the parser agree on
// where one token ends and the next begins. Whitespace is dropped; a comment
// is a token (it always ends its line). Tokens are compared before and after
// formatting: the formatter changes only the space between them.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace doudi::layout {

enum class TokenKind {
  word,      // a name or keyword, dotted paths whole: member.age, jining.social_assistance
  number,    // 630, 0.01 (a sign is its own token)
  date,      // 2020-07-01
  string,    // "低保标准", as written with its escapes
  op,        // + - * / × ÷ < <= > >= == != ≤ ≥ ≠ = :
  open,      // ( [ {
  close,     // ) ] }
  comma,     // ,
  na,        // n/a or —
  comment,   // # … to the end of the line, trailing spaces removed
  verbatim,  // the rest of a header line (a version such as 2020.07-b), kept as written
  other,     // any other character (not produced for text the parser accepts)
};

struct Token {
  TokenKind kind;
  std::string text;
  int line;  // 1-based line in the text lexed
  size_t begin = 0;  // byte offset in the text lexed
  bool sign = false;  // a '-' that is a sign (-5), not a subtraction; set by the formatter
};

// The tokens of text[begin, end); `first_line` is the line number at `begin`.
// After a header keyword (policy, version, effective, amends, ends) the rest
// of the declaration is one verbatim token.
std::vector<Token> lex_declaration(std::string_view text, size_t begin, size_t end, int first_line);

// Keywords after which '(' is set apart and '-' is a sign: `if (`, `weight -5`
// (`round` is not one: `round(x, …)` is a call; `round -0.5 …` is handled by the caller).
bool is_spacing_keyword(std::string_view word);

}  // namespace doudi::layout
