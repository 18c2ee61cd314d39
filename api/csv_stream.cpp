// Policy::evaluate_csv_file / evaluate_csv_text (doudi/policy.h): `doudi
// run`'s CSV pipeline (interpreter/batch_run.h) with its results handed out
// in chunks instead of printed.
//
// Design note. run_csv_file delivers each block's rows to a ResultWriter —
// as CSV text formatted on its worker threads, the bytes `doudi run` prints
// — and its rejected rows to a callback, in file order, on the calling
// thread; the ChunkWriter here keeps the text and/or reads it back into
// Evaluations, turns rejections into Statuses, and hands a chunk to the
// caller after a block once it holds `chunk_rows` rows. CSV text
// held in memory is given to the same pipeline as a memory file
// (memfd_create), so there is one CSV reader.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "api/evaluation.h"
#include "api/policy_impl.h"
#include "api/status.h"
#include "base/date.h"
#include "interpreter/pipeline/batch_run.h"

namespace doudi::api {
namespace {

// The fields of the CSV record at text[pos] (quotes undone); pos moves past it.
void split_record(std::string_view text, size_t& pos, std::vector<std::string>& fields) {
  fields.clear();
  fields.emplace_back();
  bool quoted = false;
  for (; pos < text.size(); ++pos) {
    char c = text[pos];
    if (quoted) {
      if (c == '"' && pos + 1 < text.size() && text[pos + 1] == '"') fields.back() += text[++pos];
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\n') {
      ++pos;
      return;
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
}

OutputValue output_value(const std::string& name, const model::Type& type, std::string text) {
  OutputValue v{name, std::move(text), std::nullopt};
  if (v.text == kNotApplicableText) {  // the run's messages say which figure
    v.not_applicable = "needs a figure written n/a (not published, or not yet in force)";
    return v;
  }
  if (type.is_numeric()) v.number = Decimal::parse(v.text);
  return v;
}

// One row as the CSV formatter wrote it (id, outputs, per-member outputs as
// "MEMBER:VALUE;…" with members from 1) back into an Evaluation.
Evaluation evaluation_of_row(const model::Model& m, const std::string& fingerprint, std::vector<std::string>& f) {
  Evaluation e{std::move(f[0]), m.version, fingerprint, {}, {}};
  e.outputs.reserve(m.outputs.size());
  for (size_t o = 0; o < m.outputs.size() && o + 1 < f.size(); ++o)
    e.outputs.push_back(output_value(m.outputs[o].name, m.outputs[o].type, std::move(f[o + 1])));
  for (size_t o = 0; o < m.member_outputs.size(); ++o) {
    const auto& mo = m.member_outputs[o];
    MemberOutputValues values{mo.name, {}, {}};
    size_t k = 1 + m.outputs.size() + o;
    std::string_view field = k < f.size() ? std::string_view(f[k]) : std::string_view();
    if (field == kNotApplicableText) {
      values.not_applicable = "needs a figure written n/a (not published, or not yet in force)";
      field = {};
    }
    while (!field.empty()) {
      size_t end = std::min(field.find(';'), field.size());
      std::string_view pair = field.substr(0, end);
      size_t colon = pair.find(':');
      if (colon != std::string_view::npos) {
        values.members.push_back(std::stoul(std::string(pair.substr(0, colon))) - 1);
        values.values.push_back(output_value(mo.name, mo.type, std::string(pair.substr(colon + 1))));
      }
      field = end < field.size() ? field.substr(end + 1) : std::string_view();
    }
    e.member_outputs.push_back(std::move(values));
  }
  return e;
}

// Takes the pipeline's CSV rows (formatted on its worker threads, as `doudi
// run` prints them) and its rejected rows, and hands out chunks.
class ChunkWriter : public ResultWriter {
 public:
  ChunkWriter(const model::Model& m, const std::string& fingerprint, std::string file_name,
              const CsvChunkFn& each, size_t chunk_rows, CsvResults results)
      : m_(m), fingerprint_(fingerprint), file_name_(std::move(file_name)), each_(each), chunk_rows_(chunk_rows),
        results_(results) {}

  bool takes_csv_rows() const override { return true; }
  void write_csv_rows(std::string_view rows) override {
    for (char c : rows) held_ += c == '\n';
    if (results_ != CsvResults::evaluations) chunk_.csv.append(rows);
    if (results_ == CsvResults::csv_text) return;
    for (size_t pos = 0; pos < rows.size();) {
      split_record(rows, pos, fields_);
      chunk_.evaluations.push_back(evaluation_of_row(m_, fingerprint_, fields_));
    }
  }
  // Not used: the pipeline gives this writer CSV rows (takes_csv_rows).
  void write(const doudi::Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members,
             const std::vector<NotApplicableOutput>& not_applicable) override {
    chunk_.evaluations.push_back(evaluation(m_, h.id, fingerprint_, outputs, &members, &not_applicable));
    ++held_;
  }
  void finish() override {}

  void rejected(const RejectedHousehold& r) {
    std::string message = file_name_ + ": row " + std::to_string(r.row) + " (line " + std::to_string(r.line) +
                          (r.id.empty() ? "" : ", id " + r.id) + "): " +
                          (r.field.empty() ? "" : "field '" + r.field + "': ") + r.reason;
    chunk_.errors.push_back(rejected_status(r, message));
    ++held_;
  }
  // After each block: hand the chunk out once it is big enough (or at the end).
  void flush(long rows_done, bool last) {
    if (held_ == 0 || (!last && held_ < chunk_rows_)) return;
    chunk_.rows_done = rows_done;
    each_(chunk_);
    chunk_ = CsvChunk();
    held_ = 0;
  }

 private:
  const model::Model& m_;
  const std::string& fingerprint_;
  std::string file_name_;
  const CsvChunkFn& each_;
  size_t chunk_rows_;
  CsvResults results_;
  CsvChunk chunk_;
  size_t held_ = 0;
  std::vector<std::string> fields_;
};

// A memory file holding `text`, closed when it goes.
struct MemoryFile {
  int fd = -1;
  MemoryFile(const MemoryFile&) = delete;
  MemoryFile& operator=(const MemoryFile&) = delete;
  explicit MemoryFile(const std::string& text) {
    fd = memfd_create("doudi-csv", MFD_CLOEXEC);
    if (fd < 0) return;
    for (size_t done = 0; done < text.size();) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0) {
        ::close(fd);
        fd = -1;
        return;
      }
      done += static_cast<size_t>(n);
    }
  }
  ~MemoryFile() {
    if (fd >= 0) ::close(fd);
  }
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd); }
};

Result<CsvStreamSummary> stream(const Policy::Impl& impl, const std::string& path, const std::string& shown,
                                std::string_view date, const CsvChunkFn& each, size_t chunk_rows, int threads,
                                const std::string& people, CsvResults results) {
  auto found = impl.in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  try {
    auto program = impl.program(m);
    ChunkWriter writer(m, impl.fingerprint, shown, each, std::max<size_t>(1, chunk_rows), results);
    BatchRunOptions options;
    options.threads = threads;
    // Blocks of about chunk_rows rows (~100 bytes each), so chunks come as asked.
    options.block_bytes = std::clamp<size_t>(chunk_rows * 100, size_t{1} << 12, size_t{1} << 19);
    options.evaluation_date = parse_date(date);
    options.people = people;
    options.rejected = [&](const RejectedHousehold& r) { writer.rejected(r); };
    options.progress = [&](const BatchProgress& p) { writer.flush(p.rows, false); };
    BatchRunResult r = run_csv_file(m, *program, path, writer, options);
    if (r.file_error) {
      std::string message = r.file_error->render();
      if (message.rfind(path, 0) == 0) message = shown + message.substr(path.size());
      return Status(StatusCode::household_error, message, ErrorPlace{"", 0, r.file_error->field, r.file_error->message});
    }
    writer.flush(r.evaluated + r.rejected, true);
    return CsvStreamSummary{r.evaluated + r.rejected, r.evaluated, r.rejected};
  } catch (const std::exception& e) {
    return Status(StatusCode::evaluation_error, std::string("internal error: ") + e.what());
  }
}

}  // namespace

Result<CsvStreamSummary> Policy::evaluate_csv_file(const std::string& path, std::string_view date,
                                                   const CsvChunkFn& each, size_t chunk_rows, int threads,
                                                   const std::string& people, CsvResults results) const {
  for (const auto& file : {path, people})
    if (!file.empty() && access(file.c_str(), R_OK) != 0) return Status(StatusCode::io_error, file + ": cannot be read");
  return stream(*impl_, path, path, date, each, chunk_rows, threads, people, results);
}

Result<CsvStreamSummary> Policy::evaluate_csv_text(const std::string& text, std::string_view date,
                                                   const CsvChunkFn& each, size_t chunk_rows, int threads,
                                                   const std::string& people, CsvResults results) const {
  MemoryFile file(text);
  std::optional<MemoryFile> people_file;
  if (!people.empty()) people_file.emplace(people);
  if (file.fd < 0 || (people_file && people_file->fd < 0))
    return Status(StatusCode::io_error, "<text>: cannot hold the CSV text in memory");
  return stream(*impl_, file.path(), "<text>", date, each, chunk_rows, threads,
                people_file ? people_file->path() : "", results);
}

}  // namespace doudi::api
