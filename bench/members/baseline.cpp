// bench_members_baseline: the yardstick for the member-level workload
// (bench/members/WORKLOAD.md).
//
// Design note. Hand-written C++ computing exactly what reference.py
// computes, with no engine: compiled-in tables, every amount an int64 in fen
// (the score in tenths), so the output is byte-identical to reference.py's
// CSV. Like bench/baseline.cpp it is straightforward, not tuned: getline
// over both files, people consumed in household order beside their
// household (the ordered case only: a person of another household than the
// current one ends it), std::to_chars into a buffer written with fwrite.
//
//   bench_members_baseline DIR [OUT.csv]   reads DIR/households.csv and
//                                          DIR/people.csv; timing on stderr
//
// Exactness, with S the standard in fen and gap = S - per_capita:
//   per_capita   = round_half_up(counted_fen / members)
//   add-ons      = round_half_up(0.2 S) or round_half_up(0.1 S) to the yuan
//   score_tenths = min(1000, round_half_up((400 clamp(gap, 0, S) + 10 S K) / S))
//                  with K = 8 aged + 12 disabled + 10 ill + 5 minors
//                  (min-then-round = round-then-min: 100.0 is a multiple of 0.1).
#include <array>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::array<std::string_view, 7> kTierA = {"任城区", "兖州区", "曲阜市", "邹城市",
                                                    "微山县", "济宁高新区", "太白湖新区"};
// [tier][hukou: urban, rural], yuan per person per month.
constexpr int64_t kDibao[2][2] = {{630, 475}, {590, 445}};
constexpr int64_t kBasic[2][2] = {{930, 620}, {870, 580}};

int64_t fen(std::string_view s) {  // "1035.00" -> 103500 (the generator writes 2 decimals)
  int64_t v = 0;
  for (char c : s)
    if (c != '.') v = v * 10 + (c - '0');
  return v;
}

int number(std::string_view s) {
  int v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

// Fields of a plain CSV line (the workload has no quotes).
int split(std::string_view line, std::array<std::string_view, 8>& out) {
  int n = 0;
  size_t start = 0;
  while (n < 8) {
    size_t comma = line.find(',', start);
    out[static_cast<size_t>(n++)] = line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start);
    if (comma == std::string_view::npos) break;
    start = comma + 1;
  }
  return n;
}

struct Person {
  int year, month, day;
  bool ill, severe, disabled, tekun;
  int64_t care;  // yuan
};

char* fixed2(char* p, int64_t fen_value) {
  p = std::to_chars(p, p + 24, fen_value / 100).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + fen_value % 100 / 10);
  *p++ = static_cast<char>('0' + fen_value % 10);
  return p;
}

// One household's output row.
char* evaluate(char* p, std::string_view id, std::string_view district, std::string_view hukou,
               int64_t income, int64_t rigid, const std::vector<Person>& people) {
  int tier = 1;
  for (auto d : kTierA) tier = d == district ? 0 : tier;
  int h = hukou == "urban" ? 0 : 1;
  auto members = static_cast<int64_t>(people.size());
  int64_t counted = std::max<int64_t>(0, income - rigid);
  int64_t per_capita = (2 * counted + members) / (2 * members);
  int64_t s = kDibao[tier][h] * 100, gap = s - per_capita;
  bool tekun_household = false;
  int64_t aged = 0, minors = 0, disabled = 0, ill = 0, covered = 0, tekun = 0, addon_count20 = 0, addon_count10 = 0;
  for (const Person& x : people) {
    int age = 2020 - x.year - ((8 < x.month || (8 == x.month && 1 < x.day)) ? 1 : 0);  // on 2020-08-01
    tekun_household |= x.tekun;
    aged += age >= 60;
    minors += age < 18;
    disabled += x.disabled;
    ill += x.ill;
    if (x.ill || x.severe) {
      ++covered;
      ++addon_count20;
    } else if (age >= 60 || age < 18) {
      ++addon_count10;
    }
    if (x.tekun) tekun += (kBasic[tier][h] + x.care) * 100;
  }
  int64_t dibao = !tekun_household && gap > 0 ? gap * members : 0;
  int64_t yuan = kDibao[tier][h];
  int64_t addon = dibao > 0 ? (addon_count20 * ((2 * yuan + 5) / 10) + addon_count10 * ((yuan + 5) / 10)) * 100 : 0;
  int64_t clamped = std::min(std::max<int64_t>(gap, 0), s);
  int64_t k = 8 * aged + 12 * disabled + 10 * ill + 5 * minors;
  int64_t num = 400 * clamped + 10 * s * k;
  int64_t score = std::min<int64_t>(1000, (2 * num + s) / (2 * s));
  const char* grade = score >= 600 ? "severe" : score >= 350 ? "moderate" : "general";
  int64_t grade_addon = dibao > 0 ? (score >= 600 ? 60 : score >= 350 ? 30 : 0) * 100 * members : 0;
  int64_t cover = !tekun_household && dibao == 0 && per_capita < 2 * s ? s * covered : 0;
  int64_t total = dibao + addon + grade_addon + cover + tekun;
  for (char c : id) *p++ = c;
  *p++ = ',';
  p = std::to_chars(p, p + 24, members).ptr;
  for (int64_t v : {dibao, addon, grade_addon, cover, tekun, total}) {
    *p++ = ',';
    p = fixed2(p, v);
  }
  *p++ = ',';
  p = std::to_chars(p, p + 24, score / 10).ptr;
  *p++ = '.';
  *p++ = static_cast<char>('0' + score % 10);
  *p++ = ',';
  for (const char* g = grade; *g; ++g) *p++ = *g;
  *p++ = '\n';
  return p;
}

Person person(const std::array<std::string_view, 8>& f) {
  Person x{};
  x.year = number(f[1].substr(0, 4));
  x.month = number(f[1].substr(5, 2));
  x.day = number(f[1].substr(8, 2));
  x.ill = f[2] == "1";
  x.severe = f[3] == "severe";
  x.disabled = f[3] != "none";
  x.tekun = f[4] == "1";
  x.care = f[5] == "full" ? 580 : f[5] == "partial" ? 290 : f[5] == "self" ? 170 : 0;
  return x;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: bench_members_baseline DIR [OUT.csv]\n";
    return 2;
  }
  auto started = std::chrono::steady_clock::now();
  std::string dir = argv[1];
  std::ifstream households(dir + "/households.csv"), people_file(dir + "/people.csv");
  FILE* out = argc > 2 ? std::fopen(argv[2], "wb") : stdout;
  if (!households || !people_file || !out) {
    std::cerr << "bench_members_baseline: cannot open the files\n";
    return 2;
  }
  std::string line, person_line;
  std::getline(households, line);
  std::getline(people_file, person_line);
  std::fputs("id,members,dibao,addon,grade_addon,cover,tekun,total,score,grade\n", out);
  std::vector<char> buffer(1 << 20);
  size_t used = 0;
  std::array<std::string_view, 8> f{}, pf{};
  std::vector<Person> people;
  bool have_person = static_cast<bool>(std::getline(people_file, person_line));
  long rows = 0;
  while (std::getline(households, line)) {
    split(line, f);
    people.clear();
    while (have_person) {
      split(person_line, pf);
      if (pf[0] != f[0]) break;
      people.push_back(person(pf));
      have_person = static_cast<bool>(std::getline(people_file, person_line));
    }
    if (people.empty()) {
      std::cerr << "bench_members_baseline: household " << f[0] << " has no people (or they are not in order)\n";
      return 2;
    }
    if (used > buffer.size() - 512) {
      std::fwrite(buffer.data(), 1, used, out);
      used = 0;
    }
    used = static_cast<size_t>(evaluate(buffer.data() + used, f[0], f[1], f[2], fen(f[3]), fen(f[4]), people) - buffer.data());
    ++rows;
  }
  std::fwrite(buffer.data(), 1, used, out);
  if (out != stdout) std::fclose(out);
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now() - started).count();
  std::cerr << "members baseline end-to-end: " << rows << " households, " << ns / 1000000 << " ms, "
            << (rows ? ns / rows : 0) << " ns/household\n";  // not an amount: a timing
  return 0;
}
