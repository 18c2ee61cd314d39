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
  CHECK(doudi_policy_fields(p, "2020-08-01", DOUDI_OUTPUTS, &outputs, &e) == DOUDI_OK);
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
  CHECK(doudi_explain(p, h, "2020-08-01", "dibao", DOUDI_EXPLAIN_JSON, &text, &e) == DOUDI_OK);
  CHECK(text && strstr(text, "\"derivation\"") && strstr(text, "\"dibao_standard\""));
  doudi_string_free(text);
  CHECK(doudi_explain(p, h, "2020-08-01", "nothing", DOUDI_EXPLAIN_TEXT, &text, &e) == DOUDI_INVALID_ARGUMENT);
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
  CHECK(strcmp(doudi_results_version(r, 3), "2020.07") == 0);
  CHECK(strcmp(doudi_results_fingerprint(r, 3), doudi_policy_fingerprint(p)) == 0);
  CHECK(strncmp(doudi_policy_fingerprint(p), "sha1:", 5) == 0);
  doudi_results_free(r);

  /* Errors as data: a failed row keeps its id, row, field and reason. */
  doudi_household_set(list[1], "members", "three");
  CHECK(doudi_evaluate_many(p, (const doudi_household* const*)list, count, "2020-08-01", 1, &r, &e) == DOUDI_OK);
  CHECK(doudi_results_status(r, 1) == DOUDI_HOUSEHOLD_ERROR);
  CHECK(doudi_results_id(r, 1) != NULL && strcmp(doudi_results_id(r, 1), "jinx-rural-4") == 0);
  CHECK(doudi_results_row(r, 1) == 2);
  CHECK(strcmp(doudi_results_error_field(r, 1), "members") == 0);
  CHECK(strstr(doudi_results_error_reason(r, 1), "three") != NULL);
  CHECK(strcmp(doudi_results_error_field(r, 0), "") == 0);
  CHECK(doudi_results_row(r, 0) == 1);
  doudi_results_free(r);
  doudi_household_set(list[1], "members", "4");

  /* What-if with a set figure: 一类地区 urban 630 -> 660. */
  const char* settings[] = {"dibao_standard[一类地区, urban]=660"};
  doudi_policy* raised = NULL;
  CHECK(doudi_policy_with_settings(p, "2020-08-01", settings, 1, &raised, &e) == DOUDI_OK);
  doudi_whatif* w = NULL;
  CHECK(doudi_whatif_run(p, raised, (const doudi_household* const*)list, count, "2020-08-01", &w, &e) == DOUDI_OK);
  CHECK(doudi_whatif_households(w) == 6);
  CHECK(strcmp(doudi_whatif_cost_before(w), "4490.01") == 0);
  CHECK(strcmp(doudi_whatif_difference(w), "90.00") == 0);
  CHECK(strstr(doudi_whatif_text(w), "+90.00") != NULL);
  doudi_whatif_free(w);
  CHECK(strcmp(doudi_policy_fingerprint(raised), doudi_policy_fingerprint(p)) != 0);
  doudi_policy_free(raised);
  doudi_policy* v2017 = NULL;
  CHECK(doudi_policy_version(p, "2017", &v2017, &e) == DOUDI_OK);
  CHECK(doudi_evaluate(v2017, list[0], "2020-08-01", &r, &e) == DOUDI_OK);
  CHECK(strcmp(doudi_results_value(r, 0, 2), "810.00") == 0 && strcmp(doudi_results_version(r, 0), "2017") == 0);
  doudi_results_free(r);
  doudi_policy_free(v2017);
  doudi_households_free(list, count);
  doudi_policy_free(p);
}

/* Metadata for a form: kinds, units, bounds, defaults, values with labels,
 * districts by region, a table's figures, and the JSON document. */
static void test_metadata(const char* source) {
  char path[4096];
  snprintf(path, sizeof path, "%s/policies/jining", source);
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  CHECK(doudi_policy_load(path, &p, &e) == DOUDI_OK);
  if (!p) return;
  CHECK(strcmp(doudi_version(), "0.1.0") == 0);
  doudi_fields* in = NULL;
  CHECK(doudi_policy_fields(p, "2020-08-01", DOUDI_INPUTS, &in, &e) == DOUDI_OK);
  size_t income = 99, care = 99, district = 99;
  for (size_t i = 0; i < doudi_fields_count(in); ++i) {
    if (strcmp(doudi_fields_name(in, i), "monthly_income") == 0) income = i;
    if (strcmp(doudi_fields_name(in, i), "care") == 0) care = i;
    if (strcmp(doudi_fields_name(in, i), "district") == 0) district = i;
  }
  CHECK(income != 99 && care != 99 && district != 99);
  CHECK(doudi_fields_kind(in, income) == DOUDI_MONEY);
  CHECK(doudi_fields_scale(in, income) == 2);
  CHECK(strcmp(doudi_fields_unit(in, income), "per month") == 0);
  CHECK(strcmp(doudi_fields_at_least(in, income), "0") == 0);
  CHECK(doudi_fields_at_most(in, income) == NULL);
  CHECK(doudi_fields_has_default(in, income) == 0 && doudi_fields_default(in, income) == NULL);
  CHECK(doudi_fields_scope(in, income) == DOUDI_HOUSEHOLD);
  CHECK(doudi_fields_kind(in, care) == DOUDI_ENUMERATION);
  CHECK(doudi_fields_has_default(in, care) == 1 && strcmp(doudi_fields_default(in, care), "none") == 0);
  CHECK(doudi_fields_value_count(in, care) == 4);
  CHECK(strcmp(doudi_fields_value_name(in, care, 2), "partial") == 0);
  CHECK(strcmp(doudi_fields_value_label(in, care, 2), "部分丧失") == 0);
  CHECK(doudi_fields_region_count(in, district) == 2);
  CHECK(strcmp(doudi_fields_region_name(in, district, 1), "二类地区") == 0);
  CHECK(strcmp(doudi_fields_district(in, district, 1, 0), "泗水县") == 0);
  doudi_fields_free(in);
  char* cell = NULL;
  const char* keys[] = {"二类地区", "rural"};
  CHECK(doudi_policy_table_cell(p, "2020-08-01", "dibao_standard", keys, 2, &cell, &e) == DOUDI_OK);
  CHECK(cell && strcmp(cell, "445") == 0);
  doudi_string_free(cell);
  const char* none[] = {"none"};
  CHECK(doudi_policy_table_cell(p, "2020-08-01", "care_standard", none, 1, &cell, &e) == DOUDI_OK);
  CHECK(cell == NULL); /* n/a */
  const char* wrong[] = {"三类地区", "rural"};
  CHECK(doudi_policy_table_cell(p, "2020-08-01", "dibao_standard", wrong, 2, &cell, &e) == DOUDI_INVALID_ARGUMENT);
  doudi_error_free(e);
  char* json = NULL;
  CHECK(doudi_policy_metadata_json(p, "2020-08-01", &json, &e) == DOUDI_OK);
  CHECK(json && strstr(json, "\"name\":\"jining.social_assistance\"") && strstr(json, "\"at_least\":\"0\""));
  CHECK(json && strstr(json, doudi_policy_fingerprint(p)) != NULL);
  doudi_string_free(json);
  doudi_policy_free(p);
}

/* A CSV text in chunks: good rows and the bad one with its row and field. */
struct chunk_tally {
  size_t good, bad;
  long bad_row;
  char bad_field[64];
};
static void on_chunk(void* user, const doudi_results* chunk) {
  struct chunk_tally* t = user;
  for (size_t i = 0; i < doudi_results_count(chunk); ++i) {
    if (doudi_results_status(chunk, i) == DOUDI_OK) {
      ++t->good;
    } else {
      ++t->bad;
      t->bad_row = doudi_results_row(chunk, i);
      snprintf(t->bad_field, sizeof t->bad_field, "%s", doudi_results_error_field(chunk, i));
    }
  }
}
static void test_csv_stream(const char* source) {
  char path[4096];
  snprintf(path, sizeof path, "%s/policies/jining", source);
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  CHECK(doudi_policy_load(path, &p, &e) == DOUDI_OK);
  if (!p) return;
  struct chunk_tally t = {0, 0, 0, ""};
  size_t rows = 0;
  const char* csv = "id,district,hukou,members,monthly_income\na,任城区,urban,3,900\nb,任城区,urban,x,1\nc,泗水县,rural,2,100\n";
  CHECK(doudi_evaluate_csv_text(p, csv, "2020-08-01", 1, 1, on_chunk, &t, &rows, &e) == DOUDI_OK);
  CHECK(rows == 3 && t.good == 2 && t.bad == 1);
  CHECK(t.bad_row == 2 && strcmp(t.bad_field, "members") == 0);
  CHECK(doudi_evaluate_csv_text(p, "id,colour\nx,red\n", "2020-08-01", 1, 1, on_chunk, &t, &rows, &e) == DOUDI_HOUSEHOLD_ERROR);
  doudi_error_free(e);
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
  test_metadata(argv[1]);
  test_csv_stream(argv[1]);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c api: all checks passed\n");
  return 0;
}
