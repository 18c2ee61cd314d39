// Tests for dsl/version_compare.cpp: naming cells, matching them across versions
// whose region groups differ, and the change between two values.
#include "base/date.h"
#include "dsl/version_compare.h"
#include "test_util.h"

using namespace doudi;

TEST_CASE("versions: Jining 2020's tier cells match 2017's city-wide cells") {
  auto set = load_policy(test::source_path("policies/jining"));
  const auto& v2017 = set.in_force(*parse_date("2017-06-01"));
  const auto& v2020 = set.in_force(*parse_date("2020-07-01"));
  int t = -1;
  std::optional<size_t> cell;
  std::string why;
  REQUIRE(parse_cell_reference(v2020, "dibao_standard[二类地区, rural]", t, cell, why));
  const auto& t2020 = v2020.tables[static_cast<size_t>(t)];
  CHECK(cell_name(v2020, t2020, *cell) == "[二类地区, rural]");
  const auto& t2017 = v2017.tables[static_cast<size_t>(v2017.find_table("dibao_standard"))];
  auto before = matching_cell(v2020, t2020, *cell, v2017, t2017);
  REQUIRE(before.has_value());
  CHECK(cell_name(v2017, t2017, *before) == "[rural]");
  CHECK(t2017.cells[*before]->to_string() == "380");
  CHECK_FALSE(parse_cell_reference(v2020, "dibao_standard[三类地区, rural]", t, cell, why));
  CHECK(why.find("'三类地区' is not a value of key 'region'") != std::string::npos);
}

TEST_CASE("versions: the change from one value to the next — absolute and in percent") {
  CHECK(change_text(*Exact::parse("520"), *Exact::parse("570")) == "+50 (+9.6%)");
  CHECK(change_text(*Exact::parse("570"), *Exact::parse("590")) == "+20 (+3.5%)");
  CHECK(change_text(*Exact::parse("600"), *Exact::parse("590")) == "-10 (-1.7%)");
  CHECK(change_text(*Exact::parse("0"), *Exact::parse("5")) == "+5");
}
