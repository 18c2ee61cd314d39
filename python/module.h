// Shared by the Python extension's files (python/module.cpp, policy.cpp,
// frame.cpp): conversions between Python values and the C++ API's.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <pybind11/pybind11.h>

#include "doudi/policy.h"

namespace doudi::python {

namespace py = pybind11;
using namespace doudi::api;

// A Policy with the recipe that made it, so it can be pickled: ("path", P)
// or ("text", NAME, TEXT), then ("version", V), ("settings", DATE, S…),
// ("reform", DATE, TEXT, NAME).
struct PyPolicy {
  Policy policy;
  std::vector<std::vector<std::string>> recipe;
};

py::object decimal_class();
// An attribute of the package's pure-Python part (doudi/_types.py): Outputs, Failure.
py::object types_attr(const char* name);

// Raises the Python exception for `s` (with its diagnostics or place).
[[noreturn]] void raise(const Status& s);
template <class T>
T check(Result<T> r) {
  if (!r.ok()) raise(r.status());
  return std::move(r).value();
}
// A doudi.Failure for a failed row.
py::object failure_of(const Status& s);

std::string field_text(const std::string& name, py::handle v);
Household household_of(py::handle obj);
py::object value_of(const OutputValue& o);
py::object outputs_of(const Evaluation& e);

// Rebuilds a policy from its recipe (unpickling).
PyPolicy rebuild(const std::vector<std::vector<std::string>>& recipe);

void bind_policy(py::module_& m);
void bind_frame(py::module_& m);
void bind_exceptions(py::module_& m);

}  // namespace doudi::python
