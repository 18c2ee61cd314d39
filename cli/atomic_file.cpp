// AtomicFile (see atomic_file.h).
#include "cli/atomic_file.h"

#include <cstdio>
#include <filesystem>

#include <fmt/format.h>

namespace doudi::cli {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".tmp") {
  out_.open(temporary_, std::ios::binary);
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temporary_.c_str());
  }
}

std::string AtomicFile::commit() {
  out_.close();
  if (!out_) return fmt::format("writing {} failed", path_);
  std::error_code ec;
  std::filesystem::rename(temporary_, path_, ec);
  if (ec) return fmt::format("cannot rename {} to {}: {}", temporary_, path_, ec.message());
  committed_ = true;
  return "";
}

}  // namespace doudi::cli
