// The encodings household, people and test files come in: UTF-8 (with or
// without a byte-order mark) or GB18030, which covers GBK and GB2312 — what
// Excel on Chinese Windows saves as "CSV". Everything past this layer is
// UTF-8, so errors and output files always are.
//
// Design note. A file is read through one place whatever reads it (the CSV
// block reader, the whole-file reader): there its first megabyte decides the
// encoding when none is asked for. Text that is valid UTF-8 is UTF-8 (ASCII
// included); text that is not, but is valid GB18030, is GB18030 (glibc's
// iconv converts it, in blocks, a character cut by a block's end carried
// over); anything else is left as it is, and the readers then say which line
// is not UTF-8. `--encoding` (the process's default_text_encoding()) overrides
// the detection; the API and Python detect.
#pragma once

#include <iconv.h>

#include <optional>
#include <string>
#include <string_view>

namespace doudi {

enum class TextEncoding { automatic, utf8, gb18030 };

// "auto", "utf-8" (or "utf8"), "gb18030" (also "gbk", "gb2312": GB18030 holds
// them); nullopt for another name.
std::optional<TextEncoding> text_encoding_from_name(std::string_view name);
// "UTF-8" or "GB18030".
const char* text_encoding_name(TextEncoding e);

// The encoding readers use when they are given none: automatic, unless the
// program (doudi's --encoding) sets another.
TextEncoding default_text_encoding();
void set_default_text_encoding(TextEncoding e);

// True when `text` is well-formed UTF-8; with `cut`, a sequence cut short at
// the very end is taken as whole (the text is a prefix of the file).
bool is_utf8(std::string_view text, bool cut = false);
// The same for GB18030 (through iconv).
bool is_gb18030(std::string_view text, bool cut = false);

// `text` with every byte that is not well-formed UTF-8 replaced by U+FFFD:
// what messages and errors files quote from a file, so they stay UTF-8.
std::string as_valid_utf8(std::string_view text);

// The encoding of a file whose first bytes are `prefix` (`whole`: the file
// is no longer), for `requested`: utf8 or gb18030 as asked; automatic as
// the design note says.
TextEncoding detect_text_encoding(std::string_view prefix, bool whole, TextEncoding requested);

// GB18030 -> UTF-8 in pieces: each call converts what it can of `in` and
// appends it to `out`, returning the bytes used; a character cut at the end
// of `in` is left unused unless `at_end`. A byte that is not GB18030 becomes
// U+FFFD (counted in replaced()), so a field holding it is then reported.
class Gb18030Decoder {
 public:
  Gb18030Decoder();
  ~Gb18030Decoder();
  Gb18030Decoder(const Gb18030Decoder&) = delete;
  Gb18030Decoder& operator=(const Gb18030Decoder&) = delete;

  size_t convert(std::string_view in, bool at_end, std::string& out);
  long replaced() const { return replaced_; }

 private:
  iconv_t cd_;
  long replaced_ = 0;
};

// A whole text in `encoding` (detected when automatic) as UTF-8; `used`
// gets the encoding it was read as.
std::string decode_text(std::string text, TextEncoding encoding, TextEncoding* used = nullptr);

}  // namespace doudi
