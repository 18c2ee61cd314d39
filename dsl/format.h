// Formatter: a policy file in doudi's one canonical layout (`doudi fmt`).
//
// Only the space between tokens changes: which tokens a line holds stays as
// written (line breaks matter in tables and declaration heads), except that a
// declaration sharing a line with the one before starts its own line. The
// layout:
//   - a declaration starts at column 0; its continuation lines are indented 2
//     (2 more per open bracket); an index's factors, a bands' rows, a
//     classified's groups and a household or member block's inputs are
//     indented 2, their own continuation lines 4;
//   - one space around operators and after commas, none inside brackets or
//     before '(' of a function call or '[' of a table lookup;
//   - table rows indented 2 with their columns aligned (display widths: a
//     汉字 counts two), names to the left, numbers to the right; inputs'
//     names, types and labels aligned, and an index's weights and caps;
//     alignment runs until a blank or comment line;
//   - at most one blank line in a row; a table, block, index, bands or
//     classified declaration, and the end of the header lines, are set apart
//     by one; a `source` line stays under what it cites;
//   - comments stay where they are (at the indentation of their line), and
//     the file ends with one line break.
// The result is checked before it is returned: it parses, and it holds the
// same tokens in the same order.
#pragma once

#include <memory>
#include <string>

#include "base/source.h"

namespace doudi {

// `file` in the canonical layout. Throws PolicyError when it does not parse
// (nothing is formatted then), and std::logic_error if the result would not
// hold the same tokens (a bug in the formatter: nothing is written then).
std::string format_policy(std::shared_ptr<const SourceFile> file);

}  // namespace doudi
