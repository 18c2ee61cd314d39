// Result writers for table, JSON and CSV.
#include "interpreter/formats/results.h"

#include <charconv>
#include <cstring>
#include <map>

#include <fmt/format.h>

#include "base/date.h"
#include "interpreter/formats/results_excel.h"
#include "interpreter/formats/value.h"

namespace doudi {
namespace {


// CSV, plain or for Excel (`--excel`: a byte-order mark, CRLF line ends,
// "label (name)" headings, and ids Excel would convert written as ="id").
class CsvWriter : public ResultWriter {
 public:
  CsvWriter(const model::Model& m, std::ostream& out, bool excel) : rows_(m), out_(out), excel_(excel) {}
  void write(const Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members,
             const std::vector<NotApplicableOutput>& not_applicable) override {
    start();
    line_.clear();
    std::string_view id = h.id;
    std::string formula;
    if (excel_ && excel_would_convert(id)) id = formula = excel_text_formula(id);
    rows_.append_row(line_, id, outputs, &members, &not_applicable, extra_.empty() ? nullptr : &h.extra);
    put(line_);
  }
  // The pipeline's ready rows: plain CSV only (no columns passed through).
  bool takes_csv_rows() const override { return extra_.empty() && !excel_; }
  void write_csv_rows(std::string_view rows) override {
    start();
    out_.write(rows.data(), static_cast<std::streamsize>(rows.size()));
  }
  void finish() override {
    start();
    out_.flush();
  }

 private:
  // The header, once the passed-through columns are known (before the first row).
  void start() {
    if (started_) return;
    started_ = true;
    if (excel_) out_ << "\xEF\xBB\xBF";  // the byte-order mark: Excel then reads UTF-8
    put(rows_.header(extra_, excel_) + "\n");
  }
  // A row; for Excel its final line break as CRLF (a line break inside a
  // quoted field stays as it is: Excel keeps it in the cell).
  void put(const std::string& row) {
    if (excel_ && !row.empty() && row.back() == '\n') {
      out_.write(row.data(), static_cast<std::streamsize>(row.size() - 1));
      out_ << "\r\n";
    } else {
      out_ << row;
    }
  }

  CsvRowFormatter rows_;
  std::ostream& out_;
  bool excel_;
  std::string line_;
  bool started_ = false;
};

class JsonWriter : public ResultWriter {
 public:
  JsonWriter(const model::Model& m, const RunInfo& info, std::ostream& out) : m_(m), out_(out) {
    out_ << "{\n  \"policy\": " << json_string(m.policy) << ",\n  \"version\": "
         << json_string(m.version) << ",\n  \"effective\": " << json_string(m.effective_text)
         << ",\n  \"date\": " << json_string(info.date);
    if (!info.fingerprint.empty()) out_ << ",\n  \"fingerprint\": " << json_string(info.fingerprint);
    out_ << ",\n  \"outputs\": [";
    for (size_t i = 0; i < m.outputs.size(); ++i) {
      const auto& o = m.outputs[i];
      out_ << (i ? "," : "") << "\n    {\"name\": " << json_string(o.name)
           << ", \"label\": " << json_string(o.label) << ", \"type\": "
           << json_string(model::type_name(m, o.type)) << "}";
    }
    out_ << "\n  ],";
    if (!m.member_outputs.empty()) {
      out_ << "\n  \"member_outputs\": [";
      for (size_t i = 0; i < m.member_outputs.size(); ++i) {
        const auto& o = m.member_outputs[i];
        out_ << (i ? "," : "") << "\n    {\"name\": " << json_string(o.name)
             << ", \"label\": " << json_string(o.label) << ", \"type\": "
             << json_string(model::type_name(m, o.type)) << ", \"members\": "
             << json_string(o.list < 0 ? "member" : m.member_lists[static_cast<size_t>(o.list)].name) << "}";
      }
      out_ << "\n  ],";
    }
    out_ << "\n  \"results\": [";
  }
  void write(const Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members,
             const std::vector<NotApplicableOutput>& not_applicable) override {
    out_ << (first_ ? "" : ",") << "\n    {\"id\": " << json_string(h.id);
    if (!extra_.empty()) {  // the passed-through columns, as text
      out_ << ", \"columns\": {";
      for (size_t i = 0; i < extra_.size(); ++i)
        out_ << (i ? ", " : "") << json_string(extra_[i]) << ": " << json_string(i < h.extra.size() ? h.extra[i] : "");
      out_ << "}";
    }
    out_ << ", \"outputs\": {";
    for (size_t i = 0; i < outputs.size(); ++i) {
      const auto& o = m_.outputs[i];
      out_ << (i ? ", " : "") << json_string(o.name) << ": "
           << json_string(find_not_applicable(&not_applicable, i, false)
                              ? std::string(kNotApplicableText)
                              : format_value(m_, o.type, outputs[i], o.scale));
    }
    out_ << "}";
    if (!not_applicable.empty()) write_not_applicable(not_applicable);
    if (!m_.member_outputs.empty()) {
      // One entry per member some per-member output lists, in people order.
      std::map<int, std::vector<std::pair<size_t, const Exact*>>> by_member;
      for (size_t o = 0; o < members.size(); ++o)
        for (const auto& v : members[o]) by_member[v.member].emplace_back(o, &v.value);
      out_ << ", \"members\": [";
      bool first_member = true;
      for (const auto& [member, values] : by_member) {
        out_ << (first_member ? "" : ", ") << "{\"member\": " << member + 1 << ", \"outputs\": {";
        for (size_t i = 0; i < values.size(); ++i) {
          const auto& o = m_.member_outputs[values[i].first];
          out_ << (i ? ", " : "") << json_string(o.name) << ": "
               << json_string(format_value(m_, o.type, *values[i].second, o.scale));
        }
        out_ << "}}";
        first_member = false;
      }
      out_ << "]";
    }
    out_ << "}";
    first_ = false;
  }
  // `"not_applicable": [{"output": "tekun", "reason": "…"}]`: why each n/a
  // output has no figure.
  void write_not_applicable(const std::vector<NotApplicableOutput>& not_applicable) {
    out_ << ", \"not_applicable\": [";
    for (size_t i = 0; i < not_applicable.size(); ++i) {
      const auto& n = not_applicable[i];
      const std::string& name = n.per_member ? m_.member_outputs[n.output].name : m_.outputs[n.output].name;
      out_ << (i ? ", " : "") << "{\"output\": " << json_string(name)
           << ", \"reason\": " << json_string(n.reason) << "}";
    }
    out_ << "]";
  }
  void write_rejected(const std::string& id, const std::vector<RejectionReason>& reasons) override {
    out_ << (first_ ? "" : ",") << "\n    {\"id\": " << json_string(id) << ", \"errors\": [";
    for (size_t i = 0; i < reasons.size(); ++i)
      out_ << (i ? ", " : "") << "{\"field\": " << json_string(reasons[i].field)
           << (reasons[i].member > 0 ? ", \"member\": " + std::to_string(reasons[i].member) : "")
           << ", \"reason\": " << json_string(reasons[i].reason) << "}";
    out_ << "]}";
    first_ = false;
  }
  void finish() override {
    out_ << "\n  ]\n}\n";
    out_.flush();
  }

 private:
  const model::Model& m_;
  std::ostream& out_;
  bool first_ = true;
};

class TableWriter : public ResultWriter {
 public:
  TableWriter(const model::Model& m, const RunInfo& info, std::ostream& out)
      : m_(m), info_(info), out_(out) {
    rows_.push_back({"id"});
    labels_.push_back({""});
    for (const auto& o : m.outputs) {
      rows_[0].push_back(o.name);
      labels_[0].push_back(o.label);
    }
  }
  void write(const Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members,
             const std::vector<NotApplicableOutput>& not_applicable) override {
    std::vector<std::string> row{h.id};
    for (size_t i = 0; i < outputs.size(); ++i) {
      const auto& o = m_.outputs[i];
      row.push_back(find_not_applicable(&not_applicable, i, false) ? std::string(kNotApplicableText)
                                                                 : format_value(m_, o.type, outputs[i], o.scale));
    }
    rows_.push_back(std::move(row));
    std::map<int, std::vector<std::string>> by_member;
    for (size_t o = 0; o < members.size() && o < m_.member_outputs.size(); ++o) {
      const auto& out = m_.member_outputs[o];
      for (const auto& v : members[o]) {
        auto& row = by_member[v.member];
        if (row.empty()) {
          row.assign(m_.member_outputs.size() + 2, "—");
          row[0] = h.id;
          row[1] = std::to_string(v.member + 1);
        }
        row[o + 2] = format_value(m_, out.type, v.value, out.scale);
      }
    }
    for (auto& [member, row] : by_member) member_rows_.push_back(std::move(row));
    if (rows_.size() > kTablePageRows) page();
  }
  void finish() override {
    if (rows_.size() > 1 || pages_ == 0) page();
    out_.flush();
  }

 private:
  // The table so far, its columns as wide as this page needs; memory stays
  // bounded by a page however many households the file holds.
  void page() {
    if (pages_++ == 0)
      out_ << fmt::format("policy {} version {} (effective {}), evaluated on {}\n\n", m_.policy,
                          m_.version, m_.effective_text, info_.date);
    else
      out_ << fmt::format("\n(households {} on)\n\n", households_ + 1);
    households_ += rows_.size() - 1;
    TextTable table;
    table.header = {labels_[0], rows_[0]};
    table.rows.assign(rows_.begin() + 1, rows_.end());
    table.right.push_back(false);
    for (const auto& o : m_.outputs) table.right.push_back(o.type.is_numeric());
    out_ << table.render();
    if (!m_.member_outputs.empty()) member_table();
    rows_.resize(1);
    member_rows_.clear();
  }

  // Per-member outputs: a second table, a row per member listed (— where an
  // output does not list that member).
  void member_table() {
    TextTable table;
    table.header = {{"", ""}, {"id", "member"}};
    table.right = {false, true};
    for (const auto& o : m_.member_outputs) {
      table.header[0].push_back(o.label);
      table.header[1].push_back(o.name);
      table.right.push_back(o.type.is_numeric());
    }
    table.rows = member_rows_;
    out_ << "\nper member\n\n" << table.render();
  }

  // Households a page holds: past this, a table is printed in pages.
  static constexpr size_t kTablePageRows = 10000;
  const model::Model& m_;
  RunInfo info_;
  std::ostream& out_;
  std::vector<std::vector<std::string>> rows_, labels_, member_rows_;
  size_t pages_ = 0, households_ = 0;
};

}  // namespace

// ---- CSV rows ---------------------------------------------------------------------

// Writes scaled / 10^scale at `p` (at most 48 bytes), returns the end.
char* write_fixed(char* p, int64_t scaled, int scale) {
  // |INT64_MIN| does not fit an int64: work on the unsigned magnitude.
  uint64_t magnitude = scaled < 0 ? 0 - static_cast<uint64_t>(scaled) : static_cast<uint64_t>(scaled);
  if (scaled < 0) *p++ = '-';
  if (scale == 0) return std::to_chars(p, p + 24, magnitude).ptr;
  uint64_t unit = 1;
  for (int i = 0; i < scale && unit <= UINT64_MAX / 10; ++i) unit *= 10;
  if (scale > 19) {  // not a fast-path scale: digit by digit
    char digits[48];
    char* d = digits + sizeof digits;
    for (int digit = 0; digit <= scale || magnitude != 0; ++digit) {
      if (digit == scale) *--d = '.';
      *--d = static_cast<char>('0' + magnitude % 10);
      magnitude /= 10;
    }
    size_t n = static_cast<size_t>(digits + sizeof digits - d);
    std::memcpy(p, d, n);
    return p + n;
  }
  // Constant divisors for the usual scales: the compiler makes them multiplies.
  uint64_t whole, fraction;
  switch (scale) {
    case 1: whole = magnitude / 10, fraction = magnitude % 10; break;
    case 2: whole = magnitude / 100, fraction = magnitude % 100; break;
    case 3: whole = magnitude / 1000, fraction = magnitude % 1000; break;
    default: whole = magnitude / unit, fraction = magnitude % unit; break;
  }
  p = std::to_chars(p, p + 24, whole).ptr;  // the whole part ("0" for 0.05)
  *p++ = '.';
  for (int i = scale - 1; i >= 0; --i) {  // exactly `scale` digits, leading zeros kept
    p[i] = static_cast<char>('0' + fraction % 10);
    fraction /= 10;
  }
  return p + scale;
}

void append_fixed(std::string& out, int64_t scaled, int scale) {
  char buffer[48];
  out.append(buffer, static_cast<size_t>(write_fixed(buffer, scaled, scale) - buffer));
}

CsvRowFormatter::CsvRowFormatter(const model::Model& m) : m_(m), names_(m.outputs.size()) {
  for (size_t o = 0; o < m.outputs.size(); ++o) {
    const model::Type& type = m.outputs[o].type;
    std::vector<std::string> names;
    auto add = [&](const std::string& text) {
      names.emplace_back();
      append_csv_field(names.back(), text);
    };
    switch (type.kind) {
      case model::TypeKind::boolean:
        add("false");
        add("true");
        break;
      case model::TypeKind::enumeration:
        for (const auto& v : m.enums.at(static_cast<size_t>(type.enumeration)).values) add(v.name);
        break;
      case model::TypeKind::district:
        for (const auto& d : m.districts) add(d.name);
        break;
      case model::TypeKind::region:
        for (const auto& r : m.regions) add(r.name);
        break;
      default:
        break;
    }
    names_[o] = std::move(names);
  }
}

std::string column_heading(std::string_view label, std::string_view name) {
  if (label.empty() || label == name) return std::string(name);
  return fmt::format("{} ({})", label, name);
}

std::string CsvRowFormatter::header(const std::vector<std::string>& extra, bool headings) const {
  std::string header = "id";
  auto add = [&](std::string_view label, std::string_view name) {
    header += ',';
    append_csv_field(header, headings ? column_heading(label, name) : std::string(name));
  };
  for (const auto& name : extra) add("", name);
  for (const auto& o : m_.outputs) add(o.label, o.name);
  for (const auto& o : m_.member_outputs) add(o.label, o.name);
  return header;
}

void CsvRowFormatter::append_row(std::string& out, std::string_view id,
                                 const std::vector<Exact>& outputs,
                                 const std::vector<std::vector<MemberValue>>* members,
                                 const std::vector<NotApplicableOutput>* not_applicable,
                                 const std::vector<std::string>* extra) const {
  append_csv_field(out, id);
  if (extra) {
    for (const auto& text : *extra) {
      out += ',';
      append_csv_field(out, text);
    }
  }
  for (size_t i = 0; i < outputs.size(); ++i) {
    const auto& o = m_.outputs[i];
    out += ',';
    if (find_not_applicable(not_applicable, i, false)) {
      out += kNotApplicableText;
      continue;
    }
    std::optional<int64_t> fast;
    if (o.type.is_numeric()) fast = outputs[i].scaled(o.scale);
    if (!(fast && append_fast_value(out, i, *fast)))
      append_csv_field(out, format_value(m_, o.type, outputs[i], o.scale));
  }
  for (size_t o = 0; o < m_.member_outputs.size(); ++o) {
    out += ',';
    if (find_not_applicable(not_applicable, o, true)) {
      out += kNotApplicableText;
      continue;
    }
    if (!members || o >= members->size()) continue;
    std::string field;
    for (const auto& v : (*members)[o]) {
      if (!field.empty()) field += ';';
      field += std::to_string(v.member + 1) + ":" +
               format_value(m_, m_.member_outputs[o].type, v.value, m_.member_outputs[o].scale);
    }
    append_csv_field(out, field);
  }
  out += '\n';
}

// One output's text from its fast value; false (nothing appended) when the
// value is a code that names nothing.
bool CsvRowFormatter::append_fast_value(std::string& out, size_t o, int64_t value) const {
  const model::Output& output = m_.outputs[o];
  switch (output.type.kind) {
    case model::TypeKind::money:
    case model::TypeKind::decimal:
    case model::TypeKind::integer:
      append_fixed(out, value, output.scale);
      return true;
    case model::TypeKind::date:
      append_csv_field(out, format_date(static_cast<int>(value)));
      return true;
    case model::TypeKind::boolean:
      out += names_[o][value != 0 ? 1 : 0];
      return true;
    default:
      if (value < 0 || static_cast<uint64_t>(value) >= names_[o].size()) return false;
      out += names_[o][static_cast<size_t>(value)];
      return true;
  }
}

bool CsvRowFormatter::append_fast_row(std::string& out, std::string_view id,
                                      const int64_t* values) const {
  // The common row — a plain id, amounts and names — is built in a buffer
  // on the stack and appended once; anything longer or unusual takes the
  // general path below.
  char row[512];
  char* p = row;
  char* limit = row + sizeof row - 64;  // room for one more field
  bool simple = id.size() < 64 && id.find_first_of(",\"\n\r") == std::string_view::npos;
  if (simple) {
    std::memcpy(p, id.data(), id.size());
    p += id.size();
  }
  for (size_t o = 0; simple && o < m_.outputs.size(); ++o) {
    if (p > limit) {
      simple = false;
      break;
    }
    *p++ = ',';
    const model::Output& output = m_.outputs[o];
    int64_t value = values[o];
    switch (output.type.kind) {
      case model::TypeKind::money:
      case model::TypeKind::decimal:
      case model::TypeKind::integer:
        p = write_fixed(p, value, output.scale);
        break;
      case model::TypeKind::date:
        simple = false;
        break;
      default: {
        const auto& names = names_[o];
        size_t code = output.type.kind == model::TypeKind::boolean ? (value != 0) : static_cast<size_t>(value);
        if (value < 0 || code >= names.size() || names[code].size() > 48) {
          simple = false;
          break;
        }
        std::memcpy(p, names[code].data(), names[code].size());
        p += names[code].size();
      }
    }
  }
  if (simple && static_cast<size_t>(row + sizeof row - p) > m_.member_outputs.size() + 1) {
    for (size_t o = 0; o < m_.member_outputs.size(); ++o) *p++ = ',';  // no members in a CSV row
    *p++ = '\n';
    out.append(row, static_cast<size_t>(p - row));
    return true;
  }
  size_t start = out.size();
  append_csv_field(out, id);
  for (size_t o = 0; o < m_.outputs.size(); ++o) {
    out += ',';
    if (!append_fast_value(out, o, values[o])) {
      out.resize(start);
      return false;
    }
  }
  out.append(m_.member_outputs.size(), ',');
  out += '\n';
  return true;
}

std::unique_ptr<ResultWriter> make_result_writer(OutputFormat format, const model::Model& m,
                                                 const RunInfo& info, std::ostream& out) {
  switch (format) {
    case OutputFormat::csv: return std::make_unique<CsvWriter>(m, out, info.excel);
    case OutputFormat::xlsx: return make_xlsx_writer(m, info, out);
    case OutputFormat::json: return std::make_unique<JsonWriter>(m, info, out);
    case OutputFormat::table: return std::make_unique<TableWriter>(m, info, out);
  }
  return nullptr;
}

}  // namespace doudi
