// doudi.Policy: loading, versions, changes, metadata, evaluation, what-if
// (the binding of doudi/policy.h's Policy; see module.cpp's design note).
#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include "python/module.h"

namespace doudi::python {
namespace {

py::object json_loads(const std::string& text) {
  static py::object& loads = *new py::object(py::module_::import("json").attr("loads"));  // never destroyed
  return loads(text);
}

PyPolicy derived(const PyPolicy& base, Result<Policy> r, std::vector<std::string> step) {
  PyPolicy out{check(std::move(r)), base.recipe};
  out.recipe.push_back(std::move(step));
  return out;
}

// The results of many households, failed ones per on_error.
py::list results_list(std::vector<Result<Evaluation>>& results, const std::string& on_error) {
  py::list out;
  for (auto& r : results) {
    if (r.ok()) out.append(outputs_of(*r));
    else if (on_error == "none") out.append(py::none());
    else if (on_error == "error") out.append(failure_of(r.status()));
    else raise(r.status());
  }
  return out;
}

void check_on_error(const std::string& on_error) {
  if (on_error != "raise" && on_error != "none" && on_error != "error")
    throw py::value_error("on_error is 'raise', 'none' or 'error', not '" + on_error + "'");
}

py::dict group_dict(const GroupSummary& g) {
  py::dict d;
  py::object dec = decimal_class();
  d["name"] = g.name;
  d["households_before"] = g.households_before;
  d["households_after"] = g.households_after;
  d["covered_before"] = g.covered_before;
  d["covered_after"] = g.covered_after;
  d["people_before"] = dec(g.people_before.to_string());
  d["people_after"] = dec(g.people_after.to_string());
  d["cost_before"] = dec(g.cost_before.to_string());
  d["cost_after"] = dec(g.cost_after.to_string());
  return d;
}

py::dict whatif_dict(const WhatIfSummary& s) {
  py::dict d;
  d["baseline"] = s.baseline;
  d["alternative"] = s.alternative;
  d["households"] = s.households;
  d["rejected"] = s.rejected;
  d["all"] = group_dict(s.all);
  py::list regions, grades, errors;
  for (const auto& g : s.regions) regions.append(group_dict(g));
  for (const auto& g : s.grades) grades.append(group_dict(g));
  for (const auto& e : s.errors) errors.append(failure_of(e));
  d["regions"] = regions;
  d["grades"] = grades;
  d["newly_covered"] = s.newly_covered;
  d["dropped"] = s.dropped;
  d["gain"] = s.gain;
  d["lose"] = s.lose;
  d["unchanged"] = s.unchanged;
  d["difference"] = decimal_class()(s.difference.to_string());
  d["errors"] = errors;
  d["text"] = s.text;
  return d;
}

// A table as {name, label, type, scale, unit, keys, cells: {(key values…): Decimal or None}, sources}.
py::dict table_dict(const TableInfo& t) {
  py::dict d;
  d["name"] = t.name;
  d["label"] = t.label;
  d["type"] = field_kind_name(t.kind);
  d["scale"] = t.scale;
  d["unit"] = t.unit;
  py::list keys;
  for (const auto& k : t.keys) {
    py::dict kd;
    kd["name"] = k.name;
    kd["values"] = k.values;
    keys.append(kd);
  }
  d["keys"] = keys;
  py::dict cells;
  std::vector<size_t> at(t.keys.size(), 0);
  for (size_t c = 0; c < t.cells.size(); ++c) {
    py::tuple key(t.keys.size());
    for (size_t k = 0; k < t.keys.size(); ++k) key[k] = py::str(t.keys[k].values[at[k]]);
    py::object value = py::none();
    if (t.cells[c]) value = decimal_class()(*t.cells[c]);
    cells[key] = value;
    for (size_t k = t.keys.size(); k-- > 0;) {  // the next key combination, row-major
      if (++at[k] < t.keys[k].values.size()) break;
      at[k] = 0;
    }
  }
  d["cells"] = cells;
  d["sources"] = t.sources;
  return d;
}

}  // namespace

PyPolicy rebuild(const std::vector<std::vector<std::string>>& recipe) {
  if (recipe.empty()) throw py::value_error("an empty policy recipe");
  const auto& first = recipe[0];
  PyPolicy p{first[0] == "path" ? check(Policy::load(first.at(1))) : check(Policy::load_text(first.at(1), first.at(2))),
             {first}};
  for (size_t i = 1; i < recipe.size(); ++i) {
    const auto& s = recipe[i];
    if (s[0] == "version") p = derived(p, p.policy.version(s.at(1)), s);
    else if (s[0] == "settings") p = derived(p, p.policy.with_settings(s.at(1), Settings(s.begin() + 2, s.end())), s);
    else if (s[0] == "reform") p = derived(p, p.policy.with_reform(s.at(1), s.at(2), s.at(3)), s);
  }
  return p;
}

void bind_policy(py::module_& m) {
  py::class_<PyPolicy>(m, "Policy",
                       "Every version of one policy, checked and immutable; evaluate on a date "
                       "(YYYY-MM-DD), which picks the version in force.")
      .def_static("load", [](const std::string& path) { return PyPolicy{check(Policy::load(path)), {{"path", path}}}; },
                  py::arg("path"),
                  "Loads a policy file or a directory of version files (raises PolicyError with .diagnostics).")
      .def_static("from_text", [](const std::string& text, const std::string& name) {
            return PyPolicy{check(Policy::load_text(name, text)), {{"text", name, text}}};
          }, py::arg("text"), py::arg("name") = "<text>", "Loads policy text held in memory.")
      .def(py::pickle([](const PyPolicy& p) { return py::cast(p.recipe); },
                      [](py::object state) { return rebuild(state.cast<std::vector<std::vector<std::string>>>()); }))
      .def_property_readonly("fingerprint", [](const PyPolicy& p) { return p.policy.fingerprint(); },
                             "sha1 of the policy's files (changed by settings and reforms)")
      .def("versions", [](const PyPolicy& p) {
            py::list list;
            for (const auto& v : p.policy.versions()) {
              py::dict d;
              d["policy"] = v.policy;
              d["version"] = v.version;
              d["effective"] = v.effective;
              d["file"] = v.file;
              list.append(d);
            }
            return list;
          })
      .def("version_in_force", [](const PyPolicy& p, const std::string& date) {
            return check(p.policy.version_in_force(date)).version;
          }, py::arg("date"))
      .def("version", [](const PyPolicy& p, const std::string& name) {
            return derived(p, p.policy.version(name), {"version", name});
          }, py::arg("name"), "The named version alone, used whatever the date.")
      .def("with_settings", [](const PyPolicy& p, const std::string& date, const std::vector<std::string>& settings) {
            std::vector<std::string> step{"settings", date};
            step.insert(step.end(), settings.begin(), settings.end());
            return derived(p, p.policy.with_settings(date, settings), step);
          }, py::arg("date"), py::arg("settings"),
           "The version in force on `date` with `set` figures: ['dibao_standard[一类地区, urban]=660', …].")
      .def("with_reform", [](const PyPolicy& p, const std::string& date, const std::string& text, const std::string& name) {
            return derived(p, p.policy.with_reform(date, text, name), {"reform", date, text, name});
          }, py::arg("date"), py::arg("text"), py::arg("name") = "<reform>",
           "The version in force on `date` amended by reform text (set/table/rule lines).")
      .def("metadata", [](const PyPolicy& p, const std::string& date) {
            return json_loads(check(p.policy.metadata(date)).json);
          }, py::arg("date"),
           "Everything about the version in force: the document of `doudi serve`'s GET /v1/policies/{name}.")
      .def("inputs", [](const PyPolicy& p, const std::string& date) {
            py::object doc = json_loads(check(p.policy.metadata(date)).json);
            return py::object(doc["version"]["inputs"]);
          }, py::arg("date"))
      .def("outputs", [](const PyPolicy& p, const std::string& date) {
            py::object doc = json_loads(check(p.policy.metadata(date)).json);
            return py::object(doc["version"]["outputs"]);
          }, py::arg("date"))
      .def("table", [](const PyPolicy& p, const std::string& date, const std::string& name) {
            return table_dict(check(p.policy.table(date, name)));
          }, py::arg("date"), py::arg("name"), "A table's figures: cells by key values, Decimal or None (n/a).")
      .def("evaluate", [](const PyPolicy& p, py::handle household, const std::string& date) {
            Household h = household_of(household);
            Result<Evaluation> r = Status();
            {
              py::gil_scoped_release release;
              r = p.policy.evaluate(h, date);
            }
            return outputs_of(check(std::move(r)));
          }, py::arg("household"), py::arg("date"),
           "The outputs of one household (a dict) as doudi.Outputs {name: Decimal or str}.")
      .def("evaluate_many", [](const PyPolicy& p, py::iterable households, const std::string& date, int threads,
                               const std::string& on_error) {
            check_on_error(on_error);
            std::vector<Household> list;
            for (auto h : households) list.push_back(household_of(h));
            std::vector<Result<Evaluation>> results;
            {
              py::gil_scoped_release release;
              results = p.policy.evaluate_many(list, date, threads);
            }
            return results_list(results, on_error);
          }, py::arg("households"), py::arg("date"), py::arg("threads") = 0, py::arg("on_error") = "raise",
           "The outputs of many households (dicts), in order, through the batch evaluator. A household "
           "that cannot be evaluated raises (on_error='raise'), gives None ('none') or a doudi.Failure "
           "with its household, row, field and reason ('error').")
      .def("evaluate_csv", [](const PyPolicy& p, const std::string& path, const std::string& date,
                              std::function<void(py::list, py::list)> each, size_t chunk_rows, int threads) {
            CsvChunkFn fn = [&](const CsvChunk& c) {
              py::gil_scoped_acquire gil;
              py::list good, bad;
              for (const auto& e : c.evaluations) good.append(outputs_of(e));
              for (const auto& s : c.errors) bad.append(failure_of(s));
              each(good, bad);
            };
            Result<CsvStreamSummary> r = Status();
            {
              py::gil_scoped_release release;
              r = p.policy.evaluate_csv_file(path, date, fn, chunk_rows, threads);
            }
            auto s = check(std::move(r));
            py::dict d;
            d["rows"] = s.rows;
            d["evaluated"] = s.evaluated;
            d["rejected"] = s.rejected;
            return d;
          }, py::arg("path"), py::arg("date"), py::arg("each"), py::arg("chunk_rows") = 4096, py::arg("threads") = 0,
           "A CSV household file through `doudi run`'s pipeline: each(outputs, failures) per chunk, in order.")
      .def("whatif", [](const PyPolicy& p, py::iterable households, const std::string& date, const PyPolicy& alternative) {
            std::vector<Household> list;
            for (auto h : households) list.push_back(household_of(h));
            Result<WhatIfSummary> r = Status();
            {
              py::gil_scoped_release release;
              r = p.policy.whatif(list, date, alternative.policy);
            }
            return whatif_dict(check(std::move(r)));
          }, py::arg("households"), py::arg("date"), py::arg("alternative"),
           "The households under this policy and `alternative` compared (exact Decimal sums).")
      .def("explain", [](const PyPolicy& p, py::handle household, const std::string& date, const std::string& output) {
            Household h = household_of(household);
            Result<Explanation> r = Status();
            {
              py::gil_scoped_release release;
              r = p.policy.explain(h, date, output);
            }
            // The JSON tree holds every number as a string; Decimal for any other.
            return py::module_::import("json").attr("loads")(check(std::move(r)).json, py::arg("parse_float") = decimal_class());
          }, py::arg("household"), py::arg("date"), py::arg("output") = "",
           "How each output was derived, as a dict (the tree of `doudi explain --format json`).")
      .def("explain_text", [](const PyPolicy& p, py::handle household, const std::string& date, const std::string& output) {
            Household h = household_of(household);
            return check(p.policy.explain(h, date, output)).text;
          }, py::arg("household"), py::arg("date"), py::arg("output") = "");
}

}  // namespace doudi::python
