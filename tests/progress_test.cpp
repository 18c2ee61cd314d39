// Tests for cli/progress.cpp: the progress line is drawn only on a
// terminal (never into a file or a pipe, never with --quiet), and says rows,
// rate and time left.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "cli/progress.h"

using namespace doudi;

namespace {
std::string read_fd(int fd) {
  std::string out;
  char buffer[4096];
  ssize_t n;
  while ((n = ::read(fd, buffer, sizeof buffer)) > 0) out.append(buffer, static_cast<size_t>(n));
  return out;
}
}  // namespace

TEST_CASE("progress: its text names rows — rate — share and time left") {
  ProgressCount p{500000, 50, 100};
  std::string line = render_progress(p, 2000, 78);
  CHECK(line.find("500,000 households") != std::string::npos);
  CHECK(line.find("250,000/s") != std::string::npos);
  CHECK(line.find(" 50%") != std::string::npos);
  CHECK(line.find("0:02 left") != std::string::npos);
  CHECK(line.size() <= 78);
  CHECK(render_progress(ProgressCount{7, 0, 0}, 1000, 78) == "7 households  7/s");  // a pipe: no size
  CHECK(group_thousands(1234567) == "1,234,567");
}

TEST_CASE("progress: nothing is drawn when stderr is not a terminal") {
  auto path = (std::filesystem::temp_directory_path() / "doudi_progress_not_a_tty.txt").string();
  int fd = ::open(path.c_str(), O_CREAT | O_TRUNC | O_RDWR, 0600);
  REQUIRE(fd >= 0);
  {
    ProgressBar bar(fd, true, std::chrono::milliseconds(0));
    CHECK_FALSE(bar.is_terminal());
    for (long rows = 0; rows < 1000; rows += 10) bar.update(ProgressCount{rows, 10, 100});
    bar.clear();
  }
  ::lseek(fd, 0, SEEK_SET);
  CHECK(read_fd(fd).empty());
  ::close(fd);
}

TEST_CASE("progress: a terminal gets the line — and not with --quiet") {
  int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
    MESSAGE("no pseudo-terminal here: skipped");
    return;
  }
  int terminal = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  REQUIRE(terminal >= 0);
  {
    ProgressBar quiet(terminal, false, std::chrono::milliseconds(0));
    CHECK_FALSE(quiet.is_terminal());
    quiet.update(ProgressCount{10, 1, 2});
  }
  {
    ProgressBar bar(terminal, true, std::chrono::milliseconds(0));
    CHECK(bar.is_terminal());
    bar.update(ProgressCount{1234, 1, 2});
  }  // erased when done
  ::close(terminal);
  ::fcntl(master, F_SETFL, O_NONBLOCK);
  std::string seen = read_fd(master);
  CHECK(seen.find("1,234 households") != std::string::npos);
  CHECK(seen.find("\033[K") != std::string::npos);
  CHECK(seen.find("10 households") == std::string::npos);  // the quiet one drew nothing
  ::close(master);
}
