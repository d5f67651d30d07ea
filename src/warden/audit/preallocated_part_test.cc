// Local open parts are pre-allocated with zeros (part_appender.h): what readers,
// recovery, the verifier and pieces make of the zero tail, and of a crash that tore a
// batch into it.
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <thread>

#include <gtest/gtest.h>

#include "warden/audit/audit_log.h"
#include "warden/audit/event_json.h"
#include "warden/audit/part_appender.h"
#include "warden/audit/testing/read_trail.h"
#include "warden/audit/testing/sample_events.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

using namespace std::chrono_literals;
using testing::ExpectVerified;
using testing::ReadTrail;
using testing::SampleEvent;

constexpr int64_t kChunk = PartAppender::kPreallocateBytes;

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

void WriteBytesAt(const std::string& path, int64_t offset, const std::string& bytes) {
  const int fd = ::open(path.c_str(), O_WRONLY);
  ASSERT_GE(fd, 0) << path;
  ASSERT_EQ(::pwrite(fd, bytes.data(), bytes.size(), offset),
            static_cast<ssize_t>(bytes.size()));
  ::close(fd);
}

/// Events `first`..`last` chained from the genesis hash, as a log would write them.
std::vector<AuditEvent> ChainedEvents(int64_t first, int64_t last) {
  std::vector<AuditEvent> events;
  std::string previous(kGenesisHash);
  for (int64_t i = first; i <= last; ++i) {
    AuditEvent event = SampleEvent(static_cast<int>(i));
    event.chain = "c";
    event.sequence = i;
    event.prev_hash = previous;
    event.hash = ComputeEventHash(event);
    previous = event.hash;
    events.push_back(std::move(event));
  }
  return events;
}

int64_t CountNuls(const std::string& bytes) {
  return std::count(bytes.begin(), bytes.end(), '\0');
}

TEST(DecodeJsonLinesTest, TheFirstNulEndsTheData) {
  const std::string lines = EncodeJsonLines(ChainedEvents(1, 2));
  const std::string zeros(5000, '\0');

  auto padded = DecodeJsonLines(lines + zeros);
  ASSERT_TRUE(padded.ok()) << padded.status();
  EXPECT_EQ(padded->events.size(), 2u);
  EXPECT_EQ(padded->data_bytes, static_cast<int64_t>(lines.size()));
  EXPECT_EQ(padded->tail_bytes, 0);
  EXPECT_EQ(padded->zero_bytes, 5000);

  // A torn line, then zeros: the torn bytes are the tail, the zeros are not.
  const std::string torn = lines.substr(0, lines.size() - 10);
  auto torn_decoded = DecodeJsonLines(torn + zeros);
  ASSERT_TRUE(torn_decoded.ok()) << torn_decoded.status();
  EXPECT_EQ(torn_decoded->events.size(), 1u);
  EXPECT_EQ(torn_decoded->data_bytes, static_cast<int64_t>(lines.find('\n') + 1));
  EXPECT_EQ(torn_decoded->tail_bytes,
            static_cast<int64_t>(torn.size()) - torn_decoded->data_bytes);

  // Whole lines after a zero hole (pages of a crashed batch written out of order) are
  // not events: nothing after the first NUL was acknowledged.
  const std::string later = EncodeJsonLines(ChainedEvents(3, 3));
  auto holed = DecodeJsonLines(lines + zeros + later + zeros);
  ASSERT_TRUE(holed.ok()) << holed.status();
  EXPECT_EQ(holed->events.size(), 2u);
  EXPECT_EQ(holed->tail_bytes, static_cast<int64_t>(later.size()));
  EXPECT_EQ(holed->zero_bytes, 10000);
}

class PartAppenderTest : public ::testing::Test {
 protected:
  AuditLocation Location() { return *AuditLocation::Open(dir_.path().string() + "/a"); }
  warden::testing::TempDir dir_;
};

TEST_F(PartAppenderTest, ALocalPartIsZeroFilledAheadAndCutToItsDataWhenEnded) {
  PartAppender appender(Location(), "c");
  const auto events = ChainedEvents(1, 3);
  const std::string first = EncodeJsonLines({events[0]});
  const std::string rest = EncodeJsonLines({events[1], events[2]});
  auto path = appender.Append(1, first);
  ASSERT_TRUE(path.ok()) << path.status();
  ASSERT_TRUE(appender.Append(2, rest).ok());
  // One chunk of zeros holds both batches: the file's size did not change with them.
  std::string bytes = ReadBytes(*path);
  EXPECT_EQ(static_cast<int64_t>(bytes.size()), kChunk);
  EXPECT_EQ(appender.preallocated_bytes(), kChunk);
  EXPECT_EQ(bytes.substr(0, first.size() + rest.size()), first + rest);
  EXPECT_EQ(CountNuls(bytes), kChunk - static_cast<int64_t>(first.size() + rest.size()));
  auto decoded =
      ReadAuditFile(*Location().filesystem(), *path, AuditFileFormat::kJsonLines);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->events, events);
  EXPECT_EQ(decoded->tail_bytes, 0);

  appender.EndPart();
  EXPECT_EQ(ReadBytes(*path), first + rest);  // no NUL left behind
}

TEST_F(PartAppenderTest, APartIsExtendedAsOftenAsItFillsUp) {
  PartAppender appender(Location(), "c");
  // Batches of ~400 kB, then one of 2.5 chunks: the part grows chunk by chunk.
  const auto events = ChainedEvents(1, 1);
  const std::string line = EncodeJsonLines(events);
  std::string small, large;
  while (small.size() < 400'000) small += line;
  while (static_cast<int64_t>(large.size()) < 2 * kChunk + kChunk / 2) large += line;
  std::string expected;
  std::string path;
  std::vector<int64_t> sizes;
  for (int batch = 0; batch < 6; ++batch) {
    auto appended = appender.Append(1, small);
    ASSERT_TRUE(appended.ok()) << appended.status();
    path = *appended;
    expected += small;
    sizes.push_back(static_cast<int64_t>(std::filesystem::file_size(path)));
  }
  // 0.4, 0.8 MB fit the first chunk (1.05 MB); 1.2, 1.6, 2.0 the second; 2.4 the third.
  EXPECT_EQ(sizes, (std::vector<int64_t>{kChunk, kChunk, 2 * kChunk, 2 * kChunk,
                                         2 * kChunk, 3 * kChunk}));
  ASSERT_TRUE(
      appender.Append(1, large).ok());  // 0.75 MB left, 2.6 MB more needed: two chunks
  expected += large;
  EXPECT_EQ(static_cast<int64_t>(std::filesystem::file_size(path)), 5 * kChunk);
  EXPECT_EQ(appender.preallocated_bytes(), 5 * kChunk);
  const std::string bytes = ReadBytes(path);
  EXPECT_EQ(bytes.substr(0, expected.size()), expected);
  EXPECT_EQ(CountNuls(bytes), 5 * kChunk - static_cast<int64_t>(expected.size()));
  appender.EndPart();
  EXPECT_EQ(ReadBytes(path), expected);
}

class PreallocatedLogTest : public ::testing::Test {
 protected:
  AuditLogOptions Options() {
    AuditLogOptions options;
    options.location = Root();
    options.chain_id = "planner-test";
    options.format = AuditFileFormat::kJsonLines;
    options.roll_interval = 1h;
    options.publish_interval = 0ms;
    return options;
  }
  std::string Root() const { return dir_.path().string() + "/audit"; }
  std::string OpenDir() const { return Root() + "/_open/planner-test"; }
  AuditLocation Location() const { return *AuditLocation::Open(Root()); }

  /// Writes events 1..6 and leaves what a SIGKILL leaves: the open part as it is on disk
  /// while the log runs (data, then zeros), nothing rolled. Returns the part's path.
  std::string Crash() {
    const std::string saved = dir_.path().string() + "/saved";
    {
      auto log = AuditLog::Open(Options());
      EXPECT_TRUE(log.ok()) << log.status();
      for (int i = 1; i <= 6; ++i)
        EXPECT_TRUE((*log)->RecordDurable(SampleEvent(i)).ok());
      std::filesystem::copy(OpenDir(), saved);
      EXPECT_TRUE((*log)->Close().ok());
    }
    std::filesystem::remove_all(Root());
    std::filesystem::create_directories(Root() + "/_open");
    std::filesystem::copy(saved, OpenDir());
    std::string part;
    for (const auto& entry : std::filesystem::directory_iterator(OpenDir())) {
      if (entry.path().extension() == ".jsonl") part = entry.path().string();
    }
    EXPECT_FALSE(part.empty());
    const std::string bytes = ReadBytes(part);
    EXPECT_EQ(static_cast<int64_t>(bytes.size()), kChunk);  // the zero tail is there
    EXPECT_GT(CountNuls(bytes), kChunk / 2);
    data_end_ = static_cast<int64_t>(bytes.find('\0'));
    return part;
  }

  /// A new log on the crashed chain continues after event 6 and rolls everything.
  void ExpectRecoveredAfterSix() {
    auto log = AuditLog::Open(Options());
    ASSERT_TRUE(log.ok()) << log.status();
    EXPECT_EQ((*log)->counters().head_sequence, 6);
    ASSERT_TRUE((*log)->RecordDurable(SampleEvent(7)).ok());
    ASSERT_TRUE((*log)->Close().ok());
    auto trail = ReadTrail(Location());
    EXPECT_TRUE(trail.parts.empty());
    ASSERT_EQ(trail.events.size(), 7u);
    for (int i = 0; i < 7; ++i)
      EXPECT_EQ(trail.events[i].event_id, SampleEvent(i + 1).event_id);
    EXPECT_EQ(trail.events[6].prev_hash, trail.events[5].hash);
    auto report = ExpectVerified(Location());
    EXPECT_EQ(report.events, 7);
    EXPECT_TRUE(report.notes.empty()) << report.notes[0];
    for (const auto& rolled : trail.rolled) {
      EXPECT_EQ(CountNuls(ReadBytes(Root() + "/" + rolled)), 0) << rolled;
    }
  }

  warden::testing::TempDir dir_;
  int64_t data_end_ = 0;
};

TEST_F(PreallocatedLogTest, ACrashWithAZeroTailLosesNothingAndVerifies) {
  Crash();
  // The verifier reads the open segment up to its zeros: no problem and no note.
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 6);
  EXPECT_TRUE(report.notes.empty()) << report.notes[0];
  ExpectRecoveredAfterSix();
}

TEST_F(PreallocatedLogTest, ATornLineBeforeTheZerosIsAnUnacknowledgedTail) {
  const std::string part = Crash();
  WriteBytesAt(part, data_end_, R"({"application":null,"bytes":nu)");
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 6);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("unacknowledged tail ignored"), std::string::npos);
  EXPECT_NE(report.notes[0].find("after event 6"), std::string::npos) << report.notes[0];
  ExpectRecoveredAfterSix();
}

TEST_F(PreallocatedLogTest, ABatchTornAcrossTheZerosIsNotRecovered) {
  const std::string part = Crash();
  // A batch cut short by the crash whose second page reached the disk before its first:
  // event 7 complete, but after a hole of zeros. Never acknowledged, so not an event:
  // the next log writes its own event 7.
  auto trail = ReadTrail(Location());
  ASSERT_EQ(trail.events.size(), 6u);
  AuditEvent orphan = SampleEvent(99);
  orphan.chain = "planner-test";
  orphan.sequence = 7;
  orphan.prev_hash = trail.events[5].hash;
  orphan.hash = ComputeEventHash(orphan);
  WriteBytesAt(part, data_end_ + 4096, EventToJsonLine(orphan));
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 6);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("unacknowledged tail ignored"), std::string::npos);
  ExpectRecoveredAfterSix();
}

TEST_F(PreallocatedLogTest, ZerosInARolledFileAreDamage) {
  {
    auto log = AuditLog::Open(Options());
    ASSERT_TRUE(log.ok());
    for (int i = 1; i <= 3; ++i) ASSERT_TRUE((*log)->RecordDurable(SampleEvent(i)).ok());
    ASSERT_TRUE((*log)->Close().ok());
  }
  auto trail = ReadTrail(Location());
  ASSERT_EQ(trail.rolled.size(), 1u);
  std::ofstream(Root() + "/" + trail.rolled[0], std::ios::app) << std::string(100, '\0');
  auto report = VerifyAuditTrail(Location());
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u) << FormatVerifyReport(*report);
  EXPECT_EQ(report->problems[0].kind, ProblemKind::kCorrupt);
  EXPECT_NE(report->problems[0].message.find("NUL"), std::string::npos);
}

TEST_F(PreallocatedLogTest, PiecesOfAPreallocatedPartHoldNoNul) {
  auto options = Options();
  options.publish_interval = 50ms;
  auto log = AuditLog::Open(options);
  ASSERT_TRUE(log.ok());
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE((*log)->RecordDurable(SampleEvent(i)).ok());
  for (int i = 0; i < 500 && (*log)->counters().pieces == 0; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_EQ((*log)->counters().pieces, 1);
  auto trail = ReadTrail(Location());
  ASSERT_EQ(trail.parts.size(), 1u);
  ASSERT_EQ(trail.rolled.size(), 1u);  // the piece
  EXPECT_GT(CountNuls(ReadBytes(Root() + "/" + trail.parts[0])),
            0);  // the part is padded
  const std::string piece = ReadBytes(Root() + "/" + trail.rolled[0]);
  EXPECT_EQ(CountNuls(piece), 0);
  auto decoded = DecodeJsonLines(piece);
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(decoded->events.size(), 5u);
  EXPECT_EQ((*log)->counters().preallocated_bytes, kChunk);
  ASSERT_TRUE((*log)->Close().ok());
}

}  // namespace
}  // namespace warden::audit
