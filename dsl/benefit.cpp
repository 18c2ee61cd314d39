// `benefit` lines resolved and the derived benefit (see benefit.h).
#include "dsl/benefit.h"

#include <set>

#include <fmt/format.h>

namespace doudi {
namespace {

using model::Expr;
using model::Op;

// Rules whose value is added, unchanged in sign, into `e`: the terms of a
// sum (through + , the left of -, both branches of if, round, max and min,
// and the rules they name).
void additive_rules(const model::Model& m, const Expr& e, std::set<int>& out, int depth = 0) {
  if (depth > 200) return;  // rule chains are bounded by the checker; stay safe
  switch (e.op) {
    case Op::rule:
      if (out.insert(e.slot).second)
        additive_rules(m, m.rules[static_cast<size_t>(e.slot)].body, out, depth + 1);
      return;
    case Op::add:
    case Op::max:
    case Op::min:
      for (const auto& a : e.args) additive_rules(m, a, out, depth + 1);
      return;
    case Op::subtract:
    case Op::round:
    case Op::clamp:
      if (!e.args.empty()) additive_rules(m, e.args[0], out, depth + 1);
      return;
    case Op::if_then_else:
      for (size_t i = 1; i < e.args.size(); ++i) additive_rules(m, e.args[i], out, depth + 1);
      return;
    default:
      return;
  }
}

// The rule an output shows and, when it only names another rule, that one.
std::set<int> shown_rules(const model::Model& m, const model::Output& o) {
  std::set<int> out;
  int r = o.rule;
  while (r >= 0 && out.insert(r).second) {
    const Expr& body = m.rules[static_cast<size_t>(r)].body;
    r = body.op == Op::rule ? body.slot : -1;
  }
  return out;
}

}  // namespace

void check_benefit(const std::optional<syntax::BenefitDecl>& decl, model::Model& m,
                   std::vector<Diagnostic>& errors) {
  if (!decl) return;
  m.benefit.clear();
  m.benefit_position = decl->position;
  for (const auto& name : decl->outputs) {
    int found = -1;
    for (size_t i = 0; i < m.outputs.size(); ++i)
      if (m.outputs[i].name == name.text) found = static_cast<int>(i);
    if (found < 0) {
      errors.push_back({name.position,
                        fmt::format("benefit '{}' is not an output of the policy: list household outputs "
                                    "that are amounts paid", name.text),
                        "What-if runs"});
      continue;
    }
    const auto& o = m.outputs[static_cast<size_t>(found)];
    if (o.type.kind != model::TypeKind::money) {
      errors.push_back({name.position,
                        fmt::format("benefit '{}' is {}, not money: only amounts paid are counted",
                                    name.text, model::type_name(m, o.type)),
                        "What-if runs"});
      continue;
    }
    bool twice = false;
    for (int b : m.benefit) twice |= b == found;
    if (twice) {
      errors.push_back({name.position, fmt::format("benefit '{}' is listed twice", name.text), "What-if runs"});
      continue;
    }
    m.benefit.push_back(found);
  }
  // A total and one of its parts would count the part twice.
  for (int a : m.benefit) {
    for (int b : m.benefit) {
      if (a == b || !output_adds_up(m, a, b)) continue;
      errors.push_back({decl->position,
                        fmt::format("benefit lists '{}' and '{}', but '{}' already adds up '{}': list one "
                                    "of them, or the parts without the total",
                                    m.outputs[static_cast<size_t>(a)].name, m.outputs[static_cast<size_t>(b)].name,
                                    m.outputs[static_cast<size_t>(a)].name, m.outputs[static_cast<size_t>(b)].name),
                        "What-if runs"});
    }
  }
}

bool output_adds_up(const model::Model& m, int total, int part) {
  const auto& t = m.outputs[static_cast<size_t>(total)];
  if (t.rule < 0) return false;
  std::set<int> terms;
  additive_rules(m, m.rules[static_cast<size_t>(t.rule)].body, terms);
  for (int r : shown_rules(m, m.outputs[static_cast<size_t>(part)]))
    if (terms.count(r)) return true;
  return false;
}

std::vector<int> benefit_outputs(const model::Model& m, std::string& why) {
  if (!m.benefit.empty()) return m.benefit;
  std::vector<int> money;
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    if (m.outputs[i].type.kind != model::TypeKind::money) continue;
    if (m.outputs[i].name == "total") return {static_cast<int>(i)};
    money.push_back(static_cast<int>(i));
  }
  if (money.size() == 1) return money;
  if (money.empty()) {
    why = "the policy has no money output, so nothing is paid";
  } else {
    std::vector<std::string> names;
    for (int i : money) names.push_back(m.outputs[static_cast<size_t>(i)].name);
    why = fmt::format("the policy has several money outputs ({}) and no output 'total': say which are amounts "
                      "paid with a line such as 'benefit {}' (see docs/LANGUAGE.md, section \"What-if runs\")",
                      fmt::join(names, ", "), fmt::join(names, ", "));
  }
  return {};
}

std::string period_unit(model::Type::Period period) {
  switch (period) {
    case model::Type::Period::day: return "per day";
    case model::Type::Period::week: return "per week";
    case model::Type::Period::month: return "per month";
    case model::Type::Period::year: return "per year";
    case model::Type::Period::none: break;
  }
  return "one-off";
}

}  // namespace doudi
