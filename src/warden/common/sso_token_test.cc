// RS256/ES256 tokens verified against a JWKS (SSO), and the forgeries that must fail.
#include <memory>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/rsa.h>

#include "warden/common/bearer_token.h"
#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {
namespace {

const std::string kSecret(32, 's');

std::string BigNumParam(EVP_PKEY* key, const char* name, int pad = 0) {
  BIGNUM* bn = nullptr;
  EVP_PKEY_get_bn_param(key, name, &bn);
  std::string out(std::max(pad, BN_num_bytes(bn)), '\0');
  BN_bn2binpad(bn, reinterpret_cast<unsigned char*>(out.data()), out.size());
  BN_free(bn);
  return out;
}

/// A test identity provider: one RSA and one P-256 key, a JWKS, and a signer.
struct Provider {
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> rsa{EVP_RSA_gen(2048), EVP_PKEY_free};
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> ec{EVP_EC_gen("P-256"), EVP_PKEY_free};

  std::string Jwks() const {
    nlohmann::json keys = nlohmann::json::array();
    keys.push_back({{"kty", "RSA"}, {"kid", "rsa-1"}, {"use", "sig"},
                    {"n", crypto::Base64UrlEncode(BigNumParam(rsa.get(), OSSL_PKEY_PARAM_RSA_N))},
                    {"e", crypto::Base64UrlEncode(BigNumParam(rsa.get(), OSSL_PKEY_PARAM_RSA_E))}});
    keys.push_back({{"kty", "EC"}, {"kid", "ec-1"}, {"crv", "P-256"},
                    {"x", crypto::Base64UrlEncode(BigNumParam(ec.get(), OSSL_PKEY_PARAM_EC_PUB_X, 32))},
                    {"y", crypto::Base64UrlEncode(BigNumParam(ec.get(), OSSL_PKEY_PARAM_EC_PUB_Y, 32))}});
    return nlohmann::json{{"keys", keys}}.dump();
  }

  static std::string Sign(EVP_PKEY* key, const std::string& input, bool ecdsa) {
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    size_t length = 0;
    EVP_DigestSignInit(ctx, nullptr, EVP_sha256(), nullptr, key);
    EVP_DigestSign(ctx, nullptr, &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    std::string sig(length, '\0');
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char*>(sig.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.data()), input.size());
    EVP_MD_CTX_free(ctx);
    sig.resize(length);
    if (!ecdsa) return sig;
    // DER → JWS r || s.
    const unsigned char* p = reinterpret_cast<const unsigned char*>(sig.data());
    ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &p, sig.size());
    std::string raw(64, '\0');
    BN_bn2binpad(ECDSA_SIG_get0_r(parsed), reinterpret_cast<unsigned char*>(raw.data()), 32);
    BN_bn2binpad(ECDSA_SIG_get0_s(parsed), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
    ECDSA_SIG_free(parsed);
    return raw;
  }

  std::string Token(const std::string& alg, const std::string& kid, nlohmann::json claims) const {
    nlohmann::json header = {{"alg", alg}, {"typ", "JWT"}, {"kid", kid}};
    const std::string input = crypto::Base64UrlEncode(header.dump()) + "." +
                              crypto::Base64UrlEncode(claims.dump());
    std::string sig;
    if (alg == "RS256") sig = Sign(rsa.get(), input, false);
    if (alg == "ES256") sig = Sign(ec.get(), input, true);
    return input + "." + crypto::Base64UrlEncode(sig);
  }
};

nlohmann::json Claims(int64_t exp_offset = 300) {
  return {{"sub", "carol"}, {"exp", NowSeconds() + exp_offset},
          {"roles_claim", {"finance"}}, {"attrs", {{"region", {"EU", "US"}}}}};
}

class SsoTokenTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto jwks = JwksKeySet::Parse(provider_.Jwks());
    ASSERT_TRUE(jwks.ok()) << jwks.status();
    codec_ = std::make_unique<BearerTokenCodec>(
        BearerTokenCodec::Make(kSecret, {*jwks, "roles_claim", "attrs"}).ValueOrDie());
  }
  void ExpectRefused(const std::string& token) {
    auto claims = codec_->Verify(token, NowSeconds());
    EXPECT_EQ(ErrorCodeOf(claims.status()), ErrorCode::kUnauthenticated) << claims.status();
  }
  Provider provider_;
  std::unique_ptr<BearerTokenCodec> codec_;
};

TEST_F(SsoTokenTest, Rs256AndEs256Accepted) {
  for (const auto& [alg, kid] : {std::pair{"RS256", "rsa-1"}, std::pair{"ES256", "ec-1"}}) {
    auto claims = codec_->Verify(provider_.Token(alg, kid, Claims()), NowSeconds());
    ASSERT_TRUE(claims.ok()) << alg << ": " << claims.status();
    EXPECT_EQ(claims->subject, "carol");
    EXPECT_EQ(claims->groups, std::vector<std::string>{"finance"});
    EXPECT_EQ(claims->attributes.at("region"), (std::vector<std::string>{"EU", "US"}));
  }
}

TEST_F(SsoTokenTest, Hs256StillAcceptedWithConfiguredClaims) {
  auto token = codec_->Issue("dave", {"ops"}, std::chrono::seconds(60), {{"k", {"v"}}});
  auto claims = codec_->Verify(token, NowSeconds());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->groups, std::vector<std::string>{"ops"});
  EXPECT_EQ(claims->attributes.at("k"), std::vector<std::string>{"v"});
}

TEST_F(SsoTokenTest, ExpiredAndNotYetValidRefused) {
  ExpectRefused(provider_.Token("RS256", "rsa-1", Claims(-1)));
  auto early = Claims();
  early["nbf"] = NowSeconds() + 120;
  ExpectRefused(provider_.Token("ES256", "ec-1", early));
}

TEST_F(SsoTokenTest, WrongSignatureRefused) {
  Provider other;  // the same kids, other keys
  ExpectRefused(other.Token("RS256", "rsa-1", Claims()));
  ExpectRefused(other.Token("ES256", "ec-1", Claims()));
  // Tampered claims under a genuine signature.
  auto token = provider_.Token("RS256", "rsa-1", Claims());
  const size_t dot1 = token.find('.'), dot2 = token.rfind('.');
  auto forged = Claims();
  forged["sub"] = "admin";
  ExpectRefused(token.substr(0, dot1 + 1) + crypto::Base64UrlEncode(forged.dump()) +
                token.substr(dot2));
}

TEST_F(SsoTokenTest, UnknownKidAndKeyOfOtherTypeRefused) {
  ExpectRefused(provider_.Token("RS256", "rsa-2", Claims()));
  // An RSA signature presented as ES256 under the RSA key's kid, and the reverse.
  ExpectRefused(provider_.Token("ES256", "rsa-1", Claims()));
  ExpectRefused(provider_.Token("RS256", "ec-1", Claims()));
}

TEST_F(SsoTokenTest, AlgNoneRefused) {
  nlohmann::json header = {{"alg", "none"}, {"kid", "rsa-1"}};
  ExpectRefused(crypto::Base64UrlEncode(header.dump()) + "." +
                crypto::Base64UrlEncode(Claims().dump()) + ".");
}

TEST_F(SsoTokenTest, PublicKeyAsHmacSecretRefused) {
  // Algorithm confusion: HS256 "signed" with the RSA public key material the attacker knows.
  const std::string public_material = provider_.Jwks();
  nlohmann::json header = {{"alg", "HS256"}, {"kid", "rsa-1"}};
  const std::string input = crypto::Base64UrlEncode(header.dump()) + "." +
                            crypto::Base64UrlEncode(Claims().dump());
  ExpectRefused(input + "." +
                crypto::Base64UrlEncode(crypto::HmacSha256(public_material, input)));
}

TEST_F(SsoTokenTest, SsoAlgorithmsRefusedWithoutJwks) {
  auto plain = BearerTokenCodec::Make(kSecret).ValueOrDie();
  auto claims = plain.Verify(provider_.Token("RS256", "rsa-1", Claims()), NowSeconds());
  EXPECT_EQ(ErrorCodeOf(claims.status()), ErrorCode::kUnauthenticated);
}

TEST(JwksKeySetTest, MalformedFilesRejected) {
  EXPECT_FALSE(JwksKeySet::Parse("{}").ok());
  EXPECT_FALSE(JwksKeySet::Parse(R"({"keys":[]})").ok());
  EXPECT_FALSE(JwksKeySet::Parse(R"({"keys":[{"kty":"RSA"}]})").ok());
  EXPECT_FALSE(JwksKeySet::Parse(R"({"keys":[{"kty":"oct","kid":"k","k":"AAAA"}]})").ok());
  EXPECT_FALSE(JwksKeySet::Parse(R"({"keys":[{"kty":"RSA","kid":"k","n":"AQAB","e":"AQAB"}]})").ok());
  EXPECT_FALSE(JwksKeySet::Load("/nonexistent/jwks.json").ok());
}

}  // namespace
}  // namespace warden
