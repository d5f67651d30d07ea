#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <arrow/result.h>

namespace warden {

/// Identity carried by a bearer token (a JWT).
struct TokenClaims {
  std::string subject;              // the user name ("sub")
  std::vector<std::string> groups;  // "groups"
  int64_t issued_at = 0;            // seconds since the epoch ("iat")
  int64_t not_before = 0;           // "nbf"; 0 when absent
  int64_t expires_at = 0;           // "exp"
  /// "attributes": {"k": ["v", …]} (a single string counts as one value); the user's
  /// attributes for row filters (user_attribute('k')).
  std::map<std::string, std::vector<std::string>> attributes;
};

/// Issues and verifies HS256 JWTs under one secret. Immutable after Make(): thread-safe.
class BearerTokenCodec {
 public:
  /// `secret` must hold at least 32 bytes.
  static arrow::Result<BearerTokenCodec> Make(std::string secret);

  /// A compact JWT for `subject`, valid for `ttl` from now.
  std::string Issue(const std::string& subject, const std::vector<std::string>& groups,
                    std::chrono::seconds ttl,
                    const std::map<std::string, std::vector<std::string>>& attributes = {})
      const;

  /// Verifies signature, algorithm (only HS256; "none" is refused), nbf and exp at `now`.
  /// Every failure is kUnauthenticated and says no more than needed.
  arrow::Result<TokenClaims> Verify(const std::string& token, int64_t now_seconds) const;

 private:
  explicit BearerTokenCodec(std::string secret) : secret_(std::move(secret)) {}
  std::string secret_;
};

/// Seconds since the Unix epoch.
int64_t NowSeconds();

}  // namespace warden
