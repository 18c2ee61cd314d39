// Result writers: one household's outputs -> table, JSON or CSV text.
//
// CSV prints the header `id,<outputs in declared order>` and each amount at
// its declared scale (the byte-exact form the reference workload is checked
// in). JSON carries amounts as strings of exact decimals, so no reader turns
// them into binary floating point. The table is for people: aligned columns
// headed by the outputs' names and labels.
#pragma once

#include <memory>
#include <ostream>
#include <string>
#include <vector>

#include "dsl/model.h"
#include "interpreter/exact.h"
#include "interpreter/household.h"

namespace doudi {

enum class OutputFormat { table, json, csv };

struct RunInfo {
  std::string policy_path;
  std::string date;  // YYYY-MM-DD
};

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // Writes one household's outputs (in the model's declared order).
  virtual void write(const Household& h, const std::vector<Exact>& outputs) = 0;
  // Finishes the document (the table is printed here, being aligned).
  virtual void finish() = 0;
};

// A writer for `format` onto `out`, which must outlive it.
std::unique_ptr<ResultWriter> make_result_writer(OutputFormat format, const model::Model& m,
                                                 const RunInfo& info, std::ostream& out);

// Quotes a CSV field when it holds a comma, quote or line break.
std::string csv_field(const std::string& text);
// A JSON string literal with escapes.
std::string json_string(const std::string& text);

}  // namespace doudi
