// The reference workload (bench/WORKLOAD.md): policies/reference evaluated on
// 10,000 generated households must print exactly what reference.py printed
// (tests/data/reference_expected_10k.csv, made by the shared reference.py).
#include <fstream>
#include <sstream>

#include "base/date.h"
#include "interpreter/formats/results.h"
#include "test_util.h"

using namespace doudi;
using test::source_path;

namespace {
std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}
}  // namespace

TEST_CASE("reference workload: byte-identical to reference.py on 10 000 households") {
  auto set = load_policy(source_path("policies/reference"));
  const auto& m = set.in_force(*parse_date("2020-08-01"));
  std::ostringstream out;
  auto writer = make_result_writer(OutputFormat::csv, m, RunInfo{"", "2020-08-01"}, out);
  Evaluator ev(m);
  CsvHouseholdReader reader(m, source_path("tests/data/reference_households_10k.csv"));
  REQUIRE_FALSE(reader.error().has_value());
  Household h;
  std::optional<HouseholdError> e;
  long rows = 0;
  while (reader.next(h, e)) {
    REQUIRE_FALSE(e.has_value());
    writer->write(h, ev.evaluate(h));
    ++rows;
  }
  writer->finish();
  CHECK(rows == 10000);
  std::string expected = slurp(source_path("tests/data/reference_expected_10k.csv"));
  REQUIRE(!expected.empty());
  std::string actual = out.str();
  if (actual != expected) {  // show the first differing line
    std::istringstream a(actual), b(expected);
    std::string la, lb;
    while (std::getline(a, la) && std::getline(b, lb) && la == lb) {}
    FAIL("first difference: got '" << la << "', expected '" << lb << "'");
  }
  CHECK(actual == expected);
}
