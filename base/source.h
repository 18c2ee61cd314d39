// Source files and positions: what every diagnostic points into.
//
// A SourceFile owns the text of one policy file; a Position is a line and a
// column (1-based, counted in characters, not bytes, so Chinese text lines up)
// in one file. Diagnostics render as
//
//   policies/x.doudi:12:10: error: unknown name 'foo'
//      12 | rule a = foo + 1
//         |          ^~~
//
// with an optional pointer to the section of docs/LANGUAGE.md that helps.
#pragma once

#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

namespace doudi {

// Where each line of a text starts, found once on first use so that a
// position's line is one lookup, not a scan from the file's start (20,000
// diagnostics once took 6.5 s). Safe to use from several threads; a copy
// finds its own.
class LineStarts {
 public:
  LineStarts() = default;
  LineStarts(const LineStarts&) {}
  LineStarts& operator=(const LineStarts&);
  // The byte offset of 1-based `line` in `text`, or npos past the end.
  size_t of(const std::string& text, int line) const;

 private:
  mutable std::mutex mutex_;
  mutable bool built_ = false;
  mutable size_t size_ = 0;  // of the text they were found in
  mutable std::vector<size_t> starts_;
};

struct SourceFile {
  std::string path;
  std::string text;
  LineStarts lines;

  // The text of 1-based line `line`, without its line break ("" past the end).
  std::string_view line_text(int line) const;
};

struct Position {
  std::shared_ptr<const SourceFile> file;
  int line = 0;    // 1-based; 0 when unknown
  int column = 0;  // 1-based, in characters
  int length = 1;  // characters to underline

  std::string to_string() const;  // "path:line:col"
};

struct Diagnostic {
  Position position;
  std::string message;
  std::string manual_section;  // e.g. "Tables"; "" when none applies

  // The full text with the source line and a caret under the offending text.
  std::string render() const;
};

// Thrown by the pipeline's passes when input does not check; carries every
// diagnostic found so the user sees them together.
struct PolicyError : std::exception {
  explicit PolicyError(std::vector<Diagnostic> d) : diagnostics(std::move(d)) {}
  std::vector<Diagnostic> diagnostics;
  std::string render() const;
  const char* what() const noexcept override;  // the rendered diagnostics

 private:
  mutable std::string rendered_;
};

// A position naming only a file (line 0): for a problem with a whole file.
Position file_position(const std::string& path);

// Column (1-based, in characters) of byte offset `byte_column - 1` in `line`.
int character_column(std::string_view line, int byte_column);
// Length of the UTF-8 sequence starting with byte `lead` (1 for an invalid
// lead, so a walk always advances).
int utf8_lead_length(unsigned char lead);

// Byte offset of the first invalid UTF-8 sequence in `text`, or npos.
size_t find_invalid_utf8(std::string_view text);

}  // namespace doudi
