// The C API (include/doudi/doudi.h) over the C++ API (doudi/policy.h).
//
// Design note. Each handle is a C++ object behind a C name; every entry point
// is noexcept and catches everything (std::bad_alloc included), so nothing
// unwinds into C. Errors are copied into a doudi_error the caller owns.
#include "doudi/doudi.h"

#include <cstdlib>
#include <cstring>
#include <new>

#include "doudi/policy.h"

using doudi::api::Household;
using doudi::api::Policy;
using doudi::api::Status;
using doudi::api::StatusCode;

struct doudi_error {
  Status status;
};
struct doudi_policy {
  Policy policy;
  std::vector<doudi::api::VersionInfo> versions;
};
struct doudi_household {
  Household household;
};
struct doudi_results {
  std::vector<std::string> names;
  std::vector<doudi::api::Result<doudi::api::Evaluation>> rows;
  std::vector<std::string> ids;  // each row's household id, error rows too
};
struct doudi_fields {
  std::vector<doudi::api::FieldInfo> fields;
};

namespace {

doudi_code code(const Status& s) { return static_cast<doudi_code>(s.code()); }

// Reports `s` through `error` (when asked) and returns its code.
doudi_code fail(const Status& s, doudi_error** error) {
  if (error) *error = new (std::nothrow) doudi_error{s};
  return code(s);
}

doudi_code invalid(const char* what, doudi_error** error) {
  return fail(Status(StatusCode::invalid_argument, what), error);
}

// Runs `f`, turning any exception into an error code.
template <class F>
doudi_code guarded(doudi_error** error, F f) noexcept {
  try {
    if (error) *error = nullptr;
    return f();
  } catch (const std::bad_alloc&) {
    if (error) *error = nullptr;
    return DOUDI_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    try {
      return fail(Status(StatusCode::evaluation_error, std::string("internal error: ") + e.what()), error);
    } catch (...) {
      return DOUDI_OUT_OF_MEMORY;
    }
  } catch (...) {
    return DOUDI_OUT_OF_MEMORY;
  }
}

doudi_code store_policy(doudi::api::Result<Policy> r, doudi_policy** out, doudi_error** error) {
  if (!r.ok()) return fail(r.status(), error);
  auto versions = r->versions();
  *out = new doudi_policy{std::move(r).value(), std::move(versions)};
  return DOUDI_OK;
}

char* copy_string(const std::string& s) {
  char* c = static_cast<char*>(std::malloc(s.size() + 1));
  if (!c) throw std::bad_alloc();
  std::memcpy(c, s.c_str(), s.size() + 1);
  return c;
}

std::vector<std::string> output_names(const Policy& p, const char* date) {
  std::vector<std::string> names;
  auto outputs = p.outputs(date);
  if (outputs.ok())
    for (const auto& o : *outputs) names.push_back(o.name);
  return names;
}

}  // namespace

extern "C" {

doudi_code doudi_error_code(const doudi_error* e) { return e ? code(e->status) : DOUDI_OK; }
const char* doudi_error_message(const doudi_error* e) { return e ? e->status.message().c_str() : ""; }
size_t doudi_error_diagnostic_count(const doudi_error* e) { return e ? e->status.diagnostics().size() : 0; }
const char* doudi_error_diagnostic_file(const doudi_error* e, size_t i) {
  return i < doudi_error_diagnostic_count(e) ? e->status.diagnostics()[i].file.c_str() : nullptr;
}
int doudi_error_diagnostic_line(const doudi_error* e, size_t i) {
  return i < doudi_error_diagnostic_count(e) ? e->status.diagnostics()[i].line : 0;
}
int doudi_error_diagnostic_column(const doudi_error* e, size_t i) {
  return i < doudi_error_diagnostic_count(e) ? e->status.diagnostics()[i].column : 0;
}
const char* doudi_error_diagnostic_message(const doudi_error* e, size_t i) {
  return i < doudi_error_diagnostic_count(e) ? e->status.diagnostics()[i].message.c_str() : nullptr;
}
void doudi_error_free(doudi_error* e) { delete e; }
void doudi_string_free(char* s) { std::free(s); }

doudi_code doudi_policy_load(const char* path, doudi_policy** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!path || !out) return invalid("doudi_policy_load: a NULL argument", error);
    *out = nullptr;
    return store_policy(Policy::load(path), out, error);
  });
}

doudi_code doudi_policy_load_text(const char* name, const char* text, doudi_policy** out,
                                  doudi_error** error) {
  return guarded(error, [&] {
    if (!name || !text || !out) return invalid("doudi_policy_load_text: a NULL argument", error);
    *out = nullptr;
    return store_policy(Policy::load_text(name, text), out, error);
  });
}

void doudi_policy_free(doudi_policy* p) { delete p; }

size_t doudi_policy_version_count(const doudi_policy* p) { return p ? p->versions.size() : 0; }
const char* doudi_policy_version_name(const doudi_policy* p, size_t i) {
  return i < doudi_policy_version_count(p) ? p->versions[i].version.c_str() : nullptr;
}
const char* doudi_policy_version_effective(const doudi_policy* p, size_t i) {
  return i < doudi_policy_version_count(p) ? p->versions[i].effective.c_str() : nullptr;
}

doudi_code doudi_policy_fields(const doudi_policy* p, const char* date, int outputs, doudi_fields** out,
                               doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !date || !out) return invalid("doudi_policy_fields: a NULL argument", error);
    *out = nullptr;
    auto r = outputs ? p->policy.outputs(date) : p->policy.inputs(date);
    if (!r.ok()) return fail(r.status(), error);
    *out = new doudi_fields{std::move(r).value()};
    return DOUDI_OK;
  });
}
size_t doudi_fields_count(const doudi_fields* f) { return f ? f->fields.size() : 0; }
const char* doudi_fields_name(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? f->fields[i].name.c_str() : nullptr;
}
const char* doudi_fields_label(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? f->fields[i].label.c_str() : nullptr;
}
const char* doudi_fields_type(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? f->fields[i].type.c_str() : nullptr;
}
void doudi_fields_free(doudi_fields* f) { delete f; }

doudi_household* doudi_household_new(const char* id) {
  try {
    return new doudi_household{Household{id ? id : "", {}, {}}};
  } catch (...) {
    return nullptr;
  }
}

doudi_code doudi_household_set(doudi_household* h, const char* input, const char* value) {
  return guarded(nullptr, [&] {
    if (!h || !input || !value) return DOUDI_INVALID_ARGUMENT;
    h->household.fields[input] = value;
    return DOUDI_OK;
  });
}

size_t doudi_household_add_person(doudi_household* h) {
  if (!h) return 0;
  try {
    h->household.people.emplace_back();
  } catch (...) {
  }
  return h->household.people.empty() ? 0 : h->household.people.size() - 1;
}

doudi_code doudi_household_set_person(doudi_household* h, size_t person, const char* input,
                                      const char* value) {
  return guarded(nullptr, [&] {
    if (!h || !input || !value || person >= h->household.people.size()) return DOUDI_INVALID_ARGUMENT;
    h->household.people[person][input] = value;
    return DOUDI_OK;
  });
}

void doudi_household_free(doudi_household* h) { delete h; }

doudi_code doudi_households_read(const char* path, doudi_household*** out, size_t* count,
                                 doudi_error** error) {
  return guarded(error, [&] {
    if (!path || !out || !count) return invalid("doudi_households_read: a NULL argument", error);
    *out = nullptr;
    *count = 0;
    auto r = doudi::api::read_households_file(path);
    if (!r.ok()) return fail(r.status(), error);
    auto* list = static_cast<doudi_household**>(std::calloc(r->size() + 1, sizeof(doudi_household*)));
    if (!list) throw std::bad_alloc();
    try {
      for (size_t i = 0; i < r->size(); ++i) list[i] = new doudi_household{(*r)[i]};
    } catch (...) {
      doudi_households_free(list, r->size());
      throw;
    }
    *out = list;
    *count = r->size();
    return DOUDI_OK;
  });
}

void doudi_households_free(doudi_household** households, size_t count) {
  if (!households) return;
  for (size_t i = 0; i < count; ++i) delete households[i];
  std::free(households);
}

doudi_code doudi_evaluate(const doudi_policy* p, const doudi_household* h, const char* date,
                          doudi_results** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !h || !date || !out) return invalid("doudi_evaluate: a NULL argument", error);
    *out = nullptr;
    auto r = p->policy.evaluate(h->household, date);
    if (!r.ok()) return fail(r.status(), error);
    auto* results = new doudi_results{output_names(p->policy, date), {}, {h->household.id}};
    results->rows.push_back(std::move(r));
    *out = results;
    return DOUDI_OK;
  });
}

doudi_code doudi_evaluate_many(const doudi_policy* p, const doudi_household* const* households,
                               size_t count, const char* date, int threads, doudi_results** out,
                               doudi_error** error) {
  return guarded(error, [&] {
    if (!p || (!households && count > 0) || !date || !out) return invalid("doudi_evaluate_many: a NULL argument", error);
    *out = nullptr;
    auto version = p->policy.version_in_force(date);
    if (!version.ok()) return fail(version.status(), error);
    std::vector<Household> list;
    list.reserve(count);
    for (size_t i = 0; i < count; ++i) {
      if (!households[i]) return invalid("doudi_evaluate_many: a NULL household", error);
      list.push_back(households[i]->household);
    }
    std::vector<std::string> ids;
    for (const auto& h : list) ids.push_back(h.id);
    *out = new doudi_results{output_names(p->policy, date), p->policy.evaluate_many(list, date, threads),
                             std::move(ids)};
    return DOUDI_OK;
  });
}

size_t doudi_results_count(const doudi_results* r) { return r ? r->rows.size() : 0; }
size_t doudi_results_output_count(const doudi_results* r) { return r ? r->names.size() : 0; }
const char* doudi_results_output_name(const doudi_results* r, size_t output) {
  return output < doudi_results_output_count(r) ? r->names[output].c_str() : nullptr;
}
const char* doudi_results_id(const doudi_results* r, size_t row) {
  return row < doudi_results_count(r) && row < r->ids.size() ? r->ids[row].c_str() : nullptr;
}
doudi_code doudi_results_status(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return DOUDI_INVALID_ARGUMENT;
  return r->rows[row].ok() ? DOUDI_OK : static_cast<doudi_code>(r->rows[row].status().code());
}
const char* doudi_results_error(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return "row out of range";
  return r->rows[row].ok() ? "" : r->rows[row].status().message().c_str();
}
const char* doudi_results_value(const doudi_results* r, size_t row, size_t output) {
  if (row >= doudi_results_count(r) || !r->rows[row].ok()) return nullptr;
  const auto& outputs = r->rows[row]->outputs;
  return output < outputs.size() ? outputs[output].text.c_str() : nullptr;
}
size_t doudi_results_member_output_count(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r) || !r->rows[row].ok()) return 0;
  return r->rows[row]->member_outputs.size();
}
const char* doudi_results_member_output_name(const doudi_results* r, size_t row, size_t output) {
  if (output >= doudi_results_member_output_count(r, row)) return nullptr;
  return r->rows[row]->member_outputs[output].name.c_str();
}
size_t doudi_results_member_count(const doudi_results* r, size_t row, size_t output) {
  if (output >= doudi_results_member_output_count(r, row)) return 0;
  return r->rows[row]->member_outputs[output].members.size();
}
const char* doudi_results_member_value(const doudi_results* r, size_t row, size_t output, size_t k,
                                       size_t* member) {
  if (k >= doudi_results_member_count(r, row, output)) return nullptr;
  const auto& mo = r->rows[row]->member_outputs[output];
  if (member) *member = mo.members[k];
  return mo.values[k].text.c_str();
}
void doudi_results_free(doudi_results* r) { delete r; }

doudi_code doudi_explain(const doudi_policy* p, const doudi_household* h, const char* date,
                         const char* output, int json, char** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !h || !date || !out) return invalid("doudi_explain: a NULL argument", error);
    *out = nullptr;
    auto r = p->policy.explain(h->household, date, output ? output : "");
    if (!r.ok()) return fail(r.status(), error);
    *out = copy_string(json ? r->json : r->text);
    return DOUDI_OK;
  });
}

}  // extern "C"
