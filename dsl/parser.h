// Parser: policy text -> syntax tree (syntax.h). The first pass of the pipeline.
#pragma once

#include <memory>
#include <string>

#include "base/source.h"
#include "dsl/syntax.h"

namespace doudi {

// Policy files larger than this are refused before parsing.
inline constexpr size_t kMaxPolicyFileBytes = 4 * 1024 * 1024;

// Parses one policy file. Throws PolicyError (with file:line:col, the line and
// a caret) when the text is not valid UTF-8 or does not follow the grammar.
syntax::PolicyFile parse_policy(std::shared_ptr<const SourceFile> file);

// Reads `path` from disk into a SourceFile. Throws PolicyError when the file
// cannot be read, is empty, or exceeds kMaxPolicyFileBytes.
std::shared_ptr<const SourceFile> read_source_file(const std::string& path);

}  // namespace doudi
