// Outputs (manual: "Outputs", "Per-member outputs"): the said type, the
// display scale, and the rule each computed output gets.
#include "dsl/check/checker_private.h"

namespace doudi::check {

// ---- outputs -------------------------------------------------------------
// `output NAME TYPE …`: the type said must be the value's (household and
// per-member outputs alike).
void Checker::check_said_type(const syn::OutputDecl& o, const Type& value) {
  if (!o.type) return;
  auto declared = resolve_type(*o.type);
  if (declared && (declared->kind != value.kind || declared->enumeration != value.enumeration)) {
    error(o.type->name.position,
          fmt::format("output '{}' is said to be {} but its value is {}", o.name.text,
                      model::type_name(m_, *declared), model::type_name(m_, value)),
          "Outputs");
  }
}

void Checker::outputs() {
  if (file_.outputs.empty()) {
    error(file_start(), "the policy declares no output: add 'output NAME \"label\"'",
          "Outputs");
  }
  std::set<std::string> seen;
  for (const auto& o : file_.outputs) {
    if (!seen.insert(o.name.text).second) {
      error(o.name.position, fmt::format("output '{}' is declared twice", o.name.text),
            "Outputs");
      continue;
    }
    if (o.per) {
      member_output(o);
      continue;
    }
    int rule = o.value ? output_rule(o) : rule_named(o.name.text);
    if (rule < 0) {
      error(o.name.position,
            fmt::format("output '{}' names no rule: an output shows the rule of its name, or "
                        "the value after '=', as in output tekun = tekun_amount", o.name.text),
            "Outputs");
      continue;
    }
    model::Output out;
    out.name = o.name.text;
    out.label = o.label.empty() ? m_.rules[static_cast<size_t>(rule)].label : o.label;
    out.rule = rule;
    out.type = m_.rules[static_cast<size_t>(rule)].type;
    out.position = o.name.position;
    if (out.type.kind == TypeKind::error) continue;
    check_said_type(o, out.type);
    if (out.type.is_numeric()) {
      int natural = out.type.kind == TypeKind::money ? 2 : std::max(out.type.scale, 0);
      out.scale = o.scale >= 0 ? o.scale : natural;
      if (out.type.scale == model::kRational) {
        error(o.name.position,
              fmt::format("output '{}' may be a repeating fraction: its rule divides and does "
                          "not round afterwards. Round it in the policy, e.g. "
                          "round(…, 0.01, half_up)", o.name.text),
              "Rounding");
      } else if (out.type.scale > out.scale) {
        error(o.name.position,
              fmt::format("output '{}' can have {} digits after the decimal point but is shown "
                          "with {}: round it in the policy, or show it with 'scale {}'",
                          o.name.text, out.type.scale, out.scale, out.type.scale),
              "Rounding");
      }
    } else if (o.scale >= 0) {
      error(o.name.position, "only numeric outputs take a scale", "Outputs");
    }
    m_.outputs.push_back(std::move(out));
  }
}

// Digits shown for a numeric output, or an error when the value cannot be
// shown exactly (shared by household and per-member outputs).
int Checker::output_scale(const syn::OutputDecl& o, const Type& t) {
  int natural = t.kind == TypeKind::money ? 2 : std::max(t.scale, 0);
  int shown = o.scale >= 0 ? o.scale : natural;
  if (t.scale == model::kRational) {
    error(o.name.position,
          fmt::format("output '{}' may be a repeating fraction: its rule divides and does "
                      "not round afterwards. Round it in the policy, e.g. "
                      "round(…, 0.01, half_up)", o.name.text),
          "Rounding");
  } else if (t.scale > shown) {
    error(o.name.position,
          fmt::format("output '{}' can have {} digits after the decimal point but is shown "
                      "with {}: round it in the policy, or show it with 'scale {}'",
                      o.name.text, t.scale, shown, t.scale),
          "Rounding");
  }
  return shown;
}

// `output per member NAME = EXPR` / `output per LIST NAME = EXPR`.
void Checker::member_output(const syn::OutputDecl& o) {
  model::MemberOutput out;
  out.name = o.name.text;
  out.label = o.label;
  out.position = o.name.position;
  if (o.per->text != "member") {
    out.list = find_member_list(o.per->text);
    if (out.list < 0) {
      error(o.per->position, fmt::format("'{}' is not a member list: write output per member "
                                         "NAME, or declare members {} = member where …",
                                         o.per->text, o.per->text), "Per-member outputs");
      return;
    }
  }
  if (!o.value) {
    error(o.name.position, fmt::format("a per-member output needs its value: output per {} {} = …",
                                       o.per->text, o.name.text), "Per-member outputs");
    return;
  }
  Context ctx;
  ctx.in_member = true;
  out.value = expr(*o.value, ctx, 0);
  out.type = out.value.type;
  if (out.type.kind == TypeKind::error) return;
  if (out.type.literal) {
    out.type = numeric(out.type.scale == 0 ? TypeKind::integer : TypeKind::decimal, out.type.scale);
    out.value.type = out.type;
  }
  if (out.value.op == Op::rule && out.label.empty()) {
    out.label = m_.rules[static_cast<size_t>(out.value.slot)].label;
  }
  check_said_type(o, out.type);
  if (out.type.is_numeric()) {
    out.scale = output_scale(o, out.type);
  } else if (o.scale >= 0) {
    error(o.name.position, "only numeric outputs take a scale", "Outputs");
  }
  m_.member_outputs.push_back(std::move(out));
}

// An output with `= EXPR` gets a rule of its own, named "output NAME"
// (a name no declaration can take), so evaluation treats it like any rule.
int Checker::output_rule(const syn::OutputDecl& o) {
  Context ctx;
  model::Rule r;
  r.name = "output " + o.name.text;
  r.label = o.label;
  r.position = o.value->position;
  r.body = expr(*o.value, ctx, 0);
  r.type = r.body.type;
  if (r.type.literal) {
    r.type = numeric(r.type.scale == 0 ? TypeKind::integer : TypeKind::decimal, r.type.scale);
  }
  if (r.body.op == Op::rule) {  // a plain alias keeps the rule's own label and sources
    const auto& target = m_.rules[static_cast<size_t>(r.body.slot)];
    if (r.label.empty()) r.label = target.label;
    r.sources = target.sources;
  }
  return add_rule(std::move(r));
}

}  // namespace doudi::check
