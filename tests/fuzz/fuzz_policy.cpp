// libFuzzer target: policy text -> parser -> checker -> (when it checks) one
// evaluation on an empty household. Any input must end in a model or a
// PolicyError / EvaluationError: never a crash, a hang or another exception.
#include <cstddef>
#include <cstdint>
#include <string>

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
  return 0;
}
