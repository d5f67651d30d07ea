#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include <arrow/result.h>

namespace warden {

/// The public keys of an SSO identity provider, read from a JWKS file (RFC 7517): RSA keys
/// verify RS256 and P-256 EC keys verify ES256, each selected by its `kid`. Immutable after
/// Load(): thread-safe.
class JwksKeySet {
 public:
  ~JwksKeySet();
  JwksKeySet(const JwksKeySet&) = delete;
  JwksKeySet& operator=(const JwksKeySet&) = delete;

  /// Parses a JWKS file; kInvalidArgument (naming the key) for a key that is malformed or of
  /// an unsupported type, or a file without keys.
  static arrow::Result<std::shared_ptr<const JwksKeySet>> Load(const std::string& path);
  static arrow::Result<std::shared_ptr<const JwksKeySet>> Parse(std::string_view json);

  /// Whether `signature` (as carried in the JWT) over `signing_input` is valid for the key
  /// `kid` under `alg` ("RS256" or "ES256"). False for an unknown kid, or a key whose type
  /// (or declared "alg") does not match `alg`: a key is only ever used for its own algorithm.
  bool Verify(const std::string& kid, const std::string& alg, std::string_view signing_input,
              std::string_view signature) const;

  bool HasKey(const std::string& kid) const { return keys_.count(kid) > 0; }
  size_t size() const { return keys_.size(); }

 private:
  struct Key;
  JwksKeySet() = default;
  std::map<std::string, std::unique_ptr<Key>> keys_;
};

}  // namespace warden
