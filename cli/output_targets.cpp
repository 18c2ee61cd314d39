// Output targets (see output_targets.h).
#include "cli/output_targets.h"

#include <sys/stat.h>

#include <filesystem>

#include <fmt/format.h>

namespace doudi::cli {
namespace {

namespace fs = std::filesystem;

bool named(const NamedFile& f) { return !f.path.empty() && f.path != "-"; }

// A device, FIFO or socket: writing it replaces nothing.
bool special(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

// Where `path` leads: its symbolic links followed, even to a file not yet
// written (a dangling link is written through), absolute and normalised.
fs::path destination(const std::string& path, std::error_code& ec) {
  fs::path p = fs::absolute(path, ec);
  std::error_code missing;  // a path not yet written is no error here
  for (int hops = 0; !ec && hops < 40 && fs::is_symlink(fs::symlink_status(p, missing)); ++hops) {
    fs::path to = fs::read_symlink(p, ec);
    p = to.is_absolute() ? to : p.parent_path() / to;
  }
  if (ec) return {};
  return fs::weakly_canonical(p, ec).lexically_normal();
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec) && !ec;
  fs::path x = destination(a, ec);
  if (ec) return false;
  fs::path y = destination(b, ec);
  return !ec && x == y;
}

}  // namespace

std::string output_clash(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs) {
  for (size_t i = 0; i < outputs.size(); ++i) {
    const NamedFile& out = outputs[i];
    if (!named(out) || special(out.path)) continue;
    for (const NamedFile& in : inputs) {
      if (named(in) && same_file(out.path, in.path))
        return fmt::format("{} {} is also the input {}: writing it would replace what is being read; give the "
                           "output a file of its own",
                           out.option, out.path, in.option);
    }
    for (size_t j = i + 1; j < outputs.size(); ++j) {
      if (named(outputs[j]) && same_file(out.path, outputs[j].path))
        return fmt::format("{} and {} name the same file ({}): one would be lost; give each output a file of its own",
                           out.option, outputs[j].option, out.path);
    }
  }
  return "";
}

}  // namespace doudi::cli
