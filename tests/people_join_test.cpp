// Tests for interpreter/formats/people_join.cpp: people in household order are
// streamed beside each block; in any other order they are gathered from an
// index; people of no household are listed, never dropped.
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "interpreter/formats/people_join.h"
#include "test_util.h"

using namespace doudi;

namespace {

const char* kRoster = R"(
region A = {甲区}
household { district : district }
member { age : integer }
rule n = count(member)
output n
)";

std::string tmp() {
  auto dir = std::filesystem::temp_directory_path() / ("doudi_people_join_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return dir.string();
}

std::string write(const std::string& name, const std::string& text) {
  std::string path = tmp() + "/" + name;
  std::ofstream(path) << text;
  return path;
}

// The people texts of each households block (blocks of `bytes`).
std::vector<PeopleChunk> blocks(PeopleSource& source, const std::string& households, size_t bytes) {
  CsvBlockReader reader(households, bytes);
  std::vector<PeopleChunk> out;
  std::string text;
  CsvBoundary boundary;
  bool first = true;
  while (reader.next(text, boundary)) {
    size_t begin = first ? text.find('\n') + 1 : 0;
    first = false;
    out.emplace_back();
    source.next(text, begin, out.back());
  }
  return out;
}

}  // namespace

TEST_CASE("people join: in household order the people stream beside each block") {
  auto m = load_policy_text("r.doudi", test::with_header(kRoster));
  // Blocks of 4 KiB (the least): about 400 households each, 3 blocks.
  std::string households_text = "id,district\n", people_text = "household,age\n", want;
  for (int i = 1; i <= 1000; ++i) {
    households_text += "h" + std::to_string(i) + ",甲区\n";
    for (int k = 0; k < i % 3; ++k) want += "h" + std::to_string(i) + "," + std::to_string(k) + "\n";
  }
  people_text += want;
  auto households = write("join_h.csv", households_text);
  auto people = write("join_p.csv", people_text);
  PeopleSource source(m, people, households, 0, 4096);
  REQUIRE_FALSE(source.error());
  CHECK(source.in_household_order());
  CHECK(source.memory_bytes() == 0);
  auto chunks = blocks(source, households, 4096);
  std::string all;
  for (const auto& c : chunks) all += c.text;
  CHECK(all == want);
  REQUIRE(chunks.size() >= 2);
  CHECK(chunks[0].first_line == 2);
  // Each block's people are exactly its households' (the last one's included).
  CsvBlockReader reader(households, 4096);
  std::string text;
  CsvBoundary boundary;
  reader.next(text, boundary);
  std::string last = text.substr(text.rfind('\n', text.size() - 2) + 1);
  last = last.substr(0, last.find(','));
  std::string first_people = chunks[0].text;
  std::string tail = first_people.substr(first_people.rfind('\n', first_people.size() - 2) + 1);
  if (std::stoi(last.substr(1)) % 3 != 0) CHECK(tail.substr(0, tail.find(',')) == last);
  CHECK(source.orphans().empty());
}

TEST_CASE("people join: shuffled people and orphans go through the index") {
  auto m = load_policy_text("r.doudi", test::with_header(kRoster));
  auto households = write("join_h2.csv", "id,district\nh1,甲区\nh2,甲区\nh3,甲区\n");
  auto people = write("join_p2.csv", "household,age\nh3,70\nh1,30\nzz,9\nh1,5\n");
  PeopleSource source(m, people, households, 0, 1 << 16);
  REQUIRE_FALSE(source.error());
  CHECK_FALSE(source.in_household_order());
  CHECK(source.memory_bytes() > 0);
  auto chunks = blocks(source, households, 1 << 16);
  REQUIRE(chunks.size() == 1);
  CHECK(chunks[0].text == "h1,30\nh1,5\nh3,70\n");
  CHECK(chunks[0].lines == std::vector<long>{3, 5, 2});
  auto orphans = source.orphans();
  REQUIRE(orphans.size() == 1);
  CHECK(orphans[0].render().find("line 4 (household zz): field 'household': no household with id 'zz'") != std::string::npos);
}

TEST_CASE("people join: a bad people file is an error naming it") {
  auto m = load_policy_text("r.doudi", test::with_header(kRoster));
  auto households = write("join_h3.csv", "id,district\nh1,甲区\n");
  PeopleSource missing(m, tmp() + "/no_such_people.csv", households, 0, 1 << 16);
  REQUIRE(missing.error());
  CHECK(missing.error()->message == "cannot read the people file");
  auto no_column = write("join_p3.csv", "age\n3\n");
  PeopleSource bad(m, no_column, households, 0, 1 << 16);
  REQUIRE(bad.error());
  CHECK(bad.error()->field == "household");
}
