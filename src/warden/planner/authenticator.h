#pragma once

#include <chrono>
#include <string>

#include <arrow/result.h>

#include "warden/catalog/meta_store.h"
#include "warden/common/bearer_token.h"

namespace warden::planner {

/// Exchanges passwords for bearer tokens and verifies tokens (DESIGN §6). Thread-safe.
class Authenticator {
 public:
  Authenticator(catalog::MetaStore* store, BearerTokenCodec codec,
                std::chrono::seconds token_ttl = std::chrono::hours(1))
      : store_(store), codec_(std::move(codec)), token_ttl_(token_ttl) {}

  /// Verifies `user`/`password` against the users in the store and issues a token.
  /// kUnauthenticated for an unknown user or a wrong password (indistinguishable, and
  /// taking the same time).
  arrow::Result<std::string> Login(const std::string& user, const std::string& password) const;

  /// Login from an HTTP "Basic base64(user:password)" header value.
  arrow::Result<std::string> LoginBasic(const std::string& header_value) const;

  /// Verifies a "Bearer <jwt>" header value.
  arrow::Result<TokenClaims> VerifyBearer(const std::string& header_value) const;

 private:
  catalog::MetaStore* store_;
  BearerTokenCodec codec_;
  std::chrono::seconds token_ttl_;
};

}  // namespace warden::planner
