// The CSV batch pipeline (see batch_run.h): blocks of records -> workers ->
// results written in order.
#include "interpreter/pipeline/batch_run.h"

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <deque>
#include <exception>
#include <map>
#include <mutex>
#include <thread>

#include <fmt/format.h>

#include "interpreter/formats/csv_batch.h"
#include "interpreter/formats/csv_record.h"
#include "interpreter/compiled/fast_eval.h"
#include "interpreter/formats/people_join.h"

namespace doudi {
namespace {

// A block of whole records and where it sits in the file.
struct Chunk {
  std::string text;
  size_t begin = 0;           // first record (after the header, in the first block)
  long first_line = 0;        // line number of the first record
  long first_row = 0;         // data-row number of the first record
  long lines = 0;             // physical lines from `begin` on
  unsigned long long bytes_end = 0;
  PeopleChunk people;         // with --people: the people of these households
};

// What a block gives: text for the output, messages for stderr, counts.
struct ChunkResult {
  std::string csv;  // CSV rows (when the writer takes them)
  struct Row {
    std::string id;
    std::vector<Exact> outputs;
    std::vector<std::vector<MemberValue>> members;  // per-member outputs, when the policy has them
    std::vector<NotApplicableOutput> not_applicable;  // its outputs that are n/a
    std::vector<std::string> extra;                 // passed-through columns' texts
  };
  std::vector<Row> rows;  // other formats
  std::string messages;
  std::vector<RejectedHousehold> rejected_rows;  // what `messages` says, as data
  long evaluated = 0, rejected = 0;
  long fast = 0;  // of the evaluated: by the program
  long not_applicable = 0;  // of the evaluated: with an output that is n/a
  std::exception_ptr failure;
  // Each row written, in order, when ids are checked: its id, where its CSV
  // text ends in `csv` (or its index in `rows`), and where it was read.
  struct Written {
    std::string id;
    size_t csv_end = 0;
    long row = 0, line = 0;
  };
  std::vector<Written> written;

  void clear() {
    csv.clear();
    written.clear();
    rows.clear();
    messages.clear();
    rejected_rows.clear();
    evaluated = rejected = fast = not_applicable = 0;
    failure = nullptr;
  }
};

// Everything a worker shares with the others (read only).
struct RunContext {
  const model::Model& model;
  const fast::Program& program;
  const CsvColumns& columns;
  const fast::CsvFieldReader& fields;
  std::shared_ptr<const std::string> path;
  bool csv;  // the writer takes CSV rows
  std::optional<int> evaluation_date;
  const PeopleColumns* people = nullptr;  // with --people
  std::string people_path;
  const fast::CsvFieldReader* person_fields = nullptr;  // the people file's columns
  bool states_member_count = false;  // the households file gives the member-count input
  bool track_ids = false;  // note each written row's id (ChunkResult::written)
  bool pass_columns = false;  // columns passed through: every row takes the exact path, which reads them
};

// One thread's evaluation state: a batch, an exact evaluator for the rows the
// batch cannot take, a splitter and scratch rows.
class ChunkWorker {
 public:
  explicit ChunkWorker(const RunContext& c)
      : c_(c),
        fast_(c.program),
        exact_(c.model),
        formatter_(c.model),
        places_(fast::kBatchRows),
        ids_(fast::kBatchRows),
        values_(c.model.outputs.size()) {
    exact_.set_evaluation_date(c.evaluation_date);
    c.fields.prepare(fast_);
    if (c.person_fields) c.person_fields->prepare(fast_);
  }

  void process(const Chunk& chunk, ChunkResult& out) {
    out.clear();
    if (c_.people) return process_roster(chunk, out);
    try {
      std::string_view text(chunk.text);
      size_t position = chunk.begin;
      long line = chunk.first_line, row = chunk.first_row;
      while (position < text.size()) {
        int rows = 0;
        while (rows < fast::kBatchRows && position < text.size()) {
          splitter_.split(text.substr(position), true, record_);
          if (!csv_record_blank(record_)) place(rows++, position, line, row);  // a blank line: no household
          position += record_.length;
          line += record_.lines;
          ++row;
        }
        fast_.run(rows);
        for (int i = 0; i < rows; ++i) {
          const Place& p = places_[static_cast<size_t>(i)];
          long before = out.evaluated;
          if (p.fast && fast_.ok(i) && write_fast(i, out)) ++out.fast;
          else write_exact(text, p, out);
          if (c_.track_ids && out.evaluated > before) note_written(p, out);
        }
      }
    } catch (...) {
      out.failure = std::current_exception();
    }
  }

 private:
  struct Place {
    size_t offset = 0;
    long line = 0, row = 0;
    bool fast = false;
    // With people: where the household's first person is, and how many.
    size_t person = 0;
    long person_line = 0;
    size_t person_index = 0;
    int people = 0;
  };

  // Records where row `i` of the batch is, and reads its fields if it can.
  void place(int i, size_t offset, long line, long row) {
    Place& p = places_[static_cast<size_t>(i)];
    p = Place{offset, line, row, !c_.pass_columns && c_.fields.read(record_.fields, fast_, i)};
    if (p.fast && c_.columns.id >= 0 && !id_acceptable(record_.fields[static_cast<size_t>(c_.columns.id)]))
      p.fast = false;  // the exact reader rejects it (the fields' count is the header's: read() says so)
    if (!p.fast) return;
    std::string& id = ids_[static_cast<size_t>(i)];
    if (c_.columns.id >= 0) {
      id.assign(record_.fields[static_cast<size_t>(c_.columns.id)]);
    } else {
      char digits[24];
      id.assign(digits, std::to_chars(digits, digits + sizeof digits, row).ptr);
    }
  }

  bool write_fast(int i, ChunkResult& out) {
    for (size_t o = 0; o < values_.size(); ++o) values_[o] = fast_.output(o, i);
    const std::string& id = ids_[static_cast<size_t>(i)];
    if (c_.csv) {
      if (!formatter_.append_fast_row(out.csv, id, values_.data())) return false;
      if (c_.track_ids) last_id_ = id;
    } else {
      std::vector<Exact> outputs;
      outputs.reserve(values_.size());
      for (size_t o = 0; o < values_.size(); ++o)
        outputs.push_back(fast::output_value(c_.program.outputs[o], values_[o]));
      out.rows.push_back({id, std::move(outputs), {}, {}, {}});
    }
    ++out.evaluated;
    return true;
  }

  void note_written(const Place& p, ChunkResult& out) {
    const std::string& id = c_.csv ? last_id_ : out.rows.back().id;
    out.written.push_back({id, out.csv.size(), p.row, p.line});
  }

  // The row read and evaluated as the row reader and `doudi run` always did.
  void write_exact(std::string_view text, const Place& p, ChunkResult& out) {
    splitter_.split(text.substr(p.offset), true, record_);
    auto error = csv_record_to_household(c_.model, c_.path, c_.columns, record_.fields, p.row,
                                         p.line, household_);
    if (error) {
      out.messages += error->render();
      out.messages += '\n';
      out.rejected_rows.push_back(rejected_household({*error}));
      ++out.rejected;
      return;
    }
    evaluate_exact(out);
  }

  void evaluate_exact(ChunkResult& out) {
    try {
      const std::vector<Exact>& outputs = exact_.evaluate(household_);
      const auto& members = exact_.member_values();
      const auto& not_applicable = exact_.not_applicable();
      if (c_.csv)
        formatter_.append_row(out.csv, household_.id, outputs, members.empty() ? nullptr : &members,
                              &not_applicable);
      else out.rows.push_back({household_.id, outputs, members, not_applicable, household_.extra});
      if (!not_applicable.empty()) {
        out.messages += not_applicable_message(c_.model, household_, not_applicable);
        ++out.not_applicable;
      }
      if (c_.track_ids) last_id_ = household_.id;
      ++out.evaluated;
    } catch (const EvaluationError& e) {
      out.messages += evaluation_error_message(household_, e);
      out.rejected_rows.push_back(rejected_household(household_, e));
      ++out.rejected;
    }
  }

  void reject(std::vector<HouseholdError>& errors, ChunkResult& out) {
    for (const auto& e : errors) {
      out.messages += e.render();
      out.messages += '\n';
    }
    out.rejected_rows.push_back(rejected_household(errors));
    ++out.rejected;
  }

  // Households with their people (the chunk's people are theirs, in
  // household order): batches of households whose people fit the member
  // columns, read straight into them and run by the program; a household
  // the program cannot take is read, joined, checked and evaluated exactly.
  void process_roster(const Chunk& chunk, ChunkResult& out) {
    try {
      std::string_view text(chunk.text);
      Cursor at{chunk.begin, chunk.first_line, chunk.first_row, 0, chunk.people.first_line, 0};
      while (at.offset < text.size()) {
        int rows = fill_roster_batch(chunk, at);
        fast_.run(rows);
        for (int i = 0; i < rows; ++i) {
          const Place& p = places_[static_cast<size_t>(i)];
          if (p.fast && fast_.ok(i) && write_fast_roster(i, out)) ++out.fast;
          else write_exact_roster(chunk, p, out);
        }
      }
    } catch (...) {
      out.failure = std::current_exception();
    }
  }

 private:
  // Where the next household and its first person are.
  struct Cursor {
    size_t offset;
    long line, row;
    size_t person;
    long person_line;
    size_t person_index;  // among the chunk's people (for gathered lines)
  };

  // Reads households from `at` with their people into the batch, as many as
  // fit (kBatchRows households, kMemberRows people); returns how many.
  int fill_roster_batch(const Chunk& chunk, Cursor& at) {
    std::string_view text(chunk.text), people(chunk.people.text);
    auto household_column = static_cast<size_t>(c_.people->household);
    const fast::Program& program = c_.program;
    int64_t* counts = fast_.column(program.member_count);
    int64_t* count_input = program.member_count_input >= 0
                               ? fast_.column(program.inputs[static_cast<size_t>(program.member_count_input)].column)
                               : nullptr;
    int64_t* stated = c_.states_member_count ? count_input : nullptr;
    int rows = 0, person = 0;
    while (rows < fast::kBatchRows && at.offset < text.size()) {
      splitter_.split(text.substr(at.offset), true, record_);
      if (csv_record_blank(record_)) {  // a blank line: no household
        at.offset += record_.length;
        at.line += record_.lines;
        ++at.row;
        continue;
      }
      Place& p = places_[static_cast<size_t>(rows)];
      p = Place{at.offset, at.line, at.row, !c_.pass_columns && c_.fields.read(record_.fields, fast_, rows)};
      p.person = at.person;
      p.person_line = at.person_line;
      p.person_index = at.person_index;
      auto id_column = static_cast<size_t>(c_.columns.id);
      std::string_view id = id_column < record_.fields.size() && !csv_record_problem(record_.fields)
                                ? record_.fields[id_column]
                                : std::string_view();
      if (!id_acceptable(id)) p.fast = false;  // the exact reader rejects it
      Cursor next = at;
      int n = 0;
      bool people_fast = true;
      while (next.person < people.size()) {
        people_splitter_.split(people.substr(next.person), true, person_record_);
        const auto& fields = person_record_.fields;
        if (household_column >= fields.size() || fields[household_column] != id) break;
        if (person + n < fast::kMemberRows) people_fast &= c_.person_fields->read(fields, fast_, person + n);
        next.person += person_record_.length;
        next.person_line += person_record_.lines;
        ++next.person_index;
        ++n;
      }
      bool fits = person + n <= fast::kMemberRows;
      if (!fits && rows > 0) break;  // the next batch starts with this household
      p.people = n;
      counts[rows] = fits ? n : 0;
      if (count_input && !stated) count_input[rows] = n;  // its default, count(member)
      if (fits) person += n;
      // No people, or a stated count that differs: the exact path rejects it.
      p.fast = p.fast && people_fast && fits && n > 0 && (!stated || stated[rows] == n);
      if (p.fast) ids_[static_cast<size_t>(rows)].assign(id);
      at.offset += record_.length;
      at.line += record_.lines;
      ++at.row;
      at.person = next.person;
      at.person_line = next.person_line;
      at.person_index = next.person_index;
      ++rows;
    }
    return rows;
  }

  bool write_fast_roster(int i, ChunkResult& out) {
    const fast::Program& program = c_.program;
    if (program.member_outputs.empty()) return write_fast(i, out);
    std::vector<Exact> outputs;
    for (size_t o = 0; o < program.outputs.size(); ++o)
      outputs.push_back(fast::output_value(program.outputs[o], fast_.output(o, i)));
    std::vector<std::vector<MemberValue>> members(program.member_outputs.size());
    int first = fast_.member_start(i), end = fast_.member_start(i + 1);
    for (size_t o = 0; o < program.member_outputs.size(); ++o) {
      const fast::MemberOutputColumn& mo = program.member_outputs[o];
      fast::OutputColumn shape{mo.column, mo.scale, mo.kind, mo.enumeration};
      for (int k = first; k < end; ++k)
        if (fast_.member_listed(o, k)) members[o].push_back({k - first, fast::output_value(shape, fast_.member_output(o, k))});
    }
    const std::string& id = ids_[static_cast<size_t>(i)];
    if (c_.csv) formatter_.append_row(out.csv, id, outputs, &members);
    else out.rows.push_back({id, std::move(outputs), std::move(members), {}, {}});
    ++out.evaluated;
    return true;
  }

  // One household read with its people as the row readers read them,
  // checked (people.h) and evaluated by Evaluator.
  void write_exact_roster(const Chunk& chunk, const Place& p, ChunkResult& out) {
    std::string_view text(chunk.text), people(chunk.people.text);
    errors_.clear();
    splitter_.split(text.substr(p.offset), true, record_);
    if (auto e = csv_record_to_household(c_.model, c_.path, c_.columns, record_.fields, p.row, p.line, household_))
      errors_.push_back(*e);
    size_t person = p.person, index = p.person_index;
    long line = p.person_line;
    for (int k = 0; k < p.people; ++k) {
      people_splitter_.split(people.substr(person), true, person_record_);
      long at = chunk.people.lines.empty() ? line : chunk.people.lines[index];
      if (auto e = csv_record_to_member(c_.model, c_.people_path, *c_.people, person_record_.fields, at, slots_)) {
        e->position = household_.position;  // the household's row, the person's line
        errors_.push_back(*e);
      }
      household_.members.push_back(slots_);
      person += person_record_.length;
      line += person_record_.lines;
      ++index;
    }
    if (errors_.empty()) {
      if (auto e = check_roster(c_.model, household_, c_.people_path)) errors_.push_back(*e);
    }
    if (!errors_.empty()) return reject(errors_, out);
    evaluate_exact(out);
  }

  const RunContext& c_;
  fast::FastEvaluator fast_;
  Evaluator exact_;
  CsvRowFormatter formatter_;
  CsvRecordSplitter splitter_, people_splitter_;
  CsvRecord record_, person_record_;
  std::vector<Place> places_;
  std::vector<std::string> ids_;
  std::vector<int64_t> values_;
  Household household_;
  std::vector<HouseholdError> errors_;
  std::vector<std::optional<Exact>> slots_;
  std::string last_id_;  // of the row just written (track_ids)
};

// A chunk and its result travel together through the pipeline.
struct Slot {
  Chunk chunk;
  ChunkResult result;
};

// Reads the blocks after the header, numbering their lines and rows.
class ChunkSource {
 public:
  ChunkSource(CsvBlockReader& blocks, long next_line, PeopleSource* people)
      : blocks_(blocks), next_line_(next_line), people_(people) {}

  // The first block, whose header record is `header`.
  void first(Chunk& chunk, const CsvBoundary& boundary, const CsvRecord& header) {
    chunk.begin = header.length;
    number(chunk, boundary.lines - header.lines, boundary.records - 1);
  }
  bool next(Chunk& chunk) {
    CsvBoundary boundary;
    if (!blocks_.next(chunk.text, boundary)) return false;
    chunk.begin = 0;
    number(chunk, boundary.lines, boundary.records);
    return true;
  }

 private:
  void number(Chunk& chunk, long lines, long records) {
    chunk.first_line = next_line_;
    chunk.first_row = next_row_;
    chunk.lines = lines;
    chunk.bytes_end = blocks_.bytes_done();
    next_line_ += lines;
    next_row_ += records;
    if (people_) people_->next(chunk.text, chunk.begin, chunk.people);
  }

  CsvBlockReader& blocks_;
  long next_line_;
  long next_row_ = 1;
  PeopleSource* people_;
};

// Rejects the rows of `r` whose id an earlier row of the run had: their text
// is cut from the block's output, each is reported after the block's messages.
ChunkResult without_repeated_ids(const ChunkResult& r, const std::string& name, HouseholdIds& ids) {
  ChunkResult kept;
  kept.messages = r.messages;
  kept.rejected_rows = r.rejected_rows;
  kept.evaluated = r.evaluated;
  kept.fast = r.fast;
  kept.not_applicable = r.not_applicable;
  kept.rejected = r.rejected;
  size_t start = 0;
  for (size_t k = 0; k < r.written.size(); ++k) {
    const auto& w = r.written[k];
    if (ids.insert(w.id)) {
      if (r.rows.empty()) kept.csv.append(r.csv, start, w.csv_end - start);
      else kept.rows.push_back(r.rows[k]);
    } else {
      HouseholdError e{name, fmt::format("line {} (id {})", w.line, w.id), "id", duplicate_id_message(w.id)};
      e.position = w.row;
      e.line = w.line;
      e.id = w.id;
      kept.messages += e.render() + "\n";
      kept.rejected_rows.push_back(rejected_household({e}));
      --kept.evaluated;
      ++kept.rejected;
    }
    start = w.csv_end;
  }
  return kept;
}

// Writes one finished block: its rows, then its messages, then progress.
void deliver(const ChunkResult& block, const Chunk& chunk, ResultWriter& writer, const std::string& name,
             const BatchRunOptions& options, BatchRunResult& total, BatchProgress& progress) {
  if (block.failure) std::rethrow_exception(block.failure);
  ChunkResult checked;
  const bool check_ids = options.ids && !block.written.empty();
  if (check_ids) checked = without_repeated_ids(block, name, *options.ids);
  const ChunkResult& r = check_ids ? checked : block;
  if (writer.takes_csv_rows()) {
    writer.write_csv_rows(r.csv);
  } else {
    Household h;
    for (const auto& row : r.rows) {
      h.id = row.id;
      h.extra = row.extra;
      writer.write(h, row.outputs, row.members, row.not_applicable);
    }
  }
  if (!r.messages.empty() && options.messages) options.messages(r.messages);
  if (options.rejected)
    for (const auto& row : r.rejected_rows) options.rejected(row);
  total.evaluated += r.evaluated;
  total.fast += r.fast;
  total.not_applicable += r.not_applicable;
  total.rejected += r.rejected;
  progress.rows += r.evaluated + r.rejected;
  progress.bytes_done = chunk.bytes_end;
  if (options.progress) options.progress(progress);
}

// Workers take slots from `queue`, process them and file them in `done`; the
// caller reads ahead and delivers in order.
class Pipeline {
 public:
  Pipeline(const RunContext& context, int threads) {
    for (int i = 0; i < threads; ++i) workers_.emplace_back([this, &context] { work(context); });
  }
  ~Pipeline() {
    {
      std::lock_guard lock(mutex_);
      closing_ = true;
    }
    work_ready_.notify_all();
    for (auto& t : workers_) t.join();
  }

  void submit(long sequence, Slot* slot) {
    {
      std::lock_guard lock(mutex_);
      queue_.emplace_back(sequence, slot);
    }
    work_ready_.notify_one();
  }

  Slot* wait_for(long sequence) {
    std::unique_lock lock(mutex_);
    done_ready_.wait(lock, [&] { return done_.count(sequence) > 0; });
    Slot* slot = done_[sequence];
    done_.erase(sequence);
    return slot;
  }

 private:
  void work(const RunContext& context) {
    ChunkWorker worker(context);
    for (;;) {
      std::pair<long, Slot*> job;
      {
        std::unique_lock lock(mutex_);
        work_ready_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        job = queue_.front();
        queue_.pop_front();
      }
      worker.process(job.second->chunk, job.second->result);
      {
        std::lock_guard lock(mutex_);
        done_[job.first] = job.second;
      }
      done_ready_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable work_ready_, done_ready_;
  std::deque<std::pair<long, Slot*>> queue_;
  std::map<long, Slot*> done_;
  bool closing_ = false;
  std::vector<std::thread> workers_;
};

// People of no household read: each a rejected row, after the households.
void report_orphans(const PeopleSource* people, const BatchRunOptions& options, BatchRunResult& total) {
  if (!people) return;
  for (const auto& e : people->orphans()) {
    if (options.messages) options.messages(e.render() + "\n");
    if (options.rejected) options.rejected(rejected_household({e}));
    ++total.rejected;
  }
}

}  // namespace

int thread_count(int requested) {
  if (requested > 0) return requested;
  return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::string evaluation_error_message(const Household& h, const EvaluationError& e) {
  return describe(h) + ": " + e.reason() + "\n";
}

std::string not_applicable_message(const model::Model& m, const Household& h,
                                   const std::vector<NotApplicableOutput>& not_applicable) {
  std::string text;
  for (const auto& n : not_applicable) {
    const std::string& name = n.per_member ? m.member_outputs[n.output].name : m.outputs[n.output].name;
    text += describe(h) + ": output '" + name + "' is n/a: " + n.reason + "\n";
  }
  return text;
}

// A file whose reading stopped before its end (a read error, a record with no
// end): the rows not read are no household, the file is one that could not be used.
void note_stopped(const CsvBlockReader& blocks, const std::string& name, BatchRunResult& total) {
  if (!blocks.failed() || total.file_error) return;
  total.file_error = HouseholdError{
      name, "", "", blocks.problem().empty() ? "cannot read the rest of the household file" : blocks.problem()};
}

BatchRunResult run_csv_file(const model::Model& m, const fast::Program& program,
                            const std::string& path, ResultWriter& writer,
                            const BatchRunOptions& options) {
  BatchRunResult total;
  const std::string& name = options.name.empty() ? path : options.name;
  CsvBlockReader blocks(path, options.block_bytes);
  auto first = std::make_unique<Slot>();
  CsvBoundary boundary;
  CsvRecordSplitter header_splitter;  // the header's fields point into it
  CsvRecord header;
  total.read_as = blocks.input().described();
  if (auto problem = read_csv_start(blocks, first->chunk.text, boundary, header_splitter, header)) {
    total.file_error = HouseholdError{name, "", "", *problem};
    return total;
  }
  CsvColumns columns;
  if (auto e = read_csv_header(m, name, header.fields, columns, {}, options.extra_columns)) {
    total.file_error = *e;
    return total;
  }
  total.unknown_columns = columns.unknown;
  if (!columns.extra.empty() || !writer.extra_columns().empty()) {
    if (writer.extra_columns().empty()) writer.set_extra_columns(columns.extra_names);
    if (writer.extra_columns() != columns.extra_names) {
      total.file_error = HouseholdError{name, "line 1 (header)", "",
                                        "its columns passed through differ from the first file's: one output "
                                        "has one set of columns"};
      return total;
    }
  }
  std::unique_ptr<PeopleSource> people;
  if (options.people.empty() && m.has_members()) {
    total.file_error = HouseholdError{name, "", "", missing_people_message(m)};
    return total;
  }
  if (!options.people.empty()) {
    if (columns.id < 0) {
      total.file_error = HouseholdError{name, "line 1 (header)", "id",
                                        "missing column: --people joins each person to a household by "
                                        "the household's id, and this file has no column `id`"};
      return total;
    }
    people = std::make_unique<PeopleSource>(m, options.people, path, columns.id, options.block_bytes);
    if (people->error()) {
      total.file_error = *people->error();
      return total;
    }
    total.people_in_order = people->in_household_order() || people->converted();
    total.people_memory = people->memory_bytes();
  }
  fast::CsvFieldReader fields(m, program, columns);
  std::unique_ptr<fast::CsvFieldReader> person_fields;
  if (people) {
    person_fields = std::make_unique<fast::CsvFieldReader>(m, program, CsvColumns{people->columns().input, -1},
                                                           model::Scope::member);
  }
  bool states_count = std::find(columns.input.begin(), columns.input.end(), program.member_count_input) !=
                      columns.input.end() && program.member_count_input >= 0;
  RunContext context{m, program, columns, fields, std::make_shared<const std::string>(name),
                     writer.takes_csv_rows(), options.evaluation_date,
                     people ? &people->columns() : nullptr, options.people, person_fields.get(), states_count,
                     options.ids != nullptr && columns.id >= 0, !columns.extra.empty()};
  ChunkSource source(blocks, 1 + header.lines, people.get());
  source.first(first->chunk, boundary, header);
  BatchProgress progress;
  progress.bytes_total = blocks.file_size();

  int threads = thread_count(options.threads);
  if (threads == 1) {  // no threads at all: read, process and write in turn
    ChunkWorker worker(context);
    do {
      worker.process(first->chunk, first->result);
      deliver(first->result, first->chunk, writer, name, options, total, progress);
    } while (source.next(first->chunk));
    note_stopped(blocks, name, total);
    report_orphans(people.get(), options, total);
    return total;
  }

  // A few blocks per worker in flight: enough to keep them busy while the
  // caller writes, few enough to keep memory flat.
  std::vector<std::unique_ptr<Slot>> slots;
  std::vector<Slot*> free;
  slots.push_back(std::move(first));
  for (int i = 1; i < 2 * threads + 2; ++i) slots.push_back(std::make_unique<Slot>());
  for (size_t i = slots.size(); i-- > 1;) free.push_back(slots[i].get());

  Pipeline pipeline(context, threads);
  long submitted = 0, delivered = 0;
  pipeline.submit(submitted++, slots[0].get());
  bool more = true;
  while (delivered < submitted) {
    while (more && !free.empty()) {
      Slot* slot = free.back();
      if (!source.next(slot->chunk)) {
        more = false;
        break;
      }
      free.pop_back();
      pipeline.submit(submitted++, slot);
    }
    Slot* done = pipeline.wait_for(delivered++);
    deliver(done->result, done->chunk, writer, name, options, total, progress);
    free.push_back(done);
  }
  note_stopped(blocks, name, total);
  report_orphans(people.get(), options, total);
  return total;
}

}  // namespace doudi
