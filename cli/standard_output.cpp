// Standard output, checked (see standard_output.h).
#include "cli/standard_output.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <iostream>
#include <streambuf>
#include <vector>

namespace doudi::cli {
namespace {

class CheckedBuffer : public std::streambuf {
 public:
  CheckedBuffer() : buffer_(64 * 1024), terminal_(::isatty(STDOUT_FILENO) == 1) {
    setp(buffer_.data(), buffer_.data() + buffer_.size());
  }
  // The errno of the first failed write, 0 while every write went through.
  int failure() const { return failure_; }

 protected:
  int_type overflow(int_type c) override {
    if (!drain()) return traits_type::eof();
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(c);
      pbump(1);
      if (terminal_ && c == '\n') return drain() ? c : traits_type::eof();
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    std::streamsize done = std::streambuf::xsputn(s, n);
    if (terminal_ && std::memchr(s, '\n', static_cast<size_t>(n)) && !drain()) return 0;
    return done;
  }
  int sync() override { return drain() ? 0 : -1; }

 private:
  // Writes out what is buffered; false once any write has failed.
  bool drain() {
    const char* p = pbase();
    size_t left = static_cast<size_t>(pptr() - pbase());
    while (left > 0 && failure_ == 0) {
      ssize_t n = ::write(STDOUT_FILENO, p, left);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) {
        failure_ = n < 0 ? errno : EIO;
        break;
      }
      p += n;
      left -= static_cast<size_t>(n);
    }
    setp(buffer_.data(), buffer_.data() + buffer_.size());  // after a failure the rest is dropped
    return failure_ == 0;
  }

  std::vector<char> buffer_;
  bool terminal_;
  int failure_ = 0;
};

CheckedBuffer* checked = nullptr;

}  // namespace

void check_standard_output() {
  if (checked) return;
  checked = new CheckedBuffer;  // lives as long as the process: std::cout may be flushed at exit
  std::cout.rdbuf(checked);
}

std::string standard_output_problem() {
  static bool told = false;  // said once: a command that reported it has main() stay quiet
  if (told) return "";
  std::cout.flush();
  int reason = checked ? checked->failure() : 0;
  if (reason == 0 && std::cout) return "";
  told = true;
  std::cout.clear();
  return std::string("writing standard output failed: ") +
         (reason != 0 ? std::strerror(reason) : "not everything was written");
}

}  // namespace doudi::cli
