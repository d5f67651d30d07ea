// The verifier against deliberate tampering, on trails written by AuditLog.
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "warden/audit/audit_log.h"
#include "warden/audit/audit_verifier.h"
#include "warden/audit/event_json.h"
#include "warden/audit/testing/read_trail.h"
#include "warden/audit/testing/sample_events.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

using namespace std::chrono_literals;
using testing::ExpectVerified;
using testing::SampleEvent;

class AuditVerifierTest : public ::testing::TestWithParam<AuditFileFormat> {
 protected:
  /// Three rolled files of five events each: sequences 1-5, 6-10, 11-15.
  void SetUp() override {
    auto log = AuditLog::Open(Options("planner-a"));
    ASSERT_TRUE(log.ok()) << log.status();
    for (int file = 0; file < 3; ++file) {
      for (int i = 1; i <= 5; ++i) {
        ASSERT_TRUE((*log)->RecordDurable(SampleEvent(file * 5 + i)).ok());
      }
      ASSERT_TRUE((*log)->Roll().ok());
    }
    ASSERT_TRUE((*log)->Close().ok());
    files_ = testing::ReadTrail(Location()).rolled;
    ASSERT_EQ(files_.size(), 3u);
  }

  AuditLogOptions Options(const std::string& chain) {
    AuditLogOptions options;
    options.location = Root();
    options.chain_id = chain;
    options.format = GetParam();
    options.roll_interval = 1h;
    return options;
  }
  std::string Root() const { return dir_.path().string() + "/audit"; }
  std::string Path(const std::string& relative) const { return Root() + "/" + relative; }
  AuditLocation Location() const { return *AuditLocation::Open(Root()); }

  std::vector<AuditEvent> ReadFile(const std::string& relative, AuditFileFormat format) {
    auto location = Location();
    auto decoded = ReadAuditFile(*location.filesystem(), Path(relative), format);
    EXPECT_TRUE(decoded.ok()) << decoded.status();
    return decoded.ok() ? decoded->events : std::vector<AuditEvent>{};
  }
  std::vector<AuditEvent> ReadFile(const std::string& relative) {
    return ReadFile(relative, GetParam());
  }
  void WriteFile(const std::string& relative, const std::vector<AuditEvent>& events,
                 AuditFileFormat format) {
    auto contents = EncodeAuditFile(events, format);
    ASSERT_TRUE(contents.ok());
    std::filesystem::create_directories(
        std::filesystem::path(Path(relative)).parent_path());
    std::ofstream out(Path(relative), std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>((*contents)->data()), (*contents)->size());
  }
  void WriteFile(const std::string& relative, const std::vector<AuditEvent>& events) {
    WriteFile(relative, events, GetParam());
  }

  /// Verifies and expects exactly one problem, of `kind`, at `file` and `sequence`.
  VerifyProblem ExpectProblem(ProblemKind kind, const std::string& file, int64_t sequence,
                              const VerifyOptions& options = {}) {
    auto report = VerifyAuditTrail(Location(), options);
    EXPECT_TRUE(report.ok()) << report.status();
    if (!report.ok()) return {};
    const std::string text = FormatVerifyReport(*report);
    EXPECT_EQ(report->problems.size(), 1u) << text;
    if (report->problems.empty()) return {};
    const VerifyProblem& problem = report->problems[0];
    EXPECT_EQ(problem.kind, kind) << text;
    EXPECT_EQ(problem.file, file) << text;
    EXPECT_EQ(problem.sequence, sequence) << text;
    EXPECT_EQ(text.rfind("FAILED: ", 0), 0u) << text;
    return problem;
  }

  warden::testing::TempDir dir_;
  std::vector<std::string> files_;
};

TEST_P(AuditVerifierTest, UntouchedTrailIsOk) {
  auto report = ExpectVerified(Location());
  EXPECT_EQ(report.events, 15);
  EXPECT_EQ(report.files, 3);
  ASSERT_EQ(report.chains.size(), 1u);
  EXPECT_EQ(report.chains[0].first_sequence, 1);
  EXPECT_EQ(report.chains[0].last_sequence, 15);
  EXPECT_EQ(report.chains[0].head_hash, ReadFile(files_[2]).back().hash);
  EXPECT_EQ(
      FormatVerifyReport(report).rfind("OK: 15 events in 3 files, 1 chain verified", 0),
      0u);
}

TEST_P(AuditVerifierTest, CatchesAnAlteredValue) {
  auto events = ReadFile(files_[1]);
  events[2].user = "mallory";  // sequence 8
  WriteFile(files_[1], events);
  auto problem = ExpectProblem(ProblemKind::kAltered, files_[1], 8);
  EXPECT_EQ(problem.row, 2);
}

TEST_P(AuditVerifierTest, CatchesAnAlteredValueWithARecomputedHash) {
  auto events = ReadFile(files_[1]);
  events[2].rows = 0;
  events[2].hash = ComputeEventHash(events[2]);
  WriteFile(files_[1], events);
  ExpectProblem(ProblemKind::kBrokenLink, files_[1], 9);  // 9 no longer links to 8
}

TEST_P(AuditVerifierTest, CatchesADeletedEvent) {
  auto events = ReadFile(files_[1]);
  events.erase(events.begin() + 2);  // sequence 8
  WriteFile(files_[1], events);
  auto problem = ExpectProblem(ProblemKind::kRemoved, files_[1], 9);
  EXPECT_NE(problem.message.find("events 8..8 are missing"), std::string::npos)
      << problem.message;
}

TEST_P(AuditVerifierTest, CatchesADeletedLastEventOfAFile) {
  auto events = ReadFile(files_[1]);
  events.pop_back();  // sequence 10
  WriteFile(files_[1], events);
  ExpectProblem(ProblemKind::kRemoved, files_[1], 10);
}

TEST_P(AuditVerifierTest, CatchesADeletedFileInTheMiddle) {
  std::filesystem::remove(Path(files_[1]));
  auto problem = ExpectProblem(ProblemKind::kRemoved, files_[2], 11);
  EXPECT_NE(problem.message.find("events 6..10 are missing"), std::string::npos)
      << problem.message;
}

TEST_P(AuditVerifierTest, CatchesReorderedEvents) {
  auto events = ReadFile(files_[1]);
  std::swap(events[1], events[3]);  // sequences 7 and 9
  WriteFile(files_[1], events);
  ExpectProblem(ProblemKind::kReordered, files_[1], 9);
}

TEST_P(AuditVerifierTest, CatchesSwappedFiles) {
  std::filesystem::rename(Path(files_[0]), Path(files_[0]) + ".x");
  std::filesystem::rename(Path(files_[1]), Path(files_[0]));
  std::filesystem::rename(Path(files_[0]) + ".x", Path(files_[1]));
  auto problem = ExpectProblem(ProblemKind::kMisplaced, files_[0], 6);
  EXPECT_NE(problem.message.find("swapped"), std::string::npos) << problem.message;
}

TEST_P(AuditVerifierTest, CatchesAFileMovedToAnotherDate) {
  const std::string name = std::filesystem::path(files_[1]).filename().string();
  std::filesystem::create_directories(Path("date=2026-11-23"));
  std::filesystem::rename(Path(files_[1]), Path("date=2026-11-23/" + name));
  ExpectProblem(ProblemKind::kMisplaced, "date=2026-11-23/" + name, 6);
}

TEST_P(AuditVerifierTest, CatchesAMissingStartUnlessRetentionIsDeclared) {
  std::filesystem::remove(Path(files_[0]));
  ExpectProblem(ProblemKind::kMissingPrefix, files_[1], 6);
  auto report = ExpectVerified(Location(), {.allow_missing_prefix = true});
  EXPECT_EQ(report.events, 10);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("starts at sequence 6"), std::string::npos);
}

TEST_P(AuditVerifierTest, AcceptsIdenticalCopiesButNotConflictingOnes) {
  // A part that outlived its roll (crash between the two): identical events, accepted.
  auto events = ReadFile(files_[1]);
  const std::string part = "_open/planner-a/00000000000000000006-aaaa.jsonl";
  WriteFile(part, events, AuditFileFormat::kJsonLines);
  EXPECT_EQ(ExpectVerified(Location()).duplicates, 5);
  // The same sequence with other content is not a copy.
  events[1].user = "mallory";
  events[1].hash = ComputeEventHash(events[1]);
  WriteFile(part, events, AuditFileFormat::kJsonLines);
  ExpectProblem(ProblemKind::kConflict, part, 7);
}

TEST_P(AuditVerifierTest, UnreadableFilesAreProblems) {
  {
    std::ofstream out(Path(files_[1]), std::ios::binary | std::ios::trunc);
    out << "garbage";
  }
  ExpectProblem(ProblemKind::kCorrupt, files_[1], 0);
}

TEST_P(AuditVerifierTest, OtherFilesAreIgnoredWithANote) {
  std::ofstream(Path("README.txt")) << "hello";
  std::ofstream(Path(".hidden")) << "x";
  auto report = ExpectVerified(Location());
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("README.txt"), std::string::npos);
}

TEST_P(AuditVerifierTest, ReportsEachChainSeparately) {
  auto log = AuditLog::Open(Options("worker-b"));
  ASSERT_TRUE(log.ok());
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE((*log)->RecordDurable(SampleEvent(i)).ok());
  ASSERT_TRUE((*log)->Close().ok());
  EXPECT_EQ(ExpectVerified(Location()).chains.size(), 2u);
  auto events = ReadFile(files_[2]);
  events[0].statement = "SELECT 1";
  WriteFile(files_[2], events);
  auto report = VerifyAuditTrail(Location());
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->problems.size(), 1u);
  EXPECT_EQ(report->problems[0].chain, "planner-a");
  ASSERT_EQ(report->chains.size(), 1u);
  EXPECT_EQ(report->chains[0].chain, "worker-b");
}

TEST_P(AuditVerifierTest, MissingLocationIsAnError) {
  EXPECT_FALSE(VerifyAuditTrail(Root() + "/nope").ok());
}

INSTANTIATE_TEST_SUITE_P(Formats, AuditVerifierTest,
                         ::testing::Values(AuditFileFormat::kParquet,
                                           AuditFileFormat::kJsonLines),
                         [](const auto& info) {
                           return std::string(FormatName(info.param));
                         });

TEST(AuditVerifierPartsTest, TornTailIsAcceptedButATornRolledFileIsNot) {
  warden::testing::TempDir dir;
  const std::string root = dir.path().string() + "/audit";
  AuditLogOptions options;
  options.location = root;
  options.chain_id = "c";
  options.format = AuditFileFormat::kJsonLines;
  options.roll_interval = 1h;
  auto log = AuditLog::Open(options);
  ASSERT_TRUE(log.ok());
  for (int i = 1; i <= 3; ++i) ASSERT_TRUE((*log)->RecordDurable(SampleEvent(i)).ok());
  auto location = *AuditLocation::Open(root);
  auto trail = testing::ReadTrail(location);
  ASSERT_EQ(trail.parts.size(), 1u);
  std::ofstream(root + "/" + trail.parts[0], std::ios::app) << R"({"application":nu)";
  auto report = ExpectVerified(location);
  EXPECT_EQ(report.events, 3);
  ASSERT_EQ(report.notes.size(), 1u);
  EXPECT_NE(report.notes[0].find("unacknowledged tail ignored"), std::string::npos);
  EXPECT_NE(report.notes[0].find("after event 3"), std::string::npos) << report.notes[0];

  ASSERT_TRUE((*log)->Close().ok());  // rolls 1..3 (the torn line is not an event)
  trail = testing::ReadTrail(location);
  ASSERT_EQ(trail.rolled.size(), 1u);
  std::ofstream(root + "/" + trail.rolled[0], std::ios::app) << R"({"application":nu)";
  auto torn = VerifyAuditTrail(location);
  ASSERT_TRUE(torn.ok());
  ASSERT_EQ(torn->problems.size(), 1u);
  EXPECT_EQ(torn->problems[0].kind, ProblemKind::kCorrupt);
}

}  // namespace
}  // namespace warden::audit
