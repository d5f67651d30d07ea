#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>

#include "warden/audit/audit_log.h"
#include "warden/audit/audit_metrics.h"
#include "warden/audit/event_json.h"
#include "warden/audit/testing/failing_file_system.h"
#include "warden/audit/testing/read_trail.h"
#include "warden/audit/testing/sample_events.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

using namespace std::chrono_literals;
using testing::ExpectVerified;
using testing::ReadTrail;
using testing::SampleEvent;

constexpr int64_t kDay = 86'400'000'000;
constexpr int64_t kNov22 = 1'795'342'272'123'456;  // 2026-11-22T10:11:12.123456Z

/// Polls `condition` for up to 10 s: background work is asynchronous, but bounded.
template <typename Condition>
bool Eventually(Condition condition) {
  for (int i = 0; i < 1000; ++i) {
    if (condition()) return true;
    std::this_thread::sleep_for(10ms);
  }
  return condition();
}

class AuditLogTest : public ::testing::TestWithParam<AuditFileFormat> {
 protected:
  AuditLogOptions Options(const std::string& chain = "planner-test") {
    AuditLogOptions options;
    options.location = dir_.path().string() + "/audit";
    options.chain_id = chain;
    options.format = GetParam();
    options.roll_interval = 1h;  // tests roll explicitly unless they test rolling
    options.publish_interval = 0ms;  // and write no pieces unless they test pieces
    return options;
  }
  std::unique_ptr<AuditLog> OpenLog(const AuditLogOptions& options) {
    auto log = AuditLog::Open(options);
    EXPECT_TRUE(log.ok()) << log.status();
    return log.ok() ? std::move(*log) : nullptr;
  }
  AuditLocation Location() {
    return *AuditLocation::Open(dir_.path().string() + "/audit");
  }

  warden::testing::TempDir dir_;
};

TEST_P(AuditLogTest, RecordDurableIsOnDiskBeforeItReturns) {
  auto log = OpenLog(Options());
  AuditEvent event = SampleEvent(1);
  event.event_id.clear();
  event.time_us = 0;
  ASSERT_TRUE(log->RecordDurable(event).ok());
  // Nothing rolled yet: the event is in the open segment, with its chain fields.
  auto trail = ReadTrail(Location());
  EXPECT_TRUE(trail.rolled.empty());
  ASSERT_EQ(trail.parts.size(), 1u);
  ASSERT_EQ(trail.events.size(), 1u);
  const AuditEvent& stored = trail.events[0];
  EXPECT_EQ(stored.event_id.size(), 32u);  // filled: 128 random bits
  EXPECT_GT(stored.time_us, kNov22 - 3650 * kDay);
  EXPECT_EQ(stored.chain, "planner-test");
  EXPECT_EQ(stored.sequence, 1);
  EXPECT_EQ(stored.prev_hash, kGenesisHash);
  EXPECT_EQ(stored.hash, ComputeEventHash(stored));
  EXPECT_EQ(stored.statement, event.statement);
  EXPECT_EQ(log->counters().head_sequence, 1);
  EXPECT_TRUE(log->Close().ok());
}

TEST_P(AuditLogTest, RecordBecomesDurableWithinTheFlushInterval) {
  auto options = Options();
  options.flush_interval = 20ms;
  auto log = OpenLog(options);
  std::this_thread::sleep_for(50ms);  // the flusher is idle, waiting: Record must wake it
  for (int i = 1; i <= 10; ++i) ASSERT_TRUE(log->Record(SampleEvent(i)).ok());
  EXPECT_TRUE(Eventually([&] { return log->counters().head_sequence == 10; }));
  EXPECT_EQ(ReadTrail(Location()).events.size(), 10u);
  EXPECT_EQ(log->counters().pending, 0);
}

TEST_P(AuditLogTest, RollWritesOneDatasetFileAndRemovesTheParts) {
  auto log = OpenLog(Options());
  for (int i = 1; i <= 25; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  ASSERT_TRUE(log->Roll().ok());
  auto trail = ReadTrail(Location());
  EXPECT_TRUE(trail.parts.empty());
  ASSERT_EQ(trail.rolled.size(), 1u);
  EXPECT_EQ(trail.rolled[0],
            "date=2026-11-22/audit-planner-test-00000000000000000001-"
            "00000000000000000025" +
                std::string(FileExtension(GetParam())));
  ASSERT_EQ(trail.events.size(), 25u);
  for (int i = 1; i <= 25; ++i) {
    AuditEvent expected = SampleEvent(i);
    const AuditEvent& got = trail.events[i - 1];
    expected.chain = got.chain;
    expected.sequence = i;
    expected.prev_hash = got.prev_hash;
    expected.hash = got.hash;
    EXPECT_EQ(got, expected);
  }
  auto counters = log->counters();
  EXPECT_EQ(counters.rolled, 25);
  EXPECT_EQ(counters.rolled_files, 1);
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 25);
}

TEST_P(AuditLogTest, RollsBySize) {
  auto options = Options();
  options.roll_bytes = 3000;  // about four events per segment
  auto log = OpenLog(options);
  for (int i = 1; i <= 30; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  ASSERT_TRUE(log->Roll().ok());
  auto trail = ReadTrail(Location());
  EXPECT_GE(trail.rolled.size(), 5u);
  EXPECT_TRUE(trail.parts.empty());
  EXPECT_EQ(trail.events.size(), 30u);
  ExpectVerified(Location());
}

TEST_P(AuditLogTest, RollsByTime) {
  auto options = Options();
  options.roll_interval = 50ms;
  auto log = OpenLog(options);
  ASSERT_TRUE(log->RecordDurable(SampleEvent(1)).ok());
  EXPECT_TRUE(Eventually([&] { return log->counters().rolled_files == 1; }));
  ASSERT_TRUE(log->RecordDurable(SampleEvent(2)).ok());
  EXPECT_TRUE(Eventually([&] { return log->counters().rolled_files == 2; }));
  EXPECT_EQ(ReadTrail(Location()).rolled.size(), 2u);
  ExpectVerified(Location());
}

TEST_P(AuditLogTest, PartitionsByUtcDateAndKeepsLateEventsInTheOpenFile) {
  auto log = OpenLog(Options());
  ASSERT_TRUE(log->RecordDurable(SampleEvent(1, kNov22)).ok());
  ASSERT_TRUE(log->RecordDurable(SampleEvent(2, kNov22 + kDay)).ok());      // next day
  ASSERT_TRUE(log->RecordDurable(SampleEvent(3, kNov22 + kDay - 5)).ok());  // late event
  ASSERT_TRUE(log->RecordDurable(SampleEvent(4, kNov22 + 2 * kDay)).ok());
  ASSERT_TRUE(log->Roll().ok());
  const std::string ext(FileExtension(GetParam()));
  auto trail = ReadTrail(Location());
  EXPECT_EQ(trail.rolled, (std::vector<std::string>{
                              "date=2026-11-22/audit-planner-test-00000000000000000001-"
                              "00000000000000000001" +
                                  ext,
                              "date=2026-11-23/audit-planner-test-00000000000000000002-"
                              "00000000000000000003" +
                                  ext,
                              "date=2026-11-24/audit-planner-test-00000000000000000004-"
                              "00000000000000000004" +
                                  ext}));
  ExpectVerified(Location());
}

TEST_P(AuditLogTest, OneBatchAcrossADateChangeKeepsTheChain) {
  // Buffered, then flushed together: one batch written as two runs (two segments), the
  // second run chained to the first run's last event; pieces on, so the events also
  // move on to the pieces queue.
  auto options = Options();
  options.publish_interval = 1h;
  auto log = OpenLog(options);
  ASSERT_TRUE(log->Record(SampleEvent(1, kNov22)).ok());
  ASSERT_TRUE(log->Record(SampleEvent(2, kNov22 + 1)).ok());
  ASSERT_TRUE(log->Record(SampleEvent(3, kNov22 + kDay)).ok());
  ASSERT_TRUE(log->Record(SampleEvent(4, kNov22 + kDay + 1)).ok());
  ASSERT_TRUE(log->Flush().ok());
  EXPECT_EQ(log->counters().batches, 2);  // one write per run
  EXPECT_EQ(log->counters().head_sequence, 4);
  ASSERT_TRUE(log->Close().ok());
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 4);
  EXPECT_EQ(ReadTrail(Location()).rolled.size(), 2u);
}

TEST_P(AuditLogTest, ConcurrentWritersShareBatchesAndKeepOneChain) {
  auto log = OpenLog(Options());
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        if (!log->RecordDurable(SampleEvent(t * 1000 + i)).ok()) failures++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  ASSERT_TRUE(log->Close().ok());
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 1600);
  ASSERT_EQ(report.chains.size(), 1u);
  EXPECT_EQ(report.chains[0].last_sequence, 1600);
}

TEST_P(AuditLogTest, GroupCommitSharesOneSyncAmongConcurrentCallers) {
  // A slow sink (5 ms a write): while a leader writes, the other callers queue up and
  // share its next batch, whatever the scheduling.
  auto slow = std::make_shared<testing::FailingFileSystem>();
  slow->set_write_delay(5ms);
  auto options = Options();
  options.filesystem = slow;
  auto log = OpenLog(options);
  ASSERT_TRUE(log->RecordDurable(SampleEvent(0)).ok());
  EXPECT_EQ(log->counters().batches, 1);  // a lone caller writes at once, by itself
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 50; ++i) {
        if (!log->RecordDurable(SampleEvent(t * 1000 + i + 1)).ok()) failures++;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures, 0);
  const auto counters = log->counters();
  EXPECT_EQ(counters.written, 401);
  // Eight callers each waiting on a write: callers arriving during a write all join the
  // next batch (one write per event would be 401 batches; perfect batching ~55).
  std::cout << "group commit: " << counters.batches << " batches for 401 events\n";
  EXPECT_LT(counters.batches, 150);
  ASSERT_TRUE(log->Close().ok());
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 401);
  ASSERT_EQ(report.chains.size(), 1u);
  EXPECT_EQ(report.chains[0].last_sequence, 401);
}

/// The rolled-file names (relative paths) of a trail, and the sequences they hold.
std::vector<std::string> RolledNames(const AuditLocation& location) {
  auto names = ReadTrail(location).rolled;
  std::sort(names.begin(), names.end());
  return names;
}

TEST_P(AuditLogTest, PiecesMakeRecentEventsQueryableAndTheRollReplacesThem) {
  auto options = Options();
  // Long enough for the events below to be durable before their piece is due.
  options.publish_interval = 400ms;
  auto log = OpenLog(options);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  // Within the publish interval the events are in a dataset file, their segment open.
  EXPECT_TRUE(Eventually([&] { return log->counters().pieces == 1; }));
  auto first = RolledNames(Location());
  ASSERT_EQ(first.size(), 1u);
  EXPECT_NE(first[0].find("-00000000000000000001-00000000000000000005."), std::string::npos)
      << first[0];
  EXPECT_EQ(ReadTrail(Location()).parts.size(), 1u);  // still open
  for (int i = 6; i <= 8; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  EXPECT_TRUE(Eventually([&] { return log->counters().pieces == 2; }));
  EXPECT_EQ(RolledNames(Location()).size(), 2u);
  // Pieces are ordinary links of the chain; their events are also in the open segment.
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 8);
  EXPECT_EQ(report.duplicates, 8);

  ASSERT_TRUE(log->Roll().ok());  // one file for the segment; the pieces are gone
  auto rolled = RolledNames(Location());
  ASSERT_EQ(rolled.size(), 1u);
  EXPECT_NE(rolled[0].find("-00000000000000000001-00000000000000000008."), std::string::npos)
      << rolled[0];
  EXPECT_TRUE(ReadTrail(Location()).parts.empty());
  report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 8);
  EXPECT_EQ(report.duplicates, 0);
  EXPECT_EQ(log->counters().rolled_files, 1);
  ASSERT_TRUE(log->Close().ok());
}

TEST_P(AuditLogTest, PiecesOfAKilledWriterStayAndTheNextWriterRollsTheRest) {
  const std::string copy = dir_.path().string() + "/copy";
  {
    auto options = Options();
    options.publish_interval = 400ms;  // no second piece while the folder is copied
    auto log = OpenLog(options);
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    ASSERT_TRUE(Eventually([&] { return log->counters().pieces == 1; }));
    for (int i = 5; i <= 6; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    // What a SIGKILL now leaves: a piece 1..4 and the open segment 1..6.
    std::filesystem::copy(dir_.path() / "audit", copy,
                          std::filesystem::copy_options::recursive);
    ASSERT_TRUE(log->Close().ok());
  }
  auto options = Options();
  options.location = copy;
  auto log = OpenLog(options);
  ASSERT_TRUE(log->RecordDurable(SampleEvent(7)).ok());
  ASSERT_TRUE(log->Close().ok());
  auto location = *AuditLocation::Open(copy);
  auto report = ExpectVerified(location);
  EXPECT_EQ(report.events, 7);
  EXPECT_EQ(report.duplicates, 0);
  EXPECT_EQ(ReadTrail(location).events.size(), 7u);
}

TEST_P(AuditLogTest, OpenRemovesAPieceLeftAfterItsSegmentRolled) {
  {
    auto log = OpenLog(Options());
    for (int i = 1; i <= 6; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    ASSERT_TRUE(log->Close().ok());
  }
  // A crash between the rolled file and deleting the pieces leaves a copy of 1..3.
  auto trail = ReadTrail(Location());
  ASSERT_EQ(trail.rolled.size(), 1u);
  std::vector<AuditEvent> first_three(trail.events.begin(), trail.events.begin() + 3);
  auto contents = EncodeAuditFile(first_three, GetParam());
  ASSERT_TRUE(contents.ok());
  const std::string piece = Location().RolledPath(
      "planner-test", 1, 3, UtcDate(first_three[0].time_us), GetParam());
  ASSERT_TRUE(Location().WriteFileDurably(piece, **contents).ok());
  EXPECT_EQ(ExpectVerified(Location()).duplicates, 3);
  auto log = OpenLog(Options());
  EXPECT_EQ(RolledNames(Location()).size(), 1u);
  EXPECT_EQ(ExpectVerified(Location()).duplicates, 0);
  ASSERT_TRUE(log->Close().ok());
}

TEST_P(AuditLogTest, ReopeningContinuesTheChain) {
  {
    auto log = OpenLog(Options());
    for (int i = 1; i <= 5; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    ASSERT_TRUE(log->Close().ok());  // rolls what is open
  }
  auto log = OpenLog(Options());
  EXPECT_EQ(log->counters().head_sequence, 5);
  for (int i = 6; i <= 8; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  ASSERT_TRUE(log->Close().ok());
  auto trail = ReadTrail(Location());
  ASSERT_EQ(trail.events.size(), 8u);
  EXPECT_EQ(trail.events[5].sequence, 6);
  EXPECT_EQ(trail.events[5].prev_hash, trail.events[4].hash);
  EXPECT_EQ(trail.rolled.size(), 2u);
  ExpectVerified(Location());
}

TEST_P(AuditLogTest, SecondWriterOnTheSameChainIsRefused) {
  auto first = OpenLog(Options());
  auto second = AuditLog::Open(Options());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(ErrorCodeOf(second.status()), ErrorCode::kAuditUnavailable);
  EXPECT_NE(second.status().message().find("in use"), std::string::npos);
  auto other_chain = OpenLog(Options("worker-test"));  // another chain, same folder: fine
  ASSERT_TRUE(other_chain->RecordDurable(SampleEvent(1)).ok());
  ASSERT_TRUE(first->RecordDurable(SampleEvent(2)).ok());
  ASSERT_TRUE(first->Close().ok());
  ASSERT_TRUE(other_chain->Close().ok());
  EXPECT_EQ(ExpectVerified(Location()).chains.size(), 2u);
}

/// The state a SIGKILL leaves: durable parts under _open/ (one ending in half a line),
/// nothing rolled. The next log on the chain rolls them and continues after them.
TEST_P(AuditLogTest, RecoversWhatACrashedWriterLeftOpen) {
  const std::string open_dir = dir_.path().string() + "/audit/_open/planner-test";
  const std::string saved = dir_.path().string() + "/saved";
  {
    auto log = OpenLog(Options());
    for (int i = 1; i <= 6; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    std::filesystem::copy(open_dir, saved);
    ASSERT_TRUE(log->Close().ok());
  }
  std::filesystem::remove_all(dir_.path() / "audit");
  std::filesystem::create_directories(dir_.path() / "audit/_open");
  std::filesystem::copy(saved, open_dir);
  for (const auto& entry : std::filesystem::directory_iterator(open_dir)) {
    if (entry.path().extension() != ".jsonl") continue;
    std::ofstream(entry.path(), std::ios::app) << R"({"application":null,"bytes":nu)";
  }
  ASSERT_TRUE(VerifyAuditTrail(Location())->ok());  // the torn line is accepted as such

  auto log = OpenLog(Options());
  EXPECT_EQ(log->counters().head_sequence, 6);
  ASSERT_TRUE(log->RecordDurable(SampleEvent(7)).ok());
  ASSERT_TRUE(log->Close().ok());
  auto trail = ReadTrail(Location());
  EXPECT_TRUE(trail.parts.empty());
  EXPECT_EQ(trail.rolled.size(), 2u);
  ASSERT_EQ(trail.events.size(), 7u);
  EXPECT_EQ(trail.events[6].prev_hash, trail.events[5].hash);
  auto report = ExpectVerified(Location());
  EXPECT_TRUE(report.notes.empty()) << report.notes[0];
}

/// A crash after a rolled file became durable but before its parts were deleted.
TEST_P(AuditLogTest, RecoveryDropsPartsThatWereAlreadyRolled) {
  const std::string open_dir = dir_.path().string() + "/audit/_open/planner-test";
  const std::string saved = dir_.path().string() + "/saved";
  {
    auto log = OpenLog(Options());
    for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
    std::filesystem::copy(open_dir, saved);
    ASSERT_TRUE(log->Close().ok());
  }
  std::filesystem::copy(saved, open_dir,
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::overwrite_existing);
  auto report = ExpectVerified(Location());  // copies of rolled events are not a problem
  EXPECT_EQ(report.duplicates, 4);
  auto log = OpenLog(Options());
  EXPECT_EQ(log->counters().head_sequence, 4);
  EXPECT_TRUE(ReadTrail(Location()).parts.empty());
  ASSERT_TRUE(log->RecordDurable(SampleEvent(5)).ok());
  ASSERT_TRUE(log->Close().ok());
  EXPECT_EQ(ExpectVerified(Location()).events, 5);
}

/// A part whose delete failed after its roll is cleaned up by the next roll.
TEST_P(AuditLogTest, NextRollRemovesALeftoverPart) {
  const std::string open_dir = dir_.path().string() + "/audit/_open/planner-test";
  const std::string saved = dir_.path().string() + "/saved";
  auto log = OpenLog(Options());
  for (int i = 1; i <= 4; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  std::filesystem::copy(open_dir, saved);
  ASSERT_TRUE(log->Roll().ok());
  std::filesystem::copy(saved, open_dir,
                        std::filesystem::copy_options::recursive |
                            std::filesystem::copy_options::overwrite_existing);
  ASSERT_EQ(ReadTrail(Location()).parts.size(), 1u);
  for (int i = 5; i <= 6; ++i) ASSERT_TRUE(log->RecordDurable(SampleEvent(i)).ok());
  ASSERT_TRUE(log->Roll().ok());
  auto trail = ReadTrail(Location());
  EXPECT_TRUE(trail.parts.empty());
  EXPECT_EQ(trail.rolled.size(), 2u);
  EXPECT_EQ(ExpectVerified(Location()).duplicates, 0);
}

TEST_P(AuditLogTest, RefusesBadEventsAndOptions) {
  auto log = OpenLog(Options());
  AuditEvent future = SampleEvent(1);
  future.time_us = 400'000'000'000'000'000;  // year 14645
  EXPECT_EQ(ErrorCodeOf(log->Record(future)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(log->counters().rejected, 1);
  ASSERT_TRUE(log->Close().ok());
  EXPECT_EQ(ErrorCodeOf(log->Record(SampleEvent(2))), ErrorCode::kAuditUnavailable);

  auto bad_chain = Options("bad/chain");
  EXPECT_EQ(ErrorCodeOf(AuditLog::Open(bad_chain).status()), ErrorCode::kInvalidArgument);
  auto no_spill = Options();
  no_spill.failure_policy = FailurePolicy::kSpill;
  EXPECT_EQ(ErrorCodeOf(AuditLog::Open(no_spill).status()), ErrorCode::kInvalidArgument);
  auto remote_spill = Options("c2");
  remote_spill.failure_policy = FailurePolicy::kSpill;
  remote_spill.spill_dir = "mock:///spill";
  EXPECT_EQ(ErrorCodeOf(AuditLog::Open(remote_spill).status()),
            ErrorCode::kInvalidArgument);
}

TEST_P(AuditLogTest, InvalidUtf8IsStoredReplacedSoTheHashHolds) {
  auto log = OpenLog(Options());
  AuditEvent event = SampleEvent(1);
  event.statement = "SELECT '\xff\xfe'";
  ASSERT_TRUE(log->RecordDurable(event).ok());
  ASSERT_TRUE(log->Close().ok());
  auto trail = ReadTrail(Location());
  ASSERT_EQ(trail.events.size(), 1u);
  EXPECT_EQ(trail.events[0].statement, "SELECT '\uFFFD\uFFFD'");
  ExpectVerified(Location());
}

TEST_P(AuditLogTest, MetricsTextCarriesTheCounters) {
  auto log = OpenLog(Options());
  ASSERT_TRUE(log->RecordDurable(SampleEvent(1)).ok());
  ASSERT_TRUE(log->Roll().ok());
  const std::string text = AuditMetricsText(log->counters(), log->healthy());
  EXPECT_NE(text.find("warden_audit_events_recorded_total 1\n"), std::string::npos)
      << text;
  EXPECT_NE(text.find("warden_audit_events_rolled_total 1\n"), std::string::npos);
  EXPECT_NE(text.find("warden_audit_events_undelivered 0\n"), std::string::npos);
  EXPECT_NE(text.find("warden_audit_healthy 1\n"), std::string::npos);
  EXPECT_NE(text.find("# TYPE warden_audit_events_pending gauge\n"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Formats, AuditLogTest,
                         ::testing::Values(AuditFileFormat::kParquet,
                                           AuditFileFormat::kJsonLines),
                         [](const auto& info) {
                           return std::string(FormatName(info.param));
                         });

}  // namespace
}  // namespace warden::audit
