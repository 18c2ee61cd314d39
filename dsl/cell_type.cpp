// A number written as data, against its declared type (see cell_type.h).
#include "dsl/cell_type.h"

#include <fmt/format.h>

namespace doudi {

std::optional<std::string> cell_type_problem(model::TypeKind kind, int declared_scale, std::string_view text,
                                             const Exact& value, const char* what) {
  int digits = written_digits(text);
  if (kind == model::TypeKind::integer && !value.is_integer())
    return fmt::format("this {} holds integers: '{}' is not a whole number", what, text);
  if (kind == model::TypeKind::money && digits > 2)
    return fmt::format("money has at most 2 digits after the point (fen): '{}' has {}", text, digits);
  if (declared_scale >= 0 && digits > declared_scale)
    return fmt::format("this {} holds decimal({}): at most {} digits after the point, '{}' has {}", what,
                       declared_scale, declared_scale, text, digits);
  return std::nullopt;
}

}  // namespace doudi
