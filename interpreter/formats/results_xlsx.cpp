// The xlsx workbook of a run (see results_excel.h), written by libxlsxwriter
// in constant-memory mode (each row goes to a temporary file as it comes), so
// a long run does not hold its rows.
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include "base/date.h"
#include "interpreter/formats/results_excel.h"
#include "interpreter/formats/value.h"

namespace doudi {

std::optional<double> exact_number_cell(std::string_view text) {  // not an amount: a cell's storage
  // A plain decimal, and its shortest form: no sign of zero, no trailing zeros.
  size_t i = text.size() > 0 && text[0] == '-' ? 1 : 0;
  size_t point = text.find('.');
  std::string digits;
  for (size_t k = i; k < text.size(); ++k) {
    if (k == point) continue;
    if (text[k] < '0' || text[k] > '9') return std::nullopt;
    digits += text[k];
  }
  if (digits.empty() || (point != std::string_view::npos && point == text.size() - 1)) return std::nullopt;
  size_t first = digits.find_first_not_of('0'), last = digits.find_last_not_of('0');
  if (first != std::string::npos && last - first + 1 > 15) return std::nullopt;  // Excel keeps 15 digits
  std::string shortest(text);
  if (point != std::string_view::npos) {
    shortest.erase(shortest.find_last_not_of('0') + 1);
    if (shortest.back() == '.') shortest.pop_back();
  }
  if (shortest == "-0") shortest = "0";
  double value = 0;  // not an amount: the cell's binary storage, checked below to print back as `text`
  auto parsed = std::from_chars(text.data(), text.data() + text.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != text.data() + text.size()) return std::nullopt;
  char printed[40];
  std::snprintf(printed, sizeof printed, "%.16G", value);  // what libxlsxwriter writes into <v>
  if (shortest != printed) return std::nullopt;
  return value;
}

namespace {

class XlsxWriter : public ResultWriter {
 public:
  XlsxWriter(const model::Model& m, const RunInfo& info, std::ostream& out) : m_(m), info_(info), out_(out) {
    const char* dir = std::getenv("TMPDIR");
    temporary_ = fmt::format("{}/doudi-xlsx-XXXXXX", dir && *dir ? dir : "/tmp");
    int fd = ::mkstemp(temporary_.data());
    if (fd < 0) {
      problem_ = "cannot make a temporary file for the workbook";
      return;
    }
    ::close(fd);
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    book_ = workbook_new_opt(temporary_.c_str(), &options);
    if (!book_) {
      problem_ = "cannot start the workbook";
      return;
    }
    sheet_ = workbook_add_worksheet(book_, "results");
    header_ = workbook_add_format(book_);
    format_set_bold(header_);
    date_ = workbook_add_format(book_);
    format_set_num_format(date_, "yyyy-mm-dd");
  }
  ~XlsxWriter() override {
    if (book_) workbook_close(book_);  // not finished: the temporary file is dropped below
    if (!temporary_.empty()) std::remove(temporary_.c_str());
  }

  void write(const Household& h, const std::vector<Exact>& outputs,
             const std::vector<std::vector<MemberValue>>& members,
             const std::vector<NotApplicableOutput>& not_applicable) override {
    if (!book_) return;
    start();
    lxw_col_t col = 0;
    worksheet_write_string(sheet_, row_, col++, h.id.c_str(), nullptr);
    for (size_t i = 0; i < extra_.size(); ++i)
      worksheet_write_string(sheet_, row_, col++, i < h.extra.size() ? h.extra[i].c_str() : "", nullptr);
    for (size_t i = 0; i < outputs.size() && i < m_.outputs.size(); ++i) {
      if (find_not_applicable(&not_applicable, i, false)) {  // a figure not published: the text n/a
        worksheet_write_string(sheet_, row_, col++, std::string(kNotApplicableText).c_str(), nullptr);
        continue;
      }
      write_value(col++, m_.outputs[i].type, outputs[i], m_.outputs[i].scale);
    }
    for (size_t o = 0; o < m_.member_outputs.size(); ++o, ++col) {
      if (find_not_applicable(&not_applicable, o, true)) {
        worksheet_write_string(sheet_, row_, col, std::string(kNotApplicableText).c_str(), nullptr);
        continue;
      }
      if (o >= members.size()) continue;
      std::string field;  // "1:5000.00;3:1000.00", as the CSV writes it
      for (const auto& v : members[o]) {
        if (!field.empty()) field += ';';
        field += std::to_string(v.member + 1) + ":" +
                 format_value(m_, m_.member_outputs[o].type, v.value, m_.member_outputs[o].scale);
      }
      worksheet_write_string(sheet_, row_, col, field.c_str(), nullptr);
    }
    ++row_;
  }

  void finish() override {
    if (!book_) return;
    start();
    about_sheet();
    lxw_error e = workbook_close(book_);
    book_ = nullptr;
    if (e != LXW_NO_ERROR) {
      problem_ = fmt::format("cannot write the workbook: {}", lxw_strerror(e));
      return;
    }
    std::ifstream in(temporary_, std::ios::binary);
    out_ << in.rdbuf();
    out_.flush();
    if (!in || !out_) problem_ = "cannot copy the workbook into place";
  }
  std::string problem() const override { return problem_; }

 private:
  // The header row (labels), frozen with the id column; columns widened.
  void start() {
    if (started_) return;
    started_ = true;
    std::vector<std::string> heads{"id"};
    for (const auto& name : extra_) heads.push_back(name);
    for (const auto& o : m_.outputs) heads.push_back(column_heading(o.label, o.name));
    for (const auto& o : m_.member_outputs) heads.push_back(column_heading(o.label, o.name));
    worksheet_set_column(sheet_, 0, 0, 22, nullptr);
    worksheet_set_column(sheet_, 1, static_cast<lxw_col_t>(heads.size() - 1), 16, nullptr);
    for (size_t c = 0; c < heads.size(); ++c)
      worksheet_write_string(sheet_, 0, static_cast<lxw_col_t>(c), heads[c].c_str(), header_);
    worksheet_freeze_panes(sheet_, 1, 1);
  }

  lxw_format* number_format(int scale) {
    auto& f = numbers_[scale];
    if (!f) {
      f = workbook_add_format(book_);
      format_set_num_format(f, scale > 0 ? ("0." + std::string(static_cast<size_t>(scale), '0')).c_str() : "0");
    }
    return f;
  }

  void write_value(lxw_col_t col, const model::Type& type, const Exact& value, int scale) {
    std::string text = format_value(m_, type, value, scale);
    if (type.is_numeric()) {
      if (auto number = exact_number_cell(text))  // the cell prints back as `text` exactly
        worksheet_write_number(sheet_, row_, col, *number, number_format(scale));
      else  // more digits than a spreadsheet number keeps: the exact text
        worksheet_write_string(sheet_, row_, col, text.c_str(), nullptr);
    } else if (type.kind == model::TypeKind::date) {
      CivilDate d = civil_from_days(static_cast<int>(*value.scaled(0)));
      lxw_datetime when{d.year, static_cast<int>(d.month), static_cast<int>(d.day), 0, 0, 0};
      worksheet_write_datetime(sheet_, row_, col, &when, date_);
    } else if (type.kind == model::TypeKind::boolean) {
      worksheet_write_boolean(sheet_, row_, col, text == "true", nullptr);
    } else {
      worksheet_write_string(sheet_, row_, col, label_of(type, value, text).c_str(), nullptr);
    }
  }

  // An enumeration value's or a region group's label where it has one.
  std::string label_of(const model::Type& type, const Exact& value, const std::string& name) const {
    auto code = value.scaled(0);
    if (!code || *code < 0) return name;
    auto k = static_cast<size_t>(*code);
    if (type.kind == model::TypeKind::enumeration) {
      const auto& values = m_.enums.at(static_cast<size_t>(type.enumeration)).values;
      if (k < values.size() && !values[k].label.empty()) return values[k].label;
    } else if (type.kind == model::TypeKind::region && k < m_.regions.size() && !m_.regions[k].label.empty()) {
      return m_.regions[k].label;
    }
    return name;
  }

  // The second sheet: what produced the results.
  void about_sheet() {
    lxw_worksheet* about = workbook_add_worksheet(book_, "about");
    std::time_t now = std::time(nullptr);
    char written[32];
    std::strftime(written, sizeof written, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    std::vector<std::pair<std::string, std::string>> rows = {
        {"policy", m_.policy},          {"version", m_.version},
        {"effective", m_.effective_text}, {"fingerprint", info_.fingerprint},
        {"date", info_.date},           {"written", written},
        {"policy file", info_.policy_path}};
    for (const auto& source : m_.sources) rows.emplace_back("source", source);
    worksheet_set_column(about, 0, 0, 14, nullptr);
    worksheet_set_column(about, 1, 1, 60, nullptr);
    worksheet_write_string(about, 0, 0, "item", header_);
    worksheet_write_string(about, 0, 1, "value", header_);
    lxw_row_t r = 1;
    for (const auto& [key, value] : rows) {
      worksheet_write_string(about, r, 0, key.c_str(), nullptr);
      worksheet_write_string(about, r++, 1, value.c_str(), nullptr);
    }
  }

  const model::Model& m_;
  RunInfo info_;
  std::ostream& out_;
  std::string temporary_, problem_;
  lxw_workbook* book_ = nullptr;
  lxw_worksheet* sheet_ = nullptr;
  lxw_format *header_ = nullptr, *date_ = nullptr;
  std::map<int, lxw_format*> numbers_;
  lxw_row_t row_ = 1;
  bool started_ = false;
};

}  // namespace

std::unique_ptr<ResultWriter> make_xlsx_writer(const model::Model& m, const RunInfo& info, std::ostream& out) {
  return std::make_unique<XlsxWriter>(m, info, out);
}

}  // namespace doudi
