// Reading a Program: one operation per line, named from the kernel table
// (program.h's DOUDI_KERNELS).
#include <iterator>

#include <fmt/format.h>

#include "interpreter/compiled/program.h"

namespace doudi::fast {

const char* kernel_name(Kernel k) {
  static const char* const names[] = {
#define DOUDI_KERNEL_NAME(kernel, name, what) name,
      DOUDI_KERNELS(DOUDI_KERNEL_NAME)
#undef DOUDI_KERNEL_NAME
  };
  auto i = static_cast<size_t>(k);
  return i < std::size(names) ? names[i] : "?";
}

std::string listing(const Program& p) {
  std::string out;
  for (const auto& [col, value] : p.constants) {
    out += fmt::format("c{} = {}\n", col, value == kPoison ? std::string("poison") : std::to_string(value));
  }
  for (const auto& in : p.code) {
    auto operand = [](int a, int a2) {
      if (a < 0) return std::string();
      return a2 >= 0 ? fmt::format(" c{}/c{}", a, a2) : fmt::format(" c{}", a);
    };
    out += in.out2 >= 0 ? fmt::format("c{}/c{} = ", in.out, in.out2) : fmt::format("c{} = ", in.out);
    if (in.member) out += "member ";
    out += kernel_name(in.kernel);
    if (in.kernel == Kernel::lookup) {
      for (int k : p.lookups[static_cast<size_t>(in.table)].keys) out += fmt::format(" c{}", k);
      out += fmt::format(" [table {}]\n", in.table);
      continue;
    }
    out += operand(in.a, in.a2) + operand(in.b, in.b2) + operand(in.c, in.c2);
    out += fmt::format(" k={},{},{} aux={}\n", in.k0, in.k1, in.k2, in.aux);
  }
  return out;
}


}  // namespace doudi::fast
