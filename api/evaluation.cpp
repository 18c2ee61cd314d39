// Public results from the interpreter's values (api/evaluation.h).
#include "api/evaluation.h"

#include "interpreter/formats/value.h"

namespace doudi::api {

VersionInfo version_info(const model::Model& m) {
  return VersionInfo{m.policy, m.version, m.effective_text, m.file ? m.file->path : ""};
}

namespace {

OutputValue output_value(const model::Model& m, const std::string& name, const model::Type& type, int scale,
                         const Exact& x) {
  OutputValue v{name, format_value(m, type, x, scale), std::nullopt};
  if (type.is_numeric()) v.number = Decimal::parse(v.text);
  return v;
}

}  // namespace

Evaluation evaluation(const model::Model& m, const std::string& id, const std::string& fingerprint,
                      const std::vector<Exact>& values, const std::vector<std::vector<MemberValue>>* members,
                      const std::vector<NotApplicableOutput>* not_applicable) {
  Evaluation e{id, m.version, fingerprint, {}, {}};
  e.outputs.reserve(m.outputs.size());
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (const auto* na = find_not_applicable(not_applicable, i, false))
      e.outputs.push_back(OutputValue{o.name, "n/a", std::nullopt, na->reason});
    else
      e.outputs.push_back(output_value(m, o.name, o.type, o.scale, values[i]));
  }
  for (size_t i = 0; i < m.member_outputs.size(); ++i) {
    const auto& o = m.member_outputs[i];
    MemberOutputValues out{o.name, {}, {}};
    if (const auto* na = find_not_applicable(not_applicable, i, true)) out.not_applicable = na->reason;
    if (members && i < members->size())
      for (const auto& mv : (*members)[i]) {
        out.members.push_back(static_cast<size_t>(mv.member));
        out.values.push_back(output_value(m, o.name, o.type, o.scale, mv.value));
      }
    e.member_outputs.push_back(std::move(out));
  }
  return e;
}

}  // namespace doudi::api
