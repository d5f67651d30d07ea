#include "warden/worker/service_credential.h"

#include <gtest/gtest.h>

#include "warden/common/error.h"
#include "warden/common/ticket.h"

namespace warden::worker {
namespace {

const std::string kTicketKey(32, 'k');
constexpr int64_t kNow = 1'700'000'000'000;

ServiceCredential Credential(const std::string& key = kTicketKey) {
  return ServiceCredential::Make(key).ValueOrDie();
}

void ExpectRefused(const arrow::Status& status, const std::string& message) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kUnauthenticated);
  EXPECT_NE(status.message().find(message), std::string::npos) << status.message();
}

TEST(ServiceCredentialTest, AFreshCredentialIsAcceptedUntilItExpires) {
  const auto credential = Credential().Issue(kNow);
  EXPECT_TRUE(Credential().Verify(credential, kNow).ok());
  const int64_t ttl_ms = std::chrono::milliseconds(kServiceCredentialTtl).count();
  EXPECT_TRUE(Credential().Verify(credential, kNow + ttl_ms - 1).ok());
  ExpectRefused(Credential().Verify(credential, kNow + ttl_ms), "expired");
}

TEST(ServiceCredentialTest, MissingOrEmptyIsRefused) {
  ExpectRefused(Credential().Verify(std::nullopt, kNow), "required");
  ExpectRefused(Credential().Verify("", kNow), "required");
}

TEST(ServiceCredentialTest, AnotherDeploymentsCredentialIsRefused) {
  const auto foreign = Credential(std::string(32, 'o')).Issue(kNow);
  ExpectRefused(Credential().Verify(foreign, kNow), "invalid");
}

TEST(ServiceCredentialTest, TamperedOrMalformedIsRefused) {
  auto credential = Credential().Issue(kNow);
  const size_t dot = credential.rfind('.');
  std::string tampered = credential;
  tampered[dot - 2] = tampered[dot - 2] == 'A' ? 'B' : 'A';
  ExpectRefused(Credential().Verify(tampered, kNow), "invalid");
  for (const std::string bad : {"wsc1.", "wsc1..", "garbage", "wsc1.e30.", "Bearer x.y.z"}) {
    ExpectRefused(Credential().Verify(bad, kNow), "invalid");
  }
}

TEST(ServiceCredentialTest, ATicketIsNotACredential) {
  // Both are HMACs derived from the ticket key: a user's ticket must not open the actions.
  auto signer = TicketSigner::Make(kTicketKey).ValueOrDie();
  const auto ticket = signer.Sign({"q1", "alice", kNow + 60000, ""});
  ExpectRefused(Credential().Verify(ticket, kNow), "invalid");
  std::string relabelled = "wsc1." + ticket.substr(4);
  ExpectRefused(Credential().Verify(relabelled, kNow), "invalid");
}

TEST(ServiceCredentialTest, ShortKeyIsRejected) {
  EXPECT_FALSE(ServiceCredential::Make("short").ok());
}

}  // namespace
}  // namespace warden::worker
