// Rules and member lists (manual: "Rules", "Member lists"): declared first,
// typed on demand (so order in the file does not matter), cycles reported as a path.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// ---- rules ---------------------------------------------------------------
void Checker::declare_rules() {
  for (const auto& r : file_.rules) {
    if (!claim(r.name, "a rule")) continue;
    add_rule(r.name.text, r.label, r.sources, r.name.position, &r, nullptr);
  }
  for (const auto& x : file_.indices) declare_index(x);
  for (const auto& b : file_.bands) declare_bands(b);
  for (const auto& c : file_.classified) declare_classified(c);
}

// ---- member lists ---------------------------------------------------------
void Checker::declare_member_lists() {
  for (const auto& l : file_.member_lists) {
    if (!claim(l.name, "a member list")) continue;
    model::MemberList out;
    out.name = l.name.text;
    out.label = l.label;
    out.position = l.name.position;
    m_.member_lists.push_back(std::move(out));
    member_list_decls_.push_back(&l);
  }
  member_list_state_.assign(m_.member_lists.size(), 0);
}

void Checker::member_list_bodies() {
  for (size_t i = 0; i < m_.member_lists.size(); ++i) member_list(static_cast<int>(i));
}

int Checker::find_member_list(const std::string& name) const {
  for (size_t i = 0; i < m_.member_lists.size(); ++i)
    if (m_.member_lists[i].name == name) return static_cast<int>(i);
  return -1;
}

// The list's condition, checked on first use (a rule may count a list
// declared below it). False when it does not check.
bool Checker::member_list(int index) {
  auto i = static_cast<size_t>(index);
  if (member_list_state_[i] == 2) return m_.member_lists[i].condition.type.kind == TypeKind::boolean;
  const syn::MemberListDecl& d = *member_list_decls_[i];
  if (member_list_state_[i] == 1) {
    error(d.name.position, fmt::format("member list '{}' depends on itself", d.name.text), "Members");
    return false;
  }
  member_list_state_[i] = 1;
  Context ctx;
  ctx.in_member = true;
  model::Expr c = expr(*d.condition, ctx, 0);
  if (c.type.kind != TypeKind::error && c.type.kind != TypeKind::boolean) {
    error(d.condition->position, "a member list's condition is true or false for a member, not " +
                                     describe(c.type), "Members");
    c = bad(d.condition->position);
  }
  m_.member_lists[i].condition = std::move(c);
  member_list_state_[i] = 2;
  return m_.member_lists[i].condition.type.kind == TypeKind::boolean;
}

// A rule written in the file (decl) or made from a construct (build).
int Checker::add_rule(const std::string& name, const std::string& label,
                      const std::vector<std::string>& sources, const Position& position,
                      const syn::RuleDecl* decl, std::function<model::Expr()> build) {
  model::Rule out;
  out.name = name;
  out.label = label;
  out.sources = sources;
  out.position = position;
  int index = add_rule(std::move(out));
  rule_decls_.push_back(decl);
  rule_builders_.push_back(std::move(build));
  return index;
}

void Checker::rule_bodies() {
  // Type each rule on demand, so a rule's type is known where it is used
  // whatever order the file declares them in.
  rule_state_.assign(m_.rules.size(), 0);
  for (size_t i = 0; i < m_.rules.size(); ++i) type_rule(static_cast<int>(i));
}

// 0 = not typed yet, 1 = typing (a cycle if reached again), 2 = typed.
const Type& Checker::type_rule(int index) {
  auto& state = rule_state_[static_cast<size_t>(index)];
  model::Rule& rule = m_.rules[static_cast<size_t>(index)];
  if (state == 2) return rule.type;
  if (state == 1) {  // reached again while typing it: a cycle
    report_cycle(index);
    return rule.type;  // the error type: uses of it stay quiet
  }
  state = 1;
  if (typing_.size() >= kMaxRuleChain) {
    // A chain of rules each using the next: evaluating it would recurse this
    // deep, so it is refused here rather than risk the stack.
    error(rule.position, fmt::format("rule '{}' sits at the end of a chain of more than {} rules "
                                     "each using the next", rule.name, kMaxRuleChain), "Rules");
    state = 2;
    rule.type = error_type();
    return rule.type;
  }
  typing_.push_back(index);
  const syn::RuleDecl* decl = rule_decls_[static_cast<size_t>(index)];
  Context ctx;
  model::Expr body = decl ? expr(*decl->body, ctx, 0) : rule_builders_[static_cast<size_t>(index)]();
  Type t = body.type;
  if (decl && decl->type && t.kind != TypeKind::error) {
    if (auto declared = resolve_type(*decl->type)) {
      if (!assignable(*declared, t)) {
        error(decl->body->position,
              fmt::format("rule '{}' is declared {} but its value is {}", rule.name,
                          model::type_name(m_, *declared), model::type_name(m_, t)),
              "Types");
      } else if (periods_clash(*declared, t)) {
        error(decl->body->position,
              fmt::format("rule '{}' is declared {} but its value is {}", rule.name,
                          describe(*declared), describe(t)),
              "Types");
      } else if (declared->kind == TypeKind::decimal && decl->type->scale >= 0 &&
                 (t.scale == model::kRational || t.scale > decl->type->scale)) {
        error(decl->body->position,
              fmt::format("rule '{}' is declared decimal({}) but its value can have {} digits "
                          "after the point: round it", rule.name, decl->type->scale,
                          t.scale == model::kRational ? std::string("endless") : std::to_string(t.scale)),
              "Rounding");
      } else {
        int scale = t.scale;
        t = *declared;
        t.scale = scale;
      }
    }
  }
  if (t.literal) t = numeric(t.scale == 0 ? TypeKind::integer : TypeKind::decimal, t.scale);
  typing_.pop_back();
  model::Rule& typed = m_.rules[static_cast<size_t>(index)];  // `rule` may have moved: rules were added
  typed.body = std::move(body);
  if (in_cycle_.count(index)) t = error_type();
  m_.rules[static_cast<size_t>(index)].type = t;
  rule_state_[static_cast<size_t>(index)] = 2;
  typed_order_.push_back(index);
  return m_.rules[static_cast<size_t>(index)].type;
}

void Checker::report_cycle(int index) {
  auto from = std::find(typing_.begin(), typing_.end(), index);
  std::vector<std::string> path;
  bool fresh = false;
  for (auto it = from; it != typing_.end(); ++it) {
    path.push_back(m_.rules[static_cast<size_t>(*it)].name);
    fresh |= in_cycle_.insert(*it).second;
  }
  path.push_back(m_.rules[static_cast<size_t>(index)].name);
  if (!fresh) return;
  error(m_.rules[static_cast<size_t>(index)].position,
        fmt::format("rule '{}' depends on itself: {}", m_.rules[static_cast<size_t>(index)].name,
                    fmt::join(path, " → ")),
        "Rules");
}

}  // namespace doudi::check
