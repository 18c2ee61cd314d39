// The Python module `doudi` (pybind11 over doudi/policy.h), for analysts in
// notebooks and for systems written in Python.
//
// Design note. Amounts cross into Python as decimal.Decimal built from the
// exact decimal text, never through a float; a float given as a household
// value is refused (its binary value is not the figure meant), while str,
// int, bool and Decimal are taken as text, exactly as household files are
// read. Errors come back as Python exceptions carrying the message
// (doudi.PolicyError with .diagnostics, doudi.HouseholdError,
// doudi.EvaluationError; ValueError for a bad date or name): no C++
// exception escapes. Evaluation releases the GIL, so Python threads can
// evaluate with one Policy at once.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include "doudi/policy.h"

namespace py = pybind11;
using namespace doudi::api;

namespace {

py::object decimal_class() {
  static py::object cls = py::module_::import("decimal").attr("Decimal");
  return cls;
}

py::handle policy_error, household_error, evaluation_error;

[[noreturn]] void raise(const Status& s) {
  switch (s.code()) {
    case StatusCode::policy_error: {
      py::list diagnostics;
      for (const auto& d : s.diagnostics()) {
        py::dict item;
        item["file"] = d.file;
        item["line"] = d.line;
        item["column"] = d.column;
        item["message"] = d.message;
        diagnostics.append(item);
      }
      py::object e = policy_error(s.message());
      e.attr("diagnostics") = diagnostics;
      PyErr_SetObject(policy_error.ptr(), e.ptr());
      throw py::error_already_set();
    }
    case StatusCode::household_error: PyErr_SetString(household_error.ptr(), s.message().c_str()); break;
    case StatusCode::evaluation_error: PyErr_SetString(evaluation_error.ptr(), s.message().c_str()); break;
    case StatusCode::io_error: PyErr_SetString(PyExc_OSError, s.message().c_str()); break;
    default: PyErr_SetString(PyExc_ValueError, s.message().c_str()); break;
  }
  throw py::error_already_set();
}

template <class T>
T check(Result<T> r) {
  if (!r.ok()) raise(r.status());
  return std::move(r).value();
}

// A Python value as household field text: str as is, bool as true/false,
// int and Decimal in plain decimal notation; float refused.
std::string field_text(const std::string& name, py::handle v) {
  if (py::isinstance<py::str>(v)) return v.cast<std::string>();
  if (py::isinstance<py::bool_>(v)) return v.cast<bool>() ? "true" : "false";
  if (py::isinstance<py::int_>(v)) return py::str(v).cast<std::string>();
  if (py::isinstance(v, decimal_class())) return py::str(py::module_::import("builtins").attr("format")(v, "f")).cast<std::string>();
  if (py::isinstance<py::float_>(v))
    throw py::type_error("field '" + name + "': a float is not an exact amount; pass a str or decimal.Decimal");
  throw py::type_error("field '" + name + "': expected str, int, bool or decimal.Decimal, not " +
                       py::str(py::type::of(v).attr("__name__")).cast<std::string>());
}

std::map<std::string, std::string> fields_of(const py::dict& d, bool household) {
  std::map<std::string, std::string> fields;
  for (auto [k, v] : d) {
    std::string name = py::str(k).cast<std::string>();
    if (name == "id" || (household && name == "people")) continue;
    fields[name] = field_text(name, v);
  }
  return fields;
}

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

// Outputs by name: Decimal for amounts, str for the rest (grades, names).
// A per-member output is a dict {member index in people (0-based): value}.
py::dict outputs_of(const Evaluation& e) {
  py::dict out;
  auto value = [](const OutputValue& o) -> py::object {
    if (o.number) return decimal_class()(o.text);
    return py::str(o.text);
  };
  for (const auto& o : e.outputs) out[py::str(o.name)] = value(o);
  for (const auto& mo : e.member_outputs) {
    py::dict per;
    for (size_t k = 0; k < mo.members.size(); ++k) per[py::int_(mo.members[k])] = value(mo.values[k]);
    out[py::str(mo.name)] = per;
  }
  return out;
}

py::list fields_list(const std::vector<FieldInfo>& fields, bool outputs) {
  py::list list;
  for (const auto& f : fields) {
    py::dict d;
    d["name"] = f.name;
    d["label"] = f.label;
    d["type"] = f.type;
    if (outputs) {
      d["scale"] = f.scale;
    } else {
      d["member"] = f.member;
      d["has_default"] = f.has_default;
    }
    if (!f.values.empty()) d["values"] = f.values;
    list.append(d);
  }
  return list;
}

}  // namespace

PYBIND11_MODULE(doudi, m) {
  m.doc() = "doudi: social-assistance benefit standards, evaluated in exact decimal";
  static py::exception<void> policy_exc(m, "PolicyError", PyExc_ValueError);
  static py::exception<void> household_exc(m, "HouseholdError", PyExc_ValueError);
  static py::exception<void> evaluation_exc(m, "EvaluationError", PyExc_ValueError);
  policy_error = policy_exc;
  household_error = household_exc;
  evaluation_error = evaluation_exc;

  py::class_<Policy>(m, "Policy",
                     "Every version of one policy, checked and immutable; evaluate on a date "
                     "(YYYY-MM-DD), which picks the version in force.")
      .def_static("load", [](const std::string& path) { return check(Policy::load(path)); }, py::arg("path"),
                  "Loads a policy file or a directory of version files (raises PolicyError with .diagnostics).")
      .def_static("from_text", [](const std::string& text, const std::string& name) {
            return check(Policy::load_text(name, text));
          }, py::arg("text"), py::arg("name") = "<text>", "Loads policy text held in memory.")
      .def("versions", [](const Policy& p) {
            py::list list;
            for (const auto& v : p.versions()) {
              py::dict d;
              d["policy"] = v.policy;
              d["version"] = v.version;
              d["effective"] = v.effective;
              d["file"] = v.file;
              list.append(d);
            }
            return list;
          })
      .def("version_in_force", [](const Policy& p, const std::string& date) {
            return check(p.version_in_force(date)).version;
          }, py::arg("date"))
      .def("inputs", [](const Policy& p, const std::string& date) { return fields_list(check(p.inputs(date)), false); },
           py::arg("date"))
      .def("outputs", [](const Policy& p, const std::string& date) { return fields_list(check(p.outputs(date)), true); },
           py::arg("date"))
      .def("evaluate", [](const Policy& p, py::handle household, const std::string& date) {
            Household h = household_of(household);
            Result<Evaluation> r = Status();
            {
              py::gil_scoped_release release;
              r = p.evaluate(h, date);
            }
            return outputs_of(check(std::move(r)));
          }, py::arg("household"), py::arg("date"),
           "The outputs of one household (a dict) as {name: Decimal or str}.")
      .def("evaluate_many", [](const Policy& p, py::iterable households, const std::string& date, int threads,
                               const std::string& on_error) {
            if (on_error != "raise" && on_error != "none")
              throw py::value_error("on_error is 'raise' or 'none', not '" + on_error + "'");
            std::vector<Household> list;
            for (auto h : households) list.push_back(household_of(h));
            std::vector<Result<Evaluation>> results;
            {
              py::gil_scoped_release release;
              results = p.evaluate_many(list, date, threads);
            }
            py::list out;
            for (auto& r : results) {
              if (!r.ok() && on_error == "none") out.append(py::none());
              else out.append(outputs_of(check(std::move(r))));
            }
            return out;
          }, py::arg("households"), py::arg("date"), py::arg("threads") = 0, py::arg("on_error") = "raise",
           "The outputs of many households (dicts), in order, through the batch evaluator. A household "
           "that cannot be evaluated raises (on_error='raise') or gives None (on_error='none').")
      .def("explain", [](const Policy& p, py::handle household, const std::string& date, const std::string& output) {
            Household h = household_of(household);
            Result<Explanation> r = Status();
            {
              py::gil_scoped_release release;
              r = p.explain(h, date, output);
            }
            // The JSON tree holds every number as a string; Decimal for any other.
            return py::module_::import("json").attr("loads")(check(std::move(r)).json, py::arg("parse_float") = decimal_class());
          }, py::arg("household"), py::arg("date"), py::arg("output") = "",
           "How each output was derived, as a dict (the tree of `doudi explain --format json`).")
      .def("explain_text", [](const Policy& p, py::handle household, const std::string& date, const std::string& output) {
            Household h = household_of(household);
            return check(p.explain(h, date, output)).text;
          }, py::arg("household"), py::arg("date"), py::arg("output") = "");

  m.def("read_households", [](const std::string& path) {
        py::list list;
        for (const auto& h : check(read_households_file(path))) {
          py::dict d;
          if (!h.id.empty()) d["id"] = h.id;
          for (const auto& [k, v] : h.fields) d[py::str(k)] = v;
          if (!h.people.empty()) d["people"] = h.people;
          list.append(d);
        }
        return list;
      }, py::arg("path"), "Households of a household file (CSV when its name ends in .csv, else YAML or JSON, the `households:` list too), read as doudi run reads them, as dicts of field text.");
}
