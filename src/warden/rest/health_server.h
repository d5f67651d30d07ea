#pragma once

#include <memory>
#include <string>
#include <thread>

#include <arrow/status.h>

namespace httplib {
class Server;
}

namespace warden::rest {

/// The HTTP side of `warden serve` in this first version: liveness and readiness
/// (`/healthz`, `/readyz`, `/api/v1/health`). The REST API and the portal grow here.
/// Start() and Stop() must be called from one thread.
class HealthServer {
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
