// The language server's answers: hover, definition, references, document
// symbols, completion and formatting, each a function of the workspace, a
// document and (where it applies) a position in it, returning the LSP result.
#pragma once

#include "cli/lsp/workspace.h"

namespace doudi::lsp {

json hover(Workspace& w, const std::string& path, int line, int character);
json definition(Workspace& w, const std::string& path, int line, int character);
json references(Workspace& w, const std::string& path, int line, int character);
json document_symbols(Workspace& w, const std::string& path);
json completion(Workspace& w, const std::string& path);
json formatting(Workspace& w, const std::string& path);

// The publishDiagnostics params for every file of the directory holding
// `path` (an empty list for a file without errors).
std::vector<json> diagnostics(Workspace& w, const std::string& path);

}  // namespace doudi::lsp
