// Classified assistance (manual: "Classified assistance"): add-ons per
// member by group, desugared into rules.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// ---- classified assistance (分类施保): add-ons per member by group ----------
void Checker::declare_classified(const syn::ClassifiedDecl& c) {
  if (!claim(c.name, "a classified add-on")) return;
  const std::string& counting = c.counting.text;
  if (counting != "highest" && counting != "first" && counting != "all") {
    error(c.counting.position, "a member in several groups counts by: highest (the largest "
                               "add-on), first (the first group listed) or all (every group)",
          "Classified assistance");
    return;
  }
  if (c.groups.empty()) error(c.name.position, "classified needs at least one group", "Classified assistance");
  std::set<std::string> group_names;
  for (const auto& g : c.groups) {
    if (!group_names.insert(g.name.text).second) {
      error(g.name.position, fmt::format("group '{}' appears twice in '{}'", g.name.text, c.name.text),
            "Classified assistance");
    }
  }
  const syn::ClassifiedDecl* decl = &c;
  size_t k = m_.classified.size();
  model::Classified kept;
  kept.name = c.name.text;
  kept.counting = counting;
  kept.position = c.name.position;
  for (const auto& g : c.groups) kept.groups.push_back({g.name.text, g.label, {}, {}});
  m_.classified.push_back(std::move(kept));
  m_.classified[k].rule = add_rule(c.name.text, c.label, c.sources, c.name.position, nullptr, [this, decl, k]() {
    Context ctx;
    ctx.in_member = true;
    Position at = decl->name.position;
    std::optional<Type> type;
    std::vector<std::pair<model::Expr, model::Expr>> groups;  // condition, amount
    for (const auto& g : decl->groups) {
      model::Expr cond = expr(*g.condition, ctx, 0);
      model::Expr amount = expr(*g.amount, ctx, 0);
      if (cond.type.kind == TypeKind::error || amount.type.kind == TypeKind::error) return bad(at);
      if (cond.type.kind != TypeKind::boolean) {
        error(g.condition->position, "a group's condition is true or false for a member", "Classified assistance");
        return bad(at);
      }
      if (!amount.type.is_numeric()) {
        error(g.amount->position, "a group gives an amount", "Classified assistance");
        return bad(at);
      }
      auto t = type ? unify_numeric(*type, amount.type) : std::optional<Type>(amount.type);
      if (!t) {
        error(g.amount->position, "the groups' amounts differ in kind (money and a count)", "Classified assistance");
        return bad(at);
      }
      type = t;
      auto& kept = m_.classified[k].groups[groups.size()];
      kept.condition = cond;
      kept.amount = amount;
      groups.emplace_back(std::move(cond), std::move(amount));
    }
    if (!type) return bad(at);
    Type t = *type;
    if (t.literal) t = numeric(TypeKind::money, t.scale);
    auto zero = [&] {
      auto z = make(Op::constant, t, at);
      z.value = Exact::from_int(0);
      return z;
    };
    auto when = [&](model::Expr cond, model::Expr amount, model::Expr otherwise) {
      model::Expr e = make(Op::if_then_else, t, at);
      e.args.push_back(std::move(cond));
      e.args.push_back(std::move(amount));
      e.args.push_back(std::move(otherwise));
      return e;
    };
    model::Expr per_member;
    if (decl->counting.text == "first") {
      per_member = zero();
      for (size_t i = groups.size(); i-- > 0;)
        per_member = when(std::move(groups[i].first), std::move(groups[i].second), std::move(per_member));
    } else {
      per_member = make(decl->counting.text == "highest" ? Op::max : Op::add, t, at);
      for (auto& [cond, amount] : groups) per_member.args.push_back(when(std::move(cond), std::move(amount), zero()));
      if (per_member.args.size() == 1) {
        per_member = std::move(per_member.args[0]);
      } else if (per_member.op == Op::add) {  // add is binary: fold left
        model::Expr sum = std::move(per_member.args[0]);
        for (size_t i = 1; i < per_member.args.size(); ++i) {
          model::Expr next = make(Op::add, t, at);
          next.args.push_back(std::move(sum));
          next.args.push_back(std::move(per_member.args[i]));
          sum = std::move(next);
        }
        per_member = std::move(sum);
      }
    }
    model::Expr total = make(Op::sum, t, at);
    total.args.push_back(std::move(per_member));
    return total;
  });
}

}  // namespace doudi::check
