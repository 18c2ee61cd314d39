// Rule chains (manual: "Rules"): the longest chain of rules each using the
// next, bounded by kMaxRuleChain. Evaluating, compiling and explaining a rule
// recurse through the rules it uses, so a chain of thousands of rules would
// exhaust the stack; it is refused here with the rule where the bound is
// passed. Typing on demand (rules.cpp) bounds only the chain it happens to walk
// (none when the file lists each rule before its user), so the depth is
// computed again over the typed bodies, without recursion across rules: in the
// order typing finished, every rule comes after the rules it uses.
#include "dsl/check/checker_private.h"

namespace doudi::check {

namespace {

// The rules an expression reads (walks one body: its depth is bounded by the
// expression nesting limit).
void rules_used(const model::Expr& e, std::vector<int>& out) {
  if (e.op == model::Op::rule && e.slot >= 0) out.push_back(e.slot);
  for (const auto& a : e.args) rules_used(a, out);
}

}  // namespace

void Checker::rule_chains() {
  if (!errors_.empty()) return;  // a cycle or an untyped rule: the chain is not defined
  std::vector<size_t> chain(m_.rules.size(), 0);  // longest chain ending at the rule, in rules
  std::vector<int> longest_from(m_.rules.size(), -1);  // the rule used on that chain
  std::vector<int> used;
  for (int index : typed_order_) {
    auto i = static_cast<size_t>(index);
    used.clear();
    rules_used(m_.rules[i].body, used);
    size_t depth = 1;
    for (int u : used) {
      auto j = static_cast<size_t>(u);
      if (chain[j] + 1 > depth) {
        depth = chain[j] + 1;
        longest_from[i] = u;
      }
    }
    chain[i] = depth;
    if (depth == kMaxRuleChain + 1) {  // report where the bound is first passed, once
      const model::Rule& r = m_.rules[i];
      const model::Rule& start = m_.rules[static_cast<size_t>(longest_from[i])];
      error(r.position,
            fmt::format("rule '{}' sits at the end of a chain of more than {} rules each using the "
                        "next (it uses '{}', itself {} rules deep): shorten the chain, for example "
                        "by writing a table or one rule in place of many", r.name, kMaxRuleChain,
                        start.name, kMaxRuleChain),
            "Rules");
      return;
    }
  }
}

}  // namespace doudi::check
