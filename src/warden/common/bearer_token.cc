#include "warden/common/bearer_token.h"

#include <cctype>

#include <nlohmann/json.hpp>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {

namespace {

arrow::Status Refuse(const std::string& why) {
  return Error(ErrorCode::kUnauthenticated, "invalid bearer token: " + why);
}

bool StartsWithIgnoreCase(std::string_view text, std::string_view lower_prefix) {
  if (text.size() < lower_prefix.size()) return false;
  for (size_t i = 0; i < lower_prefix.size(); ++i) {
    const int lower = std::tolower(static_cast<unsigned char>(text[i]));
    if (lower != lower_prefix[i]) return false;
  }
  return true;
}

}  // namespace

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

arrow::Result<BearerTokenCodec> BearerTokenCodec::Make(std::string secret, SsoOptions sso) {
  if (secret.size() < 32) {
    return Error(ErrorCode::kInvalidArgument, "token secret must be at least 32 bytes");
  }
  if (sso.groups_claim.empty() || sso.attributes_claim.empty()) {
    return Error(ErrorCode::kInvalidArgument, "the groups and attributes claims need names");
  }
  return BearerTokenCodec(std::move(secret), std::move(sso));
}

std::string BearerTokenCodec::Issue(const std::string& subject,
                                    const std::vector<std::string>& groups,
                                    std::chrono::seconds ttl,
                                    const std::map<std::string, std::vector<std::string>>&
                                        attributes) const {
  const int64_t now = NowSeconds();
  nlohmann::json header = {{"alg", "HS256"}, {"typ", "JWT"}};
  nlohmann::json claims = {{"sub", subject},
                           {sso_.groups_claim, groups},
                           {"iat", now},
                           {"exp", now + ttl.count()},
                           {"iss", "warden"}};
  if (!attributes.empty()) claims[sso_.attributes_claim] = attributes;
  std::string signing_input = crypto::Base64UrlEncode(header.dump()) + "." +
                              crypto::Base64UrlEncode(claims.dump());
  return signing_input + "." +
         crypto::Base64UrlEncode(crypto::HmacSha256(secret_, signing_input));
}

arrow::Result<TokenClaims> BearerTokenCodec::Verify(const std::string& token,
                                                    int64_t now_seconds) const {
  const size_t dot1 = token.find('.');
  const size_t dot2 = dot1 == std::string::npos ? dot1 : token.find('.', dot1 + 1);
  if (dot2 == std::string::npos || token.find('.', dot2 + 1) != std::string::npos) {
    return Refuse("malformed");
  }
  auto signature = crypto::Base64UrlDecode(std::string_view(token).substr(dot2 + 1));
  auto header_text = crypto::Base64UrlDecode(std::string_view(token).substr(0, dot1));
  auto claims_text =
      crypto::Base64UrlDecode(std::string_view(token).substr(dot1 + 1, dot2 - dot1 - 1));
  if (!signature.ok() || !header_text.ok() || !claims_text.ok()) return Refuse("malformed");
  auto header = nlohmann::json::parse(*header_text, nullptr, /*allow_exceptions=*/false);
  if (!header.is_object() || !header.contains("alg") || !header["alg"].is_string()) {
    return Refuse("malformed");
  }
  const std::string alg = header["alg"].get<std::string>();
  const std::string_view signing_input = std::string_view(token).substr(0, dot2);
  if (alg == "HS256") {
    if (!crypto::ConstantTimeEquals(*signature, crypto::HmacSha256(secret_, signing_input))) {
      return Refuse("bad signature");
    }
  } else if (alg == "RS256" || alg == "ES256") {
    if (!sso_.jwks) return Refuse("unsupported algorithm");
    if (!header.contains("kid") || !header["kid"].is_string()) return Refuse("no key id");
    const std::string kid = header["kid"].get<std::string>();
    if (!sso_.jwks->HasKey(kid)) return Refuse("unknown key id");
    if (!sso_.jwks->Verify(kid, alg, signing_input, *signature)) {
      return Refuse("bad signature");
    }
  } else {
    return Refuse("unsupported algorithm");
  }
  auto claims = nlohmann::json::parse(*claims_text, nullptr, /*allow_exceptions=*/false);
  if (!claims.is_object()) return Refuse("malformed");

  TokenClaims out;
  if (!claims.contains("sub") || !claims["sub"].is_string() || !claims.contains("exp") ||
      !claims["exp"].is_number_integer()) {
    return Refuse("missing claims");
  }
  out.subject = claims["sub"].get<std::string>();
  out.expires_at = claims["exp"].get<int64_t>();
  if (claims.contains("iat") && claims["iat"].is_number_integer()) {
    out.issued_at = claims["iat"].get<int64_t>();
  }
  if (claims.contains("nbf") && claims["nbf"].is_number_integer()) {
    out.not_before = claims["nbf"].get<int64_t>();
  }
  const auto& groups_claim = sso_.groups_claim;
  const auto& attributes_claim = sso_.attributes_claim;
  if (claims.contains(groups_claim) && claims[groups_claim].is_array()) {
    for (const auto& group : claims[groups_claim]) {
      if (group.is_string()) out.groups.push_back(group.get<std::string>());
    }
  }
  if (claims.contains(attributes_claim) && claims[attributes_claim].is_object()) {
    for (const auto& [key, value] : claims[attributes_claim].items()) {
      auto& values = out.attributes[key];
      if (value.is_string()) values.push_back(value.get<std::string>());
      if (!value.is_array()) continue;
      for (const auto& item : value) {
        if (item.is_string()) values.push_back(item.get<std::string>());
      }
    }
  }
  if (out.subject.empty()) return Refuse("missing claims");
  if (now_seconds >= out.expires_at) return Refuse("expired");
  if (out.not_before != 0 && now_seconds < out.not_before) return Refuse("not yet valid");
  return out;
}

arrow::Result<TokenClaims> BearerTokenCodec::VerifyHeader(std::string_view header_value,
                                                          int64_t now_seconds) const {
  if (!HasBearerScheme(header_value)) {
    return Error(ErrorCode::kUnauthenticated, "a bearer token is required");
  }
  return Verify(std::string(header_value.substr(kBearerScheme.size())), now_seconds);
}

bool HasBearerScheme(std::string_view header_value) {
  return StartsWithIgnoreCase(header_value, kBearerScheme);
}

}  // namespace warden
