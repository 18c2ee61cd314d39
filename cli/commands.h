// The doudi program's subcommands. Each registers its options on the CLI11
// app and returns the exit code when run: 0 success, 1 a check or test found
// failures, 2 bad usage, a policy that does not check, or bad household data.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace doudi::cli {

// Registers `doudi run`; `result` receives the exit code when it runs.
void add_run_command(CLI::App& app, int& result);

// Registers `doudi test` (cli/test_command.cpp).
void add_test_command(CLI::App& app, int& result);

// Registers `doudi check` (cli/check_command.cpp).
void add_check_command(CLI::App& app, int& result);

// Registers `doudi history` and `doudi diff` (cli/history_command.cpp).
void add_history_commands(CLI::App& app, int& result);

// Registers `doudi explain` (cli/explain_command.cpp).
void add_explain_command(CLI::App& app, int& result);

// Registers `doudi whatif` (cli/whatif_command.cpp).
void add_whatif_command(CLI::App& app, int& result);

// Registers `doudi arrears` (cli/arrears_command.cpp).
void add_arrears_command(CLI::App& app, int& result);

// Registers `doudi index-report` (cli/index_report_command.cpp).
void add_index_report_command(CLI::App& app, int& result);

// Registers `doudi serve` (cli/serve/serve_command.cpp).
void add_serve_command(CLI::App& app, int& result);

}  // namespace doudi::cli
