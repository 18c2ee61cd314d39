// Tests for interpreter/formats/results_xlsx.cpp: exact number cells, and a
// workbook doudi writes read back by doudi's own .xlsx reader.
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>

#include "interpreter/formats/results.h"
#include "interpreter/formats/results_excel.h"
#include "interpreter/formats/xlsx_sheet.h"
#include "test_util.h"

using namespace doudi;

TEST_CASE("xlsx results: a number cell only where it prints back as the exact decimal") {
  CHECK(exact_number_cell("990.00") == 990.0);  // not an amount: comparing a cell's storage
  CHECK(exact_number_cell("-0.50") == -0.5);    // not an amount: as above
  CHECK(exact_number_cell("0.05"));
  CHECK(exact_number_cell("123456789012.34"));   // 14 significant digits
  CHECK(exact_number_cell("999999999999999"));   // 15
  CHECK_FALSE(exact_number_cell("1234567890123456"));  // 16: Excel keeps 15
  CHECK_FALSE(exact_number_cell("0.0000012"));  // printed back with an exponent
  CHECK_FALSE(exact_number_cell("abc"));
  CHECK_FALSE(exact_number_cell("1."));
}

TEST_CASE("xlsx results: typed cells with labels and an about sheet") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "enum grade = {severe \"特困\", general \"一般\"}\n"
      "household { income : money }\n"
      "rule dibao \"低保金\" = 630 - income\n"
      "rule g = if income < 100 then severe else general\n"
      "output dibao\noutput grade = g\n"));
  std::ostringstream out;
  RunInfo info{"p", "2020-08-01", "sha1:abc"};
  {
    auto writer = make_result_writer(OutputFormat::xlsx, m, info, out);
    Evaluator ev(m);
    auto h = test::household(m, {{"income", "50.5"}});
    h.id = "0012";
    writer->write(h, ev.evaluate(h));
    writer->finish();
    CHECK(writer->problem() == "");
  }
  REQUIRE(looks_like_zip(out.str()));
  char path[] = "/tmp/doudi-xlsx-results-XXXXXX";
  int fd = mkstemp(path);
  close(fd);
  std::ofstream(path, std::ios::binary) << out.str();
  std::string error;
  auto sheet = read_xlsx_sheet(path, error);
  std::remove(path);
  REQUIRE_MESSAGE(sheet, error);
  CHECK(sheet->name == "results");
  // The id stays text, the amount is the number 579.5, the grade its label.
  CHECK(sheet->csv == "id,低保金 (dibao),grade\n0012,579.5,特困\n");
}
