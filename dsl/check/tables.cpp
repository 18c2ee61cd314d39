// Tables (manual: "Tables", "Amendments"): keys, rows, every cell the keys
// call for, and an amendment's `set TABLE[keys] = value`.
#include "dsl/check/checker_private.h"
#include "dsl/cell_type.h"

namespace doudi::check {

// ---- tables --------------------------------------------------------------
std::optional<model::TableKey> Checker::resolve_key(const syn::Name& k) {
  model::TableKey key;
  key.name = k.text;
  if (k.text == "region") {
    key.kind = TypeKind::region;
    key.size = static_cast<int>(m_.regions.size());
    if (m_.regions.empty()) {
      error(k.position, "a table keyed by region needs region groups: declare them with "
                        "'region NAME = {district, …}'", "Region groups");
      return std::nullopt;
    }
    return key;
  }
  if (k.text == "district") {
    key.kind = TypeKind::district;
    key.size = static_cast<int>(m_.districts.size());
    return key;
  }
  for (size_t i = 0; i < m_.enums.size(); ++i) {
    if (m_.enums[i].name == k.text) {
      key.kind = TypeKind::enumeration;
      key.enumeration = static_cast<int>(i);
      key.size = static_cast<int>(m_.enums[i].values.size());
      return key;
    }
  }
  error(k.position,
        fmt::format("unknown table key '{}': a key is 'region', 'district' or an enumeration",
                    k.text),
        "Tables");
  return std::nullopt;
}

// Index of `name` among the values of `key`, or -1.
void Checker::tables() {
  for (const auto& t : file_.tables) {
    if (!claim(t.name, "a table")) continue;
    model::Table out;
    out.name = t.name.text;
    out.label = t.label;
    out.sources = t.sources;
    out.per = t.type.per;
    out.position = t.name.position;
    auto type = resolve_type(t.type);
    bool ok = type.has_value();
    if (type && !type->is_numeric()) {
      error(t.type.name.position, "table cells are numbers: use money, integer or decimal",
            "Tables");
      ok = false;
    }
    for (const auto& k : t.keys) {
      auto key = resolve_key(k);
      if (!key) {
        ok = false;
        continue;
      }
      out.keys.push_back(*key);
    }
    if (!ok) continue;
    out.type = *type;
    out.type.scale = 0;
    out.declared_scale = t.type.scale;
    size_t cells = 1;
    for (const auto& k : out.keys) cells *= static_cast<size_t>(std::max(k.size, 0));
    if (cells > 100000) {
      error(t.name.position, "the table has more than 100000 cells", "Tables");
      continue;
    }
    out.cells.assign(cells, std::nullopt);
    out.cell_positions.assign(cells, Position{});
    std::vector<bool> written(cells, false);
    fill_table(t, out, written);
    // Every cell the keys call for must be written (a number or n/a).
    std::vector<std::string> missing;
    for (size_t i = 0; i < cells; ++i) {
      if (written[i]) continue;
      std::vector<std::string> parts;
      auto codes = model::cell_codes(out.keys, i);
      for (size_t k = 0; k < codes.size(); ++k) parts.push_back(model::key_value_name(m_, out.keys[k], codes[k]));
      missing.push_back(fmt::format("[{}]", fmt::join(parts, ", ")));
    }
    if (!missing.empty()) {
      if (missing.size() > 8) {
        size_t more = missing.size() - 8;
        missing.resize(8);
        missing.push_back(fmt::format("and {} more", more));
      }
      error(t.name.position,
            fmt::format("table '{}' has no cell for {} (write n/a where the notice publishes "
                        "no figure)", t.name.text, fmt::join(missing, ", ")),
            "Tables");
    }
    add_table(std::move(out));
  }
}

// Puts one value into the table from a cell token.
void Checker::put_cell(model::Table& out, std::vector<bool>& written, size_t index,
                       const syn::Cell& cell) {
  if (written[index]) {
    error(cell.position, "this cell is written twice in the table", "Tables");
    return;
  }
  written[index] = true;
  out.cell_positions[index] = cell.position;
  if (cell.kind == syn::Cell::Kind::not_applicable) return;
  if (cell.kind != syn::Cell::Kind::number) {
    error(cell.position, fmt::format("expected a number or n/a here, found '{}'", cell.text),
          "Tables");
    return;
  }
  auto v = Exact::parse(cell.text);
  if (!v) {
    error(cell.position, fmt::format("'{}' is not a number", cell.text), "Tables");
    return;
  }
  if (auto why = cell_type_problem(out.type.kind, out.declared_scale, cell.text, *v, "table"))
    error(cell.position, *why, "Tables");
  out.type.scale = std::max(out.type.scale, written_digits(cell.text));
  out.cells[index] = *v;
}

int Checker::expect_key(const model::TableKey& key, const syn::Cell& cell) {
  if (cell.kind != syn::Cell::Kind::name) {
    error(cell.position, fmt::format("expected a value of key '{}' here ({}), found '{}'",
                                     key.name, model::key_value_names(m_, key), cell.text), "Tables");
    return -1;
  }
  int code = model::key_code(m_, key, cell.text);
  if (code < 0) {
    error(cell.position, fmt::format("'{}' is not a value of key '{}' (its values: {})",
                                     cell.text, key.name, model::key_value_names(m_, key)), "Tables");
  }
  return code;
}

void Checker::fill_table(const syn::TableDecl& t, model::Table& out, std::vector<bool>& written) {
  const auto& keys = out.keys;
  if (t.rows.empty()) return;
  if (keys.size() == 1) {
    // Pairs: key value key value ..., over as many lines as the analyst likes.
    for (const auto& row : t.rows) {
      if (row.size() % 2 != 0) {
        error(row.back().position, "a one-key table lists pairs: KEY VALUE KEY VALUE …",
              "Tables");
        continue;
      }
      for (size_t i = 0; i + 1 < row.size(); i += 2) {
        int code = expect_key(keys[0], row[i]);
        if (code >= 0) put_cell(out, written, static_cast<size_t>(code), row[i + 1]);
      }
    }
    return;
  }
  if (keys.size() == 2) {
    // A grid: the first line names the columns (values of the second key),
    // each following line starts with a value of the first key.
    std::vector<int> columns;
    for (const auto& c : t.rows[0]) columns.push_back(expect_key(keys[1], c));
    for (size_t r = 1; r < t.rows.size(); ++r) {
      const auto& row = t.rows[r];
      int code = expect_key(keys[0], row[0]);
      if (row.size() != columns.size() + 1) {
        error(row[0].position,
              fmt::format("this row has {} values but the header names {} columns",
                          row.size() - 1, columns.size()),
              "Tables");
        continue;
      }
      if (code < 0) continue;
      for (size_t c = 0; c < columns.size(); ++c) {
        if (columns[c] < 0) continue;
        size_t index = model::cell_step(model::cell_step(0, keys[0], code), keys[1], columns[c]);
        put_cell(out, written, index, row[c + 1]);
      }
    }
    return;
  }
  // Three or more keys: one cell per line, KEY1 KEY2 … VALUE.
  for (const auto& row : t.rows) {
    if (row.size() != keys.size() + 1) {
      error(row[0].position,
            fmt::format("with {} keys each line is {} key values and then the value",
                        keys.size(), keys.size()),
            "Tables");
      continue;
    }
    size_t index = 0;
    bool ok = true;
    for (size_t k = 0; k < keys.size(); ++k) {
      int code = expect_key(keys[k], row[k]);
      if (code < 0) ok = false;
      index = model::cell_step(index, keys[k], std::max(code, 0));
    }
    if (ok) put_cell(out, written, index, row.back());
  }
}

// ---- amendments: `set TABLE[keys] = value` ------------------------------
void Checker::cell_sets() {
  for (const auto& s : file_.sets) {
    int index = table_named(s.table.text);
    if (index < 0) {
      error(s.table.position, fmt::format("'{}' is not a table", s.table.text), "Versions");
      continue;
    }
    model::Table& t = m_.tables[static_cast<size_t>(index)];
    if (s.keys.size() != t.keys.size()) {
      error(s.table.position, fmt::format("table '{}' has {} keys but {} are given", t.name,
                                          t.keys.size(), s.keys.size()), "Versions");
      continue;
    }
    size_t cell = 0;
    bool ok = true;
    for (size_t k = 0; k < s.keys.size(); ++k) {
      int code = expect_key(t.keys[k], {syn::Cell::Kind::name, s.keys[k].text, s.keys[k].position});
      if (code < 0) ok = false;
      cell = model::cell_step(cell, t.keys[k], std::max(code, 0));
    }
    if (!ok) continue;
    std::vector<bool> written(t.cells.size(), false);
    t.cells[cell].reset();  // `set … = n/a` withdraws a figure
    put_cell(t, written, cell, s.value);
  }
}

}  // namespace doudi::check
