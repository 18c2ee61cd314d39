// Tests for interpreter/formats/results_excel_csv.cpp: the CSV Excel opens
// correctly (BOM, CRLF, label headers, ids kept as text).
#include <sstream>

#include "interpreter/formats/results.h"
#include "interpreter/formats/results_excel.h"
#include "test_util.h"

using namespace doudi;

namespace {
model::Model make_model() {
  return load_policy_text("t.doudi", test::with_header(
      "household { income : money }\n"
      "rule dibao \"低保金\" = 630 - income\n"
      "output dibao\n"));
}
}  // namespace

TEST_CASE("excel csv: BOM then label headers then CRLF rows with ids as text") {
  auto m = make_model();
  std::ostringstream out;
  RunInfo info{"p", "2020-08-01"};
  info.excel = true;
  auto writer = make_result_writer(OutputFormat::csv, m, info, out);
  writer->set_extra_columns({"姓名"});
  Evaluator ev(m);
  for (auto [id, name] : {std::pair{"0012", "张三"}, std::pair{"h2", "李,四"}}) {
    auto h = test::household(m, {{"income", "50.5"}});
    h.id = id;
    h.extra = {name};
    writer->write(h, ev.evaluate(h));
  }
  writer->finish();
  CHECK(out.str() ==
        "\xEF\xBB\xBFid,姓名,低保金 (dibao)\r\n"
        "\"=\"\"0012\"\"\",张三,579.50\r\n"
        "h2,\"李,四\",579.50\r\n");
}

TEST_CASE("excel csv: the ids Excel would turn into numbers or dates or formulas") {
  CHECK(excel_would_convert("0012"));
  CHECK(excel_would_convert("370811199001011234"));
  CHECK(excel_would_convert("2020-08"));
  CHECK(excel_would_convert("1/2"));
  CHECK(excel_would_convert("1e5"));
  CHECK(excel_would_convert("=cmd"));
  CHECK(excel_would_convert("-1"));
  CHECK_FALSE(excel_would_convert("h2"));
  CHECK_FALSE(excel_would_convert("renc-urban-3"));
  CHECK_FALSE(excel_would_convert("37081119900101123X"));
  CHECK_FALSE(excel_would_convert(""));
}
