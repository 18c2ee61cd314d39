// POST /v1/whatif: a small what-if on the households of a request, run by
// the very function `doudi whatif` runs (run_whatif) on the request's
// households, so the summary is the CLI's. The households (the body itself,
// whose `households` list the JSON reader takes, or `households_csv`) are
// handed to it as a private temporary file, removed when the call ends.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "interpreter/studies/invariant_checks.h"
#include "interpreter/studies/report_html.h"
#include "interpreter/service/metadata.h"
#include "interpreter/service/service.h"
#include "interpreter/studies/whatif.h"

namespace doudi::service {
namespace {

// A file of `text` under the temporary directory, removed on destruction.
class TemporaryFile {
 public:
  TemporaryFile(const std::string& text, const char* suffix) {
    std::string pattern = (std::filesystem::temp_directory_path() / "doudi-serve-XXXXXX").string() + suffix;
    std::vector<char> name(pattern.begin(), pattern.end());
    name.push_back('\0');
    int fd = mkstemps(name.data(), static_cast<int>(std::char_traits<char>::length(suffix)));
    if (fd < 0) return;
    path_ = name.data();
    size_t done = 0;
    while (done < text.size()) {
      ssize_t n = ::write(fd, text.data() + done, text.size() - done);
      if (n <= 0) break;
      done += static_cast<size_t>(n);
    }
    ::close(fd);
    ok_ = done == text.size();
  }
  ~TemporaryFile() {
    if (!path_.empty()) ::unlink(path_.c_str());
  }
  TemporaryFile(const TemporaryFile&) = delete;
  TemporaryFile& operator=(const TemporaryFile&) = delete;
  bool ok() const { return ok_; }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool ok_ = false;
};

ordered_json group_json(const GroupTotals& g, int scale) {
  return {{"name", g.name},
          {"label", g.label},
          {"households_before", g.households_before},
          {"households_after", g.households_after},
          {"covered_before", g.covered_before},
          {"covered_after", g.covered_after},
          {"people_before", g.people_before.to_string()},
          {"people_after", g.people_after.to_string()},
          {"monthly_cost_before", amount_text(g.cost_before, scale)},
          {"monthly_cost_after", amount_text(g.cost_after, scale)},
          {"monthly_change", signed_amount_text(g.cost_after - g.cost_before, scale)},
          {"annual_change", signed_amount_text((g.cost_after - g.cost_before) * Exact::from_int(12), scale)}};
}

ordered_json summary_json(const WhatIfSummary& s) {
  int sc = s.scale;
  Exact twelve = Exact::from_int(12);
  ordered_json j = {{"policy", s.policy},       {"date", s.date},
                    {"baseline", s.baseline},   {"alternative", s.alternative},
                    {"alternative_how", s.alternative_how}, {"benefit", s.benefit_text},
                    {"people", s.people_text},  {"households", s.households},
                    {"rejected", s.rejected}};
  j["all"] = group_json(s.all, sc);
  j["cost"] = {{"monthly_before", amount_text(s.all.cost_before, sc)},
               {"monthly_after", amount_text(s.all.cost_after, sc)},
               {"monthly_change", signed_amount_text(s.difference(), sc)},
               {"annual_before", amount_text(s.all.cost_before * twelve, sc)},
               {"annual_after", amount_text(s.all.cost_after * twelve, sc)},
               {"annual_change", signed_amount_text(s.difference() * twelve, sc)}};
  j["newly_covered"] = {{"households", s.newly_covered}, {"people", s.people_newly_covered.to_string()}};
  j["dropped"] = {{"households", s.dropped}, {"people", s.people_dropped.to_string()}};
  j["gain"] = s.gain;
  j["lose"] = s.lose;
  j["unchanged"] = s.unchanged;
  for (const char* key : {"regions", "grades"}) {
    ordered_json list = ordered_json::array();
    for (const auto& g : std::string(key) == "regions" ? s.regions : s.grades) list.push_back(group_json(g, sc));
    j[key] = list;
  }
  ordered_json outputs = ordered_json::array();
  for (const auto& o : s.outputs)
    outputs.push_back({{"name", o.name},
                       {"label", o.label},
                       {"unit", o.unit},
                       {"before", o.in_before ? ordered_json(amount_text(o.before, o.scale)) : ordered_json(nullptr)},
                       {"after", o.in_after ? ordered_json(amount_text(o.after, o.scale)) : ordered_json(nullptr)}});
  j["outputs"] = outputs;
  j["unit"] = s.unit;  // of the cost; amounts of other units are beside it, never in it
  ordered_json beside = ordered_json::array();
  for (const auto& u : s.beside)
    beside.push_back({{"unit", u.unit}, {"outputs", u.outputs}, {"before", amount_text(u.before, u.scale)},
                      {"after", amount_text(u.after, u.scale)}, {"change", signed_amount_text(u.after - u.before, u.scale)}});
  j["beside"] = beside;
  j["notes"] = s.notes;
  j["violations"] = s.violations;
  ordered_json largest = ordered_json::array();
  for (const auto& c : s.largest)
    largest.push_back({{"id", c.id},
                       {"region", c.region},
                       {"before", amount_text(c.before, sc)},
                       {"after", amount_text(c.after, sc)},
                       {"change", signed_amount_text(c.after - c.before, sc)}});
  j["largest"] = largest;
  return j;
}

// The alternative the request names: exactly one of set, reform, against.
const model::Model* alternative_of(const Resolved& at, const Request& r, model::Model& changed, std::string& how,
                                   std::vector<std::string>& notes,
                                   ServiceError& error) {
  int given = (r.has_settings ? 1 : 0) + (r.reform ? 1 : 0) + (r.against ? 1 : 0);
  if (given != 1) {
    error = {400, "invalid_request", "give the alternative with exactly one of 'set', 'reform' or 'against'"};
    return nullptr;
  }
  try {
    if (r.has_settings) {
      std::vector<Setting> settings;
      std::vector<std::string> texts;
      for (const auto& text : r.settings) {
        settings.push_back(parse_setting(text));
        texts.push_back(fmt::format("{}={}", settings.back().target, settings.back().value));
      }
      changed = apply_settings(at.policy->set, *at.model, settings);
      how = fmt::format("--set {}", fmt::join(texts, ", --set "));
      return &changed;
    }
    if (r.reform) {
      changed = load_reform_text(at.policy->set, *at.model, "reform", *r.reform, &notes, at.day);
      how = "reform text";
      return &changed;
    }
    how = fmt::format("version {} of the policy", *r.against);
    return &find_version(at.policy->set, *r.against);
  } catch (const WhatIfError& e) {
    error = {422, "invalid_alternative", e.what()};
  } catch (const PolicyError& e) {
    error = {422, "invalid_alternative", diagnostics_text(e)};
  }
  return nullptr;
}

// The lines `errors` received, with the temporary file's name replaced.
ordered_json error_lines(const std::string& text, const std::string& path) {
  ordered_json lines = ordered_json::array();
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    for (size_t at = line.find(path); at != std::string::npos; at = line.find(path)) line.replace(at, path.size(), "request");
    lines.push_back(line);
  }
  return lines;
}

}  // namespace

Response whatif_response(const Resolved& at, const Request& r, std::string_view body) {
  ServiceError error;
  model::Model changed;
  std::string how;
  std::vector<std::string> notes;
  const model::Model* after = alternative_of(at, r, changed, how, notes, error);
  if (!after) return error_response(error);
  if (r.has_households == r.households_csv.has_value())
    return error_response({400, "invalid_request", "give the households as exactly one of 'households' (a list) "
                                                   "or 'households_csv' (the text of a CSV file)"});
  TemporaryFile file(r.households_csv ? *r.households_csv : std::string(body), r.households_csv ? ".csv" : ".json");
  if (!file.ok()) return error_response({500, "internal", "cannot write a temporary file for the households"});
  std::ostringstream detail, errors;
  WhatIfSummary s;
  try {
    s = run_whatif(*at.model, *after, {file.path()}, r.detail ? &detail : nullptr, errors, at.day);
  } catch (const WhatIfError& e) {  // e.g. no benefit to count
    return error_response({422, "invalid_alternative", e.what()});
  }
  s.date = at.date;
  s.alternative_how = how;
  s.notes = notes;
  s.fingerprint = at.policy->fingerprint;  // the briefing's facts, as `doudi whatif` gives them
  s.run_at = run_time_text();
  if (r.reform) s.description = after->description;
  s.scenario = scenario_changes(*at.model, *after);
  s.violations = alternative_violations(at.policy->set, *at.model, *after);
  std::ostringstream text;
  print_summary(s, text);
  ordered_json j = {{"fingerprint", at.policy->fingerprint}, {"summary", summary_json(s)}, {"text", text.str()}};
  j["errors"] = error_lines(errors.str(), file.path());
  if (r.detail) j["detail_csv"] = detail.str();
  if (r.report) j["report_html"] = whatif_report_html(s);
  long households = r.households_csv ? s.households + s.rejected + s.not_applicable : r.households;
  return {200, j.dump(2) + "\n", households};
}

}  // namespace doudi::service
