// What every command that evaluates shares: reading --date, loading the
// policy version in force, and reading a household file whatever its format.
// Problems are printed on stderr in the program's one style, and reported to
// the caller as values (nullopt, a count), never as a crash.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dsl/loader.h"
#include "interpreter/formats/household_file.h"

namespace doudi::cli {

// The day number of --date (`text`), or today when it is empty. Prints
// "doudi COMMAND: --date … is not a date" and returns nullopt when bad.
std::optional<int> date_option(const std::string& text, const char* command);

// Loads the policy at `path`, or prints the diagnostics and returns nullopt.
std::optional<PolicySet> load_policy_reporting(const std::string& path);

// Loads `path` into `set` and returns the version in force on `day`, or
// prints the diagnostics and returns null.
const model::Model* load_in_force(const std::string& path, int day, PolicySet& set);

// Every good household of a CSV, YAML or JSON file, in file order; each bad
// one is printed on stderr and counted in `rejected` (a household with three
// bad fields counts once).
// With `people` (a people file, for a CSV households file): each household
// gets its people, and orphans, households without people and a stated
// member count that differs are rejected as `doudi run --people` rejects
// them. A CSV without people for a policy with member inputs is refused.
std::vector<Household> read_household_file(const model::Model& m, const std::string& path,
                                           long& rejected, const std::string& people = "");

// Calls `each` with every good household of the file, in file order, as
// read_household_file gives them (the same rejections on stderr, counted in
// `rejected`). A CSV without `people` is streamed, one row at a time, so
// memory stays flat however long the file (`doudi explain` on a 1M-row CSV
// once held every household).
void for_each_household(const model::Model& m, const std::string& path, long& rejected, const std::string& people,
                        const std::function<void(const Household&)>& each);

// `--threads TEXT`: a whole number from 0 (every core) to most_threads().
// Prints "doudi COMMAND: --threads '-1' …" and returns nullopt when it is not.
// The most --threads accepted: four per core (a thread past that only costs
// memory; 100000 of them once took 6 GB and aborted).
int most_threads();
std::optional<int> threads_option(const std::string& text, const char* command);

// Standard input as a household file (`-`): read whole, and for CSV copied
// into an anonymous in-memory file (memfd) so the CSV pipeline streams it like
// any file. It is CSV unless its first line opens a YAML/JSON document (a
// '{', '[', '-', '#' or '---' first, or a ':' in it).
struct StdinHouseholds {
  static constexpr const char* kName = "<stdin>";  // the file's name in messages
  std::string text;  // the whole input
  bool csv = false;
  std::string path;  // of the in-memory copy, for CSV
  int fd = -1;
  StdinHouseholds() = default;
  StdinHouseholds(const StdinHouseholds&) = delete;
  StdinHouseholds& operator=(const StdinHouseholds&) = delete;
  ~StdinHouseholds();
};
// nullopt (with a message on stderr) when standard input cannot be read.
std::unique_ptr<StdinHouseholds> read_stdin_households(const char* command);
bool looks_like_csv(std::string_view text);

}  // namespace doudi::cli
