// How a study reads outputs (see output_roles.h).
#include "interpreter/studies/output_roles.h"

#include <map>

#include <fmt/format.h>

#include "dsl/benefit.h"

namespace doudi {

OutputRoles output_roles(const model::Model& m) {
  OutputRoles r;
  int scale = -1;
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (o.type.kind == model::TypeKind::money) {
      r.money.push_back(static_cast<int>(i));
      scale = std::max(scale, o.scale);
    }
    if (o.name == "grade" && o.type.kind == model::TypeKind::enumeration) r.grade = static_cast<int>(i);
  }
  std::string why;
  r.paid = benefit_outputs(m, why);
  if (r.paid.empty()) throw UsageError(fmt::format("version {}: no benefit to count: {}", m.version, why));
  auto period_of = [&](int i) { return m.outputs[static_cast<size_t>(i)].type.period; };
  r.period = period_of(r.paid.front());
  for (int i : r.paid)
    if (period_of(i) == model::Type::Period::month) r.period = model::Type::Period::month;
  for (int i : r.paid)
    if (period_of(i) == r.period) r.primary.push_back(i);
  r.scale = scale < 0 ? 2 : scale;
  int members = m.find_input("members", model::Scope::household);
  if (members >= 0 && m.inputs[static_cast<size_t>(members)].type.kind == model::TypeKind::integer)
    r.members = members;
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    if (m.inputs[i].scope == model::Scope::household && m.inputs[i].type.kind == model::TypeKind::district) {
      r.district = static_cast<int>(i);
      break;
    }
  }
  return r;
}

Exact OutputRoles::benefit(const std::vector<Exact>& outputs) const {
  if (primary.size() == 1) return outputs[static_cast<size_t>(primary.front())];
  Exact sum;
  for (int i : primary) sum = sum + outputs[static_cast<size_t>(i)];
  return sum;
}

Exact OutputRoles::people(const model::Model& m, const Household& h) const {
  if (members < 0) return Exact::from_int(1);
  const auto& given = h.inputs[static_cast<size_t>(members)];
  if (given) return *given;
  const auto& d = m.inputs[static_cast<size_t>(members)].default_value;
  if (d && d->op == model::Op::constant) return d->value;
  if (d && d->op == model::Op::count && d->args.empty())
    return Exact::from_int(static_cast<int64_t>(h.members.size()));
  if (!h.members.empty()) return Exact::from_int(static_cast<int64_t>(h.members.size()));
  return Exact::from_int(1);
}

std::string OutputRoles::describe_benefit(const model::Model& m) const {
  auto named = [&](int i) {
    const auto& o = m.outputs[static_cast<size_t>(i)];
    return o.label.empty() ? fmt::format("'{}'", o.name) : fmt::format("'{}' ({})", o.name, o.label);
  };
  auto list = [&](const std::vector<int>& outputs) {
    std::vector<std::string> parts;
    for (int i : outputs) parts.push_back(named(i));
    return fmt::format("{} {}", parts.size() == 1 ? "output" : "outputs", fmt::join(parts, " + "));
  };
  std::string out = list(primary) + " " + period_unit(period);
  std::map<model::Type::Period, std::vector<int>> others;
  for (int i : paid)
    if (m.outputs[static_cast<size_t>(i)].type.period != period)
      others[m.outputs[static_cast<size_t>(i)].type.period].push_back(i);
  for (const auto& [p, outputs] : others) out += fmt::format("; beside it, {} {}", list(outputs), period_unit(p));
  if (m.benefit.empty()) out += " (derived: the policy has no 'benefit' line)";
  return out;
}

std::optional<int64_t> input_code(const model::Model& m, int input, const Household& h) {
  if (input < 0) return std::nullopt;
  std::optional<Exact> code = h.inputs[static_cast<size_t>(input)];
  if (!code) {
    const auto& d = m.inputs[static_cast<size_t>(input)].default_value;
    if (d && d->op == model::Op::constant) code = d->value;
  }
  if (!code) return std::nullopt;
  return code->to_int64();
}

std::string region_of(const model::Model& m, const OutputRoles& roles, const Household& h) {
  auto index = input_code(m, roles.district, h);
  if (!index || *index < 0 || static_cast<size_t>(*index) >= m.districts.size()) return "all";
  int region = m.districts[static_cast<size_t>(*index)].region;
  if (region < 0 || static_cast<size_t>(region) >= m.regions.size()) return "all";
  return m.regions[static_cast<size_t>(region)].name;
}

}  // namespace doudi
