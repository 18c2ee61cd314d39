// Output targets: before a command writes anything, the files it will write
// must be distinct from each other and from every file it reads. Two outputs
// naming one file lose one of them (`run -o X --errors X` left the error rows
// over the results), and an output naming an input replaces the input
// (`run h.csv -o h.csv` replaced the household file with its results).
//
// Design note. "The same file" is decided on the file system, not on the
// text: two names for one existing file (a symlink, a hard link, "./x" and
// "x") are the same (std::filesystem::equivalent); a file not yet written is
// the same as another when their absolute, normalised paths are. A device or
// FIFO (/dev/null) may take several outputs: nothing is replaced.
#pragma once

#include <string>
#include <vector>

namespace doudi::cli {

// One file a command names: its option as the user wrote it ("-o",
// "--errors", "POLICY") and its path ("" or "-" when none: skipped).
struct NamedFile {
  std::string option;
  std::string path;
};

// "" when every output is a file of its own, neither another output nor an
// input; else the message, e.g. "-o and --errors name the same file (x.csv):
// give each output a file of its own".
std::string output_clash(const std::vector<NamedFile>& outputs, const std::vector<NamedFile>& inputs);

}  // namespace doudi::cli
