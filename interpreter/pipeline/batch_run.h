// Running a policy over a CSV household file: streamed, in batches, on
// several threads, with output in input order.
//
// Design note. The file is read in blocks of whole records (CsvBlockReader,
// ~512 KiB). Each block is a unit of work: a worker splits its records, reads
// their fields into batch columns (csv_batch.h), runs the compiled program
// (fast_eval.h), and formats the rows — CSV text at once; other formats keep
// the exact values for the writer. A row the fast path cannot take (a field
// it does not read, a poisoned output) is read and evaluated again by the
// exact path: csv_record_to_household + Evaluator, the same functions the
// row reader uses, so its values and its error messages are the usual ones.
// The calling thread reads blocks ahead, and writes finished blocks strictly
// in order, with their error messages, so the output (stdout and stderr) is
// the same bytes whatever the number of threads. At most a few blocks per
// thread are in flight: memory stays flat whatever the file's size.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "dsl/model.h"
#include "interpreter/compiled/program.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/errors_file.h"
#include "interpreter/formats/household_file.h"
#include "interpreter/formats/household_ids.h"
#include "interpreter/formats/results.h"

namespace doudi {

struct BatchProgress {
  long rows = 0;                        // data rows done (written)
  unsigned long long bytes_done = 0;    // of the file
  unsigned long long bytes_total = 0;   // 0 when unknown (a pipe)
};

struct BatchRunOptions {
  int threads = 0;                      // 0: every core
  std::string name;                     // the file's name in messages (default: its path)
  size_t block_bytes = size_t{1} << 19;
  // Called in order with the stderr text of bad rows (complete lines).
  std::function<void(std::string_view)> messages;
  // Called in order with each rejected row (what the messages say, as data).
  std::function<void(const RejectedHousehold&)> rejected;
  // The date rules see as evaluation_date (a row whose rules read it is
  // evaluated by the exact path, which needs it).
  std::optional<int> evaluation_date;
  // Called after each block is written.
  std::function<void(const BatchProgress&)> progress;
  // When given (and the file has an `id` column), a row whose id an earlier
  // row of the run had is rejected ("field 'id': … given to an earlier
  // household"), in file order; shared by every file of a run.
  HouseholdIds* ids = nullptr;
  // A people file (people_join.h): each row a member of the household whose
  // id its column `household` holds. Empty: the rows have no people, which a
  // policy with member inputs refuses.
  std::string people;
  // Columns that name no input: an error, ignored, or passed to the output
  // (the writer's set_extra_columns) beside `id`.
  ExtraColumns extra_columns = ExtraColumns::error;
};

struct BatchRunResult {
  long evaluated = 0;  // households written
  long rejected = 0;   // bad rows (read or evaluation errors), each reported
  long fast = 0;       // of the evaluated, how many the compiled program gave (the rest: Evaluator)
  long not_applicable = 0;  // of the evaluated, how many have an output that is n/a (each reported)
  std::optional<HouseholdError> file_error;  // the file could not be used at all
  // With people: whether they came in household order (streamed), or else
  // the bytes held to join them.
  bool people_in_order = true;
  unsigned long long people_memory = 0;
  std::string read_as;                       // how the file was read: "UTF-8", "GB18030", "xlsx, sheet '…'"
  std::vector<std::string> unknown_columns;  // ignored or passed (see extra_columns)
};

// Evaluates every row of the CSV file at `path` with `program` (compiled
// from `m`) and writes the results to `writer` in file order. Exceptions from
// a worker (an internal error) are rethrown here.
BatchRunResult run_csv_file(const model::Model& m, const fast::Program& program,
                            const std::string& path, ResultWriter& writer,
                            const BatchRunOptions& options);

// The message `doudi run` prints for a household the policy cannot be
// evaluated on: "FILE: line N (id X): rule 'r': … (at FILE:L:C)".
std::string evaluation_error_message(const Household& h, const EvaluationError& e);

// The notice for a household evaluated with outputs that are n/a (a figure
// written n/a): one line per such output, "FILE: line N (id X): output
// 'tekun' is n/a: rule 'r': table … (at FILE:L:C)". Empty when none is.
std::string not_applicable_message(const model::Model& m, const Household& h,
                                   const std::vector<NotApplicableOutput>& not_applicable);

// Threads to use for `requested` (0: every core), at least 1.
int thread_count(int requested);

}  // namespace doudi
