// What the engine does beyond a query's rows: the per-query memory limit, and the
// optimizer's column pruning and scan hints on governed (masked) tables over Parquet.
#include <arrow/api.h>
#include <arrow/compute/expression.h>
#include <arrow/io/file.h>
#include <gtest/gtest.h>
#include <parquet/arrow/writer.h>

#include <algorithm>
#include <limits>
#include <optional>
#include <set>
#include <string>
#include <thread>

#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"
#include "warden/exec/engine_test_harness.h"
#include "warden/exec/executor.h"

namespace warden::exec::testing {
namespace {

namespace cp = arrow::compute;
using sql::PlanKind;
using sql::PlanNode;

// Memory limit

/// `rows` rows: k is a permutation of 0..rows-1, s a 24-character string.
std::shared_ptr<arrow::Table> BigTable(int64_t rows) {
  arrow::Int64Builder keys;
  arrow::StringBuilder strings;
  for (int64_t i = 0; i < rows; ++i) {
    const int64_t k = (i * 7919) % rows;  // 7919 is prime to rows: a permutation
    EXPECT_TRUE(keys.Append(k).ok());
    std::string s = std::to_string((k * 2654435761) % 1000003);
    EXPECT_TRUE(strings.Append("value-" + std::string(18 - s.size(), '0') + s).ok());
  }
  auto schema = arrow::schema(
      {arrow::field("k", arrow::int64()), arrow::field("s", arrow::utf8())});
  return arrow::Table::Make(schema,
                            {keys.Finish().ValueOrDie(), strings.Finish().ValueOrDie()});
}

class MemoryLimitTest : public EngineTest {
 protected:
  static constexpr int64_t kRows = 200000;
  static constexpr int64_t kOneMiB = 1 << 20;

  void SetUp() override {
    EngineTest::SetUp();
    provider_.Add("sales.big", BigTable(kRows));
  }
};

TEST_F(MemoryLimitTest, LargeSortFailsUnderATinyLimit) {
  const std::string sql = "SELECT k, s FROM sales.big ORDER BY s";
  ExpectError(sql, ErrorCode::kMemoryLimit, "memory limit", kOneMiB);
  // The same query under the default limit runs, sorted.
  auto table = Run(sql);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  ASSERT_EQ((*table)->num_rows(), kRows);
  auto rows = RowsOf(*(*table)->Slice(0, 1000));
  EXPECT_TRUE(std::is_sorted(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
    return a.substr(a.find('|')) < b.substr(b.find('|'));
  }));
}

TEST_F(MemoryLimitTest, LargeHashJoinFailsUnderATinyLimit) {
  const std::string sql =
      "SELECT count(*) FROM sales.big a JOIN sales.big b ON a.k = b.k";
  ExpectError(sql, ErrorCode::kMemoryLimit, "memory limit", kOneMiB);
  EXPECT_EQ(Value(sql), std::to_string(kRows));
}

TEST_F(MemoryLimitTest, LargeAggregationFailsUnderATinyLimit) {
  const std::string sql =
      "SELECT count(*) FROM (SELECT s, count(*) FROM sales.big GROUP BY s) t";
  ExpectError(sql, ErrorCode::kMemoryLimit, "memory limit", kOneMiB);
  EXPECT_EQ(Value(sql), std::to_string(kRows));
}

TEST_F(MemoryLimitTest, SmallQueriesRunUnderATinyLimit) {
  auto table = Run(
      "SELECT shipped, count(*) FROM sales.orders GROUP BY shipped ORDER BY 1", kOneMiB);
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  EXPECT_EQ(RowsOf(**table), (RowList{"false|2", "true|2", "NULL|1"}));
}

TEST_F(MemoryLimitTest, ReadersClosedEarlyStopTheirPlans) {
  // A reader dropped after one batch must stop its plan and free everything: no hang,
  // no crash when the plan's last buffers are released on pool threads.
  for (const char* sql :
       {"SELECT a.k, b.s FROM sales.big a JOIN sales.big b ON a.k = b.k",
        "SELECT k, s FROM sales.big ORDER BY s", "SELECT * FROM sales.big"}) {
    auto plan = Plan(sql);
    ASSERT_TRUE(plan.ok()) << plan.status().ToString();
    for (int i = 0; i < 30; ++i) {
      auto reader = ExecutePlan(*plan);
      ASSERT_TRUE(reader.ok()) << reader.status().ToString();
      std::shared_ptr<arrow::RecordBatch> batch;
      ASSERT_TRUE((*reader)->ReadNext(&batch).ok());
      ASSERT_NE(batch, nullptr);
      // Closed explicitly (as Flight does at the end of a stream), or just dropped.
      if (i % 4 != 3) EXPECT_TRUE((*reader)->Close().ok()) << sql;
    }
  }
}

TEST_F(MemoryLimitTest, QueriesRunConcurrentlyAndAreReadOnOtherThreads) {
  const std::string sql =
      "SELECT a.k % 7, count(*), sum(b.k) FROM sales.big a JOIN sales.big b ON a.k = b.k "
      "WHERE a.k < 50000 GROUP BY 1 ORDER BY 1";
  const RowList expected = Rows(sql);
  ASSERT_EQ(expected.size(), 7u);
  auto plan = Plan(sql);
  ASSERT_TRUE(plan.ok());
  std::vector<std::thread> threads;
  std::vector<RowList> results(6);
  for (size_t t = 0; t < results.size(); ++t) {
    // Plans start on this thread and are read on another, as the worker's DoGet does.
    auto reader = ExecutePlan(*plan);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    threads.emplace_back([&results, t, reader = *reader] {
      auto table = reader->ToTable();
      if (table.ok()) results[t] = RowsOf(**table);
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& result : results) EXPECT_EQ(result, expected);
}

// Optimizer: column pruning and scan hints

/// One governed table over a Parquet file, as the planner binds it: a Scan of every
/// dataset column, then a Project that passes a, b and d through and masks c (upper()).
class ScanProvider : public sql::TableProvider {
 public:
  ScanProvider() {
    auto schema = arrow::schema(
        {arrow::field("a", arrow::int64()), arrow::field("b", arrow::utf8()),
         arrow::field("c", arrow::utf8()), arrow::field("d", arrow::int64())});
    auto table =
        MakeTable(schema, {"[1, 2, 3, 4, 5, 6]", R"(["p", "q", "y", "y", "q", null])",
                           R"(["x", "X", "x", "z", null, "x"])", "[1, 6, 7, 10, 3, 8]"});
    const std::string path = (dir_.path() / "part-0.parquet").string();
    auto out = arrow::io::FileOutputStream::Open(path).ValueOrDie();
    EXPECT_TRUE(
        parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 2).ok());
    source_.table = {"sales", "files"};
    source_.format = "parquet";
    source_.location = "file://" + dir_.path().string();
    source_.file_uris = {"file://" + path};
    source_.dataset_schema = schema;
    WriteFloats();
  }

  arrow::Result<sql::TableBinding> BindTable(const sql::QualifiedName& table,
                                             sql::NameGenerator& names) override {
    if (table.ToString() == "sales.floats") {
      auto scan = sql::MakeScanNode(floats_, {"id", "x"}, names);
      return sql::TableBinding{scan, {"id", "x"}};
    }
    if (table.ToString() != "sales.files") {
      return Error(ErrorCode::kCatalogNotFound,
                   "table " + table.ToString() + " not found");
    }
    auto scan = sql::MakeScanNode(source_, {"a", "b", "c", "d"}, names);
    auto project = sql::MakeNode(PlanKind::kProject, {scan}, nullptr);
    arrow::FieldVector fields;
    sql::TableBinding binding;
    for (int i = 0; i < 4; ++i) {
      auto ref = cp::field_ref(scan->schema->field(i)->name());
      project->expressions.push_back(i == 2 ? cp::call("utf8_upper", {ref}) : ref);
      fields.push_back(arrow::field(names.Next(), scan->schema->field(i)->type()));
      binding.column_names.push_back(scan->scan_columns[i]);
    }
    project->schema = arrow::schema(fields);
    binding.plan = project;
    return binding;
  }

 private:
  /// sales.floats: id and a double x in row groups of two rows, some with NaN, whose
  /// Parquet statistics leave the NaN out: (1, 2) (1.5, NaN) (NaN, NaN) (3, 9) (NULL, 4).
  void WriteFloats() {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    arrow::Int64Builder ids;
    arrow::DoubleBuilder xs;
    const std::vector<std::optional<double>> values = {1, 2, 1.5, nan, nan, nan,
                                                       3, 9, std::nullopt, 4};
    for (size_t i = 0; i < values.size(); ++i) {
      EXPECT_TRUE(ids.Append(static_cast<int64_t>(i + 1)).ok());
      EXPECT_TRUE((values[i] ? xs.Append(*values[i]) : xs.AppendNull()).ok());
    }
    auto schema = arrow::schema(
        {arrow::field("id", arrow::int64()), arrow::field("x", arrow::float64())});
    auto table = arrow::Table::Make(schema, {ids.Finish().ValueOrDie(), xs.Finish().ValueOrDie()});
    const std::string path = (dir_.path() / "floats.parquet").string();
    auto out = arrow::io::FileOutputStream::Open(path).ValueOrDie();
    EXPECT_TRUE(
        parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out, 2).ok());
    floats_ = source_;
    floats_.table = {"sales", "floats"};
    floats_.file_uris = {"file://" + path};
    floats_.dataset_schema = schema;
  }

  warden::testing::TempDir dir_;
  sql::ScanSource source_;
  sql::ScanSource floats_;
};

class OptimizerTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(InitializeArrowCompute().ok()); }

  sql::QueryPlan Plan(const std::string& sql) {
    auto plan = sql::PlanQuery(sql, provider_);
    if (!plan.ok()) {
      ADD_FAILURE() << sql << ": " << plan.status().ToString();
      return {};
    }
    return *std::move(plan);
  }

  /// The dataset columns each scan of `sql`'s plan reads, and the columns its hint names.
  struct ScanShape {
    std::vector<std::string> columns;
    std::set<std::string> hinted;
    bool has_hint = false;
  };
  std::vector<ScanShape> Scans(const std::string& sql) {
    sql::QueryPlan plan = Plan(sql);
    std::vector<ScanShape> shapes;
    if (plan.root == nullptr) return shapes;
    for (const PlanNode* scan : sql::CollectScans(plan.root.get())) {
      ScanShape shape;
      shape.columns = scan->scan_columns;
      EXPECT_EQ(scan->schema->num_fields(), static_cast<int>(scan->scan_columns.size()))
          << sql;
      if (scan->scan_filter) {
        shape.has_hint = true;
        for (const auto& ref : cp::FieldsInExpression(*scan->scan_filter)) {
          shape.hinted.insert(ref.name() ? *ref.name() : "?");
        }
      }
      shapes.push_back(std::move(shape));
    }
    return shapes;
  }

  RowList SortedRows(const std::string& sql) {
    auto table = RunPlan(Plan(sql));
    if (!table.ok()) {
      ADD_FAILURE() << sql << ": " << table.status().ToString();
      return {};
    }
    RowList rows = RowsOf(**table);
    std::sort(rows.begin(), rows.end());
    return rows;
  }

  ScanProvider provider_;
};

using Columns = std::vector<std::string>;

TEST_F(OptimizerTest, ScansReadOnlyTheColumnsTheQueryNeeds) {
  auto scans = Scans("SELECT a FROM sales.files");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].columns, (Columns{"a"}));
  EXPECT_FALSE(scans[0].has_hint);

  scans = Scans("SELECT b, count(*) FROM sales.files GROUP BY b");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].columns, (Columns{"b"}));

  scans = Scans("SELECT a FROM (SELECT a, b, c FROM sales.files) s ORDER BY s.b");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].columns, (Columns{"a", "b"}));

  // count(*) reads no column at all, and still counts every row.
  scans = Scans("SELECT count(*) FROM sales.files");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].columns, (Columns{}));
  EXPECT_EQ(SortedRows("SELECT count(*) FROM sales.files"), (RowList{"6"}));

  // Each side of a join reads its own columns.
  scans = Scans(
      "SELECT x.a FROM sales.files x JOIN sales.files y ON x.a = y.d WHERE y.b = 'q'");
  ASSERT_EQ(scans.size(), 2u);
  EXPECT_EQ(scans[0].columns, (Columns{"a"}));
  EXPECT_EQ(scans[1].columns, (Columns{"b", "d"}));
  // (A WHERE above a join is not pushed below it, so neither scan gets a hint yet.)
  EXPECT_EQ(SortedRows("SELECT x.a FROM sales.files x JOIN sales.files y ON x.a = y.d "
                       "WHERE y.b = 'q'"),
            (RowList{"3", "6"}));
}

TEST_F(OptimizerTest, HintsCarrySimplePredicatesOverPlainColumnsOnly) {
  // d and b pass through unmasked: hinted, under their dataset names. c is masked.
  const std::string sql = "SELECT a FROM sales.files WHERE d > 5 AND c = 'X' AND b = 'y'";
  auto scans = Scans(sql);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].columns, (Columns{"a", "b", "c", "d"}));
  EXPECT_EQ(scans[0].hinted, (std::set<std::string>{"b", "d"}));
  // The masked predicate is still applied, to masked values: 'x' counts as 'X'.
  EXPECT_EQ(SortedRows(sql), (RowList{"3"}));

  // Over a masked column alone: no hint, and the filter sees masked values.
  scans = Scans("SELECT a FROM sales.files WHERE c = 'X'");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].columns, (Columns{"a", "c"}));
  EXPECT_FALSE(scans[0].has_hint);
  EXPECT_EQ(SortedRows("SELECT a FROM sales.files WHERE c = 'X'"),
            (RowList{"1", "2", "3", "6"}));
  EXPECT_EQ(SortedRows("SELECT a FROM sales.files WHERE c = 'x'"), (RowList{}));

  // A function of a plain column is computed, not a plain predicate: no hint.
  scans = Scans("SELECT a FROM sales.files WHERE upper(b) = 'Y'");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_FALSE(scans[0].has_hint);
  EXPECT_EQ(SortedRows("SELECT a FROM sales.files WHERE upper(b) = 'Y'"),
            (RowList{"3", "4"}));

  // A masked column renamed in a subquery is still masked.
  scans =
      Scans("SELECT * FROM (SELECT c AS plain, a FROM sales.files) s WHERE plain = 'Z'");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_FALSE(scans[0].has_hint);
  // A plain one renamed in a subquery is hinted under its dataset name.
  scans =
      Scans("SELECT * FROM (SELECT b AS other, a FROM sales.files) s WHERE other = 'q'");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].hinted, (std::set<std::string>{"b"}));
  EXPECT_EQ(SortedRows("SELECT * FROM (SELECT b AS other, a FROM sales.files) s "
                       "WHERE other = 'q'"),
            (RowList{"q|2", "q|5"}));

  // OR, IN and IS NULL of plain columns are hints; a predicate above an aggregate is not.
  scans = Scans(
      "SELECT a FROM sales.files WHERE (d < 2 OR d > 9) AND b IN ('p', 'y') "
      "AND a IS NOT NULL");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].hinted, (std::set<std::string>{"a", "b", "d"}));
  EXPECT_EQ(
      SortedRows("SELECT a FROM sales.files WHERE (d < 2 OR d > 9) AND b IN ('p', 'y') "
                 "AND a IS NOT NULL"),
      (RowList{"1", "4"}));
  scans = Scans("SELECT b, count(*) FROM sales.files GROUP BY b HAVING b = 'q'");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_FALSE(scans[0].has_hint);
  EXPECT_EQ(SortedRows("SELECT b, count(*) FROM sales.files GROUP BY b HAVING b = 'q'"),
            (RowList{"q|2"}));
}

// A governed view's row filter is OR(coalesce(grant filter, false)): the guard adds
// nothing to pruning, so it is unwrapped at positive positions, and never under NOT,
// where NOT coalesce(NULL, false) keeps a row that NOT NULL would not.
TEST_F(OptimizerTest, FalseCoalesceGuardsAreUnwrappedIntoHintsOutsideNot) {
  const std::string guarded =
      "SELECT a FROM sales.files WHERE coalesce(d > 5, false) OR coalesce(b = 'q', false)";
  auto scans = Scans(guarded);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].hinted, (std::set<std::string>{"b", "d"}));
  EXPECT_EQ(SortedRows(guarded), (RowList{"2", "3", "4", "5", "6"}));

  const std::string negated = "SELECT a FROM sales.files WHERE NOT coalesce(b = 'y', false)";
  scans = Scans(negated);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_FALSE(scans[0].has_hint);
  EXPECT_EQ(SortedRows(negated), (RowList{"1", "2", "5", "6"}));  // the NULL b kept

  // A bare <> prunes nothing in practice and would cost the column its dictionary reads;
  // nor does an OR with a <> branch (one grant's b = 'q', another's b <> 'q').
  scans = Scans("SELECT a FROM sales.files WHERE b <> 'q'");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_FALSE(scans[0].has_hint);
  EXPECT_EQ(SortedRows("SELECT a FROM sales.files WHERE b <> 'q'"),
            (RowList{"1", "3", "4"}));
  const std::string either = "SELECT a FROM sales.files WHERE b = 'p' OR b <> 'q'";
  scans = Scans(either);
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_FALSE(scans[0].has_hint);
  EXPECT_EQ(SortedRows(either), (RowList{"1", "3", "4"}));
  // Under AND the other side may still prune, and is pushed.
  scans = Scans("SELECT a FROM sales.files WHERE (b = 'p' OR b <> 'q') AND d < 2");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].hinted, (std::set<std::string>{"d"}));
}

// PostgreSQL orders NaN above every number, so x > 5 holds for NaN; the binder writes it as
// NOT (x <= 5). Row groups whose statistics (NaN left out) say every value is <= 5 may
// still hold NaN, so such a predicate must not prune them: (1.5, NaN) has min = max = 1.5.
TEST_F(OptimizerTest, FloatHintsNeverPruneRowGroupsThatMayHoldNaN) {
  const RowList nan_and_nine = {"4", "5", "6", "8"};  // ids of NaN and of 9
  for (const std::string where :
       {"x > 5", "x >= 5", "5 < x", "5 <= x", "NOT (x <= 5)", "NOT (x < 5)",
        "NOT (5 >= x)", "x > 5 AND id > 0", "x > 5 OR id = 8"}) {
    const std::string sql = "SELECT id FROM sales.floats WHERE " + where;
    EXPECT_EQ(SortedRows(sql), nan_and_nine) << sql;
    auto scans = Scans(sql);
    ASSERT_EQ(scans.size(), 1u);
    EXPECT_EQ(scans[0].hinted.count("x"), 0u) << sql;  // not pushed into the scan
  }
  // x <> 1.5 holds for NaN too, also in the row group whose min and max are both 1.5.
  EXPECT_EQ(SortedRows("SELECT id FROM sales.floats WHERE x <> 1.5"),
            (RowList{"1", "10", "2", "4", "5", "6", "7", "8"}));
  // The comparisons that are false for NaN are still pushed and still answer.
  auto scans = Scans("SELECT id FROM sales.floats WHERE x < 1.5");
  ASSERT_EQ(scans.size(), 1u);
  EXPECT_EQ(scans[0].hinted, (std::set<std::string>{"x"}));
  EXPECT_EQ(SortedRows("SELECT id FROM sales.floats WHERE x < 1.5"), (RowList{"1"}));
  EXPECT_EQ(SortedRows("SELECT id FROM sales.floats WHERE x <= 1.5"), (RowList{"1", "3"}));
  EXPECT_EQ(SortedRows("SELECT id FROM sales.floats WHERE x = 9"), (RowList{"8"}));
  EXPECT_EQ(SortedRows("SELECT id FROM sales.floats WHERE NOT (x > 1.5)"),
            (RowList{"1", "3"}));
  // NULL stays NULL: id 9 never qualifies.
  EXPECT_EQ(SortedRows("SELECT id FROM sales.floats WHERE NOT (x > 100)"),
            (RowList{"1", "10", "2", "3", "7", "8"}));
}

}  // namespace
}  // namespace warden::exec::testing
