// The language server's view of the policies being edited: the open
// documents' texts (which stand in for the files on disk) and, per
// directory, the versions loaded from them, so amendments resolve across
// files. A directory is loaded again when one of its documents changes.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "dsl/loader.h"

namespace doudi::lsp {

using json = nlohmann::json;

// file:///a/b%20c.doudi <-> /a/b c.doudi
std::string uri_to_path(const std::string& uri);
std::string path_to_uri(const std::string& path);

// LSP positions are 0-based lines and UTF-16 offsets in the line.
int utf16_column(std::string_view line, int character_column);  // from 1-based characters
size_t byte_offset(std::string_view line, int utf16);              // to a byte in the line
json lsp_range(const Position& p);

struct Analysis {
  std::vector<std::string> files;           // the directory's *.doudi files, sorted
  std::vector<Diagnostic> diagnostics;      // of the latest load; empty when it checks
  std::optional<PolicySet> set;             // the latest load that checked (kept while errors are fixed)
  bool dirty = true;
};

class Workspace {
 public:
  void set_text(const std::string& path, std::string text);
  void close(const std::string& path);
  // The open document's text, else the file's on disk ("" when unreadable).
  std::string text(const std::string& path) const;
  // The analysis of the directory holding `path`, loaded again if stale.
  const Analysis& analysis(const std::string& path);
  // The checked version written in `path`, when its directory has checked.
  const model::Model* version_of(const std::string& path);
  // The merged syntax of that version (definitions carry their file's positions).
  const syntax::PolicyFile* syntax_of(const std::string& path);
  // The version in force before it, or null.
  const model::Model* previous_of(const std::string& path);

 private:
  std::map<std::string, std::string> open_;
  std::map<std::string, Analysis> by_directory_;
};

}  // namespace doudi::lsp
