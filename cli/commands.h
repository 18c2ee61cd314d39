// The doudi program's subcommands. Each registers its options on the CLI11
// app and returns the exit code when run: 0 success, 1 a check or test found
// failures, 2 bad usage, a policy that does not check, or bad household data.
#pragma once

#include <functional>

#include <CLI/CLI.hpp>

namespace doudi::cli {

// Registers `doudi run`; `result` receives the exit code when it runs.
void add_run_command(CLI::App& app, int& result);

// Today's date as a day number (UTC), for commands whose --date is omitted.
int today();

}  // namespace doudi::cli
