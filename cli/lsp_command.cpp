// `doudi lsp`: a Language Server Protocol server on stdin/stdout for editors
// (editors/vscode/ starts it). Documents are synchronised whole; on open and
// change the document's directory is loaded again (every version, the open
// buffers standing in for the files) and diagnostics are published for each
// of its files. Answers: hover, definition, references, document symbols,
// completion and formatting (cli/lsp/features.h).
#include <iostream>

#include "cli/authoring_commands.h"
#include "cli/lsp/features.h"
#include "cli/lsp/json_rpc.h"

namespace doudi::cli {
namespace {

using lsp::json;

json capabilities() {
  return {{"textDocumentSync", {{"openClose", true}, {"change", 1}}},
          {"hoverProvider", true},
          {"definitionProvider", true},
          {"referencesProvider", true},
          {"documentSymbolProvider", true},
          {"completionProvider", {{"triggerCharacters", json::array({"[", "."})}}},
          {"documentFormattingProvider", true}};
}

class Server {
 public:
  // Returns the exit code once `exit` arrives (0 after `shutdown`) or input ends.
  int run(std::istream& in, std::ostream& out) {
    while (auto message = lsp::read_message(in)) {
      if (message->is_string()) {
        reply(out, nullptr, nullptr, {{"code", -32700}, {"message", message->get<std::string>()}});
        continue;
      }
      if (!message->is_object()) continue;
      std::string method = message->value("method", "");
      if (method == "exit") return shut_down_ ? 0 : 1;
      json id = message->contains("id") ? (*message)["id"] : json();
      json params = message->value("params", json::object());
      try {
        handle(out, method, id, params);
      } catch (const std::exception& e) {
        if (!id.is_null()) reply(out, id, nullptr, {{"code", -32603}, {"message", e.what()}});
      }
    }
    return shut_down_ ? 0 : 1;
  }

 private:
  static void reply(std::ostream& out, const json& id, const json& result, const json& error = nullptr) {
    json m = {{"jsonrpc", "2.0"}, {"id", id}};
    if (error.is_null()) m["result"] = result; else m["error"] = error;
    lsp::write_message(out, m);
  }

  void publish(std::ostream& out, const std::string& path) {
    for (const auto& params : lsp::diagnostics(workspace_, path))
      lsp::write_message(out, {{"jsonrpc", "2.0"}, {"method", "textDocument/publishDiagnostics"}, {"params", params}});
  }

  void handle(std::ostream& out, const std::string& method, const json& id, const json& params) {
    std::string path;
    if (params.contains("textDocument")) path = lsp::uri_to_path(params["textDocument"].value("uri", ""));
    int line = 0, character = 0;
    if (params.contains("position")) {
      line = params["position"].value("line", 0);
      character = params["position"].value("character", 0);
    }
    if (method == "initialize") {
      reply(out, id, {{"capabilities", capabilities()}, {"serverInfo", {{"name", "doudi"}}}});
    } else if (method == "shutdown") {
      shut_down_ = true;
      reply(out, id, nullptr);
    } else if (method == "textDocument/didOpen") {
      workspace_.set_text(path, params["textDocument"].value("text", ""));
      publish(out, path);
    } else if (method == "textDocument/didChange") {
      const auto& changes = params.value("contentChanges", json::array());
      if (!changes.empty()) workspace_.set_text(path, changes.back().value("text", ""));
      publish(out, path);
    } else if (method == "textDocument/didSave") {
      if (params.contains("text")) workspace_.set_text(path, params["text"].get<std::string>());
      publish(out, path);
    } else if (method == "textDocument/didClose") {
      workspace_.close(path);
    } else if (method == "textDocument/hover") {
      reply(out, id, lsp::hover(workspace_, path, line, character));
    } else if (method == "textDocument/definition") {
      reply(out, id, lsp::definition(workspace_, path, line, character));
    } else if (method == "textDocument/references") {
      reply(out, id, lsp::references(workspace_, path, line, character));
    } else if (method == "textDocument/documentSymbol") {
      reply(out, id, lsp::document_symbols(workspace_, path));
    } else if (method == "textDocument/completion") {
      reply(out, id, lsp::completion(workspace_, path));
    } else if (method == "textDocument/formatting") {
      reply(out, id, lsp::formatting(workspace_, path));
    } else if (!id.is_null()) {
      reply(out, id, nullptr, {{"code", -32601}, {"message", "method not supported: " + method}});
    }
  }

  lsp::Workspace workspace_;
  bool shut_down_ = false;
};

}  // namespace

void add_lsp_command(CLI::App& app, int& result) {
  auto* cmd = app.add_subcommand("lsp", "Language server for editors (LSP over stdin/stdout)");
  cmd->callback([&result] {
    std::ios::sync_with_stdio(false);
    Server server;
    result = server.run(std::cin, std::cout);
  });
}

}  // namespace doudi::cli
