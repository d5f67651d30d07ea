#include "warden/rest/metrics.h"

#include <sstream>

namespace warden::rest {

void GatewayMetrics::RequestStarted() {
  std::lock_guard<std::mutex> lock(mutex_);
  ++in_flight_;
}

void GatewayMetrics::RequestFinished(const std::string& method, const std::string& route,
                                     int status, std::chrono::duration<double> elapsed) {
  std::lock_guard<std::mutex> lock(mutex_);
  --in_flight_;
  ++requests_[{method, route, status}];
  auto& latency = latency_[route];
  ++latency.count;
  latency.sum += elapsed.count();
  for (size_t i = 0; i < std::size(kBuckets); ++i) {
    if (elapsed.count() <= kBuckets[i]) ++latency.bucket_counts[i];
  }
}

void GatewayMetrics::RowsStreamed(int64_t rows) {
  std::lock_guard<std::mutex> lock(mutex_);
  rows_ += rows;
}

std::string GatewayMetrics::Render() const {
  std::lock_guard<std::mutex> lock(mutex_);
  std::ostringstream out;
  out << "# HELP warden_http_requests_total HTTP requests handled by the gateway.\n"
      << "# TYPE warden_http_requests_total counter\n";
  for (const auto& [key, count] : requests_) {
    const auto& [method, route, status] = key;
    out << "warden_http_requests_total{method=\"" << method << "\",route=\"" << route
        << "\",status=\"" << status << "\"} " << count << "\n";
  }
  out << "# HELP warden_http_request_duration_seconds Time to handle a request.\n"
      << "# TYPE warden_http_request_duration_seconds histogram\n";
  for (const auto& [route, latency] : latency_) {
    for (size_t i = 0; i < std::size(kBuckets); ++i) {
      out << "warden_http_request_duration_seconds_bucket{route=\"" << route << "\",le=\""
          << kBuckets[i] << "\"} " << latency.bucket_counts[i] << "\n";
    }
    out << "warden_http_request_duration_seconds_bucket{route=\"" << route
        << "\",le=\"+Inf\"} " << latency.count << "\n"
        << "warden_http_request_duration_seconds_sum{route=\"" << route << "\"} "
        << latency.sum << "\n"
        << "warden_http_request_duration_seconds_count{route=\"" << route << "\"} "
        << latency.count << "\n";
  }
  out << "# HELP warden_http_requests_in_flight Requests being handled now.\n"
      << "# TYPE warden_http_requests_in_flight gauge\n"
      << "warden_http_requests_in_flight " << in_flight_ << "\n"
      << "# HELP warden_http_result_rows_total Result rows streamed to clients.\n"
      << "# TYPE warden_http_result_rows_total counter\n"
      << "warden_http_result_rows_total " << rows_ << "\n";
  return out.str();
}

}  // namespace warden::rest
