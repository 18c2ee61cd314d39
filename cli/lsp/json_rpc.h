// JSON-RPC over a byte stream as the Language Server Protocol frames it:
// "Content-Length: N\r\n\r\n" then N bytes of JSON (nlohmann::json).
#pragma once

#include <iosfwd>
#include <optional>

#include <nlohmann/json.hpp>

namespace doudi::lsp {

using json = nlohmann::json;

// The next message, or nullopt at the end of the stream. A message whose
// body is not JSON comes back as a json string "<parse error: …>", so the
// server can answer with a ParseError instead of stopping.
std::optional<json> read_message(std::istream& in);

void write_message(std::ostream& out, const json& message);

}  // namespace doudi::lsp
