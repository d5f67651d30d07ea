#include "warden/common/jwks.h"

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {

struct JwksKeySet::Key {
  std::string alg;  // the JWT algorithm this key verifies: "RS256" or "ES256"
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

arrow::Status BadKey(const std::string& kid, const std::string& why) {
  return Error(ErrorCode::kInvalidArgument, "JWKS key '" + kid + "': " + why);
}

arrow::Result<std::string> Member(const nlohmann::json& jwk, const char* name,
                                  const std::string& kid) {
  if (!jwk.contains(name) || !jwk[name].is_string()) {
    return BadKey(kid, std::string("missing \"") + name + "\"");
  }
  auto decoded = crypto::Base64UrlDecode(jwk[name].get<std::string>());
  if (!decoded.ok() || decoded->empty()) return BadKey(kid, std::string("bad \"") + name + "\"");
  return *decoded;
}

/// Builds an EVP_PKEY of `type` ("RSA" or "EC") from OpenSSL 3 parameters.
arrow::Result<EVP_PKEY*> FromParams(const char* type, OSSL_PARAM_BLD* builder,
                                    const std::string& kid) {
  OSSL_PARAM* params = OSSL_PARAM_BLD_to_param(builder);
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr);
  EVP_PKEY* pkey = nullptr;
  const bool ok = params && ctx && EVP_PKEY_fromdata_init(ctx) == 1 &&
                  EVP_PKEY_fromdata(ctx, &pkey, EVP_PKEY_PUBLIC_KEY, params) == 1;
  EVP_PKEY_CTX_free(ctx);
  OSSL_PARAM_free(params);
  if (!ok) return BadKey(kid, "not a valid public key");
  return pkey;
}

arrow::Result<EVP_PKEY*> RsaKey(const nlohmann::json& jwk, const std::string& kid) {
  ARROW_ASSIGN_OR_RAISE(auto n, Member(jwk, "n", kid));
  ARROW_ASSIGN_OR_RAISE(auto e, Member(jwk, "e", kid));
  if (n.size() < 256) return BadKey(kid, "RSA keys must have at least 2048 bits");
  BIGNUM* bn_n = BN_bin2bn(reinterpret_cast<const unsigned char*>(n.data()), n.size(), nullptr);
  BIGNUM* bn_e = BN_bin2bn(reinterpret_cast<const unsigned char*>(e.data()), e.size(), nullptr);
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_N, bn_n);
  OSSL_PARAM_BLD_push_BN(builder, OSSL_PKEY_PARAM_RSA_E, bn_e);
  auto pkey = FromParams("RSA", builder, kid);
  OSSL_PARAM_BLD_free(builder);
  BN_free(bn_n);
  BN_free(bn_e);
  return pkey;
}

arrow::Result<EVP_PKEY*> EcKey(const nlohmann::json& jwk, const std::string& kid) {
  if (jwk.value("crv", "") != "P-256") return BadKey(kid, "only the P-256 curve is supported");
  ARROW_ASSIGN_OR_RAISE(auto x, Member(jwk, "x", kid));
  ARROW_ASSIGN_OR_RAISE(auto y, Member(jwk, "y", kid));
  if (x.size() != 32 || y.size() != 32) return BadKey(kid, "bad P-256 coordinates");
  const std::string point = std::string(1, '\x04') + x + y;  // uncompressed SEC1 point
  OSSL_PARAM_BLD* builder = OSSL_PARAM_BLD_new();
  OSSL_PARAM_BLD_push_utf8_string(builder, OSSL_PKEY_PARAM_GROUP_NAME, "prime256v1", 0);
  OSSL_PARAM_BLD_push_octet_string(builder, OSSL_PKEY_PARAM_PUB_KEY, point.data(),
                                   point.size());
  auto pkey = FromParams("EC", builder, kid);
  OSSL_PARAM_BLD_free(builder);
  return pkey;
}

/// A JWS ES256 signature is r || s (32 bytes each); OpenSSL verifies DER.
std::string EcdsaRawToDer(std::string_view raw) {
  if (raw.size() != 64) return "";
  ECDSA_SIG* sig = ECDSA_SIG_new();
  BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()), 32, nullptr);
  BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(raw.data()) + 32, 32, nullptr);
  ECDSA_SIG_set0(sig, r, s);
  unsigned char* der = nullptr;
  const int length = i2d_ECDSA_SIG(sig, &der);
  std::string out = length > 0 ? std::string(reinterpret_cast<char*>(der), length) : "";
  OPENSSL_free(der);
  ECDSA_SIG_free(sig);
  return out;
}

}  // namespace

JwksKeySet::~JwksKeySet() = default;

arrow::Result<std::shared_ptr<const JwksKeySet>> JwksKeySet::Load(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error(ErrorCode::kInvalidArgument, "cannot read JWKS file " + path);
  std::stringstream text;
  text << in.rdbuf();
  return Parse(text.str());
}

arrow::Result<std::shared_ptr<const JwksKeySet>> JwksKeySet::Parse(std::string_view json) {
  auto document = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!document.is_object() || !document.contains("keys") || !document["keys"].is_array() ||
      document["keys"].empty()) {
    return Error(ErrorCode::kInvalidArgument, "a JWKS file needs a non-empty \"keys\" array");
  }
  std::shared_ptr<JwksKeySet> set(new JwksKeySet());
  for (const auto& jwk : document["keys"]) {
    if (!jwk.is_object() || !jwk.contains("kid") || !jwk["kid"].is_string()) {
      return Error(ErrorCode::kInvalidArgument, "every JWKS key needs a string \"kid\"");
    }
    const std::string kid = jwk["kid"].get<std::string>();
    if (set->keys_.count(kid)) return BadKey(kid, "duplicate kid");
    if (jwk.contains("use") && jwk["use"] != "sig") continue;  // encryption keys: not ours
    const std::string kty = jwk.value("kty", "");
    auto key = std::make_unique<Key>();
    if (kty == "RSA") {
      key->alg = "RS256";
      ARROW_ASSIGN_OR_RAISE(key->pkey, RsaKey(jwk, kid));
    } else if (kty == "EC") {
      key->alg = "ES256";
      ARROW_ASSIGN_OR_RAISE(key->pkey, EcKey(jwk, kid));
    } else {
      return BadKey(kid, "unsupported key type '" + kty + "' (RSA and EC are)");
    }
    if (jwk.contains("alg") && jwk["alg"] != key->alg) {
      return BadKey(kid, "\"alg\" must be " + key->alg + " for a " + kty + " key");
    }
    set->keys_.emplace(kid, std::move(key));
  }
  return std::shared_ptr<const JwksKeySet>(std::move(set));
}

bool JwksKeySet::Verify(const std::string& kid, const std::string& alg,
                        std::string_view signing_input, std::string_view signature) const {
  auto it = keys_.find(kid);
  if (it == keys_.end() || it->second->alg != alg) return false;
  std::string der;
  if (alg == "ES256") {
    der = EcdsaRawToDer(signature);
    if (der.empty()) return false;
    signature = der;
  }
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  const bool ok =
      ctx &&
      EVP_DigestVerifyInit(ctx, nullptr, EVP_sha256(), nullptr, it->second->pkey) == 1 &&
      EVP_DigestVerify(ctx, reinterpret_cast<const unsigned char*>(signature.data()),
                       signature.size(),
                       reinterpret_cast<const unsigned char*>(signing_input.data()),
                       signing_input.size()) == 1;
  EVP_MD_CTX_free(ctx);
  return ok;
}

}  // namespace warden
