// The columns of a CSV (or .xlsx) household or people file, by their
// headings: an input's name, its label as the policy writes it (Excel
// registers head their columns in Chinese: `所在县(市、区)`), or both as
// doudi's Excel outputs write them ("低保标准 (standard)"). Columns that name
// no input are, by --extra-columns, an error (default: a misspelled optional
// column must not silently leave its input at the default), ignored, or
// passed through to the output beside `id`; either way they are named
// together in one message.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "dsl/model.h"

namespace doudi {

enum class ExtraColumns { error, ignore, pass };

// "error", "ignore", "pass"; nullopt otherwise.
std::optional<ExtraColumns> extra_columns_from_name(std::string_view name);

// The input of `scope` a column heading names (its name, its label, or
// "label (name)"), or -1. A label two inputs share names neither: -2.
int input_by_heading(const model::Model& m, std::string_view heading, model::Scope scope);

// The one message for the columns that name no input: "2 column(s) name no
// household input of the policy (by name or label): '姓名', '身份证号' …"; for
// one column, the message about it (its error names it as the field).
std::string unknown_columns_message(const std::vector<std::string>& names, model::Scope scope,
                                    ExtraColumns mode);

}  // namespace doudi
