// Reading CSV household fields straight into a fast-evaluation batch.
//
// Design note. The row reader (household.h) turns every field into an Exact
// through parse_value, with a string lookup per name and a Household per row.
// Here each column has a reader chosen once from its input's type: amounts
// are parsed digit by digit into fixed point at the input's scale, names
// (districts, enumeration values and labels, true/false) are found in a small
// open-addressing table, and the value goes into the batch column. Only the
// plain forms are taken: a field with spaces, a '+', more digits than int64
// holds, an unknown name, an empty field without a constant default — any
// field the fast reading is not sure of — sends the whole row to the exact
// path, which reads it with parse_value and reports the error, if any, in the
// usual words. So a row read here holds exactly the values parse_value would
// give.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/compiled/fast_eval.h"
#include "interpreter/formats/household_file.h"

namespace doudi::fast {

// Names -> codes, for the few names of a policy (districts, enumeration
// values). Exact byte comparison, like the model's lookups.
class NameTable {
 public:
  // Adds a name unless it is already there (the first code wins, as
  // Model::find_enum_value's order gives).
  void add(std::string_view name, int64_t code);
  // The code of `name`, or -1.
  int64_t find(std::string_view name) const;

 private:
  struct Entry {
    std::string name;
    int64_t code = -1;
    bool used = false;
    uint64_t head = 0, tail = 0;  // first and last 8 bytes (see words())
  };
  static void words(std::string_view s, uint64_t& head, uint64_t& tail);
  static uint64_t hash(size_t size, uint64_t head, uint64_t tail);
  void grow();

  std::vector<Entry> slots_;
  size_t count_ = 0;
};

// Parses a plain decimal ("-12.5", "900") into value × 10^scale; false for
// anything else, for more digits after the point than `scale` unless they
// are zeros, and for more than 18 digits.
bool parse_fixed(std::string_view text, int scale, int64_t& out);

class CsvFieldReader {
 public:
  // Reads the columns of a households file (`scope` household) or of a
  // people file (`scope` member, one row a person). A households file that
  // leaves out the member-count input (Program::member_count_input) leaves
  // it to the caller, who knows the people.
  CsvFieldReader(const model::Model& m, const Program& p, const CsvColumns& columns,
                 model::Scope scope = model::Scope::household);

  // Writes the constant columns of inputs the file does not give (their
  // defaults) into the batch: once per FastEvaluator.
  void prepare(FastEvaluator& batch) const;
  // Reads one record's fields into household `row` of the batch. False when
  // the row must be read by the exact path instead.
  bool read(const std::vector<std::string_view>& fields, FastEvaluator& batch, int row) const;
  // Every row must take the exact path (an input without column or constant
  // default, or one the fast path cannot read at all).
  bool exact_only() const { return exact_only_; }

 private:
  enum class Kind { skip, number, name, date, unreadable };
  struct Column {
    Kind kind = Kind::skip;
    int target = -1;       // batch column
    int scale = 0;
    const NameTable* names = nullptr;
    std::optional<int64_t> empty;  // value of an empty field (a constant default)
    // The input's `at least` / `at most` at `scale`: a value outside goes to
    // the exact path, which reports it.
    int64_t least = INT64_MIN, most = INT64_MAX;
  };
  bool read_field(const Column& c, std::string_view text, int64_t& out) const;

  std::vector<Column> columns_;
  struct Absent {
    int column = -1;
    int64_t value = 0;
    int rows = 0;  // entries to fill: households or people
  };
  std::vector<Absent> absent_;  // inputs the file does not give: their defaults
  std::vector<NameTable> tables_;                // per enumeration, then districts, booleans
  bool exact_only_ = false;
};

}  // namespace doudi::fast
