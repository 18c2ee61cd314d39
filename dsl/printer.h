// Printer: a checked expression back to policy text, for messages, `doudi
// diff` (two rules differ when their text differs) and explanations.
#pragma once

#include <string>

#include "dsl/model.h"

namespace doudi {

// The expression as the language writes it, with only the parentheses needed:
// "if not tekun and per_capita_income < dibao_standard then … else 0".
std::string expression_text(const model::Model& m, const model::Expr& e);

// A value of type `t` as text: "630", "1000/3", "urban", "任城区", "2020-07-01".
std::string value_text(const model::Model& m, const model::Type& t, const Exact& v);

// An exact number for people: "590", or "118/89 ≈ 1.3258" for a repeating fraction.
std::string approximate_text(const Exact& v);
// A derived figure with its operands, not a reduced fraction: "590 / 445 ≈
// 1.3258", "1.3 × 380 = 494". `op` is "/", "×", "+" or "-".
std::string operands_text(const char* op, const Exact& a, const Exact& b, const Exact& value);
// A side of a require shown with its two operands when it has them (a
// division, product, sum or difference: Evaluator::InvariantOutcome), else as
// approximate_text.
std::string side_text(const model::Expr& side, const Exact& value, const std::vector<Exact>& operands);

}  // namespace doudi
