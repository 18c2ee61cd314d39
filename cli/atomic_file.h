// AtomicFile: an output file written under FILE.tmp and renamed to FILE only
// when complete, so a failed or interrupted run never leaves a truncated file
// that looks whole. Every command that writes a file (-o, --errors, --detail,
// --report, --junit) goes through it.
#pragma once

#include <fstream>
#include <string>

namespace doudi::cli {

class AtomicFile {
 public:
  // Opens FILE.tmp for writing; check ok().
  explicit AtomicFile(std::string path);
  // Removes FILE.tmp unless commit() succeeded.
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  bool ok() const { return static_cast<bool>(out_); }
  const std::string& path() const { return path_; }
  std::ostream& stream() { return out_; }
  // Closes and renames into place. Returns an error message, or "" when the
  // file is in place.
  std::string commit();

 private:
  std::string path_, temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

}  // namespace doudi::cli
