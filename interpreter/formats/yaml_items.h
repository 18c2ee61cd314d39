// The households of a YAML list, found in the text: each item of a block
// sequence at the document's top (`- id: …` at column 0) or under a lone
// `households:` key, as its own text with the line it starts on. Reading the
// items one by one keeps yaml-cpp's node tree to one household at a time (a
// whole document's tree took about 60 times the file's size).
//
// Design note. Only the plain shape is split: every line that is not blank
// or a comment either starts an item at the list's indentation or is
// indented deeper. Anything else (flow style, JSON, a document marker, a
// directive, a tab, a second top-level key) gives nullopt, and the caller
// reads the document whole as before. A split that yaml-cpp then cannot read
// item by item (an alias to another item's anchor) is also read whole, so
// the split never changes what a file means or the message it gets.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

namespace doudi {

struct YamlItemText {
  long line = 0;          // of its `-`, 0-based (as yaml-cpp's marks are)
  std::string_view text;  // from its first line to the line before the next item
};

// The items of the document's household list, or nullopt when it is not the
// plain shape (see above).
std::optional<std::vector<YamlItemText>> yaml_list_items(std::string_view text);

}  // namespace doudi
