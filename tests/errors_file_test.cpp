// Tests for interpreter/formats/errors_file.cpp: the row for a household that could
// not be read (one error, or several joined) or evaluated, and CSV quoting.
#include <sstream>

#include "test_util.h"
#include "interpreter/formats/errors_file.h"

using namespace doudi;

TEST_CASE("errors file: one bad field is one row with its field in a column of its own") {
  HouseholdError e{"h.csv", "line 3 (id b)", "district", "unknown district '火星区'"};
  e.position = 2;
  e.line = 3;
  e.id = "b";
  auto r = rejected_household({e});
  CHECK(r.file == "h.csv");
  CHECK(r.row == 2);
  CHECK(r.line == 3);
  CHECK(r.id == "b");
  CHECK(r.field == "district");
  CHECK(r.reason == "unknown district '火星区'");
}

TEST_CASE("errors file: several bad fields of one household are one row — fields and reasons joined") {
  HouseholdError a{"h.yaml", "household 2 (id x)", "members", "'x' is not a number"};
  HouseholdError b{"h.yaml", "household 2 (id x)", "hukou", "'city' is not a value of hukou"};
  a.position = b.position = 2;
  a.id = b.id = "x";
  auto r = rejected_household({a, b});
  CHECK(r.row == 2);
  CHECK(r.line == 0);
  CHECK(r.field == "members; hukou");
  CHECK(r.reason == "members: 'x' is not a number; hukou: 'city' is not a value of hukou");
}

TEST_CASE("errors file: a household the policy cannot evaluate names the rule and where it is written") {
  Household h;
  h.file = std::make_shared<const std::string>("h.csv");
  h.line = 7;
  h.position = 6;
  h.id = "z";
  auto source = std::make_shared<const SourceFile>(SourceFile{"p.doudi", ""});
  EvaluationError e("dibao", Position{source, 12, 3}, "division by zero");
  auto r = rejected_household(h, e);
  CHECK(r.row == 6);
  CHECK(r.line == 7);
  CHECK(r.id == "z");
  CHECK(r.field.empty());
  CHECK(r.reason == "rule 'dibao': division by zero (at p.doudi:12:3)");
}

TEST_CASE("errors file: header — then rows quoted as CSV needs") {
  std::ostringstream out;
  ErrorsFile f(out);
  f.add({"h.csv", 1, 2, "a,b", "members", "'x' is not a number, \"really\""});
  CHECK(f.rows() == 1);
  CHECK(out.str() ==
        "file,row,line,id,field,reason\n"
        "h.csv,1,2,\"a,b\",members,\"'x' is not a number, \"\"really\"\"\"\n");
}
