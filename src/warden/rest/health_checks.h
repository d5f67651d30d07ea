#pragma once

#include <functional>
#include <string>
#include <vector>

namespace warden::rest {

/// What a service adds to its HTTP health endpoints: readiness checks (`/readyz` answers
/// 503 while one fails, e.g. the audit sink) and Prometheus metrics (`/metrics`). Shared by
/// the plain health server of `planner`/`worker` and the REST gateway. Add everything
/// before the server starts; afterwards it is only read.
class HealthChecks {
 public:
  /// Returns empty when ready, else why not.
  using ReadinessCheck = std::function<std::string()>;
  /// Returns Prometheus text.
  using MetricsSource = std::function<std::string()>;

  void AddReadinessCheck(ReadinessCheck check) { checks_.push_back(std::move(check)); }
  void AddMetrics(MetricsSource source) { metrics_.push_back(std::move(source)); }

  /// Why the service is not ready (empty: ready).
  std::vector<std::string> Problems() const {
    std::vector<std::string> problems;
    for (const auto& check : checks_) {
      if (std::string problem = check(); !problem.empty()) problems.push_back(problem);
    }
    return problems;
  }
  std::string MetricsText() const {
    std::string text;
    for (const auto& source : metrics_) text += source();
    return text;
  }

 private:
  std::vector<ReadinessCheck> checks_;
  std::vector<MetricsSource> metrics_;
};

}  // namespace warden::rest
