// Tests for interpreter/formats/people.cpp: the people file's header and rows, and
// the roster checks (no people, a stated member count that differs).
#include "base/date.h"
#include "interpreter/formats/people.h"
#include "test_util.h"

using namespace doudi;

namespace {

const char* kRoster = R"(
region A = {甲区}
household { district : district
 members : integer "家庭人口" = count(member) at least 1 }
member { birth_date : date "出生日期"
 ill : boolean = false }
rule n = count(member where member.ill)
output n
)";

}  // namespace

TEST_CASE("people header: household column and member inputs by name or label") {
  auto m = load_policy_text("r.doudi", test::with_header(kRoster));
  PeopleColumns columns;
  CHECK_FALSE(read_people_header(m, "p.csv", {"ill", "household", "出生日期"}, columns));
  CHECK(columns.household == 1);
  CHECK(columns.input[0] == m.find_input("ill", model::Scope::member));
  CHECK(columns.input[2] == m.find_input("birth_date", model::Scope::member));

  auto missing = read_people_header(m, "p.csv", {"birth_date"}, columns);
  REQUIRE(missing);
  CHECK(missing->field == "household");
  CHECK(missing->render().find("p.csv: line 1 (header): field 'household': missing column") == 0);

  auto unknown = read_people_header(m, "p.csv", {"household", "birth_date", "age"}, columns);
  REQUIRE(unknown);
  CHECK(unknown->message == "the policy has no member input of this name or label");

  auto required = read_people_header(m, "p.csv", {"household", "ill"}, columns);
  REQUIRE(required);
  CHECK(required->field == "birth_date");

  auto twice = read_people_header(m, "p.csv", {"household", "birth_date", "出生日期"}, columns);
  REQUIRE(twice);
  CHECK(twice->message == "the column appears twice");
}

TEST_CASE("people rows: each field read exactly and a bad one named with its line") {
  auto m = load_policy_text("r.doudi", test::with_header(kRoster));
  PeopleColumns columns;
  REQUIRE_FALSE(read_people_header(m, "p.csv", {"household", "birth_date", "ill"}, columns));
  std::vector<std::optional<Exact>> slots;
  CHECK_FALSE(csv_record_to_member(m, "p.csv", columns, {"H1", "2012-02-29", ""}, 2, slots));
  int birth = m.find_input("birth_date", model::Scope::member);
  REQUIRE(slots[static_cast<size_t>(birth)]);
  CHECK(*slots[static_cast<size_t>(birth)] == Exact::from_int(*parse_date("2012-02-29")));
  CHECK_FALSE(slots[static_cast<size_t>(m.find_input("ill", model::Scope::member))]);  // the default

  auto bad = csv_record_to_member(m, "p.csv", columns, {"H1", "2013-02-29", "1"}, 7, slots);
  REQUIRE(bad);
  CHECK(bad->render() == "p.csv: line 7 (household H1): field 'birth_date': '2013-02-29' is not a date written YYYY-MM-DD");
  CHECK(bad->line == 7);
  CHECK(bad->id == "H1");
  auto short_row = csv_record_to_member(m, "p.csv", columns, {"H1", "2012-01-01"}, 8, slots);
  REQUIRE(short_row);
  CHECK(short_row->message == "the row has 2 fields but the header names 3 columns");
}

TEST_CASE("roster checks: no people and a member count other than the people's") {
  auto m = load_policy_text("r.doudi", test::with_header(kRoster));
  CHECK(member_count_input(m) == m.find_input("members", model::Scope::household));
  auto two = test::household(m, {{"district", "甲区"}, {"members", "3"}},
                             {{{"birth_date", "1950-01-01"}}, {{"birth_date", "1960-01-01"}}});
  two.line = 4;
  auto mismatch = check_roster(m, two, "people.csv");
  REQUIRE(mismatch);
  CHECK(mismatch->field == "members");
  CHECK(mismatch->message == "the household states 3 members but people.csv lists 2 people for it");
  CHECK(mismatch->household == "line 4 (id test)");

  auto stated_right = test::household(m, {{"district", "甲区"}, {"members", "1"}}, {{{"birth_date", "1950-01-01"}}});
  CHECK_FALSE(check_roster(m, stated_right, "people.csv"));
  auto unstated = test::household(m, {{"district", "甲区"}}, {{{"birth_date", "1950-01-01"}}});
  CHECK_FALSE(check_roster(m, unstated, "people.csv"));

  auto nobody = test::household(m, {{"district", "甲区"}});
  auto none = check_roster(m, nobody, "people.csv");
  REQUIRE(none);
  CHECK(none->message.find("no people: people.csv has no person of household 'test'") == 0);
  CHECK(missing_people_message(m).find("member inputs birth_date, ill") != std::string::npos);
}

TEST_CASE("plain fields: the join's way to find an id") {
  CHECK(plain_field("a,b,c", 0) == "a");
  CHECK(plain_field("a,b,c", 2) == "c");
  CHECK(plain_field("a,,c", 1) == "");
  CHECK_FALSE(plain_field("a,b", 2));
}
