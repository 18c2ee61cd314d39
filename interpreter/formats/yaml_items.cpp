// The households of a YAML list, found in the text (see yaml_items.h).
#include "interpreter/formats/yaml_items.h"

namespace doudi {
namespace {

// A line with nothing to read: blank, or only a comment.
bool empty_line(std::string_view line) {
  size_t k = line.find_first_not_of(" \r");
  return k == std::string_view::npos || line[k] == '#';
}

size_t indentation(std::string_view line) {
  size_t k = line.find_first_not_of(' ');
  return k == std::string_view::npos ? line.size() : k;
}

// `-` followed by a space or the end of the line, at `at`.
bool item_mark(std::string_view line, size_t at) {
  return at < line.size() && line[at] == '-' &&
         (at + 1 == line.size() || line[at + 1] == ' ' || line[at + 1] == '\r');
}

bool households_key(std::string_view line) {
  if (line.substr(0, 11) != "households:") return false;
  std::string_view rest = line.substr(11);
  size_t k = rest.find_first_not_of(" \r");
  return k == std::string_view::npos || rest[k] == '#';
}

}  // namespace

std::optional<std::vector<YamlItemText>> yaml_list_items(std::string_view text) {
  std::vector<YamlItemText> items;
  long line_number = -1;
  bool under_key = false;            // a `households:` line came first
  size_t indent = std::string_view::npos;  // of the list's `-`, once known
  size_t item_start = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(start, (nl == std::string_view::npos ? text.size() : nl) - start);
    ++line_number;
    if (line.find('\t') != std::string_view::npos && !empty_line(line)) return std::nullopt;
    if (!empty_line(line)) {
      size_t n = indentation(line);
      if (indent == std::string_view::npos) {  // the first content line(s)
        if (!under_key && n == 0 && households_key(line)) {
          under_key = true;
        } else if (item_mark(line, n) && (under_key ? n > 0 : n == 0)) {
          indent = n;
        } else {
          return std::nullopt;
        }
      } else if (n < indent || (n == indent && !item_mark(line, n))) {
        return std::nullopt;  // another key, or something not a list item, at the list's level
      }
      if (indent != std::string_view::npos && n == indent) {
        if (!items.empty()) items.back().text = text.substr(item_start, start - item_start);
        items.push_back({line_number, {}});
        item_start = start;
      }
    }
    start = end;
  }
  if (items.empty()) return std::nullopt;
  items.back().text = text.substr(item_start);
  return items;
}

}  // namespace doudi
