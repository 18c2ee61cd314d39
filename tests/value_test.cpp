// Tests for interpreter/formats/value.cpp: reading household values by type, exactly,
// and printing results.
#include "test_util.h"

using namespace doudi;

namespace {
model::Model make_model() {
  return load_policy_text("t.doudi", test::with_header(
      "enum hukou = {urban \"城市\", rural \"农村\"}\nregion A = {任城区}\n"
      "household { d : district\n h : hukou\n n : integer\n m : money\n r : decimal(3)\n b : boolean\n t : date }\n"
      "rule a = 1\noutput a\n"));
}
const model::Type& type_of(const model::Model& m, const char* name) {
  return m.inputs[static_cast<size_t>(m.find_input(name, model::Scope::household))].type;
}
}  // namespace

TEST_CASE("value: numbers are read exactly and within their scale") {
  auto m = make_model();
  std::string why;
  CHECK(parse_value(m, type_of(m, "m"), "900.5", why)->to_fixed(2) == "900.50");
  CHECK_FALSE(parse_value(m, type_of(m, "m"), "900.505", why).has_value());
  CHECK(why.find("more than 2 digits") != std::string::npos);
  CHECK_FALSE(parse_value(m, type_of(m, "n"), "2.5", why).has_value());
  CHECK(why.find("not a whole number") != std::string::npos);
  CHECK_FALSE(parse_value(m, type_of(m, "n"), "three", why).has_value());
  CHECK(parse_value(m, type_of(m, "r"), "0.125", why).has_value());
  CHECK_FALSE(parse_value(m, type_of(m, "m"), "1e3", why).has_value());
}

TEST_CASE("value: enumerations by name or label — districts — booleans — dates") {
  auto m = make_model();
  std::string why;
  CHECK(parse_value(m, type_of(m, "h"), "rural", why)->to_int64() == 1);
  CHECK(parse_value(m, type_of(m, "h"), "城市", why)->to_int64() == 0);
  CHECK_FALSE(parse_value(m, type_of(m, "h"), "town", why).has_value());
  CHECK(why.find("urban, rural") != std::string::npos);
  CHECK(parse_value(m, type_of(m, "d"), "任城区", why)->to_int64() == 0);
  CHECK_FALSE(parse_value(m, type_of(m, "d"), "北京", why).has_value());
  CHECK(why.find("unknown district") != std::string::npos);
  CHECK(parse_value(m, type_of(m, "b"), "是", why)->to_int64() == 1);
  CHECK(parse_value(m, type_of(m, "b"), "0", why)->to_int64() == 0);
  CHECK_FALSE(parse_value(m, type_of(m, "b"), "maybe", why).has_value());
  CHECK(format_value(m, type_of(m, "t"), *parse_value(m, type_of(m, "t"), "2020-07-01", why), 0) == "2020-07-01");
  CHECK(format_value(m, type_of(m, "h"), Exact::from_int(1), 0) == "rural");
}

TEST_CASE("value: an input's bounds reject values outside — naming the bound") {
  auto m = load_policy_text("t.doudi", test::with_header("household {\n members : integer at least 1 at most 50\n}\n"
                                                         "rule a = members\noutput a\n"));
  const auto& in = m.inputs[0];
  std::string why;
  CHECK(parse_input_value(m, in, "1", why) == Exact::from_int(1));
  CHECK(parse_input_value(m, in, "50", why) == Exact::from_int(50));
  CHECK_FALSE(parse_input_value(m, in, "0", why));
  CHECK(why == "0 is below the least the policy allows (at least 1)");
  CHECK_FALSE(parse_input_value(m, in, "51", why));
  CHECK(why == "51 is above the most the policy allows (at most 50)");
  CHECK_FALSE(parse_input_value(m, in, "x", why));  // still a type error first
  CHECK(why.find("'x'") != std::string::npos);
}

TEST_CASE("value: a number too long for doudi is a household error — not a crash") {
  auto m = load_policy_text("t.doudi", test::with_header("household { income : money }\nrule a = income\noutput a\n"));
  std::string why;
  CHECK_FALSE(parse_value(m, m.inputs[0].type, std::string(100, '9'), why));
  CHECK(why.find("more digits than doudi supports") != std::string::npos);
}

TEST_CASE("value: bytes that are not UTF-8 are called an encoding problem") {
  auto m = make_model();
  std::string why;
  CHECK_FALSE(parse_value(m, type_of(m, "d"), "\xC8\xCE\xB3\xC7\xC7\xF8", why).has_value());  // 任城区 in GB18030
  CHECK(why.find("is not UTF-8 text (an encoding problem") != std::string::npos);
  CHECK(why.find("--encoding gb18030") != std::string::npos);
  CHECK_FALSE(parse_value(m, type_of(m, "h"), "\xFF", why).has_value());
  CHECK(why.find("not UTF-8") != std::string::npos);
  CHECK_FALSE(parse_value(m, type_of(m, "d"), "火星区", why).has_value());  // UTF-8, just unknown
  CHECK(why.find("unknown district '火星区'") != std::string::npos);
}
