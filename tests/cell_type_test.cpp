// Tests for dsl/cell_type.cpp: a number written as data against its type.
#include <doctest/doctest.h>

#include "dsl/cell_type.h"

using namespace doudi;

namespace {
std::optional<std::string> problem(model::TypeKind kind, int scale, const char* text) {
  return cell_type_problem(kind, scale, text, *Exact::parse(text), "series");
}
}  // namespace

TEST_CASE("cell_type: money takes at most two digits after the point") {
  CHECK_FALSE(problem(model::TypeKind::money, -1, "1.05"));
  CHECK_FALSE(problem(model::TypeKind::money, -1, "630"));
  auto why = problem(model::TypeKind::money, -1, "1.005");
  REQUIRE(why);
  CHECK(why->find("at most 2 digits after the point (fen): '1.005' has 3") != std::string::npos);
}

TEST_CASE("cell_type: an integer takes whole numbers only") {
  CHECK_FALSE(problem(model::TypeKind::integer, -1, "3"));
  CHECK_FALSE(problem(model::TypeKind::integer, -1, "3.0"));  // a whole number written with a point
  auto why = problem(model::TypeKind::integer, -1, "2.5");
  REQUIRE(why);
  CHECK(why->find("this series holds integers") != std::string::npos);
}

TEST_CASE("cell_type: decimal(N) takes at most N digits and decimal any") {
  CHECK_FALSE(problem(model::TypeKind::decimal, -1, "0.123456"));
  CHECK_FALSE(problem(model::TypeKind::decimal, 3, "0.125"));
  auto why = problem(model::TypeKind::decimal, 2, "0.125");
  REQUIRE(why);
  CHECK(why->find("holds decimal(2)") != std::string::npos);
}
