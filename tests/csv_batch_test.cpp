// Tests for interpreter/formats/csv_batch.cpp: the fast field reading takes a field
// only when it gives exactly what parse_value gives, and sends every other
// field (spaces, '+', too many digits, unknown names, empty required ones)
// to the exact path.
#include <random>

#include "interpreter/formats/csv_batch.h"
#include "test_util.h"

using namespace doudi;

TEST_CASE("csv_batch: parse_fixed agrees with parse_value on the numbers it takes") {
  auto m = load_policy_text("t.doudi", test::with_header("household { income : money\n n : integer }\n"
                                                         "rule a = income\noutput a\n"));
  const auto& money = m.inputs[0].type;
  std::vector<std::string> texts = {"0", "-0", "900.5", "900.50", "900.500", "900.501", "007.10",
                                    "-12.34", "+5", " 5", "5 ", "5.", ".5", "1e3", "", "-",
                                    "9999999999999999.99", "99999999999999999.99", "1,00"};
  std::mt19937_64 rng(3);
  for (int i = 0; i < 2000; ++i) {
    std::string t = std::to_string(std::uniform_int_distribution<int64_t>(-99999999, 99999999)(rng));
    int dot = static_cast<int>(rng() % 5);
    if (dot > 0 && static_cast<size_t>(dot) < t.size()) t.insert(t.size() - static_cast<size_t>(dot), ".");
    texts.push_back(t);
  }
  for (const auto& t : texts) {
    INFO("'" << t << "'");
    int64_t fast = 0;
    bool taken = fast::parse_fixed(t, 2, fast);
    std::string why;
    auto exact = parse_value(m, money, t, why);
    if (taken) {
      REQUIRE(exact.has_value());
      CHECK(*exact == Exact::fraction(fast, 100));
    }
    if (exact && exact->scaled(2) && t.find_first_of(" +") == std::string::npos && t.size() < 18 &&
        t.find('.') != 0 && t.back() != '.') {
      CHECK(taken);  // the plain forms are all taken
    }
  }
}

TEST_CASE("csv_batch: names — defaults and odd fields") {
  auto m = load_policy_text("t.doudi", test::with_header(
      "enum hukou \"户籍\" = {urban \"城市\", rural \"农村\"}\nregion A = {任城区, 济宁高新区}\n"
      "household { district : district\n hukou : hukou\n members : integer\n income : money\n"
      " tekun : boolean = false }\n"
      "rule a = income * members\noutput a\n"));
  auto p = fast::compile_program(m);
  CsvColumns columns;
  REQUIRE_FALSE(read_csv_header(m, "t.csv", {"id", "district", "hukou", "members", "income", "tekun"}, columns));
  fast::CsvFieldReader reader(m, p, columns);
  fast::FastEvaluator batch(p);
  reader.prepare(batch);
  auto read = [&](std::vector<std::string_view> fields) { return reader.read(fields, batch, 0); };
  CHECK(read({"1", "济宁高新区", "城市", "3", "900.50", ""}));  // a label; the default
  CHECK(batch.column(p.inputs[1].column)[0] == 0);         // urban
  CHECK(batch.column(p.inputs[4].column)[0] == 0);         // tekun = false
  CHECK(batch.column(p.inputs[3].column)[0] == 90050);
  CHECK(read({"1", "任城区", "rural", "3", "900.50", "是"}));
  CHECK(batch.column(p.inputs[4].column)[0] == 1);
  CHECK_FALSE(read({"1", "北京", "urban", "3", "900.50", "1"}));    // unknown: the exact path reports it
  CHECK_FALSE(read({"1", "任城区 ", "urban", "3", "900.50", "1"})); // spaces: parse_value trims
  CHECK_FALSE(read({"1", "任城区", "urban", "", "900.50", "1"}));   // a required input left empty
  CHECK_FALSE(read({"1", "任城区", "urban", "3", "900.505", "1"})); // more digits than money has
  CHECK_FALSE(read({"1", "任城区", "urban", "3"}));                  // too few fields
  fast::NameTable names;
  names.add("济宁经济技术开发区", 1);
  names.add("济宁高新区", 2);
  names.add("济宁高新区", 3);  // the first code stays
  CHECK(names.find("济宁经济技术开发区") == 1);
  CHECK(names.find("济宁高新区") == 2);
  CHECK(names.find("济宁") == -1);
  CHECK(names.find("") == -1);
}
