// libFuzzer target: policy text -> parser -> checker -> (when it checks) one
// evaluation on an empty household. Any input must end in a model or a
// PolicyError / EvaluationError: never a crash, a hang or another exception.
// Text that parses is also formatted (dsl/format.h): the formatter must not
// refuse its own result, and formatting twice must change nothing.
#include <cstddef>
#include <cstdint>
#include <string>

#include "dsl/format.h"
#include "dsl/loader.h"
#include "interpreter/evaluation/evaluator.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    doudi::model::Model m = doudi::load_policy_text("fuzz.doudi", text);
    doudi::Evaluator evaluator(m);
    doudi::Household h;
    h.inputs.assign(m.inputs.size(), std::nullopt);
    try {
      evaluator.evaluate(h);
    } catch (const doudi::EvaluationError&) {
    }
  } catch (const doudi::PolicyError& e) {
    (void)e.render();
  }
  auto file = std::make_shared<doudi::SourceFile>();
  file->path = "fuzz.doudi";
  file->text = text;
  try {
    auto formatted = std::make_shared<doudi::SourceFile>(*file);
    formatted->text = doudi::format_policy(file);
    if (doudi::format_policy(formatted) != formatted->text) __builtin_trap();  // not idempotent
  } catch (const doudi::PolicyError&) {
    // does not parse: reported, not formatted
  }
  return 0;
}
