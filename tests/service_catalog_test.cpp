// Tests for interpreter/service/catalog.cpp and metadata.cpp: served
// policies, their fingerprints, and the form metadata.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "interpreter/service/catalog.h"
#include "interpreter/service/metadata.h"

namespace fs = std::filesystem;
using namespace doudi::service;

namespace {
std::string source(const std::string& rel) { return std::string(DOUDI_SOURCE_DIR) + "/" + rel; }
}  // namespace

TEST_CASE("catalog: policies by declared name and a fingerprint of their files") {
  auto c = load_catalog({source("policies/jining"), source("policies/wenshang")}, 1);
  REQUIRE(c->policies.size() == 2);
  CHECK(c->find("jining.social_assistance") == &c->policies[0]);
  CHECK(c->find("") == nullptr);  // two served: a name is needed
  CHECK(c->policies[0].programs.size() == c->policies[0].set.versions.size());
  const std::string& fp = c->policies[0].fingerprint;
  CHECK(fp.size() == 45);
  CHECK(fp.rfind("sha1:", 0) == 0);
  CHECK(fp != c->policies[1].fingerprint);
  CHECK(load_catalog({source("policies/jining")}, 2)->policies[0].fingerprint == fp);  // same files, same hash
}

TEST_CASE("catalog: a changed file changes the fingerprint and two paths of one policy are refused") {
  // Jining's versions copied beside the province they are `bound by`.
  fs::path top = fs::temp_directory_path() / "doudi-catalog-test";
  fs::path dir = top / "jining";
  fs::remove_all(top);
  fs::create_directories(dir);
  fs::copy(source("policies/shandong"), top / "shandong", fs::copy_options::recursive);
  for (const char* f : {"2016.doudi", "2017.doudi", "2020-07.doudi", "statistics.yaml"})
    fs::copy_file(source(std::string("policies/jining/") + f), dir / f);
  std::string before = load_catalog({dir.string()}, 1)->policies[0].fingerprint;
  CHECK(before == load_catalog({source("policies/jining")}, 1)->policies[0].fingerprint);
  std::ofstream(dir / "2020-07.doudi", std::ios::app) << "\n# a comment\n";
  CHECK(load_catalog({dir.string()}, 1)->policies[0].fingerprint != before);
  CHECK_THROWS_AS(load_catalog({dir.string(), source("policies/jining")}, 1), doudi::PolicyError);
  fs::remove_all(top);
}

TEST_CASE("metadata: inputs with labels and enumeration values and districts grouped by region") {
  auto c = load_catalog({source("policies/jining")}, 1);
  const auto& p = c->policies[0];
  const auto& v = p.set.versions.back();
  ordered_json j = policy_detail(p, v);
  CHECK(j["versions"].size() == p.set.versions.size());
  CHECK(j["version"]["version"] == v.version);
  const ordered_json* district = nullptr;
  const ordered_json* hukou = nullptr;
  const ordered_json* income = nullptr;
  for (const auto& in : j["version"]["inputs"]) {
    if (in["name"] == "district") district = &in;
    if (in["name"] == "hukou") hukou = &in;
    if (in["name"] == "monthly_income") income = &in;
  }
  REQUIRE(district);
  REQUIRE(hukou);
  REQUIRE(income);
  CHECK((*district)["regions"][0]["name"] == "一类地区");
  CHECK((*district)["regions"][0]["districts"][0] == "任城区");
  CHECK((*hukou)["values"][0]["label"] == "城市");
  CHECK((*income)["type"] == "money");
  CHECK((*income)["scale"] == 2);
  CHECK((*income)["per_member"] == false);
  const auto& table = j["version"]["tables"][0];
  CHECK(table["name"] == "dibao_standard");
  CHECK(table["cells"][0] == "630");
}
