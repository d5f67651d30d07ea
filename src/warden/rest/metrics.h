#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <string>
#include <tuple>

namespace warden::rest {

/// The gateway's Prometheus metrics: requests by method, route template and status,
/// their latency, requests in flight and result rows streamed. Thread-safe.
class GatewayMetrics {
 public:
  void RequestStarted();
  void RequestFinished(const std::string& method, const std::string& route, int status,
                       std::chrono::duration<double> elapsed);
  void RowsStreamed(int64_t rows);

  /// The metrics in Prometheus text exposition format (version 0.0.4).
  std::string Render() const;

 private:
  static constexpr double kBuckets[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
                                        0.5,   1,    2.5,   5,    10};
  struct Latency {
    int64_t bucket_counts[sizeof(kBuckets) / sizeof(double)] = {};
    int64_t count = 0;
    double sum = 0;
  };

  mutable std::mutex mutex_;
  std::map<std::tuple<std::string, std::string, int>, int64_t> requests_;  // GUARDED_BY
  std::map<std::string, Latency> latency_;                                  // GUARDED_BY
  int64_t in_flight_ = 0;                                                   // GUARDED_BY
  int64_t rows_ = 0;                                                        // GUARDED_BY
};

}  // namespace warden::rest
