// Joining people to household blocks (see people_join.h).
#include "interpreter/formats/people_join.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <functional>

#include <fmt/format.h>

namespace doudi {
namespace {

// One record at `pos` of `text` (which holds whole records): its length
// with its line break(s), its physical lines and its field `k`, copied.
struct Walked {
  size_t length = 0;
  long lines = 1;
  bool has_field = false;
};

Walked walk_record(std::string_view text, size_t pos, int k, std::string& field,
                   CsvRecordSplitter& splitter, CsvRecord& record) {
  std::string_view rest = text.substr(pos);
  size_t nl = rest.find('\n');
  std::string_view line = rest.substr(0, nl);
  Walked w;
  if (line.find('"') == std::string_view::npos) {
    w.length = nl == std::string_view::npos ? rest.size() : nl + 1;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    auto f = plain_field(line, k);
    w.has_field = f.has_value();
    field.assign(f.value_or(std::string_view()));
    return w;
  }
  splitter.split(rest, true, record);
  w.length = record.length;
  w.lines = record.lines;
  w.has_field = static_cast<size_t>(k) < record.fields.size();
  field.assign(w.has_field ? record.fields[static_cast<size_t>(k)] : std::string_view());
  return w;
}

uint64_t id_hash(std::string_view id) { return std::hash<std::string_view>{}(id); }

}  // namespace

PeopleSource::PeopleSource(const model::Model& m, const std::string& people_path,
                           const std::string& households_path, int id_column, size_t block_bytes,
                           const OtherInputs& other_inputs)
    : model_(m), path_(people_path), id_column_(id_column) {
  CsvBlockReader blocks(people_path, block_bytes);
  std::string text;
  CsvBoundary boundary;
  if (!blocks.is_open() || !blocks.next(text, boundary)) {
    error_ = HouseholdError{people_path, "", "",
                            !blocks.problem().empty()                ? blocks.problem()
                            : blocks.is_open() && !blocks.failed() ? "the people file is empty: expected a header row"
                                                                   : "cannot read the people file"};
    return;
  }
  splitter_.split(text, true, record_);
  header_bytes_ = record_.length;
  header_lines_ = record_.lines;
  if (auto e = read_people_header(m, people_path, record_.fields, columns_, other_inputs)) {
    error_ = e;
    return;
  }
  converted_ = blocks.input().kind() != TextInput::Kind::utf8;
  ordered_ = !converted_ && plan_in_order(households_path, block_bytes);
  if (ordered_) {
    fd_ = ::open(people_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0) error_ = HouseholdError{people_path, "", "", "cannot read the people file"};
    read_ = header_bytes_;
  } else {
    build_index();
  }
}

PeopleSource::~PeopleSource() {
  if (fd_ >= 0) ::close(fd_);
}

// One pass over both files' id fields: true when every person belongs to
// the household being read or a later one, each household's people
// together, so the whole people file is consumed in step with the
// households. Records, for each households block, where its people end.
bool PeopleSource::plan_in_order(const std::string& households_path, size_t block_bytes) {
  CsvBlockReader households(households_path, block_bytes), people(path_, block_bytes);
  std::string htext, ptext, id, person;
  CsvBoundary boundary;
  CsvRecordSplitter hsplit;
  CsvRecord hrecord;
  if (!households.next(htext, boundary) || !people.next(ptext, boundary)) return false;
  size_t hpos = 0;
  {  // the households header
    Walked w = walk_record(htext, 0, 0, id, hsplit, hrecord);
    hpos = w.length;
  }
  unsigned long long pbase = 0;
  size_t ppos = header_bytes_;
  long pline = 1 + header_lines_;
  bool more = true;  // a person at ppos
  Walked current;
  auto load = [&] {
    while (ppos >= ptext.size()) {
      pbase += ptext.size();
      ppos -= ptext.size();
      if (!people.next(ptext, boundary)) return false;
    }
    current = walk_record(ptext, ppos, columns_.household, person, splitter_, record_);
    return true;
  };
  more = load();
  do {
    long block_first_line = pline;
    for (; hpos < htext.size();) {
      Walked w = walk_record(htext, hpos, id_column_, id, hsplit, hrecord);
      hpos += w.length;
      while (more && current.has_field && person == id) {
        ppos += current.length;
        pline += current.lines;
        more = load();
      }
    }
    plan_.emplace_back(pbase + ppos, block_first_line);
    hpos = 0;
  } while (households.next(htext, boundary));
  return !more && !people.failed();
}

void PeopleSource::build_index() {
  plan_.clear();
  CsvBlockReader blocks(path_);
  std::string block;
  CsvBoundary boundary;
  text_.reserve(blocks.file_size());
  while (blocks.next(block, boundary)) text_ += block;
  std::string person;
  long line = 1 + header_lines_;
  for (size_t pos = header_bytes_; pos < text_.size();) {
    Walked w = walk_record(text_, pos, columns_.household, person, splitter_, record_);
    index_.push_back(Entry{id_hash(person), pos, static_cast<uint32_t>(w.length), static_cast<uint32_t>(line)});
    pos += w.length;
    line += w.lines;
  }
  std::sort(index_.begin(), index_.end(), [](const Entry& a, const Entry& b) {
    return a.hash != b.hash ? a.hash < b.hash : a.offset < b.offset;
  });
  claimed_.assign(index_.size(), 0);
}

unsigned long long PeopleSource::memory_bytes() const {
  if (ordered_) return 0;
  return text_.capacity() + index_.capacity() * sizeof(Entry) + claimed_.capacity();
}

void PeopleSource::gather(std::string_view id, PeopleChunk& out) {
  uint64_t h = id_hash(id);
  auto it = std::lower_bound(index_.begin(), index_.end(), h,
                             [](const Entry& e, uint64_t v) { return e.hash < v; });
  std::string person;
  for (; it != index_.end() && it->hash == h; ++it) {
    size_t i = static_cast<size_t>(it - index_.begin());
    if (claimed_[i]) continue;
    walk_record(text_, it->offset, columns_.household, person, splitter_, record_);
    if (person != id) continue;
    claimed_[i] = 1;
    out.text.append(text_, it->offset, it->length);
    if (out.text.empty() || out.text.back() != '\n') out.text += '\n';
    out.lines.push_back(it->line);
  }
}

void PeopleSource::next(std::string_view households, size_t begin, PeopleChunk& out) {
  out.clear();
  if (ordered_) {
    if (block_ >= plan_.size()) return;  // the households file grew since the plan: no people
    auto [end, first_line] = plan_[block_++];
    out.first_line = first_line;
    out.text.resize(end > read_ ? end - read_ : 0);
    size_t got = 0;
    while (got < out.text.size()) {
      ssize_t n = ::pread(fd_, out.text.data() + got, out.text.size() - got, static_cast<off_t>(read_ + got));
      if (n <= 0) break;
      got += static_cast<size_t>(n);
    }
    out.text.resize(got);
    read_ = end;
    return;
  }
  std::string id;
  CsvRecordSplitter splitter;
  CsvRecord record;
  for (size_t pos = begin; pos < households.size();) {
    Walked w = walk_record(households, pos, id_column_, id, splitter, record);
    pos += w.length;
    if (w.has_field) gather(id, out);
  }
}

std::vector<HouseholdError> PeopleSource::orphans() const {
  std::vector<const Entry*> left;
  for (size_t i = 0; i < index_.size(); ++i)
    if (!claimed_[i]) left.push_back(&index_[i]);
  std::sort(left.begin(), left.end(), [](const Entry* a, const Entry* b) { return a->offset < b->offset; });
  std::vector<HouseholdError> out;
  CsvRecordSplitter splitter;
  CsvRecord record;
  std::string person;
  for (const Entry* e : left) {
    walk_record(text_, e->offset, columns_.household, person, splitter, record);
    HouseholdError error{path_, person_place(e->line, person), "household",
                         fmt::format("no household with id '{}' in the households file: the person "
                                     "belongs to no household read",
                                     person)};
    error.line = e->line;
    error.id = person;
    out.push_back(std::move(error));
  }
  return out;
}

}  // namespace doudi
