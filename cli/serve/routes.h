// The HTTP face of the decision service (cpp-httplib): endpoints, JSON
// errors for what the library answers itself (404, 405, 413), and the access
// log. The service (interpreter/service/service.h) does the work.
#pragma once

#include <functional>
#include <string>

#include <httplib.h>

#include "interpreter/service/service.h"

namespace doudi::cli::serve {

struct RouteOptions {
  bool access_log = true;
  // Reloads the policies; returns the answer for POST /v1/reload.
  std::function<service::Response()> reload;
};

// Installs every endpoint of `doudi serve` on `server`.
void install_routes(httplib::Server& server, const service::DecisionService& service, const RouteOptions& options);

}  // namespace doudi::cli::serve
