#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <arrow/result.h>
#include <arrow/status.h>

namespace warden::worker {

/// The call header that carries a planner's service credential to a worker.
inline constexpr const char* kServiceCredentialHeader = "warden-service-credential";

/// How long a service credential is valid: planners issue a fresh one for every heartbeat.
inline constexpr std::chrono::seconds kServiceCredentialTtl{60};

/// A short-lived credential that proves a call comes from a planner of the deployment
/// (docs/decisions/0009): what the worker's actions (planner heartbeats) require, as DoGet
/// requires a signed ticket. It is HMAC-SHA256 under a key derived from the ticket key,
/// which planners and workers already share, so no new secret is configured, and neither a
/// ticket nor a credential can stand for the other. Wire form: "wsc1." +
/// base64url({"aud":"warden.worker","exp":ms}) + "." + base64url(mac).
/// Immutable after Make(): thread-safe.
class ServiceCredential {
 public:
  /// `ticket_key` must hold at least 32 bytes.
  static arrow::Result<ServiceCredential> Make(const std::string& ticket_key);

  /// A credential valid for kServiceCredentialTtl from `now_ms`.
  std::string Issue(int64_t now_ms) const;

  /// OK for a credential this deployment issued that has not expired at `now_ms`;
  /// kUnauthenticated (saying no more than missing, invalid or expired) otherwise.
  arrow::Status Verify(std::optional<std::string_view> credential, int64_t now_ms) const;

 private:
  explicit ServiceCredential(std::string key) : key_(std::move(key)) {}
  std::string key_;  // derived from the ticket key
};

}  // namespace warden::worker
