// Tests for interpreter/studies/index_report.cpp: the score histogram stays
// as long as the scores it shows, whatever the bin width or an outlier.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "interpreter/studies/index_report.h"

using namespace doudi;

namespace {
std::string histogram(const std::vector<const char*>& scores, const char* width) {
  std::vector<Exact> s;
  for (const char* t : scores) s.push_back(*Exact::parse(t));
  std::ostringstream out;
  print_score_histogram(s, *Exact::parse(width), out);
  return out.str();
}
long lines(const std::string& text) { return std::count(text.begin(), text.end(), '\n'); }
}  // namespace

TEST_CASE("index_report: neighbouring bins are printed one by one and one empty bin as 0") {
  auto h = histogram({"5", "15", "35"}, "10");
  CHECK(h.find("[     0,     10)         1") != std::string::npos);
  CHECK(h.find("[    10,     20)         1") != std::string::npos);
  CHECK(h.find("[    20,     30)         0\n") != std::string::npos);
  CHECK(h.find("[    30,     40)         1") != std::string::npos);
}

TEST_CASE("index_report: a far outlier is one line of empty bins") {
  auto h = histogram({"10", "-100000000000"}, "10");
  CHECK(lines(h) == 5);  // a blank, the heading, two bins and one run of empty ones
  CHECK(h.find("(10000000000 empty bins)") != std::string::npos);
}

TEST_CASE("index_report: a tiny bin width on few scores stays short") {
  auto h = histogram({"33.5", "61", "12.25"}, "0.00001");
  CHECK(lines(h) == 7);
  CHECK(h.find("empty bins") != std::string::npos);
}

TEST_CASE("index_report: past 200 filled bins the histogram gives the width that fits") {
  std::vector<std::string> texts;
  for (int i = 0; i < 450; ++i) texts.push_back(std::to_string(i));
  std::vector<const char*> scores;
  for (const auto& t : texts) scores.push_back(t.c_str());
  auto h = histogram(scores, "1");
  CHECK(h.find("the scores fill 450 bins, more than 200 to print: give --bin 3 or wider") != std::string::npos);
  CHECK(lines(h) == 3);
}
