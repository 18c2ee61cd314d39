// Households under several versions (see under_versions.h).
#include "interpreter/studies/under_versions.h"

#include <algorithm>
#include <deque>
#include <future>
#include <set>

#include <fmt/format.h>

#include "interpreter/compiled/fast_eval.h"
#include "interpreter/evaluation/evaluator.h"
#include "interpreter/formats/csv_batch.h"
#include "interpreter/formats/household_ids.h"
#include "interpreter/formats/value.h"

namespace doudi {

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
             long& evaluated, long& rejected, int threads)
      : models_(models), errors_(errors), each_(each), each_fixed_(each_fixed), evaluated_(evaluated),
        rejected_(rejected), in_flight_(threads > 0 ? static_cast<size_t>(threads) : 4) {
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
    auto first = std::make_unique<Stretch>();
    CsvBoundary boundary;
    CsvRecordSplitter header_splitter;  // the header's fields point into it
    CsvRecord header;
    if (auto problem = read_csv_start(blocks, first->text, boundary, header_splitter, header)) return file_error(*problem);
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

    const size_t kInFlight = in_flight_;  // stretches being read and evaluated at once
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
    for (;;) {  // refill, then hand on the oldest; with one stretch in flight too
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
      if (flight.empty()) break;
      auto [k, done] = std::move(flight.front());
      flight.pop_front();
      done.get();
      hand_on(*stretches[k]);
    }
    if (blocks.failed())
      file_error(blocks.problem().empty() ? "cannot read the rest of the household file" : blocks.problem());
  }

  void run_document(const std::string& path) {
    std::vector<std::vector<Household>> documents(layouts_.size());
    std::vector<std::map<long, size_t>> by_position(layouts_.size());
    std::set<long> bad;  // a household with three bad fields (or members) is one rejected: by its place
    ErrorReport report(errors_, layout_versions_);
    for (size_t l = 0; l < layouts_.size(); ++l) {
      std::vector<HouseholdError> errs;
      documents[l] = read_household_document(*layouts_[l], path, errs, others_[l]);
      for (const auto& e : errs) {
        report.add(l, e);
        bad.insert(e.household.empty() ? 0 : e.position);  // 0: the file itself
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
    h.id_given = columns.id >= 0;
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
        if (csv_record_blank(w.record)) {  // a blank line: no household (its row number kept)
          position += w.record.length;
          line += w.record.lines;
          --n;
          continue;
        }
        bool ok = true;
        for (size_t e = 0; e < versions && ok; ++e) ok = plan.readers[e]->read(w.record.fields, *w.fast[e], n);
        if (ok && columns[0].id >= 0 && !id_acceptable(w.record.fields[static_cast<size_t>(columns[0].id)]))
          ok = false;  // the exact reader rejects it
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
          out.not_applicable.clear();
          out.fast = false;
          try {
            out.outputs = w.exact[e]->evaluate(st.rows[layout_of_evaluator_[e]][good]);
            out.not_applicable = w.exact[e]->not_applicable();
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
      if (csv_record_blank(w.record)) {  // a blank line: no household (its row number kept)
        position += w.record.length;
        line += w.record.lines;
        continue;
      }
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
    // In input order, as `doudi run` does: a household whose id an earlier
    // one of this comparison had is counted once, not twice.
    if (const Household& first = st.rows[layout_of_[0]][r]; first.id_given && !ids_.insert(first.id)) {
      errors_ << fmt::format("{}: field 'id': {}\n", describe(first), duplicate_id_message(first.id));
      ++rejected_;
      return;
    }
    if (each_fixed_ && hand_on_fixed(st, r)) return;
    for (size_t i = 0; i < models_.size(); ++i) {
      const Household& h = st.rows[layout_of_[i]][r];
      const auto& outcome = st.outcomes[evaluator_of_[i]][r];
      if (outcome.error) {
        const auto& err = *outcome.error;
        errors_ << fmt::format("{}: version {}: {}\n", describe(h), models_[i]->version, err.reason());
        ++rejected_;
        return;
      }
      if (!outcome.not_applicable.empty()) {  // a figure written n/a: no amount to sum
        const model::Model& m = *models_[i];
        for (const auto& n : outcome.not_applicable)
          errors_ << fmt::format("{}: version {}: output '{}' is n/a, so the household is not in the sums: {}\n",
                                 describe(h), m.version,
                                 n.per_member ? m.member_outputs[n.output].name : m.outputs[n.output].name, n.reason);
        ++(not_applicable_ ? *not_applicable_ : rejected_);
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
  HouseholdIds ids_;                   // every id handed on so far, across the files
  long& evaluated_;
  long& rejected_;
  size_t in_flight_;

 public:
  long* not_applicable_ = nullptr;  // households left out for an n/a output, when counted apart
};

}  // namespace

long evaluate_under_versions(const std::vector<const model::Model*>& models,
                             const std::vector<std::string>& files, std::ostream& errors,
                             const EvaluatedFn& each, long& evaluated,
                             const std::vector<std::optional<int>>& dates,
                             const EvaluatedFixedFn& each_fixed, int threads, long* not_applicable) {
  long rejected = 0;
  VersionRun run(models, dates, errors, each, each_fixed, evaluated, rejected, threads);
  run.not_applicable_ = not_applicable;
  for (const auto& path : files) {
    if (is_csv_path(path)) run.run_csv(path);
    else run.run_document(path);
  }
  return rejected;
}

}  // namespace doudi
