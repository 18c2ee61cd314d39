// The shipped policies reproduce every published standard they encode
// (figures and quotes in published-standards.yaml, copied into the policy
// sources): through households — zero income gets the full standard, a tekun
// household gets basic + care for each tier — and by reading the tables.
#include "base/date.h"
#include "test_util.h"

using namespace doudi;
using test::household;
using test::output;
using test::source_path;

namespace {
const model::Model& jining(const char* date) {
  static PolicySet set = load_policy(source_path("policies/jining"));
  return set.in_force(*parse_date(date));
}
const model::Model& wenshang() {
  static PolicySet set = load_policy(source_path("policies/wenshang"));
  return set.in_force(*parse_date("2020-08-01"));
}
// A one-person household with no income: its dibao is the full standard.
std::string standard_through_household(const model::Model& m, const char* district,
                                       const char* hukou) {
  std::map<std::string, std::string> f{{"hukou", hukou}, {"members", "1"}, {"monthly_income", "0"}};
  if (district) f["district"] = district;
  return output(m, household(m, f), "dibao");
}
std::string tekun(const model::Model& m, const char* district, const char* hukou, const char* care) {
  std::map<std::string, std::string> f{{"hukou", hukou}, {"members", "1"}, {"monthly_income", "0"},
                                       {"tekun", "true"}, {"care", care}};
  if (district) f["district"] = district;
  return output(m, household(m, f), "tekun");
}
// Reads a table cell by key value names.
std::string cell(const model::Model& m, const std::string& table, std::vector<std::string> keys) {
  for (const auto& t : m.tables) {
    if (t.name != table) continue;
    size_t index = 0;
    for (size_t k = 0; k < keys.size(); ++k) {
      int code = -1;
      const auto& key = t.keys[k];
      if (key.kind == model::TypeKind::region) {
        for (size_t r = 0; r < m.regions.size(); ++r)
          if (m.regions[r].name == keys[k]) code = static_cast<int>(r);
      } else {
        code = m.find_enum_value(key.enumeration, keys[k]);
      }
      REQUIRE(code >= 0);
      index = index * static_cast<size_t>(key.size) + static_cast<size_t>(code);
    }
    return t.cells[index] ? t.cells[index]->to_string() : "n/a";
  }
  FAIL("no table " << table);
  return "";
}
const char* kTierA[] = {"任城区", "兖州区", "曲阜市", "邹城市", "微山县", "济宁高新区", "太白湖新区"};
const char* kTierB[] = {"泗水县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "梁山县", "济宁经济技术开发区"};
}  // namespace

TEST_CASE("published jining-2017-dibao: urban 570 — rural 380 in every district") {
  const auto& m = jining("2017-06-01");
  CHECK(m.version == "2017");
  for (const char* d : kTierA) {
    CHECK(standard_through_household(m, d, "urban") == "570.00");
    CHECK(standard_through_household(m, d, "rural") == "380.00");
  }
  for (const char* d : kTierB) {
    CHECK(standard_through_household(m, d, "urban") == "570.00");
    CHECK(standard_through_household(m, d, "rural") == "380.00");
  }
}

TEST_CASE("published jining-2017-tekun-rural: basic 470 — care 340/170/100") {
  const auto& m = jining("2017-06-01");
  CHECK(cell(m, "tekun_basic", {"rural"}) == "470");
  CHECK(cell(m, "tekun_basic", {"urban"}) == "n/a");  // not published in 2017
  CHECK(tekun(m, "金乡县", "rural", "full") == "810.00");
  CHECK(tekun(m, "金乡县", "rural", "partial") == "640.00");
  CHECK(tekun(m, "金乡县", "rural", "self") == "570.00");
}

TEST_CASE("published jining-2020-07-tiers: dibao — tekun basic and care by tier") {
  const auto& m = jining("2020-07-01");
  CHECK(m.version == "2020.07");
  for (const char* d : kTierA) {
    CHECK(standard_through_household(m, d, "urban") == "630.00");
    CHECK(standard_through_household(m, d, "rural") == "475.00");
    CHECK(tekun(m, d, "urban", "self") == "1100.00");     // 930 + 170
    CHECK(tekun(m, d, "rural", "full") == "1200.00");     // 620 + 580
  }
  for (const char* d : kTierB) {
    CHECK(standard_through_household(m, d, "urban") == "590.00");
    CHECK(standard_through_household(m, d, "rural") == "445.00");
    CHECK(tekun(m, d, "urban", "partial") == "1160.00");  // 870 + 290
    CHECK(tekun(m, d, "rural", "self") == "750.00");      // 580 + 170
  }
  CHECK(cell(m, "care_standard", {"full"}) == "580");
  CHECK(cell(m, "care_standard", {"partial"}) == "290");
  CHECK(cell(m, "care_standard", {"self"}) == "170");
}

TEST_CASE("published jining-2020-city-averages: each is the mean of the two tiers") {
  const auto& m = jining("2020-07-01");
  auto mean = [&](const char* table, const char* hukou) {
    return ((*Exact::parse(cell(m, table, {"一类地区", hukou})) +
             *Exact::parse(cell(m, table, {"二类地区", hukou}))) / Exact::from_int(2)).to_string();
  };
  CHECK(mean("dibao_standard", "urban") == "610");
  CHECK(mean("dibao_standard", "rural") == "460");
  CHECK(mean("tekun_basic", "urban") == "900");
  CHECK(mean("tekun_basic", "rural") == "600");
}

TEST_CASE("jining 2020: the 补差 top-up for a household with income") {
  const auto& m = jining("2020-08-01");
  auto h = household(m, {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "900.00"}});
  CHECK(output(m, h, "dibao") == "990.00");  // (630 - 300) x 3
  auto odd = household(m, {{"district", "梁山县"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "1000.00"}});
  CHECK(output(m, odd, "per_capita_income") == "333.33");
  CHECK(output(m, odd, "dibao") == "770.01");  // (590 - 333.33) x 3
  auto above = household(m, {{"district", "曲阜市"}, {"hukou", "rural"}, {"members", "2"}, {"monthly_income", "1200.00"}});
  CHECK(output(m, above, "dibao") == "0.00");
}

TEST_CASE("published wenshang-2020: dibao 590/445 — tekun basic 870/580 — care 580/290/170") {
  const auto& m = wenshang();
  CHECK(standard_through_household(m, nullptr, "urban") == "590.00");
  CHECK(standard_through_household(m, nullptr, "rural") == "445.00");
  CHECK(tekun(m, nullptr, "urban", "full") == "1450.00");
  CHECK(tekun(m, nullptr, "rural", "partial") == "870.00");
  CHECK(tekun(m, nullptr, "rural", "self") == "750.00");
}
