// Household files -> HouseholdTexts (see household_text.h): YAML/JSON through
// yaml-cpp, CSV through the record splitter every CSV reader of doudi uses.
#include "interpreter/formats/household_text.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <iterator>
#include <set>
#include <sstream>

#include "interpreter/formats/csv_record.h"
#include "interpreter/formats/text_encoding.h"
#include "interpreter/formats/xlsx_sheet.h"
#include "interpreter/formats/yaml_items.h"

namespace doudi {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A key given twice in one map (a household's, a member's, the document's):
// yaml-cpp keeps both and the reader would take the last silently, so every
// repeat is reported with its line. Returns "" when no key repeats.
std::string repeated_key(const YAML::Node& node) {
  std::set<std::string, std::less<>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) continue;
    if (!seen.insert(it->first.Scalar()).second)
      return fmt::format("line {}: the key '{}' appears twice in one map: which value is meant?",
                         it->first.Mark().line + 1, it->first.Scalar());
  }
  return "";
}

// The fields of one map (a household's or a member's), in file order. A key
// given twice is a shape error naming it (`member` names the member, 0 for
// the household).
// `line_offset`: the file line the node's text starts on (0 for a whole
// document; an item read on its own has its own line 0).
void read_map(const YAML::Node& node, bool household, size_t member, HouseholdText& h,
              std::vector<FieldText>& out, long line_offset) {
  std::set<std::string, std::less<>> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {  // a key that is itself a list or a map
      h.shape_errors.emplace_back(
          "", fmt::format("line {}: a field name must be a plain name", it->first.Mark().line + 1 + line_offset));
      continue;
    }
    std::string key = it->first.Scalar();
    if (!seen.insert(key).second) {
      std::string whose = member > 0 ? fmt::format("member {}", member) : "the household";
      h.shape_errors.emplace_back(key, fmt::format("line {}: given a second time for {} (a repeated key: "
                                                   "which value is meant?)",
                                                   it->first.Mark().line + 1 + line_offset, whose));
      continue;
    }
    if (key == "id" || (household && key == "people")) continue;
    FieldText f{key, "", it->second.IsScalar()};
    if (f.scalar) f.text = it->second.Scalar();
    out.push_back(std::move(f));
  }
}

// The line (1-based) of a `---` that starts a second document: one that
// follows content and is followed by more (a leading `---` and a trailing one
// hold no second document); 0 when there is none. Found in the text, not by
// yaml-cpp's LoadAll, which can loop without end on malformed input.
long second_document_line(std::string_view text) {
  auto content = [](std::string_view line) {
    size_t k = line.find_first_not_of(" \t\r");
    return k != std::string_view::npos && line[k] != '#';
  };
  auto separator = [](std::string_view line) {
    return line.substr(0, 3) == "---" && (line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r');
  };
  bool before = false;
  long at = 0, line_number = 0;
  for (size_t start = 0; start < text.size();) {
    size_t nl = text.find('\n', start);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(start, nl - start);
    ++line_number;
    if (separator(line)) {
      if (at) return at;  // a third document: the second had content of its own or not, refuse
      if (before) at = line_number;
      std::string_view rest = line.substr(3);
      if (at && content(rest)) return at;
    } else if (content(line) && line.substr(0, 3) != "...") {
      if (at) return at;
      if (line[0] != '%') before = true;
    }
    start = nl + 1;
  }
  return 0;
}

HouseholdText read_one(const YAML::Node& node, size_t index, long line_offset = 0) {
  HouseholdText h;
  h.position = static_cast<long>(index) + 1;
  if (!node.IsMap()) {
    h.shape_errors.emplace_back("", "expected a map of input names to values");
    return h;
  }
  if (node["id"] && node["id"].IsScalar()) h.id = node["id"].Scalar();
  read_map(node, true, 0, h, h.fields, line_offset);
  if (const YAML::Node people = node["people"]) {
    h.has_people = true;
    if (!people.IsSequence()) {
      h.shape_errors.emplace_back("people", "expected a list of members");
      return h;
    }
    for (size_t k = 0; k < people.size(); ++k) {
      h.people.emplace_back();
      if (!people[k].IsMap()) {
        h.shape_errors.emplace_back(fmt::format("people {}", k + 1),
                                    "expected a map of member input names to values");
        continue;
      }
      read_map(people[k], false, k + 1, h, h.people.back(), line_offset);
    }
  }
  return h;
}

// The households of a plain YAML list read item by item (yaml_items.h), so
// yaml-cpp holds one household's tree at a time; nullopt when an item cannot
// be read on its own, and the document is then read whole.
std::optional<std::vector<HouseholdText>> read_items(const std::vector<YamlItemText>& items) {
  std::vector<HouseholdText> out;
  out.reserve(items.size());
  try {
    for (size_t i = 0; i < items.size(); ++i) {
      YAML::Node root = YAML::Load(std::string(items[i].text));
      if (!root.IsSequence() || root.size() != 1) return std::nullopt;
      out.push_back(read_one(root[0], i, items[i].line));
    }
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
  return out;
}

}  // namespace

std::optional<std::vector<HouseholdText>> parse_household_document(std::string_view text,
                                                                   HouseholdFileError& error) {
  // One document a file: two files joined, or a `---` between households,
  // would otherwise be read as the first only.
  if (long second = second_document_line(text)) {
    error.message = fmt::format("line {}: a second YAML document starts here; a household file holds "
                                "one document (a list of households)", second);
    return std::nullopt;
  }
  if (auto items = yaml_list_items(text)) {
    if (auto out = read_items(*items)) return out;
  }
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    error.message = fmt::format("not valid YAML/JSON at line {}, column {}: {}", e.mark.line + 1,
                                e.mark.column + 1, e.msg);
    return std::nullopt;
  }
  if (root.IsMap()) {
    if (std::string repeated = repeated_key(root); !repeated.empty() && root["households"]) {
      error.message = repeated;  // `households:` twice: which list is meant?
      return std::nullopt;
    }
  }
  std::vector<HouseholdText> out;
  try {
    if (root.IsMap() && root["households"]) root = root["households"];
    if (root.IsMap()) {
      out.push_back(read_one(root, 0));
    } else if (root.IsSequence()) {
      for (size_t i = 0; i < root.size(); ++i) out.push_back(read_one(root[i], i));
    } else {
      error.message = "expected a household (a map) or a list of households";
      return std::nullopt;
    }
  } catch (const YAML::Exception& e) {  // a document shape the reader did not foresee
    error.message = fmt::format("not a household document yaml-cpp can read (line {}): {}",
                                e.mark.line + 1, e.msg);
    return std::nullopt;
  }
  return out;
}

std::optional<std::vector<HouseholdText>> parse_household_csv(std::string_view text,
                                                              HouseholdFileError& error) {
  CsvRecordSplitter splitter;
  CsvRecord record;
  if (!splitter.split(text, true, record)) {
    error.message = "the file is empty: expected a header row";
    return std::nullopt;
  }
  std::vector<std::string> header(record.fields.begin(), record.fields.end());
  if (!header.empty() && header[0].rfind("\xEF\xBB\xBF", 0) == 0) header[0].erase(0, 3);
  std::set<std::string, std::less<>> columns;
  for (const auto& name : header) {
    if (!columns.insert(name).second) {  // which of the two is meant?
      error.message = fmt::format("line 1 (header): the column '{}' appears twice", name);
      return std::nullopt;
    }
  }
  size_t position = record.length;
  long line = record.lines + 1, row = 0;
  std::vector<HouseholdText> out;
  while (position < text.size() && splitter.split(text.substr(position), true, record)) {
    HouseholdText h;
    h.position = ++row;
    h.line = line;
    position += record.length;
    line += record.lines;
    if (csv_record_blank(record)) continue;  // a blank line: no household (its row number kept)
    if (const char* problem = csv_record_problem(record.fields)) {
      h.shape_errors.emplace_back("", problem);
      out.push_back(std::move(h));
      continue;
    }
    if (record.fields.size() != header.size()) {
      h.shape_errors.emplace_back("", fmt::format("the row has {} fields but the header names {} columns",
                                                  record.fields.size(), header.size()));
    }
    for (size_t c = 0; c < record.fields.size() && c < header.size(); ++c) {
      if (header[c] == "id") {
        h.id = std::string(record.fields[c]);
      } else if (!record.fields[c].empty()) {
        h.fields.push_back({header[c], std::string(record.fields[c]), true});
      }
    }
    out.push_back(std::move(h));
  }
  return out;
}

std::optional<std::string> read_whole_file(const std::string& path) {
  if (path == "-") {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    if (std::cin.bad()) return std::nullopt;
    return decode_text(std::move(text), default_text_encoding());
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) return std::nullopt;
  return decode_text(std::move(text).str(), default_text_encoding());
}

bool is_csv_path(const std::string& path) {
  if (ends_with(path, ".csv") || ends_with(path, ".CSV") || ends_with(path, ".xlsx") || ends_with(path, ".XLSX"))
    return true;
  // A workbook under another name (or none): its zip magic.
  char magic[4] = {};
  std::ifstream in(path, std::ios::binary);
  return in.read(magic, 4) && looks_like_zip(std::string_view(magic, 4));
}

std::optional<std::vector<HouseholdText>> read_household_texts(const std::string& path,
                                                               HouseholdFileError& error) {
  if (is_csv_path(path)) {  // through the CSV block reader, which reads workbooks and GB18030
    CsvBlockReader blocks(path);
    std::string csv, block;
    CsvBoundary boundary;
    if (!blocks.is_open()) {
      error.message = blocks.input().problem().empty() ? "cannot read the household file" : blocks.input().problem();
      return std::nullopt;
    }
    while (blocks.next(block, boundary)) csv += block;
    if (blocks.failed()) {
      error.message = blocks.problem().empty() ? "cannot read the household file" : blocks.problem();
      return std::nullopt;
    }
    return parse_household_csv(csv, error);
  }
  auto text = read_whole_file(path);
  if (!text) {
    error.message = "cannot read the household file";
    return std::nullopt;
  }
  return parse_household_document(*text, error);
}

}  // namespace doudi
