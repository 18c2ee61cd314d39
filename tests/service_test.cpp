// Tests for interpreter/service/service.cpp: the decision service without
// HTTP — a list's results in its order, a repeated id rejected in its place,
// outputs that are n/a given with the reason.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "base/date.h"
#include "interpreter/service/catalog.h"
#include "interpreter/service/service.h"

using namespace doudi;
using namespace doudi::service;

namespace {
std::string source(const std::string& rel) { return std::string(DOUDI_SOURCE_DIR) + "/" + rel; }

DecisionService jining() {
  return DecisionService(load_catalog({source("policies/jining")}, 1), [] { return *parse_date("2020-08-01"); });
}

const char* kHousehold = R"("district": "任城区", "hukou": "urban", "members": 3, "monthly_income": "900.00")";
}  // namespace

TEST_CASE("service: a household whose id an earlier one of the list has is rejected in its place") {
  std::string body = std::string(R"({"date": "2020-08-01", "households": [)") + "{\"id\": \"a\", " + kHousehold +
                     "}, {\"id\": \"b\", " + kHousehold + "}, {\"id\": \"a\", " + kHousehold + "}]}";
  Response r = jining().evaluate(body);
  CHECK(r.status == 422);
  auto j = nlohmann::json::parse(r.body);
  const auto& results = j.at("results");
  REQUIRE(results.size() == 3);
  CHECK(results[0].at("id") == "a");
  CHECK(results[0].at("outputs").at("dibao") == "990.00");
  CHECK(results[1].at("outputs").at("dibao") == "990.00");
  CHECK(results[2].at("id") == "a");
  REQUIRE(results[2].contains("errors"));
  CHECK(results[2].at("errors")[0].at("field") == "id");
  CHECK(results[2].at("errors")[0].at("reason").get<std::string>().find("given to an earlier household") !=
        std::string::npos);
  CHECK_FALSE(results[2].contains("outputs"));
}

TEST_CASE("service: an output needing a figure written n/a is n/a with the reason - the others given") {
  // 2017 publishes no urban tekun standard.
  std::string body = R"({"date": "2017-08-01", "households": [{"id": "t", "district": "邹城市", "hukou": "urban",
                         "members": 1, "monthly_income": "0", "tekun": true, "care": "partial"}]})";
  Response r = jining().evaluate(body);
  CHECK(r.status == 200);
  auto j = nlohmann::json::parse(r.body);
  const auto& result = j.at("results").at(0);
  CHECK(result.at("outputs").at("standard") == "570.00");
  CHECK(result.at("outputs").at("tekun") == "n/a");
  CHECK(result.at("outputs").at("total") == "n/a");
  REQUIRE(result.at("not_applicable").size() == 2);
  CHECK(result.at("not_applicable")[0].at("output") == "tekun");
  CHECK(result.at("not_applicable")[0].at("reason").get<std::string>().find("table 'tekun_basic' has no figure") !=
        std::string::npos);
}
