// The Python extension doudi._doudi (the package is python/doudi/): the C++
// API (doudi/policy.h) for Python.
//
// Design note. Amounts cross into Python as decimal.Decimal built from the
// exact decimal text, never through a float; a float given as a household
// value is refused (its binary value is not the figure meant), while str,
// int, bool, Decimal and dates are taken as text, exactly as household files
// are read. Errors are data: exceptions (doudi.PolicyError with
// .diagnostics, doudi.HouseholdError, doudi.EvaluationError; ValueError for
// a bad date or name) carry .household, .row, .field and .reason, and a
// failed row of evaluate_many(on_error="error") is a doudi.Failure with the
// same. Results are doudi.Outputs (a dict with .household, .version and
// .fingerprint). Evaluation releases the GIL, so Python threads can evaluate
// with one Policy at once. A Policy pickles as the recipe that made it (its
// path or text, then version / settings / reform), so Dask can ship it.
// evaluate_frame's fast path (frame.cpp) is in this module too.
#include "python/module.h"

#include <pybind11/stl.h>

namespace doudi::python {

py::object decimal_class() {
  // Kept for the process's life, never destroyed: a py::object destroyed after
  // the interpreter is finalized would touch Python without its thread state.
  static py::object* cls = new py::object(py::module_::import("decimal").attr("Decimal"));
  return *cls;
}

py::object types_attr(const char* name) { return py::module_::import("doudi._types").attr(name); }

namespace {

py::handle policy_error, household_error, evaluation_error;

void set_place(py::object& e, const Status& s) {
  const ErrorPlace& p = s.place();
  e.attr("household") = p.household;
  e.attr("row") = p.row;
  e.attr("field") = p.field;
  e.attr("reason") = p.reason.empty() ? s.message() : p.reason;
}

}  // namespace

[[noreturn]] void raise(const Status& s) {
  py::handle type;
  switch (s.code()) {
    case StatusCode::policy_error: type = policy_error; break;
    case StatusCode::household_error: type = household_error; break;
    case StatusCode::evaluation_error: type = evaluation_error; break;
    case StatusCode::io_error: type = PyExc_OSError; break;
    default: type = PyExc_ValueError; break;
  }
  py::object e = type(s.message());
  if (s.code() == StatusCode::policy_error) {
    py::list diagnostics;
    for (const auto& d : s.diagnostics()) {
      py::dict item;
      item["file"] = d.file;
      item["line"] = d.line;
      item["column"] = d.column;
      item["message"] = d.message;
      diagnostics.append(item);
    }
    e.attr("diagnostics") = diagnostics;
  } else if (s.code() == StatusCode::household_error || s.code() == StatusCode::evaluation_error) {
    set_place(e, s);
  }
  PyErr_SetObject(type.ptr(), e.ptr());
  throw py::error_already_set();
}

py::object failure_of(const Status& s) {
  const ErrorPlace& p = s.place();
  return types_attr("Failure")(status_code_name(s.code()), p.household, p.row, p.field,
                               p.reason.empty() ? s.message() : p.reason, s.message());
}

// A Python value as household field text: str as is, bool as true/false,
// int and Decimal in plain decimal notation, a date as YYYY-MM-DD; float
// refused.
std::string field_text(const std::string& name, py::handle v) {
  if (py::isinstance<py::str>(v)) return v.cast<std::string>();
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>() ? "true" : "false";
  if (py::isinstance<py::int_>(v)) return py::str(v).cast<std::string>();
  static py::object& format = *new py::object(py::module_::import("builtins").attr("format"));  // never destroyed
  if (py::isinstance(v, decimal_class())) return py::str(format(v, "f")).cast<std::string>();
  static py::object& date = *new py::object(py::module_::import("datetime").attr("date"));          // never destroyed
  static py::object& datetime = *new py::object(py::module_::import("datetime").attr("datetime"));  // never destroyed
  if (py::isinstance(v, datetime)) {
    if (py::str(v.attr("time")().attr("isoformat")()).cast<std::string>() != "00:00:00")
      throw py::type_error("field '" + name + "': a date with a time of day; give the date alone");
    return py::str(v.attr("date")().attr("isoformat")()).cast<std::string>();
  }
  if (py::isinstance(v, date)) return py::str(v.attr("isoformat")()).cast<std::string>();
  if (py::isinstance<py::float_>(v))
    throw py::type_error("field '" + name + "': a float is not an exact amount; pass a str or decimal.Decimal");
  // numpy scalars (numpy.int64, numpy.bool_): by their Python value.
  if (py::hasattr(v, "item") && py::hasattr(v, "dtype")) return field_text(name, v.attr("item")());
  throw py::type_error("field '" + name + "': expected str, int, bool, decimal.Decimal or a date, not " +
                       py::str(py::type::of(v).attr("__name__")).cast<std::string>());
}

namespace {

std::map<std::string, std::string> fields_of(const py::dict& d, bool household) {
  std::map<std::string, std::string> fields;
  for (auto [k, v] : d) {
    std::string name = py::str(k).cast<std::string>();
    if (name == "id" || (household && name == "people")) continue;
    if (v.is_none()) continue;  // not given: the default applies
    fields[name] = field_text(name, v);
  }
  return fields;
}

}  // namespace

Household household_of(py::handle obj) {
  if (!py::isinstance<py::dict>(obj)) throw py::type_error("a household is a dict of field values");
  py::dict d = py::reinterpret_borrow<py::dict>(obj);
  Household h;
  if (d.contains("id")) h.id = py::str(d["id"]).cast<std::string>();
  h.fields = fields_of(d, true);
  if (d.contains("people")) {
    for (auto person : d["people"]) {
      if (!py::isinstance<py::dict>(person)) throw py::type_error("'people' is a list of dicts");
      h.people.push_back(fields_of(py::reinterpret_borrow<py::dict>(person), false));
    }
  }
  return h;
}

py::object value_of(const OutputValue& o) {
  if (!o.not_applicable.empty()) return py::none();  // n/a: a figure not published
  if (o.number) return decimal_class()(o.text);
  return py::str(o.text);
}

// Outputs by name: Decimal for amounts, str for the rest (grades, names),
// None for an output that is n/a.
// A per-member output is a dict {member index in people (0-based): value}.
py::object outputs_of(const Evaluation& e) {
  py::dict out;
  for (const auto& o : e.outputs) out[py::str(o.name)] = value_of(o);
  for (const auto& mo : e.member_outputs) {
    py::dict per;
    for (size_t k = 0; k < mo.members.size(); ++k) per[py::int_(mo.members[k])] = value_of(mo.values[k]);
    out[py::str(mo.name)] = per;
  }
  return types_attr("Outputs")(out, e.household, e.version, e.fingerprint);
}

}  // namespace doudi::python

namespace doudi::python {

void bind_exceptions(py::module_& m) {
  static py::exception<void> policy_exc(m, "PolicyError", PyExc_ValueError);
  static py::exception<void> household_exc(m, "HouseholdError", PyExc_ValueError);
  static py::exception<void> evaluation_exc(m, "EvaluationError", PyExc_ValueError);
  policy_error = policy_exc;
  household_error = household_exc;
  evaluation_error = evaluation_exc;
}

}  // namespace doudi::python

PYBIND11_MODULE(_doudi, m) {
  namespace py = pybind11;
  m.doc() = "doudi: social-assistance benefit standards, evaluated in exact decimal (the compiled part)";
  m.attr("__version__") = doudi::api::version();
  doudi::python::bind_exceptions(m);
  doudi::python::bind_policy(m);
  doudi::python::bind_frame(m);
  m.def("read_households", [](const std::string& path) {
        py::list list;
        for (const auto& h : doudi::python::check(doudi::api::read_households_file(path))) {
          py::dict d;
          if (!h.id.empty()) d["id"] = h.id;
          for (const auto& [k, v] : h.fields) d[py::str(k)] = v;
          if (!h.people.empty()) d["people"] = h.people;
          list.append(d);
        }
        return list;
      }, py::arg("path"), "Households of a household file (CSV when its name ends in .csv, else YAML or JSON, the `households:` list too), read as doudi run reads them, as dicts of field text.");
}
