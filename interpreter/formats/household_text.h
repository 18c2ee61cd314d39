// Households as their files give them, before any policy reads them: each
// field's text, in file order, with where it was found.
//
// Design note. There is one reader per format, and every way into doudi (the
// CLI, the C++ and C API, Python) goes through it: the YAML/JSON and CSV
// readers here turn a file into HouseholdTexts, and read_household()
// (interpreter/formats/household_file.h) turns a HouseholdText into a policy version's
// Household with every check (names, types, `at least`/`at most`, missing
// inputs, members against the people listed). The API keeps HouseholdTexts
// as its public text households and reads them for a version on each call.
// Nothing here knows a policy, so a shape problem (a household that is not a
// map, a list where a value belongs) is kept on the household and reported by
// read_household() with the household's other problems.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace doudi {

struct FieldText {
  std::string name;
  std::string text;
  bool scalar = true;  // false: the file gives a list or a map here
};

struct HouseholdText {
  std::string id;       // as the file gives it; "" when it gives none
  long position = 0;    // its place in the file (1-based): YAML/JSON position or CSV data row
  long line = 0;        // the CSV line it starts on (0 for YAML/JSON)
  std::vector<FieldText> fields;  // household inputs (not `id`, not `people`), in file order
  bool has_people = false;        // the file gives `people`
  std::vector<std::vector<FieldText>> people;
  // Problems of shape, each (field, message): reported by read_household().
  std::vector<std::pair<std::string, std::string>> shape_errors;

  // The id doudi uses: the given one, else the position.
  std::string effective_id() const { return id.empty() ? std::to_string(position) : id; }
};

// A problem with a whole file (it cannot be read, is not YAML, is not a
// household or a list of them): the message, without the file's name.
struct HouseholdFileError {
  std::string message;
};

// A YAML or JSON document: one household (a map), a list of them, or a map
// whose `households:` key holds the list. nullopt and `error` set when the
// text is not such a document.
std::optional<std::vector<HouseholdText>> parse_household_document(std::string_view text,
                                                                   HouseholdFileError& error);

// A CSV document: a header row, then one household per row (an `id` column
// gives the id; an empty cell is left out, so the input's default applies).
// A row whose field count differs from the header's keeps a shape error.
std::optional<std::vector<HouseholdText>> parse_household_csv(std::string_view text,
                                                              HouseholdFileError& error);

// A household file by its name: CSV when is_csv_path says so (a workbook's
// first sheet read as CSV), else YAML/JSON.
std::optional<std::vector<HouseholdText>> read_household_texts(const std::string& path,
                                                               HouseholdFileError& error);

// True when `path` is read by the CSV readers: a name ending in .csv or
// .xlsx, or a file that opens with a zip's magic (an .xlsx workbook under
// another name).
bool is_csv_path(const std::string& path);

// The whole of a file (or standard input for "-") as UTF-8 (a GB18030 file
// converted: text_encoding.h), or nullopt.
std::optional<std::string> read_whole_file(const std::string& path);

}  // namespace doudi
