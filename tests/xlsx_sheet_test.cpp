// Tests for interpreter/formats/xlsx_sheet.cpp: a workbook's first sheet as
// CSV text, numbers as their cell text, dates from serials, rows on their lines.
#include "interpreter/formats/xlsx_sheet.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdio>
#include <fstream>

#include <doctest/doctest.h>

#include "base/date.h"

using namespace doudi;

namespace {

// A workbook written by libxlsxwriter (shared strings, as Excel writes them)
// with: a header, a row of typed cells, an empty row, a sparse row.
std::string write_workbook(bool constant_memory) {
  char path[] = "/tmp/doudi-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  lxw_workbook_options options{};
  options.constant_memory = constant_memory;
  lxw_workbook* book = workbook_new_opt(path, &options);
  workbook_add_worksheet(book, "花名册");
  lxw_worksheet* sheet = workbook_get_worksheet_by_name(book, "花名册");
  lxw_format* date = workbook_add_format(book);
  format_set_num_format(date, "yyyy-mm-dd");
  const char* heads[] = {"id", "district", "income", "birth_date", "ill"};
  for (int c = 0; c < 5; ++c) worksheet_write_string(sheet, 0, static_cast<lxw_col_t>(c), heads[c], nullptr);
  worksheet_write_string(sheet, 1, 0, "0012", nullptr);
  worksheet_write_string(sheet, 1, 1, "任城区, 东", nullptr);
  worksheet_write_number(sheet, 1, 2, 900.5, nullptr);
  lxw_datetime when{1952, 2, 29, 0, 0, 0};
  worksheet_write_datetime(sheet, 1, 3, &when, date);
  worksheet_write_boolean(sheet, 1, 4, 1, nullptr);
  worksheet_write_string(sheet, 3, 0, "h3", nullptr);  // row 3 (index 2) is left empty
  worksheet_write_number(sheet, 3, 2, 1e-3, nullptr);
  workbook_close(book);
  return path;
}

}  // namespace

TEST_CASE("xlsx sheet: the first sheet as CSV with row N on line N") {
  for (bool constant_memory : {false, true}) {  // shared strings, and inline strings
    std::string path = write_workbook(constant_memory);
    std::string error;
    auto sheet = read_xlsx_sheet(path, error);
    std::remove(path.c_str());
    REQUIRE_MESSAGE(sheet, error);
    CHECK(sheet->name == "花名册");
    CHECK(sheet->csv ==
          "id,district,income,birth_date,ill\n"
          "0012,\"任城区, 东\",900.5,1952-02-29,true\n"
          "\n"
          "h3,,0.001,,\n");
  }
}

TEST_CASE("xlsx sheet: a file that is not a workbook is an error and not a crash") {
  char path[] = "/tmp/doudi-xlsx-test-XXXXXX";
  int fd = mkstemp(path);
  CHECK(write(fd, "PK\x03\x04garbage", 11) == 11);
  close(fd);
  std::string error;
  CHECK_FALSE(read_xlsx_sheet(path, error));
  CHECK(error.find("not an .xlsx workbook") == 0);
  std::remove(path);
  CHECK(looks_like_zip(std::string_view("PK\x03\x04rest", 8)));
  CHECK_FALSE(looks_like_zip("id,district"));
}

TEST_CASE("xlsx sheet: a number's exponent form is written out digit for digit") {
  CHECK(plain_decimal("900.5") == "900.5");
  CHECK(plain_decimal("1.5E-2") == "0.015");
  CHECK(plain_decimal("-3E+2") == "-300");
  CHECK(plain_decimal("1.2345678901234567E+20") == "123456789012345670000");
  CHECK(plain_decimal("5E-1") == "0.5");
  CHECK(plain_decimal("0E0") == "0");
  CHECK(plain_decimal("abc") == "abc");
}

TEST_CASE("xlsx sheet: a number past Excel's 15 digits is read as Excel shows it") {
  CHECK(excel_number_text("81.400000000000006") == "81.4");
  CHECK(excel_number_text("81.40000000000001") == "81.4");
  CHECK(excel_number_text("0.30000000000000004") == "0.3");
  CHECK(excel_number_text("999.99999999999997") == "1000");
  CHECK(excel_number_text("-1058.2100000000001") == "-1058.21");
  CHECK(excel_number_text("1.0000000000000001E-2") == "0.01");
  CHECK(excel_number_text("123456789012345") == "123456789012345");  // whole numbers: as they are
  CHECK(excel_number_text("900.5") == "900.5");
}

TEST_CASE("xlsx sheet: serials are dates in the 1900 and 1904 systems") {
  CHECK(format_date(*serial_to_day(1, false)) == "1900-01-01");
  CHECK(format_date(*serial_to_day(59, false)) == "1900-02-28");
  CHECK_FALSE(serial_to_day(60, false));  // Excel's 1900-02-29, which never was
  CHECK(format_date(*serial_to_day(61, false)) == "1900-03-01");
  CHECK(format_date(*serial_to_day(44044, false)) == "2020-08-01");
  CHECK(format_date(*serial_to_day(0, true)) == "1904-01-01");
  CHECK_FALSE(serial_to_day(0, false));
}
