// Trace: what the evaluator did for one household, recorded only when asked
// (Evaluator::set_trace), so `doudi explain` can show every rule used, its
// value, the inputs it read, the table cell chosen (and the region group a
// district fell in), each rounding before and after, and the branch taken.
// Rules that were not needed are not evaluated, so they are not in the trace.
#pragma once

#include <optional>
#include <vector>

#include "dsl/model.h"
#include "base/exact.h"

namespace doudi {

struct TraceInput {
  int input = -1;         // index in Model::inputs
  Exact value;
  bool defaulted = false;  // the household did not give it; its default applied
};

struct TraceLookup {
  int table = -1;          // index in Model::tables
  size_t cell = 0;
  std::optional<Exact> value;
  int district = -1;       // when a key came from a district: which one (its region is the key)
};

struct TraceRounding {
  Exact before, after, unit;
  RoundingMode mode = RoundingMode::half_up;
  Position position;
  // When what was rounded is a quotient: its dividend and divisor, so it can
  // be shown as 14686 / 12 rather than 7343/6.
  std::vector<Exact> quotient;
};

// A clamp(x, low, high): the value and the bound that bit, if one did.
struct TraceClamp {
  Position position;
  Exact value, low, high;
  int bound = 0;  // -1: raised to the low bound; 1: cut to the high bound; 0: within
};

struct TraceBranch {
  Position position;
  bool then_taken = false;
};

struct TraceSeries {
  int series = -1;
  int year = 0;
  Exact value;
};

struct RuleTrace {
  int rule = -1;
  Exact value;
  std::vector<int> rules;  // rules this one used, in first-use order
  std::vector<TraceInput> inputs;
  std::vector<TraceLookup> lookups;
  std::vector<TraceSeries> series;
  std::vector<TraceRounding> roundings;
  std::vector<TraceBranch> branches;
  std::vector<TraceClamp> clamps;
};

// One member's value of a per-member output (`output per member …`).
struct MemberValue {
  int member = 0;  // index into Household::members
  Exact value;
};

struct Trace {
  // By rule index; set for every rule evaluated for the household.
  std::vector<std::optional<RuleTrace>> rules;
};

}  // namespace doudi
