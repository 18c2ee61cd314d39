/* The C API (api/c_api.cpp, include/doudi/doudi.h), compiled as C: errors as
 * codes and messages with positions, households built field by field, and
 * the reference workload evaluated through doudi_evaluate_many giving the
 * golden CLI output byte for byte. Usage: doudi_c_api_test SOURCE_DIR */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doudi/doudi.h"

static int failures = 0;

#define CHECK(cond)                                                     \
  do {                                                                  \
    if (!(cond)) {                                                      \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                       \
    }                                                                   \
  } while (0)

static char* slurp(const char* path) {
  FILE* f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)n + 1);
  size_t got = fread(text, 1, (size_t)n, f);
  text[got] = '\0';
  fclose(f);
  return text;
}

static void append(char** out, size_t* len, size_t* cap, const char* s) {
  size_t n = strlen(s);
  while (*len + n + 1 > *cap) {
    *cap = *cap ? *cap * 2 : 4096;
    *out = realloc(*out, *cap);
  }
  memcpy(*out + *len, s, n + 1);
  *len += n;
}

static void test_policy_error_has_positions(void) {
  const char* text =
      "policy test.policy\nversion 1\neffective 2020-01-01\n"
      "household {\n  income : money per month\n  members : integer\n}\n"
      "rule a = income + members\n" /* line 8, column 10 */
      "output a\n";
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  doudi_code c = doudi_policy_load_text("x.doudi", text, &p, &e);
  CHECK(c == DOUDI_POLICY_ERROR);
  CHECK(p == NULL);
  CHECK(e != NULL);
  CHECK(doudi_error_code(e) == DOUDI_POLICY_ERROR);
  CHECK(doudi_error_diagnostic_count(e) >= 1);
  CHECK(strcmp(doudi_error_diagnostic_file(e, 0), "x.doudi") == 0);
  CHECK(doudi_error_diagnostic_line(e, 0) == 8);
  CHECK(doudi_error_diagnostic_column(e, 0) == 10);
  CHECK(strstr(doudi_error_message(e), "x.doudi:8:10") != NULL);
  CHECK(doudi_error_diagnostic_file(e, 99) == NULL);
  doudi_error_free(e);

  CHECK(doudi_policy_load("/nonexistent", &p, &e) == DOUDI_IO_ERROR);
  doudi_error_free(e);
  CHECK(doudi_policy_load(NULL, &p, NULL) == DOUDI_INVALID_ARGUMENT);
}

static void test_jining(const char* source) {
  char path[4096];
  snprintf(path, sizeof path, "%s/policies/jining", source);
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  CHECK(doudi_policy_load(path, &p, &e) == DOUDI_OK);
  if (!p) {
    fprintf(stderr, "%s\n", doudi_error_message(e));
    ++failures;
    return;
  }
  CHECK(doudi_policy_version_count(p) == 3);
  CHECK(strcmp(doudi_policy_version_name(p, 2), "2020.07") == 0);
  CHECK(strcmp(doudi_policy_version_effective(p, 2), "2020-07-01") == 0);

  doudi_fields* outputs = NULL;
  CHECK(doudi_policy_fields(p, "2020-08-01", 1, &outputs, &e) == DOUDI_OK);
  CHECK(doudi_fields_count(outputs) == 5);
  CHECK(strcmp(doudi_fields_name(outputs, 2), "dibao") == 0);
  CHECK(strcmp(doudi_fields_label(outputs, 2), "低保金") == 0);
  CHECK(strcmp(doudi_fields_type(outputs, 2), "money") == 0);
  doudi_fields_free(outputs);

  /* 900.00 for 3 people in 任城区 (tier 1, urban standard 630 from 2020-07):
   * (630 - 300) x 3 = 990.00; under 2017's 570: (570 - 300) x 3 = 810.00. */
  doudi_household* h = doudi_household_new("renc-urban-3");
  doudi_household_set(h, "district", "任城区");
  doudi_household_set(h, "hukou", "urban");
  doudi_household_set(h, "members", "3");
  doudi_household_set(h, "monthly_income", "900.00");
  doudi_results* r = NULL;
  CHECK(doudi_evaluate(p, h, "2020-08-01", &r, &e) == DOUDI_OK);
  CHECK(doudi_results_count(r) == 1);
  CHECK(strcmp(doudi_results_output_name(r, 2), "dibao") == 0);
  CHECK(strcmp(doudi_results_value(r, 0, 2), "990.00") == 0);
  CHECK(strcmp(doudi_results_id(r, 0), "renc-urban-3") == 0);
  CHECK(doudi_results_value(r, 0, 99) == NULL);
  doudi_results_free(r);
  CHECK(doudi_evaluate(p, h, "2018-01-01", &r, &e) == DOUDI_OK);
  CHECK(strcmp(doudi_results_value(r, 0, 2), "810.00") == 0);
  doudi_results_free(r);

  char* text = NULL;
  CHECK(doudi_explain(p, h, "2020-08-01", "dibao", 1, &text, &e) == DOUDI_OK);
  CHECK(text && strstr(text, "\"derivation\"") && strstr(text, "\"dibao_standard\""));
  doudi_string_free(text);
  CHECK(doudi_explain(p, h, "2020-08-01", "nothing", 0, &text, &e) == DOUDI_INVALID_ARGUMENT);
  CHECK(strstr(doudi_error_message(e), "nothing") != NULL);
  doudi_error_free(e);

  /* A bad field and a bad date are errors, not crashes. */
  doudi_household_set(h, "members", "three");
  CHECK(doudi_evaluate(p, h, "2020-08-01", &r, &e) == DOUDI_HOUSEHOLD_ERROR);
  CHECK(strstr(doudi_error_message(e), "members") != NULL);
  doudi_error_free(e);
  CHECK(doudi_evaluate(p, h, "not a date", &r, NULL) == DOUDI_INVALID_ARGUMENT);
  doudi_household_free(h);

  /* The example households from YAML. */
  snprintf(path, sizeof path, "%s/examples/jining/households.yaml", source);
  doudi_household** list = NULL;
  size_t count = 0;
  CHECK(doudi_households_read(path, &list, &count, &e) == DOUDI_OK);
  CHECK(count == 6);
  CHECK(doudi_evaluate_many(p, (const doudi_household* const*)list, count, "2020-08-01", 2, &r, &e) == DOUDI_OK);
  CHECK(doudi_results_count(r) == 6);
  CHECK(strcmp(doudi_results_value(r, 3, 4), "770.01") == 0); /* README: liangs-urban-odd-income */
  doudi_results_free(r);
  doudi_households_free(list, count);
  doudi_policy_free(p);
}

/* The reference workload: every household through doudi_evaluate_many, the
 * rows written as `doudi run --format csv` writes them. */
static void test_reference(const char* source) {
  char path[4096];
  snprintf(path, sizeof path, "%s/policies/reference", source);
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  if (doudi_policy_load(path, &p, &e) != DOUDI_OK) {
    fprintf(stderr, "%s\n", doudi_error_message(e));
    ++failures;
    return;
  }
  snprintf(path, sizeof path, "%s/tests/data/reference_households_10k.csv", source);
  char* csv = slurp(path);
  snprintf(path, sizeof path, "%s/tests/data/reference_expected_10k.csv", source);
  char* expected = slurp(path);
  CHECK(csv && expected);
  if (!csv || !expected) return;

  char* columns[32];
  int ncolumns = 0;
  char* line = strtok(csv, "\n");
  for (char* f = line; f && ncolumns < 32;) {
    columns[ncolumns++] = f;
    char* comma = strchr(f, ',');
    if (comma) *comma = '\0';
    f = comma ? comma + 1 : NULL;
  }
  size_t n = 0, cap = 16384;
  doudi_household** households = malloc(cap * sizeof *households);
  while ((line = strtok(NULL, "\n")) != NULL) {
    doudi_household* h = doudi_household_new(NULL);
    char* f = line;
    for (int c = 0; c < ncolumns && f; ++c) {
      char* comma = strchr(f, ',');
      if (comma) *comma = '\0';
      if (strcmp(columns[c], "id") == 0) {
        doudi_household_free(h);
        h = doudi_household_new(f);
      } else {
        CHECK(doudi_household_set(h, columns[c], f) == DOUDI_OK);
      }
      f = comma ? comma + 1 : NULL;
    }
    households[n++] = h;
  }
  CHECK(n == 10000);

  doudi_results* r = NULL;
  CHECK(doudi_evaluate_many(p, (const doudi_household* const*)households, n, "2020-08-01", 2, &r, &e) == DOUDI_OK);
  char* out = NULL;
  size_t len = 0, outcap = 0;
  append(&out, &len, &outcap, "id");
  for (size_t o = 0; o < doudi_results_output_count(r); ++o) {
    append(&out, &len, &outcap, ",");
    append(&out, &len, &outcap, doudi_results_output_name(r, o));
  }
  append(&out, &len, &outcap, "\n");
  for (size_t i = 0; i < doudi_results_count(r); ++i) {
    CHECK(doudi_results_status(r, i) == DOUDI_OK);
    append(&out, &len, &outcap, doudi_results_id(r, i));
    for (size_t o = 0; o < doudi_results_output_count(r); ++o) {
      append(&out, &len, &outcap, ",");
      append(&out, &len, &outcap, doudi_results_value(r, i, o));
    }
    append(&out, &len, &outcap, "\n");
  }
  CHECK(strcmp(out, expected) == 0);
  if (strcmp(out, expected) != 0) {
    size_t k = 0;
    while (out[k] && out[k] == expected[k]) ++k;
    fprintf(stderr, "first difference at byte %zu: got '%.40s', expected '%.40s'\n", k, out + k, expected + k);
  }
  free(out);
  doudi_results_free(r);
  doudi_households_free(households, n);
  free(csv);
  free(expected);
  doudi_policy_free(p);
}

/* Per-member outputs and the evaluation date: Jining's programmes policy,
 * an orphan born 2002-08-02 gets the study aid (10000) from the day she is
 * 18, as `doudi run --date 2020-08-02` prints (orphan_aid 1:10000.00). */
static void test_member_outputs(const char* source) {
  char path[4096];
  snprintf(path, sizeof path, "%s/policies/jining/programmes", source);
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  CHECK(doudi_policy_load(path, &p, &e) == DOUDI_OK);
  if (!p) {
    fprintf(stderr, "%s\n", doudi_error_message(e));
    ++failures;
    return;
  }
  doudi_household* h = doudi_household_new("o");
  doudi_household_set(h, "district", "泗水县");
  doudi_household_set(h, "hukou", "rural");
  doudi_household_set(h, "monthly_income", "0");
  size_t m = doudi_household_add_person(h);
  doudi_household_set_person(h, m, "birth_date", "2002-08-02");
  doudi_household_set_person(h, m, "orphan", "true");
  doudi_household_set_person(h, m, "study", "secondary_vocational");
  doudi_household_set_person(h, m, "no_guardian", "true");
  doudi_household_set_person(h, m, "care", "self");
  const char* dates[2] = {"2020-08-01", "2020-08-02"};
  for (int d = 0; d < 2; ++d) {
    doudi_results* r = NULL;
    CHECK(doudi_evaluate(p, h, dates[d], &r, &e) == DOUDI_OK);
    if (!r) {
      fprintf(stderr, "%s\n", doudi_error_message(e));
      ++failures;
      continue;
    }
    size_t aid = (size_t)-1;
    for (size_t o = 0; o < doudi_results_member_output_count(r, 0); ++o)
      if (strcmp(doudi_results_member_output_name(r, 0, o), "orphan_aid") == 0) aid = o;
    CHECK(aid != (size_t)-1);
    if (d == 0) {
      CHECK(doudi_results_member_count(r, 0, aid) == 0); /* 17: not yet */
    } else {
      size_t member = 99;
      CHECK(doudi_results_member_count(r, 0, aid) == 1);
      const char* value = doudi_results_member_value(r, 0, aid, 0, &member);
      CHECK(value && strcmp(value, "10000.00") == 0);
      CHECK(member == 0);
      CHECK(doudi_results_member_value(r, 0, aid, 1, &member) == NULL);
    }
    doudi_results_free(r);
  }
  doudi_household_free(h);
  doudi_policy_free(p);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s SOURCE_DIR\n", argv[0]);
    return 2;
  }
  test_policy_error_has_positions();
  test_jining(argv[1]);
  test_reference(argv[1]);
  test_member_outputs(argv[1]);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c api: all checks passed\n");
  return 0;
}
