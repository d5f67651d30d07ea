#include "warden/worker/caller_binding.h"

#include "warden/common/error.h"

namespace warden::worker {

arrow::Status CallerBinding::Check(std::optional<std::string_view> authorization,
                                   const TicketPayload& ticket, int64_t now_seconds,
                                   std::string* caller) const {
  if (!authorization.has_value()) {
    // Tokenless mode: the ticket alone is the capability.
    if (!require_token_) return arrow::Status::OK();
    return Error(ErrorCode::kUnauthenticated,
                 "a bearer token is required: send the Authorization header you send the "
                 "planner");
  }
  ARROW_ASSIGN_OR_RAISE(auto claims, tokens_.VerifyHeader(*authorization, now_seconds));
  if (caller != nullptr) *caller = claims.subject;
  if (claims.subject != ticket.user) {
    // Whose ticket it is stays unsaid: the caller learns only that it is not theirs.
    return Error(ErrorCode::kTicketForeign, "this ticket was issued to another user");
  }
  return arrow::Status::OK();
}

arrow::Status CallerBinding::Authenticate(std::optional<std::string_view> authorization,
                                          int64_t now_seconds) const {
  if (!authorization.has_value()) {
    return Error(ErrorCode::kUnauthenticated, "a bearer token is required");
  }
  return tokens_.VerifyHeader(*authorization, now_seconds).status();
}

std::optional<std::string_view> AuthorizationHeader(
    const arrow::flight::ServerCallContext& context) {
  const auto& headers = context.incoming_headers();
  auto it = headers.find("authorization");
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

}  // namespace warden::worker
