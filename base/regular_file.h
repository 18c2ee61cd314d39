// Reading a file that a policy names (its own files, series data, reforms):
// only regular files, bounded in size, never waiting on a FIFO.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace doudi {

// Reads the regular file at `path` into `out`, at most `limit` bytes. A path
// that is not a regular file once opened (a device such as /dev/zero, a FIFO,
// a folder) is refused without reading or waiting, and a file over `limit`
// gives `too_large`: no file read by a policy can take unbounded memory or
// time. Returns the reason on failure, nullopt when read.
std::optional<std::string> read_regular_file(const std::string& path, size_t limit, const std::string& too_large,
                                             std::string& out);

}  // namespace doudi
