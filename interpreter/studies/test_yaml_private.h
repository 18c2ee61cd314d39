// YAML node helpers shared by the readers of test files and of the
// published-standards file (test_suite.cpp, published_coverage.cpp); private
// to this folder.
#pragma once

#include <yaml-cpp/yaml.h>

namespace doudi::suite {

// 1-based line of a node; 0 when it has none (absent, or made in memory).
inline int line_of(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  int line = n.Mark().line;
  return line < 0 ? 0 : line + 1;
}

// Given, with a value (yaml-cpp's default-constructed node counts as defined).
inline bool present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

inline bool is_text(const YAML::Node& n) { return n.IsDefined() && n.IsScalar(); }

}  // namespace doudi::suite
