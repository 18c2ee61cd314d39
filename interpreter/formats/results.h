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
#include "base/exact.h"
#include "base/text.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/evaluation/trace.h"

namespace doudi {

enum class OutputFormat { table, json, csv, xlsx };

struct RunInfo {
  std::string policy_path;
  std::string date;  // YYYY-MM-DD
  // A hash of the policy's files, printed by the JSON writer when given
  // (`doudi serve` answers carry it, so a platform can store what decided).
  std::string fingerprint = {};
  // CSV for Excel (--excel, results_excel.h): BOM, CRLF, label headers, ids as text.
  bool excel = false;
};

// Why a household has no result, for writers that report it in its place.
struct RejectionReason {
  std::string field;  // "" when not about one field
  std::string reason;
  long member = 0;    // 1-based place of the member under `people` it is about; 0: the household
};

class ResultWriter {
 public:
  virtual ~ResultWriter() = default;
  // Writes one household's outputs (in the model's declared order), its
  // per-member outputs' values (Evaluator::member_values, for a policy that
  // declares `output per …`) and the outputs that are n/a
  // (Evaluator::not_applicable): each writer prints those as `n/a`, never
  // their placeholder value.
  virtual void write(const Household& h, const std::vector<Exact>& outputs,
                     const std::vector<std::vector<MemberValue>>& members,
                     const std::vector<NotApplicableOutput>& not_applicable) = 0;
  void write(const Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members) {
    write(h, outputs, members, {});
  }
  void write(const Household& h, const std::vector<Exact>& outputs) { write(h, outputs, {}, {}); }
  // A household that could not be read or evaluated, in its place among the
  // results: the JSON writer prints `{"id": …, "errors": [{field, reason}]}`;
  // the others write nothing (the CLI reports it on stderr).
  virtual void write_rejected(const std::string& id, const std::vector<RejectionReason>& reasons) {
    (void)id;
    (void)reasons;
  }
  // Finishes the document (the table is printed here, being aligned).
  virtual void finish() = 0;
  // The CSV writer also takes rows already formatted by CsvRowFormatter (the
  // batch pipeline formats them on its own threads); other formats take
  // write() only.
  virtual bool takes_csv_rows() const { return false; }
  virtual void write_csv_rows(std::string_view rows) { (void)rows; }
  // Input columns passed through to the output beside `id` (--extra-columns
  // pass), by name, before the first row; each Household then carries their
  // texts in `extra`. The CSV, xlsx and JSON writers print them.
  virtual void set_extra_columns(const std::vector<std::string>& names) { extra_ = names; }
  const std::vector<std::string>& extra_columns() const { return extra_; }
  // Why the document could not be finished ("" when it was): the xlsx
  // writer's workbook may fail to assemble.
  virtual std::string problem() const { return ""; }

 protected:
  std::vector<std::string> extra_;
};

// The text of CSV result rows, shared by the csv ResultWriter and the batch
// pipeline so both print the same bytes: `id,<outputs>` with amounts at their
// declared scale (Exact::to_fixed's text), names for codes.
class CsvRowFormatter {
 public:
  explicit CsvRowFormatter(const model::Model& m);
  // `id`, the `extra` columns passed through, then the outputs: by name, or
  // (`headings`) as column_heading gives them, for people.
  std::string header(const std::vector<std::string>& extra = {}, bool headings = false) const;
  // Appends one row from exact values. Per-member outputs (when the policy
  // has them) are one field each, `MEMBER:VALUE` pairs joined by ';'
  // ("1:5000.00;3:1000.00"), empty without `members`.
  // An output listed in `not_applicable` is the field `n/a`. `extra`: the
  // passed-through columns' texts (set_extra_columns), after the id.
  void append_row(std::string& out, std::string_view id, const std::vector<Exact>& outputs,
                  const std::vector<std::vector<MemberValue>>* members = nullptr,
                  const std::vector<NotApplicableOutput>* not_applicable = nullptr,
                  const std::vector<std::string>* extra = nullptr) const;
  // Appends one row from fast values (values[o]: fixed point at output o's
  // scale, or a code). Returns false, appending nothing, when a code names
  // no value (the caller then asks the exact path).
  bool append_fast_row(std::string& out, std::string_view id, const int64_t* values) const;

 private:
  bool append_fast_value(std::string& out, size_t o, int64_t value) const;

  const model::Model& m_;
  // Per output, its values' CSV text by code (enumerations, districts,
  // regions, booleans); empty for amounts and dates.
  std::vector<std::vector<std::string>> names_;
};

// How an output that is n/a is printed in every format.
inline constexpr std::string_view kNotApplicableText = "n/a";

// Appends scaled / 10^scale with exactly `scale` digits after the point
// ("990.00", "-0.50", "3"), byte for byte what Exact::to_fixed writes.
void append_fixed(std::string& out, int64_t scaled, int scale);
// The same text written at `p` (room for 48 bytes); returns its end.
char* write_fixed(char* p, int64_t scaled, int scale);

// The header of a column for people: "label (name)" when the label is given
// and differs from the name, else the name.
std::string column_heading(std::string_view label, std::string_view name);

// A writer for `format` onto `out`, which must outlive it (the CSV one for
// Excel when info.excel is set).
std::unique_ptr<ResultWriter> make_result_writer(OutputFormat format, const model::Model& m,
                                                 const RunInfo& info, std::ostream& out);

}  // namespace doudi
