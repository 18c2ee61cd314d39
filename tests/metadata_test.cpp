// Policy metadata (interpreter/formats/metadata.cpp, metadata_json.cpp, and the API's
// Policy::metadata in api/metadata.cpp): every input's facts a form needs,
// tables' figures, the fingerprint, and one JSON document for all of them.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "doudi/policy.h"
#include "interpreter/formats/metadata.h"
#include "interpreter/formats/metadata_json.h"
#include "interpreter/service/catalog.h"
#include "interpreter/service/metadata.h"
#include "test_util.h"

using doudi::test::source_path;

namespace {

const doudi::api::FieldInfo* find(const std::vector<doudi::api::FieldInfo>& fields, const std::string& name) {
  for (const auto& f : fields)
    if (f.name == name) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("metadata: Jining's inputs carry labels - units - bounds - defaults - enumeration labels and districts") {
  auto p = doudi::api::Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto m = p->metadata("2020-08-01");
  REQUIRE(m.ok());
  CHECK(m->policy == "jining.social_assistance");
  CHECK(m->version.version == "2020.07");
  CHECK(m->versions.size() == 3);
  const auto* income = find(m->inputs, "monthly_income");
  REQUIRE(income);
  CHECK(income->kind == doudi::api::FieldKind::money);
  CHECK(income->label == "家庭月收入");
  CHECK(income->unit == "per month");
  CHECK(income->scale == 2);
  CHECK_FALSE(income->has_default);
  REQUIRE(income->at_least.has_value());
  CHECK(*income->at_least == *doudi::api::Decimal::parse("0"));
  CHECK_FALSE(income->at_most.has_value());
  const auto* members = find(m->inputs, "members");
  REQUIRE(members);
  CHECK(*members->at_least == *doudi::api::Decimal::parse("1"));
  const auto* care = find(m->inputs, "care");
  REQUIRE(care);
  CHECK(care->kind == doudi::api::FieldKind::enumeration);
  CHECK(care->type == "care_tier");
  CHECK(care->has_default);
  CHECK(care->default_text == std::optional<std::string>("none"));
  REQUIRE(care->values.size() == 4);
  CHECK(care->values[2].name == "partial");
  CHECK(care->values[2].label == "部分丧失");
  const auto* district = find(m->inputs, "district");
  REQUIRE(district);
  REQUIRE(district->regions.size() == 2);
  CHECK(district->regions[0].name == "一类地区");
  CHECK(district->regions[1].districts.front() == "泗水县");
  CHECK(district->regions[0].districts.size() + district->regions[1].districts.size() == 14);
  CHECK(district->scope == doudi::api::Scope::household);
}

TEST_CASE("metadata: a table's figures by their keys - n/a as no value") {
  auto p = doudi::api::Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto t = p->table("2020-08-01", "dibao_standard");
  REQUIRE(t.ok());
  CHECK(t->label == "低保标准");
  REQUIRE(t->keys.size() == 2);
  CHECK(t->cell({"二类地区", "rural"}) == std::optional<std::string>("445"));
  CHECK(t->cell({"一类地区", "urban"}) == std::optional<std::string>("630"));
  CHECK_FALSE(t->cell({"三类地区", "urban"}).has_value());
  auto care = p->table("2020-08-01", "care_standard");
  REQUIRE(care.ok());
  CHECK_FALSE(care->cell({"none"}).has_value());  // written n/a
  CHECK(care->cell({"full"}) == std::optional<std::string>("580"));
  // The 2017 version's figures, by date.
  CHECK(p->table("2018-01-01", "dibao_standard")->cell({"urban"}) == std::optional<std::string>("570"));
  CHECK(p->table("2020-08-01", "nothing").status().code() == doudi::api::StatusCode::invalid_argument);
}

TEST_CASE("metadata: the JSON document is the structs rendered - the same facts") {
  auto p = doudi::api::Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto m = p->metadata("2020-08-01");
  REQUIRE(m.ok());
  auto j = nlohmann::json::parse(m->json);
  CHECK(j["name"] == "jining.social_assistance");
  CHECK(j["fingerprint"] == p->fingerprint());
  CHECK(j["versions"].size() == 3);
  const auto& v = j["version"];
  CHECK(v["version"] == "2020.07");
  CHECK(v["inputs"].size() == m->inputs.size());
  for (size_t i = 0; i < m->inputs.size(); ++i) {
    CHECK(v["inputs"][i]["name"] == m->inputs[i].name);
    CHECK(v["inputs"][i]["label"] == m->inputs[i].label);
    CHECK(v["inputs"][i]["type"] == doudi::api::field_kind_name(m->inputs[i].kind));
  }
  CHECK(v["inputs"][3]["at_least"] == "0");  // monthly_income
  CHECK(v["tables"][0]["name"] == "dibao_standard");
  CHECK(v["tables"][0]["cells"][3] == "445");
  CHECK(v["outputs"][2]["name"] == "dibao");
  CHECK(v["outputs"][2]["scale"] == 2);
  // The interpreter's function gives the same document from the model.
  auto set = doudi::load_policy(source_path("policies/jining"));
  auto fingerprint = doudi::metadata::policy_fingerprint(set);
  CHECK(fingerprint == p->fingerprint());
  auto again = doudi::metadata::policy_detail_json(doudi::metadata::policy_summary(set, fingerprint),
                                                   doudi::metadata::version_metadata(set.versions.back()));
  CHECK(again.dump() == m->json);
}

TEST_CASE("metadata: the fingerprint follows the files - one changed figure changes it") {
  auto text = [](const std::string& figure) {
    return "policy t.p\nversion 1\neffective 2020-01-01\nhousehold {\n  income : money per month\n}\n"
           "rule a = income + " + figure + "\noutput a\n";
  };
  auto a = doudi::api::Policy::load_text("t.doudi", text("1"));
  auto b = doudi::api::Policy::load_text("t.doudi", text("1"));
  auto c = doudi::api::Policy::load_text("t.doudi", text("2"));
  REQUIRE(a.ok());
  REQUIRE(b.ok());
  REQUIRE(c.ok());
  CHECK(a->fingerprint().size() == 45);
  CHECK(a->fingerprint().rfind("sha1:", 0) == 0);
  CHECK(a->fingerprint() == b->fingerprint());
  CHECK(a->fingerprint() != c->fingerprint());
}

TEST_CASE("metadata: doudi serve's policy document is the API's - byte for byte") {
  auto p = doudi::api::Policy::load(source_path("policies/jining"));
  REQUIRE(p.ok());
  auto catalog = doudi::service::load_catalog({source_path("policies/jining")}, 1);
  const auto& served = catalog->policies[0];
  CHECK(served.fingerprint == p->fingerprint());
  for (const auto& [date, index] : std::vector<std::pair<std::string, size_t>>{{"2018-01-01", 1}, {"2020-08-01", 2}}) {
    auto m = p->metadata(date);
    REQUIRE(m.ok());
    CHECK(doudi::service::policy_detail(served, served.set.versions[index]).dump() == m->json);
  }
}
