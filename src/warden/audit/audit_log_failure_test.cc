// The failure policies, against a sink that fails on demand
// (testing/failing_file_system.h).
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "warden/audit/audit_log.h"
#include "warden/audit/testing/failing_file_system.h"
#include "warden/audit/testing/read_trail.h"
#include "warden/audit/testing/sample_events.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

using namespace std::chrono_literals;
using testing::ExpectVerified;
using testing::FailingFileSystem;
using testing::ReadTrail;
using testing::SampleEvent;

class AuditLogFailureTest : public ::testing::Test {
 protected:
  AuditLogOptions Options(FailurePolicy policy) {
    AuditLogOptions options;
    options.location = root_;
    options.filesystem = sink_;
    options.chain_id = "planner-test";
    options.failure_policy = policy;
    if (policy == FailurePolicy::kSpill) options.spill_dir = spill_dir_;
    options.roll_interval = 1h;
    options.publish_interval = 0ms;
    options.retry_interval = 30ms;
    return options;
  }
  std::unique_ptr<AuditLog> OpenLog(const AuditLogOptions& options) {
    auto log = AuditLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  }
  AuditLocation Sink() { return AuditLocation::OnFileSystem(sink_, root_); }
  AuditLocation Spill() { return *AuditLocation::Open(spill_dir_); }

  warden::testing::TempDir dir_;
  std::string root_ = dir_.path().string() + "/audit";
  std::string spill_dir_ = dir_.path().string() + "/spill";
  std::shared_ptr<FailingFileSystem> sink_ = std::make_shared<FailingFileSystem>();
};

TEST_F(AuditLogFailureTest, GroupCommitFailureReachesEveryWaiter) {
  auto log = OpenLog(Options(FailurePolicy::kRefuse));
  ASSERT_TRUE(log->RecordDurable(SampleEvent(1)).ok());
  sink_->set_failing(true);
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, unavailable{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      auto status = log->RecordDurable(SampleEvent(10 + t));
      if (status.ok()) ok++;
      if (ErrorCodeOf(status) == ErrorCode::kAuditUnavailable) unavailable++;
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(ok, 0);  // no caller may serve a result its event does not cover
  EXPECT_EQ(unavailable, 8);
  EXPECT_FALSE(log->healthy());
  sink_->set_failing(false);
  ASSERT_TRUE(log->Flush().ok());  // the refused events stayed queued: at-least-once
  EXPECT_TRUE(log->healthy());
  ASSERT_TRUE(log->Close().ok());
  auto report = ExpectVerified(Sink());
  EXPECT_EQ(report.events, 9);
  ASSERT_EQ(report.chains.size(), 1u);
  EXPECT_EQ(report.chains[0].last_sequence, 9);
}

TEST_F(AuditLogFailureTest, ObjectStorePathWritesOnePartPerBatch) {
  auto log = OpenLog(Options(FailurePolicy::kRefuse));
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  EXPECT_EQ(ReadTrail(Sink()).parts.size(), 3u);  // no appends on an object store
  ASSERT_TRUE(log->Roll().ok());
  auto trail = ReadTrail(Sink());
  EXPECT_TRUE(trail.parts.empty());
  EXPECT_EQ(trail.rolled.size(), 1u);
  ExpectVerified(Sink());
}

TEST_F(AuditLogFailureTest, RefuseReportsTheOutageAndDeliversAfterIt) {
  auto log = OpenLog(Options(FailurePolicy::kRefuse));
  ASSERT_TRUE(log->RecordDurable(SampleEvent(1)).ok());
  sink_->set_failing(true);
  auto refused = log->RecordDurable(SampleEvent(2));
  EXPECT_EQ(ErrorCodeOf(refused), ErrorCode::kAuditUnavailable);
  EXPECT_NE(refused.message().find("injected failure"), std::string::npos) << refused;
  EXPECT_FALSE(log->healthy());
  EXPECT_NE(log->last_error().find("injected failure"), std::string::npos);
  EXPECT_EQ(ErrorCodeOf(log->Flush()), ErrorCode::kAuditUnavailable);
  auto counters = log->counters();
  EXPECT_GE(counters.sink_failures, 1);
  EXPECT_EQ(counters.pending, 1);  // kept, not dropped
  EXPECT_EQ(counters.head_sequence, 1);

  sink_->set_failing(false);
  ASSERT_TRUE(log->RecordDurable(SampleEvent(3)).ok());
  EXPECT_TRUE(log->healthy());
  EXPECT_EQ(log->counters().pending, 0);
  ASSERT_TRUE(log->Close().ok());
  auto trail = ReadTrail(Sink());
  ASSERT_EQ(trail.events.size(), 3u);  // the refused event was still written
  EXPECT_EQ(trail.events[1].event_id, "event-2");
  ExpectVerified(Sink());
}

TEST_F(AuditLogFailureTest, RefuseAppliesBackPressureWhenTheBufferIsFull) {
  auto options = Options(FailurePolicy::kRefuse);
  options.max_pending_events = 5;
  auto log = OpenLog(options);
  sink_->set_failing(true);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(log->Record(SampleEvent(i)).ok());
  auto full = log->Record(SampleEvent(6));
  EXPECT_EQ(ErrorCodeOf(full), ErrorCode::kAuditUnavailable);
  EXPECT_NE(full.message().find("buffer full"), std::string::npos) << full;
  EXPECT_EQ(log->counters().rejected, 1);
  sink_->set_failing(false);
  ASSERT_TRUE(log->Flush().ok());
  ASSERT_TRUE(log->Close().ok());
  EXPECT_EQ(ReadTrail(Sink()).events.size(), 5u);
}

TEST_F(AuditLogFailureTest, CloseDuringAnOutageSaysWhatWasNotWritten) {
  auto log = OpenLog(Options(FailurePolicy::kRefuse));
  sink_->set_failing(true);
  ASSERT_TRUE(log->Record(SampleEvent(1)).ok());
  ASSERT_TRUE(log->Record(SampleEvent(2)).ok());
  auto closed = log->Close();
  EXPECT_EQ(ErrorCodeOf(closed), ErrorCode::kAuditUnavailable);
  EXPECT_NE(closed.message().find("2 audit events could not be written"),
            std::string::npos)
      << closed;
}

TEST_F(AuditLogFailureTest, SpillKeepsServingAndDeliversWhenTheSinkReturns) {
  auto log = OpenLog(Options(FailurePolicy::kSpill));
  ASSERT_TRUE(log->RecordDurable(SampleEvent(1)).ok());
  sink_->set_failing(true);
  for (int i = 2; i <= 6; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  EXPECT_TRUE(log->healthy());
  auto counters = log->counters();
  EXPECT_EQ(counters.written, 1);
  EXPECT_EQ(counters.spilled, 5);
  EXPECT_EQ(counters.undelivered, 5);
  EXPECT_GE(counters.sink_failures, 1);
  EXPECT_EQ(ReadTrail(Spill()).events.size(), 5u);
  // While the sink is down the segment cannot roll; the events stay durable in the spill.
  EXPECT_EQ(ErrorCodeOf(log->Roll()), ErrorCode::kAuditUnavailable);
  ExpectVerified(Sink(), {.spill_dir = spill_dir_});

  sink_->set_failing(false);
  ASSERT_TRUE(log->Roll().ok());
  counters = log->counters();
  EXPECT_EQ(counters.undelivered, 0);
  EXPECT_EQ(counters.rolled, 6);
  EXPECT_TRUE(ReadTrail(Spill()).parts.empty());
  auto trail = ReadTrail(Sink());
  EXPECT_EQ(trail.events.size(), 6u);
  EXPECT_TRUE(trail.parts.empty());
  ASSERT_TRUE(log->Close().ok());
  ExpectVerified(Sink());
}

TEST_F(AuditLogFailureTest, SpilledEventsOfAClosedLogAreDeliveredByTheNextOne) {
  {
    auto log = OpenLog(Options(FailurePolicy::kSpill));
    sink_->set_failing(true);
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    auto closed = log->Close();
    EXPECT_EQ(ErrorCodeOf(closed), ErrorCode::kAuditUnavailable);  // durable, not rolled
    EXPECT_NE(closed.message().find("not rolled"), std::string::npos) << closed;
  }
  sink_->set_failing(false);
  auto log = OpenLog(Options(FailurePolicy::kSpill));
  EXPECT_EQ(log->counters().undelivered, 4);
  ASSERT_TRUE(log->RecordDurable(SampleEvent(5)).ok());
  ASSERT_TRUE(log->Close().ok());
  EXPECT_TRUE(ReadTrail(Spill()).parts.empty());
  EXPECT_EQ(ExpectVerified(Sink()).events, 5);
}

TEST_F(AuditLogFailureTest, SpillThatAlsoFailsIsRefused) {
  auto log = OpenLog(Options(FailurePolicy::kSpill));
  sink_->set_failing(true);
  // Make the spill folder unusable: its chain folder becomes a plain file.
  const auto chain_dir = std::filesystem::path(spill_dir_) / "_open" / "planner-test";
  std::filesystem::remove_all(chain_dir);
  std::ofstream(chain_dir) << "not a folder";
  auto refused = log->RecordDurable(SampleEvent(1));
  EXPECT_EQ(ErrorCodeOf(refused), ErrorCode::kAuditUnavailable);
  EXPECT_NE(refused.message().find("both failed"), std::string::npos) << refused;
  EXPECT_FALSE(log->healthy());
  EXPECT_EQ(log->counters().pending, 1);
}

TEST_F(AuditLogFailureTest, RollFailureLeavesEventsDurableAndRetries) {
  auto log = OpenLog(Options(FailurePolicy::kRefuse));
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  sink_->set_failing(true);
  EXPECT_EQ(ErrorCodeOf(log->Roll()), ErrorCode::kAuditUnavailable);
  EXPECT_TRUE(log->healthy());  // nothing pending: every event is durable in its part
  EXPECT_EQ(log->counters().unrolled_segments, 1);
  sink_->set_failing(false);
  ASSERT_TRUE(log->Roll().ok());  // the roller retried
  ASSERT_TRUE(log->Close().ok());
  EXPECT_EQ(ExpectVerified(Sink()).events, 3);
}

}  // namespace
}  // namespace warden::audit
