// Compiling table, region and series lookups into flat cell arrays (see
// compiler.h).
#include <algorithm>

#include <fmt/format.h>

#include "interpreter/compiled/compiler.h"

namespace doudi::fast {

// Cells at one scale (the largest any cell needs); n/a cells are poison.
std::pair<std::vector<int64_t>, int> Compiler::flatten(const std::vector<std::optional<Exact>>& cells) {
  int scale = 0;
  for (const auto& c : cells)
    if (c) scale = std::max(scale, decimal_scale(*c).value_or(kMaxScale));
  std::vector<int64_t> flat;
  flat.reserve(cells.size());
  for (const auto& c : cells) flat.push_back(c ? c->scaled(scale).value_or(kPoison) : kPoison);
  return {std::move(flat), scale};
}

Val Compiler::emit_lookup(std::vector<Val> keys, std::vector<int64_t> sizes, std::vector<int64_t> cells,
                int scale, const std::string& what) {
  Lookup l;
  for (const auto& k : keys) {
    if (k.rational() || k.scale != 0) return poison();  // a key is a code
    l.keys.push_back(k.num);
  }
  bool member = std::any_of(l.keys.begin(), l.keys.end(), [&](int k) { return is_member(k); });
  if (member)  // a cell per person: household keys broadcast
    for (int& k : l.keys) k = to_member(k);
  std::vector<int64_t> key{-1};
  key.insert(key.end(), l.keys.begin(), l.keys.end());
  auto it = lookups_.find({what, key});
  if (it != lookups_.end()) return it->second;
  l.sizes = std::move(sizes);
  l.cells = std::move(cells);
  Instr in;
  in.kernel = Kernel::lookup;
  in.table = static_cast<int>(p_.lookups.size());
  p_.lookups.push_back(std::move(l));
  in.member = member;
  in.out = new_column();
  defined_by_[static_cast<size_t>(in.out)] = static_cast<int>(p_.code.size());
  scale_of_[static_cast<size_t>(in.out)] = scale;
  member_of_[static_cast<size_t>(in.out)] = member;
  p_.code.push_back(in);
  Val v{in.out, -1, scale};
  lookups_.emplace(std::make_pair(what, key), v);
  lookup_names_[in.table] = what;
  return v;
}

// The lookup `table` with every cell × factor (a cell that overflows is
// poison), same keys.
std::optional<int> Compiler::scaled_lookup(int table, int64_t factor, int scale) {
  const Lookup& l = p_.lookups[static_cast<size_t>(table)];
  std::vector<int64_t> cells;
  for (int64_t c : l.cells) {
    int64_t scaled;
    cells.push_back(c == kPoison || __builtin_mul_overflow(c, factor, &scaled) ? kPoison : scaled);
  }
  std::vector<Val> keys;
  for (int k : l.keys) keys.push_back(Val{k, -1, 0});
  std::vector<int64_t> sizes = l.sizes;
  return emit_lookup(std::move(keys), std::move(sizes), std::move(cells), scale,
                     lookup_names_[table] + " x" + std::to_string(factor)).num;
}

Val Compiler::table_lookup(const Expr& e) {
  const model::Table& t = m_.tables[static_cast<size_t>(e.slot)];
  std::vector<Val> keys;
  std::vector<int64_t> sizes;
  for (size_t k = 0; k < e.args.size(); ++k) {
    keys.push_back(compile(e.args[k]));
    sizes.push_back(t.keys[k].size);
  }
  auto [cells, scale] = flatten(t.cells);
  return emit_lookup(std::move(keys), std::move(sizes), std::move(cells), scale,
                     "table " + std::to_string(e.slot));
}

Val Compiler::region_of(Val district) {
  std::vector<int64_t> regions;
  for (const auto& d : m_.districts) regions.push_back(d.region);
  return emit_lookup({district}, {static_cast<int64_t>(m_.districts.size())}, std::move(regions),
                     0, "region_of");
}

// A series at a year known when compiling (effective_year - 1) is a table.
Val Compiler::series_lookup(const Expr& e) {
  const model::Series& s = m_.series[static_cast<size_t>(e.slot)];
  auto year = fold_code(e.args[0]);
  if (!year) return poison();
  auto row = s.years.find(static_cast<int>(*year));
  if (row == s.years.end()) return poison();  // the evaluator reports the missing year
  std::vector<Val> keys;
  std::vector<int64_t> sizes;
  for (size_t k = 0; k < s.keys.size(); ++k) {
    keys.push_back(compile(e.args[k + 1]));
    sizes.push_back(s.keys[k].size);
  }
  auto [cells, scale] = flatten(row->second);
  return emit_lookup(std::move(keys), std::move(sizes), std::move(cells), scale,
                     fmt::format("series {} {}", e.slot, *year));
}

}  // namespace doudi::fast
