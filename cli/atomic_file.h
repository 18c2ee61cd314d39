// AtomicFile: an output file written under a temporary of its own beside it
// (FILE.XXXXXX.tmp, unique: two runs writing one FILE never share it) and
// renamed to FILE only when complete, so a failed or interrupted run never leaves a truncated file
// that looks whole. Every command that writes a file (-o, --errors, --detail,
// --report, --junit) goes through it.
//
// Design note. Two kinds of target are not renamed over: a FILE that exists
// and is not a regular file (a character device such as /dev/null, a FIFO, a
// socket) is written straight, since renaming would replace the device with a
// plain file. And a run stopped by SIGINT or SIGTERM must not leave its temporary
// behind: every temporary being written is listed where a signal handler can
// reach it (fixed slots, async-signal-safe), and the handler removes them,
// says so on stderr, and ends the process by the signal (exit status 128 + N).
#pragma once

#include <fstream>
#include <string>

namespace doudi::cli {

class AtomicFile {
 public:
  // Opens a new temporary beside FILE for writing (FILE itself when it is
  // not a regular file); check ok().
  explicit AtomicFile(std::string path);
  // Removes the temporary unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool ok() const { return out_.is_open() && static_cast<bool>(out_); }
  const std::string& path() const { return path_; }
  std::ostream& stream() { return out_; }
  // Closes and renames into place. Returns an error message, or "" when the
  // file is in place.
  std::string commit();

 private:
  std::string path_, temporary_;  // temporary_ == path_: written straight
  std::ofstream out_;
  int slot_ = -1;  // in the signal handler's list of temporaries, or -1
  bool committed_ = false;
};

}  // namespace doudi::cli
