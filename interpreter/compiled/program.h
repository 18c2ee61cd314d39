// Program: a checked model compiled once into a flat list of column
// operations, for evaluating many households at a time (fast_eval.h).
//
// Design note. Every value of the model becomes a column of int64 (one entry
// per household of a batch):
//  - a *fixed-point* value has a static scale s: the column holds value×10^s.
//    Money inputs are scale 2, round(x, 0.01) is scale 2, a product adds the
//    scales, a sum takes the larger one; codes (booleans, enumeration values,
//    districts, regions, dates) are scale 0. The compiler derives scales itself
//    from inputs, constants, table cells and round() units, so it never trusts
//    a figure it did not compute.
//  - a *rational* value (a quotient not rounded since) is two columns,
//    numerator and denominator (> 0), not reduced: exact, and cheap, because
//    round() and comparisons need only products and one division.
// kPoison (INT64_MIN) in a value's column marks a household for which the
// fast path cannot give that value: an int64 overflow, division by zero, a
// table cell written n/a, a key out of range, an operation it does not
// support. Poison propagates, except where the exact evaluator would not look
// (the untaken branch of if, the right side of a short-circuited and/or), so a
// household whose outputs are all free of poison got exactly the exact
// evaluator's result; any other household is evaluated again by it
// (Evaluator), which gives the result or the error. Results never depend on
// the fast path.
//
// The compiler emits only what the outputs need (rules on demand, once),
// folds constant subexpressions with Exact arithmetic, and shares identical
// operations (region_of(district) used by three tables is one lookup).
// Unknown operations compile to poison, so a new Op falls back rather than
// miscomputes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "dsl/model.h"

namespace doudi::fast {

inline constexpr int64_t kPoison = INT64_MIN;
inline constexpr int kMaxScale = 18;

enum class Kernel : uint8_t {
  // fixed point (operands at the same scale unless said)
  rescale,     // out = a × k0
  add, subtract, multiply, negate, abs,  // multiply: out scale = sum of scales
  min, max,
  clamp,       // a between b and c; b > c poisons (the evaluator reports it)
  compare,     // out = a (aux: Compare) b, as 0/1
  logical_and, logical_or, logical_not,  // short-circuit, like the evaluator
  select,      // a ? b : c
  round,       // q = a × k0 rounded (aux: mode) to a multiple of k1; out = q/k1 × k2
  divide_round,  // q = (a × k0) / (b × k1) rounded (aux: mode); out = q × k2
  exact_down,  // out = a / k0 when exact, else poison (an output printed at a smaller scale)
  lookup,      // a table cell; keys in Program::lookups[table]
  // rational (num, den) pairs: a/a2, b/b2, c/c2; out/out2
  r_from_quotient,  // (a × k0) / (b × k1), sign moved to the numerator
  r_add, r_subtract, r_multiply, r_divide, r_negate, r_abs,
  r_min, r_max, r_clamp, r_compare, r_select,
  r_round,     // q = a × k0 / (a2 × k1) rounded (aux: mode); out = q × k2
  r_to_fixed,  // out = a × k0 / a2 when exact, else poison
  r_add_fixed, // (±a × k0 ± b × k1 × a2) / (a2 × k0): a rational plus a fixed value
               // (b at scale log10 k0, times the constant k1); aux bit 0 negates
               // the rational, bit 1 the fixed value
};

enum class Compare : uint8_t { equal, not_equal, less, less_equal, greater, greater_equal };

struct Instr {
  Kernel kernel = Kernel::add;
  uint8_t aux = 0;  // Compare or RoundingMode
  int out = -1, out2 = -1;
  int a = -1, a2 = -1, b = -1, b2 = -1, c = -1, c2 = -1;
  int64_t k0 = 1, k1 = 1, k2 = 1;
  int table = -1;
};

// A table (or the district -> region map, or a series' year) as a flat array
// of cells at one scale; kPoison for a cell written n/a.
struct Lookup {
  std::vector<int> keys;        // key columns, in order
  std::vector<int64_t> sizes;   // values each key ranges over
  std::vector<int64_t> cells;   // row-major, like model::Table::cells
};

// How one household input arrives: its column and how its text is read.
struct InputColumn {
  int column = -1;
  int scale = 0;              // digits kept after the point (numbers); 0 for codes
  model::TypeKind kind = model::TypeKind::error;
  int enumeration = -1;
  bool readable = false;      // the fast readers can give it (else: the exact path)
  std::optional<int64_t> default_value;  // a constant default, at `scale`
};

// One declared output: a column at the output's printed scale (numbers) or a
// code (others).
struct OutputColumn {
  int column = -1;
  int scale = 0;
  model::TypeKind kind = model::TypeKind::error;
  int enumeration = -1;
};

struct Program {
  int columns = 0;                                 // columns per batch
  std::vector<std::pair<int, int64_t>> constants;  // column, value (filled once)
  std::vector<Instr> code;
  std::vector<Lookup> lookups;
  std::vector<InputColumn> inputs;                 // indexed like Model::inputs
  std::vector<OutputColumn> outputs;               // indexed like Model::outputs
  bool reads_members = false;  // count()/sum(): compiled for households without members
  int unsupported = 0;         // operations compiled to poison (for tests and bench notes)
};

// Compiles the model's outputs. Never fails: what it cannot compile poisons.
Program compile_program(const model::Model& m);

// A one-line summary ("41 operations, 58 columns, 2 lookups"), for benchmarks.
std::string describe(const Program& p);
// The program, one operation per line ("c12 = divide_round c3 c4 k=1,50,1"),
// for reading what the compiler made of a policy.
std::string listing(const Program& p);

}  // namespace doudi::fast
