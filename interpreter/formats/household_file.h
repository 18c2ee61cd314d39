// Household files: the readers that turn CSV, YAML and JSON files into
// Households (interpreter/evaluation/household.h), one reader per format.
//
// Formats:
// - CSV: a header row naming the columns, one household per row. Columns are
//   the policy's household inputs by name; a column `id` is passed through.
// - YAML or JSON (JSON is read as YAML): one household as a map, or a list of
//   them. Keys are the household inputs, `id`, and `people`: a list of maps of
//   member inputs, one per member.
// Every value is read from its text, exactly: 900.50 is never a float.
// Errors name the file, the household (row number, or position and id) and
// the field; a bad household is reported, never skipped silently.
#pragma once

#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "dsl/model.h"
#include "base/exact.h"
#include "interpreter/evaluation/household.h"
#include "interpreter/formats/column_names.h"
#include "interpreter/formats/csv_record.h"
#include "interpreter/formats/household_text.h"

namespace doudi {

// A household's id may be at most this many bytes: a longer one is its
// household's bad field (an id is a name to find a household by, not data).
constexpr size_t kMaxIdBytes = 256;
std::string id_too_long_message(std::string_view id);
// Whether an id can be used as is: at most kMaxIdBytes and UTF-8 text (an id
// is copied into JSON, CSV and HTML output). The fast paths ask this and leave
// a row that fails to the exact reader, which says why (id_problem).
bool id_acceptable(std::string_view id);
std::optional<std::string> id_problem(std::string_view id);

struct HouseholdError {
  HouseholdError() = default;
  HouseholdError(std::string file, std::string household, std::string field, std::string message)
      : file(std::move(file)), household(std::move(household)), field(std::move(field)),
        message(std::move(message)) {}

  std::string file;
  std::string household;  // "row 12 (id 7)" or "household 2 (id h2)"; "" for the file itself
  std::string field;      // "" when not about one field
  std::string message;
  // The household as numbers, for errors files: its position (CSV data row,
  // or place in a YAML/JSON document; 0 for the file itself), the CSV line it
  // starts on (0 otherwise), and its id when known.
  long position = 0;
  long line = 0;
  std::string id;
  long member = 0;  // the member (1-based place under `people`) a YAML/JSON error is about; 0 otherwise

  std::string render() const;  // "file: row 12 (id 7): field 'members': …"
};

// Input names another policy version being compared declares (what-if runs
// read one file under several versions): a field of one of these names that
// this version does not declare is passed over instead of being an error.
using OtherInputs = std::set<std::string, std::less<>>;

// `text` read for version `m` into `out`: every field is an input of `m` (or
// of `other_inputs`), read by parse_input_value (type, `at least`/`at most`),
// every required input is given, and a household that lists its `people`
// gives a `members` (when the policy has that integer input) equal to their
// number. Each problem is appended to `errors` (all of the household's, each
// naming `file`, the household and the field); returns true when there is none.
bool read_household(const model::Model& m, const HouseholdText& text,
                    const std::shared_ptr<const std::string>& file, Household& out,
                    std::vector<HouseholdError>& errors, const OtherInputs& other_inputs = {});

// Reads a YAML or JSON household file. Good households are returned in file
// order; each bad one adds an error to `errors` instead. A file that cannot be
// read or parsed at all adds one error and returns nothing.
std::vector<Household> read_household_document(const model::Model& m, const std::string& path,
                                               std::vector<HouseholdError>& errors,
                                               const OtherInputs& other_inputs = {});

// The same reader on a document held in memory, `text` (`name` stands for the
// file in messages): how `doudi serve` reads a request's households, so they
// are read exactly as the same households in a JSON file are.
std::vector<Household> read_household_text(const model::Model& m, const std::string& name,
                                           const std::string& text, std::vector<HouseholdError>& errors,
                                           const OtherInputs& other_inputs = {});

// The columns of a CSV household file, from its header: the input each
// column fills (-1 for `id`, -2 for a column only another version reads or
// one ignored, -3 for one passed through to the output).
struct CsvColumns {
  std::vector<int> input;
  int id = -1;
  std::vector<std::string> unknown;  // headings that name no input (ignored or passed)
  std::vector<int> extra;            // the passed-through columns, in header order
  std::vector<std::string> extra_names;
};

// Checks a CSV header row against the policy: every column names a household
// input by its name or label (column_names.h) or is `id`, none twice, every
// input without a default present. Columns that name no input are one error
// naming them all, unless `extra` says to ignore or pass them (then listed in
// out.unknown). Fills `out` and returns nullopt, or returns the error
// ("line 1 (header)").
std::optional<HouseholdError> read_csv_header(const model::Model& m, const std::string& path,
                                              std::vector<std::string_view> header,
                                              CsvColumns& out, const OtherInputs& other_inputs = {},
                                              ExtraColumns extra = ExtraColumns::error);

// One CSV data record -> a household, exactly as every CSV reader of doudi
// reads it: `row` is its number among the data rows (1-based, the id when
// there is no id column), `line` the line it starts on. Returns the row's
// error (file, line, id, field) instead when a field cannot be read; `out`
// then still has its id and position.
std::optional<HouseholdError> csv_record_to_household(const model::Model& m,
                                                      const std::shared_ptr<const std::string>& file,
                                                      const CsvColumns& columns,
                                                      const std::vector<std::string_view>& fields,
                                                      long row, long line, Household& out);

// The start of every CSV household file, read alike by every reader: its
// first block of whole records into `block` (with its `boundary`), and its
// header record split into `header`. Returns the problem with the file
// ("cannot read the household file", "the file is empty: expected a header
// row"), or nullopt.
// The header's fields are views into `block` and `splitter` (a quoted field
// is unescaped there): both must outlive the use of `header`.
std::optional<std::string> read_csv_start(CsvBlockReader& blocks, std::string& block,
                                          CsvBoundary& boundary, CsvRecordSplitter& splitter,
                                          CsvRecord& header);

// Streams a CSV household file row by row, so memory stays flat.
class CsvHouseholdReader {
 public:
  // Opens `path` and checks its header against the policy's inputs. Check
  // error() afterwards: a file that cannot be used sets it.
  CsvHouseholdReader(const model::Model& m, const std::string& path,
                     const OtherInputs& other_inputs = {});

  const std::optional<HouseholdError>& error() const { return file_error_; }

  // Reads the next row into `out` (reusing its storage). Returns false at the
  // end of the file. A bad row returns true and sets `row_error`.
  bool next(Household& out, std::optional<HouseholdError>& row_error);

 private:
  bool read_record();

  const model::Model& model_;
  std::shared_ptr<const std::string> shared_path_;
  std::unique_ptr<CsvBlockReader> blocks_;
  std::string block_;
  size_t position_ = 0;  // of the next record in block_
  CsvRecordSplitter splitter_;
  CsvRecord record_;
  CsvColumns columns_;
  long row_ = 0;
  long line_number_ = 0;
  std::optional<HouseholdError> file_error_;
};

}  // namespace doudi
