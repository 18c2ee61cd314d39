// dsl/format.cpp: the canonical layout, idempotent and meaning-preserving on
// every shipped policy, example reform and fuzz-corpus file.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "dsl/format.h"
#include "dsl/parser.h"
#include "dsl/printer.h"
#include "test_util.h"

using namespace doudi;
namespace fs = std::filesystem;

namespace {

std::string format_text(const std::string& text, const std::string& path = "t.doudi") {
  auto file = std::make_shared<SourceFile>();
  file->path = path;
  file->text = text;
  return format_policy(file);
}

std::string read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string exprs(const model::Model& m, const std::vector<model::Expr>& es) {
  std::string out;
  for (const auto& e : es) out += expression_text(m, e) + ";";
  return out;
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& s : v) out += s + "|";
  return out;
}

// Everything a checked model says, without positions: equal fingerprints are
// the same policy.
std::string fingerprint(const model::Model& m) {
  std::ostringstream o;
  o << m.policy << ' ' << m.version << ' ' << m.effective << ' ' << m.amends << ' ' << joined(m.sources) << '\n';
  for (const auto& e : m.enums) {
    o << "enum " << e.name << ' ' << e.label;
    for (const auto& v : e.values) o << ' ' << v.name << '=' << v.label;
    o << '\n';
  }
  for (const auto& r : m.regions) {
    o << "region " << r.name << ' ' << r.label;
    for (int d : r.districts) o << ' ' << m.districts[static_cast<size_t>(d)].name;
    o << '\n';
  }
  for (const auto& in : m.inputs)
    o << "input " << in.name << ' ' << in.label << ' ' << type_name(m, in.type) << ' ' << in.per << ' '
      << (in.default_value ? expression_text(m, *in.default_value) : "-") << ' '
      << (in.at_least ? in.at_least->to_string() : "-") << ' ' << (in.at_most ? in.at_most->to_string() : "-") << '\n';
  for (const auto& t : m.tables) {
    o << "table " << t.name << ' ' << t.label << ' ' << type_name(m, t.type) << ' ' << t.per << ' '
      << joined(t.sources);
    for (const auto& k : t.keys) o << ' ' << k.name;
    for (const auto& c : t.cells) o << ' ' << (c ? c->to_string() : "n/a");
    o << '\n';
  }
  for (const auto& r : m.rules)
    o << "rule " << r.name << ' ' << r.label << ' ' << type_name(m, r.type) << " = "
      << expression_text(m, r.body) << ' ' << joined(r.sources) << '\n';
  for (const auto& out : m.outputs)
    o << "output " << out.name << ' ' << out.label << ' ' << out.rule << ' ' << out.scale << '\n';
  for (const auto& i : m.invariants)
    o << "require " << i.label << ' ' << expression_text(m, i.condition) << ' ' << i.from.value_or(0) << ' '
      << i.until.value_or(0) << ' ' << joined(i.sources) << '\n';
  for (const auto& x : m.indices) {
    o << "index " << x.name << ' ' << x.label << ' ' << joined(x.sources);
    for (const auto& f : x.factors)
      o << ' ' << f.name << ' ' << f.label << ' ' << (f.weight ? f.weight->to_string() : "-") << ' '
        << (f.cap ? f.cap->to_string() : "-");
    o << '\n';
  }
  for (const auto& b : m.bands) o << "bands " << b.name << ' ' << b.label << ' ' << b.bands.size() << '\n';
  for (const auto& l : m.member_lists) o << "members " << l.name << ' ' << expression_text(m, l.condition) << '\n';
  for (const auto& mo : m.member_outputs)
    o << "output per " << mo.list << ' ' << mo.name << ' ' << expression_text(m, mo.value) << '\n';
  return o.str();
}

// A policy path's versions, or its errors without their positions (nor the
// directory, which differs between the original and the formatted copy).
std::string meaning(const std::string& path) {
  try {
    std::string out;
    for (const auto& m : load_policy(path).versions) out += fingerprint(m) + "----\n";
    return out;
  } catch (const PolicyError& e) {
    std::string out = "does not check:\n";
    std::string dir = (fs::is_directory(path) ? fs::path(path) : fs::path(path).parent_path()).string();
    for (const auto& d : e.diagnostics) {
      std::string m = d.message;
      for (size_t at; (at = m.find(dir)) != std::string::npos;) m.replace(at, dir.size(), "<dir>");
      out += std::regex_replace(m, std::regex(":[0-9]+:[0-9]+"), ":L:C") + "\n";
    }
    return out;
  }
}

// Formats every .doudi file of `dir` (or the file) into a copy and checks
// that formatting again changes nothing and the copy means the same.
void check_round_trip(const fs::path& source, const fs::path& scratch) {
  fs::remove_all(scratch);
  fs::create_directories(scratch);
  bool directory = fs::is_directory(source);
  fs::path copy = directory ? scratch : scratch / source.filename();
  if (directory) {
    fs::copy(source, scratch, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
  } else {
    fs::copy_file(source, copy, fs::copy_options::overwrite_existing);
  }
  std::vector<fs::path> files;
  if (directory) {
    for (const auto& e : fs::directory_iterator(scratch))
      if (e.path().extension() == ".doudi") files.push_back(e.path());
  } else {
    files.push_back(copy);
  }
  for (const auto& f : files) {
    INFO("file: " << f.string());
    std::string once = format_text(read(f), f.string());
    std::string twice = format_text(once, f.string());
    CHECK(once == twice);
    std::ofstream(f, std::ios::binary | std::ios::trunc) << once;
  }
  INFO("policy: " << source.string());
  CHECK(meaning(copy.string()) == meaning(source.string()));
}

fs::path scratch_dir(const std::string& name) {
  return fs::temp_directory_path() / ("doudi_format_test_" + std::to_string(::getpid()) + "_" + name);
}

}  // namespace

TEST_CASE("fmt is idempotent and keeps the meaning of every shipped policy and reform") {
  // every directory of versions under policies/, and every reform file
  std::vector<fs::path> policies;
  for (const auto& e : fs::recursive_directory_iterator(test::source_path("policies"))) {
    if (e.path().extension() != ".doudi") continue;
    if (std::find(policies.begin(), policies.end(), e.path().parent_path()) == policies.end())
      policies.push_back(e.path().parent_path());
  }
  for (const auto& e : fs::directory_iterator(test::source_path("examples/reforms")))
    if (e.path().extension() == ".doudi") policies.push_back(e.path());
  CHECK(policies.size() >= 7);
  int n = 0;
  // A policy's copy keeps its place under policies/, beside a copy of the
  // province it may be `bound by`.
  fs::path root = test::source_path("policies");
  for (const auto& p : policies) {
    fs::path base = scratch_dir(std::to_string(n++));
    bool shipped = p.string().rfind(root.string(), 0) == 0;
    fs::create_directories(base);
    if (shipped) fs::copy(root / "shandong", base / "shandong", fs::copy_options::recursive);
    check_round_trip(p, shipped ? base / fs::relative(p, root) : base);
    fs::remove_all(base);
  }
}

TEST_CASE("fmt is idempotent and keeps the meaning of every fuzz corpus policy") {
  int n = 0, formatted = 0;
  for (const auto& e : fs::directory_iterator(test::source_path("tests/fuzz/corpus/policy"))) {
    auto file = read_source_file(e.path().string());
    try {
      parse_policy(file);
    } catch (const PolicyError&) {
      CHECK_THROWS_AS(format_policy(file), PolicyError);  // reported, never formatted
      continue;
    }
    check_round_trip(e.path(), scratch_dir("fuzz" + std::to_string(n++)));
    ++formatted;
  }
  CHECK(formatted >= 5);
}

TEST_CASE("fmt aligns a table's columns counting a Chinese character as two columns") {
  std::string text = test::with_header(
      "region 一类地区 = {任城区}\nregion 二类 = {泗水县}\nenum hukou = {urban, rural}\n"
      "table t \"低保标准\" : money per person per month by region, hukou\n"
      "source \"…\"\n"
      "   urban rural\n"
      "一类地区 630 475\n"
      "  二类     590   445.5\n");
  std::string out = format_text(text);
  CHECK(out.find("table t \"低保标准\" : money per person per month by region, hukou\n"
                 "source \"…\"\n"
                 "            urban  rural\n"
                 "  一类地区    630    475\n"
                 "  二类        590  445.5\n") != std::string::npos);
}

TEST_CASE("fmt lays out a table by one key as pairs and keeps n/a and signs") {
  std::string out = format_text(test::with_header(
      "enum k = {a, bb, c}\ntable t : money by k\n  a   n/a bb -5\n  c 10     a 3\n"));
  CHECK(out.find("\n  a n/a   bb -5\n  c  10   a   3\n") != std::string::npos);
}

TEST_CASE("fmt spaces operators and keeps comments and sources where they are") {
  std::string text =
      "# heading comment\npolicy p.q\nversion 2020.07\neffective   2020-01-01\n"
      "household {\n  members:integer \"家庭人口\" at least 1 # how many\n  income : money per month=0\n}\n"
      "rule a \"甲\"=round( income/members ,0.01,half_up)   # per person\n"
      "source \"a source\"\n"
      "\n\n\n# about b\nrule b = if not(a>1) then -a*2 else max(0,a - -1)\n"
      "rule c = dibao_standard [ x ]\n";
  std::string out;
  try {
    out = format_text(text);
  } catch (const PolicyError&) {
    // the `c` rule does not check, but it parses: formatting needs only parsing
  }
  CHECK(out ==
        "# heading comment\npolicy p.q\nversion 2020.07\neffective 2020-01-01\n\n"
        "household {\n  members : integer         \"家庭人口\" at least 1  # how many\n"
        "  income  : money per month = 0\n}\n\n"
        "rule a \"甲\" = round(income / members, 0.01, half_up)  # per person\n"
        "source \"a source\"\n"
        "\n# about b\nrule b = if not (a > 1) then -a * 2 else max(0, a - -1)\n"
        "rule c = dibao_standard[x]\n");
}

TEST_CASE("fmt puts a declaration that shares a line on its own line and aligns index weights") {
  std::string out = format_text(
      "policy p version 1 effective 2020-01-01\nhousehold { n : integer }\n"
      "index s \"指数\"\n  factor a \"老人\" = n weight 8 cap 16\n  factor bb = n * 2 cap 30\n"
      "  factor c = n weight -10\n  limit 100\n");
  CHECK(out ==
        "policy p\nversion 1\neffective 2020-01-01\n\nhousehold {n : integer}\n\n"
        "index s \"指数\"\n"
        "  factor a \"老人\" = n weight 8   cap 16\n"
        "  factor bb = n * 2              cap 30\n"
        "  factor c = n        weight -10\n"
        "  limit 100\n");
}

TEST_CASE("fmt reports a file that does not parse and formats nothing") {
  CHECK_THROWS_AS(format_text("policy p\nversion 1\neffective 2020-01-01\nrule a = (1 +\n"), PolicyError);
}
