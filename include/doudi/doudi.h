/* doudi/doudi.h — the C API: doudi for systems written in other languages.
 *
 * Design note. Opaque handles over the C++ API (doudi/policy.h): a policy
 * loaded once is immutable and may be used from several threads at once;
 * households are built field by field from text ("900.50", never a float);
 * results hold every output's exact text, as `doudi run --format csv` prints
 * it. Every function that can fail returns a doudi_code (DOUDI_OK = 0) and,
 * when `error` is not NULL, sets *error to a doudi_error the caller frees
 * (NULL on success). No exception crosses this boundary. Strings returned
 * by accessors live as long as the handle they came from; strings returned
 * through `char**` are the caller's, freed with doudi_string_free.
 *
 *   doudi_policy* p; doudi_error* e;
 *   if (doudi_policy_load("policies/jining", &p, &e)) { puts(doudi_error_message(e)); ... }
 *   doudi_household* h = doudi_household_new("h1");
 *   doudi_household_set(h, "monthly_income", "900.00");  ...
 *   doudi_results* r;
 *   if (doudi_evaluate(p, h, "2020-08-01", &r, &e) == DOUDI_OK)
 *     printf("%s\n", doudi_results_value(r, 0, 0));
 */
#ifndef DOUDI_DOUDI_H
#define DOUDI_DOUDI_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum {
  DOUDI_OK = 0,
  DOUDI_POLICY_ERROR = 1,     /* the policy does not parse or check: see the diagnostics */
  DOUDI_HOUSEHOLD_ERROR = 2,  /* a household field is unknown, unreadable or missing */
  DOUDI_EVALUATION_ERROR = 3, /* the policy cannot be evaluated on the household */
  DOUDI_INVALID_ARGUMENT = 4, /* a bad date, an unknown output, a NULL handle, … */
  DOUDI_IO_ERROR = 5,         /* a file that cannot be read */
  DOUDI_OUT_OF_MEMORY = 6
} doudi_code;

/* Which fields doudi_policy_fields lists. */
typedef enum {
  DOUDI_INPUTS = 0,
  DOUDI_OUTPUTS = 1,
  DOUDI_MEMBER_OUTPUTS = 2 /* `output per member …` */
} doudi_field_set;

/* A field's kind of value (doudi_fields_kind). */
typedef enum {
  DOUDI_MONEY = 0,
  DOUDI_DECIMAL = 1,
  DOUDI_INTEGER = 2,
  DOUDI_BOOLEAN = 3,
  DOUDI_DATE = 4,
  DOUDI_ENUMERATION = 5,
  DOUDI_DISTRICT = 6,
  DOUDI_REGION = 7
} doudi_field_kind;

/* A household fact, or a fact of each member (under `people`); for outputs,
 * one value per household or per member. */
typedef enum { DOUDI_HOUSEHOLD = 0, DOUDI_MEMBER = 1 } doudi_scope;

/* What doudi_explain writes. */
typedef enum { DOUDI_EXPLAIN_TEXT = 0, DOUDI_EXPLAIN_JSON = 1 } doudi_explain_format;

/* The library's version, "0.1.0". */
const char* doudi_version(void);

typedef struct doudi_error doudi_error;
typedef struct doudi_policy doudi_policy;
typedef struct doudi_household doudi_household;
typedef struct doudi_results doudi_results;
typedef struct doudi_fields doudi_fields;
typedef struct doudi_whatif doudi_whatif;

/* Errors: a code, a message, and for a policy error each diagnostic's
 * position (line and column 1-based, column in characters). */
doudi_code doudi_error_code(const doudi_error* e);
const char* doudi_error_message(const doudi_error* e);
size_t doudi_error_diagnostic_count(const doudi_error* e);
const char* doudi_error_diagnostic_file(const doudi_error* e, size_t i);
int doudi_error_diagnostic_line(const doudi_error* e, size_t i);
int doudi_error_diagnostic_column(const doudi_error* e, size_t i);
const char* doudi_error_diagnostic_message(const doudi_error* e, size_t i);
void doudi_error_free(doudi_error* e);
void doudi_string_free(char* s);

/* Loads a policy file or directory of version files, or policy text. */
doudi_code doudi_policy_load(const char* path, doudi_policy** out, doudi_error** error);
doudi_code doudi_policy_load_text(const char* name, const char* text, doudi_policy** out,
                                  doudi_error** error);
void doudi_policy_free(doudi_policy* p);

/* Versions, by effective date (i < count). */
size_t doudi_policy_version_count(const doudi_policy* p);
const char* doudi_policy_version_name(const doudi_policy* p, size_t i);      /* "2020.07" */
const char* doudi_policy_version_effective(const doudi_policy* p, size_t i); /* "2020-07-01" */

/* "sha1:" and 40 hex digits over the policy's files (changed by settings
 * and reforms); every result carries it (doudi_results_fingerprint). */
const char* doudi_policy_fingerprint(const doudi_policy* p);

/* A policy holding one version: the one named `version` ("2017"), used
 * whatever the date; or the version in force on `date` with `set` figures
 * ("dibao_standard[一类地区, urban]=660", as `doudi whatif --set`) or reform
 * text (set/table/rule lines, as `doudi whatif --reform`) applied. Freed
 * with doudi_policy_free, independently of `p`. */
doudi_code doudi_policy_version(const doudi_policy* p, const char* version, doudi_policy** out,
                                doudi_error** error);
doudi_code doudi_policy_with_settings(const doudi_policy* p, const char* date,
                                      const char* const* settings, size_t count, doudi_policy** out,
                                      doudi_error** error);
doudi_code doudi_policy_with_reform(const doudi_policy* p, const char* date, const char* reform_text,
                                    doudi_policy** out, doudi_error** error);

/* The fields of the version in force on `date` (YYYY-MM-DD). Strings are
 * "" when the policy gives none; doudi_fields_default / _at_least /
 * _at_most are NULL when there is none. */
doudi_code doudi_policy_fields(const doudi_policy* p, const char* date, doudi_field_set which,
                               doudi_fields** out, doudi_error** error);
size_t doudi_fields_count(const doudi_fields* f);
const char* doudi_fields_name(const doudi_fields* f, size_t i);
const char* doudi_fields_label(const doudi_fields* f, size_t i);
const char* doudi_fields_type(const doudi_fields* f, size_t i); /* "money", "hukou" (an enumeration), … */
doudi_field_kind doudi_fields_kind(const doudi_fields* f, size_t i);
int doudi_fields_scale(const doudi_fields* f, size_t i);         /* digits after the point */
const char* doudi_fields_unit(const doudi_fields* f, size_t i);  /* "per person per month" */
doudi_scope doudi_fields_scope(const doudi_fields* f, size_t i);
int doudi_fields_has_default(const doudi_fields* f, size_t i);   /* 1: may be left out */
const char* doudi_fields_default(const doudi_fields* f, size_t i);
const char* doudi_fields_at_least(const doudi_fields* f, size_t i);
const char* doudi_fields_at_most(const doudi_fields* f, size_t i);
/* An enumeration's values with labels. */
size_t doudi_fields_value_count(const doudi_fields* f, size_t i);
const char* doudi_fields_value_name(const doudi_fields* f, size_t i, size_t v);
const char* doudi_fields_value_label(const doudi_fields* f, size_t i, size_t v);
/* A district input: its region groups, each with its districts. */
size_t doudi_fields_region_count(const doudi_fields* f, size_t i);
const char* doudi_fields_region_name(const doudi_fields* f, size_t i, size_t r);
const char* doudi_fields_region_label(const doudi_fields* f, size_t i, size_t r);
size_t doudi_fields_district_count(const doudi_fields* f, size_t i, size_t r);
const char* doudi_fields_district(const doudi_fields* f, size_t i, size_t r, size_t d);
void doudi_fields_free(doudi_fields* f);

/* Everything about the version in force on `date` as JSON, in *out (freed
 * with doudi_string_free): the same document as the C++ Metadata::json,
 * Python's Policy.metadata and `doudi serve`'s GET /v1/policies/{name}. */
doudi_code doudi_policy_metadata_json(const doudi_policy* p, const char* date, char** out,
                                      doudi_error** error);
/* One figure of a table: the cell at `keys` (one value name per key, in the
 * table's order), its exact text in *out (freed with doudi_string_free), or
 * NULL for a cell written n/a. */
doudi_code doudi_policy_table_cell(const doudi_policy* p, const char* date, const char* table,
                                   const char* const* keys, size_t key_count, char** out,
                                   doudi_error** error);

/* A household built in code: input values as text, exactly as in a file.
 * doudi_household_add_person returns the new member's index (from 0). */
doudi_household* doudi_household_new(const char* id);
doudi_code doudi_household_set(doudi_household* h, const char* input, const char* value);
size_t doudi_household_add_person(doudi_household* h);
doudi_code doudi_household_set_person(doudi_household* h, size_t person, const char* input,
                                      const char* value);
void doudi_household_free(doudi_household* h);

/* Households read from a YAML or JSON file: *out gets `*count` households,
 * freed with doudi_households_free. */
doudi_code doudi_households_read(const char* path, doudi_household*** out, size_t* count,
                                 doudi_error** error);
void doudi_households_free(doudi_household** households, size_t count);

/* Evaluates one household on `date`: the results hold one row. A household
 * that cannot be evaluated is an error here. */
doudi_code doudi_evaluate(const doudi_policy* p, const doudi_household* h, const char* date,
                          doudi_results** out, doudi_error** error);
/* Evaluates `count` households through the batch evaluator on `threads`
 * threads (0: every core). A bad household does not fail the call: its row
 * has a nonzero doudi_results_status and a message. */
doudi_code doudi_evaluate_many(const doudi_policy* p, const doudi_household* const* households,
                               size_t count, const char* date, int threads, doudi_results** out,
                               doudi_error** error);
/* CSV households (`doudi run`'s reader and pipeline, on `threads` threads)
 * evaluated in chunks of about `chunk_rows` rows; `each` gets every chunk in
 * file order (on the calling thread), as results it must not free: good and
 * bad rows (good rows first, then bad ones; doudi_results_row gives each
 * bad one's data row, 0 for a good one). A bad header or
 * file is the returned error. *rows (when not NULL) gets the rows read. */
typedef void (*doudi_chunk_fn)(void* user, const doudi_results* chunk);
doudi_code doudi_evaluate_csv_file(const doudi_policy* p, const char* path, const char* date,
                                   size_t chunk_rows, int threads, doudi_chunk_fn each, void* user,
                                   size_t* rows, doudi_error** error);
doudi_code doudi_evaluate_csv_text(const doudi_policy* p, const char* text, const char* date,
                                   size_t chunk_rows, int threads, doudi_chunk_fn each, void* user,
                                   size_t* rows, doudi_error** error);

size_t doudi_results_count(const doudi_results* r);
size_t doudi_results_output_count(const doudi_results* r);
const char* doudi_results_output_name(const doudi_results* r, size_t output);
/* The household's id, for a failed row too. */
const char* doudi_results_id(const doudi_results* r, size_t row);
doudi_code doudi_results_status(const doudi_results* r, size_t row);
const char* doudi_results_error(const doudi_results* r, size_t row); /* "" when ok */
/* A row's place as data: its row (1-based place in the households given, or
 * for a failed row the file's data row; 0 when unknown); a failed row's the field at fault (a household input,
 * or the rule that failed; "" when not about one) and the reason alone. */
long doudi_results_row(const doudi_results* r, size_t row);
const char* doudi_results_error_field(const doudi_results* r, size_t row);
const char* doudi_results_error_reason(const doudi_results* r, size_t row);
/* The version that gave row `row` ("2020.07", "2020.07+set") and the
 * policy's fingerprint; "" for a failed row. */
const char* doudi_results_version(const doudi_results* r, size_t row);
const char* doudi_results_fingerprint(const doudi_results* r, size_t row);
/* Output `output` of row `row`: its exact text ("990.00", "general"); NULL
 * when the row is an error or an index is out of range. */
const char* doudi_results_value(const doudi_results* r, size_t row, size_t output);
/* Per-member outputs (`output per member …`) of row `row`: how many the
 * policy declares (0 for an error row), the name of one, how many members it
 * lists, and for its k-th listed member that member's place in the
 * household's people (0-based, via *member) and the value's exact text.
 * NULL / 0 when an index is out of range. */
size_t doudi_results_member_output_count(const doudi_results* r, size_t row);
const char* doudi_results_member_output_name(const doudi_results* r, size_t row, size_t output);
size_t doudi_results_member_count(const doudi_results* r, size_t row, size_t output);
const char* doudi_results_member_value(const doudi_results* r, size_t row, size_t output, size_t k,
                                       size_t* member);
void doudi_results_free(doudi_results* r);

/* How the outputs (or only `output`, when not NULL) of `h` were derived:
 * text or the JSON tree, in *out. */
doudi_code doudi_explain(const doudi_policy* p, const doudi_household* h, const char* date,
                         const char* output, doudi_explain_format format, char** out,
                         doudi_error** error);

/* A what-if: the households under `p` (the version in force on `date`) and
 * under `alternative` (e.g. from doudi_policy_with_settings), compared.
 * Amounts are exact text. */
doudi_code doudi_whatif_run(const doudi_policy* p, const doudi_policy* alternative,
                            const doudi_household* const* households, size_t count, const char* date,
                            doudi_whatif** out, doudi_error** error);
long doudi_whatif_households(const doudi_whatif* w); /* compared */
long doudi_whatif_rejected(const doudi_whatif* w);
long doudi_whatif_covered_before(const doudi_whatif* w);
long doudi_whatif_covered_after(const doudi_whatif* w);
const char* doudi_whatif_cost_before(const doudi_whatif* w);
const char* doudi_whatif_cost_after(const doudi_whatif* w);
const char* doudi_whatif_difference(const doudi_whatif* w);
const char* doudi_whatif_text(const doudi_whatif* w); /* as `doudi whatif` prints it */
void doudi_whatif_free(doudi_whatif* w);

#ifdef __cplusplus
}
#endif

#endif /* DOUDI_DOUDI_H */
