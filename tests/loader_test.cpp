// Tests for dsl/loader.cpp: files and directories of versions, the version in
// force on a date, and errors about paths and versions.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "base/date.h"
#include "test_util.h"

using namespace doudi;
using doudi::test::source_path;

namespace {
std::string temp_dir(const std::string& name) {
  auto dir = std::filesystem::temp_directory_path() / ("doudi_loader_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir.string();
}
void write(const std::string& path, const std::string& text) { std::ofstream(path) << text; }
}  // namespace

TEST_CASE("loader: Jining's directory holds three versions — the date picks one") {
  auto set = load_policy(source_path("policies/jining"));
  REQUIRE(set.versions.size() == 3);
  CHECK(set.versions[0].version == "2016");
  CHECK(set.versions[1].version == "2017");
  CHECK(set.versions[2].version == "2020.07");
  CHECK(set.in_force(*parse_date("2016-12-31")).version == "2016");
  CHECK(set.in_force(*parse_date("2020-06-30")).version == "2017");
  CHECK(set.in_force(*parse_date("2020-07-01")).version == "2020.07");
  CHECK(set.in_force(*parse_date("2017-01-01")).version == "2017");
}

TEST_CASE("loader: a date before the first version names the earliest date") {
  auto set = load_policy(source_path("policies/jining"));
  try {
    set.in_force(*parse_date("2015-12-31"));
    FAIL("expected an error");
  } catch (const PolicyError& e) {
    CHECK(e.render().find("the earliest takes effect on 2016-01-01") != std::string::npos);
  }
}

TEST_CASE("loader: errors of every file are reported together — with their paths") {
  auto dir = temp_dir("errors");
  write(dir + "/a.doudi", "policy p\nversion 1\neffective 2020-01-01\nrule a = x\noutput a\n");
  write(dir + "/b.doudi", "policy p\nversion 2\neffective 2021-01-01\nrule a = y\noutput a\n");
  try {
    load_policy(dir);
    FAIL("expected errors");
  } catch (const PolicyError& e) {
    REQUIRE(e.diagnostics.size() == 2);
    CHECK(e.diagnostics[0].position.to_string() == dir + "/a.doudi:4:10");
    CHECK(e.diagnostics[1].position.to_string() == dir + "/b.doudi:4:10");
  }
}

TEST_CASE("loader: versions of one directory must be one policy on distinct dates") {
  auto dir = temp_dir("versions");
  write(dir + "/a.doudi", "policy p\nversion 1\neffective 2020-01-01\nrule a = 1\noutput a\n");
  write(dir + "/b.doudi", "policy q\nversion 2\neffective 2020-01-01\nrule a = 1\noutput a\n");
  CHECK_THROWS_WITH_AS(load_policy(dir), doctest::Contains("holds the versions of one policy"), PolicyError);
}

TEST_CASE("loader: a missing path — an empty directory") {
  CHECK_THROWS_AS(load_policy("/nonexistent/policy"), PolicyError);
  CHECK_THROWS_AS(load_policy(temp_dir("empty")), PolicyError);
}

TEST_CASE("loader: a reform amends the version in force") {
  auto set = load_policy(source_path("policies/jining"));
  const auto& base = set.in_force(*parse_date("2020-08-01"));
  auto dir = temp_dir("reform");
  write(dir + "/raise.doudi", "# a what-if: tier 1 urban to 660\nset dibao_standard[一类地区, urban] = 660\n");
  auto reform = load_reform(set, base, dir + "/raise.doudi");
  CHECK(reform.version == "2020.07+reform");
  auto h = test::household(reform, {{"district", "任城区"}, {"hukou", "urban"}, {"members", "1"}, {"monthly_income", "0"}});
  CHECK(test::output(reform, h, "dibao") == "660.00");
  auto h2 = test::household(reform, {{"district", "金乡县"}, {"hukou", "urban"}, {"members", "1"}, {"monthly_income", "0"}});
  CHECK(test::output(reform, h2, "dibao") == "590.00");
  write(dir + "/bad.doudi", "set dibao_standard[三类地区, urban] = 660\n");
  CHECK_THROWS_WITH_AS(load_reform(set, base, dir + "/bad.doudi"), doctest::Contains("'三类地区' is not a value"), PolicyError);
}
