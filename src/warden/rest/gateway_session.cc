// Sign-in, sessions, health, metrics and the OpenAPI document.
#include <httplib.h>

#include "warden/common/error.h"
#include "warden/rest/gateway.h"
#include "warden/rest/http_errors.h"

namespace warden::rest {

namespace {

std::string RequiredString(const nlohmann::json& body, const char* key) {
  if (!body.is_object() || !body.contains(key) || !body[key].is_string()) {
    throw std::invalid_argument(std::string("field '") + key + "' (a string) is required");
  }
  return body[key].get<std::string>();
}

}  // namespace

void Gateway::Login(ApiCall& call) {
  const auto body = nlohmann::json::parse(call.request.body);
  const std::string user = RequiredString(body, "user");
  const std::string password = RequiredString(body, "password");
  auto token = client_->Login(user, password);
  if (!token.ok()) return SendError(call.response, token.status(), call.request_id);
  auto claims = codec_.Verify(*token, NowSeconds());
  if (!claims.ok()) return SendError(call.response, claims.status(), call.request_id);
  SetSessionCookie(call.response, *token, claims->expires_at - NowSeconds());
  SendJson(call, {{"token", *token},
                  {"token_type", "Bearer"},
                  {"expires_at", claims->expires_at},
                  {"user", claims->subject},
                  {"groups", claims->groups},
                  {"csrf_token", CsrfTokenFor(*token)}});
}

void Gateway::Logout(ApiCall& call) {
  // Tokens are stateless and short-lived: signing out ends the browser's session (the
  // cookie); see docs/decisions/0007-portal-session.md.
  SetSessionCookie(call.response, "", 0);
  call.response.status = 204;
}

void Gateway::Refresh(ApiCall& call) {
  // The refreshed token keeps the attributes an issued token carried (row filters use them).
  const std::string token = codec_.Issue(call.claims.subject, call.claims.groups,
                                         options_.token_ttl, call.claims.attributes);
  const int64_t expires_at = NowSeconds() + options_.token_ttl.count();
  if (call.request.get_header_value("Authorization").empty()) {
    SetSessionCookie(call.response, token, options_.token_ttl.count());
  }
  SendJson(call, {{"token", token},
                  {"token_type", "Bearer"},
                  {"expires_at", expires_at},
                  {"user", call.claims.subject},
                  {"groups", call.claims.groups},
                  {"csrf_token", CsrfTokenFor(token)}});
}

void Gateway::Session(ApiCall& call) {
  SendJson(call, {{"user", call.claims.subject},
                  {"groups", call.claims.groups},
                  {"expires_at", call.claims.expires_at},
                  {"csrf_token", CsrfTokenFor(call.token)}});
}

void Gateway::Health(ApiCall& call) { SendJson(call, {{"status", "ok"}}); }

void Gateway::Ready(ApiCall& call) {
  const arrow::Status status = client_->Ping();
  if (!status.ok()) {
    return SendJson(call, {{"status", "unavailable"}, {"reason", status.message()}}, 503);
  }
  // The service's own checks (the audit sink of `warden serve`).
  const std::vector<std::string> problems = health_.Problems();
  if (!problems.empty()) {
    return SendJson(call, {{"status", "unavailable"}, {"reason", problems.front()}}, 503);
  }
  SendJson(call, {{"status", "ready"}});
}

void Gateway::Metrics(ApiCall& call) {
  call.response.set_content(metrics_.Render() + health_.MetricsText(),
                            "text/plain; version=0.0.4");
}

void Gateway::OpenApi(ApiCall& call) {
  call.response.set_header("Cache-Control", "no-cache");
  call.response.set_content(OpenApiDocument(), "application/json");
}

}  // namespace warden::rest
