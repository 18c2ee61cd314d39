// Tests for interpreter/formats/household_file.cpp: CSV and YAML/JSON readers, and the
// errors they give for bad files, naming the file, household and field.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "interpreter/formats/household_file.h"
#include "test_util.h"

using namespace doudi;

namespace {
model::Model make_model() {
  return load_policy_text("t.doudi", test::with_header(
      "enum hukou = {urban, rural}\nregion A = {任城区}\n"
      "household { district : district\n hukou : hukou\n members : integer\n income : money\n tekun : boolean = false }\n"
      "member { age : integer }\n"
      "rule a = count(member where member.age >= 60)\noutput a\n"));
}
std::string write_temp(const std::string& name, const std::string& text) {
  auto path = (std::filesystem::temp_directory_path() / ("doudi_household_" + std::to_string(getpid()) + "_" + name)).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}
std::vector<std::string> read_csv(const model::Model& m, const std::string& path,
                                  std::vector<std::string>& errors) {
  CsvHouseholdReader reader(m, path);
  std::vector<std::string> ids;
  if (reader.error()) {
    errors.push_back(reader.error()->render());
    return ids;
  }
  Household h;
  std::optional<HouseholdError> e;
  while (reader.next(h, e)) {
    if (e) errors.push_back(e->render());
    else ids.push_back(h.id);
  }
  return ids;
}
}  // namespace

TEST_CASE("household: CSV rows — quoted fields — CRLF — defaults for empty cells") {
  auto m = make_model();
  auto path = write_temp("ok.csv",
                         "id,district,hukou,members,income,tekun\r\n"
                         "h1,任城区,urban,3,900.00,\r\n"
                         "\"h,2\",任城区,rural,1,0,1\r\n");
  std::vector<std::string> errors;
  auto ids = read_csv(m, path, errors);
  CHECK(errors.empty());
  CHECK(ids == std::vector<std::string>{"h1", "h,2"});
}

TEST_CASE("household: CSV errors name the file — line — id and field") {
  auto m = make_model();
  auto path = write_temp("bad.csv",
                         "id,district,hukou,members,income\n"
                         "h1,任城区,urban,3,900.00\n"
                         "h2,北京,urban,3,900.00\n"
                         "h3,任城区,urban,three,900.00\n"
                         "h4,任城区,urban,3\n"
                         "h5,任城区,urban,3,1.005\n");
  std::vector<std::string> errors;
  auto ids = read_csv(m, path, errors);
  CHECK(ids == std::vector<std::string>{"h1"});
  REQUIRE(errors.size() == 4);
  CHECK(errors[0] == path + ": line 3 (id h2): field 'district': unknown district '北京': the policy's region groups do not list it");
  CHECK(errors[1].find("line 4 (id h3): field 'members': 'three' is not a number") != std::string::npos);
  CHECK(errors[2].find("line 5 (id h4): the row has 4 fields but the header names 5 columns") != std::string::npos);
  CHECK(errors[3].find("line 6 (id h5): field 'income': '1.005' has more than 2 digits") != std::string::npos);
}

TEST_CASE("household: a CSV header with an unknown or missing column") {
  auto m = make_model();
  std::vector<std::string> errors;
  read_csv(m, write_temp("extra.csv", "id,district,hukou,members,income,salary\n"), errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("line 1 (header): field 'salary': the policy has no household input") != std::string::npos);
  errors.clear();
  read_csv(m, write_temp("missing.csv", "id,district,hukou,members\n"), errors);
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].find("field 'income': missing column") != std::string::npos);
  errors.clear();
  read_csv(m, write_temp("empty.csv", ""), errors);
  CHECK(errors.at(0).find("the file is empty") != std::string::npos);
}

TEST_CASE("household: YAML with members under people — JSON too") {
  auto m = make_model();
  std::vector<HouseholdError> errors;
  auto yaml = write_temp("ok.yaml",
                         "- id: a\n  district: 任城区\n  hukou: urban\n  members: 2\n  income: 900.10\n"
                         "  people:\n    - {age: 70}\n    - {age: 40}\n");
  auto hs = read_household_document(m, yaml, errors);
  CHECK(errors.empty());
  REQUIRE(hs.size() == 1);
  CHECK(hs[0].members.size() == 2);
  CHECK(test::output(m, hs[0], "a") == "1");
  auto json = write_temp("ok.json",
                         R"({"id": "j", "district": "任城区", "hukou": "rural", "members": 1, "income": 0})");
  hs = read_household_document(m, json, errors);
  CHECK(errors.empty());
  REQUIRE(hs.size() == 1);
  CHECK(hs[0].id == "j");
}

TEST_CASE("household: YAML errors name the household and field — good ones still read") {
  auto m = make_model();
  std::vector<HouseholdError> errors;
  auto path = write_temp("bad.yaml",
                         "- {id: a, district: 任城区, hukou: urban, members: 2, income: 1}\n"
                         "- {id: b, district: 任城区, hukou: urban, members: 2}\n"
                         "- {id: c, district: 任城区, hukou: town, members: 2, income: 1, extra: 3}\n");
  auto hs = read_household_document(m, path, errors);
  REQUIRE(hs.size() == 1);
  CHECK(hs[0].id == "a");
  REQUIRE(errors.size() == 3);
  CHECK(errors[0].render() == path + ": household 2 (id b): field 'income': missing: the policy needs this input and gives it no default");
  CHECK(errors[1].render().find("household 3 (id c): field 'hukou': 'town' is not a value of hukou") != std::string::npos);
  CHECK(errors[2].render().find("household 3 (id c): field 'extra': the policy has no household input") != std::string::npos);
}

TEST_CASE("household: malformed YAML names the line") {
  auto m = make_model();
  std::vector<HouseholdError> errors;
  auto hs = read_household_document(m, write_temp("broken.yaml", "- {id: a, district: [\n"), errors);
  CHECK(hs.empty());
  REQUIRE(errors.size() == 1);
  CHECK(errors[0].message.find("not valid YAML/JSON at line") != std::string::npos);
}
