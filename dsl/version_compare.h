// Comparing versions: naming table cells, and finding in one version the cell
// that stands for the same situation in another, even when the region groups
// changed (Jining 2017 had one city-wide standard, 2020 two tiers).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/model.h"

namespace doudi {

// "[一类地区, urban]" for cell `index` of `t` ("" for a table without keys).
std::string cell_name(const model::Model& m, const model::Table& t, size_t index);

// The cell of `to_table` (in version `to`) for the situation of cell `index`
// of `from_table` (in `from`): a region stands for its first district, an
// enumeration value for the value of the same name. nullopt when `to_table`
// is keyed by something the situation does not determine, or the situation
// does not exist there.
std::optional<size_t> matching_cell(const model::Model& from, const model::Table& from_table,
                                    size_t index, const model::Model& to,
                                    const model::Table& to_table);

// Parses "dibao_standard[一类地区, urban]" into a table and a cell of `m`.
// Returns false with `why` set when it does not name one.
bool parse_cell_reference(const model::Model& m, const std::string& text, int& table,
                          std::optional<size_t>& cell, std::string& why);

// "+50 (+9.6%)" for the change from `before` to `after`.
std::string change_text(const Exact& before, const Exact& after);

}  // namespace doudi
