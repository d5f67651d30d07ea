#include "warden/rest/health_server.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include "warden/common/error.h"

namespace warden::rest {

HealthServer::HealthServer() : server_(std::make_unique<httplib::Server>()) {
  server_->Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"ok"})", "application/json");
  });
  const auto ready = [this](const httplib::Request&, httplib::Response& response) {
    const std::vector<std::string> problems = Problems();
    if (problems.empty()) {
      response.set_content(R"({"status":"ok"})", "application/json");
      return;
    }
    response.status = 503;
    response.set_content(
        nlohmann::json{{"status", "not ready"}, {"problems", problems}}.dump(),
        "application/json");
  };
  server_->Get("/readyz", ready);
  server_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    response.set_content(MetricsText(), "text/plain; version=0.0.4");
  });
}

HealthServer::~HealthServer() { Stop(); }

arrow::Status HealthServer::Start(const std::string& host, int port) {
  if (!server_->bind_to_port(host, port)) {
    return Error(ErrorCode::kUnavailable,
                 "cannot listen on http://" + host + ":" + std::to_string(port));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return arrow::Status::OK();
}

void HealthServer::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

}  // namespace warden::rest
