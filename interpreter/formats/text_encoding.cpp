// UTF-8 checks, GB18030 detection and conversion (see text_encoding.h).
#include "interpreter/formats/text_encoding.h"

#include <cerrno>
#include <stdexcept>

#include "base/text.h"

namespace doudi {
namespace {

TextEncoding g_default = TextEncoding::automatic;

}  // namespace

std::optional<TextEncoding> text_encoding_from_name(std::string_view name) {
  if (name == "auto") return TextEncoding::automatic;
  if (name == "utf-8" || name == "utf8" || name == "UTF-8") return TextEncoding::utf8;
  if (name == "gb18030" || name == "GB18030" || name == "gbk" || name == "GBK" || name == "gb2312")
    return TextEncoding::gb18030;
  return std::nullopt;
}

const char* text_encoding_name(TextEncoding e) { return e == TextEncoding::gb18030 ? "GB18030" : "UTF-8"; }

TextEncoding default_text_encoding() { return g_default; }
void set_default_text_encoding(TextEncoding e) { g_default = e; }

bool is_utf8(std::string_view text, bool cut) {
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t n = utf8_sequence(text, i, cp);
    if (n == 0) {
      // A lead byte whose sequence runs past the end of a prefix: whole, maybe.
      unsigned char c = static_cast<unsigned char>(text[i]);
      size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC2 ? 2 : 0;
      if (!(cut && want > 0 && i + want > text.size())) return false;
      for (size_t k = i + 1; k < text.size(); ++k)
        if ((static_cast<unsigned char>(text[k]) & 0xC0) != 0x80) return false;
      return true;
    }
    i += n;
  }
  return true;
}

std::string as_valid_utf8(std::string_view text) {
  if (is_utf8(text)) return std::string(text);
  std::string out;
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t n = utf8_sequence(text, i, cp);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(text, i, n);
      i += n;
    }
  }
  return out;
}

Gb18030Decoder::Gb18030Decoder() : cd_(iconv_open("UTF-8", "GB18030")) {
  if (cd_ == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("iconv cannot convert GB18030 to UTF-8");
}

Gb18030Decoder::~Gb18030Decoder() { iconv_close(cd_); }

size_t Gb18030Decoder::convert(std::string_view in, bool at_end, std::string& out) {
  char* from = const_cast<char*>(in.data());  // iconv's signature; it does not write there
  size_t left = in.size();
  char buffer[16384];
  while (left > 0) {
    char* to = buffer;
    size_t room = sizeof buffer;
    size_t r = iconv(cd_, &from, &left, &to, &room);
    out.append(buffer, static_cast<size_t>(to - buffer));
    if (r != static_cast<size_t>(-1)) continue;
    if (errno == E2BIG) continue;
    if (errno == EINVAL && !at_end) break;  // a character cut by the end of `in`
    out += "\xEF\xBF\xBD";                  // EILSEQ, or cut at the end of the file: U+FFFD
    ++replaced_;
    ++from;
    --left;
  }
  return in.size() - left;
}

bool is_gb18030(std::string_view text, bool cut) {
  Gb18030Decoder decoder;
  std::string out;
  size_t used = decoder.convert(text, !cut, out);
  return decoder.replaced() == 0 && (used == text.size() || (cut && text.size() - used < 4));
}

TextEncoding detect_text_encoding(std::string_view prefix, bool whole, TextEncoding requested) {
  if (requested != TextEncoding::automatic) return requested;
  if (is_utf8(prefix, !whole)) return TextEncoding::utf8;
  if (is_gb18030(prefix, !whole)) return TextEncoding::gb18030;
  return TextEncoding::utf8;  // neither: read as it is, the readers say where it is not UTF-8
}

std::string decode_text(std::string text, TextEncoding encoding, TextEncoding* used) {
  TextEncoding e = detect_text_encoding(text, true, encoding);
  if (used) *used = e;
  if (e != TextEncoding::gb18030) return text;
  Gb18030Decoder decoder;
  std::string out;
  out.reserve(text.size() + text.size() / 2);
  decoder.convert(text, true, out);
  return out;
}

}  // namespace doudi
