#include "warden/common/crypto.h"

#include <gtest/gtest.h>

namespace warden::crypto {
namespace {

TEST(CryptoTest, HmacSha256MatchesRfc4231Case2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Sha256Hex) {
  EXPECT_EQ(Sha256Hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, Base64UrlRoundTripsAllLengths) {
  std::string raw;
  for (int i = 0; i < 70; ++i) {
    raw.push_back(static_cast<char>(i * 37));
    auto decoded = Base64UrlDecode(Base64UrlEncode(raw));
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(*decoded, raw);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("a").ok());
  EXPECT_FALSE(Base64UrlDecode("ab=").ok());
  EXPECT_FALSE(Base64UrlDecode("+/").ok());
}

TEST(CryptoTest, StandardBase64) {
  EXPECT_EQ(Base64Decode("YWRtaW46cHc=").ValueOrDie(), "admin:pw");
  EXPECT_EQ(Base64Decode("+/8=").ValueOrDie(), "\xfb\xff");
  EXPECT_FALSE(Base64Decode("-_8=").ok());
  EXPECT_FALSE(Base64Decode("YWRtaW46cHc").ok());
  EXPECT_FALSE(Base64Decode("Y===").ok());
}

TEST(CryptoTest, PasswordHashVerifies) {
  auto hash = HashPassword("s3cret", 1000).ValueOrDie();
  EXPECT_TRUE(VerifyPassword("s3cret", hash));
  EXPECT_FALSE(VerifyPassword("s3cret ", hash));
  EXPECT_FALSE(VerifyPassword("", hash));
  EXPECT_FALSE(VerifyPassword("s3cret", "pbkdf2-sha256$0$00$00"));
  EXPECT_FALSE(VerifyPassword("s3cret", "garbage"));
  EXPECT_NE(hash, HashPassword("s3cret", 1000).ValueOrDie());  // salted
}

}  // namespace
}  // namespace warden::crypto
