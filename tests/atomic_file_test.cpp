// Tests for cli/atomic_file.cpp: an output appears whole under its name or
// not at all, through a temporary no other writer shares.
#include <doctest/doctest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/atomic_file.h"
#include "test_util.h"

using doudi::cli::AtomicFile;
namespace fs = std::filesystem;

namespace {
std::string slurp(const fs::path& p) {
  std::ifstream in(p);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}
// The files in `dir` other than `keep`.
int others(const fs::path& dir, const std::string& keep) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) n += e.path().filename() != keep;
  return n;
}
}  // namespace

TEST_CASE("atomic_file: two writers of one file have temporaries of their own") {
  auto dir = fs::path(doudi::test::policy_dir("atomic_two", {}));
  auto target = (dir / "out.csv").string();
  AtomicFile a(target), b(target);
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  a.stream() << "from a\n";
  b.stream() << "from b\n";
  CHECK(others(dir, "") == 2);  // two temporaries, nothing under the final name yet
  CHECK_FALSE(fs::exists(target));
  CHECK(a.commit() == "");
  CHECK(slurp(target) == "from a\n");
  CHECK(b.commit() == "");
  CHECK(slurp(target) == "from b\n");  // the last commit wins whole, never a mixture
  CHECK(others(dir, "out.csv") == 0);
}

TEST_CASE("atomic_file: an uncommitted file leaves nothing behind") {
  auto dir = fs::path(doudi::test::policy_dir("atomic_drop", {}));
  {
    AtomicFile a((dir / "out.csv").string());
    a.stream() << "half";
  }
  CHECK(others(dir, "") == 0);
}

TEST_CASE("atomic_file: a new file gets the mode a plain new file would") {
  auto dir = fs::path(doudi::test::policy_dir("atomic_mode", {}));
  auto target = (dir / "out.csv").string();
  AtomicFile a(target);
  a.stream() << "x";
  REQUIRE(a.commit() == "");
  mode_t mask = ::umask(0);
  ::umask(mask);
  struct stat st {};
  REQUIRE(::stat(target.c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == (0666 & ~mask));
}

TEST_CASE("atomic_file: a folder that cannot be written is not ok") {
  AtomicFile a("/nonexistent-folder-of-doudi/out.csv");
  CHECK_FALSE(a.ok());
}
