// doudi/status.h — errors as values.
//
// Design note. Nothing in the public API throws: an operation that can fail
// returns a Status (or a Result<T>, a value or a Status). A Status carries a
// code, a one-paragraph message, and, for a policy that does not load, every
// diagnostic with its file:line:col — the same text `doudi check` prints.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace doudi::api {

enum class StatusCode {
  ok = 0,
  policy_error = 1,      // the policy does not parse or check (see diagnostics)
  household_error = 2,   // a household field is missing, unknown or unreadable
  evaluation_error = 3,  // the policy cannot be evaluated on the household (n/a cell, …)
  invalid_argument = 4,  // a bad date, an unknown version or output name, …
  io_error = 5,          // a file that cannot be read
};

// One problem in a policy file. `line` and `column` are 1-based (column in
// characters, not bytes); 0 when unknown.
struct Diagnostic {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string rendered;  // "file:line:col: error: …" with the source line and a caret
};

class Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message, std::vector<Diagnostic> diagnostics = {})
      : code_(code), message_(std::move(message)), diagnostics_(std::move(diagnostics)) {}

  bool ok() const { return code_ == StatusCode::ok; }
  StatusCode code() const { return code_; }
  // For a policy_error: the rendered diagnostics, one after another.
  const std::string& message() const { return message_; }
  // Every diagnostic of a policy that does not load (empty otherwise).
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }

 private:
  StatusCode code_ = StatusCode::ok;
  std::string message_;
  std::vector<Diagnostic> diagnostics_;
};

// A value, or the Status saying why there is none. value() on an error
// Result is a programming error (it aborts through std::get).
template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}

  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return std::get<0>(v_); }
  T& value() & { return std::get<0>(v_); }
  // From a temporary Result, the value itself (not a reference into the
  // temporary), so `for (auto& x : *policy.outputs(date))` is safe.
  T value() && { return std::get<0>(std::move(v_)); }
  const T* operator->() const { return &std::get<0>(v_); }
  const T& operator*() const& { return std::get<0>(v_); }
  T operator*() && { return std::get<0>(std::move(v_)); }
  // Ok when there is a value.
  const Status& status() const {
    static const Status none;
    return ok() ? none : std::get<1>(v_);
  }

 private:
  std::variant<T, Status> v_;
};

}  // namespace doudi::api
