// The compiled part of doudi.evaluate_frame (python/doudi/frame.py): a
// DataFrame's columns, already sorted by kind in Python, written as CSV text
// and run through `doudi run`'s CSV pipeline (Policy::evaluate_csv_text,
// which hands back the rows as the CLI prints them), the outputs read from
// those rows into Python lists of Decimal (one object per distinct text:
// Decimals are immutable, so equal amounts share one).
//
// Column kinds: "int" (a numpy int64 array), "bool" (numpy bool), "float"
// (numpy float64: a value is taken only when its shortest text has at most
// the input's scale of digits after the point — the figure the file held —
// else the call fails naming the column and `dtype=str`), "obj" (a list of
// str, int, Decimal, dates, numpy scalars; None is "not given"). A mask
// (numpy bool, True = not given) may come with int, bool and float columns.
#include <charconv>
#include <unordered_map>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "base/text.h"
#include "python/module.h"

namespace doudi::python {
namespace {

// The shortest text of `x` when it has at most `scale` digits after the
// point; nullopt otherwise (or for inf).
std::optional<std::string> exact_float_text(double x, int scale) {  // not an amount: the float pandas gave, refused unless its text is exact
  char buffer[400];
  auto r = std::to_chars(buffer, buffer + sizeof buffer, x, std::chars_format::fixed);
  if (r.ec != std::errc()) return std::nullopt;
  std::string_view text(buffer, static_cast<size_t>(r.ptr - buffer));
  if (text.find_first_not_of("-0123456789.") != std::string_view::npos) return std::nullopt;
  size_t point = text.find('.');
  size_t after = point == std::string_view::npos ? 0 : text.size() - point - 1;
  if (static_cast<int>(after) > scale) return std::nullopt;
  return std::string(text);
}

struct Column {
  std::string name;
  std::string kind;
  py::object data;
  py::object mask;
  int scale = 0;
  // Views, filled by prepare().
  const int64_t* ints = nullptr;
  const bool* bools = nullptr;
  const double* floats = nullptr;
  const bool* missing = nullptr;
  py::list objects;
  std::vector<py::array> keep;  // arrays the views point into
};

void prepare(Column& c, size_t n) {
  auto view = [&](py::object o, auto* type_tag) {
    using T = std::remove_pointer_t<decltype(type_tag)>;
    auto a = py::array_t<T, py::array::c_style | py::array::forcecast>::ensure(o);
    if (!a || static_cast<size_t>(a.size()) != n) throw py::value_error("column '" + c.name + "': not " + std::to_string(n) + " values");
    c.keep.push_back(a);
    return a.data();
  };
  if (!c.mask.is_none()) c.missing = view(c.mask, static_cast<bool*>(nullptr));
  if (c.kind == "int") c.ints = view(c.data, static_cast<int64_t*>(nullptr));
  else if (c.kind == "bool") c.bools = view(c.data, static_cast<bool*>(nullptr));
  else if (c.kind == "float") c.floats = view(c.data, static_cast<double*>(nullptr));  // not an amount: checked by exact_float_text
  else if (c.kind == "obj") {
    c.objects = py::list(c.data);
    if (c.objects.size() != n) throw py::value_error("column '" + c.name + "': not " + std::to_string(n) + " values");
  } else throw py::value_error("column '" + c.name + "': unknown kind '" + c.kind + "'");
}

void append_value(std::string& out, const Column& c, size_t i) {
  if (c.missing && c.missing[i]) return;  // not given: the input's default applies
  char buffer[32];
  if (c.ints) {
    auto r = std::to_chars(buffer, buffer + sizeof buffer, c.ints[i]);
    out.append(buffer, r.ptr);
  } else if (c.bools) {
    out += c.bools[i] ? "true" : "false";
  } else if (c.floats) {
    double x = c.floats[i];  // not an amount: the float pandas gave, taken only as its exact text
    if (x != x) return;      // NaN: not given
    auto text = exact_float_text(x, c.scale);
    if (!text)
      throw py::type_error("column '" + c.name + "': the float " + py::str(py::float_(x)).cast<std::string>() +
                           " (row " + std::to_string(i) + ") is not an exact figure at " + std::to_string(c.scale) +
                           " digit(s) after the point; read the column as text (pd.read_csv(..., dtype=str), "
                           "or dtype={'" + c.name + "': str}) or give decimal.Decimal values");
    out += *text;
  } else {
    PyObject* v = PyList_GET_ITEM(c.objects.ptr(), static_cast<Py_ssize_t>(i));
    if (v == Py_None) return;
    if (PyUnicode_Check(v)) {  // the common case (dtype=str, names): its UTF-8 as it is
      Py_ssize_t size = 0;
      const char* text = PyUnicode_AsUTF8AndSize(v, &size);
      if (!text) throw py::error_already_set();
      append_csv_field(out, std::string_view(text, static_cast<size_t>(size)));
      return;
    }
    append_csv_field(out, field_text(c.name, v));
  }
}

// One output's values as a numpy object array (what a DataFrame column of
// Decimals is), equal texts sharing one object.
struct OutputColumn {
  bool numeric = false;
  py::array values;  // dtype object, None where a row failed
  std::unordered_map<std::string, py::object> made;

  void set(size_t row, std::string_view text) {
    key.assign(text);
    auto it = made.find(key);
    if (it == made.end()) it = made.emplace(key, numeric ? decimal_class()(key) : py::object(py::str(key))).first;
    PyObject** slot = static_cast<PyObject**>(values.mutable_data()) + row;
    PyObject* old = *slot;
    *slot = it->second.inc_ref().ptr();
    Py_XDECREF(old);
  }
  std::string key;
};

// The fields of one CSV row as `doudi run` writes it, pos moved past it:
// views into `text` for a row without quotes, else unquoted copies in `store`.
void split_row(std::string_view text, size_t& pos, std::vector<std::string_view>& fields,
               std::vector<std::string>& store) {
  fields.clear();
  size_t end = text.find('\n', pos);
  if (end == std::string_view::npos) end = text.size();
  std::string_view line = text.substr(pos, end - pos);
  pos = end + 1;
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  if (line.find('"') == std::string_view::npos) {
    for (size_t start = 0;;) {
      size_t comma = line.find(',', start);
      fields.push_back(line.substr(start, comma == std::string_view::npos ? std::string_view::npos : comma - start));
      if (comma == std::string_view::npos) return;
      start = comma + 1;
    }
  }
  store.assign(1, std::string());
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') store.back() += line[++i];
      else if (c == '"') quoted = false;
      else store.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      store.emplace_back();
    } else {
      store.back() += c;
    }
  }
  for (const auto& f : store) fields.push_back(f);
}

py::tuple evaluate_columns(const PyPolicy& p, const std::string& date, py::list columns, size_t n, int threads) {
  std::vector<Column> cols;
  for (auto item : columns) {
    auto t = item.cast<py::tuple>();
    Column c;
    c.name = t[0].cast<std::string>();
    c.kind = t[1].cast<std::string>();
    c.data = t[2];
    c.mask = t[3];
    c.scale = t[4].cast<int>();
    prepare(c, n);
    cols.push_back(std::move(c));
  }
  std::string text = "id";
  for (const auto& c : cols) {
    text += ',';
    append_csv_field(text, c.name);
  }
  text += '\n';
  text.reserve(n * (cols.size() * 8 + 8));
  char buffer[32];
  for (size_t i = 0; i < n; ++i) {
    auto r = std::to_chars(buffer, buffer + sizeof buffer, i);
    text.append(buffer, r.ptr);
    for (const auto& c : cols) {
      text += ',';
      append_value(text, c, i);
    }
    text += '\n';
  }
  std::string good;  // the rows as `doudi run --format csv` prints them
  std::vector<Status> bad;
  Result<CsvStreamSummary> r = Status();
  {
    py::gil_scoped_release release;
    r = p.policy.evaluate_csv_text(text, date, [&](const CsvChunk& c) {
      good += c.csv;
      bad.insert(bad.end(), c.errors.begin(), c.errors.end());
    }, 16384, threads, {}, CsvResults::csv_text);
  }
  check(std::move(r));
  auto outputs = check(p.policy.outputs(date));
  std::vector<OutputColumn> out(outputs.size());
  py::list names;
  for (size_t o = 0; o < outputs.size(); ++o) {
    names.append(outputs[o].name);
    out[o].numeric = outputs[o].kind == FieldKind::money || outputs[o].kind == FieldKind::decimal ||
                     outputs[o].kind == FieldKind::integer;
    static py::object& full = *new py::object(py::module_::import("numpy").attr("full"));  // never destroyed
    out[o].values = full(n, py::none(), "object");
  }
  std::vector<std::string_view> fields;
  std::vector<std::string> store;
  for (size_t pos = 0; pos < good.size();) {
    split_row(good, pos, fields, store);
    size_t row = 0;  // the row index, written as the id
    std::from_chars(fields[0].data(), fields[0].data() + fields[0].size(), row);
    for (size_t o = 0; o < out.size() && o + 1 < fields.size(); ++o) out[o].set(row, fields[o + 1]);
  }
  py::list values, failures;
  for (auto& c : out) values.append(c.values);
  for (const auto& s : bad) {
    Status copy = s;
    long row = std::stol(s.place().household);  // the row index written as the id
    copy.place().household = "";
    failures.append(py::make_tuple(row, failure_of(copy)));
  }
  return py::make_tuple(names, values, failures);
}

}  // namespace

void bind_frame(py::module_& m) {
  m.def("_evaluate_columns", &evaluate_columns, py::arg("policy"), py::arg("date"), py::arg("columns"), py::arg("rows"),
        py::arg("threads") = 0, "evaluate_frame's compiled part (see doudi/frame.py).");
}

}  // namespace doudi::python
