#pragma once

#include <arrow/flight/server.h>
#include <arrow/status.h>

#include <optional>
#include <string>
#include <string_view>

#include "warden/common/bearer_token.h"
#include "warden/common/ticket.h"

namespace warden::worker {

/// Binds a ticket to the caller who redeems it (DESIGN §6, docs/decisions/0008): the
/// caller's bearer token, verified exactly as planners verify it, must name the user the
/// ticket was issued to, so a ticket copied from another user's session is refused.
/// Immutable: thread-safe.
class CallerBinding {
 public:
  /// `tokens` verifies bearer tokens (the planners' HS256 secret and JWKS). With
  /// `require_token` false a call without any Authorization header is accepted on the
  /// ticket alone; a token that is present is always checked.
  CallerBinding(BearerTokenCodec tokens, bool require_token)
      : tokens_(std::move(tokens)), require_token_(require_token) {}

  /// OK when a call whose Authorization header is `authorization` (nullopt: none) may
  /// redeem `ticket` at `now_seconds`. kUnauthenticated for a missing (when required),
  /// malformed, wrongly signed or expired token; kTicketForeign for a valid token of
  /// another user. `caller` (may be null) receives the token's user when it verified.
  arrow::Status Check(std::optional<std::string_view> authorization,
                      const TicketPayload& ticket, int64_t now_seconds,
                      std::string* caller = nullptr) const;

  /// OK when `authorization` holds a bearer token that verifies at `now_seconds`, whoever
  /// it names; kUnauthenticated otherwise (also when there is none, whatever
  /// require_token()). For calls that carry no ticket.
  arrow::Status Authenticate(std::optional<std::string_view> authorization,
                             int64_t now_seconds) const;

  bool require_token() const { return require_token_; }

 private:
  BearerTokenCodec tokens_;
  bool require_token_;
};

/// The value of the call's "authorization" header, if it has one.
std::optional<std::string_view> AuthorizationHeader(
    const arrow::flight::ServerCallContext& context);

}  // namespace warden::worker
