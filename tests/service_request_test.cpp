// Tests for interpreter/service/request.cpp: request bodies -> fields or errors.
#include <doctest/doctest.h>

#include <string>

#include "interpreter/service/request.h"

using doudi::service::kMaxDepth;
using doudi::service::line_and_column;
using doudi::service::parse_request;
using doudi::service::ServiceError;

TEST_CASE("request: the fields of a body and the households counted") {
  ServiceError e;
  auto r = parse_request(R"({"policy": "p", "date": "2020-08-01", "households": [{"a": 1.50}, {"b": [1]}, 3]})", e);
  REQUIRE(r);
  CHECK(*r->policy == "p");
  CHECK(*r->date == "2020-08-01");
  CHECK(r->has_households);
  CHECK(r->households == 3);
  CHECK_FALSE(r->version);
}

TEST_CASE("request: set as an object keeps each number's own text") {
  ServiceError e;
  auto r = parse_request(R"({"set": {"t[a, b]": 660.50, "c": 7, "d": "n/a"}})", e);
  REQUIRE(r);
  REQUIRE(r->settings.size() == 3);
  CHECK(r->settings[0] == "t[a, b]=660.50");
  CHECK(r->settings[1] == "c=7");
  CHECK(r->settings[2] == "d=n/a");
  auto list = parse_request(R"({"set": ["t[a]=1", "u=2"]})", e);
  REQUIRE(list);
  CHECK(list->settings == std::vector<std::string>{"t[a]=1", "u=2"});
}

TEST_CASE("request: malformed JSON is refused with its line and column") {
  ServiceError e;
  CHECK_FALSE(parse_request("{\"households\": [\n  {\"a\": tru}]}", e));
  CHECK(e.status == 400);
  CHECK(e.code == "malformed_json");
  CHECK(e.line == 2);
  CHECK(e.column == 12);
  CHECK_FALSE(parse_request("", e));
  CHECK(e.code == "malformed_json");
  CHECK_FALSE(parse_request(R"({"households": [{"a": "1"})", e));  // truncated
  CHECK(e.code == "malformed_json");
}

TEST_CASE("request: ill-formed UTF-8 is refused at its place") {
  ServiceError e;
  CHECK_FALSE(parse_request("{\"policy\": \"\xe6\xb5\x8e\xff\"}", e));
  CHECK(e.code == "invalid_utf8");
  CHECK(e.line == 1);
  CHECK(e.column == 14);  // the character after {"policy": "济
}

TEST_CASE("request: nesting deeper than the limit is refused before anything reads it") {
  ServiceError e;
  std::string deep = "{\"households\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  CHECK_FALSE(parse_request(deep, e));
  CHECK(e.code == "too_deep");
  std::string fits = "{\"households\": " + std::string(kMaxDepth - 1, '[') + std::string(kMaxDepth - 1, ']') + "}";
  CHECK(parse_request(fits, e));
}

TEST_CASE("request: wrong shapes and unknown fields are invalid requests") {
  ServiceError e;
  for (const char* body : {"[]", "3", R"({"households": {}})", R"({"date": 20200801})", R"({"bogus": 1})",
                           R"({"date": "a", "date": "b"})", R"({"detail": "yes"})", R"({"set": [1]})"}) {
    CAPTURE(body);
    CHECK_FALSE(parse_request(body, e));
    CHECK(e.code == "invalid_request");
    CHECK(e.status == 400);
  }
}

TEST_CASE("request: line and column count characters not bytes") {
  CHECK(line_and_column("ab\ncd", 4) == std::pair<long, long>{2, 2});
  CHECK(line_and_column("济宁x", 6) == std::pair<long, long>{1, 3});
}
