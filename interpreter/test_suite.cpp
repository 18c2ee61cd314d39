// Test suites: loading YAML case files, running the cases, and reporting
// (failures, JUnit XML, published-standards coverage). See test_suite.h.
//
// Loading walks the YAML tree by hand, one small reader per part of a case,
// each adding SuiteErrors with the line of the node at fault (yaml-cpp marks
// are 0-based; messages are 1-based). Scalars are only ever taken as text
// (Node::Scalar()) and parsed by doudi's own exact parsers.
#include "interpreter/test_suite.h"

#include "dsl/versions.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <iterator>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "dsl/date.h"
#include "dsl/printer.h"
#include "interpreter/evaluator.h"
#include "interpreter/value.h"

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

// 1-based line of a node; 0 when it has none (absent, or made in memory).
int line_of(const YAML::Node& n) {
  if (!n.IsDefined()) return 0;
  int line = n.Mark().line;
  return line < 0 ? 0 : line + 1;
}

// Given, with a value (yaml-cpp's default-constructed node counts as defined).
bool present(const YAML::Node& n) { return n.IsDefined() && !n.IsNull(); }

bool is_text(const YAML::Node& n) { return n.IsDefined() && n.IsScalar(); }

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
        // A per-member output: a list of the listed members' values, in order.
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
  load_test_text(path, text, policies, suite);
}

LoadedSuite load_suite(const std::vector<std::string>& paths, const std::vector<std::string>& skip) {
  LoadedSuite suite;
  PolicyCache policies;
  for (const auto& file : find_test_files(paths, skip, suite.errors)) {
    load_test_file(file, policies, suite);
  }
  return suite;
}

// ---- running ------------------------------------------------------------------

namespace {

// What computed an output: its rule, or for `output x = rule_name` the rule
// it names, for `output x = TABLE` the table, for `output x = EXPR` the
// expression itself.
void describe_source(const model::Model& m, const model::Output& out, Mismatch& mm) {
  const model::Rule* r = &m.rules.at(static_cast<size_t>(out.rule));
  bool own = r->name.rfind("output ", 0) == 0;
  if (own && r->body.op == model::Op::rule) {
    r = &m.rules.at(static_cast<size_t>(r->body.slot));
    own = false;
  }
  if (own && r->body.op == model::Op::table_lookup) {  // `output standard = dibao_standard`
    const auto& table = m.tables.at(static_cast<size_t>(r->body.slot));
    mm.rule = fmt::format("table '{}' (output '{}' shows it)", table.name, out.name);
    mm.position = table.position;
    return;
  }
  if (own) {
    mm.rule = fmt::format("the expression of output '{}'", out.name);
  } else {
    mm.rule = fmt::format("rule '{}'", r->name);
  }
  mm.position = r->position;
}

}  // namespace

bool matches(const model::Model&, const Expected& e, const Exact& actual) {
  return e.value && *e.value == actual;
}

namespace {
// A case with `expect_error:` passes when the error contains its text.
CaseResult run_error_case(const TestCase& test, RuleCoverage* coverage) {
  CaseResult r;
  r.test = &test;
  const std::string& wanted = *test.expect_error;
  std::string got = test.load_error;
  if (got.empty()) {
    Evaluator evaluator(*test.model);
    evaluator.set_evaluation_date(parse_date(test.date));
    Trace trace;
    if (coverage) evaluator.set_trace(&trace);
    try {
      evaluator.evaluate(test.household);
      r.error = fmt::format("expected an error containing '{}', but the household was evaluated",
                            wanted);
      return r;
    } catch (const std::exception& e) {
      got = e.what();
    }
  }
  if (got.find(wanted) == std::string::npos)
    r.error = fmt::format("expected an error containing '{}', got: {}", wanted, got);
  return r;
}
}  // namespace

CaseResult run_case(const TestCase& test, RuleCoverage* coverage) {
  if (test.expect_error) return run_error_case(test, coverage);
  CaseResult r;
  r.test = &test;
  const model::Model& m = *test.model;
  Evaluator evaluator(m);
  evaluator.set_evaluation_date(parse_date(test.date));
  Trace trace;
  if (coverage) evaluator.set_trace(&trace);
  try {
    const auto& values = evaluator.evaluate(test.household);
    if (coverage) coverage->add(m, trace);
    for (const auto& e : test.expect) {
      if (e.member_output >= 0) {
        const auto& out = m.member_outputs.at(static_cast<size_t>(e.member_output));
        const auto& got = evaluator.member_values().at(static_cast<size_t>(e.member_output));
        bool same = got.size() == e.member_values.size();
        for (size_t i = 0; same && i < got.size(); ++i) same = got[i].value == e.member_values[i];
        if (same) continue;
        std::vector<std::string> texts;
        for (const auto& v : got) texts.push_back(format_value(m, out.type, v.value, out.scale));
        Mismatch mm;
        mm.output = out.name;
        mm.expected = e.text;
        mm.actual = fmt::format("[{}]", fmt::join(texts, ", "));
        mm.rule = fmt::format("per-member output '{}' = {}", out.name, expression_text(m, out.value));
        mm.position = out.position;
        r.mismatches.push_back(std::move(mm));
        continue;
      }
      const auto& out = m.outputs.at(static_cast<size_t>(e.output));
      const Exact& actual = values.at(static_cast<size_t>(e.output));
      if (matches(m, e, actual)) continue;
      Mismatch mm;
      mm.output = out.name;
      mm.expected = e.text;
      mm.actual = format_value(m, out.type, actual, out.scale);
      describe_source(m, out, mm);
      r.mismatches.push_back(std::move(mm));
    }
  } catch (const EvaluationError& e) {
    r.error = fmt::format("evaluation failed: {}{} (at {})",
                          e.rule.empty() ? "" : "rule '" + e.rule + "': ", e.what(),
                          e.position.to_string());
  } catch (const std::exception& e) {
    r.error = fmt::format("evaluation failed: {}", e.what());
  }
  return r;
}

std::vector<CaseResult> run_cases(const std::vector<TestCase>& cases, RuleCoverage* coverage) {
  std::vector<CaseResult> results;
  results.reserve(cases.size());
  for (const auto& c : cases) results.push_back(run_case(c, coverage));
  return results;
}

void RuleCoverage::add(const model::Model& m, const Trace& trace) {
  Version* v = nullptr;
  for (auto& x : versions_)
    if (x.model == &m) v = &x;
  if (!v) {
    versions_.push_back(Version{&m, {}, {}, {}});
    v = &versions_.back();
  }
  for (const auto& r : trace.rules) {
    if (!r) continue;
    v->rules.insert(r->rule);
    for (const auto& b : r->branches) v->branches.insert({b.position.to_string(), b.then_taken});
    for (const auto& l : r->lookups) v->cells.insert({l.table, l.cell});
  }
}

namespace {
void collect_branches(const model::Expr& e, std::vector<const model::Expr*>& out) {
  if (e.op == model::Op::if_then_else) out.push_back(&e);
  for (const auto& a : e.args) collect_branches(a, out);
}
}  // namespace

std::string RuleCoverage::render() const {
  std::string out;
  for (const auto& v : versions_) {
    const model::Model& m = *v.model;
    std::vector<std::string> lines;
    for (size_t i = 0; i < m.rules.size(); ++i) {
      const auto& rule = m.rules[i];
      if (!v.rules.count(static_cast<int>(i))) {
        lines.push_back(fmt::format("  rule {} never evaluated ({})", rule.name, rule.position.to_string()));
        continue;
      }
      std::vector<const model::Expr*> branches;
      collect_branches(rule.body, branches);
      for (const auto* b : branches) {
        std::string at = b->position.to_string();
        for (bool then_taken : {true, false}) {
          if (!v.branches.count({at, then_taken})) {
            lines.push_back(fmt::format("  rule {}: the '{}' branch at {} never taken", rule.name,
                                        then_taken ? "then" : "else", at));
          }
        }
      }
    }
    // Tables only a `require` reads are checked by `doudi check`, not by cases.
    std::set<int> used_by_rules;
    std::vector<const model::Expr*> stack;
    for (const auto& rule : m.rules) stack.push_back(&rule.body);
    while (!stack.empty()) {
      const model::Expr* e = stack.back();
      stack.pop_back();
      if (e->op == model::Op::table_lookup) used_by_rules.insert(e->slot);
      for (const auto& a : e->args) stack.push_back(&a);
    }
    for (size_t t = 0; t < m.tables.size(); ++t) {
      const auto& table = m.tables[t];
      if (!used_by_rules.count(static_cast<int>(t))) continue;
      for (size_t c = 0; c < table.cells.size(); ++c) {
        if (table.cells[c] && !v.cells.count({static_cast<int>(t), c})) {
          lines.push_back(fmt::format("  table {}{} = {} never looked up ({})", table.name,
                                      cell_name(m, table, c), table.cells[c]->to_string(),
                                      table.cell_positions[c].to_string()));
        }
      }
    }
    if (lines.empty()) continue;
    out += fmt::format("not exercised in policy {} version {}:\n", m.policy, m.version);
    for (const auto& l : lines) out += l + "\n";
  }
  return out;
}

std::string render_failure(const CaseResult& r) {
  const TestCase& t = *r.test;
  std::string out = t.model ? fmt::format("{}:{}: FAIL {}\n  policy {} version {} ({}), on {}\n",
                                          t.file, t.line, t.name, t.model->policy, t.model->version,
                                          t.policy_path, t.date)
                            : fmt::format("{}:{}: FAIL {}\n  policy {}, on {}\n", t.file, t.line,
                                          t.name, t.policy_path, t.date);
  if (!r.error.empty()) out += "  " + r.error + "\n";
  for (const auto& mm : r.mismatches) {
    out += fmt::format("  {}: expected {}, actual {}, from {} at {}\n", mm.output, mm.expected,
                       mm.actual, mm.rule, mm.position.to_string());
    if (mm.position.file && mm.position.line > 0) {
      out += fmt::format("  {:>5} | {}\n", mm.position.line,
                         mm.position.file->line_text(mm.position.line));
    }
  }
  return out;
}

std::string summary_line(const std::vector<CaseResult>& results) {
  auto passed = std::count_if(results.begin(), results.end(), [](const auto& r) { return r.passed(); });
  return fmt::format("{} passed, {} failed", passed, static_cast<long>(results.size()) - passed);
}

// ---- JUnit XML ------------------------------------------------------------------

namespace {

// Decodes one UTF-8 sequence at s[i]; returns its length, or 0 when invalid.
size_t utf8_sequence(std::string_view s, size_t i, uint32_t& cp) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = byte(i);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? c : n == 2 ? (c & 0x1F) : n == 3 ? (c & 0x0F) : (c & 0x07);
  for (size_t k = 1; k < n; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  static const uint32_t smallest[] = {0, 0, 0x80, 0x800, 0x10000};
  if (cp < smallest[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

// Code points XML 1.0 allows in a document.
bool xml_char(uint32_t cp) {
  return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0xD7FF) ||
         (cp >= 0xE000 && cp <= 0xFFFD) || (cp >= 0x10000 && cp <= 0x10FFFF);
}

struct FileGroup {
  std::string file;
  std::vector<const CaseResult*> results;
  std::vector<const SuiteError*> errors;
};

std::vector<FileGroup> group_by_file(const std::vector<CaseResult>& results,
                                     const std::vector<SuiteError>& errors) {
  std::vector<FileGroup> groups;
  auto group = [&](const std::string& file) -> FileGroup& {
    for (auto& g : groups)
      if (g.file == file) return g;
    groups.push_back({file, {}, {}});
    return groups.back();
  };
  for (const auto& r : results) group(r.test->file).results.push_back(&r);
  for (const auto& e : errors) group(e.file).errors.push_back(&e);
  return groups;
}

std::string junit_case(const CaseResult& r) {
  const TestCase& t = *r.test;
  std::string head = fmt::format("    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\"",
                                 xml_escape(t.name), xml_escape(t.file), xml_escape(t.file), t.line);
  if (r.passed()) return head + "/>\n";
  std::string message = !r.error.empty()
                            ? r.error
                            : fmt::format("{}: expected {}, actual {}", r.mismatches[0].output,
                                          r.mismatches[0].expected, r.mismatches[0].actual);
  return fmt::format("{}>\n      <failure message=\"{}\" type=\"mismatch\">{}</failure>\n    </testcase>\n",
                     head, xml_escape(message), xml_escape(render_failure(r), false));
}

std::string junit_error(const SuiteError& e) {
  return fmt::format(
      "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" line=\"{}\">\n"
      "      <error message=\"{}\" type=\"bad test file\">{}</error>\n    </testcase>\n",
      xml_escape(fmt::format("{} line {}", e.file, e.line)), xml_escape(e.file), xml_escape(e.file),
      e.line, xml_escape(e.message), xml_escape(e.render(), false));
}

}  // namespace

std::string xml_escape(std::string_view text, bool attribute) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    uint32_t cp = 0;
    size_t n = utf8_sequence(text, i, cp);
    if (n == 0 || !xml_char(cp)) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      i += n == 0 ? 1 : n;
      continue;
    }
    switch (cp) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      // In attributes, kept as written through attribute-value normalisation.
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\r': out += "&#13;"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out.append(text.substr(i, n));
    }
    i += n;
  }
  return out;
}

std::string junit_xml(const std::vector<CaseResult>& results,
                      const std::vector<SuiteError>& errors) {
  auto failed = [](const std::vector<const CaseResult*>& rs) {
    return std::count_if(rs.begin(), rs.end(), [](const auto* r) { return !r->passed(); });
  };
  std::vector<const CaseResult*> all;
  for (const auto& r : results) all.push_back(&r);
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += fmt::format("<testsuites name=\"doudi test\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                     results.size() + errors.size(), failed(all), errors.size());
  for (const auto& g : group_by_file(results, errors)) {
    out += fmt::format("  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\">\n",
                       xml_escape(g.file), g.results.size() + g.errors.size(), failed(g.results),
                       g.errors.size());
    for (const auto* r : g.results) out += junit_case(*r);
    for (const auto* e : g.errors) out += junit_error(*e);
    out += "  </testsuite>\n";
  }
  return out + "</testsuites>\n";
}

// ---- published coverage -----------------------------------------------------------

namespace {

YAML::Node load_yaml_file(const std::string& path, const char* what,
                          std::vector<SuiteError>& errors) {
  try {
    return YAML::LoadFile(path);
  } catch (const YAML::BadFile&) {
    errors.push_back({path, 0, fmt::format("cannot read the {}", what)});
  } catch (const YAML::Exception& e) {
    errors.push_back({path, e.mark.line + 1,
                      fmt::format("not valid YAML (column {}): {}", e.mark.column + 1, e.msg)});
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

}  // namespace

std::vector<PublishedEntry> read_published(const std::string& path,
                                           std::vector<SuiteError>& errors) {
  std::vector<PublishedEntry> out;
  YAML::Node root = load_yaml_file(path, "published-standards file", errors);
  if (!root.IsDefined()) return out;
  if (!root.IsMap()) {
    errors.push_back({path, 0, "expected a map of regions to lists of entries, each with an `id`"});
    return out;
  }
  std::set<std::string> seen;
  for (auto it = root.begin(); it != root.end(); ++it) {
    std::string region = is_text(it->first) ? it->first.Scalar() : "?";
    if (!it->second.IsSequence()) {
      errors.push_back({path, line_of(it->second),
                        fmt::format("region '{}': expected a list of entries", region)});
      continue;
    }
    // A named copy: `it->second` belongs to a temporary the loop would outlive.
    const YAML::Node entries = it->second;
    for (const auto& entry : entries) {
      YAML::Node id = entry.IsMap() ? entry["id"] : YAML::Node();
      if (!is_text(id) || id.Scalar().empty()) {
        errors.push_back({path, line_of(entry),
                          fmt::format("region '{}': an entry without an `id`", region)});
        continue;
      }
      if (!seen.insert(id.Scalar()).second) {
        errors.push_back({path, line_of(id), fmt::format("entry id '{}' appears twice", id.Scalar())});
        continue;
      }
      out.push_back({id.Scalar(), region, line_of(entry)});
    }
  }
  return out;
}

std::map<std::string, Reason> read_reasons(const std::string& path,
                                           std::vector<SuiteError>& errors) {
  std::map<std::string, Reason> out;
  YAML::Node root = load_yaml_file(path, "reasons file", errors);
  if (!root.IsDefined() || root.IsNull()) return out;
  if (!root.IsMap()) {
    errors.push_back({path, 0, "expected a map of published entry ids to reasons"});
    return out;
  }
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (!is_text(it->first) || !is_text(it->second) || it->second.Scalar().empty()) {
      errors.push_back({path, line_of(it->first), "each entry is `id: reason`, the reason as text"});
      continue;
    }
    out.emplace(it->first.Scalar(), Reason{it->second.Scalar(), path, line_of(it->first)});
  }
  return out;
}

std::map<std::string, Reason> read_suite_reasons(const std::vector<std::string>& test_files,
                                                 std::vector<SuiteError>& errors) {
  std::map<std::string, Reason> out;
  std::set<std::string> directories;
  for (const auto& f : test_files) {
    fs::path file = fs::path(f).parent_path() / kUncoveredFile;
    std::error_code ec;
    if (!directories.insert(file.lexically_normal().string()).second || !fs::exists(file, ec)) continue;
    for (auto& [id, reason] : read_reasons(file.string(), errors)) out.emplace(id, std::move(reason));
  }
  return out;
}

int Coverage::covered() const {
  return static_cast<int>(
      std::count_if(rows.begin(), rows.end(), [](const Row& r) { return !r.cases.empty(); }));
}

Coverage published_coverage(const std::vector<PublishedEntry>& entries,
                            const std::vector<TestCase>& cases,
                            const std::map<std::string, Reason>& reasons) {
  Coverage c;
  std::map<std::string, size_t> row_of;
  for (const auto& e : entries) {
    row_of[e.id] = c.rows.size();
    c.rows.push_back({e, {}, ""});
  }
  for (const auto& t : cases) {
    for (const auto& id : t.published) {
      auto found = row_of.find(id);
      if (found == row_of.end()) {
        c.notes.push_back(fmt::format("{}:{}: case '{}' names published entry '{}', which the "
                                      "published file does not list", t.file, t.line, t.name, id));
      } else if (c.rows[found->second].cases.empty() || c.rows[found->second].cases.back() != &t) {
        c.rows[found->second].cases.push_back(&t);
      }
    }
  }
  for (const auto& [id, reason] : reasons) {
    auto found = row_of.find(id);
    if (found == row_of.end()) {
      c.notes.push_back(fmt::format("{}:{}: a reason is given for '{}', which the published file "
                                    "does not list", reason.file, reason.line, id));
    } else if (!c.rows[found->second].cases.empty()) {
      c.notes.push_back(fmt::format("{}:{}: a reason is given for '{}', but cases cover it: "
                                    "remove the reason", reason.file, reason.line, id));
    } else {
      c.rows[found->second].reason = reason.text;
    }
  }
  return c;
}

std::string render_coverage(const Coverage& c, const std::string& published_path) {
  size_t width = 0;
  for (const auto& r : c.rows) width = std::max(width, r.entry.id.size());
  std::string out = fmt::format("published entries ({}): {} of {} covered by a case\n",
                                published_path, c.covered(), c.rows.size());
  for (const auto& r : c.rows) {
    if (!r.cases.empty()) {
      out += fmt::format("  covered    {:<{}}  {} case{}\n", r.entry.id, width, r.cases.size(),
                         r.cases.size() == 1 ? "" : "s");
    }
  }
  for (const auto& r : c.rows) {
    if (r.cases.empty()) {
      out += fmt::format("  uncovered  {:<{}}  {}\n", r.entry.id, width,
                         r.reason.empty() ? "no case and no reason given" : r.reason);
    }
  }
  for (const auto& n : c.notes) out += "  note: " + n + "\n";
  return out;
}

}  // namespace doudi::suite
