// Errors files: one CSV row for every household a run could not evaluate.
//
// Design note. A batch run must lose nothing: each input row either becomes an
// output row or an errors-file row (where it is, its id, and why), so that
// rows read = rows written + rows rejected can be checked by counting lines.
// Messages on stderr say the same in words; the errors file is for programs
// (re-submitting the rejected rows, a report to the agency that sent them).
// A household with several bad fields is one row, its fields and reasons
// joined with "; ".
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/household_file.h"

namespace doudi {

struct RejectedHousehold {
  std::string file;
  long row = 0;   // CSV data row (1-based) or place in a YAML/JSON file; 0: the file itself
  long line = 0;  // the CSV line it starts on; 0 for YAML/JSON
  std::string id;
  std::string field;  // the field(s) at fault, "" when not about one
  std::string reason;
};

// The row for a household that could not be read (`errors` all about the
// same household; at least one).
RejectedHousehold rejected_household(const std::vector<HouseholdError>& errors);
// The row for a household the policy could not be evaluated on.
RejectedHousehold rejected_household(const Household& h, const EvaluationError& e);

// Writes the header `file,row,line,id,field,reason` at construction, then one
// row per add(), quoted as CSV needs.
class ErrorsFile {
 public:
  explicit ErrorsFile(std::ostream& out);
  void add(const RejectedHousehold& r);
  long rows() const { return rows_; }

 private:
  std::ostream& out_;
  long rows_ = 0;
};

}  // namespace doudi
