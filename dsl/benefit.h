// The benefit a what-if counts: `benefit NAME, NAME…` names the outputs that
// are amounts paid to a household (a dibao, a tekun support, a one-off grant),
// as opposed to outputs that only inform (a per-capita income, a standard, a
// status). Without the line it is derived: the money output `total`, else the
// only money output; a policy with several money outputs and neither must say
// (docs/LANGUAGE.md, "What-if runs").
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "dsl/model.h"
#include "base/source.h"
#include "dsl/syntax.h"

namespace doudi {

// Resolves `decl` against the checked outputs of `m` into m.benefit: each
// name a household money output, none twice, none already counted inside
// another listed one (an additive term of it, through its rules). Problems
// are appended to `errors` with the name's position.
void check_benefit(const std::optional<syntax::BenefitDecl>& decl, model::Model& m,
                   std::vector<Diagnostic>& errors);

// The outputs a what-if counts for `m`: m.benefit when declared, else the
// derived ones (see above); empty when there is none (then `why` says what
// to write).
std::vector<int> benefit_outputs(const model::Model& m, std::string& why);

// Whether output `total` adds up output `part` (part's rule is an additive
// term of total's: dibao inside total = dibao + tekun_support + …).
bool output_adds_up(const model::Model& m, int total, int part);

// "per month", "per year", "one-off" …: the unit an amount of `period` is
// reported in (an amount whose unit phrase names no time is one-off).
std::string period_unit(model::Type::Period period);

}  // namespace doudi
