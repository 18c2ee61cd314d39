// CSV record splitting (see csv_record.h for the rules it keeps).
#include "interpreter/formats/csv_record.h"

#include <fcntl.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace doudi {
namespace {

// The messages a rejected record's one field points at (csv_record_problem).
constexpr char kQuoteRunsOn[] =
    "a quoted field runs past 100 lines or 64 KiB, or never closes: a stray '\"' opens it "
    "(the row is rejected and reading goes on at the next line)";
constexpr char kFieldTooLong[] = "a field is longer than 64 KiB";

// The line starting at `start`: its text without the line break and one
// trailing '\r', and where the next line starts. False when the line has no
// line break yet and more text may follow.
bool take_line(std::string_view text, size_t start, bool at_eof, std::string_view& line,
               size_t& next) {
  const char* nl = static_cast<const char*>(
      std::memchr(text.data() + start, '\n', text.size() - start));
  size_t end;
  if (nl) {
    end = static_cast<size_t>(nl - text.data());
    next = end + 1;
  } else {
    if (!at_eof) return false;
    end = text.size();
    next = end;
  }
  line = text.substr(start, end - start);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  return true;
}

// Rejects the record in `out`: one field holding `why`.
void reject(CsvRecord& out, const char* why, size_t length, long lines) {
  out.fields.assign(1, std::string_view(why));
  out.length = length;
  out.lines = lines;
}

}  // namespace

const char* csv_record_problem(const std::vector<std::string_view>& fields) {
  if (fields.size() != 1) return nullptr;
  const char* p = fields[0].data();
  return p == kQuoteRunsOn || p == kFieldTooLong ? p : nullptr;
}

bool CsvRecordSplitter::split(std::string_view text, bool at_eof, CsvRecord& out) {
  out.fields.clear();
  if (text.empty()) return false;  // getline finds nothing: no record
  // One pass over the line: commas split it, a quote sends it to the RFC
  // 4180 reading. Sixteen bytes at a time (SSE2, on every x86-64): a mask of
  // the commas, line breaks and quotes among them, walked bit by bit.
  const char* begin = text.data();
  const char* end = begin + text.size();
  const char* field = begin;
  const char* p = begin;
  bool stopped = false;  // at a line break or a quote
#ifdef __SSE2__
  const __m128i comma = _mm_set1_epi8(','), newline = _mm_set1_epi8('\n'), quote = _mm_set1_epi8('"');
  while (!stopped && end - p >= 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    auto commas = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, comma)));
    auto stops = static_cast<unsigned>(
        _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, newline), _mm_cmpeq_epi8(v, quote))));
    unsigned before_stop = stops ? (1u << __builtin_ctz(stops)) - 1 : 0xFFFFu;
    for (unsigned m = commas & before_stop; m != 0; m &= m - 1) {
      const char* at = p + __builtin_ctz(m);
      out.fields.emplace_back(field, static_cast<size_t>(at - field));
      field = at + 1;
    }
    if (stops) {
      p += __builtin_ctz(stops);
      stopped = true;
    } else {
      p += 16;
    }
  }
#endif
  for (; !stopped && p < end; ++p) {
    char c = *p;
    if (c == ',') {
      out.fields.emplace_back(field, static_cast<size_t>(p - field));
      field = p + 1;
    } else if (c == '\n' || c == '"') {
      break;
    }
  }
  if (p == end && !at_eof) return false;  // no line break yet
  if (p < end && *p == '"') {
    out.fields.clear();
    std::string_view line;
    size_t next;
    if (!take_line(text, 0, at_eof, line, next)) return false;
    return split_quoted(text, line, next, at_eof, out);
  }
  size_t next = p < end ? static_cast<size_t>(p - begin) + 1 : text.size();
  const char* line_end = p;
  if (line_end > field && line_end[-1] == '\r') --line_end;  // a CRLF line: the '\r' goes
  out.fields.emplace_back(field, static_cast<size_t>(line_end - field));
  out.length = next;
  out.lines = 1;
  if (next > kCsvMaxField) {  // a long line: is one of its fields too long?
    bool too_long = std::any_of(out.fields.begin(), out.fields.end(),
                                [](std::string_view f) { return f.size() > kCsvMaxField; });
    if (too_long) reject(out, kFieldTooLong, next, 1);  // after the scan: reject replaces the fields
  }
  return true;
}

bool CsvRecordSplitter::split_quoted(std::string_view text, std::string_view line, size_t next,
                                     bool at_eof, CsvRecord& out) {
  scratch_.clear();
  ends_.clear();
  long lines = 1;
  const size_t first_next = next;  // where the line the record starts on ends
  size_t i = 0;
  for (;;) {
    if (i < line.size() && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= line.size()) {  // a quoted line break: join the next line
          if (next >= text.size() && at_eof) {  // the quote never closes
            reject(out, kQuoteRunsOn, first_next, 1);
            return true;
          }
          if (lines >= kCsvMaxQuotedLines || scratch_.size() > kCsvMaxField) {  // a stray quote, surely
            reject(out, kQuoteRunsOn, first_next, 1);
            return true;
          }
          if (next >= text.size()) return false;
          if (!take_line(text, next, at_eof, line, next)) return false;
          ++lines;
          i = 0;
          scratch_.push_back('\n');
          continue;
        }
        if (line[i] == '"') {
          if (i + 1 < line.size() && line[i + 1] == '"') {
            scratch_.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        scratch_.push_back(line[i++]);
      }
    }
    while (i < line.size() && line[i] != ',') scratch_.push_back(line[i++]);
    ends_.push_back(scratch_.size());
    if (i >= line.size()) break;
    ++i;  // the comma
  }
  size_t start = 0;
  for (size_t end : ends_) {
    if (end - start > kCsvMaxField) {
      reject(out, kFieldTooLong, next, lines);
      return true;
    }
    out.fields.emplace_back(scratch_.data() + start, end - start);
    start = end;
  }
  out.length = next;
  out.lines = lines;
  return true;
}

CsvBoundary find_csv_boundary(std::string_view text, bool at_eof, CsvRecordSplitter& splitter) {
  CsvBoundary b;
  if (std::memchr(text.data(), '"', text.size()) == nullptr) {
    // No quotes: a record is a line, so the boundary is the last line break.
    size_t last = text.rfind('\n');
    b.end = last == std::string_view::npos ? 0 : last + 1;
    b.lines = b.records = std::count(text.data(), text.data() + b.end, '\n');
    if (at_eof && b.end < text.size()) {
      b.end = text.size();
      ++b.lines;
      ++b.records;
    }
    return b;
  }
  CsvRecord record;
  while (splitter.split(text.substr(b.end), at_eof, record)) {
    b.end += record.length;
    b.lines += record.lines;
    ++b.records;
  }
  return b;
}

CsvBlockReader::CsvBlockReader(const std::string& path, size_t block_bytes, TextEncoding encoding)
    : block_(std::max<size_t>(block_bytes, 4096)) {
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) return;
  struct stat st {};
  if (::fstat(fd_, &st) == 0 && S_ISREG(st.st_mode)) size_ = static_cast<unsigned long long>(st.st_size);
  if (S_ISDIR(st.st_mode)) {  // reading a directory fails later; say so now
    ::close(fd_);
    fd_ = -1;
    return;
  }
#ifdef POSIX_FADV_SEQUENTIAL
  ::posix_fadvise(fd_, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
  if (!input_.open(fd_, path, encoding)) {  // a workbook that cannot be read
    ::close(fd_);
    fd_ = -1;
  } else if (input_.text_size() > 0) {
    size_ = input_.text_size();
  }
}

CsvBlockReader::~CsvBlockReader() {
  if (fd_ >= 0) ::close(fd_);
}

// Appends up to one block of the file to `text`; false at the end of the file.
bool CsvBlockReader::fill(std::string& text) {
  size_t old = text.size();
  text.resize(old + block_);
  ssize_t n;
  do {
    n = input_.read(fd_, text.data() + old, block_);
  } while (n < 0 && errno == EINTR);
  if (n < 0) failed_ = true;
  text.resize(old + static_cast<size_t>(n > 0 ? n : 0));
  return n > 0;
}

// The lines from the start of `text` to the end of the file (read on, a
// block at a time, only to count them): what a record too long to read on
// leaves unread, so the user knows how much of the file is missing.
long CsvBlockReader::lines_left(std::string& text) {
  long lines = 0;
  bool ends_with_break = true;
  for (;;) {
    lines += static_cast<long>(std::count(text.begin(), text.end(), '\n'));
    if (!text.empty()) ends_with_break = text.back() == '\n';
    text.clear();
    if (eof_ || !fill(text)) break;
  }
  eof_ = true;
  return lines + (ends_with_break ? 0 : 1);
}

bool CsvBlockReader::next(std::string& text, CsvBoundary& boundary) {
  text.swap(carry_);
  carry_.clear();
  if (fd_ < 0) return false;
  for (;;) {
    if (!eof_ && !fill(text)) eof_ = true;
    if (first_) {  // the first text of the file: its line endings
      first_ = false;
      if (const char* cr = static_cast<const char*>(std::memchr(text.data(), '\r', text.size()));
          cr && cr + 1 < text.data() + text.size() && std::memchr(text.data(), '\n', text.size()) == nullptr) {
        problem_ = "line endings: this file uses CR-only (old Mac) line endings; save it with LF or CRLF";
        failed_ = true;
        return false;
      }
    }
    boundary = find_csv_boundary(text, eof_, splitter_);
    if (boundary.end > 0 || eof_) break;  // else: one record longer than the block so far
    if (text.size() > kCsvMaxRecord) {  // no record ends within 4 MiB: not a CSV we can read on
      problem_ = fmt::format("line {}: a record runs past 4 MiB without ending (a line break missing, "
                             "or not a CSV file); the rest of the file, from this line, was not read "
                             "({} line(s))",
                             lines_done_ + 1, lines_left(text));
      failed_ = true;
      return false;
    }
  }
  lines_done_ += boundary.lines;
  carry_.assign(text, boundary.end, std::string::npos);
  text.resize(boundary.end);
  done_ += boundary.end;
  return boundary.end > 0;
}

}  // namespace doudi
