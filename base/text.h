// Text helpers shared by every folder, so none is copied: trimming, UTF-8
// code points and their width on a terminal (East Asian wide characters take
// two columns), one escaper per output format (XML/HTML, CSV, JSON), and
// aligned text tables.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace doudi {

// `s` without the spaces, tabs and carriage returns at its ends (a CR is
// what a CRLF line leaves).
std::string_view trim(std::string_view s);

// The UTF-8 sequence starting at s[i]: its length in bytes (1 to 4) with the
// code point in `cp`, or 0 when it is not well-formed (truncated, a stray
// continuation byte, overlong, a surrogate, beyond U+10FFFF).
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp);

// Columns code point `cp` takes on a terminal: 2 for East Asian wide
// characters (汉字, full-width forms), 1 for the rest ("—" included).
int code_point_width(uint32_t cp);

// Columns `s` takes on a terminal; a byte that is not well-formed UTF-8
// counts as one column.
size_t display_width(std::string_view s);

// Text for XML and HTML (the HTML report and JUnit XML): & < > " ' escaped,
// and what XML 1.0 does not allow (control characters such as 0x01, bytes
// that are not UTF-8) replaced by U+FFFD, so the document stays well-formed.
// In an attribute (`attribute`), tabs and line breaks are written as
// character references so they survive attribute-value normalisation.
std::string xml_escape(std::string_view text, bool attribute = true);

// A CSV field: quoted (with doubled quotes) when it holds a comma, a quote or
// a line break, as is otherwise; append_csv_field appends the same to `out`.
std::string csv_field(std::string_view text);
void append_csv_field(std::string& out, std::string_view text);

// A JSON string literal, quotes included; control characters as \uXXXX.
std::string json_string(std::string_view text);

// A table of text in aligned columns, two spaces apart, trailing spaces cut:
// the header rows, a rule of dashes under them, then the rows. A column
// marked in `right` is aligned right in the rows (and in the header rows too
// when `right_header` is set).
struct TextTable {
  std::vector<std::vector<std::string>> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right;
  bool right_header = false;

  std::string render() const;
};

// A TextTable whose first row is the heading, aligned like the rows.
std::string text_table(const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& right);

}  // namespace doudi
