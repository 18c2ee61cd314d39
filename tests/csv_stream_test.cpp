// CSV streams through the API (api/csv_stream.cpp): `doudi run`'s pipeline,
// its results handed out in chunks, bad rows as errors with their place.
#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <sstream>

#include "doudi/policy.h"
#include "test_util.h"

using namespace doudi::api;
using doudi::test::source_path;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("csv stream: the reference workload in chunks gives the golden output line for line") {
  auto p = Policy::load(source_path("policies/reference"));
  REQUIRE(p.ok());
  std::map<std::string, std::string> got;  // id -> the row as `doudi run --format csv` prints it
  int chunks = 0;
  auto r = p->evaluate_csv_file(source_path("tests/data/reference_households_10k.csv"), "2024-01-01",
                                [&](const CsvChunk& c) {
                                  ++chunks;
                                  CHECK(c.errors.empty());
                                  for (const auto& e : c.evaluations) {
                                    std::string row = e.household;
                                    for (const auto& o : e.outputs) row += "," + o.text;
                                    got[e.household] = row;
                                    CHECK(e.fingerprint == p->fingerprint());
                                  }
                                },
                                1000, 2);
  REQUIRE_MESSAGE(r.ok(), r.status().message());
  CHECK(r->rows == 10000);
  CHECK(r->evaluated == 10000);
  CHECK(chunks >= 2);  // handed out as it went, not at the end
  std::istringstream expected(slurp(source_path("tests/data/reference_expected_10k.csv")));
  std::string line;
  std::getline(expected, line);  // header
  long compared = 0;
  while (std::getline(expected, line)) {
    std::string id = line.substr(0, line.find(','));
    CHECK(got[id] == line);
    ++compared;
  }
  CHECK(compared == 10000);
}

TEST_CASE("csv stream: bad rows of CSV text come back with row - id - field and reason") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  std::string text =
      "id,district,hukou,members,monthly_income\n"
      "a,任城区,urban,3,900.00\n"
      "b,任城区,urban,three,900.00\n"
      "c,泗水县,rural,2,100\n"
      "d,任城区,martian,2,100\n";
  std::vector<Evaluation> good;
  std::vector<Status> bad;
  auto r = p->evaluate_csv_text(text, "2020-08-01", [&](const CsvChunk& c) {
    good.insert(good.end(), c.evaluations.begin(), c.evaluations.end());
    bad.insert(bad.end(), c.errors.begin(), c.errors.end());
  });
  REQUIRE(r.ok());
  CHECK(r->rows == 4);
  CHECK(r->rejected == 2);
  REQUIRE(good.size() == 2);
  CHECK(good[0].find("dibao")->text == "990.00");
  CHECK(good[1].find("dibao")->text == "790.00");  // (445 - 100/2) × 2
  REQUIRE(bad.size() == 2);
  CHECK(bad[0].code() == StatusCode::household_error);
  CHECK(bad[0].place().household == "b");
  CHECK(bad[0].place().row == 2);
  CHECK(bad[0].place().field == "members");
  CHECK(bad[0].place().reason.find("three") != std::string::npos);
  CHECK(bad[0].message().rfind("<text>: row 2", 0) == 0);
  CHECK(bad[1].place().field == "hukou");
  CHECK(bad[1].place().row == 4);
}

TEST_CASE("csv stream: a bad header is the call's error - and a missing file an io_error") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto r = p->evaluate_csv_text("id,district,colour\nx,任城区,red\n", "2020-08-01", [](const CsvChunk&) {});
  CHECK(r.status().code() == StatusCode::household_error);
  CHECK(r.status().message().find("<text>") != std::string::npos);
  auto missing = p->evaluate_csv_file("/nonexistent.csv", "2020-08-01", [](const CsvChunk&) {});
  CHECK(missing.status().code() == StatusCode::io_error);
}
