// doudi: the command-line program. Subcommands live one per file (run_command.cpp, …).
#include <iostream>

#include "cli/authoring_commands.h"
#include "cli/commands.h"
#include "cli/standard_output.h"

int main(int argc, char** argv) {
  doudi::cli::check_standard_output();
  CLI::App app{"doudi (兜底): social-assistance standards as policy files, evaluated exactly"};
  // `doudi --version`: the library's version (doudi::version() of the API).
  app.set_version_flag("--version", std::string("doudi ") + DOUDI_VERSION);
  app.require_subcommand(1);
  int result = 0;
  doudi::cli::add_run_command(app, result);
  doudi::cli::add_check_command(app, result);
  doudi::cli::add_explain_command(app, result);
  doudi::cli::add_index_report_command(app, result);
  doudi::cli::add_history_commands(app, result);
  doudi::cli::add_test_command(app, result);
  doudi::cli::add_whatif_command(app, result);
  doudi::cli::add_arrears_command(app, result);
  doudi::cli::add_fmt_command(app, result);
  doudi::cli::add_lsp_command(app, result);
  doudi::cli::add_doc_command(app, result);
  doudi::cli::add_serve_command(app, result);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);  // prints the message
    return 2;
  } catch (const std::exception& e) {
    // Every bad input has its own error; reaching here is a bug in doudi.
    // Say so plainly rather than crash.
    std::cerr << "doudi: internal error: " << e.what()
              << " (a bug: please report it with the input that caused it)\n";
    return 2;
  }
  // A command's results on stdout count as output: a failed write is exit 2.
  if (std::string why = doudi::cli::standard_output_problem(); !why.empty()) {
    std::cerr << "doudi: " << why << "\n";
    return 2;
  }
  return result;
}
