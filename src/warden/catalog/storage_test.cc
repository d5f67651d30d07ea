#include "warden/catalog/storage.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>

#include "warden/catalog/table_layout.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::catalog {
namespace {

namespace fs = std::filesystem;

class StorageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "table" / "_temporary");
    WriteParquet(dir_.path() / "table" / "b.parquet");
    WriteParquet(dir_.path() / "table" / "a.parquet");
    WriteParquet(dir_.path() / "table" / "_temporary" / "c.parquet");
    std::ofstream(dir_.path() / "table" / "_SUCCESS") << "";
    std::ofstream(dir_.path() / "table" / ".hidden") << "";
    fs::create_directories(dir_.path() / "empty");
  }

  static void WriteParquet(const fs::path& path) {
    arrow::Int64Builder ids;
    ASSERT_TRUE(ids.AppendValues({1, 2, 3}).ok());
    arrow::StringBuilder names;
    ASSERT_TRUE(names.AppendValues({"a", "b", "c"}).ok());
    auto table = arrow::Table::Make(
        arrow::schema({arrow::field("id", arrow::int64()), arrow::field("name", arrow::utf8())}),
        {ids.Finish().ValueOrDie(), names.Finish().ValueOrDie()});
    auto out = arrow::io::FileOutputStream::Open(path.string()).ValueOrDie();
    ASSERT_TRUE(
        parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 1024).ok());
  }

  std::string Uri(const std::string& relative) { return dir_.Uri(relative); }

  warden::testing::TempDir dir_;
};

TEST_F(StorageTest, ListsDataFilesSortedSkippingHidden) {
  auto listing = ListDataFiles(Uri("table")).ValueOrDie();
  ASSERT_EQ(listing.paths.size(), 2u);
  EXPECT_EQ(listing.paths[0], (dir_.path() / "table" / "a.parquet").string());
  EXPECT_EQ(listing.paths[1], (dir_.path() / "table" / "b.parquet").string());
}

TEST_F(StorageTest, ListsSingleFile) {
  auto listing = ListDataFiles(Uri("table/a.parquet")).ValueOrDie();
  ASSERT_EQ(listing.paths.size(), 1u);
}

/// The schema of the files at `location`, inspected as `format` with default options.
arrow::Result<std::shared_ptr<arrow::Schema>> InferSchema(const std::string& location,
                                                          const std::string& format) {
  ARROW_ASSIGN_OR_RAISE(auto listing, ListDataFiles(location));
  return InspectDataFiles(listing, format, {}, location);
}

TEST_F(StorageTest, InfersParquetSchema) {
  auto schema = InferSchema(Uri("table"), "parquet").ValueOrDie();
  EXPECT_EQ(schema->num_fields(), 2);
  EXPECT_EQ(schema->field(0)->name(), "id");
  EXPECT_TRUE(schema->field(0)->type()->Equals(arrow::int64()));
}

TEST_F(StorageTest, ErrorsAreClear) {
  EXPECT_EQ(ErrorCodeOf(ListDataFiles(Uri("missing")).status()), ErrorCode::kStorage);
  EXPECT_EQ(ErrorCodeOf(InferSchema(Uri("empty"), "parquet").status()), ErrorCode::kStorage);
  EXPECT_EQ(ErrorCodeOf(InferSchema(Uri("table"), "xml").status()),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(ListDataFiles("relative/path").status()),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(ListDataFiles("http://example.com/x").status()),
            ErrorCode::kInvalidArgument);
}

TEST_F(StorageTest, WrongFormatIsAStorageError) {
  std::ofstream(dir_.path() / "empty" / "x.csv") << "not,parquet\n1,2\n";
  EXPECT_EQ(ErrorCodeOf(InferSchema(Uri("empty"), "parquet").status()), ErrorCode::kStorage);
  EXPECT_TRUE(InferSchema(Uri("empty"), "csv").ok());
}

/// Runs `check` in a child process without root's power to read anything (as user nobody
/// when the tests run as root) and returns its exit code.
int RunUnprivileged(const std::function<int()>& check) {
  const pid_t child = fork();
  if (child == 0) {
    if (geteuid() == 0 && (setgid(65534) != 0 || setuid(65534) != 0)) _exit(90);
    _exit(check());
  }
  int status = 0;
  waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 99;
}

TEST_F(StorageTest, UnreadableLocationsAreStorageErrors) {
  // Everyone may pass through the test directory; the table folder and one file are closed.
  chmod(dir_.path().c_str(), 0755);
  chmod((dir_.path() / "table").c_str(), 0000);
  const std::string closed_dir = Uri("table");
  fs::create_directories(dir_.path() / "open");
  chmod((dir_.path() / "open").c_str(), 0755);
  WriteParquet(dir_.path() / "open" / "a.parquet");
  chmod((dir_.path() / "open" / "a.parquet").c_str(), 0000);
  const std::string closed_file = Uri("open");
  const int listed = RunUnprivileged([&] {
    auto listing = ListDataFiles(closed_dir);
    return listing.ok() ? 1 : (ErrorCodeOf(listing.status()) == ErrorCode::kStorage ? 0 : 2);
  });
  EXPECT_EQ(listed, 0);
  const int inspected = RunUnprivileged([&] {
    auto listing = ListDataFiles(closed_file);
    if (!listing.ok()) return 3;
    auto schema = InspectDataFiles(*listing, "parquet", {}, closed_file);
    return schema.ok() ? 1 : (ErrorCodeOf(schema.status()) == ErrorCode::kStorage ? 0 : 2);
  });
  EXPECT_EQ(inspected, 0);
  chmod((dir_.path() / "table").c_str(), 0755);
}

TEST(SqlTypeNameTest, Names) {
  EXPECT_EQ(SqlTypeName(*arrow::int64()), "bigint");
  EXPECT_EQ(SqlTypeName(*arrow::utf8()), "string");
  EXPECT_EQ(SqlTypeName(*arrow::date32()), "date");
  EXPECT_EQ(SqlTypeName(*arrow::timestamp(arrow::TimeUnit::MICRO, "UTC")),
            "timestamp with time zone");
  EXPECT_EQ(SqlTypeName(*arrow::decimal128(12, 2)), "decimal(12,2)");
}

}  // namespace
}  // namespace warden::catalog
