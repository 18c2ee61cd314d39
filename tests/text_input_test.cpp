// Tests for interpreter/formats/text_input.cpp through CsvBlockReader, the
// reader every CSV reader uses: GB18030 converted, a workbook read as CSV
// whatever its name, UTF-8 straight.
#include "interpreter/formats/text_input.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>

#include "interpreter/formats/csv_record.h"

using namespace doudi;

namespace {

std::string temporary(const std::string& bytes) {
  char path[] = "/tmp/doudi-input-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path, std::ios::binary) << bytes;
  return path;
}

std::string read_all(CsvBlockReader& reader) {
  std::string all, block;
  CsvBoundary boundary;
  while (reader.next(block, boundary)) all += block;
  return all;
}

}  // namespace

TEST_CASE("text input: a GB18030 file is read as UTF-8 in blocks of whole records") {
  std::string gb = "id,district\n";
  for (int i = 0; i < 3000; ++i) gb += std::to_string(i) + ",\xC8\xCE\xB3\xC7\xC7\xF8\n";  // 任城区
  std::string path = temporary(gb);
  CsvBlockReader reader(path, 4096);  // small blocks: characters cut at block ends
  CHECK(reader.input().kind() == TextInput::Kind::gb18030);
  CHECK(reader.input().described() == "GB18030");
  std::string text = read_all(reader);
  std::remove(path.c_str());
  CHECK(text.substr(0, 24) == "id,district\n0,任城区\n");
  CHECK(text.size() == gb.size() + 3000 * 3);  // each 6-byte name became 9 bytes
}

TEST_CASE("text input: UTF-8 stays as it is and --encoding overrides the detection") {
  std::string path = temporary("id,district\n1,任城区\n");
  CsvBlockReader utf8(path);
  CHECK(utf8.input().described() == "UTF-8");
  CHECK(read_all(utf8) == "id,district\n1,任城区\n");
  CsvBlockReader forced(path, 1 << 19, TextEncoding::gb18030);
  CHECK(forced.input().described() == "GB18030");
  CHECK(read_all(forced) != "id,district\n1,任城区\n");  // UTF-8 bytes taken as GB18030: another text
  std::remove(path.c_str());
}

TEST_CASE("text input: a workbook under any name is read as its first sheet") {
  char path[] = "/tmp/doudi-input-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  lxw_workbook* book = workbook_new(path);
  lxw_worksheet* sheet = workbook_add_worksheet(book, "Sheet1");
  worksheet_write_string(sheet, 0, 0, "id", nullptr);
  worksheet_write_string(sheet, 0, 1, "income", nullptr);
  worksheet_write_string(sheet, 1, 0, "a", nullptr);
  worksheet_write_number(sheet, 1, 1, 12.25, nullptr);
  workbook_close(book);
  CsvBlockReader reader(path);
  CHECK(reader.input().kind() == TextInput::Kind::xlsx);
  CHECK(reader.input().described() == "xlsx, sheet 'Sheet1'");
  CHECK(reader.file_size() == 18);
  CHECK(read_all(reader) == "id,income\na,12.25\n");
  std::remove(path);
}

TEST_CASE("text input: a broken workbook is not open and says why") {
  std::string path = temporary(std::string("PK\x03\x04", 4) + "not a zip");
  CsvBlockReader reader(path);
  CHECK_FALSE(reader.is_open());
  CHECK(reader.input().problem().find("not an .xlsx workbook") == 0);
  std::remove(path.c_str());
}
