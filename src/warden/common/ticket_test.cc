#include "warden/common/ticket.h"

#include <gtest/gtest.h>

#include "warden/common/error.h"

namespace warden {
namespace {

const std::string kKey(32, 'k');

TicketPayload SamplePayload() {
  return TicketPayload{"q-1", "alice", NowMillis() + 60'000, R"({"scan":1})"};
}

TEST(TicketTest, SignThenVerifyRoundTrips) {
  auto signer = TicketSigner::Make(kKey).ValueOrDie();
  auto payload = SamplePayload();
  auto verified = signer.Verify(signer.Sign(payload), NowMillis());
  ASSERT_TRUE(verified.ok()) << verified.status();
  EXPECT_EQ(verified->query_id, "q-1");
  EXPECT_EQ(verified->user, "alice");
  EXPECT_EQ(verified->fragment, payload.fragment);
  EXPECT_EQ(verified->expires_at_ms, payload.expires_at_ms);
}

TEST(TicketTest, EveryFlippedByteIsRefused) {
  auto signer = TicketSigner::Make(kKey).ValueOrDie();
  const std::string ticket = signer.Sign(SamplePayload());
  for (size_t i = 0; i < ticket.size(); ++i) {
    std::string tampered = ticket;
    tampered[i] = tampered[i] == 'A' ? 'B' : 'A';
    auto result = signer.Verify(tampered, NowMillis());
    ASSERT_FALSE(result.ok()) << "byte " << i << " accepted";
    EXPECT_EQ(ErrorCodeOf(result.status()), ErrorCode::kTicketInvalid);
  }
}

TEST(TicketTest, ForgedPayloadWithOldMacIsRefused) {
  auto signer = TicketSigner::Make(kKey).ValueOrDie();
  auto payload = SamplePayload();
  const std::string ticket = signer.Sign(payload);
  payload.user = "admin";
  const std::string other = signer.Sign(payload);
  // Graft alice's MAC onto admin's payload.
  std::string forged = other.substr(0, other.rfind('.')) + ticket.substr(ticket.rfind('.'));
  EXPECT_EQ(ErrorCodeOf(signer.Verify(forged, NowMillis()).status()),
            ErrorCode::kTicketInvalid);
}

TEST(TicketTest, WrongKeyIsRefused) {
  auto signer = TicketSigner::Make(kKey).ValueOrDie();
  auto other = TicketSigner::Make(std::string(32, 'x')).ValueOrDie();
  auto result = other.Verify(signer.Sign(SamplePayload()), NowMillis());
  EXPECT_EQ(ErrorCodeOf(result.status()), ErrorCode::kTicketInvalid);
}

TEST(TicketTest, ExpiredIsRefused) {
  auto signer = TicketSigner::Make(kKey).ValueOrDie();
  auto payload = SamplePayload();
  const std::string ticket = signer.Sign(payload);
  EXPECT_TRUE(signer.Verify(ticket, payload.expires_at_ms - 1).ok());
  auto result = signer.Verify(ticket, payload.expires_at_ms);
  EXPECT_EQ(ErrorCodeOf(result.status()), ErrorCode::kTicketExpired);
}

TEST(TicketTest, GarbageIsRefused) {
  auto signer = TicketSigner::Make(kKey).ValueOrDie();
  for (const std::string& junk : {"", "wt1.", "wt1..", "hello", "wt1.e30.", "wt1.%%%.$$$"}) {
    EXPECT_EQ(ErrorCodeOf(signer.Verify(junk, NowMillis()).status()),
              ErrorCode::kTicketInvalid)
        << junk;
  }
}

TEST(TicketTest, ShortKeyIsRejected) {
  EXPECT_FALSE(TicketSigner::Make("short").ok());
}

}  // namespace
}  // namespace warden
