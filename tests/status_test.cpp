// Statuses (api/status.cpp): a policy that does not check comes back as a
// value with every diagnostic's file:line:col; a household the policy cannot
// be evaluated on names the rule and where it is written.
#include <doctest/doctest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <sstream>

#include "doudi/policy.h"

using namespace doudi::api;

namespace {
const char* kHeader = "policy test.policy\nversion 1\neffective 2020-01-01\n";
}

TEST_CASE("status: a type error comes back with its position — line and caret") {
  std::string text = std::string(kHeader) +
                     "household {\n"
                     "  income : money per month\n"
                     "  members : integer\n"
                     "}\n"
                     "rule a = income + members\n"  // line 8; `income` starts at column 10
                     "output a\n";
  auto p = Policy::load_text("x.doudi", text);
  REQUIRE_FALSE(p.ok());
  const Status& s = p.status();
  CHECK(s.code() == StatusCode::policy_error);
  REQUIRE(s.diagnostics().size() >= 1);
  const Diagnostic& d = s.diagnostics()[0];
  CHECK(d.file == "x.doudi");
  CHECK(d.line == 8);
  CHECK(d.column == 10);
  CHECK(d.message.find("cannot add money per month and an integer") != std::string::npos);
  CHECK(d.rendered.find("x.doudi:8:10: error:") == 0);
  CHECK(d.rendered.find("rule a = income + members") != std::string::npos);
  CHECK(s.message().find("x.doudi:8:10") != std::string::npos);
}

TEST_CASE("status: every error of a file is reported together") {
  std::string text = std::string(kHeader) +
                     "rule a = nowhere + 1\n"   // line 4, column 10
                     "rule b = elsewhere\n"     // line 5, column 10
                     "output a\noutput b\n";
  auto p = Policy::load_text("y.doudi", text);
  REQUIRE_FALSE(p.ok());
  const auto& d = p.status().diagnostics();
  REQUIRE(d.size() == 2);
  CHECK(d[0].line == 4);
  CHECK(d[0].column == 10);
  CHECK(d[1].line == 5);
  CHECK(d[1].column == 10);
}

TEST_CASE("status: a syntax error and a missing file") {
  auto syntax = Policy::load_text("z.doudi", std::string(kHeader) + "rule = 1\n");
  REQUIRE_FALSE(syntax.ok());
  CHECK(syntax.status().code() == StatusCode::policy_error);
  REQUIRE(!syntax.status().diagnostics().empty());
  CHECK(syntax.status().diagnostics()[0].line == 4);
  auto missing = Policy::load("/nonexistent/policy.doudi");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().code() == StatusCode::io_error);
  CHECK(missing.status().message().find("/nonexistent/policy.doudi") != std::string::npos);
}

TEST_CASE("status: an output needing an n/a cell is n/a with the reason - the others given") {
  std::string text = std::string(kHeader) +
                     "enum hukou = {urban, rural}\n"
                     "household {\n"
                     "  hukou : hukou\n"
                     "}\n"
                     "table standard : money per person per month by hukou\n"
                     "  urban 630   rural n/a\n"
                     "rule amount = standard\n"   // line 10
                     "output amount\n"
                     "output flag = hukou == rural\n";
  auto p = Policy::load_text("n.doudi", text);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  auto ok = p->evaluate(Household{"u", {{"hukou", "urban"}}, {}}, "2020-06-01");
  REQUIRE(ok.ok());
  CHECK(ok->find("amount")->text == "630.00");
  CHECK(ok->find("amount")->not_applicable.empty());
  auto na = p->evaluate(Household{"r", {{"hukou", "rural"}}, {}}, "2020-06-01");
  REQUIRE(na.ok());
  const OutputValue* amount = na->find("amount");
  CHECK(amount->text == "n/a");
  CHECK_FALSE(amount->number.has_value());
  CHECK(amount->not_applicable.find("'amount'") != std::string::npos);
  CHECK(amount->not_applicable.find("n.doudi:9:") != std::string::npos);  // the n/a cell
  CHECK(na->find("flag")->text == "true");
  // The batch path gives the same.
  auto many = p->evaluate_many({Household{"r", {{"hukou", "rural"}}, {}}}, "2020-06-01");
  REQUIRE(many[0].ok());
  CHECK(many[0]->find("amount")->not_applicable == amount->not_applicable);
}

TEST_CASE("status: a division by zero is an evaluation error naming the rule and position") {
  std::string text = std::string(kHeader) +
                     "household {\n"
                     "  members : integer\n"
                     "  income : money per month\n"
                     "}\n"
                     "rule share = round(income / members, 0.01, half_up)\n"  // line 8
                     "output share\n";
  auto p = Policy::load_text("z.doudi", text);
  REQUIRE_MESSAGE(p.ok(), p.status().message());
  auto bad = p->evaluate(Household{"z", {{"members", "0"}, {"income", "10"}}, {}}, "2020-06-01");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == StatusCode::evaluation_error);
  CHECK(bad.status().message().find("household z") != std::string::npos);
  CHECK(bad.status().message().find("'share'") != std::string::npos);
  CHECK(bad.status().message().find("z.doudi:8:") != std::string::npos);
  auto many = p->evaluate_many({Household{"z", {{"members", "0"}, {"income", "10"}}, {}}}, "2020-06-01");
  CHECK(many[0].status().message() == bad.status().message());
}

TEST_CASE("status: value() on an error aborts with the status - get() and value_or() do not") {
  Result<int> bad = Status(StatusCode::invalid_argument, "'2020-13-01' is not a date");
  CHECK(bad.get() == nullptr);
  CHECK(bad.value_or(7) == 7);
  Result<int> good = 3;
  REQUIRE(good.get() != nullptr);
  CHECK(*good.get() == 3);
  std::ostringstream out;
  out << bad.status();
  CHECK(out.str() == "invalid_argument: '2020-13-01' is not a date");
  // In a child process: value() prints the status and aborts (no exception).
  int pipe_fds[2];
  REQUIRE(pipe(pipe_fds) == 0);
  pid_t child = fork();
  REQUIRE(child >= 0);
  if (child == 0) {
    std::signal(SIGABRT, SIG_DFL);  // not doctest's handler: die as a program would
    dup2(pipe_fds[1], 2);
    int v = bad.value();
    _exit(v == 0 ? 10 : 11);  // not reached
  }
  close(pipe_fds[1]);
  std::string err;
  char buffer[256];
  for (ssize_t n; (n = read(pipe_fds[0], buffer, sizeof buffer)) > 0;) err.append(buffer, static_cast<size_t>(n));
  close(pipe_fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGABRT);
  CHECK(err.find("doudi: Result::value() on an error: invalid_argument: '2020-13-01' is not a date") != std::string::npos);
}
