// The CSV Excel opens correctly (see results_excel.h): which ids Excel
// would convert, and the ="id" formula that keeps them text. The writer is
// results.cpp's CSV writer in its Excel form (RunInfo::excel).
#include <cctype>

#include "base/text.h"
#include "interpreter/formats/results_excel.h"

namespace doudi {

bool excel_would_convert(std::string_view id) {
  if (id.empty()) return false;
  // A formula or a sign: Excel evaluates it (and a leading '=' is how a CSV
  // injects a formula).
  if (id.front() == '=' || id.front() == '+' || id.front() == '-' || id.front() == '@') return true;
  // Digits with the characters of numbers, dates, times and percentages
  // ("0123", "2020-08", "1/2", "3:15", "1e5", "12%"): Excel reads a value.
  bool digit = false;
  for (char c : id) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (std::string_view(".,/:-+eE% ").find(c) == std::string_view::npos) return false;
  }
  return digit;
}

std::string excel_text_formula(std::string_view id) {
  std::string out = "=\"";
  for (char c : id) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace doudi
