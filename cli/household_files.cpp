// Shared command-line plumbing (see household_files.h).
#include "cli/household_files.h"

#include <iostream>
#include <set>

#include "base/date.h"

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

std::vector<Household> read_household_file(const model::Model& m, const std::string& path,
                                           long& rejected) {
  std::vector<Household> out;
  if (is_csv_path(path)) {
    CsvHouseholdReader reader(m, path);
    if (reader.error()) {
      std::cerr << reader.error()->render() << "\n";
      ++rejected;
      return out;
    }
    Household h;
    std::optional<HouseholdError> e;
    while (reader.next(h, e)) {
      if (e) {
        std::cerr << e->render() << "\n";
        ++rejected;
      } else {
        out.push_back(h);
      }
    }
    return out;
  }
  std::vector<HouseholdError> errors;
  out = read_household_document(m, path, errors);
  std::set<std::string> bad;
  for (const auto& e : errors) {
    std::cerr << e.render() << "\n";
    bad.insert(e.household);
  }
  rejected += static_cast<long>(bad.size());
  return out;
}

}  // namespace doudi::cli
