// CSV records exactly as doudi reads household files, from a buffer of text.
//
// Design note. doudi has always read a CSV record as one line (its trailing
// '\r' dropped) split at commas; a line holding a '"' is read RFC 4180 style:
// a field opening with '"' runs to the matching quote ("" is a quote inside),
// may span line breaks (the next line is joined with '\n', its own '\r'
// dropped), and text after the closing quote up to the comma is kept. A
// quoted field still open at the end of the file ends there. The splitter
// works on a buffer that may end mid-record, so the streaming readers can hand
// it blocks of a file: it reports "need more text" rather than guess. Fields
// are views into the buffer (no copy) unless the record has a quote, in which
// case they point into the splitter's own scratch text.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/formats/text_input.h"

namespace doudi {

// The bounds every CSV reader keeps, so one stray quote or one runaway line
// cannot swallow the rest of a file or its memory: a field may hold at most
// kCsvMaxField bytes, a quoted field may span at most kCsvMaxQuotedLines
// lines, and a record (its line breaks included) at most kCsvMaxRecord bytes.
// A quoted field past its bound was opened by a stray quote (most likely):
// the record is cut back to the line the quote opened on, rejected, and
// reading goes on at the next line. A field past kCsvMaxField is its row's
// error. A record past kCsvMaxRecord stops the file (CsvBlockReader::problem).
constexpr size_t kCsvMaxField = size_t{64} << 10;
constexpr long kCsvMaxQuotedLines = 100;
constexpr size_t kCsvMaxRecord = size_t{4} << 20;

// When the splitter rejects a record, its fields are one field pointing at a
// message of its own: this gives that message ("a quoted field runs past …"),
// or nullptr for a record read as usual. Every reader asks before it reads
// the fields.
const char* csv_record_problem(const std::vector<std::string_view>& fields);

struct CsvRecord {
  std::vector<std::string_view> fields;
  size_t length = 0;  // bytes of the buffer the record used, its line break(s) included
  long lines = 0;     // physical lines it spans (more than 1 only for quoted line breaks)
};

// A line with nothing on it (not even "" or a space): no household, no
// person. Readers pass over it without counting it as read or rejected; it
// keeps its row number, so rows are numbered alike by every reader.
inline bool csv_record_blank(const CsvRecord& r) {
  return r.fields.size() == 1 && r.fields[0].empty() && r.length <= 2 && r.lines == 1;
}

class CsvRecordSplitter {
 public:
  // Splits the record at the start of `text` into `out`. `at_eof` says no
  // text follows the buffer. Returns false when the buffer holds no complete
  // record: more text is needed, or (at_eof) the buffer is empty. The views in
  // `out` stay valid until the next call and while `text` lives.
  bool split(std::string_view text, bool at_eof, CsvRecord& out);

 private:
  bool split_quoted(std::string_view text, std::string_view line, size_t next, bool at_eof,
                    CsvRecord& out);

  std::string scratch_;          // unquoted text of a record with quotes
  std::vector<size_t> ends_;     // end offset of each field in scratch_
};

// Where the last complete record of `text` ends, and how many records and
// physical lines come before it; `text` starts at a record. At end of file
// the rest of the text is a record (if any). Used to cut a file into blocks
// of whole records.
struct CsvBoundary {
  size_t end = 0;
  long records = 0;
  long lines = 0;
};
CsvBoundary find_csv_boundary(std::string_view text, bool at_eof, CsvRecordSplitter& splitter);

// Reads a file as blocks of whole records (about `block_bytes` each; a
// record longer than that makes its block longer), so a reader never sees a
// record cut in two and blocks can be handled apart. Plain read(2): no
// iostream, no per-line copies.
class CsvBlockReader {
 public:
  // The file's text is UTF-8 whatever it holds (text_input.h): a GB18030 file
  // is converted, an .xlsx workbook's first sheet read as CSV; `encoding`
  // overrides the detection. A workbook that cannot be read is not open (see
  // input().problem()).
  explicit CsvBlockReader(const std::string& path, size_t block_bytes = size_t{1} << 19,
                          TextEncoding encoding = default_text_encoding());
  ~CsvBlockReader();
  CsvBlockReader(const CsvBlockReader&) = delete;
  CsvBlockReader& operator=(const CsvBlockReader&) = delete;

  bool is_open() const { return fd_ >= 0; }
  // How the file is read (its encoding, or the workbook's sheet).
  const TextInput& input() const { return input_; }
  // Replaces `text` with the next block; `boundary` gives its record and line
  // counts. False at the end of the file (or a read error, see failed()).
  bool next(std::string& text, CsvBoundary& boundary);
  bool failed() const { return failed_; }
  // Why the file stopped being read, with its line, when it is the file's
  // text and not the disk ("line 7: a record runs past 4 MiB …", CR-only line
  // endings); "" otherwise.
  const std::string& problem() const { return problem_; }
  // Bytes handed out so far, and the file's size (0 when unknown: a pipe).
  unsigned long long bytes_done() const { return done_; }
  unsigned long long file_size() const { return size_; }

 private:
  bool fill(std::string& text);
  long lines_left(std::string& text);  // counts the lines to the end of the file (see .cpp)

  int fd_ = -1;
  size_t block_;
  std::string carry_;  // text after the last whole record of the previous block
  bool eof_ = false, failed_ = false, first_ = true;
  std::string problem_;
  long lines_done_ = 0;  // physical lines handed out so far
  unsigned long long done_ = 0, size_ = 0;
  CsvRecordSplitter splitter_;
  TextInput input_;
};

}  // namespace doudi
