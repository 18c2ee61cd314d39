// Tests for dsl/series_data.cpp: series data files, their values checked as
// table cells are, nothing read twice, nothing outside the policy's folder.
#include <doctest/doctest.h>

#include "test_util.h"

using namespace doudi;
using test::policy_dir;

namespace {

// The first diagnostic of loading a policy with one series of `type` by
// hukou from s.yaml holding `data`.
Diagnostic series_error(const std::string& name, const std::string& type, const std::string& data) {
  std::string policy = "policy p\nversion 1\neffective 2020-01-01\nenum hukou = {urban, rural}\n"
                       "series s : " + type + " by hukou from \"s.yaml\"\nrule a = 1\noutput a\n";
  auto dir = policy_dir("series_" + name, {{"p.doudi", policy}, {"s.yaml", data}});
  try {
    load_policy(dir);
  } catch (const PolicyError& e) {
    REQUIRE(!e.diagnostics.empty());
    return e.diagnostics[0];
  }
  FAIL("the policy loaded, but an error was expected");
  return {};
}

}  // namespace

TEST_CASE("series_data: a money series refuses a third digit after the point") {
  auto d = series_error("fen", "money", "s:\n  values:\n    2019: {urban: 1.005, rural: 2}\n");
  CHECK(d.message.find("at most 2 digits after the point (fen): '1.005'") != std::string::npos);
  CHECK(d.position.file->path.find("s.yaml") != std::string::npos);
  CHECK(d.position.line == 3);
  CHECK(d.position.column == 19);
}

TEST_CASE("series_data: an integer series refuses 2.5 and decimal(2) refuses 0.125") {
  auto d = series_error("int", "integer", "s:\n  values:\n    2019: {urban: 2.5, rural: 2}\n");
  CHECK(d.message.find("this series holds integers: '2.5'") != std::string::npos);
  auto e = series_error("dec", "decimal(2)", "s:\n  values:\n    2019: {urban: 0.125, rural: 2}\n");
  CHECK(e.message.find("holds decimal(2)") != std::string::npos);
}

TEST_CASE("series_data: a year given twice is an error at the second") {
  auto d = series_error("year", "money",
                        "s:\n  values:\n    2019: {urban: 1, rural: 2}\n    2019: {urban: 3, rural: 4}\n");
  CHECK(d.message.find("the year 2019 is given twice") != std::string::npos);
  CHECK(d.position.line == 4);
}

TEST_CASE("series_data: a key value given twice is an error at the second") {
  auto d = series_error("key", "money", "s:\n  values:\n    2019: {urban: 1, rural: 2, urban: 3}\n");
  CHECK(d.message.find("hukou = urban is given twice") != std::string::npos);
  CHECK(d.position.line == 3);
}

TEST_CASE("series_data: a data file that is not a map of series is a located error") {
  for (const char* data : {"42\n", "- 1\n- 2\n", ""}) {
    INFO("data: " << data);
    auto d = series_error("scalar", "money", data);
    CHECK(d.message.find("series") != std::string::npos);
    CHECK(d.message.find("internal error") == std::string::npos);
    CHECK(d.position.line >= 1);
  }
}

TEST_CASE("series_data: good values load with their scale") {
  std::string policy = "policy p\nversion 1\neffective 2020-01-01\nenum hukou = {urban, rural}\n"
                       "series s : money by hukou from \"s.yaml\"\nrule a = 1\noutput a\n";
  auto dir = policy_dir("series_good", {{"p.doudi", policy},
                                        {"s.yaml", "s:\n  values:\n    2019: {urban: 1.5, rural: n/a}\n"}});
  auto set = load_policy(dir);
  const auto& s = set.versions.at(0).series.at(0);
  CHECK(s.years.at(2019)[0] == *Exact::parse("1.5"));
  CHECK_FALSE(s.years.at(2019)[1].has_value());
}
