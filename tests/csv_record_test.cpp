// Tests for interpreter/formats/csv_record.cpp: records split exactly as doudi has
// always read CSV (quotes, doubled quotes, quoted line breaks, CRLF), from
// buffers that may end mid-record, and files read in blocks of whole records.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "interpreter/formats/csv_record.h"

using namespace doudi;

namespace {
std::vector<std::vector<std::string>> split_all(std::string_view text) {
  CsvRecordSplitter splitter;
  CsvRecord r;
  std::vector<std::vector<std::string>> out;
  size_t at = 0;
  while (splitter.split(text.substr(at), true, r)) {
    out.emplace_back(r.fields.begin(), r.fields.end());
    at += r.length;
  }
  return out;
}
using Rows = std::vector<std::vector<std::string>>;
}  // namespace

TEST_CASE("csv_record: plain lines — CRLF — empty fields and lines") {
  CHECK(split_all("a,b\nc,,d\r\n\n,\n") == Rows{{"a", "b"}, {"c", "", "d"}, {""}, {"", ""}});
  CHECK(split_all("no newline at end") == Rows{{"no newline at end"}});
  CHECK(split_all("x\r,y\n") == Rows{{"x\r", "y"}});  // only a trailing '\r' goes
  CHECK(split_all("a-rather-long-first-field,with,a,few,more,fields-than-sixteen-bytes\n") ==
        Rows{{"a-rather-long-first-field", "with", "a", "few", "more", "fields-than-sixteen-bytes"}});
  CHECK(split_all("").empty());
}

TEST_CASE("csv_record: quoted fields — doubled quotes — line breaks inside quotes") {
  CHECK(split_all("\"a,b\",\"say \"\"hi\"\"\"\n") == Rows{{"a,b", "say \"hi\""}});
  CHECK(split_all("\"two\r\nlines\",x\r\nnext\n") == Rows{{"two\nlines", "x"}, {"next"}});
  CHECK(split_all("\"q\"tail,z\n") == Rows{{"qtail", "z"}});  // text after the quote is kept
  CsvRecordSplitter splitter;
  CsvRecord r;
  REQUIRE(splitter.split("\"a\nb\",c\nd\n", true, r));
  CHECK(r.lines == 2);
  CHECK(r.length == 8);
}

TEST_CASE("csv_record: a buffer ending mid-record asks for more") {
  CsvRecordSplitter splitter;
  CsvRecord r;
  CHECK_FALSE(splitter.split("a,b", false, r));
  CHECK_FALSE(splitter.split("\"a\nb", false, r));
  CHECK(splitter.split("a,b", true, r));
  auto b = find_csv_boundary("a\nb\"x\ny\nrest", false, splitter);
  CHECK(b.end == 8);
  CHECK(b.records == 3);
  b = find_csv_boundary("a\nb\nrest", true, splitter);
  CHECK(b.end == 8);
  CHECK(b.lines == 3);
}

TEST_CASE("csv_record: blocks of a file hold whole records — however small the block") {
  std::string text = "id,name\r\n";
  for (int i = 0; i < 500; ++i)
    text += std::to_string(i) + (i % 7 == 0 ? ",\"multi\nline, quoted\"\r\n" : ",plain\n");
  auto path = (std::filesystem::temp_directory_path() / "doudi_csv_record_blocks.csv").string();
  std::ofstream(path, std::ios::binary) << text;
  Rows expected = split_all(text);
  for (size_t block : {size_t{1}, size_t{4096}, size_t{1} << 20}) {
    CsvBlockReader reader(path, block);
    REQUIRE(reader.is_open());
    Rows got;
    std::string chunk;
    CsvBoundary boundary;
    long lines = 0;
    while (reader.next(chunk, boundary)) {
      auto rows = split_all(chunk);
      CHECK(static_cast<long>(rows.size()) == boundary.records);
      got.insert(got.end(), rows.begin(), rows.end());
      lines += boundary.lines;
    }
    CHECK(got == expected);
    CHECK(lines == 1 + 500 + 500 / 7 + 1);
    CHECK(reader.bytes_done() == text.size());
    CHECK(reader.file_size() == text.size());
  }
  CHECK_FALSE(CsvBlockReader("/nonexistent/doudi.csv").is_open());
}

TEST_CASE("csv_record: a stray quote is its row's error and reading goes on at the next line (F11)") {
  CsvRecordSplitter splitter;
  CsvRecord r;
  // Never closed: the record is cut back to its first line and rejected.
  std::string_view text = "\"never closed,\nstill\n";
  REQUIRE(splitter.split(text, true, r));
  const char* problem = csv_record_problem(r.fields);
  REQUIRE(problem != nullptr);
  CHECK(std::string(problem).find("a quoted field runs past 100 lines or 64 KiB, or never closes") == 0);
  CHECK(r.length == 15);
  CHECK(r.lines == 1);
  REQUIRE(splitter.split(text.substr(r.length), true, r));
  CHECK(csv_record_problem(r.fields) == nullptr);
  CHECK(r.fields.size() == 1);
  CHECK(r.fields[0] == "still");
  // Closed, but only after 150 lines: rejected at the line it opened on.
  std::string many = "1,\"a";
  for (int i = 0; i < 150; ++i) many += "\n2,b";
  many += "\"\n";
  REQUIRE(splitter.split(many, true, r));
  CHECK(csv_record_problem(r.fields) != nullptr);
  CHECK(r.length == 5);
  // A plain field over 64 KiB.
  std::string wide = "a," + std::string(70000, 'x') + "\nb\n";
  REQUIRE(splitter.split(wide, true, r));
  REQUIRE(csv_record_problem(r.fields) != nullptr);
  CHECK(std::string(csv_record_problem(r.fields)) == "a field is longer than 64 KiB");
  // A quoted field of 99 lines is still read.
  std::string fine = "\"a";
  for (int i = 0; i < 98; ++i) fine += "\nb";
  fine += "\",c\n";
  REQUIRE(splitter.split(fine, true, r));
  CHECK(csv_record_problem(r.fields) == nullptr);
  CHECK(r.lines == 99);
  CHECK(r.fields.size() == 2);
}
