// LSP framing: headers up to a blank line (only Content-Length is used).
#include "cli/lsp/json_rpc.h"

#include <cctype>
#include <istream>
#include <ostream>
#include <string>

namespace doudi::lsp {

std::optional<json> read_message(std::istream& in) {
  constexpr size_t kMaxMessage = 64 * 1024 * 1024;  // policy files are at most 4 MiB
  size_t length = 0;
  bool have_length = false;
  std::string line;
  while (true) {
    if (!std::getline(in, line)) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (have_length) break;
      continue;  // stray blank line between messages
    }
    constexpr std::string_view kHeader = "content-length:";
    if (line.size() > kHeader.size()) {
      std::string name = line.substr(0, kHeader.size());
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      if (name == kHeader) {
        try {
          length = std::stoul(line.substr(kHeader.size()));
          have_length = true;
        } catch (const std::exception&) {
          have_length = false;
        }
      }
    }
  }
  if (length > kMaxMessage) return json("<parse error: message too large>");
  std::string body(length, '\0');
  if (!in.read(body.data(), static_cast<std::streamsize>(length))) return std::nullopt;
  json message = json::parse(body, nullptr, false);
  if (message.is_discarded()) return json("<parse error: the message is not JSON>");
  return message;
}

void write_message(std::ostream& out, const json& message) {
  std::string body = message.dump(-1, ' ', false, json::error_handler_t::replace);
  out << "Content-Length: " << body.size() << "\r\n\r\n" << body;
  out.flush();
}

}  // namespace doudi::lsp
