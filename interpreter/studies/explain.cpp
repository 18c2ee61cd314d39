// Rendering a trace as text or JSON (see explain.h).
#include "interpreter/studies/explain.h"

#include <functional>
#include <optional>
#include <set>

#include <fmt/format.h>

#include "base/date.h"
#include "dsl/printer.h"
#include "dsl/version_compare.h"
#include "interpreter/formats/results.h"
#include "interpreter/formats/value.h"

namespace doudi {
namespace {

// A rule's value for people: at its scale when it has one, else exact.
std::string rule_value_text(const model::Model& m, const model::Rule& r, const Exact& v) {
  if (r.type.is_numeric()) {
    int scale = r.type.kind == model::TypeKind::money ? std::max(2, r.type.scale) : r.type.scale;
    if (scale >= 0 && v.fits_scale(scale)) return *v.to_fixed(scale);
    return approximate_text(v);
  }
  return value_text(m, r.type, v);
}

std::string named(const std::string& label, const std::string& name) {
  return label.empty() ? name : label + " " + name;
}

// "output standard" rules are outputs' own values: show them by the output's name.
std::string rule_name(const model::Rule& r) {
  return r.name.rfind("output ", 0) == 0 ? r.name.substr(7) : r.name;
}

std::string input_value_text(const model::Model& m, const TraceInput& in) {
  const auto& decl = m.inputs[static_cast<size_t>(in.input)];
  if (decl.type.is_numeric() && in.value.fits_scale(decl.type.scale)) return *in.value.to_fixed(decl.type.scale);
  return value_text(m, decl.type, in.value);
}

// A rounded value at the unit's digits: 300 rounded to 0.01 reads 300.00.
std::string rounded_text(const TraceRounding& rd) {
  int scale = 0;
  while (scale < 18 && !rd.unit.fits_scale(scale)) ++scale;
  return rd.after.to_fixed(scale).value_or(rd.after.to_string());
}

bool reads_date(const model::Expr& e) {
  if (e.op == model::Op::evaluation_date) return true;
  for (const auto& a : e.args)
    if (reads_date(a)) return true;
  return false;
}

class TextExplainer {
 public:
  TextExplainer(const model::Model& m, const Trace& t) : m_(m), t_(t) {}
  std::string date;  // the evaluation date, shown where a rule reads it
  const Household* household = nullptr;  // for its members' facts (classified add-ons)

  void rule(int index, int depth) {
    const auto& r = m_.rules[static_cast<size_t>(index)];
    const auto& tr = t_.rules[static_cast<size_t>(index)];
    std::string pad(static_cast<size_t>(depth) * 2, ' ');
    if (!tr) return;
    std::string value = rule_value_text(m_, r, tr->value);
    if (!shown_.insert(index).second) {
      line(pad, fmt::format("{} = {} (as above)", named(r.label, rule_name(r)), value));
      return;
    }
    line(pad, fmt::format("{} = {}    [{}]", named(r.label, rule_name(r)), value, r.position.to_string()));
    if (const model::Index* x = index_of(index_rule_kind::score, index)) {
      index_table(*x, pad + "  ", depth);
      return;
    }
    if (const model::Bands* bands = bands_of(index)) band_line(*bands, *tr, pad + "  ");
    const model::Classified* classified = classified_of(index);
    if (!classified) line(pad + "  ", "= " + expression_text(m_, r.body));
    for (const auto& s : r.sources) line(pad + "  ", "source: " + s);
    if (!classified || !classified_lines(*classified, *tr, pad + "  ")) {
      for (const auto& b : tr->branches) {
        line(pad + "  ", fmt::format("the condition at {} {}: '{}' applies", b.position.to_string(),
                                     b.then_taken ? "holds" : "does not hold", b.then_taken ? "then" : "else"));
      }
    }
    if (reads_date(r.body)) line(pad + "  ", "evaluation_date = " + date + " (the date of evaluation, --date)");
    for (const auto& in : tr->inputs) {
      const auto& decl = m_.inputs[static_cast<size_t>(in.input)];
      line(pad + "  ", fmt::format("{} = {} ({})", named(decl.label, decl.name), input_value_text(m_, in),
                                   in.defaulted ? "not given: the default" : "household input"));
    }
    for (const auto& l : tr->lookups) lookup(l, pad + "  ");
    for (const auto& s : tr->series) {
      const auto& series = m_.series[static_cast<size_t>(s.series)];
      line(pad + "  ", fmt::format("{} for {} = {}", named(series.label, series.name), s.year, s.value.to_string()));
      for (const auto& src : series.sources) line(pad + "    ", "source: " + src);
    }
    for (const auto& rd : tr->roundings) {
      bool fraction = rd.before.to_string().find('/') != std::string::npos;
      std::string before = fraction && rd.quotient.size() == 2
                               ? operands_text("/", rd.quotient[0], rd.quotient[1], rd.before)
                               : approximate_text(rd.before);
      line(pad + "  ", fmt::format("rounded {} to {} (to {}, {}) at {}", before,
                                   rounded_text(rd), rd.unit.to_string(), rounding_mode_name(rd.mode),
                                   rd.position.to_string()));
    }
    for (const auto& c : tr->clamps) {
      std::string what = c.bound < 0   ? fmt::format("{} is below the low bound {}: raised to {}", approximate_text(c.value),
                                                      approximate_text(c.low), approximate_text(c.low))
                         : c.bound > 0 ? fmt::format("{} is above the high bound {}: cut to {}", approximate_text(c.value),
                                                      approximate_text(c.high), approximate_text(c.high))
                                       : fmt::format("{} is within {} … {}: no bound applies", approximate_text(c.value),
                                                      approximate_text(c.low), approximate_text(c.high));
      line(pad + "  ", fmt::format("clamp at {}: {}", c.position.to_string(), what));
    }
    for (int used : tr->rules) rule(used, depth + 1);
  }

  std::string text;

 private:
  enum class index_rule_kind { score };

  const model::Index* index_of(index_rule_kind, int rule) const {
    for (const auto& x : m_.indices)
      if (x.score_rule == rule) return &x;
    return nullptr;
  }

  const model::Bands* bands_of(int rule) const {
    for (const auto& b : m_.bands)
      if (b.rule == rule) return &b;
    return nullptr;
  }

  const model::Classified* classified_of(int rule) const {
    for (const auto& c : m_.classified)
      if (c.rule == rule) return &c;
    return nullptr;
  }

  // A classified add-on: its groups, then per member the groups it is in,
  // read from the tests of the groups (branches at the add-on's position,
  // in group order for each member; with `first`, up to the group that
  // applies). False, having written nothing, when the branches do not read so.
  bool classified_lines(const model::Classified& c, const RuleTrace& tr, const std::string& pad) {
    std::vector<bool> tests;
    for (const auto& b : tr.branches)
      if (b.position.line == c.position.line && b.position.column == c.position.column) tests.push_back(b.then_taken);
    std::vector<std::vector<size_t>> members;  // the groups each member is in
    bool first = c.counting == "first";
    for (size_t i = 0; i < tests.size();) {
      std::vector<size_t> in;
      size_t g = 0;
      for (; g < c.groups.size() && i < tests.size(); ++g, ++i) {
        if (!tests[i]) continue;
        in.push_back(g);
        if (first) {
          ++i;
          break;
        }
      }
      if (!first && g < c.groups.size()) return false;  // a member with fewer tests than groups
      members.push_back(std::move(in));
    }
    const char* how = c.counting == "highest" ? "a member in several groups gets the largest add-on"
                      : first                  ? "a member gets the add-on of the first group listed that it is in"
                                               : "a member gets the add-on of every group it is in";
    line(pad, fmt::format("classified by group, counting {} ({}); summed over the members:", c.counting, how));
    for (const auto& g : c.groups)
      line(pad + "  ", fmt::format("group {}: {} gives {}", named(g.label, g.name), expression_text(m_, g.condition),
                                   expression_text(m_, g.amount)));
    for (size_t k = 0; k < members.size(); ++k) {
      std::vector<std::string> names;
      for (size_t g : members[k]) names.push_back(named(c.groups[g].label, c.groups[g].name));
      std::string facts = household && k < household->members.size() ? member_facts(c, household->members[k]) : "";
      line(pad, fmt::format("member {}{}: {}", k + 1, facts.empty() ? "" : " (" + facts + ")",
                            names.empty() ? "in no group: 0" : "in " + fmt::format("{}", fmt::join(names, ", "))));
    }
    return true;
  }

  // What the groups' conditions read of one member, so the explanation says
  // why it is in its groups: "age 75 on 2020-08-01, 残疾等级 disability =
  // grade1". Member inputs in the order the conditions read them; an age
  // computed from a birth date is shown with the date it is taken on.
  std::string member_facts(const model::Classified& c, const std::vector<std::optional<Exact>>& member) const {
    std::vector<std::string> facts;
    std::set<int> seen;
    std::function<void(const model::Expr&)> walk = [&](const model::Expr& e) {
      if (e.op == model::Op::age && e.args.size() == 2 && e.args[0].op == model::Op::member_input &&
          e.args[1].op == model::Op::evaluation_date && !date.empty()) {
        const auto& born = member[static_cast<size_t>(e.args[0].slot)];
        auto on = parse_date(date);
        if (born && on && seen.insert(-1 - e.args[0].slot).second) {
          auto from = static_cast<int>(born->to_int64().value_or(0));
          if (from <= *on) facts.push_back(fmt::format("age {} on {}", whole_years(from, *on), date));
        }
      }
      if (e.op == model::Op::member_input && seen.insert(e.slot).second) {
        const auto& in = m_.inputs[static_cast<size_t>(e.slot)];
        const auto& v = member[static_cast<size_t>(e.slot)];
        std::string value = v                  ? format_value(m_, in.type, *v, in.type.scale)
                            : in.default_value ? expression_text(m_, *in.default_value) + " (the default)"
                                               : "not given";
        facts.push_back(fmt::format("{} = {}", named(in.label, in.name), value));
      }
      for (const auto& a : e.args) walk(a);
    };
    for (const auto& g : c.groups) walk(g.condition);
    return fmt::format("{}", fmt::join(facts, ", "));
  }

  std::optional<Exact> value_of(int rule) const {
    const auto& tr = t_.rules[static_cast<size_t>(rule)];
    return tr ? std::optional<Exact>(tr->value) : std::nullopt;
  }

  // The index as a table of factors: value, weight, points, and whether a
  // cap bit; then the total, the limit and the rounding. Every factor shows,
  // those that contribute nothing with zero points.
  void index_table(const model::Index& x, const std::string& pad, int depth) {
    for (const auto& s : x.sources) line(pad, "source: " + s);
    line(pad, "factor | value | weight | points | cap");
    std::vector<int> derived;
    for (const auto& f : x.factors) {
      auto value = value_of(f.value_rule);
      auto points = value_of(f.points_rule);
      std::string cap = "—";
      if (f.cap) {
        const auto& vtype = m_.rules[static_cast<size_t>(f.value_rule)].type;
        Exact uncapped = vtype.kind == model::TypeKind::boolean
                             ? (value && !value->is_zero() ? f.weight.value_or(Exact::from_int(1)) : Exact::from_int(0))
                             : (value ? *value * f.weight.value_or(Exact::from_int(1)) : Exact::from_int(0));
        bool bit = value && uncapped > *f.cap;
        cap = f.cap->to_string() + (bit ? " (reached: points capped)" : "");
      }
      line(pad, fmt::format("{} | {} | {} | {} | {}", named(f.label, f.name),
                            value ? (m_.rules[static_cast<size_t>(f.value_rule)].type.is_numeric()
                                         ? approximate_text(*value)
                                         : value_text(m_, m_.rules[static_cast<size_t>(f.value_rule)].type, *value))
                                  : "?",
                            f.weight.value_or(Exact::from_int(1)).to_string(),
                            points ? approximate_text(*points) : "?", cap));
      const auto& vt = t_.rules[static_cast<size_t>(f.value_rule)];
      if (vt) derived.push_back(f.value_rule);
    }
    auto total = value_of(x.total_rule);
    std::string summary = "total " + (total ? approximate_text(*total) : std::string("?"));
    if (x.limit && total) {
      summary += *total > *x.limit ? fmt::format(", above the limit {}: {}", x.limit->to_string(), x.limit->to_string())
                                   : fmt::format(" (limit {} not reached)", x.limit->to_string());
    }
    const auto& score = t_.rules[static_cast<size_t>(x.score_rule)];
    if (x.round_unit && score && !score->roundings.empty()) {
      const auto& rd = score->roundings.front();
      summary += fmt::format(", rounded to {} ({}, {})", rounded_text(rd), rd.unit.to_string(), rounding_mode_name(rd.mode));
    }
    line(pad, summary);
    // How each factor's value was reached, where it took more than an input.
    for (int rule : derived) {
      const auto& vt = *t_.rules[static_cast<size_t>(rule)];
      for (const auto& in : vt.inputs) {
        const auto& decl = m_.inputs[static_cast<size_t>(in.input)];
        line(pad, fmt::format("{} = {} ({})", named(decl.label, decl.name), input_value_text(m_, in),
                              in.defaulted ? "not given: the default" : "household input"));
      }
      for (const auto& l : vt.lookups) lookup(l, pad);
      for (int used : vt.rules) this->rule(used, depth + 1);
    }
  }

  // Which band held the score.
  void band_line(const model::Bands& b, const RuleTrace& tr, const std::string& pad) {
    int grade = static_cast<int>(tr.value.to_int64().value_or(-1));
    const auto& e = m_.enums[static_cast<size_t>(b.enumeration)];
    for (const auto& band : b.bands) {
      if (band.value != grade) continue;
      std::vector<std::string> bounds;
      if (band.low) bounds.push_back((band.low_inclusive ? ">= " : "> ") + band.low->to_string());
      if (band.high) bounds.push_back((band.high_inclusive ? "<= " : "< ") + band.high->to_string());
      std::string score = b.score_rule >= 0 && value_of(b.score_rule)
                              ? " " + rule_value_text(m_, m_.rules[static_cast<size_t>(b.score_rule)], *value_of(b.score_rule))
                              : std::string();
      line(pad, fmt::format("band: score{} is {} → {}", score, fmt::join(bounds, " and "),
                            named(e.values[static_cast<size_t>(band.value)].label, e.values[static_cast<size_t>(band.value)].name)));
    }
  }

  void line(const std::string& pad, const std::string& s) { text += pad + s + "\n"; }

  void lookup(const TraceLookup& l, const std::string& pad) {
    const auto& t = m_.tables[static_cast<size_t>(l.table)];
    std::string where;
    if (l.district >= 0) {
      const auto& d = m_.districts[static_cast<size_t>(l.district)];
      where = fmt::format(", {} being in {}", d.name, m_.regions[static_cast<size_t>(d.region)].name);
    }
    std::string name = t.name.rfind("previous ", 0) == 0 ? "previous(" + t.name.substr(9) + ")" : t.name;
    line(pad, fmt::format("{}{} = {}{}    [{}]", named(t.label, name), cell_name(m_, t, l.cell),
                          l.value ? l.value->to_string() : "n/a", where,
                          t.cell_positions[l.cell].to_string()));
    for (const auto& s : t.sources) line(pad + "  ", "source: " + s);
  }

  const model::Model& m_;
  const Trace& t_;
  std::set<int> shown_;
};

class JsonExplainer {
 public:
  JsonExplainer(const model::Model& m, const Trace& t) : m_(m), t_(t) {}

  std::string rule(int index) {
    const auto& r = m_.rules[static_cast<size_t>(index)];
    const auto& tr = *t_.rules[static_cast<size_t>(index)];
    std::vector<std::string> fields{
        kv("rule", rule_name(r)), kv("label", r.label), kv("value", rule_value_text(m_, r, tr.value)),
        kv("exact", tr.value.to_string()), kv("expression", expression_text(m_, r.body)),
        kv("at", r.position.to_string()), "\"sources\": " + strings(r.sources)};
    if (!shown_.insert(index).second) return repeated(std::move(fields));
    std::vector<std::string> items;
    for (const auto& in : tr.inputs) {
      const auto& decl = m_.inputs[static_cast<size_t>(in.input)];
      items.push_back(object({kv("name", decl.name), kv("label", decl.label),
                              kv("value", input_value_text(m_, in)),
                              std::string("\"default\": ") + (in.defaulted ? "true" : "false")}));
    }
    fields.push_back("\"inputs\": " + array(items));
    items.clear();
    for (const auto& l : tr.lookups) {
      const auto& t = m_.tables[static_cast<size_t>(l.table)];
      std::vector<std::string> f{kv("table", t.name), kv("label", t.label), kv("cell", cell_name(m_, t, l.cell)),
                                 kv("value", l.value ? l.value->to_string() : "n/a"),
                                 kv("at", t.cell_positions[l.cell].to_string()), "\"sources\": " + strings(t.sources)};
      if (l.district >= 0) {
        const auto& d = m_.districts[static_cast<size_t>(l.district)];
        f.push_back(kv("district", d.name));
        f.push_back(kv("region", m_.regions[static_cast<size_t>(d.region)].name));
      }
      items.push_back(object(f));
    }
    fields.push_back("\"lookups\": " + array(items));
    items.clear();
    for (const auto& s : tr.series) {
      const auto& series = m_.series[static_cast<size_t>(s.series)];
      items.push_back(object({kv("series", series.name), "\"year\": " + std::to_string(s.year),
                              kv("value", s.value.to_string()), "\"sources\": " + strings(series.sources)}));
    }
    fields.push_back("\"series\": " + array(items));
    items.clear();
    for (const auto& rd : tr.roundings) {
      items.push_back(object({kv("before", rd.before.to_string()), kv("after", rounded_text(rd)),
                              kv("unit", rd.unit.to_string()), kv("mode", rounding_mode_name(rd.mode)),
                              kv("at", rd.position.to_string())}));
    }
    fields.push_back("\"roundings\": " + array(items));
    items.clear();
    for (const auto& b : tr.branches) {
      items.push_back(object({kv("at", b.position.to_string()), kv("taken", b.then_taken ? "then" : "else")}));
    }
    fields.push_back("\"branches\": " + array(items));
    items.clear();
    for (const auto& c : tr.clamps) {
      items.push_back(object({kv("at", c.position.to_string()), kv("value", c.value.to_string()),
                              kv("low", c.low.to_string()), kv("high", c.high.to_string()),
                              kv("bound", c.bound < 0 ? "low" : c.bound > 0 ? "high" : "none")}));
    }
    if (!items.empty()) fields.push_back("\"clamps\": " + array(items));
    items.clear();
    for (int used : tr.rules)
      if (t_.rules[static_cast<size_t>(used)]) items.push_back(rule(used));
    fields.push_back("\"uses\": " + array(items));
    return object(fields);
  }

  // A rule already derived earlier in this explanation (a rule used by several
  // others): its value and where it is written, its derivation not repeated, as
  // the text's "(as above)". Without this a rule DAG (r3 = max(r2, r1), …)
  // would be written out exponentially many times.
  static std::string repeated(std::vector<std::string> fields) {
    for (const char* empty : {"inputs", "lookups", "series", "roundings", "branches", "uses"})
      fields.push_back(fmt::format("\"{}\": []", empty));
    fields.push_back("\"as_above\": true");
    return object(fields);
  }

  static std::string kv(const std::string& k, const std::string& v) { return json_string(k) + ": " + json_string(v); }
  static std::string object(const std::vector<std::string>& fields) { return "{" + fmt::format("{}", fmt::join(fields, ", ")) + "}"; }
  static std::string array(const std::vector<std::string>& items) { return "[" + fmt::format("{}", fmt::join(items, ", ")) + "]"; }
  static std::string strings(const std::vector<std::string>& s) {
    std::vector<std::string> quoted;
    for (const auto& x : s) quoted.push_back(json_string(x));
    return array(quoted);
  }

 private:
  const model::Model& m_;
  const Trace& t_;
  std::set<int> shown_;  // rules derived in full already
};

bool wanted(const ExplainRequest& request, const model::Output& o) {
  return !request.output || *request.output == o.name;
}


}  // namespace

std::string explain_text(const model::Model& m, const Household& h, const Trace& trace,
                         const std::vector<Exact>& outputs, const ExplainRequest& request) {
  TextExplainer ex(m, trace);
  ex.date = request.date;
  ex.household = &h;
  ex.text = fmt::format("household {} ({})\npolicy {} version {} (effective {}), on {}\n", h.id,
                        describe(h), m.policy, m.version, m.effective_text, request.date);
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (!wanted(request, o)) continue;
    if (const auto* na = find_not_applicable(request.not_applicable, i, false)) {
      ex.text += fmt::format("\n{} = n/a\n  no figure: {}\n", named(o.label, o.name), na->reason);
      continue;
    }
    ex.text += fmt::format("\n{} = {}\n", named(o.label, o.name), format_value(m, o.type, outputs[i], o.scale));
    ex.rule(o.rule, 1);
  }
  if (request.member_values) {
    for (size_t i = 0; i < m.member_outputs.size() && i < request.member_values->size(); ++i) {
      const auto& o = m.member_outputs[i];
      if (request.output && *request.output != o.name) continue;
      std::string list = o.list < 0 ? "every member" : "members in " + m.member_lists[static_cast<size_t>(o.list)].name;
      ex.text += fmt::format("\n{} per member ({}):    [{}]\n", named(o.label, o.name), list, o.position.to_string());
      ex.text += "  = " + expression_text(m, o.value) + "\n";
      if (const auto* na = find_not_applicable(request.not_applicable, i, true)) {
        ex.text += "  n/a, no figure: " + na->reason + "\n";
        continue;
      }
      if ((*request.member_values)[i].empty()) ex.text += "  no member listed\n";
      for (const auto& v : (*request.member_values)[i]) {
        ex.text += fmt::format("  member {} = {}\n", v.member + 1, format_value(m, o.type, v.value, o.scale));
      }
    }
  }
  return ex.text;
}

std::string explain_json(const model::Model& m, const Household& h, const Trace& trace,
                         const std::vector<Exact>& outputs, const ExplainRequest& request) {
  JsonExplainer ex(m, trace);
  std::vector<std::string> items;
  for (size_t i = 0; i < m.outputs.size(); ++i) {
    const auto& o = m.outputs[i];
    if (!wanted(request, o)) continue;
    if (const auto* na = find_not_applicable(request.not_applicable, i, false)) {
      items.push_back(JsonExplainer::object({JsonExplainer::kv("name", o.name), JsonExplainer::kv("label", o.label),
                                             JsonExplainer::kv("value", "n/a"),
                                             JsonExplainer::kv("not_applicable", na->reason)}));
      continue;
    }
    items.push_back(JsonExplainer::object({JsonExplainer::kv("name", o.name), JsonExplainer::kv("label", o.label),
                                           JsonExplainer::kv("value", format_value(m, o.type, outputs[i], o.scale)),
                                           "\"derivation\": " + ex.rule(o.rule)}));
  }
  std::vector<std::string> fields{JsonExplainer::kv("household", h.id), JsonExplainer::kv("policy", m.policy),
                                  JsonExplainer::kv("version", m.version), JsonExplainer::kv("date", request.date),
                                  "\"outputs\": " + JsonExplainer::array(items)};
  if (request.member_values && !m.member_outputs.empty()) {
    std::vector<std::string> per;
    for (size_t i = 0; i < m.member_outputs.size() && i < request.member_values->size(); ++i) {
      const auto& o = m.member_outputs[i];
      if (request.output && *request.output != o.name) continue;
      std::vector<std::string> values;
      const auto* na = find_not_applicable(request.not_applicable, i, true);
      for (const auto& v : (*request.member_values)[i]) {
        values.push_back(JsonExplainer::object({"\"member\": " + std::to_string(v.member + 1),
                                                JsonExplainer::kv("value", format_value(m, o.type, v.value, o.scale))}));
      }
      std::vector<std::string> entry{JsonExplainer::kv("name", o.name), JsonExplainer::kv("label", o.label),
                                     JsonExplainer::kv("expression", expression_text(m, o.value)),
                                     "\"members\": " + JsonExplainer::array(values)};
      if (na) entry.push_back(JsonExplainer::kv("not_applicable", na->reason));
      per.push_back(JsonExplainer::object(entry));
    }
    fields.push_back("\"member_outputs\": " + JsonExplainer::array(per));
  }
  return JsonExplainer::object(fields);
}

}  // namespace doudi
