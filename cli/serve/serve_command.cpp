// `doudi serve POLICY... [--port N] [--host ADDR] [--threads N] [--max-body BYTES] [--quiet]`:
// the decision service over HTTP (cli/serve/routes.h, interpreter/service/).
//
// Signals are taken by one thread with sigwait (every other thread blocks
// them): SIGHUP reloads the policies — the new set is loaded and checked
// first, then swapped in whole; a set that does not check is refused, said on
// stderr, and the old one keeps serving — and SIGTERM or SIGINT stop
// accepting, let the requests in flight finish and exit 0.
#include <pthread.h>
#include <signal.h>

#include <iostream>
#include <mutex>
#include <thread>

#include <fmt/format.h>
#include <httplib.h>

#include "base/date.h"
#include "cli/commands.h"
#include "cli/serve/routes.h"
#include "interpreter/service/catalog.h"
#include "interpreter/service/service.h"

namespace doudi::cli {
namespace {

struct ServeOptions {
  std::vector<std::string> policies;
  std::string host = "127.0.0.1";
  int port = 8080;
  int threads = 64;
  size_t max_body = 4 << 20;
  bool quiet = false;
};

// Loads the policies again and swaps them in, or keeps the old set.
class Reloader {
 public:
  Reloader(const ServeOptions& o, service::DecisionService& service) : o_(o), service_(service) {}

  service::Response reload() {
    std::lock_guard<std::mutex> lock(mutex_);
    long current = service_.catalog()->generation;
    try {
      auto next = service::load_catalog(o_.policies, current + 1);
      service_.replace(next);
      std::cerr << fmt::format("doudi serve: reloaded the policies (generation {})\n", current + 1);
      return {200, fmt::format("{{\"status\": \"reloaded\", \"generation\": {}}}\n", current + 1), 0};
    } catch (const PolicyError& e) {
      std::cerr << fmt::format("doudi serve: reload refused, still serving generation {}:\n{}", current, e.render());
      return service::error_response({422, "reload_refused",
                                      fmt::format("the policies do not check; still serving generation {}: {}",
                                                  current, service::diagnostics_text(e))});
    }
  }

 private:
  const ServeOptions& o_;
  service::DecisionService& service_;
  std::mutex mutex_;
};

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGHUP);
  return set;
}

int run_service(const ServeOptions& o) {
  std::shared_ptr<const service::Catalog> catalog;
  try {
    catalog = service::load_catalog(o.policies, 1);
  } catch (const PolicyError& e) {
    std::cerr << e.render();
    return 2;
  }
  // Blocked here, before any thread starts, so only the signal thread takes them.
  sigset_t signals = handled_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  service::DecisionService service(catalog, today);
  Reloader reloader(o, service);
  httplib::Server server;
  int threads = o.threads;
  server.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  server.set_payload_max_length(o.max_body);
  server.set_keep_alive_max_count(100000);
  server.set_tcp_nodelay(true);
  serve::RouteOptions routes;
  routes.access_log = !o.quiet;
  routes.reload = [&reloader] { return reloader.reload(); };
  serve::install_routes(server, service, routes);

  int port = o.port;
  if (port == 0) {
    port = server.bind_to_any_port(o.host);
  } else if (!server.bind_to_port(o.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    std::cerr << fmt::format("doudi serve: cannot listen on {}:{}\n", o.host, o.port);
    return 2;
  }
  std::vector<std::string> names;
  for (const auto& p : catalog->policies) names.push_back(p.name);
  std::cerr << fmt::format("doudi serve: listening on http://{}:{}/ ({} thread(s); policies: {})\n", o.host, port,
                           threads, fmt::join(names, ", "))
            << std::flush;

  std::thread signal_thread([&] {
    for (;;) {
      int sig = 0;
      if (sigwait(&signals, &sig) != 0) continue;
      if (sig == SIGHUP) {
        reloader.reload();
        continue;
      }
      std::cerr << "doudi serve: stopping (requests in flight finish first)\n";
      server.stop();
      return;
    }
  });
  bool ok = server.listen_after_bind();
  if (signal_thread.joinable()) {
    if (ok) {
      signal_thread.join();
    } else {
      signal_thread.detach();
    }
  }
  if (!ok) {
    std::cerr << "doudi serve: the server stopped with an error\n";
    return 2;
  }
  std::cerr << "doudi serve: stopped\n";
  return 0;
}

}  // namespace

void add_serve_command(CLI::App& app, int& result) {
  auto options = std::make_shared<ServeOptions>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve policies over HTTP/JSON: /v1/evaluate, /v1/explain, /v1/whatif, /v1/policies, "
               "/v1/health, /openapi.json, and the workbench at /");
  cmd->add_option("POLICY", options->policies, "policy files or directories of versions, one policy each")->required();
  cmd->add_option("--port", options->port, "TCP port (default 8080; 0: any free port, printed on stderr)")
      ->check(CLI::Range(0, 65535));
  cmd->add_option("--host", options->host, "address to listen on (default 127.0.0.1; 0.0.0.0 for every address)");
  cmd->add_option("--threads", options->threads,
                  "connections served at once, each on its own thread (default 64)")
      ->check(CLI::Range(1, 4096));
  cmd->add_option("--max-body", options->max_body, "largest request body in bytes (default 4 MiB); larger gets 413")
      ->check(CLI::Range(size_t{1}, size_t{1} << 34));
  cmd->add_flag("-q,--quiet", options->quiet, "no access-log line per request on stderr");
  cmd->callback([options, &result] { result = run_service(*options); });
}

}  // namespace doudi::cli
