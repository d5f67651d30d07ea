// unnest(list) in the select list end to end (bind, optimize, ticket, Acero), with
// PostgreSQL's answers: one row per element, NULL and empty lists give no row.
#include <arrow/api.h>
#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "warden/common/error.h"
#include "warden/exec/engine_test_harness.h"
#include "warden/exec/executor.h"
#include "warden/sql/explain.h"

namespace warden::exec::testing {
namespace {

class UnnestTest : public EngineTest {
 protected:
  void SetUp() override {
    EngineTest::SetUp();
    auto schema = arrow::schema({arrow::field("id", arrow::int64()),
                                 arrow::field("tags", arrow::list(arrow::utf8())),
                                 arrow::field("nums", arrow::large_list(arrow::int32()))});
    provider_.Add("sales.tagged",
                  MakeTable(schema, {"[1, 2, 3, 4, 5]",
                                     R"([["a", "b"], [], null, ["c", null], ["a"]])",
                                     "[[1, 2], [3], [4], null, []]"}));
  }
};

TEST_F(UnnestTest, OneRowPerElementOtherColumnsRepeated) {
  EXPECT_EQ(SortedRows("SELECT id, unnest(tags) AS tag FROM sales.tagged"),
            (RowList{"1|a", "1|b", "4|NULL", "4|c", "5|a"}));
  EXPECT_EQ(SortedRows("SELECT unnest(nums) AS n, id * 10 AS k FROM sales.tagged"),
            (RowList{"1|10", "2|10", "3|20", "4|30"}));
  // The column is named after the function unless aliased, as in PostgreSQL.
  auto schema = OutputSchema("SELECT unnest(tags) FROM sales.tagged");
  ASSERT_NE(schema, nullptr);
  EXPECT_EQ(schema->field(0)->name(), "unnest");
  EXPECT_TRUE(schema->field(0)->type()->Equals(*arrow::utf8()));
}

TEST_F(UnnestTest, ComposesWithWhereOrderDistinctAndOuterQueries) {
  EXPECT_EQ(SortedRows("SELECT unnest(tags) AS tag FROM sales.tagged WHERE id > 3"),
            (RowList{"NULL", "a", "c"}));
  EXPECT_EQ(Rows("SELECT id, unnest(tags) AS tag FROM sales.tagged ORDER BY tag DESC, id"),
            (RowList{"4|NULL", "4|c", "1|b", "1|a", "5|a"}));
  EXPECT_EQ(SortedRows("SELECT DISTINCT unnest(tags) AS tag FROM sales.tagged"),
            (RowList{"NULL", "a", "b", "c"}));
  EXPECT_EQ(SortedRows("SELECT tag, count(*) AS n FROM (SELECT unnest(tags) AS tag "
                       "FROM sales.tagged) t GROUP BY tag"),
            (RowList{"NULL|1", "a|2", "b|1", "c|1"}));
  // Nobody above reads the elements, yet the list still decides the row count.
  EXPECT_EQ(Value("SELECT count(*) FROM (SELECT id, unnest(tags) AS tag FROM sales.tagged) t"),
            "5");
  EXPECT_EQ(Rows("SELECT id, unnest(tags) AS tag FROM sales.tagged ORDER BY 2, 1 LIMIT 2"),
            (RowList{"1|a", "5|a"}));
  // ORDER BY the list column itself is not ORDER BY the unnest output.
  EXPECT_EQ(Rows("SELECT unnest(tags) AS tag FROM sales.tagged ORDER BY id DESC, tag"),
            (RowList{"a", "c", "NULL", "a", "b"}));
}

TEST_F(UnnestTest, ExplainShowsTheNode) {
  auto plan = Plan("SELECT id, unnest(tags) AS tag FROM sales.tagged");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string text;
  for (const auto& line : sql::ExplainPlan(*plan, {})) text += line + "\n";
  EXPECT_NE(text.find("Unnest "), std::string::npos) << text;
  EXPECT_NE(text.find(" AS tag"), std::string::npos) << text;
}

TEST_F(UnnestTest, RefusedConstructsAreNamed) {
  ExpectError("SELECT unnest(tags) AS a, unnest(nums) AS b FROM sales.tagged",
              ErrorCode::kSqlUnsupported, "more than one unnest()");
  ExpectError("SELECT id FROM sales.tagged WHERE unnest(tags) = 'a'",
              ErrorCode::kSqlUnsupported, "unnest() other than as a whole select-list item");
  ExpectError("SELECT upper(unnest(tags)) AS u FROM sales.tagged", ErrorCode::kSqlUnsupported,
              "unnest() other than as a whole select-list item");
  ExpectError("SELECT x FROM unnest(sales.tagged.tags) AS u(x)", ErrorCode::kSqlUnsupported,
              "unnest() in FROM other than after a table");
  ExpectError("SELECT t.id, u.x FROM sales.tagged t LEFT JOIN LATERAL unnest(t.tags) AS u(x) "
              "ON TRUE",
              ErrorCode::kSqlUnsupported, "joined other than by CROSS JOIN");
  ExpectError("SELECT * FROM sales.tagged t, generate_series(1, 3) AS g(i)",
              ErrorCode::kSqlUnsupported, "function in FROM other than unnest");
  ExpectError("SELECT * FROM sales.tagged t, unnest(t.tags) WITH ORDINALITY AS u(x, n)",
              ErrorCode::kSqlUnsupported, "function in FROM other than unnest");
  ExpectError("SELECT * FROM sales.tagged t, unnest(t.tags) AS u(x, y)", ErrorCode::kSqlBind,
              "1 columns available but 2 columns specified");
  ExpectError("SELECT unnest(id) AS x FROM sales.tagged", ErrorCode::kSqlBind,
              "unnest needs a list");
  ExpectError("SELECT unnest(tags) AS tag, count(*) AS n FROM sales.tagged GROUP BY 1",
              ErrorCode::kSqlUnsupported, "unnest() in GROUP BY");
}

/// `rows` rows of (k, [k, k + 1, k + 2]).
std::shared_ptr<arrow::Table> BigLists(int64_t rows) {
  arrow::Int64Builder keys;
  auto elements = std::make_shared<arrow::Int64Builder>();
  arrow::ListBuilder lists(arrow::default_memory_pool(), elements);
  for (int64_t k = 0; k < rows; ++k) {
    EXPECT_TRUE(keys.Append(k).ok());
    EXPECT_TRUE(lists.Append().ok());
    for (int64_t i = 0; i < 3; ++i) EXPECT_TRUE(elements->Append(k + i).ok());
  }
  auto schema = arrow::schema({arrow::field("k", arrow::int64()),
                               arrow::field("l", arrow::list(arrow::int64()))});
  return arrow::Table::Make(schema, {keys.Finish().ValueOrDie(), lists.Finish().ValueOrDie()});
}

TEST_F(UnnestTest, LargeInputsStreamStopEarlyAndRespectTheMemoryLimit) {
  constexpr int64_t kRows = 100000;
  provider_.Add("sales.biglists", BigLists(kRows));
  EXPECT_EQ(Value("SELECT count(*) FROM (SELECT k, unnest(l) AS x FROM sales.biglists) t"),
            std::to_string(3 * kRows));
  EXPECT_EQ(Value("SELECT sum(x - k) FROM (SELECT k, unnest(l) AS x FROM sales.biglists) t"),
            std::to_string(3 * kRows));
  EXPECT_EQ(Rows("SELECT unnest(l) AS x FROM sales.biglists LIMIT 2").size(), 2u);
  ExpectError("SELECT k, unnest(l) AS x FROM sales.biglists ORDER BY x DESC",
              ErrorCode::kMemoryLimit, "memory limit", 1 << 20);
  // A reader dropped after one batch stops the plan, Unnest node included.
  auto plan = Plan("SELECT k, unnest(l) AS x FROM sales.biglists WHERE k % 2 = 0");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  for (int i = 0; i < 20; ++i) {
    auto reader = ExecutePlan(*plan);
    ASSERT_TRUE(reader.ok()) << reader.status().ToString();
    std::shared_ptr<arrow::RecordBatch> batch;
    ASSERT_TRUE((*reader)->ReadNext(&batch).ok());
    ASSERT_NE(batch, nullptr);
    if (i % 2 == 0) EXPECT_TRUE((*reader)->Close().ok());
  }
}

TEST_F(UnnestTest, InFromAfterATable) {
  const RowList expected{"1|a", "1|b", "4|NULL", "4|c", "5|a"};
  EXPECT_EQ(SortedRows("SELECT t.id, u.x FROM sales.tagged t, unnest(t.tags) AS u(x)"), expected);
  EXPECT_EQ(SortedRows("SELECT id, x FROM sales.tagged t CROSS JOIN LATERAL unnest(tags) u(x)"),
            expected);
  // The element is named after the alias, else `unnest`; the table's columns stay visible.
  EXPECT_EQ(SortedRows("SELECT u, tags FROM sales.tagged, unnest(tags) AS u WHERE id = 5"),
            (RowList{"a|list<item: string>[a]"}));
  EXPECT_EQ(SortedRows("SELECT unnest.unnest FROM sales.tagged, unnest(nums) WHERE id < 3"),
            (RowList{"1", "2", "3"}));
  // Over an expression, filtered and grouped by the element, and twice in a row.
  EXPECT_EQ(SortedRows("SELECT x, count(*) AS n FROM sales.tagged t, unnest(t.tags) u(x) "
                       "WHERE x IS NOT NULL GROUP BY x"),
            (RowList{"a|2", "b|1", "c|1"}));
  EXPECT_EQ(Value("SELECT count(*) FROM sales.tagged t, unnest(t.tags) a(x), unnest(t.tags) b(y)"),
            "9");
  auto plan = Plan("SELECT t.id, u.x FROM sales.tagged t, unnest(t.tags) AS u(x)");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::string text;
  for (const auto& line : sql::ExplainPlan(*plan, {})) text += line + "\n";
  EXPECT_NE(text.find("Unnest "), std::string::npos) << text;
}

TEST_F(UnnestTest, ManyConcurrentQueriesFinish) {
  // More concurrent unnest plans than Arrow has I/O threads: none may wait on another.
  provider_.Add("sales.biglists", BigLists(20000));
  auto plan = Plan("SELECT k, x FROM sales.biglists t, unnest(t.l) AS u(x) WHERE x % 3 = 0");
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  std::vector<std::thread> threads;
  std::vector<int64_t> rows(24, -1);
  for (size_t i = 0; i < rows.size(); ++i) {
    threads.emplace_back([&, i] {
      auto reader = ExecutePlan(*plan);
      if (!reader.ok()) return;
      auto table = (*reader)->ToTable();
      if (table.ok()) rows[i] = (*table)->num_rows();
    });
  }
  for (auto& thread : threads) thread.join();
  for (int64_t count : rows) EXPECT_EQ(count, 20000);
}

TEST_F(UnnestTest, GroupingByTheListColumnFailsCleanly) {
  // Acero's hash aggregate takes no list keys (with or without unnest): an error, no crash.
  ExpectError("SELECT id, unnest(tags) AS tag FROM sales.tagged GROUP BY id, tags",
              ErrorCode::kQueryFailed, "Keys of type list");
}

}  // namespace
}  // namespace warden::exec::testing
