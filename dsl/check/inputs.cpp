// Inputs (manual: "Inputs", "Members"): household and member inputs, their
// `at least` / `at most` bounds and their defaults.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// ---- inputs --------------------------------------------------------------
void Checker::inputs() {
  for (const auto& in : file_.inputs) {
    model::Scope scope = in.scope == syn::InputScope::household ? model::Scope::household
                                                                 : model::Scope::member;
    std::string kind = scope == model::Scope::household ? "a household input" : "a member input";
    if (scope == model::Scope::household) {
      if (!claim(in.name, kind)) continue;
    } else if (m_.find_input(in.name.text, scope) >= 0) {
      error(in.name.position, fmt::format("member input '{}' is declared twice", in.name.text),
            "Inputs");
      continue;
    }
    auto type = resolve_type(in.type);
    if (!type) continue;
    if (type->kind == TypeKind::region) {
      error(in.type.name.position,
            "an input cannot be a region group: declare the district, and the group follows "
            "from it",
            "Inputs");
    }
    model::Input out;
    out.name = in.name.text;
    out.label = in.label;
    out.scope = scope;
    out.type = *type;
    out.per = in.type.per;
    out.position = in.name.position;
    input_bounds(in, out);
    m_.inputs.push_back(std::move(out));
  }
}

// `at least N` / `at most N`: numbers of the input's type, low <= high.
void Checker::input_bounds(const syn::InputDecl& in, model::Input& out) {
  for (const auto& b : in.bounds) {
    const char* which = b.at_least ? "at least" : "at most";
    if (!out.type.is_numeric()) {
      error(b.position, fmt::format("'{}' is {}: only a number can have '{}'", in.name.text,
                                    model::type_name(m_, out.type), which), "Inputs");
      continue;
    }
    auto v = Exact::parse(b.text);
    if (!v || !v->fits_scale(out.type.scale)) {
      error(b.position, fmt::format("'{} {}' has more decimal digits than '{}' allows", which,
                                    b.text, in.name.text), "Inputs");
      continue;
    }
    auto& slot = b.at_least ? out.at_least : out.at_most;
    if (slot) {
      error(b.position, fmt::format("'{}' has '{}' twice", in.name.text, which), "Inputs");
      continue;
    }
    slot = *v;
  }
  if (out.at_least && out.at_most && compare(*out.at_least, *out.at_most) > 0)
    error(in.name.position, fmt::format("'{}' is at least {} and at most {}: no value fits",
                                        in.name.text, out.at_least->to_string(),
                                        out.at_most->to_string()), "Inputs");
}

void Checker::input_defaults() {
  size_t k = 0;
  for (const auto& in : file_.inputs) {
    int index = m_.find_input(in.name.text, in.scope == syn::InputScope::household
                                                ? model::Scope::household
                                                : model::Scope::member);
    ++k;
    if (index < 0 || !in.default_value) continue;
    Context ctx;
    ctx.in_default = true;
    ctx.in_member = in.scope == syn::InputScope::member;
    ctx.in_member_default = ctx.in_member;
    model::Expr e = expr(*in.default_value, ctx, 0);
    model::Input& target = m_.inputs[static_cast<size_t>(index)];
    if (e.type.kind != TypeKind::error) {
      Type unified;
      if (!assignable(target.type, e.type)) {
        error(in.default_value->position,
              fmt::format("the default of '{}' is {}, but the input is {}", target.name,
                          model::type_name(m_, e.type), model::type_name(m_, target.type)),
              "Inputs");
      } else if (target.type.is_numeric() && !fits_declared_scale(target.type, e.type)) {
        error(in.default_value->position,
              fmt::format("the default of '{}' has more decimal digits than its type allows",
                          target.name),
              "Inputs");
      }
    }
    target.default_value = std::move(e);
  }
}

bool Checker::fits_declared_scale(const Type& declared, const Type& actual) {
  return actual.scale != model::kRational && actual.scale <= declared.scale;
}

}  // namespace doudi::check
