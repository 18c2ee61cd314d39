// File bytes -> UTF-8 CSV text (see text_input.h).
#include "interpreter/formats/text_input.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "interpreter/formats/xlsx_sheet.h"

namespace doudi {
namespace {

constexpr size_t kPrefixBytes = size_t{1} << 20;  // what the encoding is detected from

ssize_t read_some(int fd, char* out, size_t n) {
  ssize_t got;
  do {
    got = ::read(fd, out, n);
  } while (got < 0 && errno == EINTR);
  return got;
}

}  // namespace

TextInput::TextInput() = default;
TextInput::~TextInput() = default;

bool TextInput::open(int fd, const std::string& path, TextEncoding requested) {
  std::string prefix(kPrefixBytes, '\0');
  ssize_t n;
  do {
    n = ::pread(fd, prefix.data(), prefix.size(), 0);
  } while (n < 0 && errno == EINTR);
  prefix.resize(n > 0 ? static_cast<size_t>(n) : 0);
  if (n >= 0 && looks_like_zip(prefix)) {
    auto sheet = read_xlsx_sheet(path, problem_);
    if (!sheet) return false;
    kind_ = Kind::xlsx;
    sheet_ = sheet->name;
    text_ = std::move(sheet->csv);
    return true;
  }
  bool whole = n >= 0 && static_cast<size_t>(n) < kPrefixBytes;
  TextEncoding e = n < 0 ? (requested == TextEncoding::gb18030 ? requested : TextEncoding::utf8)
                         : detect_text_encoding(prefix, whole, requested);
  if (e == TextEncoding::gb18030) {
    kind_ = Kind::gb18030;
    decoder_ = std::make_unique<Gb18030Decoder>();
  }
  return true;
}

ssize_t TextInput::read(int fd, char* out, size_t n) {
  if (kind_ == Kind::utf8) return read_some(fd, out, n);
  if (kind_ == Kind::gb18030) {
    while (given_ == text_.size() && !end_) {  // convert the next piece of the file
      text_.clear();
      given_ = 0;
      char buffer[1 << 16];
      ssize_t got = read_some(fd, buffer, sizeof buffer);
      if (got < 0) return -1;
      end_ = got == 0;
      raw_.append(buffer, static_cast<size_t>(got));
      raw_.erase(0, decoder_->convert(raw_, end_, text_));
    }
  }
  size_t take = std::min(n, text_.size() - given_);
  std::memcpy(out, text_.data() + given_, take);
  given_ += take;
  return static_cast<ssize_t>(take);
}

std::string TextInput::described() const {
  switch (kind_) {
    case Kind::utf8: return "UTF-8";
    case Kind::gb18030: return "GB18030";
    case Kind::xlsx: return fmt::format("xlsx, sheet '{}'", sheet_);
  }
  return "";
}

}  // namespace doudi
