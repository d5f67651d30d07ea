// Executing plans over real Parquet files: scans (projection, renames, partitions,
// missing files), plans above them, runtime errors, and the fragment encoding.
#include "warden/exec/executor.h"

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/dataset/dataset.h>
#include <arrow/io/file.h>
#include <arrow/json/from_string.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"
#include "warden/exec/dataset.h"
#include "warden/exec/engine_test_harness.h"
#include "warden/exec/fragment.h"

namespace warden::exec {
namespace {

namespace fs = std::filesystem;
namespace cp = arrow::compute;
using sql::PlanKind;
using sql::PlanPtr;
using testing::RowsOf;

std::vector<std::string> Sorted(std::vector<std::string> rows) {
  std::sort(rows.begin(), rows.end());
  return rows;
}

class ExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitializeArrowCompute().ok());
    WriteFile("a.parquet", 0);
    WriteFile("b.parquet", 100);
  }

  /// 100 rows: ids start..start+99, names "n<id>" except NULL for multiples of 10;
  /// row groups of 32 rows.
  void WriteFile(const std::string& name, int64_t start) {
    arrow::Int64Builder ids;
    arrow::StringBuilder names;
    for (int64_t i = start; i < start + 100; ++i) {
      ASSERT_TRUE(ids.Append(i).ok());
      ASSERT_TRUE(i % 10 == 0 ? names.AppendNull().ok()
                              : names.Append("n" + std::to_string(i)).ok());
    }
    auto table = arrow::Table::Make(
        schema_, {ids.Finish().ValueOrDie(), names.Finish().ValueOrDie()});
    fs::create_directories((dir_.path() / name).parent_path());
    auto out =
        arrow::io::FileOutputStream::Open((dir_.path() / name).string()).ValueOrDie();
    ASSERT_TRUE(
        parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 32).ok());
  }

  /// The rows WriteFile wrote for ids [from, to), as "name|id".
  static std::vector<std::string> ExpectedRows(int64_t from, int64_t to) {
    std::vector<std::string> rows;
    for (int64_t i = from; i < to; ++i) {
      rows.push_back((i % 10 == 0 ? std::string("NULL") : "n" + std::to_string(i)) + "|" +
                     std::to_string(i));
    }
    return Sorted(rows);
  }

  sql::ScanSource Source() {
    sql::ScanSource source;
    source.table = {"db", "t"};
    source.format = "parquet";
    source.location = "file://" + dir_.path().string();
    source.file_uris = {dir_.Uri("a.parquet"), dir_.Uri("b.parquet")};
    source.dataset_schema = schema_;
    return source;
  }

  /// A plan reading `name` and `id` of both files, shown to the user as label and id.
  sql::QueryPlan ScanPlan() {
    sql::QueryPlan plan;
    plan.root = sql::MakeScanNode(Source(), {"name", "id"}, names_);
    plan.output_schema = arrow::schema(
        {arrow::field("label", arrow::utf8()), arrow::field("id", arrow::int64())});
    return plan;
  }

  static sql::QueryPlan WithLimit(sql::QueryPlan plan, int64_t offset,
                                  std::optional<int64_t> count) {
    auto limit = sql::MakeNode(PlanKind::kLimit, {plan.root}, plan.root->schema);
    limit->offset = offset;
    limit->count = count;
    plan.root = limit;
    return plan;
  }

  /// Round-trips through the ticket encoding, as a worker receives it, and runs.
  static arrow::Result<std::shared_ptr<arrow::Table>> Run(const Fragment& fragment) {
    ARROW_ASSIGN_OR_RAISE(auto text, SerializeFragment(fragment));
    ARROW_ASSIGN_OR_RAISE(auto decoded, DeserializeFragment(text));
    ARROW_ASSIGN_OR_RAISE(auto reader, ExecuteFragment(decoded));
    return reader->ToTable();
  }

  static std::vector<std::string> Rows(const sql::QueryPlan& plan) {
    auto table = Run(QueryFragment{plan, 0});
    if (!table.ok()) {
      ADD_FAILURE() << table.status().ToString();
      return {};
    }
    EXPECT_TRUE((*table)->schema()->Equals(*plan.output_schema));
    return RowsOf(**table);
  }

  std::shared_ptr<arrow::Schema> schema_ = arrow::schema(
      {arrow::field("id", arrow::int64()), arrow::field("name", arrow::utf8())});
  warden::testing::TempDir dir_;
  sql::NameGenerator names_;
};

TEST_F(ExecutorTest, ScanReadsExactlyTheFilesProjectedAndRenamed) {
  auto plan = ScanPlan();
  auto table = Run(QueryFragment{plan, 0});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_TRUE((*table)->schema()->Equals(*plan.output_schema));
  EXPECT_EQ(Sorted(RowsOf(**table)), ExpectedRows(0, 200));
}

TEST_F(ExecutorTest, FiltersOnUnprojectedColumnWithNulls) {
  auto plan = ScanPlan();
  const PlanPtr scan = plan.root;
  const std::string label = scan->schema->field(0)->name();
  const std::string id = scan->schema->field(1)->name();
  auto filter = sql::MakeNode(PlanKind::kFilter, {scan}, scan->schema);
  filter->predicate =
      cp::and_({cp::greater_equal(cp::field_ref(id), cp::literal(int64_t{95})),
                cp::call("is_valid", {cp::field_ref(label)})});
  // The hint lets Arrow skip row groups; the Filter still decides every row.
  scan->scan_filter = cp::greater_equal(cp::field_ref("id"), cp::literal(int64_t{95}));
  auto project = sql::MakeNode(PlanKind::kProject, {filter},
                               arrow::schema({arrow::field("_out", arrow::int64())}));
  project->expressions = {cp::field_ref(id)};
  plan.root = project;
  plan.output_schema = arrow::schema({arrow::field("id", arrow::int64())});
  std::vector<std::string> expected;
  for (int64_t i = 95; i < 200; ++i) {
    if (i % 10 != 0) expected.push_back(std::to_string(i));
  }
  EXPECT_EQ(Sorted(Rows(plan)), Sorted(expected));  // 105 ids minus 10 NULL names
}

// A column the governed view only hashes is read as a dictionary; sha2 of it is the same
// plain column as from a plain read, through the ticket encoding.
TEST_F(ExecutorTest, DictionaryReadColumnHashesAsAPlainRead) {
  const auto hashed_plan = [&](std::vector<std::string> dictionary_columns) {
    sql::ScanSource source = Source();
    source.dictionary_columns = std::move(dictionary_columns);
    sql::QueryPlan plan;
    auto scan = sql::MakeScanNode(std::move(source), {"name", "id"}, names_);
    const std::string name = scan->schema->field(0)->name();
    const std::string id = scan->schema->field(1)->name();
    auto filter = sql::MakeNode(PlanKind::kFilter, {scan}, scan->schema);
    filter->predicate =
        cp::call("greater_equal", {cp::field_ref(id), cp::literal(int64_t{150})});
    auto project = sql::MakeNode(PlanKind::kProject, {filter},
                                 arrow::schema({arrow::field("h", arrow::utf8()),
                                                arrow::field("i", arrow::int64())}));
    project->expressions = {cp::call("warden_sha2", {cp::field_ref(name)}),
                            cp::field_ref(id)};
    plan.root = project;
    plan.output_schema = project->schema;
    return plan;
  };
  const auto dictionary_plan = hashed_plan({"name"});
  ASSERT_TRUE(DeserializePlan(SerializePlan(dictionary_plan).ValueOrDie())
                  .ValueOrDie()
                  .root->inputs[0]
                  ->inputs[0]
                  ->source.dictionary_columns == std::vector<std::string>{"name"});
  auto dataset = OpenScanDataset(dictionary_plan.root->inputs[0]->inputs[0]->source);
  ASSERT_TRUE(dataset.ok()) << dataset.status().ToString();
  EXPECT_EQ((*dataset)->schema()->GetFieldByName("name")->type()->id(),
            arrow::Type::DICTIONARY);
  const auto rows = Rows(dictionary_plan);
  EXPECT_EQ(rows.size(), 50u);
  EXPECT_EQ(Sorted(rows), Sorted(Rows(hashed_plan({}))));
}

TEST_F(ExecutorTest, LimitIsExact) {
  EXPECT_EQ(Rows(WithLimit(ScanPlan(), 0, 7)).size(), 7u);
  EXPECT_EQ(Rows(WithLimit(ScanPlan(), 0, 0)).size(), 0u);
  EXPECT_EQ(Rows(WithLimit(ScanPlan(), 0, 1000)).size(), 200u);
  EXPECT_EQ(Rows(WithLimit(ScanPlan(), 195, 10)).size(), 5u);
  EXPECT_EQ(Rows(WithLimit(ScanPlan(), 300, std::nullopt)).size(), 0u);
}

TEST_F(ExecutorTest, NoFilesGivesEmptyResultWithSchema) {
  auto plan = ScanPlan();
  plan.root->source.file_uris.clear();
  auto table = Run(QueryFragment{plan, 0});
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ((*table)->num_rows(), 0);
  EXPECT_TRUE((*table)->schema()->Equals(*plan.output_schema));
}

TEST_F(ExecutorTest, HivePartitionColumnsComeFromFolderNames) {
  WriteFile("parted/year=2023/part-0.parquet", 0);
  WriteFile("parted/year=2024/part-0.parquet", 100);
  sql::ScanSource source = Source();
  source.location = dir_.Uri("parted");
  source.file_uris = {dir_.Uri("parted/year=2023/part-0.parquet"),
                      dir_.Uri("parted/year=2024/part-0.parquet")};
  source.dataset_schema = arrow::schema({arrow::field("id", arrow::int64()),
                                         arrow::field("name", arrow::utf8()),
                                         arrow::field("year", arrow::int32())});
  source.partition_columns = {"year"};
  sql::QueryPlan plan;
  plan.root = sql::MakeScanNode(source, {"year", "id"}, names_);
  plan.output_schema = arrow::schema(
      {arrow::field("year", arrow::int32()), arrow::field("id", arrow::int64())});
  auto rows = Rows(plan);
  ASSERT_EQ(rows.size(), 200u);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "2023|5"), 1);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "2024|105"), 1);
  EXPECT_EQ(std::count(rows.begin(), rows.end(), "2024|5"), 0);

  // A filter on the partition column, with its hint: only 2024's rows.
  const PlanPtr scan = plan.root;
  scan->scan_filter = cp::equal(cp::field_ref("year"), cp::literal(2024));
  auto filter = sql::MakeNode(PlanKind::kFilter, {scan}, scan->schema);
  filter->predicate =
      cp::equal(cp::field_ref(scan->schema->field(0)->name()), cp::literal(2024));
  plan.root = filter;
  rows = Rows(plan);
  ASSERT_EQ(rows.size(), 100u);
  for (const auto& row : rows) EXPECT_EQ(row.rfind("2024|", 0), 0u) << row;
}

TEST_F(ExecutorTest, InlineResultRoundTrips) {
  auto table = arrow::Table::Make(
      arrow::schema({arrow::field("name", arrow::utf8())}),
      {arrow::json::ArrayFromJSONString(arrow::utf8(), R"(["a", "b"])").ValueOrDie()});
  auto result = Run(InlineResult{table});
  ASSERT_TRUE(result.ok()) << result.status().ToString();
  EXPECT_TRUE((*result)->Equals(*table));
}

TEST_F(ExecutorTest, MissingFileIsStorageError) {
  auto plan = ScanPlan();
  plan.root->source.file_uris.push_back(dir_.Uri("gone.parquet"));
  for (const bool through_fragment : {true, false}) {
    arrow::Status status;
    if (through_fragment) {
      status = Run(QueryFragment{plan, 0}).status();
    } else {
      auto reader = ExecutePlan(plan);
      status = reader.ok() ? (*reader)->ToTable().status() : reader.status();
    }
    ASSERT_FALSE(status.ok());
    EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kStorage) << status.ToString();
  }
}

TEST_F(ExecutorTest, CorruptFileFailsNamingTheFile) {
  std::ofstream(dir_.path() / "bad.parquet") << "this is not parquet";
  auto plan = ScanPlan();
  plan.root->source.file_uris = {dir_.Uri("bad.parquet")};
  auto status = Run(QueryFragment{plan, 0}).status();
  ASSERT_FALSE(status.ok());
  // Arrow reports a bad footer as Invalid, which reaches the user as WARDEN-QUERY-FAILED
  // (not WARDEN-STORAGE): the executor cannot tell it from a compute error by its code.
  EXPECT_NE(ErrorCodeOf(status), ErrorCode::kInternal) << status.ToString();
  EXPECT_NE(status.message().find("bad.parquet"), std::string::npos) << status.ToString();
}

TEST_F(ExecutorTest, DivisionByZeroIsQueryError) {
  auto plan = ScanPlan();
  const PlanPtr scan = plan.root;
  auto project = sql::MakeNode(PlanKind::kProject, {scan},
                               arrow::schema({arrow::field("_q", arrow::int64())}));
  project->expressions = {
      cp::call("divide_checked",
               {cp::field_ref(scan->schema->field(1)->name()), cp::literal(int64_t{0})})};
  plan.root = project;
  plan.output_schema = arrow::schema({arrow::field("q", arrow::int64())});
  auto status = Run(QueryFragment{plan, 0}).status();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(ErrorCodeOf(status), ErrorCode::kQueryFailed) << status.ToString();
  EXPECT_NE(status.message().find("divide by zero"), std::string::npos)
      << status.ToString();
}

TEST_F(ExecutorTest, MemoryLimitTravelsWithTheFragment) {
  QueryFragment fragment{ScanPlan(), 12345};
  auto text = SerializeFragment(fragment);
  ASSERT_TRUE(text.ok()) << text.status().ToString();
  auto decoded = DeserializeFragment(*text);
  ASSERT_TRUE(decoded.ok()) << decoded.status().ToString();
  ASSERT_TRUE(std::holds_alternative<QueryFragment>(*decoded));
  EXPECT_EQ(std::get<QueryFragment>(*decoded).memory_limit_bytes, 12345);
  EXPECT_EQ(DescribeFragment(*decoded), "Query[1 scan(s), 2 file(s)]");
}

TEST_F(ExecutorTest, NamesThatAreNotUtf8AreRefusedNotThrown) {
  // File names come from listing storage and column names from file footers: any bytes.
  auto bad_file = ScanPlan();
  bad_file.root->source.file_uris.push_back(dir_.Uri("\xff.parquet"));
  sql::ScanSource source = Source();
  source.dataset_schema = arrow::schema({arrow::field("id\xfe", arrow::int64())});
  sql::QueryPlan bad_column;
  bad_column.root = sql::MakeScanNode(source, {"id\xfe"}, names_);
  bad_column.output_schema = arrow::schema({arrow::field("id", arrow::int64())});
  for (const auto& plan : {bad_file, bad_column}) {
    auto text = SerializePlan(plan);
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(ErrorCodeOf(text.status()), ErrorCode::kStorage) << text.status().ToString();
    auto fragment = SerializeFragment(QueryFragment{plan, 0});
    ASSERT_FALSE(fragment.ok());
    EXPECT_EQ(ErrorCodeOf(fragment.status()), ErrorCode::kStorage);
  }
}

TEST(FragmentTest, MalformedTextIsRefused) {
  EXPECT_FALSE(DeserializeFragment("").ok());
  EXPECT_FALSE(DeserializeFragment("{}").ok());
  EXPECT_FALSE(DeserializeFragment(R"({"kind":"scan"})").ok());
  EXPECT_FALSE(DeserializeFragment(R"({"kind":"query"})").ok());
  EXPECT_FALSE(DeserializeFragment(R"({"kind":"query","root":{"kind":"nope"}})").ok());
  EXPECT_FALSE(DeserializeFragment(R"({"kind":"other"})").ok());
  EXPECT_FALSE(DeserializePlan("[]").ok());
  EXPECT_FALSE(DeserializePlan(R"({"root":{"kind":"filter","inputs":[]}})").ok());
}

}  // namespace
}  // namespace warden::exec
