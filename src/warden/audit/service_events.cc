#include "warden/audit/service_events.h"

#include <string_view>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden::audit {

namespace {

constexpr size_t kMaxFieldBytes = 256;

std::string Bounded(std::string_view text) {
  return std::string(text.substr(0, kMaxFieldBytes));
}

std::string HeaderValue(const arrow::flight::ServerCallContext& context,
                        const std::string& name) {
  const auto& headers = context.incoming_headers();
  auto it = headers.find(name);
  return it == headers.end() ? std::string() : Bounded(it->second);
}

}  // namespace

void FillCallFields(const arrow::flight::ServerCallContext& context, AuditEvent* event) {
  std::string_view peer = context.peer();
  for (std::string_view prefix : {"ipv4:", "ipv6:"}) {
    if (peer.substr(0, prefix.size()) == prefix) peer.remove_prefix(prefix.size());
  }
  event->client_address = Bounded(peer);
  event->application = HeaderValue(context, kApplicationHeader);
  if (event->application.empty()) event->application = HeaderValue(context, "user-agent");
}

std::string SessionIdOfToken(const std::string& token) {
  return token.empty() ? std::string() : crypto::Sha256Hex(token).substr(0, 16);
}

void FillOutcome(const arrow::Status& status, AuditEvent* event) {
  if (status.ok()) return;
  const ErrorCode code = ErrorCodeOf(status);
  const bool refused = code == ErrorCode::kUnauthenticated ||
                       code == ErrorCode::kPermissionDenied ||
                       code == ErrorCode::kTicketInvalid ||
                       code == ErrorCode::kTicketExpired ||
                       code == ErrorCode::kAuditUnavailable;
  event->kind = refused ? EventKind::kRefusal : EventKind::kError;
  event->status = refused ? EventStatus::kRefused : EventStatus::kFailed;
  event->error_code = std::string(ErrorCodeName(code));
  event->error_message = status.message();
}

}  // namespace warden::audit
