#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <memory>

#include <arrow/result.h>

#include "warden/common/jwks.h"

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

/// How SSO tokens are verified besides Warden's own HS256 ones.
struct SsoOptions {
  /// The identity provider's public keys; RS256/ES256 tokens are refused without them.
  std::shared_ptr<const JwksKeySet> jwks;
  /// The claims that carry the user's groups and attributes (in every token).
  std::string groups_claim = "groups";
  std::string attributes_claim = "attributes";
};

/// Issues HS256 JWTs under one secret and verifies them, and RS256/ES256 JWTs against a
/// JWKS (SSO). Immutable after Make(): thread-safe.
class BearerTokenCodec {
 public:
  /// `secret` must hold at least 32 bytes.
  static arrow::Result<BearerTokenCodec> Make(std::string secret, SsoOptions sso = {});

  /// A compact JWT for `subject`, valid for `ttl` from now.
  std::string Issue(const std::string& subject, const std::vector<std::string>& groups,
                    std::chrono::seconds ttl,
                    const std::map<std::string, std::vector<std::string>>& attributes = {})
      const;

  /// Verifies algorithm, signature, nbf and exp at `now`. HS256 is checked with the secret
  /// only, RS256/ES256 with the JWKS key named by "kid" only (so a public key can never
  /// serve as an HMAC secret); "none" and every other algorithm are refused. Every failure
  /// is kUnauthenticated and says no more than needed.
  arrow::Result<TokenClaims> Verify(const std::string& token, int64_t now_seconds) const;

  /// Verifies an "Authorization" header value "Bearer <jwt>" (scheme case-insensitive)
  /// at `now_seconds`: how planners and workers authenticate a call. kUnauthenticated
  /// for any other scheme, an empty value, or a token Verify() refuses.
  arrow::Result<TokenClaims> VerifyHeader(std::string_view header_value,
                                          int64_t now_seconds) const;

  /// The SSO settings it verifies with (JWKS keys and claim names).
  const SsoOptions& sso() const { return sso_; }

 private:
  BearerTokenCodec(std::string secret, SsoOptions sso)
      : secret_(std::move(secret)), sso_(std::move(sso)) {}
  std::string secret_;
  SsoOptions sso_;
};

/// Seconds since the Unix epoch.
int64_t NowSeconds();

/// The scheme of a bearer "Authorization" header value, lower case.
inline constexpr std::string_view kBearerScheme = "bearer ";

/// Whether an "Authorization" header value starts with "Bearer " (any case).
bool HasBearerScheme(std::string_view header_value);

}  // namespace warden
