// The C++ API's view of a household file, for tests/differential.py: one line
// per household, "id<TAB>value<TAB>value…" (household outputs in declared
// order), or "id<TAB>REJECTED<TAB>message". Usage: POLICY HOUSEHOLDS DATE.
#include <iostream>

#include "doudi/policy.h"

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  auto policy = doudi::api::Policy::load(argv[1]);
  if (!policy.ok()) {
    std::cerr << policy.status().message() << "\n";
    return 2;
  }
  auto households = doudi::api::read_households_file(argv[2]);
  if (!households.ok()) {
    std::cerr << households.status().message() << "\n";
    return 2;
  }
  auto results = policy->evaluate_many(*households, argv[3], 2);
  for (size_t i = 0; i < results.size(); ++i) {
    std::cout << (*households)[i].id;
    if (!results[i].ok()) {
      std::cout << "\tREJECTED\t" << results[i].status().message() << "\n";
      continue;
    }
    for (const auto& o : results[i]->outputs) std::cout << "\t" << o.text;
    std::cout << "\n";
  }
  return 0;
}
