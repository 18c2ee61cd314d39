// Result writers for table, JSON and CSV.
#include "interpreter/results.h"

#include <fmt/format.h>

#include "interpreter/value.h"

namespace doudi {
namespace {

// Display width of UTF-8 text in a terminal: CJK characters take two columns.
size_t display_width(const std::string& s) {
  size_t width = 0;
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++width;
      ++i;
    } else if ((c >> 5) == 0x6) {
      ++width;
      i += 2;
    } else if ((c >> 4) == 0xE) {
      width += 2;
      i += 3;
    } else {
      width += 2;
      i += 4;
    }
  }
  return width;
}

std::string pad(const std::string& s, size_t width, bool right) {
  size_t w = display_width(s);
  std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + s : s + fill;
}

class CsvWriter : public ResultWriter {
 public:
  CsvWriter(const model::Model& m, std::ostream& out) : m_(m), out_(out) {
    std::string header = "id";
    for (const auto& o : m.outputs) header += "," + csv_field(o.name);
    out_ << header << '\n';
  }
  void write(const Household& h, const std::vector<Exact>& outputs) override {
    line_ = csv_field(h.id);
    for (size_t i = 0; i < outputs.size(); ++i) {
      const auto& o = m_.outputs[i];
      line_ += ',';
      line_ += csv_field(format_value(m_, o.type, outputs[i], o.scale));
    }
    line_ += '\n';
    out_ << line_;
  }
  void finish() override { out_.flush(); }

 private:
  const model::Model& m_;
  std::ostream& out_;
  std::string line_;
};

class JsonWriter : public ResultWriter {
 public:
  JsonWriter(const model::Model& m, const RunInfo& info, std::ostream& out) : m_(m), out_(out) {
    out_ << "{\n  \"policy\": " << json_string(m.policy) << ",\n  \"version\": "
         << json_string(m.version) << ",\n  \"effective\": " << json_string(m.effective_text)
         << ",\n  \"date\": " << json_string(info.date) << ",\n  \"outputs\": [";
    for (size_t i = 0; i < m.outputs.size(); ++i) {
      const auto& o = m.outputs[i];
      out_ << (i ? "," : "") << "\n    {\"name\": " << json_string(o.name)
           << ", \"label\": " << json_string(o.label) << ", \"type\": "
           << json_string(model::type_name(m, o.type)) << "}";
    }
    out_ << "\n  ],\n  \"results\": [";
  }
  void write(const Household& h, const std::vector<Exact>& outputs) override {
    out_ << (first_ ? "" : ",") << "\n    {\"id\": " << json_string(h.id) << ", \"outputs\": {";
    for (size_t i = 0; i < outputs.size(); ++i) {
      const auto& o = m_.outputs[i];
      out_ << (i ? ", " : "") << json_string(o.name) << ": "
           << json_string(format_value(m_, o.type, outputs[i], o.scale));
    }
    out_ << "}}";
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
  void write(const Household& h, const std::vector<Exact>& outputs) override {
    std::vector<std::string> row{h.id};
    for (size_t i = 0; i < outputs.size(); ++i) {
      const auto& o = m_.outputs[i];
      row.push_back(format_value(m_, o.type, outputs[i], o.scale));
    }
    rows_.push_back(std::move(row));
  }
  void finish() override {
    out_ << fmt::format("policy {} version {} (effective {}), evaluated on {}\n\n", m_.policy,
                        m_.version, m_.effective_text, info_.date);
    std::vector<size_t> width(rows_[0].size(), 0);
    for (const auto& r : rows_)
      for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
    for (size_t c = 0; c < labels_[0].size(); ++c)
      width[c] = std::max(width[c], display_width(labels_[0][c]));
    auto print = [&](const std::vector<std::string>& r, bool numbers) {
      std::string line;
      for (size_t c = 0; c < r.size(); ++c) {
        bool right = numbers && c > 0 && m_.outputs[c - 1].type.is_numeric();
        line += (c ? "  " : "") + pad(r[c], width[c], right);
      }
      while (!line.empty() && line.back() == ' ') line.pop_back();
      out_ << line << '\n';
    };
    print(labels_[0], false);
    print(rows_[0], false);
    std::string rule;
    for (size_t c = 0; c < width.size(); ++c) rule += (c ? "  " : "") + std::string(width[c], '-');
    out_ << rule << '\n';
    for (size_t r = 1; r < rows_.size(); ++r) print(rows_[r], true);
    out_.flush();
  }

 private:
  const model::Model& m_;
  RunInfo info_;
  std::ostream& out_;
  std::vector<std::vector<std::string>> rows_, labels_;
};

}  // namespace

std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string json_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += fmt::format("\\u{:04x}", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

std::unique_ptr<ResultWriter> make_result_writer(OutputFormat format, const model::Model& m,
                                                 const RunInfo& info, std::ostream& out) {
  switch (format) {
    case OutputFormat::csv: return std::make_unique<CsvWriter>(m, out);
    case OutputFormat::json: return std::make_unique<JsonWriter>(m, info, out);
    case OutputFormat::table: return std::make_unique<TableWriter>(m, info, out);
  }
  return nullptr;
}

}  // namespace doudi
