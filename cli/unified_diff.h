// Unified diff of two texts by lines, as `diff -u` prints it, for `doudi fmt --diff`.
#pragma once

#include <string>

namespace doudi::cli {

// "--- a\n+++ b\n@@ -l,n +l,n @@\n …" with 3 lines of context; "" when equal.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& name_before,
                         const std::string& name_after);

}  // namespace doudi::cli
