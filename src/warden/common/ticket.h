#pragma once

#include <cstdint>
#include <string>

#include <arrow/result.h>

namespace warden {

/// What a planner authorizes a worker to execute: one governed plan fragment for one user.
struct TicketPayload {
  std::string query_id;
  std::string user;
  int64_t expires_at_ms = 0;  // milliseconds since the epoch
  std::string fragment;       // serialized plan fragment (opaque to the ticket layer)
};

/// Signs and verifies tickets with HMAC-SHA256 under a key shared by planners and workers
/// (DESIGN §2.3). Wire form: "wt1." + base64url(payload json) + "." + base64url(mac).
/// Immutable after Make(): thread-safe.
class TicketSigner {
 public:
  /// `key` must hold at least 32 bytes.
  static arrow::Result<TicketSigner> Make(std::string key);

  std::string Sign(const TicketPayload& payload) const;

  /// Refuses tampered, foreign-key or malformed tickets (kTicketInvalid) and expired ones
  /// (kTicketExpired) at `now_ms`.
  arrow::Result<TicketPayload> Verify(const std::string& ticket, int64_t now_ms) const;

 private:
  explicit TicketSigner(std::string key) : key_(std::move(key)) {}
  std::string key_;
};

/// Milliseconds since the Unix epoch.
int64_t NowMillis();

}  // namespace warden
