#include "warden/rest/gateway.h"

#include <filesystem>
#include <fstream>
#include <regex>

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/rest/http_errors.h"
#include "warden/rest/json_cells.h"
#include "warden/rest/row_stream.h"

namespace warden::rest {

namespace {

constexpr const char* kSessionCookie = "warden_session";

/// Strict: only our own scripts, styles and connections; no framing, no plugins.
/// `style_nonce` admits the <style> elements the page's editor injects (and nothing else).
std::string ContentSecurityPolicy(const std::string& style_nonce = "") {
  return "default-src 'self'; script-src 'self'; style-src 'self'" +
         (style_nonce.empty() ? std::string() : " 'nonce-" + style_nonce + "'") +
         "; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
         "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
}

std::string RequestIdOf(const httplib::Request& request) {
  static const std::regex kSafe("[A-Za-z0-9._-]{1,64}");
  const std::string given = request.get_header_value("X-Request-Id");
  if (std::regex_match(given, kSafe)) return given;
  auto random = crypto::RandomBytes(12);
  return random.ok() ? crypto::HexEncode(*random) : "unknown";
}

std::string PathRegex(const std::string& path) {
  static const std::regex kParameter("\\{[a-z_]+\\}");
  return std::regex_replace(path, kParameter, "([^/]+)");
}

std::string CookieValue(const httplib::Request& request, const std::string& name) {
  const std::string header = request.get_header_value("Cookie");
  size_t start = 0;
  while (start < header.size()) {
    size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    std::string pair = header.substr(start, end - start);
    pair.erase(0, pair.find_first_not_of(' '));
    if (pair.rfind(name + "=", 0) == 0) return pair.substr(name.size() + 1);
    start = end + 1;
  }
  return "";
}

void SetSecurityHeaders(httplib::Response& response) {
  if (!response.has_header("Content-Security-Policy")) {
    response.set_header("Content-Security-Policy", ContentSecurityPolicy());
  }
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("Cross-Origin-Opener-Policy", "same-origin");
}

}  // namespace

arrow::Result<std::unique_ptr<Gateway>> Gateway::Make(GatewayOptions options) {
  ARROW_ASSIGN_OR_RAISE(auto codec, BearerTokenCodec::Make(options.token_secret, options.sso));
  ARROW_ASSIGN_OR_RAISE(auto client, PlannerClient::Make(options.planner_uri));
  std::unique_ptr<Gateway> gateway(
      new Gateway(std::move(options), std::move(codec), std::move(client)));
  gateway->RegisterRoutes();
  return gateway;
}

Gateway::Gateway(GatewayOptions options, BearerTokenCodec codec,
                 std::unique_ptr<PlannerClient> client)
    : options_(std::move(options)),
      codec_(std::move(codec)),
      client_(std::move(client)),
      server_(std::make_unique<httplib::Server>()) {}

Gateway::~Gateway() { Stop(); }

std::vector<RouteSpec> Gateway::Routes() {
  std::vector<RouteSpec> specs;
  for (const auto& route : RouteTable()) specs.push_back(route.spec);
  return specs;
}

void Gateway::RegisterRoutes() {
  server_->set_payload_max_length(1 << 20);  // SQL and JSON bodies, never bulk data
  for (const auto& route : RouteTable()) {
    auto handler = [this, &route](const httplib::Request& request,
                                  httplib::Response& response) {
      Dispatch(route, request, response);
    };
    const std::string pattern = PathRegex(route.spec.path);
    if (route.spec.method == "GET") server_->Get(pattern, handler);
    if (route.spec.method == "POST") server_->Post(pattern, handler);
    if (route.spec.method == "DELETE") server_->Delete(pattern, handler);
    if (route.spec.method == "PUT") server_->Put(pattern, handler);
  }
  // Unknown API paths: a JSON 404, never the portal's page.
  auto api_not_found = [](const httplib::Request& request, httplib::Response& response) {
    SendError(response, Error(ErrorCode::kCatalogNotFound, "no such API route"),
              RequestIdOf(request));
  };
  for (const char* pattern : {"/api/.*"}) {
    server_->Get(pattern, api_not_found);
    server_->Post(pattern, api_not_found);
    server_->Delete(pattern, api_not_found);
    server_->Put(pattern, api_not_found);
  }
  if (!options_.static_dir.empty()) {
    // Hashed bundles only; the page itself always comes from the handler below, which
    // gives it a fresh CSP nonce.
    server_->set_mount_point("/assets", options_.static_dir + "/assets");
    const std::string index = options_.static_dir + "/index.html";
    server_->Get(".*", [index](const httplib::Request&, httplib::Response& response) {
      std::ifstream file(index, std::ios::binary);
      if (!file) {
        response.status = 404;
        response.set_content("the portal is not built (make build)", "text/plain");
        return;
      }
      std::string body((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
      auto random = crypto::RandomBytes(16);
      const std::string nonce = random.ok() ? crypto::HexEncode(*random) : "";
      const std::string placeholder = "__CSP_NONCE__";
      const size_t at = body.find(placeholder);
      if (at != std::string::npos) body.replace(at, placeholder.size(), nonce);
      // Styles that the editor injects carry the nonce; scripts stay 'self' only.
      response.set_header("Content-Security-Policy", ContentSecurityPolicy(nonce));
      response.set_content(body, "text/html; charset=utf-8");
    });
  }
  server_->set_post_routing_handler(
      [](const httplib::Request&, httplib::Response& response) {
        SetSecurityHeaders(response);
        if (!response.has_header("Cache-Control")) {
          response.set_header("Cache-Control", "no-store");
        }
      });
  // Requests httplib refuses before routing (malformed, too large): still a JSON error.
  server_->set_error_handler([](const httplib::Request& request, httplib::Response& response) {
    if (!response.body.empty() || response.status < 400) return;
    const int status = response.status;
    SendError(response,
              Error(status == 404 ? ErrorCode::kCatalogNotFound : ErrorCode::kInvalidArgument,
                    "the request was refused (HTTP " + std::to_string(status) + ")"),
              RequestIdOf(request));
    response.status = status;
  });
  server_->set_exception_handler([](const httplib::Request& request,
                                    httplib::Response& response, std::exception_ptr) {
    SendError(response, Error(ErrorCode::kInternal, "unexpected error in the gateway"),
              RequestIdOf(request));
  });
}

arrow::Status Gateway::Start(const std::string& host, int port) {
  if (!server_->bind_to_port(host, port)) {
    return Error(ErrorCode::kUnavailable,
                 "cannot listen on http://" + host + ":" + std::to_string(port));
  }
  thread_ = std::thread([this] { server_->listen_after_bind(); });
  return arrow::Status::OK();
}

void Gateway::Stop() {
  if (thread_.joinable()) {
    server_->stop();
    thread_.join();
  }
}

void Gateway::Dispatch(const Route& route, const httplib::Request& request,
                       httplib::Response& response) {
  const auto started = std::chrono::steady_clock::now();
  metrics_.RequestStarted();
  ApiCall call{request, response, RequestIdOf(request), "", {}, {}};
  for (size_t i = 1; i < request.matches.size(); ++i) call.params.push_back(request.matches[i]);
  response.set_header("X-Request-Id", call.request_id);
  arrow::Status status =
      route.spec.authenticated ? Authenticate(&call) : arrow::Status::OK();
  if (status.ok()) {
    try {
      (this->*route.handler)(call);
    } catch (const std::exception& error) {
      // nlohmann::json throws on bodies of the wrong shape: the caller's fault.
      SendError(response,
                Error(ErrorCode::kInvalidArgument, std::string("bad request: ") + error.what()),
                call.request_id);
    }
  } else {
    SendError(response, status, call.request_id);
  }
  metrics_.RequestFinished(route.spec.method, route.spec.path, response.status,
                           std::chrono::steady_clock::now() - started);
}

std::string Gateway::CsrfTokenFor(const std::string& token) const {
  return crypto::HexEncode(crypto::HmacSha256(options_.token_secret, "csrf:" + token));
}

arrow::Status Gateway::Authenticate(ApiCall* call) const {
  const std::string header = call->request.get_header_value("Authorization");
  bool from_cookie = false;
  if (!header.empty()) {
    if (header.rfind("Bearer ", 0) != 0) {
      return Error(ErrorCode::kUnauthenticated, "expected Authorization: Bearer <token>");
    }
    call->token = header.substr(7);
  } else {
    call->token = CookieValue(call->request, kSessionCookie);
    from_cookie = true;
  }
  if (call->token.empty()) return Error(ErrorCode::kUnauthenticated, "sign in first");
  ARROW_ASSIGN_OR_RAISE(call->claims, codec_.Verify(call->token, NowSeconds()));
  // A cookie rides along on any request the browser makes; a state-changing one must
  // also prove it came from our page (double submit, derived from the session).
  const std::string& method = call->request.method;
  if (from_cookie && method != "GET" && method != "HEAD") {
    const std::string given = call->request.get_header_value("X-CSRF-Token");
    if (!crypto::ConstantTimeEquals(given, CsrfTokenFor(call->token))) {
      return Error(ErrorCode::kPermissionDenied, "missing or wrong X-CSRF-Token header");
    }
  }
  return arrow::Status::OK();
}

void Gateway::SetSessionCookie(httplib::Response& response, const std::string& token,
                               int64_t max_age) const {
  std::string cookie = std::string(kSessionCookie) + "=" + token +
                       "; Path=/api/; HttpOnly; SameSite=Strict; Max-Age=" +
                       std::to_string(max_age);
  if (options_.secure_cookies) cookie += "; Secure";
  response.set_header("Set-Cookie", cookie);
}

void Gateway::SendJson(ApiCall& call, const nlohmann::json& body, int status) {
  call.response.status = status;
  call.response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                            "application/json");
}

arrow::Result<nlohmann::json> Gateway::RunSmall(const ApiCall& call, const std::string& sql,
                                                int64_t max_rows) {
  ARROW_ASSIGN_OR_RAISE(auto stream,
                        RowStream::Open(client_.get(), call.token, sql, 0, max_rows));
  std::string text = "{\"columns\":[";
  for (int c = 0; c < stream->schema()->num_fields(); ++c) {
    if (c > 0) text.push_back(',');
    AppendJsonString(stream->schema()->field(c)->name(), &text);
  }
  text.append("],\"rows\":[");
  bool first = true;
  while (true) {
    ARROW_ASSIGN_OR_RAISE(auto batch, stream->Next());
    if (!batch) break;
    for (int64_t row = 0; row < batch->num_rows(); ++row) {
      if (!first) text.push_back(',');
      first = false;
      text.push_back('[');
      for (int c = 0; c < batch->num_columns(); ++c) {
        if (c > 0) text.push_back(',');
        AppendJsonCell(*batch->column(c), row, &text);
      }
      text.push_back(']');
    }
  }
  text.append("]}");
  auto json = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) {
    return Error(ErrorCode::kInternal, "the result is not valid UTF-8 text");
  }
  return json;
}

}  // namespace warden::rest
