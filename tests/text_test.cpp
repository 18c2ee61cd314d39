// Tests for base/text.cpp: trim, display width (wide CJK, narrow "—"), the
// escapers for XML/HTML, CSV and JSON, and aligned text tables.
#include <doctest/doctest.h>

#include "base/text.h"

using namespace doudi;

TEST_CASE("text: trim cuts spaces tabs and carriage returns at both ends only") {
  CHECK(trim("  a b \t\r") == "a b");
  CHECK(trim("") == "");
  CHECK(trim(" \t ") == "");
  CHECK(trim("x") == "x");
}

TEST_CASE("text: display width counts wide CJK as two columns and the dash as one") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("一类地区") == 8);
  CHECK(display_width("—") == 1);      // U+2014, three bytes, one column
  CHECK(display_width("é") == 1);      // two bytes
  CHECK(display_width("\xff" "a") == 2);  // a stray byte counts one
  CHECK(display_width("𠀀") == 2);     // a four-byte CJK extension character
}

TEST_CASE("text: utf8_sequence refuses what is not well-formed") {
  uint32_t cp = 0;
  CHECK(utf8_sequence("低", 0, cp) == 3);
  CHECK(cp == 0x4F4E);
  CHECK(utf8_sequence("\xC0\x80", 0, cp) == 0);      // overlong
  CHECK(utf8_sequence("\xED\xA0\x80", 0, cp) == 0);  // a surrogate
  CHECK(utf8_sequence("\xE4\xBD", 0, cp) == 0);      // truncated
}

TEST_CASE("text: xml_escape escapes markup and replaces what XML cannot hold") {
  CHECK(xml_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&apos;");
  CHECK(xml_escape("低保 ok") == "低保 ok");
  CHECK(xml_escape("line\nbreak") == "line&#10;break");
  CHECK(xml_escape("line\nbreak", false) == "line\nbreak");
  CHECK(xml_escape(std::string("bell\x07") + "\xff") == "bell\xEF\xBF\xBD\xEF\xBF\xBD");
  CHECK(xml_escape(std::string("id\x01")) == "id\xEF\xBF\xBD");
}

TEST_CASE("text: csv_field quotes only when it must") {
  CHECK(csv_field("plain") == "plain");
  CHECK(csv_field("a,b") == "\"a,b\"");
  CHECK(csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  std::string out = "x,";
  append_csv_field(out, "line\nbreak");
  CHECK(out == "x,\"line\nbreak\"");
}

TEST_CASE("text: json_string escapes quotes backslashes and control characters") {
  CHECK(json_string("a\"b\\c") == "\"a\\\"b\\\\c\"");
  CHECK(json_string("\n\t\x01") == "\"\\n\\t\\u0001\"");
  CHECK(json_string("低保") == "\"低保\"");
}

TEST_CASE("text: a text table lines up wide characters and dashes") {
  TextTable t;
  t.header = {{"id", "金额"}};
  t.rows = {{"一类地区", "—"}, {"x", "12.50"}};
  t.right = {false, true};
  CHECK(t.render() ==
        "id        金额\n"
        "--------  -----\n"
        "一类地区      —\n"
        "x         12.50\n");
  CHECK(text_table({{"地区", "n"}, {"一类地区", "12"}}, {false, true}) ==
        "地区       n\n"
        "--------  --\n"
        "一类地区  12\n");
}

TEST_CASE("text: json_string keeps UTF-8 and writes a byte that is not UTF-8 as \\ufffd (F19)") {
  CHECK(json_string("低保") == "\"低保\"");
  CHECK(json_string("a\xff\xfe" "b") == "\"a\\ufffd\\ufffdb\"");
  CHECK(json_string("\xe4\xbd") == "\"\\ufffd\\ufffd\"");  // a sequence cut short
}
