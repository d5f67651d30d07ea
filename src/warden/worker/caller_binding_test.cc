#include "warden/worker/caller_binding.h"

#include <gtest/gtest.h>

#include "warden/common/error.h"

namespace warden::worker {
namespace {

const std::string kSecret(32, 's');

BearerTokenCodec Codec(const std::string& secret = kSecret) {
  return BearerTokenCodec::Make(secret).ValueOrDie();
}

TicketPayload TicketOf(const std::string& user) {
  TicketPayload ticket;
  ticket.query_id = "q1";
  ticket.user = user;
  return ticket;
}

std::string HeaderFor(const std::string& user,
                      std::chrono::seconds ttl = std::chrono::seconds(60),
                      const std::string& secret = kSecret) {
  return "Bearer " + Codec(secret).Issue(user, {}, ttl);
}

ErrorCode CodeOf(const arrow::Status& status) {
  return status.ok() ? ErrorCode::kInternal : ErrorCodeOf(status);
}

TEST(CallerBindingTest, TheTicketsOwnTokenIsAccepted) {
  CallerBinding binding(Codec(), /*require_token=*/true);
  std::string caller;
  const std::string header = HeaderFor("alice");
  ASSERT_TRUE(binding.Check(header, TicketOf("alice"), NowSeconds(), &caller).ok());
  EXPECT_EQ(caller, "alice");
}

TEST(CallerBindingTest, AnotherUsersTokenIsForeign) {
  for (bool required : {true, false}) {
    CallerBinding binding(Codec(), required);
    std::string caller;
    const std::string header = HeaderFor("mallory");
    auto status = binding.Check(header, TicketOf("alice"), NowSeconds(), &caller);
    EXPECT_EQ(CodeOf(status), ErrorCode::kTicketForeign) << status;
    EXPECT_EQ(caller, "mallory");
    // The caller is not told whose ticket it is.
    EXPECT_EQ(status.message().find("alice"), std::string::npos) << status;
  }
}

TEST(CallerBindingTest, MissingTokenFollowsTheMode) {
  CallerBinding required(Codec(), true);
  EXPECT_EQ(CodeOf(required.Check(std::nullopt, TicketOf("alice"), NowSeconds())),
            ErrorCode::kUnauthenticated);
  CallerBinding optional(Codec(), false);
  EXPECT_TRUE(optional.Check(std::nullopt, TicketOf("alice"), NowSeconds()).ok());
}

TEST(CallerBindingTest, BadTokensAreUnauthenticatedInBothModes) {
  const std::string forged =
      HeaderFor("alice", std::chrono::seconds(60), std::string(32, 'x'));
  const std::string expired = HeaderFor("alice", std::chrono::seconds(1));
  for (bool required : {true, false}) {
    CallerBinding binding(Codec(), required);
    for (const std::string& header : {forged, std::string("Bearer not.a.jwt"),
                                      std::string("Basic YWxpY2U6cHc="), std::string()}) {
      EXPECT_EQ(CodeOf(binding.Check(header, TicketOf("alice"), NowSeconds())),
                ErrorCode::kUnauthenticated)
          << header;
    }
    EXPECT_EQ(CodeOf(binding.Check(expired, TicketOf("alice"), NowSeconds() + 5)),
              ErrorCode::kUnauthenticated);
  }
}

TEST(CallerBindingTest, AuthenticateNeedsAValidTokenEvenInTokenlessMode) {
  for (bool required : {true, false}) {
    CallerBinding binding(Codec(), required);
    EXPECT_TRUE(binding.Authenticate(HeaderFor("bob"), NowSeconds()).ok());
    EXPECT_EQ(CodeOf(binding.Authenticate(std::nullopt, NowSeconds())),
              ErrorCode::kUnauthenticated);
    EXPECT_EQ(CodeOf(binding.Authenticate(HeaderFor("bob", std::chrono::seconds(60),
                                                    std::string(32, 'x')),
                                          NowSeconds())),
              ErrorCode::kUnauthenticated);
  }
}

}  // namespace
}  // namespace warden::worker
