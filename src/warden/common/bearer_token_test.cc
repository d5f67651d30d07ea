#include "warden/common/bearer_token.h"

#include <gtest/gtest.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"

namespace warden {
namespace {

const std::string kSecret(32, 's');

TEST(BearerTokenTest, IssueThenVerify) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  auto token = codec.Issue("alice", {"analysts"}, std::chrono::seconds(60));
  auto claims = codec.Verify(token, NowSeconds());
  ASSERT_TRUE(claims.ok()) << claims.status();
  EXPECT_EQ(claims->subject, "alice");
  EXPECT_EQ(claims->groups, std::vector<std::string>{"analysts"});
}

TEST(BearerTokenTest, ExpiredRefused) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  auto token = codec.Issue("alice", {}, std::chrono::seconds(60));
  auto claims = codec.Verify(token, NowSeconds() + 61);
  EXPECT_EQ(ErrorCodeOf(claims.status()), ErrorCode::kUnauthenticated);
}

TEST(BearerTokenTest, OtherSecretRefused) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  auto other = BearerTokenCodec::Make(std::string(32, 'o')).ValueOrDie();
  auto token = codec.Issue("alice", {}, std::chrono::seconds(60));
  EXPECT_FALSE(other.Verify(token, NowSeconds()).ok());
}

TEST(BearerTokenTest, AlgNoneRefused) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  std::string header = crypto::Base64UrlEncode(R"({"alg":"none","typ":"JWT"})");
  std::string claims = crypto::Base64UrlEncode(
      R"({"sub":"admin","exp":)" + std::to_string(NowSeconds() + 100) + "}");
  EXPECT_FALSE(codec.Verify(header + "." + claims + ".", NowSeconds()).ok());
  EXPECT_FALSE(codec.Verify(header + "." + claims, NowSeconds()).ok());
}

TEST(BearerTokenTest, ChangedSubjectRefused) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  auto token = codec.Issue("alice", {}, std::chrono::seconds(60));
  size_t d1 = token.find('.'), d2 = token.rfind('.');
  std::string claims = crypto::Base64UrlEncode(
      R"({"sub":"admin","exp":)" + std::to_string(NowSeconds() + 100) + "}");
  std::string forged = token.substr(0, d1 + 1) + claims + token.substr(d2);
  EXPECT_FALSE(codec.Verify(forged, NowSeconds()).ok());
}

TEST(BearerTokenTest, HeaderNeedsTheBearerScheme) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  auto token = codec.Issue("alice", {}, std::chrono::seconds(60));
  for (const std::string prefix : {"Bearer ", "bearer ", "BEARER "}) {
    auto claims = codec.VerifyHeader(prefix + token, NowSeconds());
    ASSERT_TRUE(claims.ok()) << prefix << claims.status();
    EXPECT_EQ(claims->subject, "alice");
  }
  for (const std::string& value :
       std::vector<std::string>{"", token, "Basic " + token, "Bearer"}) {
    EXPECT_EQ(ErrorCodeOf(codec.VerifyHeader(value, NowSeconds()).status()),
              ErrorCode::kUnauthenticated)
        << value;
  }
  auto expired = codec.VerifyHeader("Bearer " + token, NowSeconds() + 61);
  EXPECT_EQ(ErrorCodeOf(expired.status()), ErrorCode::kUnauthenticated);
}

TEST(BearerTokenTest, GarbageRefused) {
  auto codec = BearerTokenCodec::Make(kSecret).ValueOrDie();
  for (const std::string& junk : {"", ".", "..", "a.b.c", "a.b.c.d", "Basic xyz"}) {
    EXPECT_EQ(ErrorCodeOf(codec.Verify(junk, NowSeconds()).status()),
              ErrorCode::kUnauthenticated);
  }
}

}  // namespace
}  // namespace warden
