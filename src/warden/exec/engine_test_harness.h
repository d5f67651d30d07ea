#pragma once

#include <arrow/result.h>
#include <arrow/type_fwd.h>
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "warden/common/error.h"
#include "warden/sql/binder.h"

/// What the query-engine tests share: a catalog of in-memory tables and helpers that run
/// SQL the whole way a query goes (parse, bind, optimize, serialize into a ticket,
/// deserialize on a worker, execute on Acero) and compare the rows that come out.
namespace warden::exec::testing {

/// A table from one JSON array per column (arrow::json::ArrayFromJSONString), cut into
/// batches of two rows so that every operator sees several batches.
std::shared_ptr<arrow::Table> MakeTable(const std::shared_ptr<arrow::Schema>& schema,
                                        const std::vector<std::string>& columns);

/// A catalog of in-memory tables. Each binds as a Values node whose fields get fresh
/// internal names, as the planner's governed scans do; the user sees the table's own
/// names.
class FakeProvider : public sql::TableProvider {
 public:
  /// Holds the standard tables (see engine_test_harness.cc): sales.orders, sales.dupes,
  /// sales.odd, sales.customers, sales.regions, sales.measures, sales.empty.
  FakeProvider();

  void Add(const std::string& name, std::shared_ptr<arrow::Table> table);
  /// Hides a column of a table, as a policy that exposes it to nobody does: the table's
  /// plan still reads it, but a Project on top leaves it out of what the binder sees.
  void Hide(const std::string& table, const std::string& column);

  arrow::Result<sql::TableBinding> BindTable(const sql::QualifiedName& table,
                                             sql::NameGenerator& names) override;

  /// Every table the binder asked for, in order.
  std::vector<sql::QualifiedName> requested;

 private:
  std::map<std::string, std::shared_ptr<arrow::Table>> tables_;
  std::map<std::string, std::vector<std::string>> hidden_;
};

/// The schema of sales.orders.
std::shared_ptr<arrow::Schema> OrdersSchema();

/// A column name longer than PostgreSQL's 63-byte identifier limit (in sales.odd).
extern const std::string kLongName;

/// Runs a plan as a worker would: serialized into ticket text, decoded, executed with
/// ExecutePlan under `memory_limit` (0: the default), read to the end.
arrow::Result<std::shared_ptr<arrow::Table>> RunPlan(const sql::QueryPlan& plan,
                                                     int64_t memory_limit = 0);

/// Each row as "v1|v2|...", NULL as "NULL", values as Arrow prints them.
std::vector<std::string> RowsOf(const arrow::Table& table);

/// The fixture: a FakeProvider and helpers that fail the test with the SQL in the
/// message.
class EngineTest : public ::testing::Test {
 protected:
  void SetUp() override;

  arrow::Result<sql::QueryPlan> Plan(const std::string& sql);
  /// Plans and runs `sql`; the result must carry exactly the plan's output schema.
  arrow::Result<std::shared_ptr<arrow::Table>> Run(const std::string& sql,
                                                   int64_t memory_limit = 0);
  /// The result of `sql`, in the order it came out (for ORDER BY).
  std::vector<std::string> Rows(const std::string& sql);
  /// The result of `sql`, sorted (for queries whose order is not defined).
  std::vector<std::string> SortedRows(const std::string& sql);
  /// The one value `sql` returns (one row, one column).
  std::string Value(const std::string& sql);
  /// The result schema of `sql`.
  std::shared_ptr<arrow::Schema> OutputSchema(const std::string& sql);
  /// The ids of sales.orders rows for which `predicate` is true, ascending.
  std::vector<int64_t> MatchingIds(const std::string& predicate);
  /// `sql` fails, at planning or while running, with `code` and `fragment` in the
  /// message.
  void ExpectError(const std::string& sql, ErrorCode code, const std::string& fragment,
                   int64_t memory_limit = 0);

  FakeProvider provider_;
};

using Ids = std::vector<int64_t>;
using RowList = std::vector<std::string>;

/// "SELECT * FROM sales.orders WHERE <predicate>".
std::string Where(const std::string& predicate);

}  // namespace warden::exec::testing
