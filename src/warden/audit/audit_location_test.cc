#include <filesystem>
#include <fstream>
#include <optional>

#include <arrow/filesystem/mockfs.h>

#include <gtest/gtest.h>

#include "warden/audit/audit_location.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::audit {
namespace {

TEST(AuditLocationTest, ChainIds) {
  EXPECT_TRUE(IsValidChainId("planner-host1-12050"));
  EXPECT_TRUE(IsValidChainId("w_1.a"));
  EXPECT_FALSE(IsValidChainId(""));
  EXPECT_FALSE(IsValidChainId(".hidden"));
  EXPECT_FALSE(IsValidChainId("a/b"));
  EXPECT_FALSE(IsValidChainId("a b"));
  EXPECT_FALSE(IsValidChainId(std::string(101, 'a')));
}

TEST(AuditLocationTest, NamesRoundTrip) {
  auto location = AuditLocation::Open("/tmp/audit-root/");
  ASSERT_TRUE(location.ok()) << location.status();
  EXPECT_TRUE(location->local());
  EXPECT_EQ(location->root(), "/tmp/audit-root");
  const std::string rolled = location->RolledPath("planner-a-1", 7, 123, "2026-11-22",
                                                  AuditFileFormat::kParquet);
  EXPECT_EQ(rolled,
            "/tmp/audit-root/date=2026-11-22/"
            "audit-planner-a-1-00000000000000000007-00000000000000000123.parquet");
  auto name = ParseAuditPath(location->Relative(rolled));
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->kind, AuditFileName::Kind::kRolled);
  EXPECT_EQ(name->chain, "planner-a-1");
  EXPECT_EQ(name->first_sequence, 7);
  EXPECT_EQ(name->last_sequence, 123);
  EXPECT_EQ(name->date, "2026-11-22");
  EXPECT_EQ(name->format, AuditFileFormat::kParquet);

  const std::string part = location->NewPartPath("w.2", 55);
  EXPECT_NE(part, location->NewPartPath("w.2", 55));  // fresh nonce each time
  auto part_name = ParseAuditPath(location->Relative(part));
  ASSERT_TRUE(part_name.has_value());
  EXPECT_EQ(part_name->kind, AuditFileName::Kind::kPart);
  EXPECT_EQ(part_name->chain, "w.2");
  EXPECT_EQ(part_name->first_sequence, 55);
}

TEST(AuditLocationTest, OtherFilesAreNotAuditFiles) {
  for (const char* path :
       {"date=2026-11-22/notes.txt", "date=2026-11-22/audit-c-1-2.parquet",
        "date=2026-1-22/audit-c-00000000000000000001-00000000000000000002.parquet",
        "date=2026-11-22/audit-c-00000000000000000001-00000000000000000002.csv",
        "_open/c/.lock", "_open/c/00000000000000000001.jsonl", "x/y/z",
        "date=2026-11-22/"
        ".audit-c-00000000000000000001-00000000000000000002.parquet.tmp-1"}) {
    EXPECT_FALSE(ParseAuditPath(path).has_value()) << path;
  }
}

TEST(AuditLocationTest, RelativeLocalPathsBecomeAbsolute) {
  auto location = AuditLocation::Open("relative/audit");
  ASSERT_TRUE(location.ok());
  EXPECT_EQ(
      location->root(),
      (std::filesystem::current_path() / "relative/audit").lexically_normal().string());
  EXPECT_FALSE(AuditLocation::Open("").ok());
  EXPECT_FALSE(AuditLocation::Open("nope://bucket/x").ok());
  // Table-location rules apply: no endpoints or secrets inside the URI.
  EXPECT_EQ(ErrorCodeOf(AuditLocation::Open("s3://b/x?endpoint_override=h:1").status()),
            ErrorCode::kInvalidArgument);
}

TEST(AuditLocationTest, DurableWriteLeavesOnlyTheFinalFile) {
  warden::testing::TempDir dir;
  auto location = AuditLocation::Open(dir.path().string());
  ASSERT_TRUE(location.ok());
  const std::string path =
      location->RolledPath("c", 1, 2, "2026-11-22", AuditFileFormat::kJsonLines);
  ASSERT_TRUE(location->WriteFileDurably(path, *arrow::Buffer::FromString("abc\n")).ok());
  auto files = location->ListFiles();
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path(), path);
  std::ifstream in(path);
  std::string text((std::istreambuf_iterator<char>(in)), {});
  EXPECT_EQ(text, "abc\n");

  EXPECT_TRUE(location->DeleteFileIfExists(path).ok());
  EXPECT_TRUE(location->DeleteFileIfExists(path).ok());  // already gone: fine
  auto none = location->ListFiles(dir.path().string() + "/missing");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(AuditLocationTest, MockFileSystemIsAnObjectStore) {
  auto location = std::optional<AuditLocation>(AuditLocation::OnFileSystem(
      std::make_shared<arrow::fs::internal::MockFileSystem>(arrow::fs::TimePoint{}),
      "bucket/audit"));
  EXPECT_FALSE(location->local());
  const std::string path =
      location->RolledPath("c", 1, 1, "2026-01-01", AuditFileFormat::kJsonLines);
  ASSERT_TRUE(location->WriteFileDurably(path, *arrow::Buffer::FromString("x\n")).ok());
  auto files = location->ListFiles();
  ASSERT_TRUE(files.ok());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].path(), path);
}

}  // namespace
}  // namespace warden::audit
