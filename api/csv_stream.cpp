// Policy::evaluate_csv_file / evaluate_csv_text (doudi/policy.h): `doudi
// run`'s CSV pipeline (interpreter/batch_run.h) with its results handed out
// in chunks instead of printed.
//
// Design note. run_csv_file delivers each block's rows to a ResultWriter and
// its rejected rows to a callback, in file order, on the calling thread; the
// ChunkWriter here turns them into Evaluations and Statuses and hands a
// chunk to the caller after a block once it holds `chunk_rows` rows. CSV text
// held in memory is given to the same pipeline as a memory file
// (memfd_create), so there is one CSV reader.
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <optional>

#include "api/evaluation.h"
#include "api/policy_impl.h"
#include "api/status.h"
#include "dsl/date.h"
#include "interpreter/batch_run.h"

namespace doudi::api {
namespace {

class ChunkWriter : public ResultWriter {
 public:
  ChunkWriter(const model::Model& m, const std::string& fingerprint, std::string file_name,
              const CsvChunkFn& each, size_t chunk_rows)
      : m_(m), fingerprint_(fingerprint), file_name_(std::move(file_name)), each_(each), chunk_rows_(chunk_rows) {}

  void write(const doudi::Household& h, const std::vector<Exact>& outputs) override {
    chunk_.evaluations.push_back(evaluation(m_, h.id, fingerprint_, outputs));
  }
  void write(const doudi::Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members) override {
    chunk_.evaluations.push_back(evaluation(m_, h.id, fingerprint_, outputs, &members));
  }
  void finish() override {}

  void rejected(const RejectedHousehold& r) {
    std::string message = file_name_ + ": row " + std::to_string(r.row) + " (line " + std::to_string(r.line) +
                          (r.id.empty() ? "" : ", id " + r.id) + "): " +
                          (r.field.empty() ? "" : "field '" + r.field + "': ") + r.reason;
    chunk_.errors.push_back(rejected_status(r, message));
  }
  // After each block: hand the chunk out once it is big enough (or at the end).
  void flush(long rows_done, bool last) {
    size_t held = chunk_.evaluations.size() + chunk_.errors.size();
    if (held == 0 || (!last && held < chunk_rows_)) return;
    chunk_.rows_done = rows_done;
    each_(chunk_);
    chunk_ = CsvChunk();
  }

 private:
  const model::Model& m_;
  const std::string& fingerprint_;
  std::string file_name_;
  const CsvChunkFn& each_;
  size_t chunk_rows_;
  CsvChunk chunk_;
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
                                const std::string& people) {
  auto found = impl.in_force(date);
  if (!found.ok()) return found.status();
  const model::Model& m = **found;
  try {
    auto program = impl.program(m);
    ChunkWriter writer(m, impl.fingerprint, shown, each, std::max<size_t>(1, chunk_rows));
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
                                                   const std::string& people) const {
  for (const auto& file : {path, people})
    if (!file.empty() && access(file.c_str(), R_OK) != 0) return Status(StatusCode::io_error, file + ": cannot be read");
  return stream(*impl_, path, path, date, each, chunk_rows, threads, people);
}

Result<CsvStreamSummary> Policy::evaluate_csv_text(const std::string& text, std::string_view date,
                                                   const CsvChunkFn& each, size_t chunk_rows, int threads,
                                                   const std::string& people) const {
  MemoryFile file(text);
  std::optional<MemoryFile> people_file;
  if (!people.empty()) people_file.emplace(people);
  if (file.fd < 0 || (people_file && people_file->fd < 0))
    return Status(StatusCode::io_error, "<text>: cannot hold the CSV text in memory");
  return stream(*impl_, file.path(), "<text>", date, each, chunk_rows, threads, people_file ? people_file->path() : "");
}

}  // namespace doudi::api
