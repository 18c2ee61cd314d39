// Helpers shared by the tests: policies from text, households from field maps.
#pragma once

#include <doctest/doctest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "dsl/loader.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/value.h"

namespace doudi::test {

inline std::string source_path(const std::string& relative) {
  return std::string(DOUDI_SOURCE_DIR) + "/" + relative;
}

// A fresh folder of policy files (name → text) under the temporary
// directory, unique to this process; returns its path.
inline std::string policy_dir(const std::string& name, const std::map<std::string, std::string>& files) {
  auto dir = std::filesystem::temp_directory_path() / ("doudi_test_" + std::to_string(getpid()) + "_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const auto& [file, text] : files) std::ofstream(dir / file) << text;
  return dir.string();
}

// A minimal header so tests can focus on the part they exercise.
inline std::string with_header(const std::string& body) {
  return "policy test.policy\nversion 1\neffective 2020-01-01\n" + body;
}

// The diagnostics of a policy that must not check.
inline std::vector<Diagnostic> policy_errors(const std::string& text) {
  try {
    load_policy_text("t.doudi", text);
  } catch (const PolicyError& e) {
    return e.diagnostics;
  }
  FAIL("the policy checked, but errors were expected");
  return {};
}

// The first diagnostic, which must contain `fragment`; checks its position.
inline Diagnostic expect_error(const std::string& text, const std::string& fragment, int line,
                               int column) {
  auto errors = policy_errors(text);
  REQUIRE(!errors.empty());
  INFO("message: " << errors[0].message);
  CHECK(errors[0].message.find(fragment) != std::string::npos);
  CHECK(errors[0].position.line == line);
  CHECK(errors[0].position.column == column);
  return errors[0];
}

// A household built from input name -> text, read exactly as files are.
inline Household household(const model::Model& m, const std::map<std::string, std::string>& fields,
                           const std::vector<std::map<std::string, std::string>>& members = {}) {
  Household h;
  h.id = "test";
  h.inputs.assign(m.inputs.size(), std::nullopt);
  auto fill = [&](const std::map<std::string, std::string>& f, model::Scope scope,
                  std::vector<std::optional<Exact>>& slots) {
    for (const auto& field : f) {  // not a structured binding: clang 14 cannot capture one
      const std::string& name = field.first;
      const std::string& text = field.second;
      int index = m.find_input(name, scope);
      REQUIRE_MESSAGE(index >= 0, "no input " << name);
      std::string why;
      auto v = parse_value(m, m.inputs[static_cast<size_t>(index)].type, text, why);
      REQUIRE_MESSAGE(v.has_value(), why);
      slots[static_cast<size_t>(index)] = *v;
    }
  };
  fill(fields, model::Scope::household, h.inputs);
  for (const auto& member : members) {
    std::vector<std::optional<Exact>> slots(m.inputs.size());
    fill(member, model::Scope::member, slots);
    h.members.push_back(std::move(slots));
  }
  return h;
}

// Output `name` of `m` for household `h`, as printed.
inline std::string output(const model::Model& m, const Household& h, const std::string& name) {
  Evaluator ev(m);
  const auto& values = ev.evaluate(h);
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    if (m.outputs[i].name == name) {
      return format_value(m, m.outputs[i].type, values[i], m.outputs[i].scale);
    }
  }
  FAIL("no output " << name);
  return "";
}

}  // namespace doudi::test
