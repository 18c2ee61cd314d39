// Shared command-line plumbing (see household_files.h).
#include "cli/household_files.h"

#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <functional>
#include <iostream>
#include <set>
#include <thread>
#include <unordered_map>

#include <fmt/format.h>

#include "base/date.h"
#include "cli/commands.h"
#include "interpreter/formats/csv_record.h"
#include "interpreter/formats/people.h"

namespace doudi::cli {

std::optional<int> date_option(const std::string& text, const char* command) {
  if (text.empty()) return today();
  auto d = parse_date(text);
  if (!d) std::cerr << "doudi " << command << ": --date '" << text << "' is not a date written YYYY-MM-DD\n";
  return d;
}

std::optional<PolicySet> load_policy_reporting(const std::string& path) {
  try {
    return load_policy(path);
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return std::nullopt;
  }
}

const model::Model* load_in_force(const std::string& path, int day, PolicySet& set) {
  try {
    set = load_policy(path);
    return &set.in_force(day);
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return nullptr;
  }
}

namespace {

// The people file's rows attached to `households` (held whole here: these
// commands keep every household); bad ones printed and counted.
void attach_people(const model::Model& m, const std::string& path, std::vector<Household>& households,
                   long& rejected) {
  auto fail = [&](const HouseholdError& e) {
    std::cerr << e.render() << "\n";
    ++rejected;
  };
  CsvBlockReader blocks(path);
  std::string text;
  CsvBoundary boundary;
  if (!blocks.is_open() || !blocks.next(text, boundary)) {
    fail(HouseholdError{path, "", "", "cannot read the people file (or it is empty)"});
    households.clear();
    return;
  }
  CsvRecordSplitter splitter;
  CsvRecord record;
  splitter.split(text, true, record);
  PeopleColumns columns;
  if (auto e = read_people_header(m, path, record.fields, columns)) {
    fail(*e);
    households.clear();
    return;
  }
  std::unordered_map<std::string, size_t> by_id;
  for (size_t i = 0; i < households.size(); ++i) by_id.emplace(households[i].id, i);
  std::vector<char> bad(households.size(), 0);
  size_t pos = record.length;
  long line = 1 + record.lines;
  std::vector<std::optional<Exact>> slots;
  do {
    for (; pos < text.size(); pos += record.length, line += record.lines) {
      splitter.split(std::string_view(text).substr(pos), true, record);
      std::string id(static_cast<size_t>(columns.household) < record.fields.size()
                         ? record.fields[static_cast<size_t>(columns.household)] : std::string_view());
      auto it = by_id.find(id);
      if (it == by_id.end()) {
        HouseholdError e{path, person_place(line, id), "household",
                         fmt::format("no household with id '{}' in the households file: the person belongs "
                                     "to no household read", id)};
        fail(e);
        continue;
      }
      if (auto e = csv_record_to_member(m, path, columns, record.fields, line, slots)) {
        std::cerr << e->render() << "\n";
        bad[it->second] = 1;
      }
      households[it->second].members.push_back(slots);
    }
    pos = 0;
  } while (blocks.next(text, boundary));
  std::vector<Household> kept;
  for (size_t i = 0; i < households.size(); ++i) {
    if (bad[i]) {
      ++rejected;
      continue;
    }
    if (auto e = check_roster(m, households[i], path)) {
      fail(*e);
      continue;
    }
    kept.push_back(std::move(households[i]));
  }
  households = std::move(kept);
}

}  // namespace

std::vector<Household> read_household_file(const model::Model& m, const std::string& path,
                                           long& rejected, const std::string& people) {
  std::vector<Household> out;
  for_each_household(m, path, rejected, people, [&](const Household& h) { out.push_back(h); });
  return out;
}

void for_each_household(const model::Model& m, const std::string& path, long& rejected, const std::string& people,
                        const std::function<void(const Household&)>& each) {
  std::vector<Household> out;
  if (is_csv_path(path) && people.empty() && m.has_members()) {
    std::cerr << path << ": " << missing_people_message(m) << "\n";
    ++rejected;
    return;
  }
  if (!people.empty() && !is_csv_path(path)) {
    std::cerr << "--people goes with a CSV households file (YAML and JSON give each household's "
                 "people under `people:`)\n";
    ++rejected;
    return;
  }
  if (is_csv_path(path)) {
    CsvHouseholdReader reader(m, path);
    if (reader.error()) {
      std::cerr << reader.error()->render() << "\n";
      ++rejected;
      return;
    }
    Household h;
    std::optional<HouseholdError> e;
    while (reader.next(h, e)) {
      if (e) {
        std::cerr << e->render() << "\n";
        ++rejected;
      } else if (people.empty()) {
        each(h);  // streamed: one row at a time
      } else {
        out.push_back(h);
      }
    }
    if (!people.empty()) attach_people(m, people, out, rejected);
    for (const auto& x : out) each(x);
    return;
  }
  std::vector<HouseholdError> errors;
  out = read_household_document(m, path, errors);
  std::set<std::string> bad;
  for (const auto& e : errors) {
    std::cerr << e.render() << "\n";
    bad.insert(e.household);
  }
  rejected += static_cast<long>(bad.size());
  for (const auto& h : out) each(h);
}

int most_threads() {
  return 4 * std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::optional<int> threads_option(const std::string& text, const char* command) {
  bool digits = !text.empty() && text.size() <= 6;
  for (char c : text) digits = digits && std::isdigit(static_cast<unsigned char>(c));
  if (!digits) {
    std::cerr << fmt::format("doudi {}: --threads '{}' is not a number of threads: give 0 (every core) or a "
                             "positive whole number\n", command, text);
    return std::nullopt;
  }
  int threads = std::stoi(text);
  if (threads > most_threads()) {
    std::cerr << fmt::format("doudi {}: --threads {} is more than {} (four per core of this machine's {}): "
                             "more threads than that only cost memory\n",
                             command, threads, most_threads(), most_threads() / 4);
    return std::nullopt;
  }
  return threads;
}

StdinHouseholds::~StdinHouseholds() {
  if (fd >= 0) ::close(fd);
}

bool looks_like_csv(std::string_view text) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  size_t start = text.find_first_not_of(" \t\r\n");
  if (start == std::string_view::npos) return false;
  std::string_view line = text.substr(start, text.find('\n', start) - start);
  char first = line.front();
  if (first == '{' || first == '[' || first == '-' || first == '#') return false;
  return line.find(':') == std::string_view::npos;
}

std::unique_ptr<StdinHouseholds> read_stdin_households(const char* command) {
  auto in = std::make_unique<StdinHouseholds>();
  auto text = read_whole_file("-");
  if (!text) {
    std::cerr << "doudi " << command << ": cannot read the households on standard input\n";
    return nullptr;
  }
  in->text = std::move(*text);
  in->csv = looks_like_csv(in->text);
  if (!in->csv) return in;
  in->fd = ::memfd_create("doudi-stdin", MFD_CLOEXEC);
  size_t done = 0;
  while (in->fd >= 0 && done < in->text.size()) {
    ssize_t n = ::write(in->fd, in->text.data() + done, in->text.size() - done);
    if (n <= 0) break;
    done += static_cast<size_t>(n);
  }
  if (in->fd < 0 || done < in->text.size()) {
    std::cerr << "doudi " << command << ": cannot hold the households on standard input in memory\n";
    return nullptr;
  }
  in->path = fmt::format("/proc/self/fd/{}", in->fd);
  in->text.clear();
  in->text.shrink_to_fit();
  return in;
}

}  // namespace doudi::cli
