// Joining a people file to a households file, block by block, for the
// batch pipeline (batch_run.h).
//
// Design note. The pipeline reads the households file in blocks of whole
// records; each block must travel with the people of its households, in
// household order. Two ways, chosen before the run by one streaming pass
// over both files (their id fields only):
//  - *in household order* (as registers export them: each household's people
//    together, households in the households file's order): that pass records
//    where each block's people end in the people file, and the run reads
//    exactly those bytes beside each block. Both files stream; memory stays
//    flat (a few blocks of each).
//  - *any other order* (or orphans in between): the people file is read
//    into memory once with an index of its records by household id (a
//    sorted array of 24 bytes a person), and each block's people are
//    gathered from it. Memory: the people file's size plus 25 bytes a
//    person (memory_bytes() says how much). The households file still
//    streams. People no household claimed are reported at the end.
// A household with no people, or people whose household is missing, are
// never dropped: the worker rejects the first (people.h's check_roster), and
// orphans() lists the second.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/formats/csv_record.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/formats/people.h"

namespace doudi {

// The people of one households block: whole records in household order.
struct PeopleChunk {
  std::string text;
  long first_line = 0;        // in order: the line of the first record
  std::vector<long> lines;    // gathered from an index: each record's line
  void clear() {
    text.clear();
    first_line = 0;
    lines.clear();
  }
};

class PeopleSource {
 public:
  // Opens `people_path`, checks its header and decides how to join it to
  // `households_path` (whose id is column `id_column`), reading that file in
  // blocks of `block_bytes` as the pipeline will. Check error() afterwards.
  PeopleSource(const model::Model& m, const std::string& people_path,
               const std::string& households_path, int id_column, size_t block_bytes,
               const OtherInputs& other_inputs = {});
  ~PeopleSource();
  PeopleSource(const PeopleSource&) = delete;
  PeopleSource& operator=(const PeopleSource&) = delete;

  const std::optional<HouseholdError>& error() const { return error_; }
  const PeopleColumns& columns() const { return columns_; }
  const std::string& path() const { return path_; }
  bool in_household_order() const { return ordered_; }
  // The file is not UTF-8 CSV (GB18030, an .xlsx workbook): its converted
  // text is joined through the index, its raw bytes being no CSV to stream.
  bool converted() const { return converted_; }
  // Bytes held for the join beyond the streamed blocks (0 in household order).
  unsigned long long memory_bytes() const;

  // The people of the next households block (`households`, records from
  // `begin`), into `out`.
  void next(std::string_view households, size_t begin, PeopleChunk& out);

  // After the last block: each person whose household was in no block.
  std::vector<HouseholdError> orphans() const;

 private:
  struct Entry {
    uint64_t hash = 0;
    uint64_t offset = 0;   // into text_
    uint32_t length = 0;   // the record with its line break(s)
    uint32_t line = 0;
  };
  bool plan_in_order(const std::string& households_path, size_t block_bytes);
  void build_index();
  void gather(std::string_view id, PeopleChunk& out);

  const model::Model& model_;
  std::string path_;
  int id_column_ = -1;
  PeopleColumns columns_;
  std::optional<HouseholdError> error_;
  bool ordered_ = false;
  bool converted_ = false;
  long header_lines_ = 1;
  unsigned long long header_bytes_ = 0;
  // In order: where each block's people end (bytes of the file) and the line
  // its first person is on.
  std::vector<std::pair<unsigned long long, long>> plan_;
  size_t block_ = 0;
  int fd_ = -1;
  unsigned long long read_ = 0;
  // Any order: the file's text and its records by household.
  std::string text_;
  std::vector<Entry> index_;
  std::vector<uint8_t> claimed_;
  CsvRecordSplitter splitter_;
  CsvRecord record_;
};

}  // namespace doudi
