#include "warden/rest/health_server.h"

#include <httplib.h>

#include "warden/common/error.h"

namespace warden::rest {

HealthServer::HealthServer() : server_(std::make_unique<httplib::Server>()) {
  const auto ok = [](const httplib::Request&, httplib::Response& response) {
    response.set_content(R"({"status":"ok"})", "application/json");
  };
  server_->Get("/healthz", ok);
  server_->Get("/readyz", ok);
  server_->Get("/api/v1/health", ok);
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
