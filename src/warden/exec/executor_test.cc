#include "warden/exec/executor.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/json/from_string.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>

#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::exec {
namespace {

namespace fs = std::filesystem;
namespace cp = arrow::compute;

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitializeArrowCompute().ok());
    WriteFile("a.parquet", 0);
    WriteFile("b.parquet", 100);
  }

  void WriteFile(const std::string& name, int64_t start) {
    arrow::Int64Builder ids;
    arrow::StringBuilder names;
    for (int64_t i = start; i < start + 100; ++i) {
      ASSERT_TRUE(ids.Append(i).ok());
      ASSERT_TRUE(i % 10 == 0 ? names.AppendNull().ok()
                              : names.Append("n" + std::to_string(i)).ok());
    }
    auto table = arrow::Table::Make(schema_, {ids.Finish().ValueOrDie(),
                                              names.Finish().ValueOrDie()});
    auto out = arrow::io::FileOutputStream::Open((dir_.path() / name).string()).ValueOrDie();
    ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 32).ok());
  }

  ScanFragment Scan() {
    ScanFragment scan;
    scan.format = "parquet";
    scan.file_uris = {"file://" + (dir_.path() / "a.parquet").string(),
                      "file://" + (dir_.path() / "b.parquet").string()};
    scan.dataset_schema = schema_;
    scan.columns = {"name", "id"};
    scan.output_schema = arrow::schema(
        {arrow::field("label", arrow::utf8()), arrow::field("id", arrow::int64())});
    return scan;
  }

  static std::shared_ptr<arrow::Table> Run(const Fragment& fragment) {
    // Round-trip through the ticket encoding, as a worker would receive it.
    auto text = SerializeFragment(fragment).ValueOrDie();
    auto decoded = DeserializeFragment(text).ValueOrDie();
    auto reader = ExecuteFragment(decoded).ValueOrDie();
    return reader->ToTable().ValueOrDie();
  }

  std::shared_ptr<arrow::Schema> schema_ = arrow::schema(
      {arrow::field("id", arrow::int64()), arrow::field("name", arrow::utf8())});
  warden::testing::TempDir dir_;
};

TEST_F(ExecutorTest, ProjectsAndRenames) {
  auto table = Run(Scan());
  EXPECT_EQ(table->num_rows(), 200);
  EXPECT_EQ(table->schema()->field(0)->name(), "label");
  EXPECT_EQ(table->schema()->field(1)->name(), "id");
}

TEST_F(ExecutorTest, FiltersOnUnprojectedColumnWithNulls) {
  auto scan = Scan();
  scan.columns = {"id"};
  scan.output_schema = arrow::schema({arrow::field("id", arrow::int64())});
  scan.filter = cp::and_({cp::greater_equal(cp::field_ref("id"), cp::literal(int64_t{95})),
                          cp::call("is_valid", {cp::field_ref("name")})});
  auto table = Run(scan);
  // ids 95..199 minus multiples of 10 (null names): 105 - 10 = 95.
  EXPECT_EQ(table->num_rows(), 95);
}

TEST_F(ExecutorTest, LimitIsExact) {
  auto scan = Scan();
  scan.limit = 7;
  EXPECT_EQ(Run(scan)->num_rows(), 7);
  scan.limit = 0;
  EXPECT_EQ(Run(scan)->num_rows(), 0);
  scan.limit = 1000;
  EXPECT_EQ(Run(scan)->num_rows(), 200);
}

TEST_F(ExecutorTest, NoFilesGivesEmptyResultWithSchema) {
  auto scan = Scan();
  scan.file_uris.clear();
  auto table = Run(scan);
  EXPECT_EQ(table->num_rows(), 0);
  EXPECT_TRUE(table->schema()->Equals(*scan.output_schema));
}

TEST_F(ExecutorTest, InlineResultRoundTrips) {
  auto table = arrow::Table::Make(arrow::schema({arrow::field("name", arrow::utf8())}),
                                  {arrow::json::ArrayFromJSONString(arrow::utf8(), R"(["a", "b"])").ValueOrDie()});
  EXPECT_TRUE(Run(InlineResult{table})->Equals(*table));
}

TEST_F(ExecutorTest, MissingFileIsStorageError) {
  auto scan = Scan();
  scan.file_uris.push_back("file://" + (dir_.path() / "gone.parquet").string());
  auto reader = ExecuteFragment(scan);
  arrow::Status status = reader.status();
  if (reader.ok()) status = (*reader)->ToTable().status();
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kStorage);
}

TEST(FragmentTest, MalformedTextIsRefused) {
  EXPECT_FALSE(DeserializeFragment("").ok());
  EXPECT_FALSE(DeserializeFragment("{}").ok());
  EXPECT_FALSE(DeserializeFragment(R"({"kind":"scan"})").ok());
  EXPECT_FALSE(DeserializeFragment(R"({"kind":"other"})").ok());
}

}  // namespace
}  // namespace warden::exec
