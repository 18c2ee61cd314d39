// Standard output, checked: a command's results on stdout are as much its
// output as a file given with -o, so a write that fails (a full disk,
// /dev/full, a file system gone) must end the run with exit 2 and the reason,
// never "written" and exit 0.
//
// Design note. main() puts a buffer of its own under std::cout: it writes
// with write(2), keeps the first failure's errno (a failed write's reason is
// gone by the time the last flush is tried), and after a failure drops the
// rest instead of retrying each row. To a terminal it is line-buffered, so
// results and the messages on stderr interleave as they are made; to a file
// or pipe it writes in blocks of 64 KiB. Only the main thread writes stdout.
#pragma once

#include <string>

namespace doudi::cli {

// Puts the checked buffer under std::cout (once, before any output).
void check_standard_output();

// Flushes std::cout. "" when everything written so far reached the file,
// else "writing standard output failed: REASON" — once: a later call after
// the failure was reported returns "" (the caller that reported it exits 2).
std::string standard_output_problem();

}  // namespace doudi::cli
