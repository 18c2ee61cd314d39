// Households at the API boundary (api/households.cpp): YAML/JSON text read
// as text (never a float), members under `people`, errors as values.
#include <doctest/doctest.h>

#include "doudi/policy.h"

using namespace doudi::api;

TEST_CASE("households: a YAML list keeps every value as written") {
  auto r = read_households_text(
      "- id: a\n  monthly_income: 900.50\n  members: 3\n  tekun: true\n"
      "- id: b\n  monthly_income: 0.10\n  people:\n    - {age: 70}\n    - {age: 8}\n");
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  REQUIRE(r->size() == 2);
  CHECK((*r)[0].id == "a");
  CHECK((*r)[0].fields.at("monthly_income") == "900.50");  // not 900.5
  CHECK((*r)[0].fields.at("tekun") == "true");
  CHECK((*r)[0].fields.count("id") == 0);
  CHECK((*r)[1].fields.at("monthly_income") == "0.10");
  REQUIRE((*r)[1].people.size() == 2);
  CHECK((*r)[1].people[1].at("age") == "8");
}

TEST_CASE("households: one JSON object is one household") {
  auto r = read_households_text(R"({"id": "j", "hukou": "rural", "monthly_income": "1200.00"})");
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  CHECK((*r)[0].fields.at("monthly_income") == "1200.00");
}

TEST_CASE("households: bad documents are error values naming the household") {
  auto not_yaml = read_households_text("- id: [unclosed\n");
  CHECK(not_yaml.status().code() == StatusCode::household_error);
  auto scalar = read_households_text("42");
  CHECK(scalar.status().code() == StatusCode::household_error);
  auto nested = read_households_text("- id: x\n  members: {a: 1}\n");
  REQUIRE_FALSE(nested.ok());
  CHECK(nested.status().message().find("household 1 (id x)") != std::string::npos);
  CHECK(nested.status().message().find("'members'") != std::string::npos);
  auto people = read_households_text("- id: y\n  people: 3\n");
  CHECK(people.status().message().find("people") != std::string::npos);
  auto missing = read_households_file("/nonexistent/households.yaml");
  CHECK(missing.status().code() == StatusCode::io_error);
}

TEST_CASE("households: member facts are read for policies with members") {
  std::string text =
      "policy test.policy\nversion 1\neffective 2020-01-01\n"
      "household {\n  income : money per month\n}\n"
      "member {\n  age : integer\n}\n"
      "rule elderly = count(member where member.age >= 60)\n"
      "output elderly\n";
  auto p = Policy::load_text("m.doudi", text);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  auto h = read_households_text("id: f\nincome: 100.00\npeople:\n  - {age: 70}\n  - {age: 61}\n  - {age: 8}\n");
  REQUIRE(h.ok());
  auto r = p->evaluate((*h)[0], "2020-02-01");
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r->find("elderly")->text == "2");
  Household bad = (*h)[0];
  bad.people[2]["age"] = "eight";
  auto e = p->evaluate(bad, "2020-02-01");
  CHECK(e.status().code() == StatusCode::household_error);
  CHECK(e.status().message().find("member 3") != std::string::npos);
}
