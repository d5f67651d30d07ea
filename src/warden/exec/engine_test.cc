// The query engine end to end on in-memory tables: name resolution, WHERE semantics,
// literals, casts, type errors, unsupported constructs and hostile input. Each query is
// planned, shipped through the ticket encoding and executed; the tests check its rows.
#include <arrow/api.h>
#include <arrow/compute/expression.h>
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "warden/common/error.h"
#include "warden/exec/engine_test_harness.h"

namespace warden::exec::testing {
namespace {

namespace cp = arrow::compute;
using sql::PlanKind;
using sql::PlanNode;

const PlanNode* FindNode(const PlanNode& node, PlanKind kind) {
  if (node.kind == kind) return &node;
  for (const auto& input : node.inputs) {
    if (const PlanNode* found = FindNode(*input, kind)) return found;
  }
  return nullptr;
}

std::vector<std::string> FieldNames(const arrow::Schema& schema) {
  std::vector<std::string> names;
  for (const auto& field : schema.fields()) names.push_back(field->name());
  return names;
}

// Select list

TEST_F(EngineTest, StarExpandsAllColumnsInOrder) {
  auto schema = OutputSchema("SELECT * FROM sales.orders");
  ASSERT_EQ(schema->num_fields(), 9);
  for (int i = 0; i < 9; ++i) {
    EXPECT_EQ(schema->field(i)->name(), OrdersSchema()->field(i)->name());
    EXPECT_TRUE(schema->field(i)->type()->Equals(*OrdersSchema()->field(i)->type()));
  }
  EXPECT_EQ(SortedRows("SELECT * FROM sales.orders"),
            (RowList{"1|Alice|10.5|1|2024-01-01|2024-01-01 09:00:00.000000|"
                     "2024-01-01 09:00:00.000000Z|true|x",
                     "2|bob|20|2|2024-01-02|2024-01-01 13:00:00.000000|"
                     "2024-01-01 13:00:00.000000Z|false|NULL",
                     "3|ALICE|30.25|3|2024-01-03|2024-01-02 00:00:00.000000|"
                     "2024-01-02 00:00:00.000000Z|NULL|y",
                     "4|NULL|NULL|4|NULL|NULL|NULL|true|x",
                     "5|carol|5|NULL|2024-01-08|2024-01-05 23:59:59.000000|"
                     "2024-01-05 23:59:59.000000Z|false|50%"}));
  ASSERT_EQ(provider_.requested.size(), 2u);
  EXPECT_EQ(provider_.requested[0], (sql::QualifiedName{"sales", "orders"}));
}

TEST_F(EngineTest, ColumnsWithAliases) {
  const std::string sql =
      "select id, customer AS who, amount total, ID from Sales.Orders;";
  auto schema = OutputSchema(sql);
  EXPECT_EQ(FieldNames(*schema), (std::vector<std::string>{"id", "who", "total", "id"}));
  ASSERT_EQ(schema->num_fields(), 4);
  EXPECT_TRUE(schema->field(0)->type()->Equals(arrow::int64()));
  EXPECT_TRUE(schema->field(1)->type()->Equals(arrow::utf8()));
  EXPECT_TRUE(schema->field(2)->type()->Equals(arrow::float64()));
  EXPECT_EQ(SortedRows(sql), (RowList{"1|Alice|10.5|1", "2|bob|20|2", "3|ALICE|30.25|3",
                                      "4|NULL|NULL|4", "5|carol|5|5"}));
}

TEST_F(EngineTest, QuotedAliasKeepsCase) {
  EXPECT_EQ(FieldNames(*OutputSchema(
                "SELECT qty AS \"Quantity Sold\", qty AS Q FROM sales.orders")),
            (std::vector<std::string>{"Quantity Sold", "q"}));
}

TEST_F(EngineTest, StarMixedWithColumns) {
  const std::string sql = "SELECT qty, o.*, id FROM sales.orders o WHERE id = 2";
  auto schema = OutputSchema(sql);
  ASSERT_EQ(schema->num_fields(), 11);
  EXPECT_EQ(schema->field(0)->name(), "qty");
  EXPECT_EQ(schema->field(1)->name(), "id");
  EXPECT_EQ(schema->field(2)->name(), "Customer");
  EXPECT_EQ(schema->field(10)->name(), "id");
  EXPECT_EQ(Rows(sql), (RowList{"2|2|bob|20|2|2024-01-02|2024-01-01 13:00:00.000000|"
                                "2024-01-01 13:00:00.000000Z|false|NULL|2"}));
}

TEST_F(EngineTest, MixedCaseColumnResolution) {
  for (const char* sql : {"SELECT customer FROM sales.orders WHERE id = 1",
                          "SELECT CUSTOMER FROM sales.orders WHERE id = 1",
                          "SELECT \"Customer\" FROM sales.orders WHERE id = 1"}) {
    EXPECT_EQ(Rows(sql), (RowList{"Alice"})) << sql;
    EXPECT_EQ(OutputSchema(sql)->field(0)->name(), "Customer") << sql;
  }
  ExpectError("SELECT \"customer\" FROM sales.orders", ErrorCode::kSqlBind,
              "column \"customer\" not found");
  ExpectError("SELECT \"ID\" FROM sales.orders", ErrorCode::kSqlBind, "not found");
}

TEST_F(EngineTest, AmbiguousColumn) {
  ExpectError("SELECT name FROM sales.dupes", ErrorCode::kSqlBind,
              "column reference \"name\" is ambiguous");
  ExpectError("SELECT * FROM sales.dupes WHERE NAME = 'x'", ErrorCode::kSqlBind,
              "is ambiguous");
  EXPECT_EQ(Rows("SELECT \"Name\", \"name\" FROM sales.dupes"), (RowList{"A|a"}));
  EXPECT_EQ(Rows("SELECT \"name\", \"Name\" FROM sales.dupes"), (RowList{"a|A"}));
}

TEST_F(EngineTest, KeywordLongAndSpacedNames) {
  const std::string sql = "SELECT year, \"Quoted Col\", " + kLongName +
                          " FROM sales.odd WHERE " + kLongName + " > 1 AND year < 3";
  EXPECT_EQ(FieldNames(*OutputSchema(sql)),
            (std::vector<std::string>{"year", "Quoted Col", kLongName}));
  EXPECT_EQ(SortedRows(sql), (RowList{"1|q1|2", "2|q2|5"}));
  ExpectError("SELECT " + kLongName.substr(0, 63) + " FROM sales.odd",
              ErrorCode::kSqlBind, "not found");
}

TEST_F(EngineTest, QualifiedColumns) {
  EXPECT_EQ(SortedRows("SELECT o.id FROM sales.orders AS o WHERE o.qty > 2"),
            (RowList{"3", "4"}));
  EXPECT_EQ(
      SortedRows("SELECT orders.id, sales.orders.qty FROM sales.orders WHERE id < 3"),
      (RowList{"1|1", "2|2"}));
  EXPECT_EQ(SortedRows("SELECT O.ID FROM sales.orders o WHERE o.id = 4"), (RowList{"4"}));
  ExpectError("SELECT x.id FROM sales.orders o", ErrorCode::kSqlBind,
              "missing FROM-clause entry for table \"x\"");
  ExpectError("SELECT orders.id FROM sales.orders o", ErrorCode::kSqlBind,
              "missing FROM-clause entry");
  ExpectError("SELECT other.orders.id FROM sales.orders", ErrorCode::kSqlBind,
              "missing FROM-clause entry");
  ExpectError("SELECT x.* FROM sales.orders", ErrorCode::kSqlBind,
              "missing FROM-clause entry");
  ExpectError("SELECT a.b.c.d FROM sales.orders", ErrorCode::kSqlBind,
              "too many dotted names");
}

// FROM

TEST_F(EngineTest, TableMustBeQualified) {
  ExpectError("SELECT * FROM orders", ErrorCode::kSqlBind,
              "table name \"orders\" must be qualified as database.table");
  ExpectError("SELECT * FROM c.sales.orders", ErrorCode::kSqlBind, "too many parts");
}

TEST_F(EngineTest, TableNamesAreNormalized) {
  ASSERT_TRUE(Plan("SELECT * FROM SALES.\"orders\"").ok());
  ASSERT_EQ(provider_.requested.size(), 1u);
  EXPECT_EQ(provider_.requested[0], (sql::QualifiedName{"sales", "orders"}));
  auto missing = Plan("SELECT * FROM \"Sales\".orders");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ErrorCodeOf(missing.status()), ErrorCode::kCatalogNotFound);
  ASSERT_EQ(provider_.requested.size(), 2u);
  EXPECT_EQ(provider_.requested[1], (sql::QualifiedName{"Sales", "orders"}));
}

TEST_F(EngineTest, UnknownTableComesFromProvider) {
  ExpectError("SELECT * FROM sales.nope", ErrorCode::kCatalogNotFound,
              "table sales.nope not found");
  ExpectError("SELECT * FROM sales.orders o JOIN sales.nope n ON o.id = n.id",
              ErrorCode::kCatalogNotFound, "table sales.nope not found");
}

TEST_F(EngineTest, UnknownColumn) {
  ExpectError("SELECT nope FROM sales.orders", ErrorCode::kSqlBind,
              "column \"nope\" not found");
  ExpectError(Where("secret = 1"), ErrorCode::kSqlBind, "column \"secret\" not found");
  ExpectError("SELECT o.secret FROM sales.orders o", ErrorCode::kSqlBind,
              "column \"o.secret\" not found");
}

TEST_F(EngineTest, HiddenColumnsAreIndistinguishableFromUnknownOnes) {
  provider_.Hide("sales.customers", "region");
  EXPECT_EQ(FieldNames(*OutputSchema("SELECT * FROM sales.customers")),
            (std::vector<std::string>{"id", "name"}));
  EXPECT_EQ(SortedRows("SELECT c.* FROM sales.customers c WHERE id = 1"),
            (RowList{"1|Alice"}));
  const std::vector<std::string> templates = {
      "SELECT $ FROM sales.customers",
      "SELECT c.$ FROM sales.customers c",
      "SELECT sales.customers.$ FROM sales.customers",
      "SELECT id FROM sales.customers WHERE $ = 'north'",
      "SELECT count(*) FROM sales.customers GROUP BY $",
      "SELECT id FROM sales.customers ORDER BY $",
      "SELECT max($) FROM sales.customers",
      "SELECT c.id FROM sales.customers c JOIN sales.regions r ON c.$ = r.region",
      "SELECT * FROM sales.customers JOIN sales.regions USING ($)",
  };
  const auto fill = [](std::string text, const std::string& name) {
    text.replace(text.find('$'), 1, name);
    return text;
  };
  for (const auto& sql : templates) {
    auto hidden = Plan(fill(sql, "region"));
    auto unknown = Plan(fill(sql, "nosuch"));
    ASSERT_FALSE(hidden.ok()) << sql;
    ASSERT_FALSE(unknown.ok()) << sql;
    EXPECT_EQ(ErrorCodeOf(hidden.status()), ErrorCode::kSqlBind) << sql;
    EXPECT_EQ(ErrorCodeOf(hidden.status()), ErrorCodeOf(unknown.status())) << sql;
    std::string message = hidden.status().message();
    message.replace(message.find("region"), 6, "nosuch");
    EXPECT_EQ(message, unknown.status().message()) << sql;
  }
}

// LIMIT

TEST_F(EngineTest, Limit) {
  EXPECT_EQ(Rows("SELECT * FROM sales.orders LIMIT 10").size(), 5u);
  EXPECT_EQ(Rows("SELECT * FROM sales.orders LIMIT 3").size(), 3u);
  EXPECT_EQ(Rows("SELECT * FROM sales.orders LIMIT 0").size(), 0u);
  EXPECT_EQ(Rows("SELECT * FROM sales.orders LIMIT 5000000000").size(), 5u);
  EXPECT_EQ(Rows("SELECT * FROM sales.orders FETCH FIRST 3 ROWS ONLY").size(), 3u);
  EXPECT_EQ(Rows("SELECT * FROM sales.orders LIMIT ALL").size(), 5u);
  EXPECT_EQ(Rows("SELECT * FROM sales.orders LIMIT NULL").size(), 5u);
  ExpectError("SELECT * FROM sales.orders LIMIT -1", ErrorCode::kSqlBind,
              "must not be negative");
  ExpectError("SELECT * FROM sales.orders LIMIT 1.5", ErrorCode::kSqlBind,
              "non-negative integer constant");
  ExpectError("SELECT * FROM sales.orders LIMIT 'a'", ErrorCode::kSqlBind,
              "non-negative integer constant");
  ExpectError("SELECT * FROM sales.orders LIMIT qty", ErrorCode::kSqlBind,
              "non-negative integer constant");
  ExpectError("SELECT * FROM sales.orders OFFSET -2", ErrorCode::kSqlBind,
              "OFFSET must not be negative");
}

// WHERE: the predicate is stored unbound over the plan's internal names and evaluates as
// SQL does.

TEST_F(EngineTest, FilterIsUnboundOverInternalFieldNames) {
  auto plan = Plan(Where("customer = 'bob'"));
  ASSERT_TRUE(plan.ok()) << plan.status().ToString();
  const PlanNode* filter = FindNode(*plan->root, PlanKind::kFilter);
  const PlanNode* values = FindNode(*plan->root, PlanKind::kValues);
  ASSERT_NE(filter, nullptr);
  ASSERT_NE(values, nullptr);
  EXPECT_FALSE(filter->predicate.IsBound());
  auto fields = cp::FieldsInExpression(filter->predicate);
  ASSERT_EQ(fields.size(), 1u);
  ASSERT_NE(fields[0].name(), nullptr);
  // The internal name of Customer: user names never reach the plan's expressions.
  EXPECT_EQ(*fields[0].name(), values->schema->field(1)->name());
  EXPECT_NE(*fields[0].name(), "Customer");
}

TEST_F(EngineTest, Comparisons) {
  EXPECT_EQ(MatchingIds("qty = 2"), (Ids{2}));
  EXPECT_EQ(MatchingIds("qty <> 2"), (Ids{1, 3, 4}));
  EXPECT_EQ(MatchingIds("qty != 2"), (Ids{1, 3, 4}));
  EXPECT_EQ(MatchingIds("qty < 2"), (Ids{1}));
  EXPECT_EQ(MatchingIds("qty <= 2"), (Ids{1, 2}));
  EXPECT_EQ(MatchingIds("qty > 2"), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds("qty >= 2"), (Ids{2, 3, 4}));
  EXPECT_EQ(MatchingIds("2 < qty"), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds("amount > 10.5"), (Ids{2, 3}));
  EXPECT_EQ(MatchingIds("amount = 20"), (Ids{2}));
  EXPECT_EQ(MatchingIds("qty > -1"), (Ids{1, 2, 3, 4}));
  EXPECT_EQ(MatchingIds("customer = 'bob'"), (Ids{2}));
  EXPECT_EQ(MatchingIds("customer >= 'a'"), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds("id = 9999999999"), (Ids{}));
  EXPECT_EQ(MatchingIds("qty = amount"), (Ids{}));
  EXPECT_EQ(MatchingIds("qty = id"), (Ids{1, 2, 3, 4}));
}

TEST_F(EngineTest, ThreeValuedLogic) {
  EXPECT_EQ(MatchingIds("note = 'x' OR qty = 2"), (Ids{1, 2, 4}));
  EXPECT_EQ(MatchingIds("note = 'x' AND qty > 1"), (Ids{4}));
  // NULL notes are neither equal nor unequal to 'x'.
  EXPECT_EQ(MatchingIds("NOT (note = 'x')"), (Ids{3, 5}));
  EXPECT_EQ(MatchingIds("NOT (note = 'x' AND qty > 1)"), (Ids{1, 3, 5}));
  EXPECT_EQ(MatchingIds("(qty > 3) OR (amount > 25)"), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds("qty = 1 OR qty = 2 OR qty = 3 OR id = 5"), (Ids{1, 2, 3, 5}));
  EXPECT_EQ(MatchingIds("TRUE"), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(MatchingIds("FALSE OR id = 1"), (Ids{1}));
  EXPECT_EQ(MatchingIds("NULL"), (Ids{}));
  EXPECT_EQ(MatchingIds("NULL OR id = 1"), (Ids{1}));
  EXPECT_EQ(MatchingIds("qty = NULL"), (Ids{}));
  // In the select list the unknowns stay NULL.
  EXPECT_EQ(
      SortedRows("SELECT id, note = 'x' OR qty > 2, NOT (note = 'x') FROM sales.orders"),
      (RowList{"1|true|false", "2|NULL|NULL", "3|true|true", "4|true|false",
               "5|NULL|true"}));
}

TEST_F(EngineTest, BooleanColumnsAndTruthTests) {
  EXPECT_EQ(MatchingIds("shipped"), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds("NOT shipped"), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds("shipped = TRUE"), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds("shipped IS TRUE"), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds("shipped IS NOT TRUE"), (Ids{2, 3, 5}));
  EXPECT_EQ(MatchingIds("shipped IS FALSE"), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds("shipped IS NOT FALSE"), (Ids{1, 3, 4}));
  EXPECT_EQ(MatchingIds("shipped IS UNKNOWN"), (Ids{3}));
  EXPECT_EQ(Value("SELECT shipped IS TRUE FROM sales.orders WHERE id = 3"), "false");
}

TEST_F(EngineTest, NullTests) {
  EXPECT_EQ(MatchingIds("note IS NULL"), (Ids{2}));
  EXPECT_EQ(MatchingIds("note IS NOT NULL"), (Ids{1, 3, 4, 5}));
  EXPECT_EQ(MatchingIds("qty IS NULL OR customer IS NULL"), (Ids{4, 5}));
  EXPECT_EQ(MatchingIds("qty + 1 IS NULL"), (Ids{5}));
}

TEST_F(EngineTest, InLists) {
  EXPECT_EQ(MatchingIds("qty IN (1, 3, 7)"), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds("qty NOT IN (1, 3)"), (Ids{2, 4}));
  EXPECT_EQ(MatchingIds("customer IN ('bob', 'carol')"), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds("amount IN (10.5, 5)"), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds("id IN (-1, 2)"), (Ids{2}));
  // SQL: x NOT IN (1, NULL) is never true; x IN (1, NULL) is true only on a match.
  EXPECT_EQ(MatchingIds("qty NOT IN (1, NULL)"), (Ids{}));
  EXPECT_EQ(MatchingIds("qty IN (1, NULL)"), (Ids{1}));
  EXPECT_EQ(MatchingIds("(qty IN (1, NULL)) IS NULL"), (Ids{2, 3, 4, 5}));
  EXPECT_EQ(MatchingIds("qty IN (1.5, 5000000000, 2.0)"), (Ids{2}));
  EXPECT_EQ(MatchingIds("qty NOT IN (1.5)"), (Ids{1, 2, 3, 4}));
  ExpectError(Where("qty IN ('a')"), ErrorCode::kSqlBind,
              "IN list value 'a' cannot be compared with int32");
  ExpectError(Where("qty IN (id, 2)"), ErrorCode::kSqlUnsupported,
              "IN list with non-constant values");
}

TEST_F(EngineTest, Between) {
  EXPECT_EQ(MatchingIds("qty BETWEEN 2 AND 3"), (Ids{2, 3}));
  EXPECT_EQ(MatchingIds("qty NOT BETWEEN 2 AND 3"), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds("amount BETWEEN 5 AND 10.5"), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds("customer BETWEEN 'a' AND 'c'"), (Ids{2}));
  ExpectError(Where("qty BETWEEN 'a' AND 3"), ErrorCode::kSqlBind,
              "operator >= cannot compare int32 with utf8");
  ExpectError(Where("qty BETWEEN SYMMETRIC 3 AND 2"), ErrorCode::kSqlUnsupported,
              "BETWEEN SYMMETRIC");
}

TEST_F(EngineTest, Like) {
  EXPECT_EQ(MatchingIds("customer LIKE 'A%'"), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds("customer LIKE '_ob'"), (Ids{2}));
  EXPECT_EQ(MatchingIds("customer NOT LIKE 'A%'"), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds("customer ILIKE 'alice'"), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds("customer NOT ILIKE 'a%'"), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds("note LIKE '50\\%'"), (Ids{5}));
  ExpectError(Where("qty LIKE '1%'"), ErrorCode::kSqlBind,
              "operator LIKE cannot be applied to int32");
  ExpectError(Where("customer LIKE note"), ErrorCode::kSqlUnsupported,
              "non-constant pattern");
  EXPECT_EQ(MatchingIds("note LIKE '50!%' ESCAPE '!'"), (Ids{5}));
  EXPECT_EQ(MatchingIds("note LIKE '50%' ESCAPE ''"), (Ids{5}));
  ExpectError(Where("customer LIKE 'a!%' ESCAPE '!!'"), ErrorCode::kSqlBind,
              "invalid escape string");
  ExpectError(Where("customer LIKE 'a!' ESCAPE '!'"), ErrorCode::kSqlBind,
              "must not end with escape character");
}

TEST_F(EngineTest, IsDistinctFrom) {
  EXPECT_EQ(MatchingIds("qty IS DISTINCT FROM 1"), MatchingIds("qty IS NULL OR qty <> 1"));
  EXPECT_FALSE(MatchingIds("qty IS NOT DISTINCT FROM 1").empty());
  EXPECT_EQ(MatchingIds("qty IS NOT DISTINCT FROM 1"), MatchingIds("qty = 1"));
  EXPECT_EQ(MatchingIds("qty IS NOT DISTINCT FROM NULL"), MatchingIds("qty IS NULL"));
  EXPECT_EQ(MatchingIds("NULL IS NOT DISTINCT FROM NULL"), MatchingIds("TRUE"));
}

TEST_F(EngineTest, Arithmetic) {
  EXPECT_EQ(MatchingIds("qty * 2 > 5"), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds("qty + 1 = 3"), (Ids{2}));
  EXPECT_EQ(MatchingIds("id - qty = 0"), (Ids{1, 2, 3, 4}));
  EXPECT_EQ(MatchingIds("amount / 2 < 6"), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds("-qty < -2"), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds("(qty + 1) * 2 = 6"), (Ids{2}));
  EXPECT_EQ(MatchingIds("qty / 2 = 1"), (Ids{2, 3}));  // integer division
  EXPECT_EQ(MatchingIds("qty % 2 = 1"), (Ids{1, 3}));
  ExpectError(Where("customer + 1 = 2"), ErrorCode::kSqlBind,
              "operator + cannot be applied to utf8 and int64");
}

TEST_F(EngineTest, DateAndTimestampLiterals) {
  EXPECT_EQ(MatchingIds("order_date = '2024-01-02'"), (Ids{2}));
  EXPECT_EQ(MatchingIds("'2024-01-02' < order_date"), (Ids{3, 5}));
  EXPECT_EQ(MatchingIds("order_date BETWEEN '2024-01-01' AND '2024-01-03'"),
            (Ids{1, 2, 3}));
  EXPECT_EQ(MatchingIds("order_date IN ('2024-01-01', '2024-01-08')"), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds("order_date = DATE '2024-01-03'"), (Ids{3}));
  EXPECT_EQ(MatchingIds("order_date = CAST('2024-01-03' AS date)"), (Ids{3}));
  EXPECT_EQ(MatchingIds("created_at > '2024-01-01 12:00:00'"), (Ids{2, 3, 5}));
  EXPECT_EQ(MatchingIds("created_at >= '2024-01-02'"), (Ids{3, 5}));
  EXPECT_EQ(MatchingIds("created_utc < '2024-01-01 10:00:00'"), (Ids{1}));
  ExpectError(Where("order_date = 'garbage'"), ErrorCode::kSqlBind,
              "invalid date literal 'garbage'");
  ExpectError(Where("order_date IN ('2024-02-30')"), ErrorCode::kSqlBind,
              "invalid date literal '2024-02-30'");
  ExpectError(Where("created_at < 'soon'"), ErrorCode::kSqlBind,
              "invalid timestamp literal 'soon'");
  ExpectError(Where("order_date = 5"), ErrorCode::kSqlBind,
              "operator = cannot compare date32[day] with int64");
}

TEST_F(EngineTest, DecimalColumns) {
  const std::string ids = "SELECT id FROM sales.measures WHERE ";
  EXPECT_EQ(SortedRows(ids + "d > 2"), (RowList{"2"}));
  EXPECT_EQ(SortedRows(ids + "2 < d"), (RowList{"2"}));
  EXPECT_EQ(SortedRows(ids + "d = 1.25"), (RowList{"1"}));
  EXPECT_EQ(SortedRows(ids + "d = 1.255"), (RowList{}));  // not rounded to the scale
  EXPECT_EQ(SortedRows(ids + "d IN (1.25, 3)"), (RowList{"1"}));
  EXPECT_EQ(SortedRows(ids + "d IN (1.255)"), (RowList{}));
  EXPECT_EQ(SortedRows(ids + "d NOT IN (1.255)"), (RowList{"1", "2"}));
  EXPECT_EQ(SortedRows(ids + "d BETWEEN 1 AND 2"), (RowList{"1"}));
  EXPECT_EQ(SortedRows(ids + "d > 99999999999"), (RowList{}));
  EXPECT_EQ(Value("SELECT d + 1, d * 2, d - 0.5 FROM sales.measures WHERE id = 1"),
            "2.25|2.5000|0.75");
  EXPECT_EQ(Value("SELECT sum(d) FROM sales.measures"), "3.75");
  // With integers: a decimal wide enough for both.
  const std::string both = "SELECT d FROM sales.measures UNION ALL SELECT id FROM sales.measures";
  EXPECT_EQ(OutputSchema(both)->field(0)->type()->ToString(), "decimal128(21, 2)");
  EXPECT_EQ(SortedRows(both), (RowList{"1.00", "1.25", "2.00", "2.50", "3.00", "NULL"}));
}

TEST_F(EngineTest, UnsignedColumns) {
  EXPECT_EQ(SortedRows("SELECT id FROM sales.measures WHERE u > 3000000000"), (RowList{"2"}));
  // uint32 meets int32 in int64, which holds both.
  const std::string both =
      "SELECT u FROM sales.measures UNION ALL SELECT qty FROM sales.orders WHERE id = 1";
  EXPECT_EQ(OutputSchema(both)->field(0)->type()->ToString(), "int64");
  EXPECT_EQ(SortedRows(both), (RowList{"1", "1", "3", "4000000000"}));
  EXPECT_EQ(SortedRows("SELECT m.id, o.id FROM sales.measures m JOIN sales.orders o "
                       "ON m.u = o.qty"),
            (RowList{"1|1", "3|3"}));
}

TEST_F(EngineTest, FunctionsAndCasts) {
  EXPECT_EQ(MatchingIds("lower(customer) = 'alice'"), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds("UPPER(customer) = 'BOB'"), (Ids{2}));
  EXPECT_EQ(MatchingIds("length(customer) = 5"), (Ids{1, 3, 5}));
  EXPECT_EQ(MatchingIds("abs(-qty) = 2"), (Ids{2}));
  EXPECT_EQ(MatchingIds("coalesce(qty, 0) = 0"), (Ids{5}));
  EXPECT_EQ(MatchingIds("coalesce(NULL, qty) = 1"), (Ids{1}));
  EXPECT_EQ(MatchingIds("CAST(qty AS bigint) = 3"), (Ids{3}));
  EXPECT_EQ(MatchingIds("qty = CAST('4' AS integer)"), (Ids{4}));
  EXPECT_EQ(MatchingIds("qty::text = '1'"), (Ids{1}));
  ExpectError(Where("qty = CAST('x' AS integer)"), ErrorCode::kSqlBind,
              "cannot cast 'x' to int32");
  ExpectError(Where("lower(qty) = 'a'"), ErrorCode::kSqlBind,
              "function lower(int32) does not exist");
  ExpectError(Where("frobnicate(qty) = 1"), ErrorCode::kSqlUnsupported,
              "function frobnicate()");
  ExpectError(Where("CAST(qty AS interval) IS NULL"), ErrorCode::kSqlUnsupported,
              "CAST to interval");
}

TEST_F(EngineTest, RuntimeCastFailureIsQueryError) {
  // Only known at run time: a value that does not fit the target type.
  ExpectError("SELECT CAST(customer AS integer) FROM sales.orders",
              ErrorCode::kQueryFailed, "");
  ExpectError("SELECT id / (qty - qty) FROM sales.orders", ErrorCode::kQueryFailed,
              "divide by zero");
}

TEST_F(EngineTest, TypeErrors) {
  ExpectError(Where("customer = 1"), ErrorCode::kSqlBind,
              "operator = cannot compare utf8 with int64");
  ExpectError(Where("qty = 'abc'"), ErrorCode::kSqlBind,
              "operator = cannot compare int32 with utf8");
  ExpectError(Where("qty"), ErrorCode::kSqlBind,
              "argument of WHERE must be boolean, not int32");
  ExpectError(Where("customer"), ErrorCode::kSqlBind,
              "argument of WHERE must be boolean");
  ExpectError(Where("qty + 1"), ErrorCode::kSqlBind, "argument of WHERE must be boolean");
  ExpectError(Where("qty AND shipped"), ErrorCode::kSqlBind,
              "argument of AND must be boolean, not int32");
  ExpectError(Where("NOT qty"), ErrorCode::kSqlBind, "argument of NOT must be boolean");
  ExpectError(Where("qty IS TRUE"), ErrorCode::kSqlBind, "argument of IS TRUE");
  // The message names the clause the predicate is in.
  ExpectError("SELECT count(*) FROM sales.orders HAVING count(*)", ErrorCode::kSqlBind,
              "argument of HAVING must be boolean, not int64");
  ExpectError("SELECT o.id FROM sales.orders o JOIN sales.customers c ON o.qty",
              ErrorCode::kSqlBind,
              "argument of JOIN conditions must be boolean, not int32");
}

// Unsupported constructs are named.

TEST_F(EngineTest, UnsupportedConstructsAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SELECT DISTINCT ON (qty) qty FROM sales.orders", "DISTINCT ON"},
      {"SELECT stddev(DISTINCT qty) FROM sales.orders", "DISTINCT in stddev()"},
      {"SELECT * FROM sales.orders WHERE id IN (SELECT id FROM sales.orders)",
       "a subquery is not supported yet"},
      {"SELECT * FROM sales.orders WHERE EXISTS (SELECT 1)", "subquery"},
      {"WITH RECURSIVE s AS (SELECT 1) SELECT * FROM s", "WITH RECURSIVE"},
      {"SELECT id FROM sales.orders INTERSECT SELECT id FROM sales.orders", "INTERSECT"},
      {"SELECT id FROM sales.orders EXCEPT SELECT id FROM sales.orders", "EXCEPT"},
      {"SELECT * FROM sales.orders NATURAL JOIN sales.customers", "NATURAL JOIN"},
      {"SELECT row_number() OVER () FROM sales.orders",
       "window function (row_number() OVER ...)"},
      {"SELECT qty FROM sales.orders GROUP BY ROLLUP (qty)", "ROLLUP"},
      {"SELECT * FROM sales.orders WHERE qty > ANY (ARRAY[1])", "ANY (array)"},
      {"SELECT * FROM sales.orders WHERE qty = $1", "query parameter"},
      {"SELECT current_date", "SQL value function"},
      {"VALUES (1)", "VALUES"},
      {"INSERT INTO sales.orders VALUES (1)", "INSERT"},
      {"UPDATE sales.orders SET qty = 1", "UPDATE"},
      {"DELETE FROM sales.orders", "DELETE"},
      {"EXPLAIN SELECT * FROM sales.orders", "EXPLAIN"},
      {"SELECT * FROM sales.orders; SELECT * FROM sales.orders",
       "more than one statement"},
      {"SELECT * FROM sales.orders FOR UPDATE", "FOR UPDATE"},
      {"SELECT * FROM generate_series(1, 3)", "function in FROM"},
  };
  for (const auto& [sql, name] : cases) {
    ExpectError(sql, ErrorCode::kSqlUnsupported, name);
  }
}

TEST_F(EngineTest, ConstructsTheOldBinderRefusedNowRun) {
  const std::vector<std::pair<std::string, size_t>> cases = {
      {"SELECT * FROM sales.orders a JOIN sales.orders b ON a.id = b.id", 5},
      {"SELECT * FROM sales.orders a LEFT JOIN sales.orders b USING (id)", 5},
      {"SELECT * FROM sales.orders a, sales.orders b", 25},
      {"SELECT qty FROM sales.orders GROUP BY qty", 5},
      {"SELECT count(*) FROM sales.orders HAVING count(*) > 1", 1},
      {"SELECT * FROM sales.orders ORDER BY id", 5},
      {"SELECT DISTINCT note FROM sales.orders", 4},
      {"SELECT * FROM sales.orders LIMIT 1 OFFSET 2", 1},
      {"SELECT count(*), sum(qty) FROM sales.orders", 1},
      {"SELECT lower(customer), id + 1, 1 FROM sales.orders", 5},
      {"SELECT * FROM (SELECT * FROM sales.orders) s", 5},
      {"WITH s AS (SELECT * FROM sales.orders) SELECT * FROM s", 5},
      {"SELECT id FROM sales.orders UNION SELECT id FROM sales.orders", 5},
      {"SELECT * FROM sales.orders WHERE CASE WHEN qty > 1 THEN TRUE END", 3},
      {"SELECT 1", 1},
  };
  for (const auto& [sql, rows] : cases) {
    EXPECT_EQ(Rows(sql).size(), rows) << sql;
  }
}

// Syntax errors come from libpg_query with its message and position.

TEST_F(EngineTest, SyntaxErrors) {
  ExpectError("SELEC * FROM sales.orders", ErrorCode::kSqlSyntax,
              "syntax error at or near \"SELEC\" (position 1)");
  ExpectError("SELECT * FROM sales.orders WHERE", ErrorCode::kSqlSyntax,
              "syntax error at end of input");
  ExpectError("SELECT * FROM sales.orders WHERE qty = 'x", ErrorCode::kSqlSyntax,
              "unterminated quoted string");
  ExpectError("SELECT * FROM sales.orders WHERE qty = = 1", ErrorCode::kSqlSyntax,
              "(position 40)");
  ExpectError("", ErrorCode::kSqlSyntax, "empty query");
  ExpectError(" -- only a comment", ErrorCode::kSqlSyntax, "empty query");
  ExpectError(std::string("SELECT * FROM sales.orders\0", 27), ErrorCode::kSqlSyntax,
              "NUL character");
  ExpectError("SELECT * FROM sales.orders WHERE customer = '\xc3'", ErrorCode::kSqlSyntax,
              "invalid UTF-8");
}

TEST_F(EngineTest, TrailingSemicolonIsFine) {
  EXPECT_EQ(Rows("SELECT id FROM sales.orders;").size(), 5u);
}

// Hostile input: errors, never crashes.

TEST_F(EngineTest, DeepNestingIsRefused) {
  const std::string parens =
      Where(std::string(3000, '(') + "qty = 1" + std::string(3000, ')'));
  EXPECT_FALSE(Plan(parens).ok());
  std::string sum = "qty";
  for (int i = 0; i < 20000; ++i) sum += " + 1";
  ExpectError(Where(sum + " = 3"), ErrorCode::kSqlUnsupported,
              "more than 4000 operators");
  std::string nots;
  for (int i = 0; i < 3000; ++i) nots += "NOT ";
  EXPECT_FALSE(Plan(Where(nots + "shipped")).ok());
  std::string medium = "qty";
  for (int i = 0; i < 600; ++i) medium += " + 1";
  ExpectError(Where(medium + " = 3"), ErrorCode::kSqlUnsupported, "nesting");
  std::string calls;
  for (int i = 0; i < 300; ++i) calls += "abs(";
  calls += "qty" + std::string(300, ')');
  ExpectError(Where(calls + " = 1"), ErrorCode::kSqlUnsupported,
              "deeper than 200 levels");
  ExpectError(std::string(2 << 20, ' ') + "SELECT 1", ErrorCode::kSqlUnsupported,
              "longer than");
  std::string subqueries = "SELECT * FROM sales.orders";
  for (int i = 0; i < 100; ++i) subqueries = "SELECT * FROM (" + subqueries + ") s";
  auto deep = Plan(subqueries);
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(ErrorCodeOf(deep.status()), ErrorCode::kSqlUnsupported)
      << deep.status().ToString();
}

TEST_F(EngineTest, LongFlatListsAreFine) {
  std::string ors = "qty = 0";
  for (int i = 1; i < 1500; ++i) ors += " OR qty = " + std::to_string(i);
  EXPECT_EQ(MatchingIds(ors), (Ids{1, 2, 3, 4}));
  std::string in = "qty IN (0";
  for (int i = 1; i < 20000; ++i) in += ", " + std::to_string(i % 2 ? -i : i);
  EXPECT_EQ(MatchingIds(in + ")"), (Ids{2, 4}));
  std::string sum = "qty";
  for (int i = 0; i < 150; ++i) sum += " + 0";
  EXPECT_EQ(MatchingIds(sum + " = 3"), (Ids{3}));
}

TEST_F(EngineTest, TruncatedAndMutatedQueriesNeverCrash) {
  const std::string query =
      "SELECT o.id, \"Customer\" AS who, count(*) FROM sales.orders o JOIN "
      "sales.customers c "
      "ON o.qty = c.id WHERE (qty + 1) * 2 > 3 AND customer NOT LIKE 'a%' OR note IS "
      "NULL "
      "AND order_date BETWEEN '2024-01-01' AND '2024-02-01' AND qty NOT IN (1, -2, NULL) "
      "GROUP BY 1, 2 HAVING sum(amount) > 0 ORDER BY who DESC NULLS LAST LIMIT 10;";
  ASSERT_TRUE(Run(query).ok()) << Run(query).status().ToString();
  std::mt19937 rng(7);
  int attempts = 0;
  // Whatever fails must fail as the user's error, never as an internal one.
  const auto check = [&](const std::string& sql) {
    ++attempts;
    auto result = Run(sql);
    if (!result.ok()) {
      EXPECT_TRUE(IsUserError(ErrorCodeOf(result.status())))
          << sql << ": " << result.status().ToString();
    }
  };
  for (size_t n = 0; n <= query.size(); ++n) check(query.substr(0, n));
  const std::string noise = "()'\",.;*=<>-+/%$:[]\\ \n\xc3\xa9\xff\x01";
  for (int i = 0; i < 400; ++i) {
    std::string mutated = query;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const size_t at = rng() % mutated.size();
      switch (rng() % 3) {
        case 0:
          mutated[at] = noise[rng() % noise.size()];
          break;
        case 1:
          mutated.erase(at, 1 + rng() % 5);
          break;
        default:
          mutated.insert(at, 1, noise[rng() % noise.size()]);
          break;
      }
      if (mutated.empty()) mutated = "x";
    }
    check(mutated);
  }
  EXPECT_GT(attempts, 600);
}

}  // namespace
}  // namespace warden::exec::testing
