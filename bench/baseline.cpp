// bench_baseline: the yardstick for doudi's reference-workload benchmark.
//
// Design note. A plain, hand-written C++ program that computes exactly what
// /work/shared/bench/reference.py computes (see its WORKLOAD.md), with no
// engine: the standards are compiled-in tables and every amount is an int64
// fixed-point integer (money in fen, the score in tenths), so the result is
// exact and byte-identical to reference.py's CSV. It is deliberately
// straightforward, not tuned: getline-based CSV reading, std::to_chars
// formatting into a buffer written with fwrite. It shows what the workload
// costs when nothing is interpreted.
//
// Modes:
//   bench_baseline IN.csv [OUT.csv]             end to end: CSV in, CSV out
//                                               (stdout without OUT); the
//                                               timing goes to stderr
//   bench_baseline --eval-only IN.csv [--repeat N]
//                                               parse everything into an array
//                                               of records first, then time N
//                                               passes of evaluation only
//
// Exactness. With gap = standard - per_capita (fen):
//   per_capita   = round_half_up(income_fen / members)
//   gap_ratio    = clamp(gap, 0, standard) / standard
//   score_tenths = round_half_up((400 * clamped_gap
//                                 + standard * (80e + 120d + 100i + 50c)) / standard)
//                  then min 1000 (min-then-round equals round-then-min, as
//                  100.0 is itself a multiple of 0.1 and rounding is monotone).
// Half-up means ties away from zero (Python's ROUND_HALF_UP).
#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

// ---- the workload's figures -------------------------------------------------

constexpr std::array<std::string_view, 14> kDistricts = {
    // tier A (indices 0-6)
    "任城区", "兖州区", "曲阜市", "邹城市", "微山县", "济宁高新区", "太白湖新区",
    // tier B (indices 7-13)
    "泗水县", "鱼台县", "金乡县", "嘉祥县", "汶上县", "梁山县", "济宁经济技术开发区"};
constexpr int kTierBFirstDistrict = 7;

enum Hukou : uint8_t { urban = 0, rural = 1 };
enum Care : uint8_t { care_none = 0, care_self = 1, care_partial = 2, care_full = 3 };
enum Grade : uint8_t { severe = 0, moderate = 1, general = 2 };

// [tier][hukou], fen per person per month.
constexpr int64_t kDibaoFen[2][2] = {{63000, 47500}, {59000, 44500}};
constexpr int64_t kTekunBasicFen[2][2] = {{93000, 62000}, {87000, 58000}};
constexpr int64_t kCareFen[4] = {0, 17000, 29000, 58000};
constexpr int64_t kAddonFen[3] = {6000, 3000, 0};
constexpr std::string_view kGradeNames[3] = {"severe", "moderate", "general"};

// ---- records ----------------------------------------------------------------

struct Record {
  int64_t income_fen;
  uint8_t district;  // index into kDistricts
  uint8_t hukou;
  uint8_t members;
  uint8_t tekun;
  uint8_t care;
  uint8_t elderly, disabled, ill, children;
};

struct Result {
  int64_t dibao_fen, addon_fen, tekun_fen, total_fen;
  int32_t score_tenths;
  uint8_t grade;
};

// ---- exact arithmetic -------------------------------------------------------

// num / den rounded to the nearest integer, ties away from zero; den > 0.
int64_t divide_half_up(int64_t num, int64_t den) {
  if (num >= 0) return (2 * num + den) / (2 * den);
  return -((-2 * num + den) / (2 * den));
}

// ---- evaluation -------------------------------------------------------------

int tier_of(uint8_t district) { return district >= kTierBFirstDistrict ? 1 : 0; }

Grade grade_of(int32_t score_tenths) {
  if (score_tenths >= 600) return severe;
  if (score_tenths >= 350) return moderate;
  return general;
}

int32_t score_tenths_of(const Record& r, int64_t gap_fen, int64_t standard_fen) {
  const int64_t clamped_gap = std::clamp<int64_t>(gap_fen, 0, standard_fen);
  const int64_t counts_tenths =
      80 * r.elderly + 120 * r.disabled + 100 * r.ill + 50 * r.children;
  const int64_t tenths =
      divide_half_up(400 * clamped_gap + standard_fen * counts_tenths, standard_fen);
  return static_cast<int32_t>(std::min<int64_t>(tenths, 1000));
}

Result evaluate(const Record& r) {
  const int tier = tier_of(r.district);
  const int64_t standard_fen = kDibaoFen[tier][r.hukou];
  const int64_t per_capita_fen = divide_half_up(r.income_fen, r.members);
  const int64_t gap_fen = standard_fen - per_capita_fen;

  Result out;
  out.dibao_fen = (!r.tekun && gap_fen > 0) ? gap_fen * r.members : 0;
  out.tekun_fen = r.tekun ? kTekunBasicFen[tier][r.hukou] + kCareFen[r.care] : 0;
  out.score_tenths = score_tenths_of(r, gap_fen, standard_fen);
  out.grade = grade_of(out.score_tenths);
  out.addon_fen = out.dibao_fen > 0 ? kAddonFen[out.grade] * r.members : 0;
  out.total_fen = out.dibao_fen + out.addon_fen + out.tekun_fen;
  return out;
}

// ---- CSV parsing ------------------------------------------------------------

constexpr std::string_view kInputHeader =
    "id,district,hukou,members,monthly_income,tekun,care,elderly,disabled,ill,children";
constexpr std::string_view kOutputHeader = "id,dibao,addon,tekun,total,score,grade\n";
constexpr size_t kColumns = 11;

[[noreturn]] void fail_row(long line, const std::string& message) {
  throw std::runtime_error("line " + std::to_string(line) + ": " + message);
}

// Splits a line on commas (the generator never quotes) into exactly kColumns.
bool split_fields(std::string_view line, std::array<std::string_view, kColumns>& fields) {
  size_t column = 0, start = 0;
  for (;;) {
    size_t comma = line.find(',', start);
    if (column == kColumns) return false;
    if (comma == std::string_view::npos) {
      fields[column++] = line.substr(start);
      return column == kColumns;
    }
    fields[column++] = line.substr(start, comma - start);
    start = comma + 1;
  }
}

uint8_t parse_small(std::string_view text, int max, long line, const char* what) {
  int value = -1;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0 || value > max)
    fail_row(line, std::string("bad ") + what + " '" + std::string(text) + "'");
  return static_cast<uint8_t>(value);
}

// "1234.5" / "-0.07" / "900" -> fen. At most two decimals (the workload's form).
int64_t parse_fen(std::string_view text, long line) {
  bool negative = !text.empty() && text[0] == '-';
  if (negative) text.remove_prefix(1);
  size_t dot = text.find('.');
  std::string_view whole = text.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : text.substr(dot + 1);
  if (whole.empty() || fraction.size() > 2 || whole.size() > 15)
    fail_row(line, "bad monthly_income '" + std::string(text) + "'");
  int64_t fen = 0;
  for (char c : whole) {
    if (c < '0' || c > '9') fail_row(line, "bad monthly_income '" + std::string(text) + "'");
    fen = fen * 10 + (c - '0');
  }
  for (size_t k = 0; k < 2; ++k) {
    char c = k < fraction.size() ? fraction[k] : '0';
    if (c < '0' || c > '9') fail_row(line, "bad monthly_income '" + std::string(text) + "'");
    fen = fen * 10 + (c - '0');
  }
  return negative ? -fen : fen;
}

uint8_t parse_district(std::string_view text, long line) {
  for (size_t i = 0; i < kDistricts.size(); ++i)
    if (kDistricts[i] == text) return static_cast<uint8_t>(i);
  fail_row(line, "unknown district '" + std::string(text) + "'");
}

uint8_t parse_hukou(std::string_view text, long line) {
  if (text == "urban") return urban;
  if (text == "rural") return rural;
  fail_row(line, "bad hukou '" + std::string(text) + "'");
}

uint8_t parse_care(std::string_view text, long line) {
  if (text == "none") return care_none;
  if (text == "self") return care_self;
  if (text == "partial") return care_partial;
  if (text == "full") return care_full;
  fail_row(line, "bad care '" + std::string(text) + "'");
}

// Parses one data line; `id` receives the id column's text.
Record parse_record(std::string_view text, long line, std::string_view& id) {
  std::array<std::string_view, kColumns> f;
  if (!split_fields(text, f)) fail_row(line, "expected 11 comma-separated fields");
  Record r;
  id = f[0];
  r.district = parse_district(f[1], line);
  r.hukou = parse_hukou(f[2], line);
  r.members = parse_small(f[3], 100, line, "members");
  if (r.members == 0) fail_row(line, "members must be at least 1");
  r.income_fen = parse_fen(f[4], line);
  r.tekun = parse_small(f[5], 1, line, "tekun");
  r.care = parse_care(f[6], line);
  r.elderly = parse_small(f[7], 100, line, "elderly");
  r.disabled = parse_small(f[8], 100, line, "disabled");
  r.ill = parse_small(f[9], 100, line, "ill");
  r.children = parse_small(f[10], 100, line, "children");
  return r;
}

// Opens the CSV and checks its header.
void open_input(std::ifstream& in, const std::string& path) {
  in.open(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::string header;
  if (!std::getline(in, header)) throw std::runtime_error(path + ": empty file");
  if (!header.empty() && header.back() == '\r') header.pop_back();
  if (header != kInputHeader) throw std::runtime_error(path + ": unexpected header: " + header);
}

// Reads the next data line (without its line break); false at end of file.
bool next_line(std::ifstream& in, std::string& line) {
  if (!std::getline(in, line)) return false;
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

// ---- CSV writing --------------------------------------------------------------

void append_int(std::string& out, int64_t value) {
  char digits[24];
  auto [end, ec] = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, end);
}

// Fixed point with `places` decimals (2 for fen, 1 for tenths), as Python's
// f"{Decimal:.2f}" prints it.
void append_fixed(std::string& out, int64_t value, int places) {
  const int64_t unit = places == 2 ? 100 : 10;
  if (value < 0) {
    out += '-';
    value = -value;
  }
  append_int(out, value / unit);
  out += '.';
  int64_t fraction = value % unit;
  if (places == 2 && fraction < 10) out += '0';
  append_int(out, fraction);
}

void append_result(std::string& out, std::string_view id, const Result& r) {
  out.append(id);
  out += ',';
  append_fixed(out, r.dibao_fen, 2);
  out += ',';
  append_fixed(out, r.addon_fen, 2);
  out += ',';
  append_fixed(out, r.tekun_fen, 2);
  out += ',';
  append_fixed(out, r.total_fen, 2);
  out += ',';
  append_fixed(out, r.score_tenths, 1);
  out += ',';
  out.append(kGradeNames[r.grade]);
  out += '\n';
}

class BufferedOutput {
 public:
  explicit BufferedOutput(FILE* file) : file_(file) { buffer_.reserve(kFlushAt + 256); }
  std::string& buffer() { return buffer_; }
  void maybe_flush() {
    if (buffer_.size() >= kFlushAt) flush();
  }
  void flush() {
    if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size())
      throw std::runtime_error("write failed");
    buffer_.clear();
  }

 private:
  static constexpr size_t kFlushAt = 1 << 20;
  FILE* file_;
  std::string buffer_;
};

// ---- modes --------------------------------------------------------------------

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {  // not an amount: elapsed wall time
  return std::chrono::duration<double>(Clock::now() - start).count();  // not an amount: elapsed seconds
}

void report(const char* what, long households, double seconds) {  // not an amount: elapsed seconds
  double per_second = households / seconds;  // not an amount: throughput
  double ns_each = seconds * 1e9 / households;  // not an amount: nanoseconds per household
  std::fprintf(stderr, "%s: %ld households in %.3f s: %.0f households/s, %.1f ns/household\n", what,
               households, seconds, per_second, ns_each);
}

int run_end_to_end(const std::string& in_path, const std::string& out_path) {
  auto start = Clock::now();
  std::ifstream in;
  open_input(in, in_path);
  FILE* out_file = out_path.empty() ? stdout : std::fopen(out_path.c_str(), "wb");
  if (!out_file) throw std::runtime_error("cannot write " + out_path);
  BufferedOutput out(out_file);
  out.buffer().append(kOutputHeader);
  std::string line;
  long households = 0;
  for (long line_number = 2; next_line(in, line); ++line_number) {
    std::string_view id;
    Record r = parse_record(line, line_number, id);
    append_result(out.buffer(), id, evaluate(r));
    out.maybe_flush();
    ++households;
  }
  out.flush();
  if (out_file != stdout && std::fclose(out_file) != 0) throw std::runtime_error("write failed");
  if (out_file == stdout) std::fflush(stdout);
  report("baseline end-to-end (read CSV, evaluate, write CSV)", households, seconds_since(start));
  return 0;
}

std::vector<Record> read_all(const std::string& in_path) {
  std::ifstream in;
  open_input(in, in_path);
  std::vector<Record> records;
  std::string line;
  std::string_view id;
  for (long line_number = 2; next_line(in, line); ++line_number)
    records.push_back(parse_record(line, line_number, id));
  return records;
}

int run_eval_only(const std::string& in_path, int repeat) {
  std::vector<Record> records = read_all(in_path);
  if (records.empty()) throw std::runtime_error(in_path + ": no households");
  std::vector<Result> results(records.size());
  double best = 0;  // not an amount: fastest pass, seconds
  for (int pass = 0; pass < repeat; ++pass) {
    auto start = Clock::now();
    for (size_t i = 0; i < records.size(); ++i) results[i] = evaluate(records[i]);
    double seconds = seconds_since(start);  // not an amount: elapsed seconds
    if (pass == 0 || seconds < best) best = seconds;
  }
  int64_t checksum = 0;  // keeps the results observable
  for (const auto& r : results) checksum += r.total_fen + r.score_tenths;
  std::fprintf(stderr, "baseline eval-only: best of %d passes (checksum %lld)\n", repeat,
               static_cast<long long>(checksum));
  report("baseline eval-only", static_cast<long>(records.size()), best);
  return 0;
}

int usage() {
  std::fprintf(stderr,
               "usage: bench_baseline IN.csv [OUT.csv]\n"
               "       bench_baseline --eval-only IN.csv [--repeat N]\n");
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  try {
    if (!args.empty() && args[0] == "--eval-only") {
      int repeat = 5;
      if (args.size() == 4 && args[2] == "--repeat") repeat = std::max(1, std::atoi(args[3].c_str()));
      else if (args.size() != 2) return usage();
      return run_eval_only(args[1], repeat);
    }
    if (args.empty() || args.size() > 2 || args[0].starts_with("-")) return usage();
    return run_end_to_end(args[0], args.size() == 2 ? args[1] : "");
  } catch (const std::exception& e) {
    std::fprintf(stderr, "bench_baseline: %s\n", e.what());
    return 1;
  }
}
