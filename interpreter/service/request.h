// A decision-service request body (`doudi serve`'s POST endpoints): JSON
// text -> the request's fields, or an error with a stable code and, for text
// that is not JSON, its line and column.
//
// Design note. The body is checked by nlohmann's SAX parser, which builds
// nothing: no number becomes a double (a number's text is what is kept), the
// nesting depth is bounded before any recursive reader sees the text, and
// ill-formed UTF-8 is refused with its place. The households themselves are
// not taken from here: they are read from the same text by the project's one
// JSON/YAML household reader (interpreter/formats/household_file.h read_household_text),
// exactly as the same households in a JSON file are.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace doudi::service {

// An error answer: HTTP status, stable code, message, and where in the body.
struct ServiceError {
  int status = 400;
  std::string code;  // "malformed_json", "invalid_utf8", "too_deep", "invalid_request", …
  std::string message;
  long line = 0, column = 0;  // 1-based, in characters; 0 when not about a place
};

struct Request {
  std::optional<std::string> policy, date, version, output, reform, against;
  // `set`: {"dibao_standard[一类地区, urban]": "660", …} or ["NAME=VALUE", …],
  // kept as "NAME=VALUE" texts (as `doudi whatif --set` takes them), in order.
  std::vector<std::string> settings;
  bool has_settings = false;
  bool has_households = false;  // a `households` list was given
  long households = 0;          // how many entries it has
  std::optional<std::string> households_csv;  // what-if: the text of a households CSV file
  bool detail = false;                        // what-if: return the detail CSV
  bool report = false;                        // what-if: return the HTML report
};

inline constexpr int kMaxDepth = 32;  // nesting of objects and arrays in a body

// Parses `body`. Top-level keys other than the ones above are refused
// (invalid_request), as are values of the wrong JSON type.
std::optional<Request> parse_request(std::string_view body, ServiceError& error);

// 1-based line and column (in characters) of byte `offset` of `text`.
std::pair<long, long> line_and_column(std::string_view text, size_t offset);

}  // namespace doudi::service
