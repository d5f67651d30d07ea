#pragma once

#include <memory>
#include <string>

#include <arrow/flight/server_middleware.h>

#include "warden/common/bearer_token.h"
#include "warden/planner/audit_hooks.h"
#include "warden/planner/authenticator.h"

namespace warden::planner {

/// The verified identity of one Flight call. Its token goes back to the client in the
/// "authorization" response header: the new token of a Handshake, else the caller's own.
class CallIdentity : public arrow::flight::ServerMiddleware {
 public:
  static constexpr const char* kKey = "warden-auth";

  CallIdentity(TokenClaims claims, std::string issued_token)
      : claims_(std::move(claims)), issued_token_(std::move(issued_token)) {}

  std::string name() const override { return kKey; }
  void SendingHeaders(arrow::flight::AddCallHeaders* outgoing) override;
  void CallCompleted(const arrow::Status&) override {}

  const TokenClaims& claims() const { return claims_; }

 private:
  TokenClaims claims_;
  std::string issued_token_;  // echoed in the response header
};

/// Authenticates every call before it reaches the service (DESIGN §6): Handshake accepts
/// "authorization: Basic …" and answers with a bearer token; every other call needs a valid
/// "authorization: Bearer …" or is refused UNAUTHENTICATED. Thread-safe.
class AuthMiddlewareFactory : public arrow::flight::ServerMiddlewareFactory {
 public:
  /// `audit` (may be nullptr) records every login and every refused token.
  explicit AuthMiddlewareFactory(const Authenticator* authenticator,
                                 PlannerAudit* audit = nullptr)
      : authenticator_(authenticator), audit_(audit) {}

  arrow::Status StartCall(const arrow::flight::CallInfo& info,
                          const arrow::flight::ServerCallContext& context,
                          std::shared_ptr<arrow::flight::ServerMiddleware>* middleware) override;

 private:
  const Authenticator* authenticator_;
  PlannerAudit* audit_;
};

/// The verified identity of the current call; kUnauthenticated if the call did not pass
/// through AuthMiddlewareFactory.
arrow::Result<TokenClaims> CallerOf(const arrow::flight::ServerCallContext& context);

}  // namespace warden::planner
