// Tests for interpreter/household_text.cpp: household files as text, before
// any policy: the documented shapes of YAML/JSON, CSV rows, shape problems
// kept on the household.
#include "interpreter/formats/household_text.h"

#include <doctest/doctest.h>

using namespace doudi;

TEST_CASE("household text: a map — a list — or a households: list") {
  HouseholdFileError e;
  auto one = parse_household_document("id: a\nmembers: 3\n", e);
  REQUIRE(one);
  REQUIRE(one->size() == 1);
  CHECK((*one)[0].id == "a");
  CHECK((*one)[0].fields.at(0).text == "3");
  auto listed = parse_household_document("households:\n  - {id: a}\n  - {members: 2, people: [{age: 7}]}\n", e);
  REQUIRE(listed);
  REQUIRE(listed->size() == 2);
  CHECK((*listed)[1].effective_id() == "2");
  CHECK((*listed)[1].has_people);
  CHECK((*listed)[1].people.at(0).at(0).name == "age");
  CHECK_FALSE(parse_household_document("42", e));
  CHECK(e.message.find("expected a household") != std::string::npos);
  auto shape = parse_household_document("- 7\n- {people: 3}\n- {members: [1]}\n", e);
  REQUIRE(shape);
  CHECK((*shape)[0].shape_errors.size() == 1);
  CHECK((*shape)[1].shape_errors.at(0).first == "people");
  CHECK_FALSE((*shape)[2].fields.at(0).scalar);
}

TEST_CASE("household text: CSV rows by the header — empty cells left out — ids and lines") {
  HouseholdFileError e;
  auto rows = parse_household_csv("\xEF\xBB\xBFid,members,income\na,3,\"9,00\"\n,2,\nc,1\n", e);
  REQUIRE(rows);
  REQUIRE(rows->size() == 3);
  CHECK((*rows)[0].id == "a");
  CHECK((*rows)[0].line == 2);
  CHECK((*rows)[0].fields.at(1).text == "9,00");
  CHECK((*rows)[1].effective_id() == "2");
  CHECK((*rows)[1].fields.size() == 1);  // the empty income is left to its default
  CHECK((*rows)[2].shape_errors.at(0).second.find("the row has 2 fields but the header names 3") != std::string::npos);
  CHECK_FALSE(parse_household_csv("", e));
}

TEST_CASE("household text: a second YAML document is refused at its line — not dropped") {
  HouseholdFileError e;
  CHECK_FALSE(parse_household_document("- {id: a}\n---\n- {id: b}\n", e));
  CHECK(e.message.find("line 2: a second YAML document starts here; a household file holds one document") !=
        std::string::npos);
  CHECK_FALSE(parse_household_document("---\nid: a\n# b follows\n--- \n\nid: b\n", e));
  CHECK(e.message.find("line 4: a second YAML document") != std::string::npos);
  auto trailing = parse_household_document("id: a\n---\n", e);  // an empty document holds no household
  REQUIRE(trailing);
  CHECK(trailing->size() == 1);
}

TEST_CASE("household text: a repeated key is the household's shape error naming the key and line") {
  HouseholdFileError e;
  auto one = parse_household_document("id: a\nmonthly_income: 90000.00\nmonthly_income: 0\n", e);
  REQUIRE(one);
  REQUIRE((*one)[0].shape_errors.size() == 1);
  CHECK((*one)[0].shape_errors[0].first == "monthly_income");
  CHECK((*one)[0].shape_errors[0].second.find("line 3: given a second time for the household") != std::string::npos);
  auto json = parse_household_document("[{\"id\": \"a\", \"x\": 1, \"x\": 2}]", e);  // JSON is read as YAML
  REQUIRE(json);
  CHECK((*json)[0].shape_errors.at(0).first == "x");
  auto member = parse_household_document("- id: a\n  people:\n    - {age: 3, age: 4}\n", e);
  REQUIRE(member);
  CHECK((*member)[0].shape_errors.at(0).second.find("member 1") != std::string::npos);
  auto people = parse_household_document("- id: a\n  people: [{}]\n  people: [{}, {}]\n", e);
  REQUIRE(people);
  CHECK((*people)[0].shape_errors.at(0).first == "people");
  CHECK_FALSE(parse_household_document("households:\n  - {id: a}\nhouseholds:\n  - {id: b}\n", e));
  CHECK(e.message.find("line 3: the key 'households' appears twice") != std::string::npos);
}

TEST_CASE("household text: a list read item by item names the same lines as read whole") {
  HouseholdFileError e;
  // Items split in the text (yaml_items.h): a repeated key in the third
  // household is still at line 7 of the file.
  auto split = parse_household_document("- id: a\n  members: 1\n- id: b\n  members: 2\n# c\n- id: c\n  members: 3\n"
                                        "  members: 4\n", e);
  REQUIRE(split);
  REQUIRE(split->size() == 3);
  CHECK((*split)[2].position == 3);
  CHECK((*split)[2].shape_errors.at(0).second.find("line 8: given a second time") != std::string::npos);
  // An alias to another item's anchor cannot be read item by item: the whole
  // document is read, with the same meaning.
  auto aliased = parse_household_document("- &h {id: a, members: 1}\n- *h\n", e);
  REQUIRE(aliased);
  REQUIRE(aliased->size() == 2);
  CHECK((*aliased)[1].id == "a");
}
