// Household readers: CSV (streamed) and YAML/JSON (whole document).
#include "interpreter/formats/household_file.h"
#include "interpreter/formats/text_encoding.h"

#include <fmt/format.h>

#include "interpreter/formats/value.h"

namespace doudi {
namespace {

// "household 2 (id h2)"; "household (id h2)" when its place is not known.
std::string household_label(long position, const std::string& id) {
  std::string where = position > 0 ? fmt::format("household {}", position) : "household";
  return id.empty() ? where : fmt::format("{} (id {})", where, id);
}

// Reads one household's (or member's) fields into slots; problems go to `fail`.
template <class Fail>
bool read_fields(const model::Model& m, const std::vector<FieldText>& fields, model::Scope scope,
                 const OtherInputs& other_inputs, std::vector<std::optional<Exact>>& slots,
                 const Fail& fail) {
  bool ok = true;
  std::vector<bool> given(m.inputs.size(), false);  // a bad value is not also "missing"
  for (const auto& f : fields) {
    int index = m.find_input(f.name, scope);
    if (index < 0 && other_inputs.count(f.name)) continue;  // another version's input
    if (index < 0) {
      fail(f.name, scope == model::Scope::household ? "the policy has no household input of this name"
                                                    : "the policy has no member input of this name");
      ok = false;
      continue;
    }
    if (given[static_cast<size_t>(index)]) {  // by its name and its label, or twice over
      fail(f.name, "given twice for one household or member: which value is meant?");
      ok = false;
      continue;
    }
    given[static_cast<size_t>(index)] = true;
    if (!f.scalar) {
      fail(f.name, "expected a single value");
      ok = false;
      continue;
    }
    std::string why;
    auto v = parse_input_value(m, m.inputs[static_cast<size_t>(index)], f.text, why);
    if (!v) {
      fail(f.name, why);
      ok = false;
      continue;
    }
    slots[static_cast<size_t>(index)] = *v;
  }
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    if (in.scope == scope && in.required() && !slots[i] && !given[i]) {
      fail(in.name, "missing: the policy needs this input and gives it no default");
      ok = false;
    }
  }
  return ok;
}

// The people listed and `members` must agree: one rule for every reader.
bool members_agree(const model::Model& m, const HouseholdText& text, const Household& h,
                   std::string& why) {
  if (!text.has_people) return true;
  int members = m.find_input("members", model::Scope::household);
  if (members < 0 || m.inputs[static_cast<size_t>(members)].type.kind != model::TypeKind::integer) return true;
  const auto& given = h.inputs[static_cast<size_t>(members)];
  if (!given) return true;  // left to its default (e.g. count(member))
  auto n = given->to_int64();
  if (n && *n == static_cast<int64_t>(text.people.size())) return true;
  why = fmt::format("{} member(s) given but {} listed under people: they must agree",
                    given->to_string(), text.people.size());
  return false;
}

}  // namespace

std::string id_too_long_message(std::string_view id) {
  return fmt::format("an id may be at most {} bytes; this one has {} (it starts '{}')", kMaxIdBytes, id.size(),
                     as_valid_utf8(std::string(id.substr(0, 40))));
}

bool id_acceptable(std::string_view id) { return id.size() <= kMaxIdBytes && is_utf8(id); }

std::optional<std::string> id_problem(std::string_view id) {
  if (id.size() > kMaxIdBytes) return id_too_long_message(id);
  if (!is_utf8(id))
    return fmt::format("the id is not UTF-8 text ('{}', a byte that is not shown as �): save the file as "
                       "UTF-8 or give --encoding", as_valid_utf8(id));
  return std::nullopt;
}

std::string HouseholdError::render() const {
  std::string out = file;
  if (!household.empty()) out += (out.empty() ? "" : ": ") + household;
  if (!field.empty()) out += ": field '" + field + "'";
  return as_valid_utf8(out + ": " + message);  // a file's bytes quoted: still UTF-8
}

bool read_household(const model::Model& m, const HouseholdText& text,
                    const std::shared_ptr<const std::string>& file, Household& out,
                    std::vector<HouseholdError>& errors, const OtherInputs& other_inputs) {
  out.id = text.effective_id();
  out.id_given = !text.id.empty();
  out.file = file;
  out.line = text.line;
  out.position = text.position;
  out.inputs.assign(m.inputs.size(), std::nullopt);
  out.members.clear();
  std::string where = text.line > 0 ? (text.id.empty() ? fmt::format("line {}", text.line)
                                                       : fmt::format("line {} (id {})", text.line, text.id))
                                    : household_label(text.position, text.id);
  bool ok = true;
  auto failing = [&](const std::string& place, long member) {
    return [&, place, member](const std::string& field, std::string message) {
      HouseholdError e{file ? *file : std::string(), place, field, std::move(message)};
      e.position = text.position;
      e.line = text.line;
      e.id = out.id;
      e.member = member;
      errors.push_back(std::move(e));
      ok = false;
    };
  };
  auto fail = failing(where, 0);
  for (const auto& [field, message] : text.shape_errors) fail(field, message);
  if (auto why = id_problem(text.id)) fail("id", *why);
  if (!ok && text.fields.empty() && !text.has_people) return false;  // not a household at all
  read_fields(m, text.fields, model::Scope::household, other_inputs, out.inputs, fail);
  for (size_t k = 0; k < text.people.size(); ++k) {
    std::vector<std::optional<Exact>> slots(m.inputs.size());
    read_fields(m, text.people[k], model::Scope::member, other_inputs, slots,
                failing(fmt::format("{}, member {}", where, k + 1), static_cast<long>(k) + 1));
    out.members.push_back(std::move(slots));
  }
  std::string why;
  if (ok && !members_agree(m, text, out, why)) fail("members", why);
  return ok;
}

std::vector<Household> read_household_document(const model::Model& m, const std::string& path,
                                               std::vector<HouseholdError>& errors,
                                               const OtherInputs& other_inputs) {
  auto text = read_whole_file(path);
  if (!text) {
    errors.push_back({path, "", "", "cannot read the household file"});
    return {};
  }
  return read_household_text(m, path, *text, errors, other_inputs);
}

std::vector<Household> read_household_text(const model::Model& m, const std::string& name,
                                           const std::string& text, std::vector<HouseholdError>& errors,
                                           const OtherInputs& other_inputs) {
  HouseholdFileError problem;
  auto texts = parse_household_document(text, problem);
  if (!texts) {
    errors.push_back({name, "", "", problem.message});
    return {};
  }
  auto file = std::make_shared<const std::string>(name);
  std::vector<Household> out;
  for (const auto& t : *texts) {
    Household h;
    if (read_household(m, t, file, h, errors, other_inputs)) out.push_back(std::move(h));
  }
  return out;
}

std::optional<HouseholdError> read_csv_header(const model::Model& m, const std::string& path,
                                              std::vector<std::string_view> header,
                                              CsvColumns& out, const OtherInputs& other_inputs,
                                              ExtraColumns extra) {
  out = CsvColumns{};
  if (!header.empty() && header[0].substr(0, 3) == "\xEF\xBB\xBF") header[0].remove_prefix(3);
  std::vector<bool> seen(m.inputs.size(), false);
  for (size_t c = 0; c < header.size(); ++c) {
    std::string name(header[c]);
    if (name == "id" && out.id >= 0) {
      return HouseholdError{path, "line 1 (header)", name, "the column appears twice"};
    }
    if (name == "id") {
      out.id = static_cast<int>(c);
      out.input.push_back(-1);
      continue;
    }
    int index = input_by_heading(m, name, model::Scope::household);
    if (index == -2) {
      return HouseholdError{path, "line 1 (header)", name,
                            "two household inputs have this label: head the column with the input's name"};
    }
    if (index < 0 && other_inputs.count(name)) {  // read by another version only
      out.input.push_back(-2);
      continue;
    }
    if (index < 0) {  // named no input: all such columns are reported together below
      out.unknown.push_back(name);
      out.input.push_back(extra == ExtraColumns::pass ? -3 : -2);
      if (extra == ExtraColumns::pass) {
        out.extra.push_back(static_cast<int>(c));
        out.extra_names.push_back(name);
      }
      continue;
    }
    if (seen[static_cast<size_t>(index)]) {
      return HouseholdError{path, "line 1 (header)", name, "the column appears twice"};
    }
    seen[static_cast<size_t>(index)] = true;
    out.input.push_back(index);
  }
  if (!out.unknown.empty() && extra == ExtraColumns::error) {
    return HouseholdError{path, "line 1 (header)", out.unknown.size() == 1 ? out.unknown[0] : "",
                          unknown_columns_message(out.unknown, model::Scope::household, extra)};
  }
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    if (in.scope == model::Scope::household && in.required() && !seen[i]) {
      return HouseholdError{path, "line 1 (header)", in.name,
                            "missing column: the policy needs this input and gives it no "
                            "default"};
    }
  }
  return std::nullopt;
}

std::optional<HouseholdError> csv_record_to_household(const model::Model& m,
                                                      const std::shared_ptr<const std::string>& file,
                                                      const CsvColumns& columns,
                                                      const std::vector<std::string_view>& fields,
                                                      long row, long line, Household& out) {
  out.inputs.assign(m.inputs.size(), std::nullopt);
  out.members.clear();
  const char* problem = csv_record_problem(fields);  // a record the splitter rejected: no id in it
  out.id = !problem && columns.id >= 0 && static_cast<size_t>(columns.id) < fields.size()
               ? std::string(fields[static_cast<size_t>(columns.id)])
               : std::to_string(row);
  out.id_given = columns.id >= 0;
  out.extra.clear();
  for (int c : columns.extra)
    out.extra.emplace_back(static_cast<size_t>(c) < fields.size() ? fields[static_cast<size_t>(c)] : std::string_view());
  out.file = file;
  out.line = line;
  out.position = row;
  // Formatted only when a row is bad: most rows never need it.
  auto where = [&] {
    return columns.id >= 0 && !problem ? fmt::format("line {} (id {})", line, out.id)
                           : fmt::format("line {}", line);
  };
  auto error = [&](const std::string& field, std::string message) {
    HouseholdError e{*file, where(), field, std::move(message)};
    e.position = row;
    e.line = line;
    e.id = out.id;
    return e;
  };
  if (problem) return error("", problem);
  if (auto why = id_problem(out.id)) return error("id", *why);
  if (fields.size() != columns.input.size()) {
    return error("", fmt::format("the row has {} fields but the header names {} columns",
                                 fields.size(), columns.input.size()));
  }
  for (size_t c = 0; c < fields.size(); ++c) {
    int index = columns.input[c];
    if (index < 0) continue;
    const auto& in = m.inputs[static_cast<size_t>(index)];
    if (fields[c].empty()) {  // empty: the default applies
      if (!in.required()) continue;
      return error(in.name, "missing: the policy needs this input and gives it no default");
    }
    std::string why;
    auto v = parse_input_value(m, in, fields[c], why);
    if (!v) return error(in.name, why);
    out.inputs[static_cast<size_t>(index)] = std::move(*v);
  }
  return std::nullopt;
}

std::optional<std::string> read_csv_start(CsvBlockReader& blocks, std::string& block,
                                          CsvBoundary& boundary, CsvRecordSplitter& splitter,
                                          CsvRecord& header) {
  if (!blocks.is_open())
    return blocks.input().problem().empty() ? "cannot read the household file" : blocks.input().problem();
  if (!blocks.next(block, boundary))
    return !blocks.problem().empty() ? blocks.problem()
           : blocks.failed()         ? "cannot read the household file"
                                     : "the file is empty: expected a header row";
  splitter.split(block, true, header);
  return std::nullopt;
}

CsvHouseholdReader::CsvHouseholdReader(const model::Model& m, const std::string& path,
                                       const OtherInputs& other_inputs)
    : model_(m),
      shared_path_(std::make_shared<const std::string>(path)),
      blocks_(std::make_unique<CsvBlockReader>(path)) {
  CsvBoundary boundary;
  if (auto problem = read_csv_start(*blocks_, block_, boundary, splitter_, record_)) {
    file_error_ = HouseholdError{path, "", "", *problem};
    return;
  }
  position_ = record_.length;
  line_number_ = record_.lines;
  file_error_ = read_csv_header(m, path, record_.fields, columns_, other_inputs);
}

// The next record into record_; false at the end of the file.
bool CsvHouseholdReader::read_record() {
  if (position_ >= block_.size()) {
    CsvBoundary boundary;
    if (!blocks_->next(block_, boundary)) return false;
    position_ = 0;
  }
  // A block holds whole records: its end is the end of the last one.
  splitter_.split(std::string_view(block_).substr(position_), true, record_);
  position_ += record_.length;
  line_number_ += record_.lines;
  return true;
}

bool CsvHouseholdReader::next(Household& out, std::optional<HouseholdError>& row_error) {
  row_error.reset();
  if (file_error_) return false;
  long first_line = line_number_ + 1;
  if (!read_record()) return false;
  ++row_;
  while (csv_record_blank(record_)) {  // a blank line: no household (its row number kept)
    first_line = line_number_ + 1;
    if (!read_record()) return false;
    ++row_;
  }
  row_error = csv_record_to_household(model_, shared_path_, columns_, record_.fields, row_,
                                      first_line, out);
  return true;
}

}  // namespace doudi
