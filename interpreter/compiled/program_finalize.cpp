// The last pass of the compiler (see compiler.h): operations no output
// needs are dropped, and columns renumbered so that a result reuses the
// column of a value no longer needed.
#include <algorithm>
#include <cstddef>

#include "interpreter/compiled/compiler.h"

namespace doudi::fast {
namespace {

// The columns an instruction reads.
std::vector<int> operands(const Program& p, const Instr& in) {
  std::vector<int> cols;
  for (int c : {in.a, in.a2, in.b, in.b2, in.c, in.c2})
    if (c >= 0) cols.push_back(c);
  if (in.kernel == Kernel::lookup) {
    const auto& keys = p.lookups[static_cast<size_t>(in.table)].keys;
    cols.insert(cols.end(), keys.begin(), keys.end());
  }
  return cols;
}

}  // namespace

// Drops the operations no output needs (folding leaves some behind), then
// renumbers the columns so that a result reuses the column of a value no
// longer needed: the batch's working set stays small enough for the cache.
// Inputs and constants keep columns of their own.
void finalize(Program& p) {
  auto n = static_cast<size_t>(p.columns);
  std::vector<char> needed(n, 0);
  std::vector<int> results;  // columns read after the run: outputs, per-member outputs
  for (const auto& o : p.outputs) results.push_back(o.column);
  for (const auto& o : p.member_outputs) {
    results.push_back(o.column);
    if (o.listed >= 0) results.push_back(o.listed);
  }
  for (int c : results) needed[static_cast<size_t>(c)] = 1;
  std::vector<Instr> kept;
  for (size_t i = p.code.size(); i-- > 0;) {
    const Instr& in = p.code[i];
    if (!needed[static_cast<size_t>(in.out)] && !(in.out2 >= 0 && needed[static_cast<size_t>(in.out2)])) continue;
    for (int c : operands(p, in)) needed[static_cast<size_t>(c)] = 1;
    kept.push_back(in);
  }
  std::reverse(kept.begin(), kept.end());

  constexpr int kForever = 1 << 30;
  std::vector<int> last_use(n, -1);
  for (size_t i = 0; i < kept.size(); ++i)
    for (int c : operands(p, kept[i])) last_use[static_cast<size_t>(c)] = static_cast<int>(i);
  for (int c : results) last_use[static_cast<size_t>(c)] = kForever;

  std::vector<int> renamed(n, -1);
  int next = 0;
  for (auto& in : p.inputs)
    if (in.column >= 0) in.column = renamed[static_cast<size_t>(in.column)] = next++;
  if (p.member_count >= 0) p.member_count = renamed[static_cast<size_t>(p.member_count)] = next++;
  std::vector<std::pair<int, int64_t>> constants;
  for (const auto& [col, value] : p.constants) {
    if (!needed[static_cast<size_t>(col)]) continue;
    renamed[static_cast<size_t>(col)] = next;
    constants.emplace_back(next++, value);
  }
  p.constants = std::move(constants);

  std::vector<int> free;
  std::vector<char> temporary(n, 0);
  auto place = [&](int c) {
    if (c < 0) return c;
    int col;
    if (free.empty()) {
      col = next++;
    } else {
      col = free.back();
      free.pop_back();
    }
    temporary[static_cast<size_t>(c)] = 1;
    renamed[static_cast<size_t>(c)] = col;
    return col;
  };
  auto release = [&](int c, int i) {  // a temporary read for the last time at i
    if (temporary[static_cast<size_t>(c)] && last_use[static_cast<size_t>(c)] <= i) {
      temporary[static_cast<size_t>(c)] = 0;
      free.push_back(renamed[static_cast<size_t>(c)]);
    }
  };
  size_t renamed_lookups = 0;
  for (size_t i = 0; i < kept.size(); ++i) {
    Instr& in = kept[i];
    std::vector<int> reads = operands(p, in);
    auto rename = [&](int& c) {
      if (c >= 0) c = renamed[static_cast<size_t>(c)];
    };
    int out = in.out, out2 = in.out2;
    for (int* c : {&in.a, &in.a2, &in.b, &in.b2, &in.c, &in.c2}) rename(*c);
    if (in.kernel == Kernel::lookup) {
      Lookup l = p.lookups[static_cast<size_t>(in.table)];
      for (int& k : l.keys) rename(k);
      in.table = static_cast<int>(renamed_lookups++);
      p.lookups.push_back(std::move(l));  // renamed copies go after the originals
    }
    in.out = place(out);
    in.out2 = place(out2);
    // Operands are released after the results are placed: a kernel never
    // writes a column it reads (its loops assume so).
    for (int c : reads) release(c, static_cast<int>(i));
    if (last_use[static_cast<size_t>(out)] < 0) release(out, static_cast<int>(i));
    if (out2 >= 0 && last_use[static_cast<size_t>(out2)] < 0) release(out2, static_cast<int>(i));
  }
  // Keep only the renamed lookups, in instruction order.
  size_t originals = p.lookups.size() - renamed_lookups;
  p.lookups.erase(p.lookups.begin(), p.lookups.begin() + static_cast<std::ptrdiff_t>(originals));
  for (auto& o : p.outputs) o.column = renamed[static_cast<size_t>(o.column)];
  for (auto& o : p.member_outputs) {
    o.column = renamed[static_cast<size_t>(o.column)];
    if (o.listed >= 0) o.listed = renamed[static_cast<size_t>(o.listed)];
  }
  p.code = std::move(kept);
  p.columns = next;
}

}  // namespace doudi::fast
