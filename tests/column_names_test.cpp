// Tests for interpreter/formats/column_names.cpp: headings by name, label or
// "label (name)", and the one message for unknown columns.
#include "interpreter/formats/column_names.h"

#include "test_util.h"

using namespace doudi;

namespace {
model::Model make_model() {
  return load_policy_text("t.doudi", test::with_header(
      "household {\n  district : district \"所在县(市、区)\"\n  income : money \"月收入\"\n"
      "  other : money \"月收入\" = 0\n}\n"
      "member { age : integer \"年龄\" }\n"
      "rule r = income + other\noutput r\n"));
}
}  // namespace

TEST_CASE("column names: a heading is the input's name or its label") {
  auto m = make_model();
  int district = m.find_input("district", model::Scope::household);
  CHECK(input_by_heading(m, "district", model::Scope::household) == district);
  CHECK(input_by_heading(m, "所在县(市、区)", model::Scope::household) == district);
  CHECK(input_by_heading(m, " district ", model::Scope::household) == district);
  CHECK(input_by_heading(m, "年龄", model::Scope::member) == m.find_input("age", model::Scope::member));
  CHECK(input_by_heading(m, "年龄", model::Scope::household) == -1);
  CHECK(input_by_heading(m, "姓名", model::Scope::household) == -1);
}

TEST_CASE("column names: the bilingual heading doudi's Excel output writes") {
  auto m = make_model();
  CHECK(input_by_heading(m, "所在县(市、区) (district)", model::Scope::household) ==
        m.find_input("district", model::Scope::household));
  // The label must be the input's own.
  CHECK(input_by_heading(m, "年龄 (district)", model::Scope::household) == -1);
}

TEST_CASE("column names: a label two inputs share names neither") {
  auto m = make_model();
  CHECK(input_by_heading(m, "月收入", model::Scope::household) == -2);
  CHECK(input_by_heading(m, "income", model::Scope::household) >= 0);
}

TEST_CASE("column names: unknown columns are named together") {
  std::vector<std::string> names{"姓名", "身份证号"};
  std::string error = unknown_columns_message(names, model::Scope::household, ExtraColumns::error);
  CHECK(error.find("2 column(s) name no household input") != std::string::npos);
  CHECK(error.find("'姓名', '身份证号'") != std::string::npos);
  CHECK(error.find("--extra-columns") != std::string::npos);
  CHECK(unknown_columns_message(names, model::Scope::household, ExtraColumns::pass).find("copied to the output") !=
        std::string::npos);
  std::string one = unknown_columns_message({"salary"}, model::Scope::household, ExtraColumns::error);
  CHECK(one.rfind("the policy has no household input of this name or label", 0) == 0);
  CHECK(extra_columns_from_name("pass") == ExtraColumns::pass);
  CHECK_FALSE(extra_columns_from_name("keep"));
}
