// The C++ embedding API (api/api.cpp, include/doudi/policy.h): loading,
// versions, inputs and outputs, evaluation on a date, explanations, many
// households at once, and evaluation from several threads — checked against
// hand calculations and the golden output of the reference workload.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <thread>

#include "doudi/policy.h"

using namespace doudi::api;

namespace {

std::string source_path(const std::string& relative) { return std::string(DOUDI_SOURCE_DIR) + "/" + relative; }

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> fields;
  std::stringstream s(line);
  std::string f;
  while (std::getline(s, f, ',')) fields.push_back(f);
  return fields;
}

// The reference workload's households (a plain CSV: no quotes).
std::vector<Household> reference_households() {
  std::ifstream in(source_path("tests/data/reference_households_10k.csv"));
  std::string line;
  std::getline(in, line);
  auto header = split(line);
  std::vector<Household> out;
  while (std::getline(in, line)) {
    auto fields = split(line);
    Household h;
    for (size_t i = 0; i < header.size(); ++i) {
      if (header[i] == "id") h.id = fields[i];
      else h.fields[header[i]] = fields[i];
    }
    out.push_back(std::move(h));
  }
  return out;
}

// Results as `doudi run --format csv` prints them.
std::string csv(const Policy& p, const std::vector<Result<Evaluation>>& results) {
  std::string out = "id";
  for (const auto& o : *p.outputs("2020-08-01")) out += "," + o.name;
  out += "\n";
  for (const auto& r : results) {
    REQUIRE_MESSAGE(r.ok(), r.status().message());
    out += r->household;
    for (const auto& o : r->outputs) out += "," + o.text;
    out += "\n";
  }
  return out;
}

Household renc_urban_3() {
  return Household{"renc-urban-3",
                   {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "900.00"}},
                   {}};
}

}  // namespace

TEST_CASE("api: a policy directory loads with its versions — in effective order") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  auto versions = p->versions();
  REQUIRE(versions.size() == 3);
  CHECK(versions[0].version == "2016");
  CHECK(versions[1].version == "2017");
  CHECK(versions[2].version == "2020.07");
  CHECK(versions[2].effective == "2020-07-01");
  CHECK(versions[2].policy == "jining.social_assistance");
  CHECK(p->version_in_force("2020-08-01")->version == "2020.07");
  CHECK(p->version_in_force("2020-06-30")->version == "2017");
}

TEST_CASE("api: inputs and outputs of the version in force — with types and labels") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto inputs = p->inputs("2020-08-01");
  REQUIRE(inputs.ok());
  auto find = [](const std::vector<FieldInfo>& fields, const std::string& name) -> const FieldInfo* {
    for (const auto& f : fields)
      if (f.name == name) return &f;
    return nullptr;
  };
  REQUIRE(find(*inputs, "monthly_income") != nullptr);
  CHECK(find(*inputs, "monthly_income")->type == "money");
  REQUIRE(find(*inputs, "hukou")->values.size() == 2);
  CHECK(find(*inputs, "hukou")->values[0].name == "urban");
  CHECK(find(*inputs, "hukou")->values[1].label == "农村");
  CHECK(find(*inputs, "tekun")->has_default);
  CHECK_FALSE(find(*inputs, "members")->has_default);
  auto outputs = p->outputs("2020-08-01");
  REQUIRE(outputs.ok());
  std::vector<std::string> names;
  for (const auto& o : *outputs) names.push_back(o.name);
  CHECK(names == std::vector<std::string>{"per_capita_income", "standard", "dibao", "tekun", "total"});
  CHECK(find(*outputs, "dibao")->label == "低保金");
  CHECK(find(*outputs, "dibao")->scale == 2);
}

TEST_CASE("api: the date picks the version (hand calculation)") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  // 900.00 for 3 people is 300.00 a head. 2020.07: 任城区 is tier 1, urban
  // standard 630, dibao (630 - 300) x 3 = 990.00. 2017: one urban standard of
  // 570, dibao (570 - 300) x 3 = 810.00.
  auto now = p->evaluate(renc_urban_3(), "2020-08-01");
  REQUIRE_MESSAGE(now.ok(), now.status().message());
  CHECK(now->version == "2020.07");
  CHECK(now->household == "renc-urban-3");
  CHECK(now->find("per_capita_income")->text == "300.00");
  CHECK(now->find("dibao")->text == "990.00");
  CHECK(now->find("dibao")->number->unscaled() == 99000);
  CHECK(now->find("nothing") == nullptr);
  auto then = p->evaluate(renc_urban_3(), "2018-03-01");
  REQUIRE(then.ok());
  CHECK(then->version == "2017");
  CHECK(then->find("dibao")->text == "810.00");
  CHECK(*now->find("dibao")->number - *then->find("dibao")->number == *Decimal::parse("180"));
}

TEST_CASE("api: a bad date — or one before every version — is an invalid_argument") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto bad = p->evaluate(renc_urban_3(), "2020-13-01");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::invalid_argument);
  CHECK(bad.status().message().find("2020-13-01") != std::string::npos);
  auto early = p->version_in_force("2010-01-01");
  REQUIRE_FALSE(early.ok());
  CHECK(early.status().code() == StatusCode::invalid_argument);
  CHECK(early.status().message().find("2016-01-01") != std::string::npos);
  auto many = p->evaluate_many({renc_urban_3(), renc_urban_3()}, "yesterday");
  REQUIRE(many.size() == 2);
  CHECK(many[1].status().code() == StatusCode::invalid_argument);
}

TEST_CASE("api: the example households give what `doudi run` prints (README)") {
  auto p = Policy::load(source_path("policies/jining"));
  auto households = read_households_file(source_path("examples/jining/households.yaml"));
  REQUIRE(p.ok());
  REQUIRE(households.ok());
  REQUIRE(households->size() == 6);
  auto results = p->evaluate_many(*households, "2020-08-01", 2);
  // The totals column of README.md's first command.
  std::vector<std::string> totals;
  for (const auto& r : results) totals.push_back(r->find("total")->text);
  CHECK(totals == std::vector<std::string>{"990.00", "780.00", "0.00", "770.01", "1200.00", "750.00"});
  for (size_t i = 0; i < results.size(); ++i) {
    auto one = p->evaluate((*households)[i], "2020-08-01");
    REQUIRE(one.ok());
    for (size_t o = 0; o < one->outputs.size(); ++o) CHECK(one->outputs[o].text == results[i]->outputs[o].text);
  }
}

TEST_CASE("api: a household the policy cannot take is an error value — the others still evaluate") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  Household unknown = renc_urban_3();
  unknown.fields["income"] = "1";
  Household unreadable = renc_urban_3();
  unreadable.fields["members"] = "three";
  Household missing = renc_urban_3();
  missing.fields.erase("hukou");
  auto results = p->evaluate_many({unknown, renc_urban_3(), unreadable, missing}, "2020-08-01");
  REQUIRE(results.size() == 4);
  CHECK(results[0].status().code() == StatusCode::household_error);
  CHECK(results[0].status().message().find("'income'") != std::string::npos);
  CHECK(results[1]->find("dibao")->text == "990.00");
  CHECK(results[2].status().code() == StatusCode::household_error);
  CHECK(results[2].status().message().find("'members'") != std::string::npos);
  CHECK(results[3].status().code() == StatusCode::household_error);
  CHECK(results[3].status().message().find("'hukou'") != std::string::npos);
  // The same as data: household id, row, field and reason.
  const ErrorPlace& place = results[2].status().place();
  CHECK(place.household == "renc-urban-3");
  CHECK(place.row == 3);
  CHECK(place.field == "members");
  CHECK(place.reason.find("'three'") != std::string::npos);
  CHECK(place.reason.find("field") == std::string::npos);  // the reason alone
  CHECK(results[3].status().place().field == "hukou");
  CHECK(results[0].status().place().field == "income");
  // evaluate() gives the same place (no row: one household).
  auto one = p->evaluate(unreadable, "2020-08-01");
  CHECK(one.status().place().field == "members");
  CHECK(one.status().place().household == "renc-urban-3");
  // Results carry the version and the policy's fingerprint.
  CHECK(results[1]->version == "2020.07");
  CHECK(results[1]->fingerprint == p->fingerprint());
}

TEST_CASE("api: an output needing a figure written n/a is n/a with its reason - the others given") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  Household h = renc_urban_3();
  h.fields["tekun"] = "true";  // 2016's tekun standard is n/a
  auto r = p->evaluate(h, "2016-06-01");
  REQUIRE(r.ok());
  const OutputValue* tekun = r->find("tekun");
  REQUIRE(tekun);
  CHECK(tekun->text == "n/a");
  CHECK_FALSE(tekun->number.has_value());
  CHECK(tekun->not_applicable.find("has no figure for this household (the cell is written n/a)") != std::string::npos);
  CHECK(r->find("total")->text == "n/a");
  CHECK(r->find("standard")->text == "520.00");  // 2016's urban dibao standard, still given
  CHECK(r->find("standard")->not_applicable.empty());
  // evaluate_many, the batch path, says the same.
  auto many = p->evaluate_many({h}, "2016-06-01");
  REQUIRE(many[0].ok());
  CHECK(many[0]->find("tekun")->not_applicable == tekun->not_applicable);
}

TEST_CASE("api: the library's version is the project's") {
  CHECK(std::string(doudi::version()) == "0.1.0");
  CHECK(std::string(doudi::api::version()) == doudi::version());
}

TEST_CASE("api: the explanation names the rules — the table cell and its source") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto e = p->explain(renc_urban_3(), "2020-08-01", "dibao");
  REQUIRE_MESSAGE(e.ok(), e.status().message());
  CHECK(e->text.find("低保金") != std::string::npos);
  CHECK(e->text.find("990.00") != std::string::npos);
  CHECK(e->json.find("\"derivation\"") != std::string::npos);
  CHECK(e->json.find("\"table\": \"dibao_standard\"") != std::string::npos);
  CHECK(e->json.find("\"region\": \"一类地区\"") != std::string::npos);
  CHECK(e->json.find("\"name\": \"total\"") == std::string::npos);  // only the output asked for
  auto unknown = p->explain(renc_urban_3(), "2020-08-01", "nothing");
  CHECK(unknown.status().code() == StatusCode::invalid_argument);
}

TEST_CASE("api: reference workload through evaluate_many is byte-identical to the golden CLI output") {
  auto p = Policy::load(source_path("policies/reference"));
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  auto households = reference_households();
  REQUIRE(households.size() == 10000);
  std::string expected = slurp(source_path("tests/data/reference_expected_10k.csv"));
  REQUIRE(!expected.empty());
  CHECK(csv(*p, p->evaluate_many(households, "2020-08-01", 1)) == expected);
  CHECK(csv(*p, p->evaluate_many(households, "2020-08-01", 3)) == expected);
}

TEST_CASE("api: evaluation from two threads at once gives the same results as from one") {
  auto p = Policy::load(source_path("policies/reference"));
  REQUIRE(p.ok());
  auto households = reference_households();
  households.resize(3000);
  auto one_by_one = [&](const Policy& policy) {
    std::vector<Result<Evaluation>> results;
    for (const auto& h : households) results.push_back(policy.evaluate(h, "2020-08-01"));
    return results;
  };
  std::string alone = csv(*p, one_by_one(*p));
  std::string first, second, batched;
  {
    // One Policy shared: two threads evaluating household by household, a
    // third through the batch path, all at once.
    std::thread a([&] { first = csv(*p, one_by_one(*p)); });
    std::thread b([&] { second = csv(*p, one_by_one(*p)); });
    std::thread c([&] { batched = csv(*p, p->evaluate_many(households, "2020-08-01", 2)); });
    a.join();
    b.join();
    c.join();
  }
  std::string expected = slurp(source_path("tests/data/reference_expected_10k.csv"));
  size_t cut = 0;  // the golden file's header and first 3000 rows
  for (int lines = 0; lines < 3001; ++lines) cut = expected.find('\n', cut) + 1;
  CHECK(alone == expected.substr(0, cut));
  CHECK(first == alone);
  CHECK(second == alone);
  CHECK(batched == alone);
}

// Jining's programmes: an orphan without guardian, in secondary vocational
// school, born 2002-08-02 (17 on 2020-08-01, 18 the next day).
Result<std::vector<Household>> orphan_born_2002_08_02() {
  return read_households_text(
      "- {id: o, district: 泗水县, hukou: rural, monthly_income: 0,\n"
      "   people: [{birth_date: 2002-08-02, orphan: true, study: secondary_vocational, no_guardian: true, care: self}]}\n");
}

TEST_CASE("api: the date is also what rules see as evaluation_date (age on a birthday)") {
  // Jining's programmes: an orphan without guardian is tekun while a minor
  // (Zoucheng's rule, to 18). Born 2002-08-02: 17 on 2020-08-01, 18 the next day.
  auto p = Policy::load(source_path("policies/jining/programmes"));
  REQUIRE(p.ok());
  auto hs = orphan_born_2002_08_02();
  REQUIRE(hs.ok());
  const Household& h = (*hs)[0];
  auto minor = p->evaluate(h, "2020-08-01");
  REQUIRE_MESSAGE(minor.ok(), minor.status().message());
  CHECK(minor->find("tekun")->text == "750.00");  // as `doudi run --date 2020-08-01` prints
  auto adult = p->evaluate(h, "2020-08-02");
  REQUIRE(adult.ok());
  CHECK(adult->find("tekun")->text == "0.00");
  auto many = p->evaluate_many({h, h}, "2020-08-02", 2);
  REQUIRE(many.size() == 2);
  REQUIRE(many[0].ok());
  CHECK(many[0]->find("tekun")->text == "0.00");
  CHECK(many[0]->find("total")->text == adult->find("total")->text);
}

TEST_CASE("api: per-member outputs come back by member — from evaluate and evaluate_many alike") {
  // The orphan turning 18 on 2020-08-02 gets the study aid (10000 a year)
  // as `doudi run --date 2020-08-02` prints it: orphan_aid 1:10000.00.
  auto p = Policy::load(source_path("policies/jining/programmes"));
  REQUIRE(p.ok());
  auto hs = orphan_born_2002_08_02();
  REQUIRE(hs.ok());
  auto one = p->evaluate((*hs)[0], "2020-08-02");
  REQUIRE_MESSAGE(one.ok(), one.status().message());
  const MemberOutputValues* aid = nullptr;
  for (const auto& mo : one->member_outputs)
    if (mo.name == "orphan_aid") aid = &mo;
  REQUIRE(aid != nullptr);
  REQUIRE(aid->members.size() == 1);
  CHECK(aid->members[0] == 0);
  CHECK(aid->values[0].text == "10000.00");
  CHECK(*aid->values[0].number == *Decimal::parse("10000"));
  auto many = p->evaluate_many({(*hs)[0]}, "2020-08-02", 1);
  REQUIRE(many[0].ok());
  REQUIRE(many[0]->member_outputs.size() == one->member_outputs.size());
  for (size_t i = 0; i < one->member_outputs.size(); ++i) {
    CHECK(many[0]->member_outputs[i].members == one->member_outputs[i].members);
    REQUIRE(many[0]->member_outputs[i].values.size() == one->member_outputs[i].values.size());
    for (size_t k = 0; k < one->member_outputs[i].values.size(); ++k)
      CHECK(many[0]->member_outputs[i].values[k].text == one->member_outputs[i].values[k].text);
  }
  // A policy without per-member outputs has none.
  auto jining = Policy::load(source_path("policies/jining"));
  REQUIRE(jining.ok());
  auto plain = jining->evaluate(renc_urban_3(), "2020-08-02");
  REQUIRE(plain.ok());
  CHECK(plain->member_outputs.empty());
}

// ---- one household reader (issue 15) -------------------------------------------

TEST_CASE("api: input limits hold in evaluate — evaluate_many — as in doudi run") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  Household negative{"neg", {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "-5"}}, {}};
  Household nobody{"zero", {{"district", "任城区"}, {"hukou", "urban"}, {"members", "0"}, {"monthly_income", "100.00"}}, {}};
  Household good{"ok", {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "900.00"}}, {}};
  auto one = p->evaluate(negative, "2020-08-01");
  REQUIRE_FALSE(one.ok());
  CHECK(one.status().code() == StatusCode::household_error);
  CHECK(one.status().message().find("field 'monthly_income': -5 is below the least the policy allows (at least 0)") !=
        std::string::npos);
  auto many = p->evaluate_many({negative, nobody, good}, "2020-08-01", 1);
  REQUIRE(many.size() == 3);
  REQUIRE_FALSE(many[0].ok());
  CHECK(many[0].status().code() == StatusCode::household_error);
  REQUIRE_FALSE(many[1].ok());
  CHECK(many[1].status().code() == StatusCode::household_error);  // not an evaluation "division by zero"
  CHECK(many[1].status().message().find("household 2 (id zero): field 'members': 0 is below the least") !=
        std::string::npos);
  REQUIRE(many[2].ok());
  CHECK(many[2]->find("dibao")->text == "990.00");
}

TEST_CASE("api: the documented households: list and CSV files read as doudi run reads them") {
  auto listed = read_households_file(source_path("examples/jining-programmes/households.yaml"));
  REQUIRE_MESSAGE(listed.ok(), listed.status().message());
  CHECK(listed->size() >= 5);
  CHECK(listed->front().id == "renc-rigid-expenditure-student");
  auto csv = read_households_file(source_path("examples/jining/households.csv"));
  REQUIRE_MESSAGE(csv.ok(), csv.status().message());
  REQUIRE(csv->size() == 6);
  CHECK((*csv)[0].id == "renc-urban-3");
  CHECK((*csv)[0].fields.at("monthly_income") == "900.00");
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto r = p->evaluate_many(*csv, "2020-08-01");
  REQUIRE(r[0].ok());
  CHECK(r[0]->find("total")->text == "990.00");
}

TEST_CASE("api: members that disagree with the people listed are a household error") {
  auto p = Policy::load(source_path("policies/jining/programmes"));
  REQUIRE(p.ok());
  Household h{"m", {{"district", "任城区"}, {"hukou", "urban"}, {"members", "3"}, {"monthly_income", "0"}},
              {{{"birth_date", "1970-01-01"}}}};
  auto r = p->evaluate(h, "2020-08-01");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::household_error);
  CHECK(r.status().message().find("3 member(s) given but 1 listed under people") != std::string::npos);
  h.fields.erase("members");  // left to its default, count(member): fine
  CHECK(p->evaluate(h, "2020-08-01").ok());
}

TEST_CASE("api: evaluate_many rejects a household whose id an earlier one has - in its place") {
  auto p = Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  Household a = renc_urban_3(), b = renc_urban_3();
  b.id = "other";
  auto results = p->evaluate_many({a, b, a}, "2020-08-01");
  REQUIRE(results.size() == 3);
  CHECK(results[0].ok());
  CHECK(results[1].ok());
  REQUIRE_FALSE(results[2].ok());
  CHECK(results[2].status().code() == StatusCode::household_error);
  CHECK(results[2].status().place().row == 3);
  CHECK(results[2].status().place().field == "id");
  CHECK(results[2].status().place().household == "renc-urban-3");
  CHECK(results[2].status().message().find("given to an earlier household") != std::string::npos);
}
