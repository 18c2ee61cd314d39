// A progress line for long runs: households done, rate, share of the file
// and time left, redrawn in place on a terminal.
//
// Design note. A person watching a million-row run wants to know it is
// moving; a script reading stderr wants only the messages and the final
// summary. So the bar is drawn only when its file descriptor is a terminal
// (isatty), only once the run has taken longer than `show_after` (short runs
// never flash one), at most ten times a second, and never with --quiet. It
// is erased before any other message is printed and at the end, so it never
// mixes with them. Times are integer milliseconds: no floating point.
#pragma once

#include <chrono>
#include <string>


namespace doudi {

// What the line shows: rows done, and bytes of the file done and in all
// (0 when unknown: a pipe).
struct ProgressCount {
  long rows = 0;
  unsigned long long bytes_done = 0;
  unsigned long long bytes_total = 0;
};

// The bar's text for `p` after `elapsed_ms`, at most `width` columns:
// "[#####·····]  45%  1,234,567 households  2,512,000/s  0:03 left".
// Without a file size (a pipe) it shows rows and rate only.
std::string render_progress(const ProgressCount& p, long long elapsed_ms, int width);

// "1,234,567"
std::string group_thousands(long long n);

class ProgressBar {
 public:
  // Draws on `fd` when it is a terminal and `enabled` (not --quiet).
  ProgressBar(int fd, bool enabled, std::chrono::milliseconds show_after = std::chrono::milliseconds(1000));
  ~ProgressBar();

  bool is_terminal() const { return terminal_; }
  // Redraws (throttled) for `p`.
  void update(const ProgressCount& p);
  // Erases the line, if drawn, so a message can be printed; the next update
  // draws it again.
  void clear();

 private:
  void write_text(const std::string& text);

  int fd_;
  bool terminal_;
  std::chrono::milliseconds show_after_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

}  // namespace doudi
