// doudi/status.h — errors as values.
//
// Design note. Nothing in the public API throws: an operation that can fail
// returns a Status (or a Result<T>, a value or a Status). A Status carries a
// code, a one-paragraph message, and, for a policy that does not load, every
// diagnostic with its file:line:col — the same text `doudi check` prints.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <ostream>
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

// Where a household or evaluation error is, as data (errors as values, not
// only text): the household's id, its row (1-based place in the list or
// file given; 0 when not known), the field (a household input, or for an
// evaluation error the rule that failed; "" when not about one), and the
// reason in plain words without the place ("'three' is not an integer").
struct ErrorPlace {
  std::string household;
  long row = 0;
  std::string field;
  std::string reason;
};

class [[nodiscard]] Status {
 public:
  Status() = default;  // ok
  Status(StatusCode code, std::string message, std::vector<Diagnostic> diagnostics = {})
      : code_(code), message_(std::move(message)), diagnostics_(std::move(diagnostics)) {}
  Status(StatusCode code, std::string message, ErrorPlace place)
      : code_(code), message_(std::move(message)), place_(std::move(place)) {}

  bool ok() const { return code_ == StatusCode::ok; }
  StatusCode code() const { return code_; }
  // For a policy_error: the rendered diagnostics, one after another.
  const std::string& message() const { return message_; }
  // Every diagnostic of a policy that does not load (empty otherwise).
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  // For a household_error or evaluation_error about one household: where.
  const ErrorPlace& place() const { return place_; }
  ErrorPlace& place() { return place_; }

 private:
  StatusCode code_ = StatusCode::ok;
  std::string message_;
  std::vector<Diagnostic> diagnostics_;
  ErrorPlace place_;
};

// "ok", "policy_error", "household_error", …
const char* status_code_name(StatusCode code);
std::ostream& operator<<(std::ostream& out, const Status& s);  // "household_error: message"

// A value, or the Status saying why there is none.
//
// Contract: value(), operator* and operator-> on an error Result are a
// programming error: they print "doudi: Result::value() on an error: <the
// status>" to stderr and abort (never std::bad_variant_access). Check ok()
// first, or use value_or() / if (auto* v = r.get()).
template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}
  Result(Status status) : v_(std::move(status)) {}

  bool ok() const { return v_.index() == 0; }
  const T& value() const& { return *checked(); }
  T& value() & { return *const_cast<T*>(checked()); }
  // From a temporary Result, the value itself (not a reference into the
  // temporary), so `for (auto& x : *policy.outputs(date))` is safe.
  T value() && { return std::move(*const_cast<T*>(checked())); }
  const T* operator->() const { return checked(); }
  T* operator->() { return const_cast<T*>(checked()); }
  const T& operator*() const& { return *checked(); }
  T operator*() && { return std::move(*const_cast<T*>(checked())); }
  // The value, or null on an error (never aborts).
  const T* get() const { return std::get_if<0>(&v_); }
  // The value, or `fallback` on an error.
  T value_or(T fallback) const& { return ok() ? std::get<0>(v_) : std::move(fallback); }
  // Ok when there is a value.
  const Status& status() const {
    static const Status none;
    return ok() ? none : std::get<1>(v_);
  }

 private:
  const T* checked() const {
    if (const T* v = std::get_if<0>(&v_)) return v;
    const Status& s = std::get<1>(v_);
    std::fprintf(stderr, "doudi: Result::value() on an error: %s: %s\n", status_code_name(s.code()),
                 s.message().c_str());
    std::abort();
  }
  std::variant<T, Status> v_;
};

}  // namespace doudi::api
