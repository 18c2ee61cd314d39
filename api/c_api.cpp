// The C API (include/doudi/doudi.h) over the C++ API (doudi/policy.h).
//
// Design note. Each handle is a C++ object behind a C name; every entry point
// is noexcept and catches everything (std::bad_alloc included), so nothing
// unwinds into C. Errors are copied into a doudi_error the caller owns.
#include "doudi/doudi.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <new>
#include <optional>

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
  std::vector<long> row_numbers;  // each good row's place (1-based), for doudi_results_row
};
struct doudi_fields {
  std::vector<doudi::api::FieldInfo> fields;
  std::vector<std::optional<std::string>> at_least, at_most;  // the bounds' text
};
struct doudi_whatif {
  doudi::api::WhatIfSummary summary;
  std::string cost_before, cost_after, difference;
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

const char* doudi_version(void) { return doudi::api::version(); }
const char* doudi_policy_fingerprint(const doudi_policy* p) { return p ? p->policy.fingerprint().c_str() : ""; }

doudi_code doudi_policy_version(const doudi_policy* p, const char* version, doudi_policy** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !version || !out) return invalid("doudi_policy_version: a NULL argument", error);
    *out = nullptr;
    return store_policy(p->policy.version(version), out, error);
  });
}

doudi_code doudi_policy_with_settings(const doudi_policy* p, const char* date, const char* const* settings,
                                      size_t count, doudi_policy** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !date || (!settings && count > 0) || !out) return invalid("doudi_policy_with_settings: a NULL argument", error);
    *out = nullptr;
    doudi::api::Settings list;
    for (size_t i = 0; i < count; ++i) {
      if (!settings[i]) return invalid("doudi_policy_with_settings: a NULL setting", error);
      list.push_back(settings[i]);
    }
    return store_policy(p->policy.with_settings(date, list), out, error);
  });
}

doudi_code doudi_policy_with_reform(const doudi_policy* p, const char* date, const char* reform_text,
                                    doudi_policy** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !date || !reform_text || !out) return invalid("doudi_policy_with_reform: a NULL argument", error);
    *out = nullptr;
    return store_policy(p->policy.with_reform(date, reform_text), out, error);
  });
}

size_t doudi_policy_version_count(const doudi_policy* p) { return p ? p->versions.size() : 0; }
const char* doudi_policy_version_name(const doudi_policy* p, size_t i) {
  return i < doudi_policy_version_count(p) ? p->versions[i].version.c_str() : nullptr;
}
const char* doudi_policy_version_effective(const doudi_policy* p, size_t i) {
  return i < doudi_policy_version_count(p) ? p->versions[i].effective.c_str() : nullptr;
}

doudi_code doudi_policy_fields(const doudi_policy* p, const char* date, doudi_field_set which,
                               doudi_fields** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !date || !out) return invalid("doudi_policy_fields: a NULL argument", error);
    *out = nullptr;
    auto r = p->policy.metadata(date);
    if (!r.ok()) return fail(r.status(), error);
    auto* f = new doudi_fields{which == DOUDI_OUTPUTS          ? r->outputs
                               : which == DOUDI_MEMBER_OUTPUTS ? r->member_outputs
                                                               : r->inputs,
                               {}, {}};
    auto text = [](const std::optional<doudi::api::Decimal>& d) {
      return d ? std::optional<std::string>(d->to_string()) : std::nullopt;
    };
    for (const auto& x : f->fields) {
      f->at_least.push_back(text(x.at_least));
      f->at_most.push_back(text(x.at_most));
    }
    *out = f;
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
doudi_field_kind doudi_fields_kind(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? static_cast<doudi_field_kind>(f->fields[i].kind) : DOUDI_INTEGER;
}
int doudi_fields_scale(const doudi_fields* f, size_t i) { return i < doudi_fields_count(f) ? f->fields[i].scale : 0; }
const char* doudi_fields_unit(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? f->fields[i].unit.c_str() : nullptr;
}
doudi_scope doudi_fields_scope(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) && f->fields[i].scope == doudi::api::Scope::member ? DOUDI_MEMBER : DOUDI_HOUSEHOLD;
}
int doudi_fields_has_default(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) && f->fields[i].has_default ? 1 : 0;
}
const char* doudi_fields_default(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) && f->fields[i].default_text ? f->fields[i].default_text->c_str() : nullptr;
}
const char* doudi_fields_at_least(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) && f->at_least[i] ? f->at_least[i]->c_str() : nullptr;
}
const char* doudi_fields_at_most(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) && f->at_most[i] ? f->at_most[i]->c_str() : nullptr;
}
size_t doudi_fields_value_count(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? f->fields[i].values.size() : 0;
}
const char* doudi_fields_value_name(const doudi_fields* f, size_t i, size_t v) {
  return v < doudi_fields_value_count(f, i) ? f->fields[i].values[v].name.c_str() : nullptr;
}
const char* doudi_fields_value_label(const doudi_fields* f, size_t i, size_t v) {
  return v < doudi_fields_value_count(f, i) ? f->fields[i].values[v].label.c_str() : nullptr;
}
size_t doudi_fields_region_count(const doudi_fields* f, size_t i) {
  return i < doudi_fields_count(f) ? f->fields[i].regions.size() : 0;
}
const char* doudi_fields_region_name(const doudi_fields* f, size_t i, size_t r) {
  return r < doudi_fields_region_count(f, i) ? f->fields[i].regions[r].name.c_str() : nullptr;
}
const char* doudi_fields_region_label(const doudi_fields* f, size_t i, size_t r) {
  return r < doudi_fields_region_count(f, i) ? f->fields[i].regions[r].label.c_str() : nullptr;
}
size_t doudi_fields_district_count(const doudi_fields* f, size_t i, size_t r) {
  return r < doudi_fields_region_count(f, i) ? f->fields[i].regions[r].districts.size() : 0;
}
const char* doudi_fields_district(const doudi_fields* f, size_t i, size_t r, size_t d) {
  return d < doudi_fields_district_count(f, i, r) ? f->fields[i].regions[r].districts[d].c_str() : nullptr;
}
void doudi_fields_free(doudi_fields* f) { delete f; }

doudi_code doudi_policy_metadata_json(const doudi_policy* p, const char* date, char** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !date || !out) return invalid("doudi_policy_metadata_json: a NULL argument", error);
    *out = nullptr;
    auto r = p->policy.metadata(date);
    if (!r.ok()) return fail(r.status(), error);
    *out = copy_string(r->json);
    return DOUDI_OK;
  });
}

doudi_code doudi_policy_table_cell(const doudi_policy* p, const char* date, const char* table,
                                   const char* const* keys, size_t key_count, char** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !date || !table || (!keys && key_count > 0) || !out)
      return invalid("doudi_policy_table_cell: a NULL argument", error);
    *out = nullptr;
    auto t = p->policy.table(date, table);
    if (!t.ok()) return fail(t.status(), error);
    std::vector<std::string> at;
    for (size_t k = 0; k < key_count; ++k) {
      if (!keys[k]) return invalid("doudi_policy_table_cell: a NULL key", error);
      at.push_back(keys[k]);
    }
    bool known = at.size() == t->keys.size();
    for (size_t k = 0; known && k < at.size(); ++k)
      known = std::find(t->keys[k].values.begin(), t->keys[k].values.end(), at[k]) != t->keys[k].values.end();
    if (!known) return invalid("doudi_policy_table_cell: the keys name no cell of the table", error);
    auto cell = t->cell(at);
    if (cell) *out = copy_string(*cell);
    return DOUDI_OK;
  });
}

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
    auto* results = new doudi_results{output_names(p->policy, date), {}, {1}};
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
    auto* results = new doudi_results{output_names(p->policy, date), p->policy.evaluate_many(list, date, threads), {}};
    for (size_t i = 0; i < count; ++i) results->row_numbers.push_back(static_cast<long>(i) + 1);
    *out = results;
    return DOUDI_OK;
  });
}

namespace {

doudi_code evaluate_csv(const doudi_policy* p, bool file, const char* source, const char* date, size_t chunk_rows,
                        int threads, doudi_chunk_fn each, void* user, size_t* rows, doudi_error** error) {
  if (!p || !source || !date || !each) return invalid("doudi_evaluate_csv: a NULL argument", error);
  if (rows) *rows = 0;
  std::vector<std::string> names = output_names(p->policy, date);
  auto hand_out = [&](const doudi::api::CsvChunk& c) {
    doudi_results chunk{names, {}, {}};
    for (const auto& e : c.evaluations) {
      chunk.rows.emplace_back(e);
      chunk.row_numbers.push_back(0);  // a good row's place is not reported by the pipeline
    }
    for (const auto& s : c.errors) {
      chunk.rows.emplace_back(s);
      chunk.row_numbers.push_back(s.place().row);
    }
    each(user, &chunk);
  };
  auto r = file ? p->policy.evaluate_csv_file(source, date, hand_out, chunk_rows, threads)
                : p->policy.evaluate_csv_text(source, date, hand_out, chunk_rows, threads);
  if (!r.ok()) return fail(r.status(), error);
  if (rows) *rows = static_cast<size_t>(r->rows);
  return DOUDI_OK;
}

}  // namespace

doudi_code doudi_evaluate_csv_file(const doudi_policy* p, const char* path, const char* date, size_t chunk_rows,
                                   int threads, doudi_chunk_fn each, void* user, size_t* rows, doudi_error** error) {
  return guarded(error, [&] { return evaluate_csv(p, true, path, date, chunk_rows, threads, each, user, rows, error); });
}

doudi_code doudi_evaluate_csv_text(const doudi_policy* p, const char* text, const char* date, size_t chunk_rows,
                                   int threads, doudi_chunk_fn each, void* user, size_t* rows, doudi_error** error) {
  return guarded(error, [&] { return evaluate_csv(p, false, text, date, chunk_rows, threads, each, user, rows, error); });
}

size_t doudi_results_count(const doudi_results* r) { return r ? r->rows.size() : 0; }
size_t doudi_results_output_count(const doudi_results* r) { return r ? r->names.size() : 0; }
const char* doudi_results_output_name(const doudi_results* r, size_t output) {
  return output < doudi_results_output_count(r) ? r->names[output].c_str() : nullptr;
}
const char* doudi_results_id(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return nullptr;
  const auto& x = r->rows[row];
  return x.ok() ? x->household.c_str() : x.status().place().household.c_str();
}
long doudi_results_row(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return 0;
  return r->rows[row].ok() ? r->row_numbers[row] : r->rows[row].status().place().row;
}
const char* doudi_results_error_field(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return nullptr;
  return r->rows[row].ok() ? "" : r->rows[row].status().place().field.c_str();
}
const char* doudi_results_error_reason(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return nullptr;
  return r->rows[row].ok() ? "" : r->rows[row].status().place().reason.c_str();
}
const char* doudi_results_version(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return nullptr;
  return r->rows[row].ok() ? r->rows[row]->version.c_str() : "";
}
const char* doudi_results_fingerprint(const doudi_results* r, size_t row) {
  if (row >= doudi_results_count(r)) return nullptr;
  return r->rows[row].ok() ? r->rows[row]->fingerprint.c_str() : "";
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
                         const char* output, doudi_explain_format format, char** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !h || !date || !out) return invalid("doudi_explain: a NULL argument", error);
    *out = nullptr;
    auto r = p->policy.explain(h->household, date, output ? output : "");
    if (!r.ok()) return fail(r.status(), error);
    *out = copy_string(format == DOUDI_EXPLAIN_JSON ? r->json : r->text);
    return DOUDI_OK;
  });
}

doudi_code doudi_whatif_run(const doudi_policy* p, const doudi_policy* alternative,
                            const doudi_household* const* households, size_t count, const char* date,
                            doudi_whatif** out, doudi_error** error) {
  return guarded(error, [&] {
    if (!p || !alternative || (!households && count > 0) || !date || !out)
      return invalid("doudi_whatif_run: a NULL argument", error);
    *out = nullptr;
    std::vector<Household> list;
    for (size_t i = 0; i < count; ++i) {
      if (!households[i]) return invalid("doudi_whatif_run: a NULL household", error);
      list.push_back(households[i]->household);
    }
    auto r = p->policy.whatif(list, date, alternative->policy);
    if (!r.ok()) return fail(r.status(), error);
    auto* w = new doudi_whatif{std::move(r).value(), {}, {}, {}};
    w->cost_before = w->summary.all.cost_before.to_string();
    w->cost_after = w->summary.all.cost_after.to_string();
    w->difference = w->summary.difference.to_string();
    *out = w;
    return DOUDI_OK;
  });
}
long doudi_whatif_households(const doudi_whatif* w) { return w ? w->summary.households : 0; }
long doudi_whatif_rejected(const doudi_whatif* w) { return w ? w->summary.rejected : 0; }
long doudi_whatif_covered_before(const doudi_whatif* w) { return w ? w->summary.all.covered_before : 0; }
long doudi_whatif_covered_after(const doudi_whatif* w) { return w ? w->summary.all.covered_after : 0; }
const char* doudi_whatif_cost_before(const doudi_whatif* w) { return w ? w->cost_before.c_str() : ""; }
const char* doudi_whatif_cost_after(const doudi_whatif* w) { return w ? w->cost_after.c_str() : ""; }
const char* doudi_whatif_difference(const doudi_whatif* w) { return w ? w->difference.c_str() : ""; }
const char* doudi_whatif_text(const doudi_whatif* w) { return w ? w->summary.text.c_str() : ""; }
void doudi_whatif_free(doudi_whatif* w) { delete w; }

}  // extern "C"
