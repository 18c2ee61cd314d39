// Request bodies: nlohmann's SAX events -> Request (see request.h).
#include "interpreter/service/request.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "base/source.h"

namespace doudi::service {
namespace {

using json = nlohmann::json;

// The fields of a body and the JSON value each takes.
enum class Field { text, boolean, households, settings, unknown };

Field field_of(const std::string& key) {
  for (const char* k : {"policy", "date", "version", "output", "reform", "against", "households_csv"})
    if (key == k) return Field::text;
  if (key == "households") return Field::households;
  if (key == "set") return Field::settings;
  if (key == "detail" || key == "report") return Field::boolean;
  return Field::unknown;
}

class RequestReader : public nlohmann::json_sax<json> {
 public:
  RequestReader(std::string_view body, Request& out, ServiceError& error) : body_(body), out_(out), error_(error) {}

  bool null() override { return scalar("null", ""); }
  bool boolean(bool v) override { return scalar("a boolean", v ? "true" : "false", v); }
  bool number_integer(number_integer_t v) override { return scalar("a number", std::to_string(v)); }
  bool number_unsigned(number_unsigned_t v) override { return scalar("a number", std::to_string(v)); }
  // The number's own text, never the double.
  bool number_float(number_float_t, const string_t& text) override { return scalar("a number", text); }
  bool string(string_t& v) override { return scalar("a string", v); }
  bool binary(binary_t&) override { return refuse("binary values are not JSON"); }

  bool start_object(std::size_t) override { return open(true); }
  bool start_array(std::size_t) override { return open(false); }
  bool end_object() override { return close(); }
  bool end_array() override { return close(); }

  bool key(string_t& k) override {
    if (depth_ == 1) {
      key_ = k;
      field_ = field_of(k);
      if (field_ == Field::unknown)
        return refuse(fmt::format("unknown field '{}' (fields: policy, date, version, households, output, set, "
                                  "reform, against, households_csv, detail, report)", k));
      for (const auto& seen : seen_)
        if (seen == k) return refuse(fmt::format("field '{}' is given twice", k));
      seen_.push_back(k);
    } else if (depth_ == 2 && field_ == Field::settings) {
      setting_name_ = k;
    }
    return true;
  }

  bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
    std::string what = e.what();
    // "[json.exception.parse_error.101] parse error at line 1, column 5: syntax error …" -> "syntax error …"
    if (auto colon = what.find(": "); colon != std::string::npos) what = what.substr(colon + 2);
    auto [line, column] = line_and_column(body_, position > 0 ? position - 1 : 0);
    error_ = {400, "malformed_json", fmt::format("not valid JSON at line {}, column {}: {}", line, column, what),
              line, column};
    return false;
  }

  bool refused() const { return refused_; }

 private:
  bool refuse(std::string message) {
    if (!refused_) error_ = {400, "invalid_request", std::move(message)};
    refused_ = true;
    return false;
  }

  bool open(bool object) {
    ++depth_;
    if (depth_ > kMaxDepth) {
      error_ = {400, "too_deep", fmt::format("the body nests objects and lists more than {} deep", kMaxDepth)};
      refused_ = true;
      return false;
    }
    if (depth_ == 1) return object || refuse("the body must be a JSON object");
    if (depth_ == 2) {
      if (field_ == Field::households) {
        if (object) return refuse("'households' must be a list of households");
        out_.has_households = true;
        return true;
      }
      if (field_ == Field::settings) {
        out_.has_settings = true;
        settings_object_ = object;
        return true;
      }
      return refuse(fmt::format("'{}' must be {}", key_, field_ == Field::boolean ? "true or false" : "a string"));
    }
    if (depth_ == 3 && field_ == Field::households) ++out_.households;
    if (depth_ == 3 && field_ == Field::settings)
      return refuse("each of 'set' must be a number or a string (\"NAME=VALUE\" in a list)");
    return true;
  }

  bool close() {
    --depth_;
    return true;
  }

  // A value that is not an object or array, at any depth.
  bool scalar(const char* kind, const std::string& text, bool flag = false) {
    if (depth_ == 0) return refuse("the body must be a JSON object");
    if (depth_ == 2 && field_ == Field::households) {
      ++out_.households;  // a household that is not a map: the reader reports it in its place
      return true;
    }
    if (depth_ == 2 && field_ == Field::settings) {
      if (settings_object_) {
        out_.settings.push_back(setting_name_ + "=" + text);
      } else if (std::string(kind) == "a string") {
        out_.settings.push_back(text);
      } else {
        return refuse("a list under 'set' holds \"NAME=VALUE\" strings");
      }
      return true;
    }
    if (depth_ != 1) return true;
    switch (field_) {
      case Field::text:
        if (std::string(kind) != "a string") return refuse(fmt::format("'{}' must be a string, not {}", key_, kind));
        assign_text(text);
        return true;
      case Field::boolean:
        if (std::string(kind) != "a boolean") return refuse(fmt::format("'{}' must be true or false", key_));
        (key_ == "detail" ? out_.detail : out_.report) = flag;
        return true;
      case Field::households: return refuse("'households' must be a list of households");
      case Field::settings: return refuse("'set' must be an object of NAME: VALUE or a list of \"NAME=VALUE\"");
      case Field::unknown: return true;
    }
    return true;
  }

  void assign_text(const std::string& text) {
    std::optional<std::string>* slots[] = {&out_.policy, &out_.date, &out_.version, &out_.output,
                                           &out_.reform, &out_.against, &out_.households_csv};
    const char* names[] = {"policy", "date", "version", "output", "reform", "against", "households_csv"};
    for (size_t i = 0; i < std::size(names); ++i)
      if (key_ == names[i]) *slots[i] = text;
  }

  std::string_view body_;
  Request& out_;
  ServiceError& error_;
  int depth_ = 0;
  std::string key_;
  Field field_ = Field::unknown;
  std::vector<std::string> seen_;
  std::string setting_name_;
  bool settings_object_ = false;
  bool refused_ = false;
};

}  // namespace

std::pair<long, long> line_and_column(std::string_view text, size_t offset) {
  long line = 1, column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    auto c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte: a new character
      ++column;
    }
  }
  return {line, column};
}

std::optional<Request> parse_request(std::string_view body, ServiceError& error) {
  if (size_t bad = find_invalid_utf8(body); bad != std::string_view::npos) {
    auto [line, column] = line_and_column(body, bad);
    error = {400, "invalid_utf8",
             fmt::format("the body is not valid UTF-8: a bad byte at line {}, column {}", line, column), line, column};
    return std::nullopt;
  }
  Request out;
  RequestReader reader(body, out, error);
  bool ok = json::sax_parse(body.begin(), body.end(), &reader);
  if (!ok) return std::nullopt;
  return out;
}

}  // namespace doudi::service
