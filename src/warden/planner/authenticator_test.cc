#include "warden/planner/authenticator.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::planner {
namespace {

class AuthenticatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store_ = catalog::MetaStore::Open(dir_.SqliteUri()).ValueOrDie();
    ASSERT_TRUE(store_->PutUser({"alice", crypto::HashPassword("pw", 1000).ValueOrDie()}).ok());
    auth_ = std::make_unique<Authenticator>(
        store_.get(), BearerTokenCodec::Make(std::string(32, 's')).ValueOrDie());
  }
  void TearDown() override {
    auth_.reset();
    store_.reset();
  }

  warden::testing::TempDir dir_;
  std::unique_ptr<catalog::MetaStore> store_;
  std::unique_ptr<Authenticator> auth_;
};

TEST_F(AuthenticatorTest, BasicLoginIssuesAVerifiableToken) {
  auto token = auth_->LoginBasic("Basic " + std::string("YWxpY2U6cHc="));  // alice:pw
  ASSERT_TRUE(token.ok()) << token.status();
  auto claims = auth_->VerifyBearer("Bearer " + *token);
  ASSERT_TRUE(claims.ok());
  EXPECT_EQ(claims->subject, "alice");
}

TEST_F(AuthenticatorTest, WrongPasswordAndUnknownUserLookAlike) {
  auto wrong = auth_->Login("alice", "nope");
  auto unknown = auth_->Login("mallory", "pw");
  EXPECT_EQ(ErrorCodeOf(wrong.status()), ErrorCode::kUnauthenticated);
  EXPECT_EQ(ErrorCodeOf(unknown.status()), ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.status().message(), unknown.status().message());
}

TEST_F(AuthenticatorTest, MalformedHeadersRefused) {
  for (const std::string& header :
       {"", "Basic", "Basic !!!", "Basic YWxpY2U=", "Bearer x", "Digest YWxpY2U6cHc="}) {
    EXPECT_EQ(ErrorCodeOf(auth_->LoginBasic(header).status()), ErrorCode::kUnauthenticated)
        << header;
  }
  EXPECT_EQ(ErrorCodeOf(auth_->VerifyBearer("").status()), ErrorCode::kUnauthenticated);
  EXPECT_EQ(ErrorCodeOf(auth_->VerifyBearer("Basic YWxpY2U6cHc=").status()),
            ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace warden::planner
