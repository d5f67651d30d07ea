#include "warden/planner/auth_middleware.h"

#include <arrow/flight/server.h>
#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"

namespace warden::planner {

namespace {

/// The token of an "authorization: Bearer <token>" value (VerifyBearer accepted it).
std::string BearerOf(const std::string& authorization) {
  return authorization.substr(std::min(authorization.size(), kBearerScheme.size()));
}

}  // namespace

void CallIdentity::SendingHeaders(arrow::flight::AddCallHeaders* outgoing) {
  if (!issued_token_.empty()) outgoing->AddHeader("authorization", "Bearer " + issued_token_);
}

arrow::Status AuthMiddlewareFactory::StartCall(
    const arrow::flight::CallInfo& info, const arrow::flight::ServerCallContext& context,
    std::shared_ptr<arrow::flight::ServerMiddleware>* middleware) {
  const auto& headers = context.incoming_headers();
  auto it = headers.find("authorization");
  const std::string value = it == headers.end() ? "" : std::string(it->second);

  if (info.method == arrow::flight::FlightMethod::Handshake) {
    auto token = authenticator_->LoginBasic(value);
    if (audit_ != nullptr) audit_->RecordLogin(context, value, token.status(), token.ValueOr(""));
    if (!token.ok()) {
      spdlog::warn("authentication failed from {}", context.peer());
      return ToFlightStatus(token.status());
    }
    auto claims = authenticator_->VerifyBearer("Bearer " + *token);
    if (!claims.ok()) return ToFlightStatus(claims.status());
    spdlog::info("user {} authenticated from {}", claims->subject, context.peer());
    *middleware = std::make_shared<CallIdentity>(std::move(*claims), std::move(*token));
    return arrow::Status::OK();
  }
  auto claims = authenticator_->VerifyBearer(value);
  if (!claims.ok()) {
    if (audit_ != nullptr) audit_->RecordBearerRefusal(context, claims.status());
    return ToFlightStatus(claims.status());
  }
  // The caller's own token goes back on the response: the Flight SQL JDBC driver replaces
  // its stored token with each response's header (none → none) and would otherwise reach
  // workers without one (docs/decisions/0008).
  *middleware = std::make_shared<CallIdentity>(std::move(*claims), BearerOf(value));
  return arrow::Status::OK();
}

arrow::Result<TokenClaims> CallerOf(const arrow::flight::ServerCallContext& context) {
  auto* identity = dynamic_cast<CallIdentity*>(context.GetMiddleware(CallIdentity::kKey));
  if (identity == nullptr) return Error(ErrorCode::kUnauthenticated, "not authenticated");
  return identity->claims();
}

}  // namespace warden::planner
