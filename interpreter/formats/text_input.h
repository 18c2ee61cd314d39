// A household or people file's bytes as the UTF-8 CSV text the readers
// expect, whatever the file is: UTF-8 CSV (read straight), GB18030 CSV
// (converted as it is read) or an .xlsx workbook (its first sheet as CSV).
// CsvBlockReader reads every CSV file through one of these, so the CLI, the
// API and Python read them alike.
//
// Design note. The kind is decided once, when the file is opened, from its
// first bytes (read with pread, so the file's offset stays at 0): a zip's
// magic is an .xlsx workbook whatever the file's name; otherwise the text's
// encoding is detected or taken as asked (text_encoding.h). A file that
// cannot be read at its offset (a pipe) is taken as UTF-8 unless GB18030 is
// asked for.
#pragma once

#include <sys/types.h>

#include <memory>
#include <string>

#include "interpreter/formats/text_encoding.h"

namespace doudi {

class TextInput {
 public:
  enum class Kind { utf8, gb18030, xlsx };

  TextInput();
  ~TextInput();
  TextInput(const TextInput&) = delete;
  TextInput& operator=(const TextInput&) = delete;

  // Looks at the file open on `fd` (named `path`). False, with problem() set,
  // when it is a workbook that cannot be read.
  bool open(int fd, const std::string& path, TextEncoding requested);
  // Up to `n` bytes of UTF-8 text into `out` (read(2)'s contract: 0 at the
  // end, -1 on an error).
  ssize_t read(int fd, char* out, size_t n);

  Kind kind() const { return kind_; }
  // How the file was read, for the run's summary: "UTF-8", "GB18030",
  // "xlsx, sheet 'Sheet1'".
  std::string described() const;
  const std::string& problem() const { return problem_; }
  // Bytes of text the reader will give, when known in advance (a workbook).
  unsigned long long text_size() const { return kind_ == Kind::xlsx ? text_.size() : 0; }

 private:
  Kind kind_ = Kind::utf8;
  std::string sheet_, problem_;
  std::string text_;        // the workbook's CSV text, or converted text not yet given
  size_t given_ = 0;        // of text_
  std::string raw_;         // GB18030 bytes read but not yet converted (a cut character)
  bool end_ = false;
  std::unique_ptr<Gb18030Decoder> decoder_;
};

}  // namespace doudi
