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

typedef struct doudi_error doudi_error;
typedef struct doudi_policy doudi_policy;
typedef struct doudi_household doudi_household;
typedef struct doudi_results doudi_results;
typedef struct doudi_fields doudi_fields;

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

/* The inputs (outputs = 0) or outputs (outputs = 1) of the version in force
 * on `date` (YYYY-MM-DD): name, label and type ("money", "hukou", …). */
doudi_code doudi_policy_fields(const doudi_policy* p, const char* date, int outputs,
                               doudi_fields** out, doudi_error** error);
size_t doudi_fields_count(const doudi_fields* f);
const char* doudi_fields_name(const doudi_fields* f, size_t i);
const char* doudi_fields_label(const doudi_fields* f, size_t i);
const char* doudi_fields_type(const doudi_fields* f, size_t i);
void doudi_fields_free(doudi_fields* f);

/* A household built in code: input values as text, exactly as in a file.
 * doudi_household_add_person returns the new member's index (from 0). */
doudi_household* doudi_household_new(const char* id);
doudi_code doudi_household_set(doudi_household* h, const char* input, const char* value);
size_t doudi_household_add_person(doudi_household* h);
doudi_code doudi_household_set_person(doudi_household* h, size_t person, const char* input,
                                      const char* value);
void doudi_household_free(doudi_household* h);

/* Households read from a household file (CSV when its name ends in .csv, else
 * YAML or JSON), by the reader doudi run uses: *out gets `*count` households,
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
size_t doudi_results_count(const doudi_results* r);
size_t doudi_results_output_count(const doudi_results* r);
const char* doudi_results_output_name(const doudi_results* r, size_t output);
/* The id of row `row`'s household, an error row's too (NULL out of range). */
const char* doudi_results_id(const doudi_results* r, size_t row);
doudi_code doudi_results_status(const doudi_results* r, size_t row);
const char* doudi_results_error(const doudi_results* r, size_t row); /* "" when ok */
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
 * text (json = 0) or the JSON tree (json = 1), in *out. */
doudi_code doudi_explain(const doudi_policy* p, const doudi_household* h, const char* date,
                         const char* output, int json, char** out, doudi_error** error);

#ifdef __cplusplus
}
#endif

#endif /* DOUDI_DOUDI_H */
