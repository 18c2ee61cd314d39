// Tests for interpreter/household_ids.cpp: an exact set of ids that grows.
#include "interpreter/formats/household_ids.h"

#include <doctest/doctest.h>

#include <string>

using namespace doudi;

TEST_CASE("household ids: the second of an id is refused — many ids — exactly") {
  HouseholdIds ids;
  CHECK(ids.insert("a"));
  CHECK_FALSE(ids.insert("a"));
  CHECK(ids.insert(""));
  CHECK_FALSE(ids.insert(""));
  for (int i = 0; i < 100000; ++i) REQUIRE(ids.insert("h" + std::to_string(i)));
  for (int i = 0; i < 100000; i += 997) CHECK_FALSE(ids.insert("h" + std::to_string(i)));
  CHECK(ids.insert("h100000"));
  CHECK(ids.size() == 100003);
  CHECK(duplicate_id_message("x").find("'x'") != std::string::npos);
}
