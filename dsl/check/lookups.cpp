// Lookups (manual: "Tables", "Series", "The version before"): table cells
// with explicit or implicit keys, series by year, previous(TABLE).
#include "dsl/check/checker_private.h"

namespace doudi::check {

// A key expression coerced to the key's type: a district becomes its region.
std::optional<model::Expr> Checker::key_arg(model::Expr arg, const model::TableKey& key,
                                            const std::string& table) {
  if (arg.type.kind == TypeKind::error) return std::nullopt;
  if (key.kind == TypeKind::region && arg.type.kind == TypeKind::district) {
    auto out = make(Op::region_of, simple(TypeKind::region), arg.position);
    out.args.push_back(std::move(arg));
    return out;
  }
  if (arg.type.kind == key.kind &&
      (key.kind != TypeKind::enumeration || arg.type.enumeration == key.enumeration)) {
    return arg;
  }
  error(arg.position, fmt::format("table '{}' is keyed by {} here, but this is {}", table,
                                  key.name, describe(arg.type)), "Tables");
  return std::nullopt;
}

model::Expr Checker::finish_lookup(int table, std::vector<model::Expr> keys, const Position& p) {
  const model::Table& t = m_.tables[static_cast<size_t>(table)];
  auto out = make(Op::table_lookup, t.type, p);
  out.type.literal = false;
  out.slot = table;
  out.args = std::move(keys);
  return out;
}

// A table named without keys takes each key from the household (or, inside
// count/sum, the member) input of that key's type, when exactly one exists.
model::Expr Checker::implicit_lookup(int table, const Position& p, const Context& ctx) {
  const model::Table& t = m_.tables[static_cast<size_t>(table)];
  auto keys = implicit_keys(t.keys, t.name, p, ctx);
  if (!keys) return bad(p);
  auto out = finish_lookup(table, std::move(*keys), p);
  out.implicit_keys = true;
  return out;
}

// The keys of a table or series named without brackets: from the range
// variables in a require, else from the one input of each key's type.
std::optional<std::vector<model::Expr>> Checker::implicit_keys(const std::vector<model::TableKey>& table_keys,
                                                               const std::string& table_name,
                                                               const Position& p, const Context& ctx) {
  std::vector<model::Expr> keys;
  for (const auto& key : table_keys) {
    if (ctx.ranges) {
      keys.push_back(range_ref(*ctx.ranges, key.kind, key.enumeration, p));
      continue;
    }
    TypeKind want = key.kind == TypeKind::region ? TypeKind::district : key.kind;
    auto matching = [&](model::Scope scope) {
      std::vector<int> found;
      for (size_t i = 0; i < m_.inputs.size(); ++i) {
        const auto& in = m_.inputs[i];
        if (in.scope == scope && in.type.kind == want &&
            (want != TypeKind::enumeration || in.type.enumeration == key.enumeration)) {
          found.push_back(static_cast<int>(i));
        }
      }
      return found;
    };
    std::vector<int> candidates;
    if (ctx.in_member) candidates = matching(model::Scope::member);
    if (candidates.empty()) candidates = matching(model::Scope::household);
    if (candidates.size() != 1) {
      error(p, fmt::format("table '{}' is keyed by {}, and {} household input has that type: "
                           "write the keys, as {}[…]", table_name, key.name,
                           candidates.empty() ? "no" : "more than one", table_name),
            "Tables");
      return std::nullopt;
    }
    auto arg = input_ref(candidates[0], p, ctx);
    auto coerced = key_arg(std::move(arg), key, table_name);
    if (!coerced) return std::nullopt;
    keys.push_back(std::move(*coerced));
  }
  return keys;
}

model::Expr Checker::series_lookup(int index, const syn::Expr& e, const Context& ctx, int depth) {
  const model::Series& s = m_.series[static_cast<size_t>(index)];
  if (e.args.size() != 1 && e.args.size() != s.keys.size() + 1) {
    error(e.position, fmt::format("series '{}' takes a year{}: {}[effective_year - 1{}]", s.name,
                                  s.keys.empty() ? "" : " and optionally its keys", s.name,
                                  s.keys.empty() ? "" : ", …"), "Series");
    return bad(e.position);
  }
  model::Expr year = expr(*e.args[0], ctx, depth + 1);
  if (year.type.kind == TypeKind::error) return bad(e.position);
  if (year.type.kind != TypeKind::integer && !(year.type.literal && year.type.scale == 0)) {
    error(year.position, "a series is indexed by a year (an integer), e.g. effective_year - 1", "Series");
    return bad(e.position);
  }
  std::vector<model::Expr> args;
  args.push_back(std::move(year));
  bool implicit = e.args.size() == 1 && !s.keys.empty();
  if (e.args.size() == 1) {
    auto keys = implicit_keys(s.keys, s.name, e.position, ctx);
    if (!keys) return bad(e.position);
    for (auto& k : *keys) args.push_back(std::move(k));
  } else {
    for (size_t k = 0; k < s.keys.size(); ++k) {
      auto coerced = key_arg(expr(*e.args[k + 1], ctx, depth + 1), s.keys[k], s.name);
      if (!coerced) return bad(e.position);
      args.push_back(std::move(*coerced));
    }
  }
  auto out = make(Op::series_lookup, s.type, e.position);
  out.implicit_keys = implicit;
  out.slot = index;
  out.args = std::move(args);
  return out;
}

// previous(TABLE): the table of the version in force before this one, as a
// hidden table keyed by district (region groups may have changed) and by
// this version's enumerations, matched by name; what has no counterpart is n/a.
model::Expr Checker::previous(const syn::Expr& e, const Context& ctx) {
  Position p = e.position;
  if (e.args.size() != 1 || e.args[0]->kind != syn::ExprKind::name || e.args[0]->path.size() != 1) {
    error(p, "previous takes a table's name: previous(dibao_standard)", "Versions");
    return bad(p);
  }
  const std::string& name = e.args[0]->path[0];
  if (!context_.previous) {
    error(p, "previous(…) needs an earlier version, and this is the first", "Versions");
    return bad(p);
  }
  const model::Model& prev = *context_.previous;
  int pt = prev.find_table(name);
  if (pt < 0) {
    error(e.args[0]->position, fmt::format("the previous version ({}) has no table '{}'",
                                           prev.version, name), "Versions");
    return bad(p);
  }
  std::string hidden = "previous " + name;
  int index = table_named(hidden);
  if (index < 0) {
    const model::Table& old = prev.tables[static_cast<size_t>(pt)];
    model::Table t;
    t.name = hidden;
    t.label = old.label;
    t.type = old.type;
    t.per = old.per;
    t.sources = old.sources;
    t.position = old.position;
    std::vector<std::vector<int>> maps;  // per key: new code -> old code (-1 none)
    for (const auto& k : old.keys) {
      model::TableKey nk;
      std::vector<int> map;
      if (k.kind == TypeKind::region || k.kind == TypeKind::district) {
        nk.name = "district";
        nk.kind = TypeKind::district;
        nk.size = static_cast<int>(m_.districts.size());
        for (const auto& d : m_.districts) {
          int od = prev.find_district(d.name);
          map.push_back(od < 0 ? -1 : k.kind == TypeKind::region ? prev.districts[static_cast<size_t>(od)].region : od);
        }
      } else {
        const std::string& en = prev.enums[static_cast<size_t>(k.enumeration)].name;
        int ne = -1;
        for (size_t i = 0; i < m_.enums.size(); ++i)
          if (m_.enums[i].name == en) ne = static_cast<int>(i);
        if (ne < 0) {
          error(p, fmt::format("previous({}) is keyed by '{}', which this version does not declare",
                               name, en), "Versions");
          return bad(p);
        }
        nk.name = en;
        nk.kind = TypeKind::enumeration;
        nk.enumeration = ne;
        nk.size = static_cast<int>(m_.enums[static_cast<size_t>(ne)].values.size());
        for (const auto& v : m_.enums[static_cast<size_t>(ne)].values)
          map.push_back(prev.find_enum_value(k.enumeration, v.name));
      }
      t.keys.push_back(nk);
      maps.push_back(std::move(map));
    }
    size_t cells = 1;
    for (const auto& k : t.keys) cells *= static_cast<size_t>(k.size);
    t.cells.assign(cells, std::nullopt);
    t.cell_positions.assign(cells, old.position);
    for (size_t c = 0; c < cells; ++c) {
      auto codes = model::cell_codes(t.keys, c);
      size_t old_index = 0;
      bool present = true;
      for (size_t k = 0; k < codes.size(); ++k) {
        int oc = maps[k][static_cast<size_t>(codes[k])];
        if (oc < 0) present = false;
        old_index = model::cell_step(old_index, old.keys[k], std::max(oc, 0));
      }
      if (present) {
        t.cells[c] = old.cells[old_index];
        t.cell_positions[c] = old.cell_positions[old_index];
      }
    }
    index = add_table(std::move(t));
  }
  return implicit_lookup(index, p, ctx);
}

model::Expr Checker::index(const syn::Expr& e, const Context& ctx, int depth) {
  if (e.path.size() == 1) {
    for (size_t i = 0; i < m_.series.size(); ++i)
      if (m_.series[i].name == e.path[0]) return series_lookup(static_cast<int>(i), e, ctx, depth);
  }
  if (e.path.size() != 1) {
    error(e.position, "only a table or a series can be indexed with […]", "Tables");
    return bad(e.position);
  }
  int table = -1;
  for (size_t i = 0; i < m_.tables.size(); ++i)
    if (m_.tables[i].name == e.path[0]) table = static_cast<int>(i);
  if (table < 0) {
    error(e.position, fmt::format("'{}' is not a table", e.path[0]), "Tables");
    return bad(e.position);
  }
  const model::Table& t = m_.tables[static_cast<size_t>(table)];
  if (e.args.size() != t.keys.size()) {
    error(e.position, fmt::format("table '{}' has {} keys but {} are given", t.name,
                                  t.keys.size(), e.args.size()), "Tables");
    return bad(e.position);
  }
  std::vector<model::Expr> keys;
  bool ok = true;
  for (size_t k = 0; k < e.args.size(); ++k) {
    auto coerced = key_arg(expr(*e.args[k], ctx, depth + 1), t.keys[k], t.name);
    if (!coerced) {
      ok = false;
      continue;
    }
    keys.push_back(std::move(*coerced));
  }
  if (!ok) return bad(e.position);
  return finish_lookup(table, std::move(keys), e.position);
}

}  // namespace doudi::check
