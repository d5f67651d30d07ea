#pragma once

#include <string>

#include <arrow/flight/server.h>

#include "warden/audit/audit_event.h"

/// What the services share when they turn a Flight call into an audit event.
namespace warden::audit {

/// The Flight header a client may set to name its application in audit events; without
/// it, the gRPC "user-agent" header is recorded.
inline constexpr const char* kApplicationHeader = "x-warden-application";

/// Fills the caller fields of `event` from a Flight call: `client_address` ("ip:port" of
/// the peer, without gRPC's "ipv4:" prefix) and `application` (kApplicationHeader, else
/// the user agent), both truncated to 256 bytes: headers are hostile input.
void FillCallFields(const arrow::flight::ServerCallContext& context, AuditEvent* event);

/// A stable, non-secret id of the login a bearer token belongs to (16 hex digits of its
/// SHA-256): events of one session share it, and it cannot be turned back into the token.
std::string SessionIdOfToken(const std::string& token);

/// Sets the outcome fields from how the request ended: OK leaves the event as it is;
/// a refusal (no or bad credentials, no privilege, a bad or expired ticket, the audit
/// sink unavailable) becomes kRefusal/kRefused; anything else kError/kFailed. The error
/// code and the message the client saw are kept (errors never carry masked values).
void FillOutcome(const arrow::Status& status, AuditEvent* event);

}  // namespace warden::audit
