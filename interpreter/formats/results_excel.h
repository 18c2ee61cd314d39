// Results for Excel: the xlsx workbook (`doudi run --format xlsx -o FILE.xlsx`)
// and the CSV Excel opens correctly (`--excel`).
//
// Design note. Excel on Chinese Windows reads a CSV without a byte-order mark
// as the ANSI code page (GBK), turns digit-only ids into numbers (leading
// zeros and digits past the 15th lost) and shows identifiers as headers. The
// Excel CSV is the plain CSV writer's rows with a BOM, CRLF line ends, headers
// "label (name)" and every id Excel would read as a number, date or formula
// written as the formula ="…" (Excel shows its text; a leading tab or
// apostrophe would stay in the cell). The workbook has typed cells: an amount
// is a number cell formatted with its declared decimals ("0.00") when its
// exact decimal text is what the cell's number prints back as (at most 15
// significant digits, see exact_number_cell), otherwise a text cell holding
// the exact text, so no digit changes; ids and names are text cells. Its
// second sheet says what produced it (policy, version, fingerprint, date,
// sources).
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "interpreter/formats/results.h"

namespace doudi {

// The number a spreadsheet cell stores for the decimal `text` ("990.00",
// "-0.5"), when the text the cell's number is written back as (libxlsxwriter
// writes "%.16G") and read by Excel (15 significant digits) is that same
// decimal; nullopt otherwise (more than 15 significant digits, an exponent
// form), and the caller writes the text instead.
std::optional<double> exact_number_cell(std::string_view text);  // not an amount: a cell's storage

// Whether Excel, opening a CSV, would not keep `id` as the text it is (a
// number, a date, a formula): such ids are written ="id" by the Excel CSV.
bool excel_would_convert(std::string_view id);

// ="id" with the quotes in `id` doubled, as Excel's formula syntax writes
// them: Excel shows the text itself. (The Excel CSV is make_result_writer's
// CSV writer with RunInfo::excel.)
std::string excel_text_formula(std::string_view id);

// The xlsx writer: the workbook is assembled in a temporary file and copied
// onto `out` by finish(); problem() says why when it could not be.
std::unique_ptr<ResultWriter> make_xlsx_writer(const model::Model& m, const RunInfo& info, std::ostream& out);

}  // namespace doudi
