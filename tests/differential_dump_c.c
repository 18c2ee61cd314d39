/* The C API's view of a household file, for tests/differential.py: one line
 * per household, "id<TAB>value<TAB>value…" (household outputs in declared
 * order), or "id<TAB>REJECTED<TAB>message". Usage: POLICY HOUSEHOLDS DATE. */
#include <stdio.h>

#include "doudi/doudi.h"

int main(int argc, char** argv) {
  if (argc != 4) return 2;
  doudi_policy* p = NULL;
  doudi_error* e = NULL;
  if (doudi_policy_load(argv[1], &p, &e) != DOUDI_OK) {
    fprintf(stderr, "%s\n", doudi_error_message(e));
    doudi_error_free(e);
    return 2;
  }
  doudi_household** hs = NULL;
  size_t n = 0;
  if (doudi_households_read(argv[2], &hs, &n, &e) != DOUDI_OK) {
    fprintf(stderr, "%s\n", doudi_error_message(e));
    doudi_error_free(e);
    doudi_policy_free(p);
    return 2;
  }
  doudi_results* r = NULL;
  int code = 0;
  if (doudi_evaluate_many(p, (const doudi_household* const*)hs, n, argv[3], 1, &r, &e) != DOUDI_OK) {
    fprintf(stderr, "%s\n", doudi_error_message(e));
    doudi_error_free(e);
    code = 2;
  } else {
    for (size_t row = 0; row < doudi_results_count(r); ++row) {
      printf("%s", doudi_results_id(r, row));
      if (doudi_results_status(r, row) != DOUDI_OK) {
        printf("\tREJECTED\t%s\n", doudi_results_error(r, row));
        continue;
      }
      for (size_t o = 0; o < doudi_results_output_count(r); ++o) printf("\t%s", doudi_results_value(r, row, o));
      printf("\n");
    }
    doudi_results_free(r);
  }
  doudi_households_free(hs, n);
  doudi_policy_free(p);
  return code;
}
