#pragma once

#include <memory>
#include <string>
#include <thread>

#include <arrow/status.h>

#include "warden/rest/health_checks.h"

namespace httplib {
class Server;
}

namespace warden::rest {

/// The HTTP side of a standalone `planner` or `worker` (`--http-port`): liveness
/// (`/healthz`), readiness (`/readyz`: 503 while a check fails) and Prometheus metrics
/// (`/metrics`). `warden serve` and `warden rest` answer the same paths from the gateway.
/// Add checks and metrics before Start(); Start() and Stop() must be called from one
/// thread.
class HealthServer : public HealthChecks {
 public:
  HealthServer();
  ~HealthServer();

  /// Binds host:port and serves on a background thread.
  arrow::Status Start(const std::string& host, int port);
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace warden::rest
