// An .xlsx workbook's first worksheet as CSV text, so households and people
// rosters kept in Excel are read by the same CSV readers, with the same
// per-row errors, as a CSV file.
//
// Design note. An .xlsx file is a zip (libzip) of XML parts (expat): the
// workbook lists the sheets, its relationships name each sheet's part, the
// shared strings hold the text cells, the styles say which number formats
// are dates. The first sheet becomes one CSV line per sheet row — line N of
// the text is row N of the sheet (a row the sheet leaves out, or an empty
// one, is an empty line, which the readers pass over), so "line 12" in an
// error is row 12 in Excel. A cell's value is its text, never a double: a
// number is the digits the file holds ("900.5"; "1.5E-2" written out as
// "0.015"; past 15 significant digits, Excel's precision, see
// excel_number_text), a date-formatted number is its date (YYYY-MM-DD, from the
// 1900 or 1904 serial), a shared or inline string its text, a boolean
// true/false, an error cell its code ("#N/A", which the field reader then
// refuses). Rows are padded with empty fields to the header's width.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace doudi {

// True when `prefix` (a file's first bytes) opens a zip archive.
bool looks_like_zip(std::string_view prefix);

struct XlsxSheet {
  std::string name;  // the sheet's name, as Excel shows it on its tab
  std::string csv;   // its rows as CSV text
};

// The first worksheet of the workbook at `path`; nullopt with `error` set
// ("not an .xlsx workbook: …") when it cannot be read.
std::optional<XlsxSheet> read_xlsx_sheet(const std::string& path, std::string& error);

// The plain decimal of a number cell's text: "1.5E-2" -> "0.015", "-3E+2" ->
// "-300", anything else as it is. Digits only move; nothing is rounded.
std::string plain_decimal(std::string_view number);

// A number cell's text as Excel shows it: plain_decimal, and when it holds
// more than 15 significant digits (a typed 81.4 is stored as the double
// nearest and may be written "81.400000000000006"), rounded half up to 15 on
// its digits — Excel's own precision, what the user typed and sees. Never
// through a double.
std::string excel_number_text(std::string_view number);

// The date of spreadsheet serial `serial` (whole days) as a day number
// (base/date.h), in the 1900 (Excel's default, with its phantom 1900-02-29,
// serial 60, which gives nullopt) or 1904 date system.
std::optional<int> serial_to_day(long serial, bool date1904);

}  // namespace doudi
