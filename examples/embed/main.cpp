// Loads a policy, evaluates households on 2020-08-01 and prints their amounts
// as `doudi run --format csv` does: one household built in code, then those
// of a YAML or JSON file. Usage: jining_amounts POLICY [HOUSEHOLDS.yaml]
#include <iostream>

#include <doudi/policy.h>

namespace {

void print(const doudi::api::Evaluation& e) {
  std::cout << e.household;
  for (const auto& o : e.outputs) std::cout << ',' << o.text;
  std::cout << '\n';
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: jining_amounts POLICY [HOUSEHOLDS.yaml]\n";
    return 2;
  }
  const char* date = "2020-08-01";
  auto policy = doudi::api::Policy::load(argv[1]);
  if (!policy.ok()) {
    std::cerr << policy.status().message();
    return 2;
  }
  auto outputs = policy->outputs(date);
  if (!outputs.ok()) {
    std::cerr << outputs.status().message() << '\n';
    return 2;
  }
  std::cout << "id";
  for (const auto& o : *outputs) std::cout << ',' << o.name;
  std::cout << '\n';

  std::vector<doudi::api::Household> households;
  if (argc > 2) {
    auto read = doudi::api::read_households_file(argv[2]);
    if (!read.ok()) {
      std::cerr << read.status().message() << '\n';
      return 2;
    }
    households = *read;
  } else {
    households.push_back({"renc-urban-3",
                          {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "900.00"}},
                          {}});
  }
  doudi::api::Decimal total;
  for (const auto& r : policy->evaluate_many(households, date)) {
    if (!r.ok()) {
      std::cerr << r.status().message() << '\n';
      return 2;
    }
    print(*r);
    if (const auto* t = r->find("total"); t && t->number) total += *t->number;
  }
  std::cerr << "total of all households: " << total.to_string() << '\n';
  return 0;
}
