// Loading a policy while an editor holds unsaved buffers of its files (the
// language server, cli/lsp/): the buffers' texts stand in for the files.
#pragma once

#include <map>
#include <string>

#include "dsl/loader.h"

namespace doudi {

// As load_policy(path), but a file whose path (as the directory listing
// gives it) is in `texts` is read from there instead of from disk.
PolicySet load_policy_with_buffers(const std::string& path, const std::map<std::string, std::string>& texts);

}  // namespace doudi
