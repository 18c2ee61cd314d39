// .xlsx -> CSV text (see xlsx_sheet.h): libzip for the archive, expat for
// its XML parts.
#include "interpreter/formats/xlsx_sheet.h"

#include <expat.h>
#include <zip.h>

#include <cctype>
#include <charconv>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "base/date.h"
#include "base/text.h"

namespace doudi {

bool looks_like_zip(std::string_view prefix) { return prefix.substr(0, 4) == std::string_view("PK\x03\x04", 4); }

std::string plain_decimal(std::string_view number) {
  size_t e = number.find_first_of("eE");
  if (e == std::string_view::npos) return std::string(number);
  std::string_view mantissa = number.substr(0, e), exponent = number.substr(e + 1);
  bool negative = !mantissa.empty() && mantissa[0] == '-';
  if (negative || (!mantissa.empty() && mantissa[0] == '+')) mantissa.remove_prefix(1);
  if (!exponent.empty() && exponent[0] == '+') exponent.remove_prefix(1);
  int shift = 0;
  auto parsed = std::from_chars(exponent.data(), exponent.data() + exponent.size(), shift);
  if (parsed.ec != std::errc() || parsed.ptr != exponent.data() + exponent.size() || shift > 400 || shift < -400)
    return std::string(number);
  std::string digits;
  long point = -1;
  for (char c : mantissa) {
    if (c == '.' && point < 0) point = static_cast<long>(digits.size());
    else if (std::isdigit(static_cast<unsigned char>(c))) digits += c;
    else return std::string(number);
  }
  if (digits.empty()) return std::string(number);
  if (point < 0) point = static_cast<long>(digits.size());
  point += shift;  // the point's new place among the digits
  if (point <= 0) digits.insert(0, static_cast<size_t>(1 - point), '0'), point = 1;
  if (point > static_cast<long>(digits.size())) digits.append(static_cast<size_t>(point) - digits.size(), '0');
  std::string out = digits.substr(0, static_cast<size_t>(point));
  std::string fraction = digits.substr(static_cast<size_t>(point));
  out.erase(0, std::min(out.find_first_not_of('0'), out.size() - 1));
  fraction.erase(fraction.find_last_not_of('0') + 1);
  if (!fraction.empty()) out += "." + fraction;
  return (negative && out.find_first_not_of("0.") != std::string::npos ? "-" : "") + out;
}

std::string excel_number_text(std::string_view number) {
  std::string plain = plain_decimal(number);
  bool negative = !plain.empty() && plain[0] == '-';
  size_t point = plain.find('.');
  if (plain.find_first_not_of("-.0123456789") != std::string::npos || point == std::string::npos) return plain;
  std::string digits = plain.substr(negative ? 1 : 0);
  digits.erase(digits.find('.'), 1);
  long whole = static_cast<long>(point) - (negative ? 1 : 0);  // digits before the point
  size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos || digits.size() - first <= 15) return plain;
  // Round half up at the 15th significant digit, on the digits themselves.
  size_t keep = first + 15;
  bool up = digits[keep] >= '5';
  digits.resize(keep);
  for (size_t i = keep; up && i-- > 0;) {
    if (digits[i] == '9') {
      digits[i] = '0';
    } else {
      ++digits[i];
      up = false;
    }
  }
  if (up) digits.insert(0, "1"), ++whole;
  if (static_cast<long>(digits.size()) < whole) digits.append(static_cast<size_t>(whole) - digits.size(), '0');
  std::string out = digits.substr(0, static_cast<size_t>(whole)) + "." + digits.substr(static_cast<size_t>(whole));
  return plain_decimal((negative ? "-" : "") + out + "E0");  // the same digits, zeros trimmed
}

std::optional<int> serial_to_day(long serial, bool date1904) {
  if (date1904) return days_from_civil(1904, 1, 1) + static_cast<int>(serial);
  if (serial == 60 || serial < 1 || serial > 2958465) return std::nullopt;  // 60: 1900-02-29, which never was
  return serial < 60 ? days_from_civil(1899, 12, 31) + static_cast<int>(serial)
                     : days_from_civil(1899, 12, 30) + static_cast<int>(serial);
}

namespace {

// An XML part read with expat: the local names of elements (the prefix cut,
// "x:c" -> "c"), their attributes by local name, and character data.
struct XmlHandlers {
  std::function<void(std::string_view, const std::map<std::string, std::string>&)> start;
  std::function<void(std::string_view)> end;
  std::function<void(std::string_view)> text;
};

std::string_view local_name(const char* name) {
  std::string_view n(name);
  size_t colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

bool parse_xml(const std::string& xml, XmlHandlers& h, std::string& error) {
  XML_Parser parser = XML_ParserCreate("UTF-8");
  XML_SetUserData(parser, &h);
  XML_SetElementHandler(
      parser,
      [](void* data, const char* name, const char** attributes) {
        auto& handlers = *static_cast<XmlHandlers*>(data);
        if (!handlers.start) return;
        std::map<std::string, std::string> a;
        for (size_t i = 0; attributes[i]; i += 2) a[std::string(local_name(attributes[i]))] = attributes[i + 1];
        handlers.start(local_name(name), a);
      },
      [](void* data, const char* name) {
        auto& handlers = *static_cast<XmlHandlers*>(data);
        if (handlers.end) handlers.end(local_name(name));
      });
  XML_SetCharacterDataHandler(parser, [](void* data, const char* s, int n) {
    auto& handlers = *static_cast<XmlHandlers*>(data);
    if (handlers.text) handlers.text(std::string_view(s, static_cast<size_t>(n)));
  });
  bool ok = XML_Parse(parser, xml.data(), static_cast<int>(xml.size()), 1) == XML_STATUS_OK;
  if (!ok)
    error = fmt::format("{} at line {}", XML_ErrorString(XML_GetErrorCode(parser)), XML_GetCurrentLineNumber(parser));
  XML_ParserFree(parser);
  return ok;
}

// One part of the archive, whole; nullopt when it is not there.
std::optional<std::string> read_part(zip_t* archive, const std::string& name) {
  zip_stat_t st;
  if (zip_stat(archive, name.c_str(), 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) return std::nullopt;
  if (st.size > (size_t{1} << 31)) return std::nullopt;  // larger than any sheet Excel writes
  zip_file_t* f = zip_fopen(archive, name.c_str(), 0);
  if (!f) return std::nullopt;
  std::string text(static_cast<size_t>(st.size), '\0');
  zip_int64_t n = zip_fread(f, text.data(), st.size);
  zip_fclose(f);
  if (n < 0 || static_cast<zip_uint64_t>(n) != st.size) return std::nullopt;
  return text;
}

// The workbook's first sheet: its name and its part, and the date system.
struct FirstSheet {
  std::string name, part;
  bool date1904 = false;
};

std::optional<FirstSheet> first_sheet(zip_t* archive, std::string& error) {
  auto workbook = read_part(archive, "xl/workbook.xml");
  auto rels = read_part(archive, "xl/_rels/workbook.xml.rels");
  if (!workbook || !rels) {
    error = "no xl/workbook.xml in the archive";
    return std::nullopt;
  }
  FirstSheet sheet;
  std::string relation;
  XmlHandlers w;
  w.start = [&](std::string_view name, const std::map<std::string, std::string>& a) {
    if (name == "sheet" && relation.empty() && a.count("id")) {
      relation = a.at("id");
      sheet.name = a.count("name") ? a.at("name") : "";
    }
    if (name == "workbookPr" && a.count("date1904")) sheet.date1904 = a.at("date1904") == "1" || a.at("date1904") == "true";
  };
  if (!parse_xml(*workbook, w, error)) return std::nullopt;
  XmlHandlers r;
  r.start = [&](std::string_view name, const std::map<std::string, std::string>& a) {
    if (name == "Relationship" && a.count("Id") && a.at("Id") == relation && a.count("Target")) {
      const std::string& target = a.at("Target");
      sheet.part = target.rfind('/', 0) == 0 ? target.substr(1) : "xl/" + target;
    }
  };
  if (!parse_xml(*rels, r, error)) return std::nullopt;
  if (sheet.part.empty()) {
    error = "the workbook names no worksheet";
    return std::nullopt;
  }
  return sheet;
}

// The shared strings (a rich text's runs joined; phonetic guides left out).
bool shared_strings(zip_t* archive, std::vector<std::string>& out, std::string& error) {
  auto xml = read_part(archive, "xl/sharedStrings.xml");
  if (!xml) return true;  // a workbook without text cells
  int phonetic = 0;
  bool in_text = false;
  XmlHandlers h;
  h.start = [&](std::string_view name, const std::map<std::string, std::string>&) {
    if (name == "si") out.emplace_back();
    else if (name == "rPh") ++phonetic;
    else if (name == "t") in_text = phonetic == 0 && !out.empty();
  };
  h.end = [&](std::string_view name) {
    if (name == "rPh") --phonetic;
    else if (name == "t") in_text = false;
  };
  h.text = [&](std::string_view s) {
    if (in_text) out.back().append(s);
  };
  return parse_xml(*xml, h, error);
}

// Whether a number format shows a date: the built-in date formats (the
// Chinese ones, 27-36 and 50-58, included) or a code with y or d outside
// quotes, brackets and escapes.
bool is_date_format(int id, std::string_view code) {
  if ((id >= 14 && id <= 17) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58) || id == 22) return true;
  if (code.empty()) return false;
  bool quoted = false, bracket = false;
  for (size_t i = 0; i < code.size(); ++i) {
    char c = code[i];
    if (c == '"') quoted = !quoted;
    else if (quoted) continue;
    else if (c == '[') bracket = true;
    else if (c == ']') bracket = false;
    else if (bracket) continue;
    else if (c == '\\' || c == '_' || c == '*') ++i;
    else if (c == 'y' || c == 'Y' || c == 'd' || c == 'D') return true;
  }
  return false;
}

// For each cell style (the `s` of a cell), whether it shows a date.
bool date_styles(zip_t* archive, std::vector<bool>& out, std::string& error) {
  auto xml = read_part(archive, "xl/styles.xml");
  if (!xml) return true;
  std::map<int, std::string> codes;
  bool in_cell_xfs = false;
  XmlHandlers h;
  h.start = [&](std::string_view name, const std::map<std::string, std::string>& a) {
    auto number = [&](const char* key) { return a.count(key) ? std::atoi(a.at(key).c_str()) : 0; };
    if (name == "numFmt" && a.count("formatCode")) codes[number("numFmtId")] = a.at("formatCode");
    else if (name == "cellXfs") in_cell_xfs = true;
    else if (name == "xf" && in_cell_xfs) {
      int id = number("numFmtId");
      out.push_back(is_date_format(id, codes.count(id) ? codes[id] : ""));
    }
  };
  h.end = [&](std::string_view name) {
    if (name == "cellXfs") in_cell_xfs = false;
  };
  return parse_xml(*xml, h, error);
}

// The column (0-based) of a cell reference ("C12" -> 2); -1 without letters.
long column_of(std::string_view ref) {
  long col = 0;
  size_t i = 0;
  for (; i < ref.size() && std::isalpha(static_cast<unsigned char>(ref[i])); ++i)
    col = col * 26 + (std::toupper(static_cast<unsigned char>(ref[i])) - 'A' + 1);
  return i == 0 || col > 16384 ? -1 : col - 1;
}

}  // namespace

namespace {

// The worksheet's rows as CSV lines, row N on line N.
class SheetToCsv {
 public:
  SheetToCsv(const std::vector<std::string>& strings, const std::vector<bool>& dates, bool date1904)
      : strings_(strings), dates_(dates), date1904_(date1904) {}

  XmlHandlers handlers() {
    XmlHandlers h;
    h.start = [this](std::string_view name, const std::map<std::string, std::string>& a) { start(name, a); };
    h.end = [this](std::string_view name) { end(name); };
    h.text = [this](std::string_view s) {
      if (collecting_) value_.append(s);
    };
    return h;
  }
  std::string take() { return std::move(csv_); }

 private:
  void start(std::string_view name, const std::map<std::string, std::string>& a) {
    auto attribute = [&](const char* key) { return a.count(key) ? a.at(key) : std::string(); };
    if (name == "row") {
      std::string r = attribute("r");
      row_ = r.empty() ? row_ + 1 : std::atol(r.c_str());
      cells_.clear();
      next_column_ = 0;
    } else if (name == "c") {
      long col = column_of(attribute("r"));
      column_ = col >= 0 ? col : next_column_;
      next_column_ = column_ + 1;
      type_ = attribute("t");
      std::string s = attribute("s");
      style_ = s.empty() ? 0 : std::atol(s.c_str());
      value_.clear();
      inline_.clear();
    } else if (name == "v") {
      collecting_ = true;
      value_.clear();
    } else if (name == "is") {
      in_inline_ = true;
    } else if (name == "rPh") {
      ++phonetic_;
    } else if (name == "t" && in_inline_ && phonetic_ == 0) {
      collecting_ = true;
    }
  }

  void end(std::string_view name) {
    if (name == "v") {
      collecting_ = false;
    } else if (name == "t" && in_inline_) {
      if (collecting_) inline_ += value_;
      value_.clear();
      collecting_ = false;
    } else if (name == "rPh") {
      --phonetic_;
    } else if (name == "is") {
      in_inline_ = false;
    } else if (name == "c") {
      std::string text = cell_text();
      if (!text.empty()) {
        if (cells_.size() <= static_cast<size_t>(column_)) cells_.resize(static_cast<size_t>(column_) + 1);
        cells_[static_cast<size_t>(column_)] = std::move(text);
      }
    } else if (name == "row") {
      flush_row();
    }
  }

  // The cell's value as the CSV field's text (see xlsx_sheet.h).
  std::string cell_text() const {
    if (type_ == "inlineStr") return inline_;
    if (type_ == "s") {
      long k = std::atol(value_.c_str());
      return k >= 0 && static_cast<size_t>(k) < strings_.size() ? strings_[static_cast<size_t>(k)] : value_;
    }
    if (type_ == "b") return value_ == "1" ? "true" : value_ == "0" ? "false" : value_;
    if (type_ == "d") return value_.substr(0, value_.find('T'));  // ISO 8601: its date
    if (type_ == "str" || type_ == "e" || value_.empty()) return value_;
    std::string number = excel_number_text(value_);
    bool date = style_ >= 0 && static_cast<size_t>(style_) < dates_.size() && dates_[static_cast<size_t>(style_)];
    if (date && number.find_first_not_of("0123456789") == std::string::npos && number.size() < 8) {
      if (auto day = serial_to_day(std::atol(number.c_str()), date1904_)) return format_date(*day);
    }
    return number;  // a date with a time of day, or a serial out of range: the number, refused as a date
  }

  // Row `row_` as line `row_`: empty lines for the rows before it.
  void flush_row() {
    if (row_ <= line_) return;  // rows out of order: not written by Excel; the later one is dropped
    size_t last = cells_.size();
    while (last > 0 && cells_[last - 1].empty()) --last;
    if (last == 0) return;  // an empty row: an empty line, written with the next row's gap
    csv_.append(static_cast<size_t>(row_ - line_ - 1), '\n');
    line_ = row_;
    if (width_ == 0) width_ = last;  // the first row with a value: the header
    size_t fields = std::max(last, width_);
    for (size_t c = 0; c < fields; ++c) {
      if (c) csv_ += ',';
      if (c < cells_.size()) append_csv_field(csv_, cells_[c]);
    }
    csv_ += '\n';
  }

  const std::vector<std::string>& strings_;
  const std::vector<bool>& dates_;
  bool date1904_;
  std::string csv_;
  std::vector<std::string> cells_;
  long row_ = 0, line_ = 0, column_ = 0, next_column_ = 0, style_ = 0;
  size_t width_ = 0;
  std::string type_, value_, inline_;
  bool collecting_ = false, in_inline_ = false;
  int phonetic_ = 0;
};

}  // namespace

std::optional<XlsxSheet> read_xlsx_sheet(const std::string& path, std::string& error) {
  int code = 0;
  zip_t* archive = zip_open(path.c_str(), ZIP_RDONLY, &code);
  if (!archive) {
    zip_error_t e;
    zip_error_init_with_code(&e, code);
    error = fmt::format("not an .xlsx workbook: {}", zip_error_strerror(&e));
    zip_error_fini(&e);
    return std::nullopt;
  }
  std::vector<std::string> strings;
  std::vector<bool> dates;
  std::optional<XlsxSheet> out;
  std::string why;
  auto sheet = first_sheet(archive, why);
  if (sheet && shared_strings(archive, strings, why) && date_styles(archive, dates, why)) {
    auto xml = read_part(archive, sheet->part);
    SheetToCsv rows(strings, dates, sheet->date1904);
    XmlHandlers h = rows.handlers();
    if (!xml) why = fmt::format("the sheet's part {} is not in the archive", sheet->part);
    else if (parse_xml(*xml, h, why)) out = XlsxSheet{sheet->name, rows.take()};
  }
  zip_discard(archive);
  if (!out) error = "not an .xlsx workbook doudi can read: " + why;
  return out;
}

}  // namespace doudi
