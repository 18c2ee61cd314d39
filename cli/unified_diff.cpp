// Line diff by longest common subsequence (files of policy size: a few
// thousand lines at most), printed as hunks with three lines of context.
#include "cli/unified_diff.h"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

namespace doudi::cli {
namespace {

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    if (nl == std::string::npos) nl = text.size();
    lines.push_back(text.substr(start, nl - start));
    start = nl + 1;
  }
  return lines;
}

struct Edit {
  char op;  // ' ', '-', '+'
  size_t a, b;  // line index in before / after
};

// The edit script: LCS by dynamic programming, or (for very large inputs) a
// whole-file replacement after the common head and tail.
std::vector<Edit> edits(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  size_t head = 0;
  while (head < a.size() && head < b.size() && a[head] == b[head]) ++head;
  size_t tail = 0;
  while (tail < a.size() - head && tail < b.size() - head && a[a.size() - 1 - tail] == b[b.size() - 1 - tail]) ++tail;
  size_t n = a.size() - head - tail, m = b.size() - head - tail;
  std::vector<Edit> out;
  for (size_t k = 0; k < head; ++k) out.push_back({' ', k, k});
  if (n * m <= 25'000'000) {
    std::vector<std::vector<unsigned>> lcs(n + 1, std::vector<unsigned>(m + 1, 0));
    for (size_t i = n; i-- > 0;)
      for (size_t j = m; j-- > 0;)
        lcs[i][j] = a[head + i] == b[head + j] ? lcs[i + 1][j + 1] + 1 : std::max(lcs[i + 1][j], lcs[i][j + 1]);
    size_t i = 0, j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] == b[head + j]) {
        out.push_back({' ', head + i++, head + j++});
      } else if (j < m && (i == n || lcs[i][j + 1] >= lcs[i + 1][j])) {
        out.push_back({'+', head + i, head + j++});
      } else {
        out.push_back({'-', head + i++, head + j});
      }
    }
  } else {
    for (size_t i = 0; i < n; ++i) out.push_back({'-', head + i, head});
    for (size_t j = 0; j < m; ++j) out.push_back({'+', head + n, head + j});
  }
  for (size_t k = 0; k < tail; ++k) out.push_back({' ', head + n + k, head + m + k});
  return out;
}

}  // namespace

std::string unified_diff(const std::string& before, const std::string& after, const std::string& name_before,
                         const std::string& name_after) {
  if (before == after) return "";
  auto a = split_lines(before), b = split_lines(after);
  auto e = edits(a, b);
  std::string out = fmt::format("--- {}\n+++ {}\n", name_before, name_after);
  constexpr size_t kContext = 3;
  size_t k = 0;
  while (k < e.size()) {
    if (e[k].op == ' ') {
      ++k;
      continue;
    }
    // A hunk: from kContext lines before this change to kContext after the
    // last change that is within 2 * kContext of the one before it.
    size_t start = k >= kContext ? k - kContext : 0;
    size_t end = k;
    while (end < e.size()) {
      size_t next = end;
      while (next < e.size() && e[next].op != ' ') ++next;
      size_t gap = next;
      while (gap < e.size() && e[gap].op == ' ') ++gap;
      if (gap < e.size() && gap - next <= 2 * kContext) {
        end = gap;
      } else {
        end = std::min(e.size(), next + kContext);
        break;
      }
    }
    size_t a_count = 0, b_count = 0;
    for (size_t i = start; i < end; ++i) {
      a_count += e[i].op != '+';
      b_count += e[i].op != '-';
    }
    size_t a_start = e[start].a + (a_count ? 1 : 0), b_start = e[start].b + (b_count ? 1 : 0);
    out += fmt::format("@@ -{},{} +{},{} @@\n", a_start, a_count, b_start, b_count);
    for (size_t i = start; i < end; ++i)
      out += fmt::format("{}{}\n", e[i].op, e[i].op == '+' ? b[e[i].b] : a[e[i].a]);
    k = end;
  }
  return out;
}

}  // namespace doudi::cli
