// Decimal (include/doudi/decimal.h): exact decimal text, with sums done in
// the interpreter's Exact so no amount passes through a float.
#include "doudi/decimal.h"

#include <algorithm>

#include "base/exact.h"

namespace doudi::api {

namespace {

// Digits after the point as written ("12.30" -> 2, "7" -> 0).
int written_scale(std::string_view text) {
  size_t point = text.find('.');
  return point == std::string_view::npos ? 0 : static_cast<int>(text.size() - point - 1);
}

bool well_formed(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
  if (i >= text.size() || text[i] < '0' || text[i] > '9') return false;  // a digit first: not ".5"
  size_t digits = 0, point = 0, after = 0;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      ++digits;
      if (point) ++after;
    } else if (c == '.' && !point) {
      point = 1;
    } else {
      return false;
    }
  }
  return digits > 0 && (!point || after > 0);
}

Exact exact(const Decimal& d) { return *Exact::parse(d.to_string()); }

// Already in the canonical form to_fixed writes: -?(0|[1-9][0-9]*)(.[0-9]+)?,
// and not a negative zero. Such text is its own canonical form.
bool canonical(std::string_view text) {
  size_t i = text.size() > 0 && text[0] == '-' ? 1 : 0;
  size_t digits = i;
  while (digits < text.size() && text[digits] >= '0' && text[digits] <= '9') ++digits;
  if (digits == i || (text[i] == '0' && digits > i + 1)) return false;
  bool zero = text[i] == '0' && digits == i + 1;
  if (digits < text.size()) {
    if (text[digits] != '.' || digits + 1 == text.size()) return false;
    for (size_t k = digits + 1; k < text.size(); ++k) {
      if (text[k] < '0' || text[k] > '9') return false;
      zero = zero && text[k] == '0';
    }
  }
  return !(zero && i == 1);
}

}  // namespace

std::optional<Decimal> Decimal::parse(std::string_view text) {
  if (text.size() <= 40 && canonical(text)) return Decimal(std::string(text), written_scale(text));  // the common case, from outputs
  if (!well_formed(text)) return std::nullopt;
  auto e = Exact::parse(text[0] == '+' ? text.substr(1) : text);
  if (!e) return std::nullopt;
  int scale = written_scale(text);
  auto fixed = e->to_fixed(scale);  // canonical: "-0.50", "7"
  if (!fixed) return std::nullopt;
  return Decimal(*fixed, scale);
}

std::optional<std::int64_t> Decimal::unscaled() const { return exact(*this).scaled(scale_); }

Decimal operator+(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  return Decimal(*(exact(a) + exact(b)).to_fixed(scale), scale);
}

Decimal operator-(const Decimal& a, const Decimal& b) {
  int scale = std::max(a.scale_, b.scale_);
  return Decimal(*(exact(a) - exact(b)).to_fixed(scale), scale);
}

bool operator==(const Decimal& a, const Decimal& b) { return exact(a) == exact(b); }
bool operator<(const Decimal& a, const Decimal& b) { return exact(a) < exact(b); }

}  // namespace doudi::api
