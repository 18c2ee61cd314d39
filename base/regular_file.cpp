// Reads regular files only, bounded (see regular_file.h).
#include "base/regular_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace doudi {

std::optional<std::string> read_regular_file(const std::string& path, size_t limit, const std::string& too_large,
                                             std::string& out) {
  // O_NONBLOCK: opening a FIFO does not wait for a writer; it is then refused.
  int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) return std::string("cannot read the file: ") + std::strerror(errno);  // e.g. a loop of links
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    return std::string("not a regular file (a device, a FIFO or a folder): only regular files are read");
  }
  if (static_cast<unsigned long long>(st.st_size) > limit) {
    ::close(fd);
    return too_large;
  }
  out.clear();
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      return std::string("cannot read the policy file");
    }
    if (n == 0) break;
    if (out.size() + static_cast<size_t>(n) > limit) {  // it grew while being read
      ::close(fd);
      return too_large;
    }
    out.append(buffer, static_cast<size_t>(n));
  }
  ::close(fd);
  return std::nullopt;
}

}  // namespace doudi
