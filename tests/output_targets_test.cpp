// Tests for cli/output_targets.cpp: outputs distinct from each other and
// from the inputs, decided on the file system.
#include <doctest/doctest.h>

#include <filesystem>

#include "cli/output_targets.h"
#include "test_util.h"

using doudi::cli::output_clash;
namespace fs = std::filesystem;

TEST_CASE("output_targets: two outputs naming one file clash however it is written") {
  auto dir = fs::path(doudi::test::policy_dir("targets_two", {{"h.csv", "id\n"}}));
  auto x = (dir / "x.csv").string();
  auto why = output_clash({{"-o", x}, {"--errors", (dir / "." / "x.csv").string()}}, {});
  CHECK(why.find("-o and --errors name the same file") != std::string::npos);
  CHECK(output_clash({{"-o", x}, {"--errors", (dir / "e.csv").string()}}, {}) == "");
}

TEST_CASE("output_targets: an output that is an input clashes - through a link too") {
  auto dir = fs::path(doudi::test::policy_dir("targets_input", {{"h.csv", "id\n"}}));
  auto h = (dir / "h.csv").string();
  fs::create_symlink(h, dir / "link.csv");
  auto why = output_clash({{"-o", (dir / "link.csv").string()}}, {{"HOUSEHOLDS", h}});
  CHECK(why.find("is also the input HOUSEHOLDS") != std::string::npos);
  CHECK(output_clash({{"-o", (dir / "r.csv").string()}}, {{"HOUSEHOLDS", h}}) == "");
}

TEST_CASE("output_targets: a device takes several outputs and standard streams are skipped") {
  CHECK(output_clash({{"-o", "/dev/null"}, {"--errors", "/dev/null"}}, {{"HOUSEHOLDS", "/dev/null"}}) == "");
  CHECK(output_clash({{"-o", ""}, {"--errors", ""}}, {{"HOUSEHOLDS", "-"}}) == "");
}
