// The CSV Excel opens correctly (see results_excel.h): the plain CSV rows
// with a byte-order mark, CRLF line ends, "label (name)" headers and ids
// Excel would convert written as ="id".
#include <cctype>

#include "base/text.h"
#include "interpreter/formats/results_excel.h"

namespace doudi {

bool excel_would_convert(std::string_view id) {
  if (id.empty()) return false;
  // A formula or a sign: Excel evaluates it (and a leading '=' is how a CSV
  // injects a formula).
  if (id.front() == '=' || id.front() == '+' || id.front() == '-' || id.front() == '@') return true;
  // Digits with the characters of numbers, dates, times and percentages
  // ("0123", "2020-08", "1/2", "3:15", "1e5", "12%"): Excel reads a value.
  bool digit = false;
  for (char c : id) {
    if (std::isdigit(static_cast<unsigned char>(c))) digit = true;
    else if (std::string_view(".,/:-+eE% ").find(c) == std::string_view::npos) return false;
  }
  return digit;
}

namespace {

// ="text" with the quotes in `text` doubled, as Excel's formula syntax writes them.
std::string as_text_formula(std::string_view id) {
  std::string out = "=\"";
  for (char c : id) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

class ExcelCsvWriter : public ResultWriter {
 public:
  ExcelCsvWriter(const model::Model& m, std::ostream& out) : rows_(m), out_(out) {}
  void write(const Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members,
             const std::vector<NotApplicableOutput>& not_applicable) override {
    start();
    line_.clear();
    std::string id = excel_would_convert(h.id) ? as_text_formula(h.id) : h.id;
    rows_.append_row(line_, id, outputs, &members, &not_applicable, extra_.empty() ? nullptr : &h.extra);
    put(line_);
  }
  void finish() override {
    start();
    out_.flush();
  }

 private:
  void start() {
    if (started_) return;
    started_ = true;
    out_ << "\xEF\xBB\xBF";  // the byte-order mark: Excel then reads UTF-8
    put(rows_.header(extra_, true) + "\n");
  }
  // A row with its final line break as CRLF (a line break inside a quoted
  // field stays as it is: Excel keeps it in the cell).
  void put(const std::string& row) {
    if (!row.empty() && row.back() == '\n') {
      out_.write(row.data(), static_cast<std::streamsize>(row.size() - 1));
      out_ << "\r\n";
    } else {
      out_ << row;
    }
  }

  CsvRowFormatter rows_;
  std::ostream& out_;
  std::string line_;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<ResultWriter> make_excel_csv_writer(const model::Model& m, std::ostream& out) {
  return std::make_unique<ExcelCsvWriter>(m, out);
}

}  // namespace doudi
