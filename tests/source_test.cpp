// Tests for base/source.cpp: positions, carets under Chinese text, UTF-8 checks.
#include <doctest/doctest.h>

#include "base/source.h"

using namespace doudi;

TEST_CASE("source: a diagnostic shows file:line:col — the line and a caret") {
  auto file = std::make_shared<SourceFile>();
  file->path = "p.doudi";
  file->text = "rule a = 1\nrule b = foo + 1\n";
  Diagnostic d{{file, 2, 10, 3}, "unknown name 'foo'", "Names"};
  std::string text = d.render();
  CHECK(text.find("p.doudi:2:10: error: unknown name 'foo'") == 0);
  CHECK(text.find("    2 | rule b = foo + 1\n") != std::string::npos);
  CHECK(text.find("      |          ^~~\n") != std::string::npos);
  CHECK(text.find("section \"Names\"") != std::string::npos);
}

TEST_CASE("source: carets account for double-width Chinese characters") {
  auto file = std::make_shared<SourceFile>();
  file->path = "p.doudi";
  file->text = "rule 低保 = 错误\n";
  Diagnostic d{{file, 1, 11, 2}, "unknown name", ""};
  // "rule 低保 = " is 5 + 4 + 3 = 12 display columns before the name.
  CHECK(d.render().find("  | " + std::string(12, ' ') + "^~~~\n") != std::string::npos);
}

TEST_CASE("source: character columns count code points — not bytes") {
  CHECK(character_column("任城区 x", 11) == 5);  // 3 chars x 3 bytes + space, then x
  CHECK(character_column("abc", 3) == 3);
}

TEST_CASE("source: invalid UTF-8 is found") {
  CHECK(find_invalid_utf8("济宁 ok") == std::string::npos);
  CHECK(find_invalid_utf8(std::string("ab\xff") + "c") == 2);
  CHECK(find_invalid_utf8("\xe6\xb5") == 0);       // truncated sequence
  CHECK(find_invalid_utf8("\xc0\xaf") == 0);       // overlong
  CHECK(find_invalid_utf8("\xed\xa0\x80") == 0);   // surrogate
}

TEST_CASE("source: line_text finds every line from its noted start") {
  SourceFile f;
  f.text = "first\r\nsecond\n\nlast";
  CHECK(f.line_text(1) == "first");  // the CR of a CRLF is not the line's
  CHECK(f.line_text(2) == "second");
  CHECK(f.line_text(3) == "");
  CHECK(f.line_text(4) == "last");
  CHECK(f.line_text(5) == "");  // past the end
  CHECK(f.line_text(0) == "first");
  SourceFile copy = f;
  copy.text = "a\nb";  // a copy notes its own lines
  CHECK(copy.line_text(2) == "b");
  CHECK(f.line_text(2) == "second");
}

TEST_CASE("source: UTF-8 lead bytes give their sequence's length") {
  CHECK(utf8_lead_length('a') == 1);
  CHECK(utf8_lead_length(0xC3) == 2);
  CHECK(utf8_lead_length(0xE4) == 3);  // 任 and most Chinese characters
  CHECK(utf8_lead_length(0xF0) == 4);
  CHECK(utf8_lead_length(0x80) == 1);  // a continuation byte: step on
}
