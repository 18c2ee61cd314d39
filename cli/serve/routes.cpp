// `doudi serve`'s endpoints on cpp-httplib (see routes.h). Every answer is
// JSON with a stable error code when it is an error, including those the
// library makes itself (no route: 404; a method the path does not take: 405
// with Allow; a body over --max-body: 413), and one access-log line per
// request goes to stderr.
#include "cli/serve/routes.h"

#include <chrono>
#include <cstdio>
#include <mutex>
#include <optional>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "cli/serve/embedded.h"

namespace doudi::cli::serve {
namespace {

using Clock = std::chrono::steady_clock;

// What the access log needs from the request being served on this thread
// (cpp-httplib serves one request at a time on a thread).
struct RequestNote {
  std::optional<Clock::time_point> started;
  long households = 0;
};
thread_local RequestNote note;

void send(httplib::Response& res, const service::Response& r) {
  res.status = r.status;
  res.set_content(r.body, r.content_type.c_str());
  note.households = r.households;
}

service::Response error(int status, const char* code, std::string message) {
  return service::error_response({status, code, std::move(message)});
}

// The endpoints and the methods each takes (for 405's Allow).
struct Route {
  const char* pattern;
  const char* method;
};
constexpr Route kRoutes[] = {
    {"/v1/evaluate", "POST"}, {"/v1/explain", "POST"},           {"/v1/whatif", "POST"},
    {"/v1/reload", "POST"},   {"/v1/policies", "GET"},           {R"(/v1/policies/([^/]+))", "GET"},
    {R"(/v1/policies/([^/]+)/doc)", "GET"}, {"/v1/health", "GET"},    {"/openapi.json", "GET"},          {"/", "GET"},
    {R"(/web/(.+))", "GET"},
};

bool loopback(const std::string& address) {
  return address == "127.0.0.1" || address == "::1" || address == "::ffff:127.0.0.1";
}

std::string content_type(std::string_view name) {
  auto ends = [&](std::string_view s) { return name.size() >= s.size() && name.substr(name.size() - s.size()) == s; };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".json")) return "application/json; charset=utf-8";
  if (ends(".png")) return "image/png";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

void send_file(httplib::Response& res, std::string_view name) {
  const EmbeddedFile* f = find_embedded(name);
  if (!f) {
    send(res, error(404, "not_found", fmt::format("no file '{}'", name)));
    return;
  }
  res.status = 200;
  res.set_content(std::string(f->content), content_type(name).c_str());
}

// JSON bodies for the answers cpp-httplib gives without a handler.
void library_error(const httplib::Request& req, httplib::Response& res) {
  if (!res.body.empty()) return;
  service::Response r;
  switch (res.status) {
    case 404: r = error(404, "not_found", fmt::format("no endpoint {} (see /openapi.json)", req.path)); break;
    case 413:
      r = error(413, "body_too_large", "the body is larger than the server accepts (--max-body; a body sent as "
                                       "application/x-www-form-urlencoded: 8 KiB, so send application/json)");
      break;
    case 400: r = error(400, "bad_request", "the request is not valid HTTP"); break;
    default: r = error(res.status, "http_error", fmt::format("HTTP status {}", res.status)); break;
  }
  res.set_content(r.body, "application/json; charset=utf-8");
}

void access_log(const httplib::Request& req, const httplib::Response& res) {
  static std::mutex mutex;
  auto now = Clock::now();
  long long us = note.started ? std::chrono::duration_cast<std::chrono::microseconds>(now - *note.started).count() : 0;
  std::string line = fmt::format("{:%Y-%m-%dT%H:%M:%SZ} {} {} {} {} {}.{:03}ms households={}\n",
                                 fmt::gmtime(std::time(nullptr)), req.remote_addr, req.method, req.path, res.status,
                                 us / 1000, us % 1000, note.households);
  std::lock_guard<std::mutex> lock(mutex);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

void install_method_errors(httplib::Server& server) {
  for (const auto& route : kRoutes) {
    std::string allow = route.method;
    auto refuse = [allow](const httplib::Request& req, httplib::Response& res) {
      send(res, error(405, "method_not_allowed", fmt::format("{} does not take {}; it takes {}", req.path, req.method, allow)));
      res.set_header("Allow", allow);
    };
    if (allow != "GET") server.Get(route.pattern, refuse);
    if (allow != "POST") server.Post(route.pattern, refuse);
    server.Put(route.pattern, refuse);
    server.Patch(route.pattern, refuse);
    server.Delete(route.pattern, refuse);
    server.Options(route.pattern, refuse);
  }
}

}  // namespace

void install_routes(httplib::Server& server, const service::DecisionService& service, const RouteOptions& options) {
  using httplib::Request;
  using httplib::Response;
  server.set_pre_routing_handler([](const Request&, Response&) {
    note = {Clock::now(), 0};
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.Post("/v1/evaluate", [&](const Request& req, Response& res) { send(res, service.evaluate(req.body)); });
  server.Post("/v1/explain", [&](const Request& req, Response& res) { send(res, service.explain(req.body)); });
  server.Post("/v1/whatif", [&](const Request& req, Response& res) { send(res, service.whatif(req.body)); });
  server.Get("/v1/policies", [&](const Request&, Response& res) { send(res, service.policies()); });
  server.Get(R"(/v1/policies/([^/]+))", [&](const Request& req, Response& res) {
    send(res, service.policy(req.matches[1], req.get_param_value("date"), req.get_param_value("version")));
  });
  server.Get(R"(/v1/policies/([^/]+)/doc)", [&](const Request& req, Response& res) {
    send(res, service.policy_document(req.matches[1]));
  });
  server.Get("/v1/health", [&](const Request&, Response& res) { send(res, service.health()); });
  auto reload = options.reload;
  server.Post("/v1/reload", [reload](const Request& req, Response& res) {
    if (!loopback(req.remote_addr)) {
      send(res, error(403, "forbidden", "reload is taken only from this machine (127.0.0.1 or ::1)"));
      return;
    }
    send(res, reload());
  });
  server.Get("/openapi.json", [](const Request&, Response& res) { send_file(res, "openapi.json"); });
  server.Get("/", [](const Request&, Response& res) { send_file(res, "web/index.html"); });
  server.Get(R"(/web/(.+))", [](const Request& req, Response& res) { send_file(res, "web/" + req.matches[1].str()); });
  install_method_errors(server);
  server.set_error_handler(library_error);
  server.set_exception_handler([](const Request&, Response& res, std::exception_ptr ep) {
    std::string what = "unknown";
    try {
      std::rethrow_exception(ep);
    } catch (const std::exception& e) {
      what = e.what();
    } catch (...) {
    }
    send(res, error(500, "internal", fmt::format("internal error (a bug in doudi: please report it): {}", what)));
  });
  if (options.access_log) server.set_logger(access_log);
}

}  // namespace doudi::cli::serve
