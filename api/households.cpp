// Households: YAML/JSON text -> public Households (kept as text), and public
// Households -> the interpreter's Households for one version (api/households.h).
#include "api/households.h"

#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "interpreter/formats/value.h"

namespace doudi::api {

namespace {

Status read_error(const std::string& where, const std::string& message) {
  return Status(StatusCode::household_error, where + ": " + message);
}

// The scalar fields of one map (household or member) into `fields`.
Status read_fields(const YAML::Node& node, const std::string& where, bool household,
                   std::map<std::string, std::string>& fields) {
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) return read_error(where, "a field name must be a plain name");
    std::string key = it->first.Scalar();
    if (key == "id" || (household && key == "people")) continue;
    if (!it->second.IsScalar()) return read_error(where, "field '" + key + "': expected a single value");
    fields[key] = it->second.Scalar();
  }
  return Status();
}

Status read_one(const YAML::Node& node, size_t index, Household& out) {
  std::string where = "household " + std::to_string(index + 1);
  if (!node.IsMap()) return read_error(where, "expected a map of fields");
  if (node["id"] && node["id"].IsScalar()) out.id = node["id"].Scalar();
  if (!out.id.empty()) where += " (id " + out.id + ")";
  Status s = read_fields(node, where, true, out.fields);
  if (!s.ok()) return s;
  if (const YAML::Node people = node["people"]) {
    if (!people.IsSequence()) return read_error(where, "field 'people': expected a list of members");
    for (size_t k = 0; k < people.size(); ++k) {
      std::string member = where + ", member " + std::to_string(k + 1);
      if (!people[k].IsMap()) return read_error(member, "expected a map of fields");
      out.people.emplace_back();
      s = read_fields(people[k], member, false, out.people.back());
      if (!s.ok()) return s;
    }
  }
  return Status();
}

// Parses one field's text as input `index`'s type into `slots`.
Status fill(const model::Model& m, const std::string& where, model::Scope scope,
            const std::map<std::string, std::string>& fields, std::vector<std::optional<Exact>>& slots) {
  for (const auto& [name, text] : fields) {
    if (name == "id") continue;  // the household's id, not an input
    int index = m.find_input(name, scope);
    if (index < 0) {
      return read_error(where, "field '" + name + "': the policy has no " +
                                   (scope == model::Scope::household ? "household" : "member") +
                                   " input of this name");
    }
    std::string why;
    auto v = parse_value(m, m.inputs[static_cast<size_t>(index)].type, text, why);
    if (!v) return read_error(where, "field '" + name + "': " + why);
    slots[static_cast<size_t>(index)] = *v;
  }
  for (size_t i = 0; i < m.inputs.size(); ++i) {
    const auto& in = m.inputs[i];
    if (in.scope == scope && !in.default_value && !slots[i]) {
      return read_error(where, "field '" + in.name + "': missing: the policy needs this input and gives it no default");
    }
  }
  return Status();
}

}  // namespace

Result<std::vector<Household>> read_households_text(std::string_view text) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    return Status(StatusCode::household_error,
                  "line " + std::to_string(e.mark.line + 1) + ": not YAML or JSON: " + e.msg);
  }
  std::vector<Household> out;
  try {
    if (root.IsSequence()) {
      for (size_t i = 0; i < root.size(); ++i) {
        out.emplace_back();
        Status s = read_one(root[i], i, out.back());
        if (!s.ok()) return s;
      }
    } else if (root.IsMap()) {
      out.emplace_back();
      Status s = read_one(root, 0, out.back());
      if (!s.ok()) return s;
    } else {
      return Status(StatusCode::household_error, "expected a household (a map) or a list of them");
    }
  } catch (const YAML::Exception& e) {  // a shape not foreseen above
    return Status(StatusCode::household_error, "unexpected document shape: " + e.msg);
  }
  return out;
}

Result<std::vector<Household>> read_households_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status(StatusCode::io_error, path + ": cannot be read");
  std::ostringstream text;
  text << in.rdbuf();
  auto r = read_households_text(text.str());
  if (!r.ok()) return Status(r.status().code(), path + ": " + r.status().message());
  return r;
}

Status to_household(const model::Model& m, const Household& h, doudi::Household& out) {
  out.id = h.id;
  out.inputs.assign(m.inputs.size(), std::nullopt);
  out.members.clear();
  std::string where = "household" + (h.id.empty() ? std::string() : " " + h.id);
  Status s = fill(m, where, model::Scope::household, h.fields, out.inputs);
  if (!s.ok()) return s;
  for (size_t k = 0; k < h.people.size(); ++k) {
    out.members.emplace_back(m.inputs.size());
    s = fill(m, where + ", member " + std::to_string(k + 1), model::Scope::member, h.people[k],
             out.members.back());
    if (!s.ok()) return s;
  }
  return Status();
}

}  // namespace doudi::api
