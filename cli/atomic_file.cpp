// AtomicFile (see atomic_file.h).
#include "cli/atomic_file.h"

#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <mutex>

#include <fmt/format.h>

namespace doudi::cli {
namespace {

// The temporaries being written, for the signal handler: a fixed list of
// pointers to their names (each owned by its AtomicFile until it leaves).
constexpr int kSlots = 16;
std::atomic<const char*> temporaries[kSlots];

extern "C" void remove_temporaries_and_stop(int signal) {
  bool removed = false;
  for (auto& t : temporaries) {
    const char* name = t.exchange(nullptr);
    if (name && ::unlink(name) == 0) removed = true;
  }
  const char* text = removed ? "\ndoudi: interrupted: the unfinished output files were removed\n"
                             : "\ndoudi: interrupted\n";
  ssize_t ignored = ::write(STDERR_FILENO, text, std::strlen(text));
  (void)ignored;
  ::signal(signal, SIG_DFL);
  ::raise(signal);
}

void install_handlers_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    struct sigaction action {};
    action.sa_handler = remove_temporaries_and_stop;
    sigemptyset(&action.sa_mask);
    for (int s : {SIGINT, SIGTERM}) {
      struct sigaction old {};
      ::sigaction(s, nullptr, &old);
      if (old.sa_handler == SIG_IGN) continue;  // e.g. started with nohup: stay ignored
      ::sigaction(s, &action, nullptr);
    }
  });
}

int list_temporary(const char* name) {
  install_handlers_once();
  for (int i = 0; i < kSlots; ++i) {
    const char* empty = nullptr;
    if (temporaries[i].compare_exchange_strong(empty, name)) return i;
  }
  return -1;  // more files at once than slots: that one is not removed on a signal
}

void unlist_temporary(int slot) {
  if (slot >= 0) temporaries[slot].store(nullptr);
}

// True when `path` exists and is not a regular file (a device, a FIFO, …).
bool is_special_file(const std::string& path) {
  struct stat st {};
  return ::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

// The mode a new file gets from open(2) here: 0666 less the umask (mkstemp
// makes 0600, which would leave the result unreadable to the group).
mode_t new_file_mode() {
  static const mode_t mode = [] {
    mode_t mask = ::umask(0);
    ::umask(mask);
    return static_cast<mode_t>(0666 & ~mask);
  }();
  return mode;
}

// Creates a temporary of a name no other run can have, beside `path` (so the
// rename stays within one file system): "FILE.XXXXXX.tmp" made unique by
// mkstemps. Returns its name, or "" when it cannot be created.
std::string create_temporary(const std::string& path) {
  std::string name = path + ".XXXXXX.tmp";
  int fd = ::mkstemps(name.data(), 4);
  if (fd < 0) return "";
  struct stat st {};
  mode_t mode = ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) ? (st.st_mode & 07777) : new_file_mode();
  (void)::fchmod(fd, mode);  // as the file it replaces, or as a new file would be
  ::close(fd);
  return name;
}

}  // namespace

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)) {
  if (is_special_file(path_)) {
    temporary_ = path_;
  } else {
    temporary_ = create_temporary(path_);
    if (temporary_.empty()) return;  // ok() is false: the folder cannot be written
    slot_ = list_temporary(temporary_.c_str());
  }
  out_.open(temporary_, std::ios::binary | std::ios::trunc);
}

AtomicFile::~AtomicFile() {
  unlist_temporary(slot_);
  if (!committed_) {
    out_.close();
    if (!temporary_.empty() && temporary_ != path_) std::remove(temporary_.c_str());
  }
}

std::string AtomicFile::commit() {
  out_.close();
  if (!out_) return fmt::format("writing {} failed", path_);
  if (temporary_ != path_) {
    std::error_code ec;
    std::filesystem::rename(temporary_, path_, ec);
    if (ec) return fmt::format("cannot rename {} to {}: {}", temporary_, path_, ec.message());
  }
  unlist_temporary(slot_);
  slot_ = -1;
  committed_ = true;
  return "";
}

}  // namespace doudi::cli
