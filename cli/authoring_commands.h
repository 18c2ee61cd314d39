// The authoring tools' subcommands: `doudi fmt`, `doudi lsp`, `doudi doc`.
// As in commands.h, each registers its options and sets `result` when run.
#pragma once

#include <CLI/CLI.hpp>

namespace doudi::cli {

// Registers `doudi fmt` (cli/fmt_command.cpp).
void add_fmt_command(CLI::App& app, int& result);

// Registers `doudi lsp` (cli/lsp_command.cpp, cli/lsp/).
void add_lsp_command(CLI::App& app, int& result);

// Registers `doudi doc` (cli/doc_command.cpp).
void add_doc_command(CLI::App& app, int& result);

}  // namespace doudi::cli
