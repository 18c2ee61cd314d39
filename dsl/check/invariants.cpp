// Invariants (manual: "Invariants"): `require`, and the range variables
// (districts, region groups, enumerations) it ranges over.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// ---- invariants: `require` ------------------------------------------------
void Checker::invariants() {
  for (const auto& r : file_.invariants) {
    if (r.local) continue;  // a province's rule for its bound policies: checked with them
    model::Invariant out;
    out.label = r.label;
    out.sources = r.sources;
    out.position = r.position;
    if (r.from) out.from = date_of(*r.from, "Invariants");
    if (r.until) out.until = date_of(*r.until, "Invariants");
    Context ctx;
    ctx.ranges = &out.ranges;
    out.condition = expr(*r.condition, ctx, 0);
    if (out.condition.type.kind == TypeKind::error) continue;
    if (out.condition.type.kind != TypeKind::boolean) {
      error(r.condition->position, "a require states a condition (true or false), not " +
                                       describe(out.condition.type), "Invariants");
      continue;
    }
    tie_region_to_district(out);
    if (!combinations_bounded(out)) continue;
    m_.invariants.push_back(std::move(out));
  }
}

// `doudi check` evaluates a require once for every combination of the values
// it ranges over: five tables by forty values each would be 40^5 checks. Past
// kMaxRequireCombinations the require is refused here, saying how many.
bool Checker::combinations_bounded(const model::Invariant& inv) {
  uint64_t product = 1;
  std::vector<std::string> sizes;
  for (const auto& r : inv.ranges) {
    sizes.push_back(fmt::format("{} {}", r.size, r.name));
    product = r.size == 0 ? 0 : std::min<uint64_t>(product * static_cast<uint64_t>(r.size), kMaxRequireCombinations + 1);
  }
  if (product <= kMaxRequireCombinations) return true;
  error(inv.position,
        fmt::format("this require ranges over more than {} combinations ({}): check fewer names at once, "
                    "for example one require per table or with the keys written in [...]",
                    kMaxRequireCombinations, fmt::join(sizes, " × ")),
        "Invariants");
  return false;
}

// When a require ranges over both districts and region groups, the region
// is the district's own, not an independent variable: every `region` is
// rewritten to region_of(district) and the region variable dropped.
void Checker::tie_region_to_district(model::Invariant& inv) {
  int region = -1, district = -1;
  for (size_t i = 0; i < inv.ranges.size(); ++i) {
    if (inv.ranges[i].kind == TypeKind::region) region = static_cast<int>(i);
    if (inv.ranges[i].kind == TypeKind::district) district = static_cast<int>(i);
  }
  if (region < 0 || district < 0) return;
  std::function<void(model::Expr&)> rewrite = [&](model::Expr& e) {
    for (auto& a : e.args) rewrite(a);
    if (e.op != Op::range) return;
    if (e.slot == region) {
      model::Expr d = make(Op::range, simple(TypeKind::district), e.position);
      d.slot = district > region ? district - 1 : district;  // numbered as after the erase
      model::Expr r = make(Op::region_of, simple(TypeKind::region), e.position);
      r.args.push_back(std::move(d));
      e = std::move(r);
      return;
    }
    if (e.slot > region) --e.slot;
  };
  rewrite(inv.condition);
  inv.ranges.erase(inv.ranges.begin() + region);
}

// The range variable of a key type, created on first use in a require.
model::Expr Checker::range_ref(std::vector<model::RangeVariable>& ranges, TypeKind kind, int enumeration,
                               const Position& p) {
  std::string name = kind == TypeKind::region     ? "region"
                     : kind == TypeKind::district ? "district"
                                                  : m_.enums[static_cast<size_t>(enumeration)].name;
  int index = -1;
  for (size_t i = 0; i < ranges.size(); ++i)
    if (ranges[i].name == name) index = static_cast<int>(i);
  if (index < 0) {
    model::RangeVariable v;
    v.name = name;
    v.kind = kind;
    v.enumeration = enumeration;
    v.size = kind == TypeKind::region     ? static_cast<int>(m_.regions.size())
             : kind == TypeKind::district ? static_cast<int>(m_.districts.size())
                                          : static_cast<int>(m_.enums[static_cast<size_t>(enumeration)].values.size());
    ranges.push_back(v);
    index = static_cast<int>(ranges.size() - 1);
  }
  Type t = simple(kind);
  t.enumeration = enumeration;
  auto out = make(Op::range, t, p);
  out.slot = index;
  return out;
}

}  // namespace doudi::check
