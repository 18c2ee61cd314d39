// Files built into the doudi program for `doudi serve`: the OpenAPI
// document and the web workbench (cli/serve/openapi.json, cli/serve/web/),
// embedded by cmake/embed_files.cmake so the service needs no files (and no
// network) beside the policies.
#pragma once

#include <string_view>

namespace doudi::cli::serve {

struct EmbeddedFile {
  std::string_view name;     // "openapi.json", "web/index.html", …
  std::string_view content;
};

// The file of that name, or null.
const EmbeddedFile* find_embedded(std::string_view name);

}  // namespace doudi::cli::serve
