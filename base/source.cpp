// Rendering of positions and diagnostics, and the UTF-8 helpers they need.
#include "base/source.h"

#include <algorithm>

#include <fmt/format.h>

#include "base/text.h"

namespace doudi {

// Length of the UTF-8 sequence starting with byte c (1 for invalid leads, so
// callers always advance).
int utf8_lead_length(unsigned char c) {
  if (c < 0x80) return 1;
  if ((c >> 5) == 0x6) return 2;
  if ((c >> 4) == 0xE) return 3;
  if ((c >> 3) == 0x1E) return 4;
  return 1;
}

namespace {


// Terminal display width of the code point starting at s[i] (1 for a byte
// that is not UTF-8), so the caret lands under the right character.
int display_width(std::string_view s, size_t i) {
  uint32_t cp = 0;
  return utf8_sequence(s, i, cp) == 0 ? 1 : code_point_width(cp);
}

}  // namespace

LineStarts& LineStarts::operator=(const LineStarts&) {
  std::lock_guard<std::mutex> lock(mutex_);
  built_ = false;
  starts_.clear();
  return *this;
}

size_t LineStarts::of(const std::string& text, int line) const {
  std::lock_guard<std::mutex> lock(mutex_);
  if (!built_ || size_ != text.size()) {
    starts_.assign(1, 0);
    for (size_t nl = text.find('\n'); nl != std::string::npos; nl = text.find('\n', nl + 1))
      starts_.push_back(nl + 1);
    built_ = true;
    size_ = text.size();
  }
  if (line < 1 || static_cast<size_t>(line) > starts_.size()) return std::string::npos;
  return starts_[static_cast<size_t>(line) - 1];
}

std::string_view SourceFile::line_text(int line) const {
  size_t start = lines.of(text, std::max(line, 1));
  if (start == std::string::npos) return {};
  size_t end = text.find('\n', start);
  if (end == std::string::npos) end = text.size();
  std::string_view v(text.data() + start, end - start);
  if (!v.empty() && v.back() == '\r') v.remove_suffix(1);
  return v;
}

std::string Position::to_string() const {
  std::string path = file ? file->path : std::string("<input>");
  if (line <= 0) return path;
  return fmt::format("{}:{}:{}", path, line, column);
}

std::string Diagnostic::render() const {
  std::string out = fmt::format("{}: error: {}\n", position.to_string(), message);
  if (position.file && position.line > 0) {
    std::string_view text = position.file->line_text(position.line);
    int column = position.column;
    std::string before, after;
    // A very long line is shown as a window around the column.
    constexpr int kWindow = 60;
    if (text.size() > 4 * kWindow) {
      size_t start = 0;
      for (int col = 1; start < text.size() && col < column - kWindow; ++col)
        start += utf8_lead_length(static_cast<unsigned char>(text[start]));
      size_t end = start;
      for (int k = 0; end < text.size() && k < 2 * kWindow; ++k)
        end += utf8_lead_length(static_cast<unsigned char>(text[end]));
      if (start > 0) {
        before = "…";
        column = column - character_column(text, static_cast<int>(start) + 1) + 2;
      }
      if (end < text.size()) after = "…";
      text = text.substr(start, end - start);
    }
    std::string gutter = fmt::format("{:>5}", position.line);
    out += fmt::format("{} | {}{}{}\n", gutter, before, text, after);
    // Walk to the column, measuring display width for the caret.
    std::string pad, marks;
    size_t i = 0;
    int col = 1;
    while (i < text.size() && col < column) {
      pad += text[i] == '\t' ? std::string("\t") : std::string(display_width(text, i), ' ');
      i += utf8_lead_length(static_cast<unsigned char>(text[i]));
      ++col;
    }
    int width = 0;
    for (int k = 0; k < std::max(1, position.length) && i < text.size(); ++k) {
      width += display_width(text, i);
      i += utf8_lead_length(static_cast<unsigned char>(text[i]));
    }
    marks = "^" + std::string(static_cast<size_t>(std::max(0, width - 1)), '~');
    out += fmt::format("{} | {}{}\n", std::string(gutter.size(), ' '), pad, marks);
  }
  if (!manual_section.empty()) {
    out += fmt::format("  see docs/LANGUAGE.md, section \"{}\"\n", manual_section);
  }
  return out;
}

std::string PolicyError::render() const {
  std::string out;
  for (const auto& d : diagnostics) out += d.render();
  return out;
}

const char* PolicyError::what() const noexcept {
  try {
    if (rendered_.empty()) rendered_ = render();
  } catch (...) {
    return "policy error";
  }
  return rendered_.c_str();
}

int character_column(std::string_view line, int byte_column) {
  int col = 1;
  size_t limit = static_cast<size_t>(std::max(1, byte_column) - 1);
  for (size_t i = 0; i < limit && i < line.size();) {
    i += utf8_lead_length(static_cast<unsigned char>(line[i]));
    ++col;
  }
  return col;
}

size_t find_invalid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = 0;
    size_t n = utf8_sequence(s, i, cp);
    if (n == 0) return i;
    i += n;
  }
  return std::string_view::npos;
}

Position file_position(const std::string& path) {
  auto f = std::make_shared<SourceFile>();
  f->path = path;
  Position p;
  p.file = f;
  return p;
}

}  // namespace doudi
