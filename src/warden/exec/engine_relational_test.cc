// The query engine's relational operators end to end on in-memory tables: joins,
// aggregates, HAVING, ORDER BY, LIMIT/OFFSET, DISTINCT, UNION, WITH and subqueries, with
// PostgreSQL's answers (engine_test_harness.cc lists the tables).
#include <arrow/api.h>
#include <gtest/gtest.h>

#include <string>

#include "warden/common/error.h"
#include "warden/exec/engine_test_harness.h"

namespace warden::exec::testing {
namespace {

std::vector<std::string> FieldNames(const arrow::Schema& schema) {
  std::vector<std::string> names;
  for (const auto& field : schema.fields()) names.push_back(field->name());
  return names;
}

// Joins

TEST_F(EngineTest, InnerJoin) {
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c "
                       "ON o.qty = c.id"),
            (RowList{"1|Alice", "2|bob", "3|dave"}));
  EXPECT_EQ(
      SortedRows("SELECT o.id, c.name FROM sales.orders o INNER JOIN sales.customers c "
                 "ON c.id = o.qty WHERE c.name <> 'bob'"),
      (RowList{"1|Alice", "3|dave"}));
  // A join spelled as FROM a, b WHERE ...
  EXPECT_EQ(SortedRows("SELECT o.id, c.id FROM sales.orders o, sales.customers c "
                       "WHERE o.id = c.id"),
            (RowList{"1|1", "2|2", "3|3"}));
}

TEST_F(EngineTest, JoinKeysOfDifferentIntegerTypes) {
  // int64 = int32 and int32 = int16: both sides are widened to one key type.
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c "
                       "ON o.id = c.id"),
            (RowList{"1|Alice", "2|bob", "3|dave"}));
  EXPECT_EQ(SortedRows("SELECT o.id, r.manager FROM sales.orders o JOIN sales.regions r "
                       "ON o.qty = r.code"),
            (RowList{"1|Nina", "2|Sam", "3|Cat", "4|Nobody"}));
  // Computed keys on both sides.
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c "
                       "ON lower(o.customer) = lower(c.name)"),
            (RowList{"1|Alice", "2|bob", "3|Alice"}));
  EXPECT_EQ(SortedRows("SELECT o.id FROM sales.orders o JOIN sales.customers c "
                       "ON o.qty + 1 = c.id + 1"),
            (RowList{"1", "2", "3"}));
}

TEST_F(EngineTest, OuterJoins) {
  const std::string on = " sales.customers c ON o.qty = c.id";
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o LEFT JOIN" + on),
            (RowList{"1|Alice", "2|bob", "3|dave", "4|NULL", "5|NULL"}));
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o LEFT OUTER JOIN" + on),
            (RowList{"1|Alice", "2|bob", "3|dave", "4|NULL", "5|NULL"}));
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o RIGHT JOIN" + on),
            (RowList{"1|Alice", "2|bob", "3|dave", "NULL|nobody"}));
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o FULL JOIN" + on),
            (RowList{"1|Alice", "2|bob", "3|dave", "4|NULL", "5|NULL", "NULL|nobody"}));
  // WHERE applies after the outer join: it can remove the NULL-extended rows.
  EXPECT_EQ(SortedRows("SELECT o.id FROM sales.orders o LEFT JOIN" + on +
                       " WHERE c.id IS NULL"),
            (RowList{"4", "5"}));
}

TEST_F(EngineTest, CrossJoin) {
  EXPECT_EQ(Value("SELECT count(*) FROM sales.orders CROSS JOIN sales.customers"), "20");
  EXPECT_EQ(Value("SELECT count(*) FROM sales.orders, sales.customers, sales.regions"),
            "80");
  EXPECT_EQ(Value("SELECT count(*) FROM sales.orders CROSS JOIN sales.empty"), "0");
  EXPECT_EQ(SortedRows("SELECT a.id, b.id FROM sales.orders a CROSS JOIN sales.orders b "
                       "WHERE a.id = 1 AND b.id < 3"),
            (RowList{"1|1", "1|2"}));
}

TEST_F(EngineTest, JoinOnNullKeysNeverMatches) {
  // One customer and one region have a NULL region: they match nothing, not each other.
  EXPECT_EQ(
      SortedRows("SELECT c.name, r.manager FROM sales.customers c JOIN sales.regions r "
                 "ON c.region = r.region"),
      (RowList{"Alice|Nina", "bob|Sam"}));
  EXPECT_EQ(SortedRows("SELECT c.name, r.manager FROM sales.customers c FULL JOIN "
                       "sales.regions r ON c.region = r.region"),
            (RowList{"Alice|Nina", "NULL|Cat", "NULL|Nobody", "bob|Sam", "dave|NULL",
                     "nobody|NULL"}));
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c "
                       "ON o.qty = c.id OR (o.qty IS NULL AND c.id IS NULL)"),
            (RowList{"1|Alice", "2|bob", "3|dave", "5|nobody"}));
}

TEST_F(EngineTest, JoinUsing) {
  EXPECT_EQ(SortedRows("SELECT region, c.name, r.manager FROM sales.customers c "
                       "JOIN sales.regions r USING (region)"),
            (RowList{"north|Alice|Nina", "south|bob|Sam"}));
  // The USING column comes first in *, once.
  const std::string star =
      "SELECT * FROM sales.customers c JOIN sales.regions r USING (region)";
  EXPECT_EQ(FieldNames(*OutputSchema(star)),
            (std::vector<std::string>{"region", "id", "name", "manager", "code"}));
  EXPECT_EQ(SortedRows(star), (RowList{"north|1|Alice|Nina|1", "south|2|bob|Sam|2"}));
  // Outer joins: the merged column is the left one, the right one, or whichever is set.
  const std::string columns = "SELECT region, name, manager FROM sales.customers ";
  EXPECT_EQ(SortedRows(columns + "LEFT JOIN sales.regions USING (region)"),
            (RowList{"NULL|nobody|NULL", "east|dave|NULL", "north|Alice|Nina",
                     "south|bob|Sam"}));
  EXPECT_EQ(SortedRows(columns + "RIGHT JOIN sales.regions USING (region)"),
            (RowList{"NULL|NULL|Nobody", "central|NULL|Cat", "north|Alice|Nina",
                     "south|bob|Sam"}));
  EXPECT_EQ(SortedRows(columns + "FULL JOIN sales.regions USING (region)"),
            (RowList{"NULL|NULL|Nobody", "NULL|nobody|NULL", "central|NULL|Cat",
                     "east|dave|NULL", "north|Alice|Nina", "south|bob|Sam"}));
  // Each side's own column stays reachable when qualified.
  EXPECT_EQ(SortedRows("SELECT c.region, r.region FROM sales.customers c "
                       "LEFT JOIN sales.regions r USING (region)"),
            (RowList{"NULL|NULL", "east|NULL", "north|north", "south|south"}));
  // USING columns of different integer types (order ids int64, customer ids int32): the
  // merged column has the common type whichever side it comes from.
  const std::string full =
      "SELECT id, customer, name FROM sales.orders FULL JOIN "
      "sales.customers USING (id)";
  EXPECT_EQ(OutputSchema(full)->field(0)->type()->ToString(), "int64");
  EXPECT_EQ(SortedRows(full),
            (RowList{"1|Alice|Alice", "2|bob|bob", "3|ALICE|dave", "4|NULL|NULL",
                     "5|carol|NULL", "NULL|NULL|nobody"}));
  EXPECT_EQ(
      SortedRows("SELECT u.id FROM (SELECT id, name FROM sales.orders RIGHT JOIN "
                 "sales.customers USING (id)) u JOIN sales.orders o ON u.id = o.id"),
      (RowList{"1", "2", "3"}));
  EXPECT_EQ(SortedRows("SELECT id FROM sales.customers LEFT JOIN sales.orders USING (id) "
                       "UNION SELECT id FROM sales.orders"),
            (RowList{"1", "2", "3", "4", "5", "NULL"}));
  ExpectError(
      "SELECT * FROM sales.customers c JOIN sales.regions r USING (manager)",
      ErrorCode::kSqlBind,
      "column \"manager\" specified in USING clause does not exist in left table");
  ExpectError("SELECT * FROM sales.customers c JOIN sales.regions r USING (name)",
              ErrorCode::kSqlBind,
              "column \"name\" specified in USING clause does not exist in right table");
}

TEST_F(EngineTest, JoinWithResidualConditions) {
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c "
                       "ON o.qty = c.id AND o.amount > 15"),
            (RowList{"2|bob", "3|dave"}));
  // No equality at all.
  EXPECT_EQ(SortedRows("SELECT o.id, c.name FROM sales.orders o JOIN sales.customers c "
                       "ON o.id < c.id"),
            (RowList{"1|bob", "1|dave", "2|dave"}));
  // In an outer join the condition decides matches, not which left rows survive.
  EXPECT_EQ(
      SortedRows("SELECT o.id, c.name FROM sales.orders o LEFT JOIN sales.customers c "
                 "ON o.qty = c.id AND c.name <> 'bob'"),
      (RowList{"1|Alice", "2|NULL", "3|dave", "4|NULL", "5|NULL"}));
  EXPECT_EQ(
      SortedRows("SELECT o.id, c.name FROM sales.orders o LEFT JOIN sales.customers c "
                 "ON o.qty = c.id AND o.id > 1"),
      (RowList{"1|NULL", "2|bob", "3|dave", "4|NULL", "5|NULL"}));
  EXPECT_EQ(
      SortedRows("SELECT o.id, c.id FROM sales.orders o LEFT JOIN sales.customers c "
                 "ON o.id > 10"),
      (RowList{"1|NULL", "2|NULL", "3|NULL", "4|NULL", "5|NULL"}));
  EXPECT_EQ(
      SortedRows("SELECT o.id, c.name FROM sales.orders o RIGHT JOIN sales.customers c "
                 "ON o.id = c.id AND o.amount > 15"),
      (RowList{"2|bob", "3|dave", "NULL|Alice", "NULL|nobody"}));
}

TEST_F(EngineTest, SelfAndMultiWayJoins) {
  EXPECT_EQ(SortedRows("SELECT a.id, b.id FROM sales.orders a JOIN sales.orders b "
                       "ON a.qty = b.id - 1"),
            (RowList{"1|2", "2|3", "3|4", "4|5"}));
  EXPECT_EQ(SortedRows("SELECT o.id, c.name, r.manager FROM sales.orders o "
                       "JOIN sales.customers c ON o.qty = c.id "
                       "JOIN sales.regions r ON c.region = r.region"),
            (RowList{"1|Alice|Nina", "2|bob|Sam"}));
  EXPECT_EQ(SortedRows("SELECT o.id, r.manager FROM sales.orders o "
                       "LEFT JOIN sales.customers c ON o.qty = c.id "
                       "LEFT JOIN sales.regions r ON c.region = r.region"),
            (RowList{"1|Nina", "2|Sam", "3|NULL", "4|NULL", "5|NULL"}));
}

TEST_F(EngineTest, AmbiguousColumnsAcrossJoinedTables) {
  const std::string join = " FROM sales.orders o JOIN sales.customers c ON o.qty = c.id";
  ExpectError("SELECT id" + join, ErrorCode::kSqlBind,
              "column reference \"id\" is ambiguous");
  ExpectError("SELECT o.id" + join + " WHERE id = 1", ErrorCode::kSqlBind,
              "column reference \"id\" is ambiguous");
  ExpectError("SELECT count(*)" + join + " GROUP BY id", ErrorCode::kSqlBind,
              "column reference \"id\" is ambiguous");
  ExpectError("SELECT o.id FROM sales.orders o JOIN sales.orders o ON o.id = o.id",
              ErrorCode::kSqlBind, "ambiguous");
  // Qualified, or unique to one side, they resolve.
  EXPECT_EQ(SortedRows("SELECT o.id, c.id, name" + join),
            (RowList{"1|1|Alice", "2|2|bob", "3|3|dave"}));
  ExpectError("SELECT o.name" + join, ErrorCode::kSqlBind, "column \"o.name\" not found");
}

// Aggregates

TEST_F(EngineTest, ScalarAggregates) {
  EXPECT_EQ(
      Value("SELECT count(*), count(qty), count(note), count(DISTINCT note), sum(qty), "
            "avg(amount), min(customer), max(order_date), avg(qty) FROM sales.orders"),
      "5|4|4|3|10|16.4375|ALICE|2024-01-08|2.5");
  auto schema =
      OutputSchema("SELECT count(*), sum(qty), avg(qty), min(qty) FROM sales.orders");
  EXPECT_EQ(FieldNames(*schema),
            (std::vector<std::string>{"count", "sum", "avg", "min"}));
  EXPECT_TRUE(schema->field(0)->type()->Equals(arrow::int64()));
  EXPECT_TRUE(schema->field(1)->type()->Equals(arrow::int64()));
  EXPECT_TRUE(schema->field(2)->type()->Equals(arrow::float64()));
  EXPECT_TRUE(schema->field(3)->type()->Equals(arrow::int32()));
  EXPECT_EQ(Value("SELECT sum(qty * 2), count(*) + 1, max(amount) - min(amount) "
                  "FROM sales.orders"),
            "20|6|25.25");
  EXPECT_EQ(Value("SELECT bool_and(shipped), bool_or(shipped), every(shipped) "
                  "FROM sales.orders"),
            "false|true|false");
  EXPECT_EQ(Value("SELECT count(1), count(NULL) FROM sales.orders"), "5|0");
}

TEST_F(EngineTest, StatisticalAggregates) {
  // Sample statistics of qty = 1, 2, 3, 4 (NULL skipped).
  EXPECT_EQ(Value("SELECT round(stddev(qty), 6), round(stddev_samp(qty), 6), "
                  "round(stddev_pop(qty), 6), round(variance(qty), 6), var_pop(qty) "
                  "FROM sales.orders"),
            "1.290994|1.290994|1.118034|1.666667|1.25");
  // One value has no sample deviation.
  EXPECT_EQ(Value("SELECT stddev(qty), stddev_pop(qty) FROM sales.orders WHERE id = 1"),
            "NULL|0");
  ExpectError("SELECT stddev(customer) FROM sales.orders", ErrorCode::kSqlBind,
              "stddev() needs a numeric argument, not utf8");
}

TEST_F(EngineTest, AggregatesOfEmptyInput) {
  // No GROUP BY: one row, counts 0 and everything else NULL.
  EXPECT_EQ(Rows("SELECT count(*), count(k), sum(k), avg(v), min(k), max(v), stddev(v), "
                 "count(DISTINCT k), bool_and(k > 0) FROM sales.empty"),
            (RowList{"0|0|NULL|NULL|NULL|NULL|NULL|0|NULL"}));
  EXPECT_EQ(Rows("SELECT count(*), sum(qty) FROM sales.orders WHERE id > 100"),
            (RowList{"0|NULL"}));
  // With GROUP BY: no groups, no rows.
  EXPECT_EQ(Rows("SELECT k, count(*) FROM sales.empty GROUP BY k"), (RowList{}));
  EXPECT_EQ(Rows("SELECT qty, sum(amount) FROM sales.orders WHERE FALSE GROUP BY qty"),
            (RowList{}));
}

TEST_F(EngineTest, GroupBy) {
  // NULL keys form one group.
  EXPECT_EQ(SortedRows("SELECT shipped, count(*), sum(qty), count(DISTINCT customer), "
                       "min(id), max(note) FROM sales.orders GROUP BY shipped"),
            (RowList{"NULL|1|3|1|3|y", "false|2|2|2|2|50%", "true|2|5|1|1|x"}));
  EXPECT_EQ(
      SortedRows("SELECT note, count(*), sum(amount) FROM sales.orders GROUP BY note"),
      (RowList{"50%|1|5", "NULL|1|20", "x|2|10.5", "y|1|30.25"}));
  // Expressions, positions and output names as keys.
  const RowList lowered = {"NULL|1", "alice|2", "bob|1", "carol|1"};
  EXPECT_EQ(SortedRows("SELECT lower(customer), count(*) FROM sales.orders "
                       "GROUP BY lower(customer)"),
            lowered);
  EXPECT_EQ(
      SortedRows("SELECT lower(customer) AS who, count(*) FROM sales.orders GROUP BY 1"),
      lowered);
  EXPECT_EQ(SortedRows("SELECT lower(customer) AS who, count(*) FROM sales.orders "
                       "GROUP BY who"),
            lowered);
  // Expressions over keys and over aggregates.
  EXPECT_EQ(SortedRows("SELECT qty + 1, count(*) FROM sales.orders GROUP BY qty"),
            (RowList{"2|1", "3|1", "4|1", "5|1", "NULL|1"}));
  EXPECT_EQ(SortedRows("SELECT shipped, sum(qty) * 2 + count(*) FROM sales.orders "
                       "GROUP BY shipped"),
            (RowList{"NULL|7", "false|6", "true|12"}));
  // Several keys; a key need not be selected.
  EXPECT_EQ(
      SortedRows(
          "SELECT shipped, note, count(*) FROM sales.orders GROUP BY note, shipped"),
      (RowList{"NULL|y|1", "false|50%|1", "false|NULL|1", "true|x|2"}));
  EXPECT_EQ(SortedRows("SELECT count(*) FROM sales.orders GROUP BY shipped"),
            (RowList{"1", "2", "2"}));
  // An input column named like an output column is the input column (PostgreSQL's rule).
  EXPECT_EQ(SortedRows("SELECT lower(customer) AS note, count(*) FROM sales.orders "
                       "GROUP BY lower(customer), note"),
            (RowList{"NULL|1", "alice|1", "alice|1", "bob|1", "carol|1"}));
}

TEST_F(EngineTest, Having) {
  EXPECT_EQ(SortedRows("SELECT shipped, count(*) FROM sales.orders GROUP BY shipped "
                       "HAVING count(*) > 1"),
            (RowList{"false|2", "true|2"}));
  // An aggregate only in HAVING; a condition on the key.
  EXPECT_EQ(
      SortedRows("SELECT shipped FROM sales.orders GROUP BY shipped HAVING sum(qty) > 2"),
      (RowList{"NULL", "true"}));
  EXPECT_EQ(SortedRows("SELECT shipped, count(*) FROM sales.orders GROUP BY shipped "
                       "HAVING shipped"),
            (RowList{"true|2"}));
  // Without GROUP BY the whole input is one group.
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders HAVING count(*) > 10"), (RowList{}));
  EXPECT_EQ(Rows("SELECT count(*) FROM sales.orders HAVING count(*) > 1"),
            (RowList{"5"}));
  ExpectError("SELECT shipped FROM sales.orders GROUP BY shipped HAVING qty > 1",
              ErrorCode::kSqlBind, "column \"qty\" must appear in the GROUP BY clause");
  ExpectError("SELECT count(*) FROM sales.orders HAVING count(*)", ErrorCode::kSqlBind,
              "must be boolean");
}

TEST_F(EngineTest, GroupingErrors) {
  ExpectError(
      "SELECT qty, count(*) FROM sales.orders", ErrorCode::kSqlBind,
      "column \"qty\" must appear in the GROUP BY clause or be used in an aggregate "
      "function");
  ExpectError("SELECT customer, count(*) FROM sales.orders GROUP BY qty",
              ErrorCode::kSqlBind,
              "column \"Customer\" must appear in the GROUP BY clause");
  ExpectError("SELECT id FROM sales.orders GROUP BY qty", ErrorCode::kSqlBind,
              "column \"id\" must appear in the GROUP BY clause");
  ExpectError("SELECT qty FROM sales.orders GROUP BY qty ORDER BY id",
              ErrorCode::kSqlBind, "column \"id\" must appear in the GROUP BY clause");
  ExpectError(Where("sum(qty) > 1"), ErrorCode::kSqlBind,
              "aggregate functions are not allowed in WHERE");
  ExpectError("SELECT count(*) FROM sales.orders GROUP BY count(*)", ErrorCode::kSqlBind,
              "aggregate functions are not allowed in GROUP BY");
  ExpectError("SELECT count(*) FROM sales.orders GROUP BY 1", ErrorCode::kSqlBind,
              "aggregate functions are not allowed in GROUP BY");
  ExpectError(
      "SELECT sum(count(*)) FROM sales.orders", ErrorCode::kSqlBind,
      "aggregate functions are not allowed in the argument of an aggregate function");
  ExpectError(
      "SELECT o.id FROM sales.orders o JOIN sales.customers c ON sum(o.id) = c.id",
      ErrorCode::kSqlBind, "aggregate functions are not allowed in JOIN conditions");
  ExpectError("SELECT qty FROM sales.orders GROUP BY 3", ErrorCode::kSqlBind,
              "position 3 is not in select list");
  ExpectError("SELECT sum(customer) FROM sales.orders", ErrorCode::kSqlBind,
              "sum() cannot be applied to utf8");
}

// ORDER BY (PostgreSQL: NULLs sort as larger than every value)

TEST_F(EngineTest, OrderByNullsSortAsLargest) {
  EXPECT_EQ(Rows("SELECT id, qty FROM sales.orders ORDER BY qty"),
            (RowList{"1|1", "2|2", "3|3", "4|4", "5|NULL"}));
  EXPECT_EQ(Rows("SELECT id, qty FROM sales.orders ORDER BY qty ASC"),
            (RowList{"1|1", "2|2", "3|3", "4|4", "5|NULL"}));
  EXPECT_EQ(Rows("SELECT id, qty FROM sales.orders ORDER BY qty DESC"),
            (RowList{"5|NULL", "4|4", "3|3", "2|2", "1|1"}));
  EXPECT_EQ(Rows("SELECT id, qty FROM sales.orders ORDER BY qty NULLS FIRST"),
            (RowList{"5|NULL", "1|1", "2|2", "3|3", "4|4"}));
  EXPECT_EQ(Rows("SELECT id, qty FROM sales.orders ORDER BY qty DESC NULLS LAST"),
            (RowList{"4|4", "3|3", "2|2", "1|1", "5|NULL"}));
  EXPECT_EQ(Rows("SELECT customer FROM sales.orders ORDER BY customer"),
            (RowList{"ALICE", "Alice", "bob", "carol", "NULL"}));  // byte order
  EXPECT_EQ(Rows("SELECT order_date FROM sales.orders ORDER BY order_date DESC"),
            (RowList{"NULL", "2024-01-08", "2024-01-03", "2024-01-02", "2024-01-01"}));
}

TEST_F(EngineTest, OrderByKeys) {
  EXPECT_EQ(Rows("SELECT shipped, id FROM sales.orders ORDER BY shipped, id DESC"),
            (RowList{"false|5", "false|2", "true|4", "true|1", "NULL|3"}));
  // A column that is not selected, an expression, an alias, a position.
  EXPECT_EQ(Rows("SELECT customer FROM sales.orders ORDER BY id DESC"),
            (RowList{"carol", "NULL", "ALICE", "bob", "Alice"}));
  EXPECT_EQ(Rows("SELECT id FROM sales.orders ORDER BY amount * -1"),
            (RowList{"3", "2", "1", "5", "4"}));
  EXPECT_EQ(Rows("SELECT id AS k FROM sales.orders ORDER BY k DESC"),
            (RowList{"5", "4", "3", "2", "1"}));
  EXPECT_EQ(Rows("SELECT customer, id FROM sales.orders ORDER BY 2 DESC"),
            (RowList{"carol|5", "NULL|4", "ALICE|3", "bob|2", "Alice|1"}));
  EXPECT_EQ(Rows("SELECT id FROM sales.orders ORDER BY lower(customer), id"),
            (RowList{"1", "3", "2", "5", "4"}));
  // Aggregates.
  EXPECT_EQ(Rows("SELECT shipped, count(*) FROM sales.orders GROUP BY shipped "
                 "ORDER BY count(*) DESC, shipped"),
            (RowList{"false|2", "true|2", "NULL|1"}));
  EXPECT_EQ(
      Rows("SELECT shipped FROM sales.orders GROUP BY shipped ORDER BY sum(amount)"),
      (RowList{"true", "false", "NULL"}));
  ExpectError("SELECT id, qty FROM sales.orders ORDER BY 3", ErrorCode::kSqlBind,
              "position 3 is not in select list");
  ExpectError("SELECT id FROM sales.orders ORDER BY 0", ErrorCode::kSqlBind,
              "position 0 is not in select list");
  ExpectError("SELECT DISTINCT customer FROM sales.orders ORDER BY id",
              ErrorCode::kSqlBind,
              "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
}

// LIMIT and OFFSET

TEST_F(EngineTest, LimitAndOffset) {
  EXPECT_EQ(Rows("SELECT id FROM sales.orders ORDER BY id LIMIT 2 OFFSET 1"),
            (RowList{"2", "3"}));
  EXPECT_EQ(Rows("SELECT id FROM sales.orders ORDER BY id OFFSET 3"),
            (RowList{"4", "5"}));
  EXPECT_EQ(Rows("SELECT id FROM sales.orders ORDER BY id LIMIT 10 OFFSET 10"),
            (RowList{}));
  EXPECT_EQ(Rows("SELECT id FROM sales.orders ORDER BY id DESC LIMIT 0"), (RowList{}));
  EXPECT_EQ(Rows("SELECT * FROM sales.orders OFFSET 4").size(), 1u);
  EXPECT_EQ(Rows("SELECT shipped, count(*) FROM sales.orders GROUP BY shipped "
                 "ORDER BY 2, 1 LIMIT 1"),
            (RowList{"NULL|1"}));
}

TEST_F(EngineTest, LimitAndOffsetInsideSubqueries) {
  EXPECT_EQ(
      Rows("SELECT id FROM (SELECT id FROM sales.orders ORDER BY id DESC LIMIT 2) t "
           "ORDER BY id"),
      (RowList{"4", "5"}));
  EXPECT_EQ(Value("SELECT sum(id) FROM (SELECT id FROM sales.orders ORDER BY id "
                  "LIMIT 3 OFFSET 1) t"),
            "9");
  EXPECT_EQ(Value("SELECT count(*) FROM (SELECT * FROM sales.orders LIMIT 3) t"), "3");
  EXPECT_EQ(Value("SELECT count(*) FROM (SELECT * FROM sales.orders OFFSET 4) t"), "1");
  EXPECT_EQ(Value("SELECT count(*) FROM (SELECT * FROM sales.orders LIMIT 0) t"), "0");
  EXPECT_EQ(SortedRows("SELECT a.id, c.name FROM (SELECT * FROM sales.orders ORDER BY id "
                       "LIMIT 2) a JOIN sales.customers c ON a.qty = c.id"),
            (RowList{"1|Alice", "2|bob"}));
  EXPECT_EQ(Rows("WITH top AS (SELECT id FROM sales.orders ORDER BY amount DESC LIMIT 2) "
                 "SELECT id FROM top ORDER BY id"),
            (RowList{"3", "4"}));  // DESC puts the NULL amount first
}

// DISTINCT

TEST_F(EngineTest, Distinct) {
  EXPECT_EQ(SortedRows("SELECT DISTINCT note FROM sales.orders"),
            (RowList{"50%", "NULL", "x", "y"}));
  EXPECT_EQ(SortedRows("SELECT DISTINCT shipped, note FROM sales.orders"),
            (RowList{"NULL|y", "false|50%", "false|NULL", "true|x"}));
  EXPECT_EQ(Rows("SELECT DISTINCT lower(customer) AS c FROM sales.orders ORDER BY c"),
            (RowList{"alice", "bob", "carol", "NULL"}));
  EXPECT_EQ(
      Rows("SELECT DISTINCT lower(customer) FROM sales.orders ORDER BY 1 DESC LIMIT 2"),
      (RowList{"NULL", "carol"}));
  EXPECT_EQ(Value("SELECT count(*) FROM (SELECT DISTINCT qty % 2 FROM sales.orders) t"),
            "3");
  EXPECT_EQ(SortedRows("SELECT DISTINCT count(*) FROM sales.orders GROUP BY shipped"),
            (RowList{"1", "2"}));
}

// UNION

TEST_F(EngineTest, UnionAndUnionAll) {
  EXPECT_EQ(
      SortedRows("SELECT qty FROM sales.orders UNION SELECT id FROM sales.customers"),
      (RowList{"1", "2", "3", "4", "NULL"}));
  EXPECT_EQ(Rows("SELECT qty FROM sales.orders UNION ALL SELECT id FROM sales.customers")
                .size(),
            9u);
  EXPECT_EQ(Rows("SELECT 1 UNION SELECT 1"), (RowList{"1"}));
  EXPECT_EQ(Rows("SELECT 1 UNION ALL SELECT 1"), (RowList{"1", "1"}));
  EXPECT_EQ(SortedRows("SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3 UNION SELECT 2"),
            (RowList{"1", "2", "3"}));
  // Names come from the first query; ORDER BY and LIMIT apply to the whole union.
  const std::string sql =
      "SELECT id AS n, customer FROM sales.orders UNION SELECT id, name FROM "
      "sales.customers "
      "ORDER BY n DESC, customer LIMIT 4";
  EXPECT_EQ(FieldNames(*OutputSchema(sql)), (std::vector<std::string>{"n", "Customer"}));
  EXPECT_EQ(Rows(sql), (RowList{"NULL|nobody", "5|carol", "4|NULL", "3|ALICE"}));
  EXPECT_EQ(Rows("SELECT id FROM sales.orders UNION ALL SELECT id FROM sales.customers "
                 "ORDER BY 1 LIMIT 3"),
            (RowList{"1", "1", "2"}));
  // Both sides of a union may have their own ORDER BY and LIMIT in parentheses.
  EXPECT_EQ(SortedRows("(SELECT id FROM sales.orders ORDER BY id LIMIT 1) UNION ALL "
                       "(SELECT id FROM sales.orders ORDER BY id DESC LIMIT 1)"),
            (RowList{"1", "5"}));
}

TEST_F(EngineTest, UnionWidensTypes) {
  const auto type_of = [&](const std::string& sql) {
    auto schema = OutputSchema(sql);
    return schema->num_fields() > 0 ? schema->field(0)->type()->ToString() : "none";
  };
  EXPECT_EQ(
      type_of("SELECT id FROM sales.orders UNION ALL SELECT id FROM sales.customers"),
      "int64");
  EXPECT_EQ(type_of("SELECT code FROM sales.regions UNION SELECT qty FROM sales.orders"),
            "int32");
  EXPECT_EQ(
      type_of("SELECT qty FROM sales.orders UNION ALL SELECT amount FROM sales.orders"),
      "double");
  EXPECT_EQ(type_of("SELECT NULL UNION ALL SELECT 'a'"), "string");
  EXPECT_EQ(type_of("SELECT NULL UNION ALL SELECT NULL"), "string");
  EXPECT_EQ(type_of("SELECT order_date FROM sales.orders UNION ALL "
                    "SELECT created_at FROM sales.orders"),
            "timestamp[us]");
  EXPECT_EQ(
      SortedRows("SELECT code FROM sales.regions UNION SELECT qty FROM sales.orders"),
      (RowList{"1", "2", "3", "4", "NULL"}));
  EXPECT_EQ(SortedRows("SELECT qty FROM sales.orders WHERE id < 3 UNION ALL "
                       "SELECT amount FROM sales.orders WHERE id > 3"),
            (RowList{"1", "2", "5", "NULL"}));
  EXPECT_EQ(SortedRows("SELECT NULL UNION ALL SELECT 'a'"), (RowList{"NULL", "a"}));
  ExpectError("SELECT id FROM sales.orders UNION SELECT customer FROM sales.orders",
              ErrorCode::kSqlBind, "UNION types int64 and utf8 cannot be matched");
  ExpectError("SELECT id, qty FROM sales.orders UNION SELECT id FROM sales.orders",
              ErrorCode::kSqlBind,
              "each UNION query must have the same number of columns");
  ExpectError(
      "SELECT id FROM sales.orders UNION SELECT id FROM sales.orders ORDER BY id + 1",
      ErrorCode::kSqlUnsupported, "ORDER BY on a UNION");
}

// WITH

TEST_F(EngineTest, CommonTableExpressions) {
  // Used twice in one query.
  EXPECT_EQ(SortedRows("WITH big AS (SELECT id, qty FROM sales.orders WHERE qty >= 2) "
                       "SELECT a.id, b.id FROM big a JOIN big b ON a.qty = b.qty - 1"),
            (RowList{"2|3", "3|4"}));
  EXPECT_EQ(SortedRows("WITH t(x, y) AS (SELECT id, qty FROM sales.orders) "
                       "SELECT x FROM t WHERE y = 2"),
            (RowList{"2"}));
  EXPECT_EQ(SortedRows("WITH a AS (SELECT id FROM sales.orders), "
                       "b AS (SELECT id FROM a WHERE id > 3) SELECT * FROM b"),
            (RowList{"4", "5"}));
  // An inner WITH hides an outer one of the same name.
  EXPECT_EQ(Rows("WITH a AS (SELECT 1 AS v) "
                 "SELECT s.v, a.v FROM (WITH a AS (SELECT 2 AS v) SELECT v FROM a) s, a"),
            (RowList{"2|1"}));
  EXPECT_EQ(Value("WITH s AS (SELECT shipped, sum(amount) AS total FROM sales.orders "
                  "GROUP BY shipped) SELECT max(total) FROM s"),
            "30.25");
  ExpectError("WITH t AS (SELECT * FROM t) SELECT * FROM t", ErrorCode::kSqlUnsupported,
              "recursive reference to query \"t\"");
  auto mutual =
      Plan("WITH a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a");
  ASSERT_FALSE(mutual.ok());
  EXPECT_TRUE(IsUserError(ErrorCodeOf(mutual.status()))) << mutual.status().ToString();
  ExpectError("WITH t AS (SELECT id FROM sales.orders) SELECT (SELECT 1) FROM t",
              ErrorCode::kSqlUnsupported, "a subquery is not supported yet");
  ExpectError("WITH t AS (SELECT 1) SELECT * FROM u", ErrorCode::kSqlBind,
              "table name \"u\" must be qualified as database.table");
}

// Subqueries in FROM

TEST_F(EngineTest, SubqueriesInFrom) {
  EXPECT_EQ(
      Rows("SELECT s.a, s.b FROM (SELECT id, customer FROM sales.orders) AS s(a, b) "
           "WHERE s.a = 2"),
      (RowList{"2|bob"}));
  // Fewer aliases than columns rename only the first ones.
  const std::string partial =
      "SELECT * FROM (SELECT id, qty FROM sales.orders) s(a) WHERE a = 1";
  EXPECT_EQ(FieldNames(*OutputSchema(partial)), (std::vector<std::string>{"a", "qty"}));
  EXPECT_EQ(Rows(partial), (RowList{"1|1"}));
  EXPECT_EQ(Rows("SELECT a FROM sales.customers AS c(a) WHERE a = 1"), (RowList{"1"}));
  EXPECT_EQ(Value("SELECT max(total) FROM (SELECT shipped, sum(amount) AS total "
                  "FROM sales.orders GROUP BY shipped) t"),
            "30.25");
  // An expression column is named as PostgreSQL names it.
  EXPECT_EQ(FieldNames(*OutputSchema("SELECT * FROM (SELECT id + 1, lower(customer), "
                                     "CAST(qty AS bigint), count(*) FROM sales.orders "
                                     "GROUP BY 1, 2, 3) s")),
            (std::vector<std::string>{"?column?", "lower", "qty", "count"}));
  ExpectError("SELECT * FROM (SELECT id FROM sales.orders) s(a, b)", ErrorCode::kSqlBind,
              "has 1 columns available but 2 columns specified");
  ExpectError("SELECT id FROM (SELECT id AS k FROM sales.orders) s", ErrorCode::kSqlBind,
              "column \"id\" not found");
}

}  // namespace
}  // namespace warden::exec::testing
