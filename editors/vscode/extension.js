// The VS Code client: starts `doudi lsp` (the program named by the setting
// doudi.path) for .doudi files and hands it the editor's documents.
const vscode = require("vscode");
const { LanguageClient, TransportKind } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const command = vscode.workspace.getConfiguration("doudi").get("path") || "doudi";
  const server = { command, args: ["lsp"], transport: TransportKind.stdio };
  client = new LanguageClient(
    "doudi",
    "doudi language server",
    { run: server, debug: server },
    { documentSelector: [{ scheme: "file", language: "doudi" }] }
  );
  context.subscriptions.push({ dispose: () => client && client.stop() });
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
