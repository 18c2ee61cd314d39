// Test suites: loading YAML case files (running them: test_run.cpp; the
// published-standards coverage: published_coverage.cpp). See test_suite.h.
//
// Loading walks the YAML tree by hand, one small reader per part of a case,
// each adding SuiteErrors with the line of the node at fault (yaml-cpp marks
// are 0-based; messages are 1-based). Scalars are only ever taken as text
// (Node::Scalar()) and parsed by doudi's own exact parsers.
#include "interpreter/studies/test_suite.h"

#include "dsl/version_compare.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <iterator>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "base/date.h"
#include "base/text.h"
#include "dsl/printer.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/value.h"
#include "interpreter/formats/text_encoding.h"
#include "interpreter/studies/test_yaml_private.h"

namespace doudi::suite {
namespace fs = std::filesystem;

std::string SuiteError::render() const {
  if (line > 0) return fmt::format("{}:{}: {}", file, line, message);
  return fmt::format("{}: {}", file, message);
}

// ---- policies ----------------------------------------------------------------

std::shared_ptr<const PolicySet> PolicyCache::get(const std::string& path, std::string& why) {
  auto found = entries_.find(path);
  if (found == entries_.end()) {
    Entry e;
    try {
      e.set = std::make_shared<const PolicySet>(load_policy(path));
    } catch (const PolicyError& error) {
      e.error = error.render();
      while (!e.error.empty() && e.error.back() == '\n') e.error.pop_back();
    }
    found = entries_.emplace(path, std::move(e)).first;
  }
  why = found->second.error;
  return found->second.set;
}

// ---- finding test files ---------------------------------------------------------

namespace {

bool is_yaml(const fs::path& p) { return p.extension() == ".yaml" || p.extension() == ".yml"; }

bool same_file(const fs::path& a, const std::string& b) {
  std::error_code ec;
  return fs::equivalent(a, b, ec) && !ec;
}

bool skipped(const fs::path& p, const std::vector<std::string>& skip) {
  std::string name = p.filename().string();
  if (name == kUncoveredFile || name == kPublishedFile) return true;
  return std::any_of(skip.begin(), skip.end(), [&](const auto& s) { return same_file(p, s); });
}

}  // namespace

std::vector<std::string> find_test_files(const std::vector<std::string>& paths,
                                         const std::vector<std::string>& skip,
                                         std::vector<SuiteError>& errors) {
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (fs::is_directory(path, ec)) {
      std::vector<std::string> found;
      for (const auto& entry : fs::directory_iterator(path, ec)) {
        if (entry.is_regular_file() && is_yaml(entry.path()) && !skipped(entry.path(), skip)) {
          found.push_back(entry.path().string());
        }
      }
      std::sort(found.begin(), found.end());
      if (found.empty()) errors.push_back({path, 0, "the directory holds no test file (*.yaml, *.yml)"});
      files.insert(files.end(), found.begin(), found.end());
    } else if (fs::exists(path, ec)) {
      files.push_back(path);
    } else {
      errors.push_back({path, 0, "no such test file or directory"});
    }
  }
  return files;
}

// ---- reading a test file --------------------------------------------------------

namespace {

std::string join(const std::vector<std::string>& items) {
  return fmt::format("{}", fmt::join(items, ", "));
}

// A map's entry whose key is text (see FileReader::entries).
struct MapEntry {
  std::string key;
  YAML::Node key_node;
  YAML::Node value;
};

class FileReader {
 public:
  FileReader(const std::string& path, PolicyCache& policies, LoadedSuite& suite)
      : path_(path), policies_(policies), suite_(suite) {}

  void read(const std::string& text) {
    YAML::Node root;
    try {
      root = YAML::Load(text);
    } catch (const YAML::Exception& e) {
      fail(e.mark.line + 1, fmt::format("not valid YAML (column {}): {}", e.mark.column + 1, e.msg));
      return;
    }
    YAML::Node cases;
    if (root.IsSequence()) {
      cases.reset(root);
    } else if (root.IsMap()) {
      if (!read_file_defaults(root, cases)) return;
    } else {
      fail(present(root) ? line_of(root) : 0,
           "expected a list of cases, or a map with `cases:` (and optional `policy:`, `date:`)");
      return;
    }
    if (cases.size() == 0) {
      fail(line_of(cases), "the file holds no cases");
      return;
    }
    for (size_t i = 0; i < cases.size(); ++i) read_case(cases[i], i);
  }

 private:
  void fail(int line, std::string message) { suite_.errors.push_back({path_, line, std::move(message)}); }

  // The map's entries in file order, with errors for keys that are not
  // text and keys given twice (yaml-cpp would keep both).
  std::vector<MapEntry> entries(const YAML::Node& map, const std::string& what) {
    std::vector<MapEntry> out;
    std::set<std::string> seen;
    for (auto it = map.begin(); it != map.end(); ++it) {
      if (!is_text(it->first)) {
        fail(line_of(it->first), fmt::format("{}: a key must be a name", what));
        continue;
      }
      std::string key = it->first.Scalar();
      if (!seen.insert(key).second) {
        fail(line_of(it->first), fmt::format("{}: '{}' is given twice", what, key));
        continue;
      }
      out.push_back({key, it->first, it->second});
    }
    return out;
  }

  // A top-level map: defaults for every case, and the cases.
  bool read_file_defaults(const YAML::Node& root, YAML::Node& cases) {
    bool ok = true;
    for (const auto& e : entries(root, "the file")) {
      if (e.key == "cases") {
        cases.reset(e.value);
      } else if (e.key == "policy" || e.key == "date") {
        if (!is_text(e.value) || e.value.Scalar().empty()) {
          fail(line_of(e.value), fmt::format("`{}:` must be a single value", e.key));
          ok = false;
        } else if (e.key == "policy") {
          default_policy_.reset(e.value);
        } else if (check_date(e.value)) {
          default_date_.reset(e.value);
        } else {
          ok = false;
        }
      } else {
        fail(line_of(e.key_node), fmt::format("unknown key '{}' at the top of a test file: it "
                                              "takes `policy:`, `date:` and `cases:`", e.key));
        ok = false;
      }
    }
    if (!present(cases)) {
      fail(line_of(root), "a test file that is a map lists its cases under `cases:`");
      return false;
    }
    if (!cases.IsSequence()) {
      fail(line_of(cases), "`cases:` must be a list of cases");
      return false;
    }
    return ok;
  }

  bool check_date(const YAML::Node& n) {
    if (is_text(n) && parse_date(n.Scalar())) return true;
    fail(line_of(n), fmt::format("'{}' is not a date written YYYY-MM-DD",
                                 is_text(n) ? n.Scalar() : std::string("(not a single value)")));
    return false;
  }

  // Where a relative policy path starts: the test file's directory.
  std::string resolve(const std::string& policy) const {
    fs::path p(policy);
    if (p.is_absolute()) return p.lexically_normal().string();
    return (fs::path(path_).parent_path() / p).lexically_normal().string();
  }

  // A case's parts, the file's defaults filling in policy and date. Nodes are
  // rebound with reset(): yaml-cpp's operator= would write into the node they
  // share (the defaults).
  struct CaseNodes {
    YAML::Node name, policy, date, published, household, expect, expect_error;
    bool unknown_key = false;
  };

  CaseNodes case_nodes(const YAML::Node& node, size_t index) {
    CaseNodes n;
    n.policy.reset(default_policy_);
    n.date.reset(default_date_);
    for (const auto& e : entries(node, fmt::format("case {}", index + 1))) {
      if (e.key == "name") n.name.reset(e.value);
      else if (e.key == "policy") n.policy.reset(e.value);
      else if (e.key == "date") n.date.reset(e.value);
      else if (e.key == "published") n.published.reset(e.value);
      else if (e.key == "household") n.household.reset(e.value);
      else if (e.key == "expect") n.expect.reset(e.value);
      else if (e.key == "expect_error") n.expect_error.reset(e.value);
      else {
        fail(line_of(e.key_node), fmt::format("case {}: unknown key '{}' (a case takes name, "
                                              "policy, date, published, household, expect, "
                                              "expect_error)",
                                              index + 1, e.key));
        n.unknown_key = true;
      }
    }
    return n;
  }

  // Loads the case's policy (once per path) and picks the version in force.
  bool resolve_policy(const CaseNodes& n, const std::string& who, TestCase& c) {
    if (!is_text(n.policy) || n.policy.Scalar().empty()) {
      fail(c.line, who + ": no `policy:` (give it in the case, or at the top of the file)");
      return false;
    }
    if (!present(n.date)) {
      fail(c.line, who + ": no `date:` (give it in the case, or at the top of the file)");
      return false;
    }
    if (!check_date(n.date)) return false;
    c.date = n.date.Scalar();
    c.policy_path = resolve(n.policy.Scalar());
    std::string why;
    c.policy = policies_.get(c.policy_path, why);
    if (!c.policy) {
      // The diagnostics once per policy; later cases refer back to them.
      bool first = bad_policies_.insert(c.policy_path).second;
      fail(line_of(n.policy), fmt::format("{}: policy '{}' (read as {}) cannot be used{}", who,
                                          n.policy.Scalar(), c.policy_path,
                                          first ? ":\n" + why : " (see above)"));
      return false;
    }
    try {
      c.model = &c.policy->in_force(*parse_date(c.date));
    } catch (const PolicyError& e) {
      fail(line_of(n.date), fmt::format("{}: {}", who, e.diagnostics.front().message));
      return false;
    }
    return true;
  }

  void read_case(const YAML::Node& node, size_t index) {
    if (!node.IsMap()) {
      fail(line_of(node), fmt::format("case {}: expected a map with name, policy, date, "
                                      "household and expect", index + 1));
      return;
    }
    const size_t errors_before = suite_.errors.size();
    TestCase c;
    c.file = path_;
    c.line = line_of(node);
    CaseNodes n = case_nodes(node, index);
    if (!is_text(n.name) || n.name.Scalar().empty()) {
      fail(c.line, fmt::format("case {}: no `name:`", index + 1));
      return;
    }
    c.name = n.name.Scalar();
    std::string who = fmt::format("case '{}'", c.name);
    read_published_ids(n.published, who, c);
    if (present(n.expect_error)) return read_error_case(n, who, std::move(c), errors_before);
    if (!resolve_policy(n, who, c)) return;
    // After a misspelt key, "no `expect:`" would only repeat the same mistake.
    if (present(n.household)) {
      read_household(n.household, who, c);
    } else if (!n.unknown_key) {
      fail(c.line, who + ": no `household:`");
    }
    if (present(n.expect) && !(n.expect.IsMap() && n.expect.size() == 0)) {
      read_expect(n.expect, who, c);
    } else if (!n.unknown_key || present(n.expect)) {
      fail(present(n.expect) ? line_of(n.expect) : c.line,
           who + ": no `expect:` (a map of output names to the values the case must give)");
    }
    // Any problem reported while reading the case leaves it out.
    bool complete = present(n.household) && present(n.expect);
    if (complete && suite_.errors.size() == errors_before) suite_.cases.push_back(std::move(c));
  }

  // A case with `expect_error:`: what goes wrong reading it (no version in
  // force, a field the version lacks) is its outcome, not a problem with the
  // file; run_case compares it, or the evaluation's error, with the text.
  void read_error_case(const CaseNodes& n, const std::string& who, TestCase c,
                       size_t errors_before) {
    if (!is_text(n.expect_error) || n.expect_error.Scalar().empty()) {
      fail(line_of(n.expect_error), who + ": `expect_error:` takes the text the error must contain");
      return;
    }
    if (present(n.expect)) {
      fail(line_of(n.expect), who + ": a case expects outputs or an error (`expect_error:`), not both");
      return;
    }
    if (!present(n.household)) {
      fail(c.line, who + ": no `household:`");
      return;
    }
    c.expect_error = n.expect_error.Scalar();
    if (resolve_policy(n, who, c)) read_household(n.household, who, c);
    std::vector<std::string> messages;
    for (size_t i = errors_before; i < suite_.errors.size(); ++i)
      messages.push_back(suite_.errors[i].message);
    suite_.errors.resize(errors_before);
    c.load_error = join(messages);
    if (c.policy || !c.load_error.empty()) suite_.cases.push_back(std::move(c));
  }

  bool read_published_ids(const YAML::Node& n, const std::string& who, TestCase& c) {
    if (!present(n)) return true;
    auto one = [&](const YAML::Node& id) {
      if (!is_text(id) || id.Scalar().empty()) {
        fail(line_of(id), who + ": `published:` takes an entry id, or a list of them");
        return false;
      }
      c.published.push_back(id.Scalar());
      return true;
    };
    if (!n.IsSequence()) return one(n);
    bool ok = true;
    for (const auto& id : n) ok &= one(id);
    return ok;
  }

  // Household or member fields: input names to values of their types.
  bool read_fields(const YAML::Node& map, model::Scope scope, const std::string& where,
                   std::vector<std::optional<Exact>>& slots) {
    const model::Model& m = *current_model_;
    bool ok = true;
    std::set<std::string> given;
    for (const auto& e : entries(map, where)) {
      given.insert(e.key);
      if (e.key == "id" || (scope == model::Scope::household && e.key == "people")) continue;
      int index = m.find_input(e.key, scope);
      auto field = fmt::format("{}: field '{}'", where, e.key);
      if (index < 0) {
        fail(line_of(e.key_node), fmt::format("{}: the policy has no {} input of this name", field,
                                              scope == model::Scope::household ? "household"
                                                                               : "member"));
        ok = false;
        continue;
      }
      if (!is_text(e.value)) {
        fail(line_of(e.value), field + ": expected a single value");
        ok = false;
        continue;
      }
      std::string why;
      auto v = parse_input_value(m, m.inputs[static_cast<size_t>(index)], e.value.Scalar(), why);
      if (!v) {
        fail(line_of(e.value), fmt::format("{}: {}", field, why));
        ok = false;
        continue;
      }
      slots[static_cast<size_t>(index)] = std::move(*v);
    }
    for (size_t i = 0; i < m.inputs.size(); ++i) {
      const auto& in = m.inputs[i];
      if (in.scope == scope && !in.default_value && !given.count(in.name)) {
        fail(line_of(map), fmt::format("{}: field '{}' missing: the policy needs this input and "
                                       "gives it no default", where, in.name));
        ok = false;
      }
    }
    return ok;
  }

  bool read_household(const YAML::Node& n, const std::string& who, TestCase& c) {
    if (!n.IsMap()) {
      fail(line_of(n), who + ": `household:` must be a map of input names to values");
      return false;
    }
    current_model_ = c.model;
    Household& h = c.household;
    h.id = is_text(n["id"]) ? n["id"].Scalar() : c.name;
    h.file = std::make_shared<const std::string>(path_);
    h.line = c.line;
    h.inputs.assign(c.model->inputs.size(), std::nullopt);
    std::string where = who + ": household";
    bool ok = read_fields(n, model::Scope::household, where, h.inputs);
    if (const YAML::Node people = n["people"]; present(people)) {
      if (!people.IsSequence()) {
        fail(line_of(people), where + ": `people:` must be a list of members");
        return false;
      }
      for (size_t k = 0; k < people.size(); ++k) {
        std::string member = fmt::format("{}, member {}", where, k + 1);
        if (!people[k].IsMap()) {
          fail(line_of(people[k]), member + ": expected a map of member input names to values");
          ok = false;
          continue;
        }
        std::vector<std::optional<Exact>> slots(c.model->inputs.size());
        ok &= read_fields(people[k], model::Scope::member, member, slots);
        h.members.push_back(std::move(slots));
      }
    }
    return ok;
  }

  bool read_expect(const YAML::Node& n, const std::string& who, TestCase& c) {
    const model::Model& m = *c.model;
    if (!n.IsMap()) {
      fail(line_of(n), who + ": `expect:` must be a map of output names to values");
      return false;
    }
    bool ok = true;
    for (const auto& e : entries(n, who + ": expect")) {
      auto out = std::find_if(m.outputs.begin(), m.outputs.end(),
                              [&](const auto& o) { return o.name == e.key; });
      auto per = std::find_if(m.member_outputs.begin(), m.member_outputs.end(),
                              [&](const auto& o) { return o.name == e.key; });
      if (out == m.outputs.end() && per != m.member_outputs.end()) {
        // A per-member output: a list of the listed members' values, in
        // order, or `n/a` for the whole output.
        if (is_text(e.value) && e.value.Scalar() == "n/a") {
          Expected x;
          x.member_output = static_cast<int>(per - m.member_outputs.begin());
          x.line = line_of(e.value);
          x.text = "n/a";
          x.not_applicable = true;
          c.expect.push_back(std::move(x));
          continue;
        }
        if (!e.value.IsSequence()) {
          fail(line_of(e.value), fmt::format("{}: expect '{}': a per-member output takes a list, one value "
                                             "per member it lists, e.g. [5000, 1000]", who, e.key));
          ok = false;
          continue;
        }
        Expected x;
        x.member_output = static_cast<int>(per - m.member_outputs.begin());
        x.line = line_of(e.value);
        std::vector<std::string> texts;
        bool good = true;
        for (const auto& item : e.value) {
          Expected one;
          one.text = is_text(item) ? item.Scalar() : std::string();
          std::string why;
          if (one.text.empty() || !expected_value(m, per->type, one, why)) {
            fail(line_of(item), fmt::format("{}: expect '{}': {}", who, e.key,
                                            why.empty() ? "expected a single value per member" : why));
            good = false;
            break;
          }
          texts.push_back(one.text);
          x.member_values.push_back(*one.value);
        }
        if (!good) {
          ok = false;
          continue;
        }
        x.text = "[" + join(texts) + "]";
        c.expect.push_back(std::move(x));
        continue;
      }
      if (out == m.outputs.end()) {
        std::vector<std::string> names;
        for (const auto& o : m.outputs) names.push_back(o.name);
        for (const auto& o : m.member_outputs) names.push_back(o.name);
        fail(line_of(e.key_node),
             fmt::format("{}: expect: policy {} version {} has no output '{}' (its outputs: {})",
                         who, m.policy, m.version, e.key, join(names)));
        ok = false;
        continue;
      }
      if (!is_text(e.value) || e.value.Scalar().empty()) {
        fail(line_of(e.value), fmt::format("{}: expect '{}': expected a single value", who, e.key));
        ok = false;
        continue;
      }
      Expected x;
      x.output = static_cast<int>(out - m.outputs.begin());
      x.text = e.value.Scalar();
      x.line = line_of(e.value);
      std::string why;
      if (!expected_value(m, out->type, x, why)) {
        fail(x.line, fmt::format("{}: expect '{}': {}", who, e.key, why));
        ok = false;
        continue;
      }
      c.expect.push_back(std::move(x));
    }
    return ok;
  }

  // The expected value as the output's coded value: numbers exactly (any
  // number of digits: 990 and 990.00 are the same), names by their code.
  static bool expected_value(const model::Model& m, const model::Type& type, Expected& x,
                             std::string& why) {
    if (x.text == "n/a" && x.output >= 0) {  // the output must be n/a
      x.not_applicable = true;
      return true;
    }
    if (type.is_numeric()) {
      x.value = Exact::parse(x.text);
      if (!x.value) why = fmt::format("'{}' is not a number (write digits with an optional '.')", x.text);
      return x.value.has_value();
    }
    if (type.kind == model::TypeKind::region) {
      for (size_t r = 0; r < m.regions.size(); ++r) {
        if (m.regions[r].name == x.text) x.value = Exact::from_int(static_cast<int64_t>(r));
      }
      if (!x.value) why = fmt::format("'{}' is not a region group of the policy", x.text);
      return x.value.has_value();
    }
    x.value = parse_value(m, type, x.text, why);
    return x.value.has_value();
  }

  std::string path_;
  PolicyCache& policies_;
  LoadedSuite& suite_;
  YAML::Node default_policy_, default_date_;
  std::set<std::string> bad_policies_;
  const model::Model* current_model_ = nullptr;
};

}  // namespace

void load_test_text(const std::string& path, const std::string& text, PolicyCache& policies,
                    LoadedSuite& suite) {
  suite.files.push_back(path);
  FileReader(path, policies, suite).read(text);
}

void load_test_file(const std::string& path, PolicyCache& policies, LoadedSuite& suite) {
  std::ifstream in(path, std::ios::binary);
  std::string text;
  if (in) text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  if (!in && !in.eof()) {
    suite.files.push_back(path);
    suite.errors.push_back({path, 0, "cannot read the test file"});
    return;
  }
  load_test_text(path, decode_text(std::move(text), default_text_encoding()), policies, suite);  // GB18030 too
}

LoadedSuite load_suite(const std::vector<std::string>& paths, const std::vector<std::string>& skip) {
  LoadedSuite suite;
  PolicyCache policies;
  for (const auto& file : find_test_files(paths, skip, suite.errors)) {
    load_test_file(file, policies, suite);
  }
  return suite;
}

}  // namespace doudi::suite
