// Household readers: CSV (streamed) and YAML/JSON (whole document).
#include "interpreter/formats/household_file.h"

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "interpreter/formats/value.h"

namespace doudi {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Inputs the household file must give: no default.

std::string household_label(size_t index, const std::string& id) {
  return id.empty() ? fmt::format("household {}", index + 1)
                    : fmt::format("household {} (id {})", index + 1, id);
}

class DocumentReader {
 public:
  // `text`, when given, is the document itself (`path` then only names it).
  DocumentReader(const model::Model& m, const std::string& path, std::vector<HouseholdError>& errors,
                 const OtherInputs& other_inputs, const std::string* text = nullptr)
      : m_(m), path_(path), errors_(errors), other_inputs_(other_inputs), text_(text) {}

  std::vector<Household> read() {
    std::vector<Household> out;
    YAML::Node root;
    try {
      root = text_ ? YAML::Load(*text_) : YAML::LoadFile(path_);
    } catch (const YAML::BadFile&) {
      errors_.push_back({path_, "", "", "cannot read the household file"});
      return out;
    } catch (const YAML::Exception& e) {
      errors_.push_back({path_, "", "",
                         fmt::format("not valid YAML/JSON at line {}, column {}: {}", e.mark.line + 1,
                                     e.mark.column + 1, e.msg)});
      return out;
    }
    if (root.IsMap() && root["households"]) root = root["households"];
    if (root.IsMap()) {
      read_one(root, 0, out);
    } else if (root.IsSequence()) {
      for (size_t i = 0; i < root.size(); ++i) read_one(root[i], i, out);
    } else {
      errors_.push_back({path_, "", "", "expected a household (a map) or a list of households"});
    }
    return out;
  }

 private:
  void fail(const std::string& where, const std::string& field, std::string message) {
    HouseholdError e{path_, where, field, std::move(message)};
    e.position = position_;
    e.id = id_;
    e.member = member_;
    errors_.push_back(std::move(e));
  }

  bool read_fields(const YAML::Node& node, model::Scope scope, const std::string& where,
                   std::vector<std::optional<Exact>>& slots) {
    bool ok = true;
    std::vector<bool> given(m_.inputs.size(), false);  // a bad value is not also "missing"
    for (auto it = node.begin(); it != node.end(); ++it) {
      if (!it->first.IsScalar()) {  // a key that is itself a list or a map
        fail(where, "", fmt::format("line {}: a field name must be a plain name", it->first.Mark().line + 1));
        ok = false;
        continue;
      }
      std::string key = it->first.Scalar();
      if (key == "id" || (scope == model::Scope::household && key == "people")) continue;
      int index = m_.find_input(key, scope);
      if (index < 0 && other_inputs_.count(key)) continue;  // another version's input
      if (index < 0) {
        fail(where, key, scope == model::Scope::household
                             ? "the policy has no household input of this name"
                             : "the policy has no member input of this name");
        ok = false;
        continue;
      }
      given[static_cast<size_t>(index)] = true;
      if (!it->second.IsScalar()) {
        fail(where, key, "expected a single value");
        ok = false;
        continue;
      }
      std::string why;
      auto v = parse_input_value(m_, m_.inputs[static_cast<size_t>(index)], it->second.Scalar(), why);
      if (!v) {
        fail(where, key, why);
        ok = false;
        continue;
      }
      slots[static_cast<size_t>(index)] = *v;
    }
    for (size_t i = 0; i < m_.inputs.size(); ++i) {
      const auto& in = m_.inputs[i];
      if (in.scope == scope && in.required() && !slots[i] && !given[i]) {
        fail(where, in.name, "missing: the policy needs this input and gives it no default");
        ok = false;
      }
    }
    return ok;
  }

  void read_one(const YAML::Node& node, size_t index, std::vector<Household>& out) {
    std::string id;
    if (node.IsMap() && node["id"] && node["id"].IsScalar()) id = node["id"].Scalar();
    std::string where = household_label(index, id);
    position_ = static_cast<long>(index) + 1;
    id_ = id.empty() ? std::to_string(index + 1) : id;
    if (!node.IsMap()) {
      fail(where, "", "expected a map of input names to values");
      return;
    }
    Household h;
    h.id = id.empty() ? std::to_string(index + 1) : id;
    h.file = std::make_shared<const std::string>(path_);
    h.position = static_cast<long>(index) + 1;
    h.inputs.assign(m_.inputs.size(), std::nullopt);
    bool ok = read_fields(node, model::Scope::household, where, h.inputs);
    if (const YAML::Node people = node["people"]) {
      if (!people.IsSequence()) {
        fail(where, "people", "expected a list of members");
        ok = false;
      } else {
        for (size_t k = 0; k < people.size(); ++k) {
          std::string member_where = fmt::format("{}, member {}", where, k + 1);
          member_ = static_cast<long>(k) + 1;
          if (!people[k].IsMap()) {
            fail(member_where, "", "expected a map of member input names to values");
            ok = false;
            continue;
          }
          std::vector<std::optional<Exact>> slots(m_.inputs.size());
          ok &= read_fields(people[k], model::Scope::member, member_where, slots);
          h.members.push_back(std::move(slots));
        }
        member_ = 0;
      }
    }
    if (ok) out.push_back(std::move(h));
  }

  const model::Model& m_;
  const std::string& path_;
  std::vector<HouseholdError>& errors_;
  const OtherInputs& other_inputs_;
  const std::string* text_;
  long position_ = 0;  // of the household being read, for errors
  long member_ = 0;    // of the member being read (1-based), 0 for the household's own fields
  std::string id_;
};

}  // namespace

std::string HouseholdError::render() const {
  std::string out = file;
  if (!household.empty()) out += ": " + household;
  if (!field.empty()) out += ": field '" + field + "'";
  return out + ": " + message;
}

bool is_csv_path(const std::string& path) { return ends_with(path, ".csv") || ends_with(path, ".CSV"); }

namespace {

std::vector<Household> read_document(const model::Model& m, const std::string& path, const std::string* text,
                                     std::vector<HouseholdError>& errors, const OtherInputs& other_inputs) {
  try {
    return DocumentReader(m, path, errors, other_inputs, text).read();
  } catch (const YAML::Exception& e) {  // a document shape the reader did not foresee
    errors.push_back({path, "", "", fmt::format("not a household document yaml-cpp can read (line {}): {}",
                                                e.mark.line + 1, e.msg)});
    return {};
  }
}

}  // namespace

std::vector<Household> read_household_document(const model::Model& m, const std::string& path,
                                               std::vector<HouseholdError>& errors,
                                               const OtherInputs& other_inputs) {
  return read_document(m, path, nullptr, errors, other_inputs);
}

std::vector<Household> read_household_text(const model::Model& m, const std::string& name,
                                           const std::string& text, std::vector<HouseholdError>& errors,
                                           const OtherInputs& other_inputs) {
  return read_document(m, name, &text, errors, other_inputs);
}

std::optional<HouseholdError> read_csv_header(const model::Model& m, const std::string& path,
                                              std::vector<std::string_view> header,
                                              CsvColumns& out, const OtherInputs& other_inputs) {
  out = CsvColumns{};
  if (!header.empty() && header[0].substr(0, 3) == "\xEF\xBB\xBF") header[0].remove_prefix(3);
  std::vector<bool> seen(m.inputs.size(), false);
  for (size_t c = 0; c < header.size(); ++c) {
    std::string name(header[c]);
    if (name == "id") {
      out.id = static_cast<int>(c);
      out.input.push_back(-1);
      continue;
    }
    int index = m.find_input(name, model::Scope::household);
    if (index < 0 && other_inputs.count(name)) {  // read by another version only
      out.input.push_back(-2);
      continue;
    }
    if (index < 0) {
      return HouseholdError{path, "line 1 (header)", name,
                            "the policy has no household input of this name"};
    }
    if (seen[static_cast<size_t>(index)]) {
      return HouseholdError{path, "line 1 (header)", name, "the column appears twice"};
    }
    seen[static_cast<size_t>(index)] = true;
    out.input.push_back(index);
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
  out.id = columns.id >= 0 && static_cast<size_t>(columns.id) < fields.size()
               ? std::string(fields[static_cast<size_t>(columns.id)])
               : std::to_string(row);
  out.file = file;
  out.line = line;
  out.position = row;
  // Formatted only when a row is bad: most rows never need it.
  auto where = [&] {
    return columns.id >= 0 ? fmt::format("line {} (id {})", line, out.id)
                           : fmt::format("line {}", line);
  };
  auto error = [&](const std::string& field, std::string message) {
    HouseholdError e{*file, where(), field, std::move(message)};
    e.position = row;
    e.line = line;
    e.id = out.id;
    return e;
  };
  if (fields.size() != columns.input.size()) {
    return error("", fmt::format("the row has {} fields but the header names {} columns",
                                 fields.size(), columns.input.size()));
  }
  for (size_t c = 0; c < fields.size(); ++c) {
    int index = columns.input[c];
    if (index < 0) continue;
    const auto& in = m.inputs[static_cast<size_t>(index)];
    if (fields[c].empty() && !in.required()) continue;  // empty: the default applies
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
  if (!blocks.is_open()) return "cannot read the household file";
  if (!blocks.next(block, boundary))
    return blocks.failed() ? "cannot read the household file" : "the file is empty: expected a header row";
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
  row_error = csv_record_to_household(model_, shared_path_, columns_, record_.fields, row_,
                                      first_line, out);
  return true;
}

}  // namespace doudi
