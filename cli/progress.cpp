// The progress line (see progress.h).
#include "cli/progress.h"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

namespace doudi {

std::string group_thousands(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string render_progress(const ProgressCount& p, long long elapsed_ms, int width) {
  elapsed_ms = std::max(1LL, elapsed_ms);
  std::string rate = group_thousands(static_cast<long long>(p.rows) * 1000 / elapsed_ms) + "/s";
  std::string rows = group_thousands(p.rows) + " households";
  if (p.bytes_total == 0) return rows + "  " + rate;
  unsigned long long done = std::min(p.bytes_done, p.bytes_total);
  int percent = static_cast<int>(done * 100 / p.bytes_total);
  long long left_s = done == 0 ? 0
                               : static_cast<long long>((p.bytes_total - done) *
                                                        static_cast<unsigned long long>(elapsed_ms) /
                                                        done / 1000);
  std::string tail = fmt::format("{:3}%  {}  {}  {}:{:02} left", percent, rows, rate, left_s / 60,
                                 left_s % 60);
  int bar = std::clamp(width - static_cast<int>(tail.size()) - 4, 0, 30);
  if (bar < 5) return tail;
  int filled = percent * bar / 100;
  std::string out = "[";
  out.append(static_cast<size_t>(filled), '#');
  out.append(static_cast<size_t>(bar - filled), '.');
  out += "]  ";
  out += tail;
  return out;
}

ProgressBar::ProgressBar(int fd, bool enabled, std::chrono::milliseconds show_after)
    : fd_(fd),
      terminal_(enabled && ::isatty(fd) == 1),
      show_after_(show_after),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() { clear(); }

void ProgressBar::write_text(const std::string& text) {
  size_t written = 0;
  while (written < text.size()) {
    ssize_t n = ::write(fd_, text.data() + written, text.size() - written);
    if (n <= 0) return;  // a progress line is not worth an error
    written += static_cast<size_t>(n);
  }
}

void ProgressBar::update(const ProgressCount& p) {
  if (!terminal_) return;
  auto now = std::chrono::steady_clock::now();
  if (now - start_ < show_after_) return;
  if (drawn_ && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  long long elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - start_).count();
  std::string line = "\r";
  line += render_progress(p, elapsed, 78);
  line += "\033[K";
  write_text(line);
  drawn_ = true;
}

void ProgressBar::clear() {
  if (!drawn_) return;
  write_text("\r\033[K");
  drawn_ = false;
}

}  // namespace doudi
