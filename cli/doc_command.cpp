// `doudi doc POLICY -o FILE.html`: the policy as a self-contained page for
// review and publication (interpreter/policy_doc.h), written through
// AtomicFile. Exit 0, or 2 when the policy does not load or the file cannot
// be written.
#include <iostream>

#include "cli/atomic_file.h"
#include "cli/output_targets.h"
#include "cli/authoring_commands.h"
#include "dsl/loader.h"
#include "interpreter/studies/policy_doc.h"

namespace doudi::cli {
namespace {

struct DocOptions {
  std::string policy, output;
};

int write_doc(const DocOptions& o) {
  if (std::string clash = output_clash({{"-o", o.output}}, {{"POLICY", o.policy}}); !clash.empty()) {
    std::cerr << "doudi doc: " << clash << "\n";
    return 2;
  }
  PolicySet set;
  try {
    set = load_policy(o.policy);
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return 2;
  }
  AtomicFile out(o.output);
  if (!out.ok()) {
    std::cerr << "doudi doc: cannot write " << o.output << "\n";
    return 2;
  }
  out.stream() << policy_document_html(set);
  std::string error = out.commit();
  if (!error.empty()) {
    std::cerr << "doudi doc: " << error << "\n";
    return 2;
  }
  std::cerr << "doudi doc: wrote " << o.output << " (" << set.versions.size() << " version(s))\n";
  return 0;
}

}  // namespace

void add_doc_command(CLI::App& app, int& result) {
  auto o = std::make_shared<DocOptions>();
  auto* cmd = app.add_subcommand("doc", "Write the policy as a self-contained HTML document for review");
  cmd->add_option("POLICY", o->policy, "policy file, or a directory of its versions")->required();
  cmd->add_option("-o", o->output, "the HTML file to write")->required();
  cmd->callback([o, &result] { result = write_doc(*o); });
}

}  // namespace doudi::cli
