// Fast reading of CSV household fields into batch columns (see csv_batch.h).
#include "interpreter/formats/csv_batch.h"

#include <cstring>

#include "base/date.h"
#include "interpreter/formats/value.h"

namespace doudi::fast {
namespace {

bool has_outer_space(std::string_view s) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\r'; };
  return !s.empty() && (space(s.front()) || space(s.back()));
}

}  // namespace

// ---- NameTable -------------------------------------------------------------------

// The first and last 8 bytes of a name (zero-padded when shorter): with its
// length, they tell a policy's names apart, and for a name of up to 16 bytes
// they are the whole name, so most lookups compare two words and no bytes.
void NameTable::words(std::string_view s, uint64_t& head, uint64_t& tail) {
  head = tail = 0;
  if (s.size() >= 8) {
    std::memcpy(&head, s.data(), 8);
    std::memcpy(&tail, s.data() + s.size() - 8, 8);
  } else {
    for (size_t i = 0; i < s.size(); ++i) head |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  }
}

uint64_t NameTable::hash(size_t size, uint64_t head, uint64_t tail) {
  uint64_t h = (size + 1) * 0x9E3779B97F4A7C15ULL;
  h ^= head * 0xFF51AFD7ED558CCDULL;
  h = (h << 31) | (h >> 33);
  h ^= tail * 0xC4CEB9FE1A85EC53ULL;
  return h ^ (h >> 29);
}

void NameTable::grow() {
  std::vector<Entry> old = std::move(slots_);
  slots_.assign(old.empty() ? 16 : old.size() * 2, Entry{});
  count_ = 0;
  for (auto& e : old)
    if (e.used) add(e.name, e.code);
}

void NameTable::add(std::string_view name, int64_t code) {
  if (find(name) >= 0) return;
  if ((count_ + 1) * 2 > slots_.size()) grow();
  uint64_t head, tail;
  words(name, head, tail);
  size_t mask = slots_.size() - 1;
  for (size_t i = hash(name.size(), head, tail) & mask;; i = (i + 1) & mask) {
    if (!slots_[i].used) {
      slots_[i] = Entry{std::string(name), code, true, head, tail};
      ++count_;
      return;
    }
  }
}

int64_t NameTable::find(std::string_view name) const {
  if (slots_.empty()) return -1;
  uint64_t head, tail;
  words(name, head, tail);
  size_t mask = slots_.size() - 1;
  for (size_t i = hash(name.size(), head, tail) & mask;; i = (i + 1) & mask) {
    const Entry& e = slots_[i];
    if (!e.used) return -1;
    if (e.head == head && e.tail == tail && e.name.size() == name.size() &&
        (name.size() <= 16 || std::memcmp(e.name.data() + 8, name.data() + 8, name.size() - 16) == 0))
      return e.code;
  }
}

// ---- numbers -------------------------------------------------------------------------

bool parse_fixed(std::string_view text, int scale, int64_t& out) {
  const char* p = text.data();
  const char* end = p + text.size();
  bool negative = p < end && *p == '-';
  if (negative) ++p;
  const char* digits = p;
  uint64_t v = 0;
  while (p < end && static_cast<unsigned>(*p - '0') < 10) v = v * 10 + static_cast<unsigned>(*p++ - '0');
  long whole = p - digits;
  if (whole == 0 || whole + scale > 18) return false;  // then v × 10^scale < 10^18
  int kept = 0;
  if (p < end && *p == '.') {
    const char* fraction = ++p;
    for (; p < end && static_cast<unsigned>(*p - '0') < 10; ++p) {
      if (kept < scale) {
        v = v * 10 + static_cast<unsigned>(*p - '0');
        ++kept;
      } else if (*p != '0') {
        return false;  // more digits than the input's scale: the exact path says so
      }
    }
    if (p == fraction) return false;  // "5." is not a number
  }
  if (p != end) return false;
  for (; kept < scale; ++kept) v *= 10;
  out = negative ? -static_cast<int64_t>(v) : static_cast<int64_t>(v);
  return true;
}

// ---- CsvFieldReader ---------------------------------------------------------------------

CsvFieldReader::CsvFieldReader(const model::Model& m, const Program& p, const CsvColumns& columns,
                               model::Scope scope) {
  // Name tables first (columns point into them): one per enumeration, then
  // districts, then booleans. Names with outer spaces are left out: the
  // exact path trims fields, so such a field must go there.
  size_t districts = m.enums.size(), booleans = districts + 1;
  tables_.resize(m.enums.size() + 2);
  auto add = [](NameTable& t, const std::string& name, int64_t code) {
    if (!name.empty() && !has_outer_space(name)) t.add(name, code);
  };
  for (size_t e = 0; e < m.enums.size(); ++e) {
    const auto& values = m.enums[e].values;
    for (size_t v = 0; v < values.size(); ++v) {  // find_enum_value's order: name or label
      add(tables_[e], values[v].name, static_cast<int64_t>(v));
      add(tables_[e], values[v].label, static_cast<int64_t>(v));
    }
  }
  for (const auto& [name, index] : m.district_index) add(tables_[districts], name, index);
  for (const char* t : {"1", "true", "yes", "是", "True", "TRUE"}) add(tables_[booleans], t, 1);
  for (const char* f : {"0", "false", "no", "否", "False", "FALSE"}) add(tables_[booleans], f, 0);

  std::vector<bool> given(p.inputs.size(), false);
  for (int input : columns.input) {
    Column c;
    if (input >= 0) {
      given[static_cast<size_t>(input)] = true;
      const InputColumn& in = p.inputs[static_cast<size_t>(input)];
      c.target = in.column;
      c.scale = in.scale;
      c.empty = in.default_value;
      switch (in.readable ? in.kind : model::TypeKind::error) {
        case model::TypeKind::money:
        case model::TypeKind::decimal:
        case model::TypeKind::integer: {
          c.kind = Kind::number;
          const model::Input& decl = m.inputs[static_cast<size_t>(input)];
          for (auto [bound, target] : {std::pair{&decl.at_least, &c.least}, std::pair{&decl.at_most, &c.most}}) {
            if (!*bound) continue;
            auto scaled = (*bound)->scaled(c.scale);
            if (scaled) *target = *scaled;
            else c.kind = Kind::unreadable;  // a bound finer than the column: the exact path
          }
          break;
        }
        case model::TypeKind::boolean:
          c.kind = Kind::name;
          c.names = &tables_[booleans];
          break;
        case model::TypeKind::enumeration:
          c.kind = Kind::name;
          c.names = &tables_[static_cast<size_t>(in.enumeration)];
          break;
        case model::TypeKind::district:
          c.kind = Kind::name;
          c.names = &tables_[districts];
          break;
        case model::TypeKind::date: c.kind = Kind::date; break;
        default: c.kind = Kind::unreadable; break;
      }
    }
    columns_.push_back(c);
  }
  for (size_t i = 0; i < p.inputs.size(); ++i) {
    const InputColumn& in = p.inputs[i];
    if (in.column < 0 || given[i] || in.member != (scope == model::Scope::member)) continue;
    if (static_cast<int>(i) == p.member_count_input && p.member_count >= 0) continue;  // the caller's
    if (in.default_value) absent_.push_back({in.column, *in.default_value, in.member ? kMemberRows : kBatchRows});
    else exact_only_ = true;  // evaluated from an expression per household: the exact path
  }
}

void CsvFieldReader::prepare(FastEvaluator& batch) const {
  for (const auto& a : absent_) std::fill_n(batch.column(a.column), a.rows, a.value);
}

bool CsvFieldReader::read_field(const Column& c, std::string_view text, int64_t& out) const {
  if (text.empty()) {
    if (!c.empty) return false;
    out = *c.empty;
    return true;
  }
  switch (c.kind) {
    case Kind::number:
      return parse_fixed(text, c.scale, out) && out != kPoison && out >= c.least && out <= c.most;
    case Kind::name: out = c.names->find(text); return out >= 0;
    case Kind::date: {
      if (has_outer_space(text)) return false;
      auto day = parse_date(text);
      if (!day || !date_in_data_range(*day)) return false;  // the exact reader says why
      out = *day;
      return true;
    }
    default: return false;
  }
}

bool CsvFieldReader::read(const std::vector<std::string_view>& fields, FastEvaluator& batch,
                          int row) const {
  if (exact_only_ || fields.size() != columns_.size()) return false;
  for (size_t f = 0; f < fields.size(); ++f) {
    const Column& c = columns_[f];
    if (c.kind == Kind::skip) continue;  // the id
    int64_t value;
    if (!read_field(c, fields[f], value)) return false;
    batch.column(c.target)[row] = value;
  }
  return true;
}

}  // namespace doudi::fast
