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

// The kernel table: every operation of a Program, its name in listings and
// what it computes. The Kernel enumeration and kernel_name() come from it,
// so a kernel is added in one place (and fast_eval.cpp's execute() must run
// it; an unknown one poisons). Fixed-point operands are at the same scale
// unless said; rational (num, den) pairs are a/a2, b/b2, c/c2 -> out/out2.
// `member` instructions run over the batch's people instead of its
// households (see Instr::member).
#define DOUDI_KERNELS(X)                                                                   \
  X(rescale, "rescale", "out = a × k0")                                                   \
  X(add, "add", "a + b")                                                                  \
  X(subtract, "subtract", "a - b")                                                        \
  X(multiply, "multiply", "a × b; out scale = the sum of the scales")                     \
  X(negate, "negate", "-a")                                                               \
  X(abs, "abs", "|a|")                                                                    \
  X(min, "min", "min(a, b)")                                                              \
  X(max, "max", "max(a, b)")                                                              \
  X(clamp, "clamp", "a between b and c; b > c poisons (the evaluator reports it)")        \
  X(compare, "compare", "a (aux: Compare) b, as 0/1")                                     \
  X(logical_and, "and", "short-circuit, like the evaluator")                              \
  X(logical_or, "or", "short-circuit, like the evaluator")                                \
  X(logical_not, "not", "!a")                                                             \
  X(select, "select", "a ? b : c")                                                        \
  X(round, "round", "q = a × k0 rounded (aux: mode) to a multiple of k1; out = q/k1 × k2") \
  X(divide_round, "divide_round", "q = (a × k0) / (b × k1) rounded (aux: mode); out = q × k2") \
  X(exact_down, "exact_down", "a / k0 when exact, else poison (an output printed at a smaller scale)") \
  X(lookup, "lookup", "a table cell; keys in Program::lookups[table]")                    \
  X(r_from_quotient, "r_from_quotient", "(a × k0) / (b × k1), sign moved to the numerator") \
  X(r_add, "r_add", "a/a2 + b/b2")                                                        \
  X(r_subtract, "r_subtract", "a/a2 - b/b2")                                              \
  X(r_multiply, "r_multiply", "a/a2 × b/b2")                                              \
  X(r_divide, "r_divide", "a/a2 ÷ b/b2")                                                  \
  X(r_negate, "r_negate", "-a/a2")                                                        \
  X(r_abs, "r_abs", "|a/a2|")                                                             \
  X(r_min, "r_min", "min of two rationals")                                               \
  X(r_max, "r_max", "max of two rationals")                                               \
  X(r_clamp, "r_clamp", "a/a2 between b/b2 and c/c2")                                     \
  X(r_compare, "r_compare", "a/a2 (aux: Compare) b/b2, as 0/1")                           \
  X(r_select, "r_select", "a ? b/b2 : c/c2")                                              \
  X(r_round, "r_round", "q = a × k0 / (a2 × k1) rounded (aux: mode); out = q × k2")       \
  X(r_to_fixed, "r_to_fixed", "a × k0 / a2 when exact, else poison")                      \
  X(r_add_fixed, "r_add_fixed",                                                           \
    "(±a × k0 ± b × k1 × a2) / (a2 × k0): a rational plus a fixed value b at scale "      \
    "log10 k0, times the constant k1; aux bit 0 negates the rational, bit 1 the fixed")   \
  X(broadcast, "broadcast", "member: each person gets household column a's value")        \
  X(member_sum, "member_sum", "household: the sum of member column a over its people")    \
  X(age, "age", "whole years from day a (a birth date) to day b; a after b poisons")      \
  X(months_between, "months_between", "months from day a to day b, the part month rounded (aux: mode)")

enum class Kernel : uint8_t {
#define DOUDI_KERNEL_ENUM(kernel, name, what) kernel,
  DOUDI_KERNELS(DOUDI_KERNEL_ENUM)
#undef DOUDI_KERNEL_ENUM
};

// The kernel's name in listings ("divide_round").
const char* kernel_name(Kernel k);

enum class Compare : uint8_t { equal, not_equal, less, less_equal, greater, greater_equal };

struct Instr {
  Kernel kernel = Kernel::add;
  uint8_t aux = 0;  // Compare or RoundingMode
  int out = -1, out2 = -1;
  int a = -1, a2 = -1, b = -1, b2 = -1, c = -1, c2 = -1;
  int64_t k0 = 1, k1 = 1, k2 = 1;
  int table = -1;
  // Runs over the batch's people (member columns: one entry per person, the
  // people of household 0 first) instead of its households. Household
  // operands of a member operation are broadcast first; member_sum takes a
  // member column to a household one.
  bool member = false;
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
  bool member = false;        // a member input: a member column, one entry per person
};

// One declared output: a column at the output's printed scale (numbers) or a
// code (others).
struct OutputColumn {
  int column = -1;
  int scale = 0;
  model::TypeKind kind = model::TypeKind::error;
  int enumeration = -1;
};

// One per-member output: for each person, the value (a member column at the
// output's scale, or a code) and whether the person is on the output's list.
struct MemberOutputColumn {
  int column = -1;
  int listed = -1;  // member column, 0/1; -1: every member
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
  std::vector<MemberOutputColumn> member_outputs;  // indexed like Model::member_outputs
  // The household column holding each household's number of people, which
  // the caller writes (with the member input columns) before running; -1
  // when the policy has no members.
  int member_count = -1;
  // The household input stating the number of people (its default is
  // count(member)), or -1: where a file leaves it out, the caller writes the
  // count into its column; where a file gives it, a household whose count
  // differs is not the program's (people.h's check_roster rejects it).
  int member_count_input = -1;
  bool reads_members = false;  // some output reads the people
  std::optional<int> evaluation_date;  // what evaluation_date compiled to (nullopt: poison)
  int unsupported = 0;         // operations compiled to poison (for tests and bench notes)
};

// Compiles the model's outputs (and per-member outputs). Never fails: what
// it cannot compile poisons. `evaluation_date` is the day rules see as
// evaluation_date (a constant of the program); without it, what reads it
// poisons and the exact evaluator answers.
Program compile_program(const model::Model& m, std::optional<int> evaluation_date = std::nullopt);

// A one-line summary ("41 operations, 58 columns, 2 lookups"), for benchmarks.
std::string describe(const Program& p);
// The program, one operation per line ("c12 = divide_round c3 c4 k=1,50,1"),
// for reading what the compiler made of a policy.
std::string listing(const Program& p);

}  // namespace doudi::fast
