#pragma once

#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <arrow/status.h>

namespace httplib {
class Server;
}

namespace warden::rest {

/// The HTTP side of the services in this first version: liveness (`/healthz`), readiness
/// (`/readyz`, `/api/v1/health`: 503 while a readiness check fails, e.g. the audit sink)
/// and Prometheus metrics (`/metrics`). The REST API and the portal grow here.
/// Add checks and metrics before Start(); Start() and Stop() must be called from one
/// thread.
class HealthServer {
 public:
  /// Returns empty when ready, else why not.
  using ReadinessCheck = std::function<std::string()>;
  /// Returns Prometheus text.
  using MetricsSource = std::function<std::string()>;

  HealthServer();
  ~HealthServer();

  void AddReadinessCheck(ReadinessCheck check) { checks_.push_back(std::move(check)); }
  void AddMetrics(MetricsSource source) { metrics_.push_back(std::move(source)); }

  /// Binds host:port and serves on a background thread.
  arrow::Status Start(const std::string& host, int port);
  void Stop();

 private:
  std::unique_ptr<httplib::Server> server_;
  std::vector<ReadinessCheck> checks_;
  std::vector<MetricsSource> metrics_;
  std::thread thread_;
};

}  // namespace warden::rest
