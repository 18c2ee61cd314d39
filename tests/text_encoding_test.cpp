// Tests for interpreter/formats/text_encoding.cpp: UTF-8 and GB18030 told
// apart, converted in pieces, and --encoding's names.
#include "interpreter/formats/text_encoding.h"

#include <doctest/doctest.h>

using namespace doudi;

namespace {
// "任城区" in GB18030 (GBK): C8 CE B3 C7 C7 F8.
const std::string kGb = "\xC8\xCE\xB3\xC7\xC7\xF8";
const std::string kUtf8 = "任城区";
}  // namespace

TEST_CASE("text encoding: valid UTF-8 is UTF-8 and GBK bytes are GB18030") {
  CHECK(is_utf8(kUtf8));
  CHECK(is_utf8("plain ascii"));
  CHECK_FALSE(is_utf8(kGb));
  CHECK(is_gb18030(kGb));
  CHECK(detect_text_encoding("id,district\n1," + kUtf8, true, TextEncoding::automatic) == TextEncoding::utf8);
  CHECK(detect_text_encoding("id,district\n1," + kGb, true, TextEncoding::automatic) == TextEncoding::gb18030);
  // Asked for: no detection.
  CHECK(detect_text_encoding(kUtf8, true, TextEncoding::gb18030) == TextEncoding::gb18030);
  CHECK(detect_text_encoding(kGb, true, TextEncoding::utf8) == TextEncoding::utf8);
}

TEST_CASE("text encoding: a prefix cut inside a character is still UTF-8 or GB18030") {
  std::string cut = kUtf8.substr(0, kUtf8.size() - 1);
  CHECK_FALSE(is_utf8(cut));
  CHECK(is_utf8(cut, true));
  CHECK(is_gb18030(kGb.substr(0, 5), true));
  CHECK(detect_text_encoding(kGb.substr(0, 5), false, TextEncoding::automatic) == TextEncoding::gb18030);
}

TEST_CASE("text encoding: neither UTF-8 nor GB18030 is left as it is for the readers to report") {
  std::string bad = "a\xFF\xFF";
  CHECK_FALSE(is_utf8(bad));
  CHECK_FALSE(is_gb18030(bad));
  CHECK(detect_text_encoding(bad, true, TextEncoding::automatic) == TextEncoding::utf8);
}

TEST_CASE("text encoding: the decoder converts in pieces and carries a cut character") {
  Gb18030Decoder decoder;
  std::string out;
  std::string text = "1," + kGb + "\n";
  size_t used = decoder.convert(std::string_view(text).substr(0, 4), false, out);  // cut after C8 CE B3
  CHECK(used == 4);  // "1," and one whole character
  CHECK(out == "1,任");
  used += decoder.convert(std::string_view(text).substr(used), true, out);
  CHECK(used == text.size());
  CHECK(out == "1," + kUtf8 + "\n");
  CHECK(decoder.replaced() == 0);
}

TEST_CASE("text encoding: a byte that is not GB18030 becomes U+FFFD and is counted") {
  Gb18030Decoder decoder;
  std::string out;
  decoder.convert("a\xFF" "b", true, out);
  CHECK(out == "a\xEF\xBF\xBD" "b");
  CHECK(decoder.replaced() == 1);
}

TEST_CASE("text encoding: decode_text converts a whole GB18030 text and says so") {
  TextEncoding used = TextEncoding::automatic;
  CHECK(decode_text("x: " + kGb, TextEncoding::automatic, &used) == "x: " + kUtf8);
  CHECK(used == TextEncoding::gb18030);
  CHECK(decode_text("x: " + kUtf8, TextEncoding::automatic, &used) == "x: " + kUtf8);
  CHECK(used == TextEncoding::utf8);
}

TEST_CASE("text encoding: the names --encoding takes") {
  CHECK(text_encoding_from_name("auto") == TextEncoding::automatic);
  CHECK(text_encoding_from_name("utf-8") == TextEncoding::utf8);
  CHECK(text_encoding_from_name("gb18030") == TextEncoding::gb18030);
  CHECK(text_encoding_from_name("gbk") == TextEncoding::gb18030);
  CHECK_FALSE(text_encoding_from_name("latin1"));
  CHECK(std::string(text_encoding_name(TextEncoding::gb18030)) == "GB18030");
}

TEST_CASE("text encoding: quoted bytes that are not UTF-8 become U+FFFD") {
  std::string quoted = as_valid_utf8("unknown district '" + kGb + "'");
  CHECK(is_utf8(quoted));
  CHECK(quoted.rfind("unknown district '\xEF\xBF\xBD", 0) == 0);  // C8 opens no UTF-8 sequence here
  CHECK(as_valid_utf8("a\xFF" "b") == "a\xEF\xBF\xBD" "b");
  CHECK(as_valid_utf8(kUtf8) == kUtf8);
}
