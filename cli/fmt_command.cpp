// `doudi fmt FILE|DIR... [--check] [--diff]`: policy files in the canonical
// layout (dsl/format.h). A directory is searched for *.doudi files, its
// subdirectories too. Without flags, files that change are rewritten (through
// AtomicFile) and named on stdout; --check names them and exits 1 without
// writing; --diff prints the change as a unified diff without writing.
// Exit status: 0, 1 (--check or --diff found a file to change), 2 (a file
// that cannot be read or does not parse: reported, left as it is).
#include <algorithm>
#include <filesystem>
#include <iostream>

#include "cli/atomic_file.h"
#include "cli/authoring_commands.h"
#include "cli/unified_diff.h"
#include "dsl/format.h"
#include "dsl/parser.h"

namespace doudi::cli {
namespace {

namespace fs = std::filesystem;

struct FmtOptions {
  std::vector<std::string> paths;
  bool check = false, diff = false;
};

// The policy files named, directories expanded (sorted, so output is stable).
std::vector<std::string> policy_files(const std::vector<std::string>& paths, bool& bad) {
  std::vector<std::string> files;
  for (const auto& p : paths) {
    std::error_code ec;
    if (fs::is_directory(p, ec)) {
      std::vector<std::string> found;
      for (auto it = fs::recursive_directory_iterator(p, ec); !ec && it != fs::recursive_directory_iterator();
           it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".doudi") found.push_back(it->path().string());
      std::sort(found.begin(), found.end());
      if (found.empty()) std::cerr << "doudi fmt: " << p << ": no .doudi files in this directory\n";
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(p, ec)) {
      files.push_back(p);
    } else {
      std::cerr << "doudi fmt: " << p << ": no such file or directory\n";
      bad = true;
    }
  }
  return files;
}

int run_fmt(const FmtOptions& o) {
  bool bad = false, changed = false;
  for (const auto& path : policy_files(o.paths, bad)) {
    std::shared_ptr<const SourceFile> file;
    std::string text;
    try {
      file = read_source_file(path);
      text = format_policy(file);
    } catch (const PolicyError& e) {
      std::cerr << e.render() << "doudi fmt: " << path << " left as it is\n";
      bad = true;
      continue;
    }
    if (text == file->text) continue;
    changed = true;
    if (o.diff) std::cout << unified_diff(file->text, text, path, path + " (formatted)");
    if (o.check && !o.diff) std::cout << path << "\n";
    if (o.check || o.diff) continue;
    AtomicFile out(path);
    out.stream() << text;
    std::string error = out.ok() ? out.commit() : "cannot write " + path + ".tmp";
    if (!error.empty()) {
      std::cerr << "doudi fmt: " << error << "\n";
      bad = true;
      continue;
    }
    std::cout << "formatted " << path << "\n";
  }
  if (bad) return 2;
  return changed && (o.check || o.diff) ? 1 : 0;
}

}  // namespace

void add_fmt_command(CLI::App& app, int& result) {
  auto o = std::make_shared<FmtOptions>();
  auto* cmd = app.add_subcommand("fmt", "Rewrite policy files in the canonical layout");
  cmd->add_option("paths", o->paths, "Policy files or directories of them")->required();
  cmd->add_flag("--check", o->check, "List the files that would change and exit 1; write nothing");
  cmd->add_flag("--diff", o->diff, "Show the change as a unified diff; write nothing");
  cmd->callback([o, &result] { result = run_fmt(*o); });
}

}  // namespace doudi::cli
