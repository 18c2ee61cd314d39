// What-if runs and back pay (see whatif.h).
#include "interpreter/whatif.h"

#include <algorithm>
#include <deque>
#include <filesystem>
#include <sstream>
#include <future>
#include <set>

#include <fmt/format.h>

#include "dsl/checker.h"
#include "dsl/date.h"
#include "dsl/parser.h"
#include "dsl/versions.h"
#include "interpreter/evaluator.h"
#include "interpreter/csv_batch.h"
#include "interpreter/fast_eval.h"
#include "interpreter/results.h"
#include "interpreter/value.h"

namespace doudi {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return std::string(s);
}

// Digits after the decimal point as written ("660.50" -> 2).
int written_digits(const std::string& text) {
  size_t dot = text.find('.');
  return dot == std::string::npos ? 0 : static_cast<int>(text.size() - dot - 1);
}

std::string key_values(const model::Model& m, const model::TableKey& k) {
  std::vector<std::string> names;
  for (int code = 0; code < k.size; ++code) {
    if (k.kind == model::TypeKind::region) names.push_back(m.regions[static_cast<size_t>(code)].name);
    else if (k.kind == model::TypeKind::district) names.push_back(m.districts[static_cast<size_t>(code)].name);
    else names.push_back(m.enums[static_cast<size_t>(k.enumeration)].values[static_cast<size_t>(code)].name);
  }
  return fmt::format("{}", fmt::join(names, ", "));
}

// "keyed by region (一类地区, 二类地区), hukou (urban, rural)".
std::string keys_text(const model::Model& m, const model::Table& t) {
  if (t.keys.empty()) return "without keys";
  std::vector<std::string> parts;
  for (const auto& k : t.keys) parts.push_back(fmt::format("{} ({})", k.name, key_values(m, k)));
  return "keyed by " + fmt::format("{}", fmt::join(parts, ", "));
}

std::string type_word(model::TypeKind k) {
  switch (k) {
    case model::TypeKind::money: return "money";
    case model::TypeKind::integer: return "integer";
    default: return "decimal";
  }
}

// Checks that `value` can stand in a table or rule of type `type`; returns
// the reason when it cannot.
std::optional<std::string> value_misfit(const model::Type& type, int declared_scale,
                                        const std::string& value) {
  auto v = Exact::parse(value);
  if (!v) return fmt::format("'{}' is not a number (write digits with an optional '.', e.g. 660 or 0.3)", value);
  int digits = written_digits(value);
  if (type.kind == model::TypeKind::integer && digits > 0)
    return fmt::format("'{}': this holds integers, write a whole number", value);
  if (type.kind == model::TypeKind::money && digits > 2)
    return fmt::format("'{}': money has at most 2 digits after the point (fen)", value);
  if (declared_scale >= 0 && digits > declared_scale)
    return fmt::format("'{}': this holds decimal({}), at most {} digits after the point", value,
                       declared_scale, declared_scale);
  return std::nullopt;
}

// The series data files of `f`, read as the loader reads them; problems
// were already reported when the policy was loaded.
std::map<std::string, std::shared_ptr<const SourceFile>> series_files(const syntax::PolicyFile& f) {
  std::vector<Diagnostic> reported;
  return read_series_data_files(f, reported);
}

size_t version_index(const PolicySet& set, const model::Model& base) {
  for (size_t i = 0; i < set.versions.size(); ++i)
    if (&set.versions[i] == &base) return i;
  throw WhatIfError("the base of a what-if is not a version of the policy");
}

}  // namespace

// ---- the alternative ---------------------------------------------------------

Setting parse_setting(const std::string& text) {
  size_t eq = text.rfind('=');
  if (eq == std::string::npos)
    throw WhatIfError(fmt::format("--set '{}': write NAME=VALUE, e.g. --set 'dibao_standard[一类地区, urban]=660'", text));
  Setting s{trim(std::string_view(text).substr(0, eq)), trim(std::string_view(text).substr(eq + 1))};
  if (s.target.empty() || s.value.empty())
    throw WhatIfError(fmt::format("--set '{}': write NAME=VALUE, e.g. --set 'dibao_standard[一类地区, urban]=660'", text));
  return s;
}

const model::Model& find_version(const PolicySet& set, const std::string& version) {
  for (const auto& m : set.versions)
    if (m.version == version) return m;
  std::vector<std::string> names;
  for (const auto& m : set.versions) names.push_back(m.version);
  throw WhatIfError(fmt::format("no version '{}' (versions: {})", version, fmt::join(names, ", ")));
}

model::Model apply_settings(const PolicySet& set, const model::Model& base,
                            const std::vector<Setting>& settings) {
  size_t index = version_index(set, base);
  if (index >= set.merged.size() || !set.merged[index])
    throw WhatIfError("the policy's merged syntax is not available for a what-if");
  syntax::PolicyFile f = *set.merged[index];
  // The settings as a source file of their own, so a message can point at one.
  auto file = std::make_shared<SourceFile>();
  file->path = "--set";
  for (const auto& s : settings) file->text += s.target + " = " + s.value + "\n";
  Evaluator constants(base);
  for (size_t i = 0; i < settings.size(); ++i) {
    const Setting& s = settings[i];
    Position at;
    at.file = file;
    at.line = static_cast<int>(i) + 1;
    at.column = 1;
    at.length = static_cast<int>(s.target.size());
    std::string where = fmt::format("--set {}={}", s.target, s.value);
    std::string name = trim(std::string_view(s.target).substr(0, s.target.find('[')));
    int table = -1;
    std::optional<size_t> cell;
    std::string why;
    if (base.find_table(name) >= 0) {
      const auto& t = base.tables[static_cast<size_t>(base.find_table(name))];
      if (!parse_cell_reference(base, s.target, table, cell, why)) {
        throw WhatIfError(fmt::format("{}: table '{}': {} (the table is {})", where, name, why,
                                      keys_text(base, t)));
      }
      if (!cell && !t.keys.empty()) {
        throw WhatIfError(fmt::format("{}: table '{}' is {}: name one cell, e.g. {}{}", where, name,
                                      keys_text(base, t), name, cell_name(base, t, 0)));
      }
      syntax::CellSet change;
      change.table = {name, at};
      if (cell) {
        std::string keys = cell_name(base, t, *cell);  // "[一类地区, urban]"
        std::string_view inside(keys);
        inside = inside.substr(1, inside.size() - 2);
        while (!inside.empty()) {
          size_t comma = inside.find(", ");
          change.keys.push_back({std::string(inside.substr(0, comma)), at});
          if (comma == std::string_view::npos) break;
          inside.remove_prefix(comma + 2);
        }
      }
      if (s.value == "n/a" || s.value == "—") {
        change.value = {syntax::Cell::Kind::not_applicable, s.value, at};
      } else {
        if (auto misfit = value_misfit(t.type, t.declared_scale, s.value))
          throw WhatIfError(fmt::format("{}: table '{}': {}", where, name, *misfit));
        change.value = {syntax::Cell::Kind::number, s.value, at};
      }
      f.sets.push_back(std::move(change));
      continue;
    }
    int rule = base.find_rule(name);
    if (rule < 0) {
      std::vector<std::string> tables;
      for (const auto& t : base.tables)
        if (t.name.rfind("previous ", 0) != 0) tables.push_back(t.name);
      throw WhatIfError(fmt::format("{}: version {} has no table or rule named '{}' (tables: {})",
                                    where, base.version, name, fmt::join(tables, ", ")));
    }
    const auto& r = base.rules[static_cast<size_t>(rule)];
    if (s.target.find('[') != std::string::npos)
      throw WhatIfError(fmt::format("{}: '{}' is a rule, not a table: write --set {}=VALUE", where, name, name));
    if (!r.type.is_numeric())
      throw WhatIfError(fmt::format("{}: rule '{}' is not a number", where, name));
    if (!constants.constant_rule_value(rule)) {
      throw WhatIfError(fmt::format("{}: rule '{}' reads the household: only table cells and rules "
                                    "that need no household (constants of the standards) can be set",
                                    where, name));
    }
    auto decl = std::find_if(f.rules.begin(), f.rules.end(),
                             [&](const auto& d) { return d.name.text == name; });
    if (decl == f.rules.end()) throw WhatIfError(fmt::format("{}: rule '{}' is not declared", where, name));
    int declared = decl->type ? decl->type->scale : -1;
    if (auto misfit = value_misfit(r.type, declared, s.value))
      throw WhatIfError(fmt::format("{}: rule '{}': {}", where, name, *misfit));
    if (!decl->type) {
      syntax::TypeRef type;
      type.name = {type_word(r.type.kind), at};
      int digits = written_digits(s.value);
      if (r.type.kind == model::TypeKind::decimal && digits > 6) type.scale = digits;
      decl->type = type;
    }
    auto number = std::make_shared<syntax::Expr>();
    number->kind = syntax::ExprKind::number;
    number->position = at;
    number->text = s.value;
    decl->body = number;
  }
  f.version->text += "+set";
  CheckContext context;
  context.previous = index > 0 ? &set.versions[index - 1] : nullptr;
  context.data_files = series_files(f);
  return check_policy(f, context);
}

// ---- how outputs are read ----------------------------------------------------

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

// ---- reading households under several versions ---------------------------

namespace {

bool same_enum(const model::Enumeration& a, const model::Enumeration& b) {
  if (a.values.size() != b.values.size()) return false;
  for (size_t i = 0; i < a.values.size(); ++i)
    if (a.values[i].name != b.values[i].name || a.values[i].label != b.values[i].label) return false;
  return true;
}


}  // namespace

bool same_household_layout(const model::Model& a, const model::Model& b) {
  if (&a == &b) return true;
  if (a.inputs.size() != b.inputs.size() || a.districts.size() != b.districts.size()) return false;
  for (size_t i = 0; i < a.districts.size(); ++i)
    if (a.districts[i].name != b.districts[i].name) return false;
  for (size_t i = 0; i < a.inputs.size(); ++i) {
    const auto& x = a.inputs[i];
    const auto& y = b.inputs[i];
    if (x.name != y.name || x.scope != y.scope || x.type.kind != y.type.kind ||
        x.type.scale != y.type.scale || x.required() != y.required()) {
      return false;
    }
    if (x.type.kind == model::TypeKind::enumeration &&
        !same_enum(a.enums[static_cast<size_t>(x.type.enumeration)],
                   b.enums[static_cast<size_t>(y.type.enumeration)])) {
      return false;
    }
  }
  return true;
}

namespace {

// Reports a household's errors once each; when only some layouts gave one,
// says which versions.
class ErrorReport {
 public:
  ErrorReport(std::ostream& out, const std::vector<std::string>& layout_versions)
      : out_(out), versions_(layout_versions) {}

  void add(size_t layout, const HouseholdError& e) {
    std::string text = e.render();
    for (auto& [t, layouts] : pending_)
      if (t == text) {
        layouts.insert(layout);
        return;
      }
    pending_.push_back({text, {layout}});
  }
  bool empty() const { return pending_.empty(); }
  void flush() {
    for (const auto& [text, layouts] : pending_) {
      out_ << text;
      if (layouts.size() < versions_.size()) {
        std::vector<std::string> names;
        for (size_t l : layouts) names.push_back(versions_[l]);
        out_ << fmt::format(" (version {})", fmt::join(names, ", "));
      }
      out_ << "\n";
    }
    pending_.clear();
  }

 private:
  std::ostream& out_;
  std::vector<std::string> versions_;
  std::vector<std::pair<std::string, std::set<size_t>>> pending_;
};

}  // namespace

namespace {

// A stretch of the input (a CSV block, or a whole YAML/JSON file): the
// households every layout could read, the messages of those it could not,
// and each distinct version's outcomes.
struct Stretch {
  std::string text;  // CSV: the block's whole records
  size_t begin = 0;  // where its first record starts (after a header)
  long first_line = 0, first_row = 0;
  std::vector<std::vector<Household>> rows;  // per layout; the same households
  // Messages of rejected households, each written before good household k.
  std::vector<std::pair<size_t, std::string>> messages;
  long read_rejected = 0;
  std::vector<std::vector<fast::BatchEvaluator::Outcome>> outcomes;  // per version
  // The CSV fast path leaves an outcome's outputs empty (fast = true) and
  // keeps them here as the program gave them, outputs.size() per household:
  // a quarter of the memory, turned into Exact values only when handed on.
  std::vector<std::vector<int64_t>> fast_values;  // per version
  std::exception_ptr failure;
};

// Evaluates one stretch at a time (one per thread): a BatchEvaluator per
// distinct version, sharing the versions' compiled programs.
struct StretchWorker {
  std::vector<std::unique_ptr<fast::BatchEvaluator>> evaluators;
  CsvRecordSplitter splitter;
  CsvRecord record;
  // The CSV fast path (see VersionRun::read_fast): per distinct version.
  std::vector<std::unique_ptr<fast::FastEvaluator>> fast;
  std::vector<std::unique_ptr<Evaluator>> exact;
  std::vector<std::vector<Household>> batch;  // per layout, kBatchRows
};

// How CSV fields reach the compiled programs without becoming Households
// first: a field reader per distinct version, and for each layout the
// version whose input columns the households are rebuilt from.
struct FastCsvPlan {
  std::vector<std::unique_ptr<fast::CsvFieldReader>> readers;  // per distinct version
  std::vector<size_t> source_of_layout;                        // a distinct version
  bool usable = false;
};

// The households of `files` under several versions. Stretches are read and
// evaluated on worker threads, a few in flight, and handed to `each` by the
// calling thread strictly in input order, with their messages: what a what-if
// reports does not depend on the threads.
class VersionRun {
 public:
  VersionRun(const std::vector<const model::Model*>& models, const std::vector<std::optional<int>>& dates,
             std::ostream& errors, const EvaluatedFn& each, const EvaluatedFixedFn& each_fixed,
             long& evaluated, long& rejected)
      : models_(models), errors_(errors), each_(each), each_fixed_(each_fixed), evaluated_(evaluated),
        rejected_(rejected) {
    // Versions that read households alike share one reading.
    std::vector<std::vector<std::string>> layout_names;
    for (size_t i = 0; i < models.size(); ++i) {
      size_t l = 0;
      while (l < layouts_.size() && !same_household_layout(*layouts_[l], *models[i])) ++l;
      if (l == layouts_.size()) {
        layouts_.push_back(models[i]);
        layout_names.emplace_back();
      }
      layout_of_.push_back(l);
      auto& names = layout_names[l];
      if (std::find(names.begin(), names.end(), models[i]->version) == names.end())
        names.push_back(models[i]->version);
    }
    for (const auto& n : layout_names) layout_versions_.push_back(fmt::format("{}", fmt::join(n, ", ")));
    // A column or field only another version declares is not an error.
    others_.resize(layouts_.size());
    for (size_t l = 0; l < layouts_.size(); ++l)
      for (size_t k = 0; k < layouts_.size(); ++k)
        if (k != l)
          for (const auto& in : layouts_[k]->inputs) others_[l].insert(in.name);
    // One evaluator per distinct version and evaluation date (arrears may
    // evaluate one version on each month's first day); one program per version.
    std::map<const model::Model*, std::shared_ptr<const fast::Program>> compiled;
    for (size_t i = 0; i < models.size(); ++i) {
      std::optional<int> date = i < dates.size() ? dates[i] : std::nullopt;
      size_t e = 0;
      while (e < distinct_.size() && !(distinct_[e] == models[i] && distinct_dates_[e] == date)) ++e;
      evaluator_of_.push_back(e);
      if (e == distinct_.size()) {
        distinct_.push_back(models[i]);
        distinct_dates_.push_back(date);
        auto& program = compiled[models[i]];
        if (!program) program = std::make_shared<const fast::Program>(fast::compile_program(*models[i]));
        programs_.push_back(program);
        layout_of_evaluator_.push_back(layout_of_[i]);
      }
    }
    households_.resize(models.size());
    outputs_.resize(models.size());
    scratch_.resize(models.size());
  }

  void run_csv(const std::string& path) {
    auto file = std::make_shared<const std::string>(path);
    // Small blocks: each becomes households with exact values, held until
    // handed on (128 KiB of CSV is about 2,500 of them).
    CsvBlockReader blocks(path, size_t{1} << 17);
    ErrorReport report(errors_, layout_versions_);
    auto file_error = [&](const std::string& message) {
      for (size_t l = 0; l < layouts_.size(); ++l) report.add(l, HouseholdError{path, "", "", message});
      report.flush();
      ++rejected_;
    };
    if (!blocks.is_open()) return file_error("cannot read the household file");
    auto first = std::make_unique<Stretch>();
    CsvBoundary boundary;
    if (!blocks.next(first->text, boundary))
      return file_error(blocks.failed() ? "cannot read the household file"
                                        : "the file is empty: expected a header row");
    CsvRecordSplitter splitter;
    CsvRecord header;
    splitter.split(first->text, true, header);
    std::vector<CsvColumns> columns(layouts_.size());
    for (size_t l = 0; l < layouts_.size(); ++l)
      if (auto e = read_csv_header(*layouts_[l], path, header.fields, columns[l], others_[l])) report.add(l, *e);
    if (!report.empty()) {
      report.flush();
      ++rejected_;
      return;
    }
    FastCsvPlan plan = fast_plan(columns);
    first->begin = header.length;
    first->first_line = 1 + header.lines;
    first->first_row = 1;
    long next_line = first->first_line + boundary.lines - header.lines;
    long next_row = 1 + boundary.records - 1;

    constexpr size_t kInFlight = 4;  // stretches being read and evaluated at once
    std::vector<std::unique_ptr<Stretch>> stretches(kInFlight);
    std::vector<StretchWorker> workers(kInFlight);
    std::deque<std::pair<size_t, std::future<void>>> flight;
    stretches[0] = std::move(first);
    size_t slot = 0;
    bool more = true;
    auto launch = [&](size_t k) {
      flight.emplace_back(k, std::async(std::launch::async, [this, &stretches, &workers, &columns, &file, &plan, k] {
        Stretch& st = *stretches[k];
        try {
          if (plan.usable) {
            read_fast(st, workers[k], plan, columns, file);
          } else {
            read_stretch(st, workers[k], columns, file);
            evaluate(st, workers[k]);
          }
        } catch (...) {
          st.failure = std::current_exception();
        }
      }));
    };
    launch(slot);
    while (!flight.empty()) {
      while (more && flight.size() < kInFlight) {
        slot = (slot + 1) % kInFlight;
        if (!stretches[slot]) stretches[slot] = std::make_unique<Stretch>();
        Stretch& st = *stretches[slot];
        if (!blocks.next(st.text, boundary)) {
          more = false;
          break;
        }
        st.begin = 0;
        st.first_line = next_line;
        st.first_row = next_row;
        next_line += boundary.lines;
        next_row += boundary.records;
        launch(slot);
      }
      auto [k, done] = std::move(flight.front());
      flight.pop_front();
      done.get();
      hand_on(*stretches[k]);
    }
    if (blocks.failed()) file_error("cannot read the rest of the household file");
  }

  void run_document(const std::string& path) {
    std::vector<std::vector<Household>> documents(layouts_.size());
    std::vector<std::map<long, size_t>> by_position(layouts_.size());
    std::set<std::string> bad;  // a household with three bad fields is one rejected
    ErrorReport report(errors_, layout_versions_);
    for (size_t l = 0; l < layouts_.size(); ++l) {
      std::vector<HouseholdError> errs;
      documents[l] = read_household_document(*layouts_[l], path, errs, others_[l]);
      for (const auto& e : errs) {
        report.add(l, e);
        bad.insert(e.household);
      }
      for (size_t k = 0; k < documents[l].size(); ++k) by_position[l][documents[l][k].position] = k;
    }
    report.flush();
    rejected_ += static_cast<long>(bad.size());
    if (layouts_.empty()) return;
    Stretch st;
    st.rows.resize(layouts_.size());
    for (const auto& h : documents[0]) {
      bool all = true;
      for (size_t l = 0; l < layouts_.size() && all; ++l) all = by_position[l].count(h.position) > 0;
      if (!all) continue;  // rejected by a version, reported above
      for (size_t l = 0; l < layouts_.size(); ++l)
        st.rows[l].push_back(std::move(documents[l][by_position[l][h.position]]));
    }
    StretchWorker worker;
    evaluate(st, worker);
    hand_on(st);
  }

 private:
  // The fast path is usable when every version's program can read the file's
  // columns, and each layout's households can be rebuilt from one program's
  // input columns (every column of the file has one).
  FastCsvPlan fast_plan(const std::vector<CsvColumns>& columns) const {
    FastCsvPlan plan;
    plan.usable = true;
    for (size_t e = 0; e < distinct_.size(); ++e) {
      plan.readers.push_back(std::make_unique<fast::CsvFieldReader>(
          *distinct_[e], *programs_[e], columns[layout_of_evaluator_[e]]));
      if (plan.readers.back()->exact_only() || programs_[e]->reads_members || programs_[e]->member_count >= 0) plan.usable = false;
    }
    for (size_t l = 0; l < layouts_.size(); ++l) {
      size_t e = static_cast<size_t>(std::find(layout_of_evaluator_.begin(), layout_of_evaluator_.end(), l) -
                                     layout_of_evaluator_.begin());
      plan.source_of_layout.push_back(e);
      for (int input : columns[l].input) {
        if (input < 0) continue;
        const auto& in = programs_[e]->inputs[static_cast<size_t>(input)];
        if (in.column < 0 || !in.readable) plan.usable = false;
      }
    }
    return plan;
  }

  // The household of batch row `i` under layout `l`, from the input columns
  // its fields were just read into: the values Household readers give (an
  // empty field with a default stays unset), without parsing the text again.
  static void rebuild(Household& h, const model::Model& m, const fast::Program& p,
                      const fast::FastEvaluator& fe, const CsvColumns& columns,
                      const std::vector<std::string_view>& fields, int i,
                      const std::shared_ptr<const std::string>& file, long row, long line) {
    h.inputs.assign(m.inputs.size(), std::nullopt);
    h.members.clear();
    h.id = columns.id >= 0 ? std::string(fields[static_cast<size_t>(columns.id)]) : std::to_string(row);
    h.file = file;
    h.line = line;
    h.position = row;
    for (size_t c = 0; c < columns.input.size(); ++c) {
      int input = columns.input[c];
      if (input < 0) continue;
      const auto& decl = m.inputs[static_cast<size_t>(input)];
      if (fields[c].empty() && !decl.required()) continue;  // the default applies
      const auto& in = p.inputs[static_cast<size_t>(input)];
      int64_t v = fe.column(in.column)[i];
      bool number = in.kind == model::TypeKind::money || in.kind == model::TypeKind::decimal ||
                    in.kind == model::TypeKind::integer;
      h.inputs[static_cast<size_t>(input)] = number ? Exact::from_fixed(v, in.scale) : Exact::from_int(v);
    }
  }

  // The CSV records of `st`, a batch at a time: fields read straight into
  // each version's program columns; rows every program computes exactly
  // become households rebuilt from those columns, the others are read and
  // evaluated as read_stretch + BatchEvaluator would (same values, same
  // messages).
  void read_fast(Stretch& st, StretchWorker& w, const FastCsvPlan& plan,
                 const std::vector<CsvColumns>& columns, const std::shared_ptr<const std::string>& file) {
    const size_t versions = distinct_.size(), layouts = layouts_.size();
    if (w.fast.empty()) {
      for (size_t e = 0; e < versions; ++e) {
        w.fast.push_back(std::make_unique<fast::FastEvaluator>(*programs_[e]));
        plan.readers[e]->prepare(*w.fast.back());
        w.exact.push_back(std::make_unique<Evaluator>(*distinct_[e]));
        w.exact.back()->set_evaluation_date(distinct_dates_[e]);
      }
      w.batch.assign(layouts, std::vector<Household>(fast::kBatchRows));
    }
    st.rows.resize(layouts);
    st.outcomes.resize(versions);
    st.fast_values.resize(versions);
    st.messages.clear();
    st.read_rejected = 0;
    size_t good = 0;
    auto grow = [&] {
      for (auto& rows : st.rows)
        if (rows.size() <= good) rows.resize(good + 1);
      for (auto& o : st.outcomes)
        if (o.size() <= good) o.resize(good + 1);
    };
    struct Place {
      size_t offset;
      long line, row;
      bool fast;
    };
    std::vector<Place> places(fast::kBatchRows);
    std::ostringstream messages;
    ErrorReport report(messages, layout_versions_);
    std::string_view text(st.text);
    size_t position = st.begin;
    long line = st.first_line, row = st.first_row;
    while (position < text.size()) {
      int n = 0;
      for (; n < fast::kBatchRows && position < text.size(); ++n, ++row) {
        w.splitter.split(text.substr(position), true, w.record);
        bool ok = true;
        for (size_t e = 0; e < versions && ok; ++e) ok = plan.readers[e]->read(w.record.fields, *w.fast[e], n);
        if (ok)
          for (size_t l = 0; l < layouts; ++l) {
            size_t e = plan.source_of_layout[l];
            rebuild(w.batch[l][static_cast<size_t>(n)], *layouts_[l], *programs_[e], *w.fast[e], columns[l],
                    w.record.fields, n, file, row, line);
          }
        places[static_cast<size_t>(n)] = Place{position, line, row, ok};
        position += w.record.length;
        line += w.record.lines;
      }
      for (size_t e = 0; e < versions; ++e) w.fast[e]->run(n);
      for (int i = 0; i < n; ++i) {
        const Place& p = places[static_cast<size_t>(i)];
        bool fast = p.fast;
        for (size_t e = 0; e < versions && fast; ++e) fast = w.fast[e]->ok(i);
        grow();
        if (fast) {
          for (size_t l = 0; l < layouts; ++l) std::swap(st.rows[l][good], w.batch[l][static_cast<size_t>(i)]);
          for (size_t e = 0; e < versions; ++e) {
            auto& out = st.outcomes[e][good];
            out.error.reset();
            out.outputs.clear();  // in fast_values instead
            out.fast = true;
            size_t outputs = programs_[e]->outputs.size();
            auto& values = st.fast_values[e];
            if (values.size() < (good + 1) * outputs) values.resize((good + 1) * outputs);
            for (size_t o = 0; o < outputs; ++o) values[good * outputs + o] = w.fast[e]->output(o, i);
          }
          ++good;
          continue;
        }
        w.splitter.split(text.substr(p.offset), true, w.record);
        for (size_t l = 0; l < layouts; ++l)
          if (auto err = csv_record_to_household(*layouts_[l], file, columns[l], w.record.fields, p.row, p.line,
                                                 st.rows[l][good]))
            report.add(l, *err);
        if (!report.empty()) {
          report.flush();
          st.messages.emplace_back(good, messages.str());
          messages.str("");
          ++st.read_rejected;
          continue;
        }
        for (size_t e = 0; e < versions; ++e) {
          auto& out = st.outcomes[e][good];
          out.error.reset();
          out.fast = false;
          try {
            out.outputs = w.exact[e]->evaluate(st.rows[layout_of_evaluator_[e]][good]);
          } catch (const EvaluationError& err) {
            out.error = err;
          }
        }
        ++good;
      }
    }
    for (auto& rows : st.rows) rows.resize(good);
    for (auto& o : st.outcomes) o.resize(good);
  }

  // The CSV records of `st` -> households under each layout, or messages.
  void read_stretch(Stretch& st, StretchWorker& w, const std::vector<CsvColumns>& columns,
                    const std::shared_ptr<const std::string>& file) {
    st.rows.resize(layouts_.size());
    st.messages.clear();
    st.read_rejected = 0;
    size_t good = 0;
    std::ostringstream messages;
    ErrorReport report(messages, layout_versions_);
    std::string_view text(st.text);
    long line = st.first_line, row = st.first_row;
    for (size_t position = st.begin; position < text.size(); ++row) {
      w.splitter.split(text.substr(position), true, w.record);
      for (size_t l = 0; l < layouts_.size(); ++l) {
        auto& rows = st.rows[l];
        if (rows.size() <= good) rows.resize(good + 1);
        if (auto e = csv_record_to_household(*layouts_[l], file, columns[l], w.record.fields, row, line,
                                             rows[good]))
          report.add(l, *e);
      }
      position += w.record.length;
      line += w.record.lines;
      if (report.empty()) {
        ++good;
        continue;
      }
      report.flush();
      st.messages.emplace_back(good, messages.str());
      messages.str("");
      ++st.read_rejected;
    }
    for (auto& rows : st.rows) rows.resize(good);
  }

  void evaluate(Stretch& st, StretchWorker& w) {
    st.outcomes.resize(distinct_.size());
    if (w.evaluators.empty())
      for (size_t e = 0; e < distinct_.size(); ++e) {
        w.evaluators.push_back(std::make_unique<fast::BatchEvaluator>(*distinct_[e], programs_[e]));
        w.evaluators.back()->set_evaluation_date(distinct_dates_[e]);
      }
    for (size_t e = 0; e < distinct_.size(); ++e)
      w.evaluators[e]->evaluate(st.rows[layout_of_evaluator_[e]], st.outcomes[e]);
  }

  // In input order: messages, and each household's outputs to `each`.
  void hand_on(const Stretch& st) {
    if (st.failure) std::rethrow_exception(st.failure);
    size_t m = 0;
    size_t n = st.rows.empty() ? 0 : st.rows[0].size();
    for (size_t r = 0; r <= n; ++r) {
      for (; m < st.messages.size() && st.messages[m].first == r; ++m) errors_ << st.messages[m].second;
      if (r < n) hand_on(st, r);
    }
    rejected_ += st.read_rejected;
  }

  // Every version computed household r in the program: hand on its outputs
  // as they are. False when one did not (or each_fixed_ declines).
  bool hand_on_fixed(const Stretch& st, size_t r) {
    fixed_.resize(models_.size());
    for (size_t i = 0; i < models_.size(); ++i) {
      fixed_[i] = fixed_outputs(st, evaluator_of_[i], r);
      if (!fixed_[i]) return false;
      households_[i] = &st.rows[layout_of_[i]][r];
    }
    if (!each_fixed_(households_, fixed_)) return false;
    ++evaluated_;
    return true;
  }

  // Version e's outputs for household r when read_fast kept them in
  // fast_values (the outcome then has no Exact outputs), else null.
  const int64_t* fixed_outputs(const Stretch& st, size_t e, size_t r) const {
    const auto& outcome = st.outcomes[e][r];
    if (!outcome.fast || outcome.error || !outcome.outputs.empty() || st.fast_values.size() <= e) return nullptr;
    return &st.fast_values[e][r * programs_[e]->outputs.size()];
  }

  void hand_on(const Stretch& st, size_t r) {
    if (each_fixed_ && hand_on_fixed(st, r)) return;
    for (size_t i = 0; i < models_.size(); ++i) {
      const Household& h = st.rows[layout_of_[i]][r];
      const auto& outcome = st.outcomes[evaluator_of_[i]][r];
      if (outcome.error) {
        const auto& err = *outcome.error;
        errors_ << fmt::format("{}: version {}: {}{} (at {})\n", describe(h), models_[i]->version,
                               err.rule.empty() ? "" : "rule '" + err.rule + "': ", err.what(),
                               err.position.to_string());
        ++rejected_;
        return;
      }
      households_[i] = &h;
      outputs_[i] = &outcome.outputs;
      if (const int64_t* given = fixed_outputs(st, evaluator_of_[i], r)) {
        const auto& program = *programs_[evaluator_of_[i]];
        auto& values = scratch_[i];
        values.clear();
        for (size_t o = 0; o < program.outputs.size(); ++o)
          values.push_back(fast::output_value(program.outputs[o], given[o]));
        outputs_[i] = &values;
      }
    }
    each_(households_, outputs_);
    ++evaluated_;
  }

  const std::vector<const model::Model*>& models_;
  std::vector<const model::Model*> layouts_;
  std::vector<size_t> layout_of_;
  std::vector<std::string> layout_versions_;
  std::vector<OtherInputs> others_;
  std::vector<const model::Model*> distinct_;
  std::vector<std::optional<int>> distinct_dates_;
  std::vector<size_t> evaluator_of_;
  std::vector<std::shared_ptr<const fast::Program>> programs_;
  std::vector<size_t> layout_of_evaluator_;
  std::vector<const Household*> households_;
  std::vector<const std::vector<Exact>*> outputs_;
  std::vector<std::vector<Exact>> scratch_;  // per model: fast outputs as Exact
  std::ostream& errors_;
  const EvaluatedFn& each_;
  const EvaluatedFixedFn& each_fixed_;
  std::vector<const int64_t*> fixed_;  // per model, for each_fixed_
  long& evaluated_;
  long& rejected_;
};

}  // namespace

long evaluate_under_versions(const std::vector<const model::Model*>& models,
                             const std::vector<std::string>& files, std::ostream& errors,
                             const EvaluatedFn& each, long& evaluated,
                             const std::vector<std::optional<int>>& dates,
                             const EvaluatedFixedFn& each_fixed) {
  long rejected = 0;
  VersionRun run(models, dates, errors, each, each_fixed, evaluated, rejected);
  for (const auto& path : files) {
    if (is_csv_path(path)) run.run_csv(path);
    else run.run_document(path);
  }
  return rejected;
}

// ---- the comparison ----------------------------------------------------------

namespace {

std::string version_heading(const model::Model& m) {
  return fmt::format("version {} (effective {})", m.version, m.effective_text);
}

std::string people_heading(const model::Model& m, const OutputRoles& r) {
  if (r.members < 0) return "1 a household (the policy has no integer input 'members')";
  const auto& in = m.inputs[static_cast<size_t>(r.members)];
  return in.label.empty() ? "input 'members'" : fmt::format("input 'members' ({})", in.label);
}

}  // namespace

WhatIf::WhatIf(const model::Model& before, const model::Model& after)
    : before_(before),
      after_(after),
      roles_before_(output_roles(before)),
      roles_after_(output_roles(after)) {
  region_from_after_ = roles_before_.district < 0 && roles_after_.district >= 0;
  // Every money output of either version, the baseline's order first.
  for (int i : roles_before_.money) {
    const auto& o = before.outputs[static_cast<size_t>(i)];
    columns_.push_back({o.name, o.label, i, -1, o.scale});
  }
  for (int i : roles_after_.money) {
    const auto& o = after.outputs[static_cast<size_t>(i)];
    auto it = std::find_if(columns_.begin(), columns_.end(), [&](const Column& c) { return c.name == o.name; });
    if (it == columns_.end()) {
      columns_.push_back({o.name, o.label, -1, i, o.scale});
    } else {
      it->after = i;
      it->scale = std::max(it->scale, o.scale);
    }
  }
  // Every region group and grade is listed, even with no household.
  const model::Model& rm = region_from_after_ ? after : before;
  const OutputRoles& rr = region_from_after_ ? roles_after_ : roles_before_;
  if (rr.district < 0) {
    group(s_.regions, region_index_, "all", "");
  } else {
    for (const auto& r : rm.regions) group(s_.regions, region_index_, r.name, r.label);
  }
  for (auto [m, roles] : {std::pair{&before, &roles_before_}, std::pair{&after, &roles_after_}}) {
    if (roles->grade < 0) continue;
    s_.has_grades = true;
    const auto& type = m->outputs[static_cast<size_t>(roles->grade)].type;
    for (const auto& v : m->enums[static_cast<size_t>(type.enumeration)].values)
      group(s_.grades, grade_index_, v.name, v.label);
  }
  s_.all.name = "total";
  s_.scale = std::max(roles_before_.scale, roles_after_.scale);
}

GroupTotals& WhatIf::group(std::vector<GroupTotals>& groups, std::map<std::string, size_t>& index,
                           const std::string& name, const std::string& label) {
  auto it = index.find(name);
  if (it != index.end()) return groups[it->second];
  index[name] = groups.size();
  GroupTotals g;
  g.name = name;
  g.label = label;
  groups.push_back(std::move(g));
  return groups.back();
}

std::string WhatIf::detail_header() const {
  std::string out = "id";
  for (const auto& c : columns_)
    out += fmt::format(",{},{},{}", csv_field(c.name + "_before"), csv_field(c.name + "_after"),
                       csv_field(c.name + "_diff"));
  return out;
}

size_t WhatIf::region_group(const Household& hb, const Household& ha) {
  const model::Model& m = region_from_after_ ? after_ : before_;
  const OutputRoles& roles = region_from_after_ ? roles_after_ : roles_before_;
  const Household& h = region_from_after_ ? ha : hb;
  long code = -1;
  if (roles.district >= 0) {
    const auto& v = h.inputs[static_cast<size_t>(roles.district)];
    if (v) code = v->to_int64().value_or(-1);
  }
  auto index_of = [&](const std::string& name) {
    group(s_.regions, region_index_, name, "");
    return region_index_[name];
  };
  if (code < 0 || static_cast<size_t>(code) >= m.districts.size())  // default or none: rare
    return index_of(region_of(m, roles, h));
  if (region_by_district_.empty()) region_by_district_.assign(m.districts.size(), -1);
  long& g = region_by_district_[static_cast<size_t>(code)];
  if (g < 0) g = static_cast<long>(index_of(region_of(m, roles, h)));
  return static_cast<size_t>(g);
}

size_t WhatIf::grade_group(bool after, int64_t code) {
  const model::Model& m = after ? after_ : before_;
  const OutputRoles& roles = after ? roles_after_ : roles_before_;
  const auto& type = m.outputs[static_cast<size_t>(roles.grade)].type;
  const auto& e = m.enums[static_cast<size_t>(type.enumeration)];
  auto& cache = grade_by_code_[after ? 1 : 0];
  if (cache.empty()) cache.assign(e.values.size() + 1, -1);
  size_t slot = code < 0 || static_cast<size_t>(code) >= e.values.size() ? e.values.size()
                                                                         : static_cast<size_t>(code);
  if (cache[slot] < 0) {
    std::string name = slot == e.values.size() ? "?" : e.values[slot].name;
    std::string label = slot == e.values.size() ? "" : e.values[slot].label;
    group(s_.grades, grade_index_, name, label);
    cache[slot] = static_cast<long>(grade_index_[name]);
  }
  return static_cast<size_t>(cache[slot]);
}

// What add() and add_fixed() share: households, coverage, people and cost by
// region group and grade. `add_cost(sum, after)` adds the household's benefit
// before or after to `sum`, in whatever form the caller has it.
template <class AddCost>
size_t WhatIf::tally(const Household& hb, const Household& ha, bool covered_before, bool covered_after,
                     int64_t grade_before, int64_t grade_after, const AddCost& add_cost) {
  Exact people_before = roles_before_.people(before_, hb);
  Exact people_after = roles_after_.people(after_, ha);
  size_t region = region_group(hb, ha);
  auto count = [&](GroupTotals& g, GroupSums& sums, bool before_side, bool after_side) {
    if (before_side) {
      ++g.households_before;
      add_cost(sums.cost_before, false);
      if (covered_before) {
        ++g.covered_before;
        sums.people_before.add(people_before);
      }
    }
    if (after_side) {
      ++g.households_after;
      add_cost(sums.cost_after, true);
      if (covered_after) {
        ++g.covered_after;
        sums.people_after.add(people_after);
      }
    }
  };
  count(s_.all, all_sums_, true, true);
  count(s_.regions[region], sums_of(region_sums_, region), true, true);
  if (grade_before != kNoGrade) {
    size_t g = grade_group(false, grade_before);
    count(s_.grades[g], sums_of(grade_sums_, g), true, false);
  }
  if (grade_after != kNoGrade) {
    size_t g = grade_group(true, grade_after);
    count(s_.grades[g], sums_of(grade_sums_, g), false, true);
  }
  ++s_.households;
  if (!covered_before && covered_after) {
    ++s_.newly_covered;
    people_newly_covered_.add(people_after);
  }
  if (covered_before && !covered_after) {
    ++s_.dropped;
    people_dropped_.add(people_before);
  }
  return region;
}

void WhatIf::add(const Household& hb, const std::vector<Exact>& ob, const Household& ha,
                 const std::vector<Exact>& oa, std::string* row) {
  Exact b = roles_before_.benefit(ob);
  Exact a = roles_after_.benefit(oa);
  auto grade = [](const OutputRoles& roles, const std::vector<Exact>& o) -> int64_t {
    return roles.grade < 0 ? kNoGrade : o[static_cast<size_t>(roles.grade)].to_int64().value_or(-1);
  };
  size_t region = tally(hb, ha, b.sign() > 0, a.sign() > 0, grade(roles_before_, ob), grade(roles_after_, oa),
                        [&](ExactSum& sum, bool after) { sum.add(after ? a : b); });
  Exact change = a - b;
  int sign = change.sign();
  if (sign > 0) ++s_.gain;
  else if (sign < 0) ++s_.lose;
  else ++s_.unchanged;
  if (sign != 0) note_change(hb, region, b, a);
  output_sums_.resize(columns_.size());
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    if (c.before >= 0) output_sums_[k].first.add(ob[static_cast<size_t>(c.before)]);
    if (c.after >= 0) output_sums_[k].second.add(oa[static_cast<size_t>(c.after)]);
  }
  if (row) {
    *row = csv_field(hb.id);
    for (const auto& c : columns_) {
      std::string before = c.before >= 0 ? amount_text(ob[static_cast<size_t>(c.before)], c.scale) : "";
      std::string after = c.after >= 0 ? amount_text(oa[static_cast<size_t>(c.after)], c.scale) : "";
      std::string diff = c.before >= 0 && c.after >= 0
                             ? amount_text(oa[static_cast<size_t>(c.after)] - ob[static_cast<size_t>(c.before)], c.scale)
                             : "";
      *row += fmt::format(",{},{},{}", before, after, diff);
    }
  }
}

// A household whose benefit changed: the histogram and the largest changes.
void WhatIf::note_change(const Household& hb, size_t region, const Exact& b, const Exact& a) {
  ++s_.changes[a - b];
  HouseholdChange c{hb.id, s_.regions[region].name, b, a, s_.households};
  auto larger = [](const HouseholdChange& x, const HouseholdChange& y) {
    Exact dx = x.after - x.before, dy = y.after - y.before;
    if (dx.sign() < 0) dx = -dx;
    if (dy.sign() < 0) dy = -dy;
    int cmp = compare(dx, dy);
    return cmp != 0 ? cmp > 0 : x.order < y.order;
  };
  if (s_.largest.size() < kLargest || larger(c, s_.largest.back())) {
    s_.largest.insert(std::upper_bound(s_.largest.begin(), s_.largest.end(), c, larger), c);
    if (s_.largest.size() > kLargest) s_.largest.pop_back();
  }
}

bool WhatIf::add_fixed(const Household& hb, const int64_t* ob, const Household& ha, const int64_t* oa) {
  if (roles_before_.total < 0 || roles_after_.total < 0) return false;
  int scale = before_.outputs[static_cast<size_t>(roles_before_.total)].scale;
  if (after_.outputs[static_cast<size_t>(roles_after_.total)].scale != scale) return false;
  int64_t b = ob[roles_before_.total], a = oa[roles_after_.total];
  auto grade = [](const OutputRoles& roles, const int64_t* o) {
    return roles.grade < 0 ? kNoGrade : o[roles.grade];
  };
  size_t region = tally(hb, ha, b > 0, a > 0, grade(roles_before_, ob), grade(roles_after_, oa),
                        [&](ExactSum& sum, bool after) { sum.add_scaled(after ? a : b, scale); });
  if (a > b) ++s_.gain;
  else if (a < b) ++s_.lose;
  else ++s_.unchanged;
  if (a != b) note_change(hb, region, Exact::from_fixed(b, scale), Exact::from_fixed(a, scale));
  output_sums_.resize(columns_.size());
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    if (c.before >= 0) output_sums_[k].first.add_scaled(ob[c.before], before_.outputs[static_cast<size_t>(c.before)].scale);
    if (c.after >= 0) output_sums_[k].second.add_scaled(oa[c.after], after_.outputs[static_cast<size_t>(c.after)].scale);
  }
  return true;
}

WhatIf::GroupSums& WhatIf::sums_of(std::vector<GroupSums>& sums, size_t group) {
  if (sums.size() <= group) sums.resize(group + 1);
  return sums[group];
}

WhatIfSummary WhatIf::summary() const {
  WhatIfSummary s = s_;
  auto fill = [](GroupTotals& g, const GroupSums& sums) {
    g.cost_before = sums.cost_before.value();
    g.cost_after = sums.cost_after.value();
    g.people_before = sums.people_before.value();
    g.people_after = sums.people_after.value();
  };
  fill(s.all, all_sums_);
  for (size_t g = 0; g < s.regions.size() && g < region_sums_.size(); ++g) fill(s.regions[g], region_sums_[g]);
  for (size_t g = 0; g < s.grades.size() && g < grade_sums_.size(); ++g) fill(s.grades[g], grade_sums_[g]);
  s.people_newly_covered = people_newly_covered_.value();
  s.people_dropped = people_dropped_.value();
  for (size_t k = 0; k < columns_.size(); ++k) {
    const auto& c = columns_[k];
    OutputTotals t{c.name, c.label, c.before >= 0, c.after >= 0, c.scale, {}, {}};
    if (k < output_sums_.size()) {
      t.before = output_sums_[k].first.value();
      t.after = output_sums_[k].second.value();
    }
    s.outputs.push_back(std::move(t));
  }
  s.policy = before_.policy;
  s.baseline = version_heading(before_);
  s.alternative = version_heading(after_);
  std::string b = roles_before_.describe_benefit(before_), a = roles_after_.describe_benefit(after_);
  s.benefit_text = b == a ? b : fmt::format("before: {}; after: {}", b, a);
  std::string pb = people_heading(before_, roles_before_), pa = people_heading(after_, roles_after_);
  s.people_text = pb == pa ? pb : fmt::format("before: {}; after: {}", pb, pa);
  return s;
}

WhatIfSummary run_whatif(const model::Model& before, const model::Model& after,
                         const std::vector<std::string>& files, std::ostream* detail,
                         std::ostream& errors, std::optional<int> evaluation_date) {
  WhatIf w(before, after);
  if (detail) *detail << w.detail_header() << '\n';
  std::string row;
  long evaluated = 0;
  long rejected = evaluate_under_versions(
      {&before, &after}, files, errors,
      [&](const std::vector<const Household*>& h, const std::vector<const std::vector<Exact>*>& o) {
        w.add(*h[0], *o[0], *h[1], *o[1], detail ? &row : nullptr);
        if (detail) *detail << row << '\n';
      },
      evaluated, {evaluation_date, evaluation_date},
      detail ? EvaluatedFixedFn()
             : [&](const std::vector<const Household*>& h, const std::vector<const int64_t*>& o) {
                 return w.add_fixed(*h[0], o[0], *h[1], o[1]);
               });
  WhatIfSummary s = w.summary();
  s.rejected = rejected;
  return s;
}

// ---- text --------------------------------------------------------------------

std::string amount_text(const Exact& v, int scale) {
  auto text = v.to_fixed(scale);
  return text ? *text : v.to_string();
}

std::string signed_amount_text(const Exact& v, int scale) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += amount_text(v, scale);
}

namespace {


std::string count_text(long n) { return std::to_string(n); }
std::string signed_count(long n) {
  std::string out = n > 0 ? "+" : "";
  return out += std::to_string(n);
}
std::string signed_exact(const Exact& v) {
  std::string out = v.sign() > 0 ? "+" : "";
  return out += v.to_string();
}

}  // namespace

std::string text_table(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right) {
  if (rows.empty()) return "";
  std::vector<size_t> width;
  for (const auto& r : rows) {
    if (width.size() < r.size()) width.resize(r.size(), 0);
    for (size_t c = 0; c < r.size(); ++c) width[c] = std::max(width[c], display_width(r[c]));
  }
  std::string out;
  auto line = [&](const std::vector<std::string>& r) {
    std::string l;
    for (size_t c = 0; c < r.size(); ++c) {
      size_t w = display_width(r[c]);
      std::string fill(width[c] > w ? width[c] - w : 0, ' ');
      bool is_right = c < right.size() && right[c];
      if (c) l += "  ";
      l += is_right ? fill + r[c] : (c + 1 == r.size() ? r[c] : r[c] + fill);
    }
    while (!l.empty() && l.back() == ' ') l.pop_back();
    out += l + "\n";
  };
  line(rows[0]);
  std::string rule;
  for (size_t c = 0; c < width.size(); ++c) rule += (c ? "  " : "") + std::string(width[c], '-');
  out += rule + "\n";
  for (size_t i = 1; i < rows.size(); ++i) line(rows[i]);
  return out;
}

void print_summary(const WhatIfSummary& s, std::ostream& out) {
  int sc = s.scale;
  const Exact twelve = Exact::from_int(12);
  out << fmt::format("what-if: policy {}{}\n", s.policy, s.date.empty() ? "" : " on " + s.date);
  out << fmt::format("  baseline:    {}\n", s.baseline);
  out << fmt::format("  alternative: {}{}\n", s.alternative,
                     s.alternative_how.empty() ? "" : ": " + s.alternative_how);
  out << fmt::format("  benefit: {}; covered: benefit > 0; people: {}\n", s.benefit_text, s.people_text);
  out << fmt::format("households: {} evaluated, {} rejected\n\n", s.households, s.rejected);

  const auto& a = s.all;
  std::vector<std::vector<std::string>> rows = {
      {"", "before", "after", "change"},
      {"households covered", count_text(a.covered_before), count_text(a.covered_after),
       signed_count(a.covered_after - a.covered_before)},
      {"people covered", a.people_before.to_string(), a.people_after.to_string(),
       signed_exact(a.people_after - a.people_before)},
      {"newly covered (households / people)", "", fmt::format("{} / {}", s.newly_covered, s.people_newly_covered.to_string()), ""},
      {"dropped (households / people)", "", fmt::format("{} / {}", s.dropped, s.people_dropped.to_string()), ""},
      {"monthly cost", amount_text(a.cost_before, sc), amount_text(a.cost_after, sc),
       signed_amount_text(s.difference(), sc)},
      {"annual cost (x12)", amount_text(a.cost_before * twelve, sc), amount_text(a.cost_after * twelve, sc),
       signed_amount_text(s.difference() * twelve, sc)},
  };
  out << text_table(rows, {false, true, true, true}) << "\n";

  auto group_table = [&](const std::vector<GroupTotals>& groups, const std::string& heading, bool grades) {
    std::vector<std::vector<std::string>> t = {
        {heading, "households", "covered before", "after", "people before", "after",
         "monthly before", "after", "change", "annual change"}};
    if (grades) t[0][1] = "households before/after";
    auto row = [&](const GroupTotals& g, const std::string& name) {
      std::string households = grades ? fmt::format("{}/{}", g.households_before, g.households_after)
                                      : count_text(g.households_before);
      t.push_back({name, households, count_text(g.covered_before), count_text(g.covered_after),
                   g.people_before.to_string(), g.people_after.to_string(),
                   amount_text(g.cost_before, sc), amount_text(g.cost_after, sc),
                   signed_amount_text(g.cost_after - g.cost_before, sc),
                   signed_amount_text((g.cost_after - g.cost_before) * twelve, sc)});
    };
    for (const auto& g : groups) row(g, g.label.empty() || !grades ? g.name : g.name + " " + g.label);
    row(s.all, "total");
    out << text_table(t, {false, true, true, true, true, true, true, true, true, true}) << "\n";
  };
  group_table(s.regions, "by region", false);
  if (s.has_grades) group_table(s.grades, "by grade", true);

  out << fmt::format("households that gain: {}, lose: {}, unchanged: {}\n\n", s.gain, s.lose, s.unchanged);
  if (!s.largest.empty()) {
    std::vector<std::vector<std::string>> t = {{"largest changes", "region", "before", "after", "change"}};
    for (const auto& c : s.largest)
      t.push_back({c.id, c.region, amount_text(c.before, sc), amount_text(c.after, sc),
                   signed_amount_text(c.after - c.before, sc)});
    out << text_table(t, {false, false, true, true, true});
  }
}

// ---- back pay ----------------------------------------------------------------

int parse_month(const std::string& text) {
  bool ok = text.size() == 7 && text[4] == '-';
  for (size_t i = 0; ok && i < 7; ++i)
    if (i != 4 && (text[i] < '0' || text[i] > '9')) ok = false;
  int year = ok ? std::stoi(text.substr(0, 4)) : 0;
  int month = ok ? std::stoi(text.substr(5, 2)) : 0;
  if (!ok || month < 1 || month > 12)
    throw WhatIfError(fmt::format("'{}' is not a month written YYYY-MM (e.g. 2020-07)", text));
  return year * 12 + month - 1;
}

std::string month_text(int month) { return fmt::format("{:04}-{:02}", month / 12, month % 12 + 1); }

ArrearsTotals run_arrears(const PolicySet& set, const model::Model& paid, int from, int to,
                          const std::vector<std::string>& files, std::ostream& errors,
                          const std::function<void(const ArrearsHousehold&)>& each) {
  if (from > to)
    throw WhatIfError(fmt::format("--from {} is after --to {}", month_text(from), month_text(to)));
  if (to - from >= 1200) throw WhatIfError("the range is longer than 100 years");
  // The version due each month: the one in force on its first day.
  std::vector<const model::Model*> models;
  std::vector<size_t> month_model;
  // A version whose rules read evaluation_date is evaluated on each month's
  // first day (one evaluation per month); others once for the whole range.
  bool dated = model::reads_evaluation_date(paid);
  for (int month = from; month <= to; ++month) {
    int day = days_from_civil(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
    dated = dated || model::reads_evaluation_date(set.in_force(day));
  }
  std::vector<std::optional<int>> dates;
  std::vector<size_t> month_paid;
  auto index_at = [&](const model::Model* m, std::optional<int> day) {
    for (size_t i = 0; i < models.size(); ++i)
      if (models[i] == m && dates[i] == day) return i;
    models.push_back(m);
    dates.push_back(day);
    return models.size() - 1;
  };
  for (int month = from; month <= to; ++month) {
    int day = days_from_civil(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
    std::optional<int> on = dated ? std::optional<int>(day) : std::nullopt;
    month_model.push_back(index_at(&set.in_force(day), on));
    month_paid.push_back(index_at(&paid, on));
  }
  size_t paid_index = month_paid.front();
  std::vector<OutputRoles> roles;
  ArrearsTotals totals;
  int scale = 0;
  for (const auto* m : models) {
    roles.push_back(output_roles(*m));
    scale = std::max(scale, roles.back().scale);
  }
  totals.scale = scale;
  long evaluated = 0;
  ArrearsHousehold row;
  std::vector<Exact> benefit(models.size());
  totals.rejected = evaluate_under_versions(
      models, files, errors,
      [&](const std::vector<const Household*>& h, const std::vector<const std::vector<Exact>*>& o) {
        for (size_t i = 0; i < models.size(); ++i) benefit[i] = roles[i].benefit(*o[i]);
        row.id = h[paid_index]->id;
        row.months.clear();
        row.due = row.paid = row.difference = row.owed = Exact();
        for (int month = from; month <= to; ++month) {
          ArrearsMonth m;
          m.month = month;
          size_t v = month_model[static_cast<size_t>(month - from)];
          m.due_version = models[v];
          m.due = benefit[v];
          m.paid = benefit[month_paid[static_cast<size_t>(month - from)]];
          m.difference = m.due - m.paid;
          m.owed = m.difference.sign() > 0 ? m.difference : Exact();
          if (m.difference.sign() < 0) ++totals.overpaid_months;
          row.due = row.due + m.due;
          row.paid = row.paid + m.paid;
          row.difference = row.difference + m.difference;
          row.owed = row.owed + m.owed;
          row.months.push_back(m);
        }
        totals.due = totals.due + row.due;
        totals.paid = totals.paid + row.paid;
        totals.difference = totals.difference + row.difference;
        totals.owed = totals.owed + row.owed;
        each(row);
      },
      evaluated, dates);
  totals.households = evaluated;
  return totals;
}

}  // namespace doudi
