// Compiling what reads a household's people, and dates (see compiler.h).
//
// Design note. People are columns of their own: a member column has one
// entry per person of the batch, household 0's people first, then household
// 1's, and so on (FastEvaluator knows where each household's people start).
// A member input is a member column; an operation with a member operand is a
// member operation, and its household operands are broadcast first (each
// person gets their household's value; constants serve both). count() and
// sum() take a member column back to the households: member_sum adds it over
// each household's people (a filter is a 0/1 column, so count(member where
// F) is the sum of F, and sum(V where F) the sum of F ? V : 0 — V is not
// looked at where F is false, as the evaluator does not). `member in LIST`
// arrives inlined (the checker puts the list's condition in its place), so a
// member list is its condition's column, and a per-member output is two
// member columns: its value and whether the person is on its list.
//
// evaluation_date is a constant of the program (compile_program's date, or
// poison without one); age and months_between are kernels on day numbers
// with the evaluator's calendar (base/date.h); date comparisons and choices
// are the integer kernels.
#include "interpreter/compiled/compiler.h"

namespace doudi::fast {

int Compiler::to_member(int col) {
  if (col < 0 || is_member(col) || constant_values_.count(col)) return col;
  Instr in;
  in.kernel = Kernel::broadcast;
  in.a = col;
  in.member = true;
  return emit(in, false, scale_of_[static_cast<size_t>(col)]).num;
}

void Compiler::to_domain(Instr& in) {
  bool member = false;
  for (int c : {in.a, in.a2, in.b, in.b2, in.c, in.c2}) member |= is_member(c);
  in.member = member;
  if (!member) return;
  for (int* c : {&in.a, &in.a2, &in.b, &in.b2, &in.c, &in.c2}) *c = to_member(*c);
}

Val Compiler::member_sum(Val v) {
  if (v.rational()) return poison();  // a sum of unrounded quotients: the evaluator's
  Instr in;
  in.kernel = Kernel::member_sum;
  in.a = to_member(v.num);
  return emit(in, false, v.scale);
}

Val Compiler::count(const Expr& e) {
  p_.reads_members = true;
  if (p_.member_count < 0) return constant(Exact::from_int(0));  // no member inputs: no people
  if (e.args.empty()) return Val{p_.member_count, -1, 0};
  return member_sum(truth(compile(e.args[0])));  // a filter is boolean: 0 or 1
}

Val Compiler::sum(const Expr& e) {
  p_.reads_members = true;
  if (p_.member_count < 0) return constant(Exact::from_int(0));
  Val term = compile(e.args[0]);
  if (e.args.size() > 1) term = select(truth(compile(e.args[1])), term, constant(Exact::from_int(0)));
  return member_sum(term);
}

Val Compiler::date_operation(const Expr& e) {
  if (e.op == Op::evaluation_date) {
    if (!p_.evaluation_date) return poison();
    return constant(Exact::from_int(*p_.evaluation_date));
  }
  Val from = compile(e.args[0]), to = compile(e.args[1]);
  if (from.rational() || to.rational() || from.scale != 0 || to.scale != 0) return poison();
  if (e.op == Op::age) return fixed_op(Kernel::age, from, to, 0);
  return fixed_op(Kernel::months_between, from, to, 0, static_cast<uint8_t>(e.mode));
}

MemberOutputColumn Compiler::compile_member_output(const model::MemberOutput& o) {
  MemberOutputColumn out;
  out.kind = o.type.kind;
  out.enumeration = o.type.enumeration;
  out.scale = o.type.is_numeric() ? o.scale : 0;
  p_.reads_members = true;
  out.column = to_member(output_scale(compile(o.value), out.scale).num);
  if (o.list >= 0) {
    out.listed = to_member(truth(compile(m_.member_lists[static_cast<size_t>(o.list)].condition)).num);
  }
  return out;
}

}  // namespace doudi::fast
