// How a study reads outputs (see output_roles.h).
#include "interpreter/studies/output_roles.h"

#include <fmt/format.h>

namespace doudi {

OutputRoles output_roles(const model::Model& m) {
  OutputRoles r;
  int scale = -1;
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (o.type.kind == model::TypeKind::money) {
      r.money.push_back(static_cast<int>(i));
      scale = std::max(scale, o.scale);
      if (o.name == "total") r.total = static_cast<int>(i);
    }
    if (o.name == "grade" && o.type.kind == model::TypeKind::enumeration) r.grade = static_cast<int>(i);
  }
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
  if (total >= 0) return outputs[static_cast<size_t>(total)];
  Exact sum;
  for (int i : money) sum = sum + outputs[static_cast<size_t>(i)];
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
  if (total >= 0) return "output " + named(total);
  if (money.empty()) return "no money outputs (every benefit is 0)";
  std::vector<std::string> parts;
  for (int i : money) parts.push_back(named(i));
  return "the sum of the money outputs " + fmt::format("{}", fmt::join(parts, " + "));
}

std::string region_of(const model::Model& m, const OutputRoles& roles, const Household& h) {
  if (roles.district < 0) return "all";
  const auto& v = h.inputs[static_cast<size_t>(roles.district)];
  std::optional<Exact> code = v;
  if (!code) {
    const auto& d = m.inputs[static_cast<size_t>(roles.district)].default_value;
    if (d && d->op == model::Op::constant) code = d->value;
  }
  if (!code) return "all";
  auto index = code->to_int64();
  if (!index || *index < 0 || static_cast<size_t>(*index) >= m.districts.size()) return "all";
  int region = m.districts[static_cast<size_t>(*index)].region;
  if (region < 0 || static_cast<size_t>(region) >= m.regions.size()) return "all";
  return m.regions[static_cast<size_t>(region)].name;
}

}  // namespace doudi
