// Tests for interpreter/formats/yaml_items.cpp: the items of a plain YAML
// household list found in the text, and every other shape left whole.
#include <doctest/doctest.h>

#include "interpreter/formats/yaml_items.h"

using namespace doudi;

TEST_CASE("yaml_items: a top-level list splits at each dash with its line") {
  auto items = yaml_list_items("# households\n- id: a\n  members: 1\n\n- id: b\n  people:\n    - {age: 3}\n");
  REQUIRE(items);
  REQUIRE(items->size() == 2);
  CHECK((*items)[0].line == 1);
  CHECK((*items)[0].text == "- id: a\n  members: 1\n\n");
  CHECK((*items)[1].line == 4);
  CHECK((*items)[1].text == "- id: b\n  people:\n    - {age: 3}\n");  // a member list stays in its item
}

TEST_CASE("yaml_items: a list under a lone households key splits at its indentation") {
  auto items = yaml_list_items("households:\n  - id: a\n  - id: b\n    members: 2\n");
  REQUIRE(items);
  REQUIRE(items->size() == 2);
  CHECK((*items)[1].line == 2);
  CHECK((*items)[1].text == "  - id: b\n    members: 2\n");
}

TEST_CASE("yaml_items: other shapes are read whole") {
  CHECK_FALSE(yaml_list_items("[{\"id\": \"a\"}]\n"));                      // JSON, flow style
  CHECK_FALSE(yaml_list_items("id: a\nmembers: 1\n"));                      // one household
  CHECK_FALSE(yaml_list_items("---\n- id: a\n"));                           // a document marker
  CHECK_FALSE(yaml_list_items("households:\n  - id: a\nnote: x\n"));        // a second top-level key
  CHECK_FALSE(yaml_list_items("households:\n  - id: a\nhouseholds:\n  - id: b\n"));  // the key twice
  CHECK_FALSE(yaml_list_items("- id: a\n\tmembers: 1\n"));                  // a tab
  CHECK_FALSE(yaml_list_items("- id: a\nmembers: 1\n"));                    // a key at the list's level
  CHECK_FALSE(yaml_list_items(""));
}
