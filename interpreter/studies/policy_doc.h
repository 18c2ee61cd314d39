// The policy as a document for review and publication (`doudi doc`): one
// self-contained HTML page (inline CSS, no script, nothing fetched) that
// prints on A4 and reads on a phone. For each version: its effective date,
// what it amends, its sources; each table it writes or changes as a table
// with its Chinese label and its name, its source quote beside it and links
// to the rules that read it; each rule in the language with the comment
// above it in the file and its sources, linked to the tables and rules it
// reads; the province's rules (`require`) with whether each holds and by
// what margin. Then the history of every table figure across versions, old
// to new, with the change and its percentage.
#pragma once

#include <string>

#include "dsl/loader.h"

namespace doudi {

std::string policy_document_html(const PolicySet& set);

}  // namespace doudi
