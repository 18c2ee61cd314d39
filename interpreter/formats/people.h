// The people file: a household roster as one row per person, joined to the
// households file by the household's id.
//
// Design note. Registers export two tables: households (one row each, with
// an `id`) and people (one row each, with a column `household` holding that
// id, and the member inputs). Each people row becomes a member of its
// household, in file order. A person is read exactly as a household field is
// (parse_input_value), and every way a roster can be wrong is a located
// error, never a default: a person whose household is not in the households
// file, a household with no people when the policy reads its members, a
// household that states a member count other than its people's.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/model.h"
#include "interpreter/formats/household_file.h"

namespace doudi {

// The columns of a people file, from its header: the member input each
// column fills (-1 for `household`, -2 for a column only another version
// reads).
struct PeopleColumns {
  std::vector<int> input;
  int household = -1;
};

// Checks a people header against the policy's member inputs (by name or
// label): a `household` column, every column a member input, none twice,
// every member input without a default present.
std::optional<HouseholdError> read_people_header(const model::Model& m, const std::string& path,
                                                 std::vector<std::string_view> header,
                                                 PeopleColumns& out,
                                                 const OtherInputs& other_inputs = {});

// One people record -> a member's slots (indexed like Model::inputs). `line`
// is the line it starts on, `household` the household's id. The error names
// the people file, the line, the household and the field.
std::optional<HouseholdError> csv_record_to_member(const model::Model& m, const std::string& path,
                                                   const PeopleColumns& columns,
                                                   const std::vector<std::string_view>& fields,
                                                   long line,
                                                   std::vector<std::optional<Exact>>& slots);

// "line 12 (household H0000007)": where a person is, for messages.
std::string person_place(long line, std::string_view household);

// The roster checks once a household has its people (from a people file,
// or YAML `people:`): none where the policy reads members ("no people"),
// and a stated member count that differs from them. `people_file` names
// where the people were looked for.
std::optional<HouseholdError> check_roster(const model::Model& m, const Household& h,
                                           const std::string& people_file);

// The message for a policy that reads member facts given households
// without people (a CSV without --people): what is missing, and how to give it.
std::string missing_people_message(const model::Model& m);

// Field `k` of a CSV record that holds no '"' (the text of one line, without
// its line break): the fast way the join finds ids. nullopt when the record
// has fewer fields.
std::optional<std::string_view> plain_field(std::string_view record, int k);

}  // namespace doudi
