// Which string columns a Parquet scan reads as dictionaries, and that the result still has
// the declared (plain string) type and the same values.
#include "warden/exec/dictionary_reads.h"

#include <arrow/api.h>
#include <arrow/compute/api.h>
#include <arrow/dataset/file_parquet.h>
#include <arrow/io/file.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>
#include <parquet/properties.h>

#include "warden/common/compute_init.h"
#include "warden/common/testing/temp_dir.h"
#include "warden/exec/dataset.h"
#include "warden/exec/engine_test_harness.h"
#include "warden/exec/executor.h"

namespace warden::exec {
namespace {

namespace cp = arrow::compute;
namespace ds = arrow::dataset;
using StringSet = std::set<std::string>;

class DictionaryReadsTest : public ::testing::Test {
 protected:
  /// 1000 rows: code cycles through 3 values (NULL every 7th row), unique is written
  /// without a dictionary, n counts; row groups of 300 rows.
  void SetUp() override {
    ASSERT_TRUE(InitializeArrowCompute().ok());
    arrow::StringBuilder code, unique;
    arrow::Int64Builder n;
    for (int i = 0; i < 1000; ++i) {
      ASSERT_TRUE((i % 7 == 0 ? code.AppendNull() : code.Append(kCodes[i % 3])).ok());
      ASSERT_TRUE(unique.Append("u" + std::to_string(i)).ok());
      ASSERT_TRUE(n.Append(i).ok());
    }
    auto table = arrow::Table::Make(schema_, {code.Finish().ValueOrDie(),
                                              unique.Finish().ValueOrDie(),
                                              n.Finish().ValueOrDie()});
    auto out = arrow::io::FileOutputStream::Open(path()).ValueOrDie();
    auto properties = parquet::WriterProperties::Builder().disable_dictionary("unique")->build();
    ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 300,
                                           properties)
                    .ok());
  }

  std::string path() const { return (dir_.path() / "part-0.parquet").string(); }

  sql::ScanSource Source() const {
    sql::ScanSource source;
    source.table = {"db", "t"};
    source.format = "parquet";
    source.location = "file://" + dir_.path().string();
    source.file_uris = {"file://" + path()};
    source.dataset_schema = schema_;
    return source;
  }

  /// The columns a scan of `columns` with `filter` reads as dictionaries.
  StringSet Chosen(const std::vector<std::string>& columns,
                   const std::optional<cp::Expression>& filter = std::nullopt) {
    auto dataset = OpenScanDataset(Source());
    EXPECT_TRUE(dataset.ok()) << dataset.status().ToString();
    if (!dataset.ok()) return {};
    EXPECT_TRUE(
        ReadDictionaryEncodedStringsAsDictionaries(dataset->get(), columns, filter).ok());
    auto* files = dynamic_cast<ds::FileSystemDataset*>(dataset->get());
    const auto& format = static_cast<const ds::ParquetFileFormat&>(*files->format());
    return StringSet(format.reader_options.dict_columns.begin(),
                     format.reader_options.dict_columns.end());
  }

  static constexpr const char* kCodes[] = {"EUR", "USD", "JPY"};
  std::shared_ptr<arrow::Schema> schema_ =
      arrow::schema({arrow::field("code", arrow::utf8()), arrow::field("unique", arrow::utf8()),
                     arrow::field("n", arrow::int64())});
  warden::testing::TempDir dir_;
};

TEST_F(DictionaryReadsTest, OnlyDictionaryEncodedStringColumnsThatNoFilterReads) {
  EXPECT_EQ(Chosen({"code", "unique", "n"}), (StringSet{"code"}));
  EXPECT_EQ(Chosen({"unique", "n"}), (StringSet{}));
  // Row-group pruning compares the filter's columns with their statistics as declared.
  EXPECT_EQ(Chosen({"code", "n"}, cp::equal(cp::field_ref("code"), cp::literal("USD"))),
            (StringSet{}));
  EXPECT_EQ(Chosen({"code", "n"}, cp::less(cp::field_ref("n"), cp::literal(int64_t{5}))),
            (StringSet{"code"}));
}

TEST_F(DictionaryReadsTest, ScanStillReturnsPlainStrings) {
  sql::NameGenerator names;
  sql::QueryPlan plan;
  plan.root = sql::MakeScanNode(Source(), {"code", "n"}, names);
  plan.output_schema =
      arrow::schema({arrow::field("code", arrow::utf8()), arrow::field("n", arrow::int64())});
  auto reader = ExecutePlan(plan, 0);
  ASSERT_TRUE(reader.ok()) << reader.status().ToString();
  auto table = (*reader)->ToTable();
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_TRUE((*table)->schema()->Equals(*plan.output_schema));
  std::vector<std::string> expected;
  for (int i = 0; i < 1000; ++i) {
    expected.push_back((i % 7 == 0 ? std::string("NULL") : kCodes[i % 3]) + "|" +
                       std::to_string(i));
  }
  auto rows = testing::RowsOf(**table);
  std::sort(rows.begin(), rows.end());
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(rows, expected);
}

}  // namespace
}  // namespace warden::exec
