#include "warden/sql/binder.h"

#include <arrow/api.h>
#include <arrow/compute/exec.h>
#include <arrow/compute/expression.h>
#include <arrow/compute/initialize.h>
#include <arrow/json/from_string.h>
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "warden/common/error.h"

namespace warden::sql {
namespace {

namespace cp = arrow::compute;

class ComputeEnvironment : public ::testing::Environment {
 public:
  void SetUp() override { ASSERT_TRUE(cp::Initialize().ok()); }
};
const auto* const kComputeEnvironment =
    ::testing::AddGlobalTestEnvironment(new ComputeEnvironment);

std::shared_ptr<arrow::Schema> OrdersSchema() {
  return arrow::schema({
      arrow::field("id", arrow::int64(), /*nullable=*/false),
      arrow::field("Customer", arrow::utf8()),
      arrow::field("amount", arrow::float64()),
      arrow::field("qty", arrow::int32()),
      arrow::field("order_date", arrow::date32()),
      arrow::field("created_at", arrow::timestamp(arrow::TimeUnit::MICRO)),
      arrow::field("created_utc", arrow::timestamp(arrow::TimeUnit::MICRO, "UTC")),
      arrow::field("shipped", arrow::boolean()),
      arrow::field("note", arrow::utf8()),
  });
}

const std::string kLongName(70, 'k');

/// A fake catalog: sales.orders, sales.dupes (names that differ only in case) and
/// sales.odd (a keyword, a long name and a name with a space).
class FakeProvider : public TableSchemaProvider {
 public:
  FakeProvider() {
    tables_["sales.orders"] = OrdersSchema();
    tables_["sales.dupes"] = arrow::schema(
        {arrow::field("Name", arrow::utf8()), arrow::field("name", arrow::utf8())});
    tables_["sales.odd"] = arrow::schema({arrow::field("year", arrow::int32()),
                                          arrow::field(kLongName, arrow::int32()),
                                          arrow::field("Quoted Col", arrow::utf8())});
  }

  arrow::Result<std::shared_ptr<arrow::Schema>> GetTableSchema(
      const QualifiedName& table) override {
    requested.push_back(table);
    auto it = tables_.find(table.ToString());
    if (it == tables_.end()) {
      return Error(ErrorCode::kCatalogNotFound,
                   "table " + table.ToString() + " not found");
    }
    return it->second;
  }

  std::vector<QualifiedName> requested;

 private:
  std::map<std::string, std::shared_ptr<arrow::Schema>> tables_;
};

/// Five orders. Dates are days since 1970-01-01 (19723 = 2024-01-01).
std::shared_ptr<arrow::RecordBatch> OrdersBatch() {
  const auto schema = OrdersSchema();
  const std::vector<std::string> columns = {
      "[1, 2, 3, 4, 5]",
      R"(["Alice", "bob", "ALICE", null, "carol"])",
      "[10.5, 20.0, 30.25, null, 5.0]",
      "[1, 2, 3, 4, null]",
      "[19723, 19724, 19725, null, 19730]",
      R"(["2024-01-01 09:00:00", "2024-01-01 13:00:00", "2024-01-02 00:00:00", null,
          "2024-01-05 23:59:59"])",
      R"(["2024-01-01 09:00:00", "2024-01-01 13:00:00", "2024-01-02 00:00:00", null,
          "2024-01-05 23:59:59"])",
      "[true, false, null, true, false]",
      R"(["x", null, "y", "x", "50%"])",
  };
  arrow::ArrayVector arrays;
  for (int i = 0; i < schema->num_fields(); ++i) {
    arrays.push_back(
        arrow::json::ArrayFromJSONString(schema->field(i)->type(), columns[i])
            .ValueOrDie());
  }
  return arrow::RecordBatch::Make(schema, 5, arrays);
}

arrow::Result<BoundScan> Plan(const std::string& sql) {
  FakeProvider provider;
  return PlanQuery(sql, provider);
}

BoundScan MustPlan(const std::string& sql) {
  auto scan = Plan(sql);
  if (!scan.ok()) {
    ADD_FAILURE() << sql << ": " << scan.status().ToString();
    return BoundScan{};
  }
  return *std::move(scan);
}

void ExpectError(const std::string& sql, ErrorCode code, const std::string& fragment) {
  auto scan = Plan(sql);
  ASSERT_FALSE(scan.ok()) << sql << " planned";
  EXPECT_EQ(ErrorCodeOf(scan.status()), code) << sql << ": " << scan.status().ToString();
  EXPECT_NE(scan.status().message().find(fragment), std::string::npos)
      << sql << ": message \"" << scan.status().message() << "\" lacks \"" << fragment
      << "\"";
}

/// The ids of the rows of OrdersBatch() for which the WHERE of `sql` is true.
std::vector<int64_t> MatchingIds(const std::string& sql) {
  BoundScan scan = MustPlan(sql);
  if (!scan.filter) {
    ADD_FAILURE() << sql << ": no filter";
    return {};
  }
  if (!cp::FieldsInExpression(*scan.filter).empty()) {
    EXPECT_FALSE(scan.filter->IsBound()) << sql;
  }
  auto batch = OrdersBatch();
  auto bound = scan.filter->Bind(*batch->schema());
  if (!bound.ok()) {
    ADD_FAILURE() << sql << ": " << bound.status().ToString();
    return {};
  }
  auto result = cp::ExecuteScalarExpression(*bound, cp::ExecBatch(*batch));
  if (!result.ok()) {
    ADD_FAILURE() << sql << ": " << result.status().ToString();
    return {};
  }
  std::shared_ptr<arrow::Array> mask =
      result->is_scalar()
          ? arrow::MakeArrayFromScalar(*result->scalar(), batch->num_rows()).ValueOrDie()
          : result->make_array();
  const auto& booleans = static_cast<const arrow::BooleanArray&>(*mask);
  const auto& ids = static_cast<const arrow::Int64Array&>(*batch->column(0));
  std::vector<int64_t> matching;
  for (int64_t i = 0; i < booleans.length(); ++i) {
    if (booleans.IsValid(i) && booleans.Value(i)) matching.push_back(ids.Value(i));
  }
  return matching;
}

using Ids = std::vector<int64_t>;

std::string Where(const std::string& predicate) {
  return "SELECT * FROM sales.orders WHERE " + predicate;
}

// Select list

TEST(BinderTest, StarExpandsAllColumnsInOrder) {
  BoundScan scan = MustPlan("SELECT * FROM sales.orders");
  EXPECT_EQ(scan.table, (QualifiedName{"sales", "orders"}));
  ASSERT_EQ(scan.source_columns.size(), 9u);
  EXPECT_EQ(scan.source_columns[1], "Customer");
  ASSERT_NE(scan.output_schema, nullptr);
  EXPECT_TRUE(scan.output_schema->Equals(*OrdersSchema()));
  EXPECT_FALSE(scan.output_schema->field(0)->nullable());
  EXPECT_FALSE(scan.filter.has_value());
  EXPECT_FALSE(scan.limit.has_value());
}

TEST(BinderTest, ColumnsWithAliases) {
  BoundScan scan =
      MustPlan("select id, customer AS who, amount total, ID from Sales.Orders;");
  EXPECT_EQ(scan.table, (QualifiedName{"sales", "orders"}));
  EXPECT_EQ(scan.source_columns,
            (std::vector<std::string>{"id", "Customer", "amount", "id"}));
  ASSERT_NE(scan.output_schema, nullptr);
  ASSERT_EQ(scan.output_schema->num_fields(), 4);
  EXPECT_EQ(scan.output_schema->field(0)->name(), "id");
  EXPECT_FALSE(scan.output_schema->field(0)->nullable());
  EXPECT_EQ(scan.output_schema->field(1)->name(), "who");
  EXPECT_TRUE(scan.output_schema->field(1)->type()->Equals(arrow::utf8()));
  EXPECT_EQ(scan.output_schema->field(2)->name(), "total");
  EXPECT_TRUE(scan.output_schema->field(2)->type()->Equals(arrow::float64()));
  EXPECT_EQ(scan.output_schema->field(3)->name(), "id");
}

TEST(BinderTest, QuotedAliasKeepsCase) {
  BoundScan scan =
      MustPlan("SELECT qty AS \"Quantity Sold\", qty AS Q FROM sales.orders");
  ASSERT_NE(scan.output_schema, nullptr);
  EXPECT_EQ(scan.output_schema->field(0)->name(), "Quantity Sold");
  EXPECT_EQ(scan.output_schema->field(1)->name(), "q");
}

TEST(BinderTest, StarMixedWithColumns) {
  BoundScan scan = MustPlan("SELECT qty, o.*, id FROM sales.orders o");
  ASSERT_EQ(scan.source_columns.size(), 11u);
  EXPECT_EQ(scan.source_columns.front(), "qty");
  EXPECT_EQ(scan.source_columns[1], "id");
  EXPECT_EQ(scan.source_columns.back(), "id");
}

TEST(BinderTest, MixedCaseColumnResolution) {
  EXPECT_EQ(MustPlan("SELECT customer FROM sales.orders").source_columns[0], "Customer");
  EXPECT_EQ(MustPlan("SELECT CUSTOMER FROM sales.orders").source_columns[0], "Customer");
  EXPECT_EQ(MustPlan("SELECT \"Customer\" FROM sales.orders").source_columns[0],
            "Customer");
  ExpectError("SELECT \"customer\" FROM sales.orders", ErrorCode::kSqlBind,
              "column \"customer\" not found");
  ExpectError("SELECT \"ID\" FROM sales.orders", ErrorCode::kSqlBind, "not found");
}

TEST(BinderTest, AmbiguousColumn) {
  ExpectError("SELECT name FROM sales.dupes", ErrorCode::kSqlBind,
              "column reference \"name\" is ambiguous");
  ExpectError("SELECT * FROM sales.dupes WHERE NAME = 'x'", ErrorCode::kSqlBind,
              "is ambiguous");
  EXPECT_EQ(MustPlan("SELECT \"Name\", \"name\" FROM sales.dupes").source_columns,
            (std::vector<std::string>{"Name", "name"}));
}

TEST(BinderTest, KeywordLongAndSpacedNames) {
  BoundScan scan = MustPlan("SELECT year, \"Quoted Col\", " + kLongName +
                            " FROM sales.odd WHERE " + kLongName + " > 1 AND year < 3");
  EXPECT_EQ(scan.source_columns,
            (std::vector<std::string>{"year", "Quoted Col", kLongName}));
  ExpectError("SELECT " + kLongName.substr(0, 63) + " FROM sales.odd",
              ErrorCode::kSqlBind, "not found");
}

TEST(BinderTest, QualifiedColumns) {
  EXPECT_EQ(MustPlan("SELECT o.id FROM sales.orders AS o WHERE o.qty > 1").source_columns,
            (std::vector<std::string>{"id"}));
  EXPECT_EQ(
      MustPlan("SELECT orders.id, sales.orders.qty FROM sales.orders").source_columns,
      (std::vector<std::string>{"id", "qty"}));
  EXPECT_EQ(MustPlan("SELECT O.ID FROM sales.orders o").source_columns,
            (std::vector<std::string>{"id"}));
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

TEST(BinderTest, TableMustBeQualified) {
  ExpectError("SELECT * FROM orders", ErrorCode::kSqlBind,
              "table name must be qualified as database.table");
  ExpectError("SELECT * FROM c.sales.orders", ErrorCode::kSqlBind, "too many parts");
}

TEST(BinderTest, TableNamesAreNormalized) {
  FakeProvider provider;
  ASSERT_TRUE(PlanQuery("SELECT * FROM SALES.\"orders\"", provider).ok());
  ASSERT_EQ(provider.requested.size(), 1u);
  EXPECT_EQ(provider.requested[0], (QualifiedName{"sales", "orders"}));
  auto missing = PlanQuery("SELECT * FROM \"Sales\".orders", provider);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(ErrorCodeOf(missing.status()), ErrorCode::kCatalogNotFound);
  EXPECT_EQ(provider.requested[1], (QualifiedName{"Sales", "orders"}));
}

TEST(BinderTest, UnknownTableComesFromProvider) {
  ExpectError("SELECT * FROM sales.nope", ErrorCode::kCatalogNotFound,
              "table sales.nope not found");
}

TEST(BinderTest, UnknownColumn) {
  ExpectError("SELECT nope FROM sales.orders", ErrorCode::kSqlBind,
              "column \"nope\" not found");
  ExpectError(Where("secret = 1"), ErrorCode::kSqlBind, "column \"secret\" not found");
  ExpectError("SELECT o.secret FROM sales.orders o", ErrorCode::kSqlBind,
              "column \"o.secret\" not found");
}

// LIMIT

TEST(BinderTest, Limit) {
  EXPECT_EQ(MustPlan("SELECT * FROM sales.orders LIMIT 10").limit, 10);
  EXPECT_EQ(MustPlan("SELECT * FROM sales.orders LIMIT 0").limit, 0);
  EXPECT_EQ(MustPlan("SELECT * FROM sales.orders LIMIT 5000000000").limit, 5000000000);
  EXPECT_EQ(MustPlan("SELECT * FROM sales.orders FETCH FIRST 3 ROWS ONLY").limit, 3);
  EXPECT_FALSE(MustPlan("SELECT * FROM sales.orders LIMIT ALL").limit.has_value());
  ExpectError("SELECT * FROM sales.orders LIMIT -1", ErrorCode::kSqlBind,
              "must not be negative");
  ExpectError("SELECT * FROM sales.orders LIMIT 1.5", ErrorCode::kSqlBind,
              "non-negative integer constant");
  ExpectError("SELECT * FROM sales.orders LIMIT 'a'", ErrorCode::kSqlBind,
              "non-negative integer constant");
  ExpectError("SELECT * FROM sales.orders LIMIT qty", ErrorCode::kSqlBind,
              "non-negative integer constant");
}

// WHERE: the filter is unbound, over exact field names, and evaluates as SQL does.

TEST(BinderTest, FilterIsUnboundOverExactFieldNames) {
  BoundScan scan = MustPlan(Where("customer = 'bob'"));
  ASSERT_TRUE(scan.filter.has_value());
  EXPECT_FALSE(scan.filter->IsBound());
  auto fields = cp::FieldsInExpression(*scan.filter);
  ASSERT_EQ(fields.size(), 1u);
  ASSERT_NE(fields[0].name(), nullptr);
  EXPECT_EQ(*fields[0].name(), "Customer");
}

TEST(BinderTest, Comparisons) {
  EXPECT_EQ(MatchingIds(Where("qty = 2")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("qty <> 2")), (Ids{1, 3, 4}));
  EXPECT_EQ(MatchingIds(Where("qty != 2")), (Ids{1, 3, 4}));
  EXPECT_EQ(MatchingIds(Where("qty < 2")), (Ids{1}));
  EXPECT_EQ(MatchingIds(Where("qty <= 2")), (Ids{1, 2}));
  EXPECT_EQ(MatchingIds(Where("qty > 2")), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds(Where("qty >= 2")), (Ids{2, 3, 4}));
  EXPECT_EQ(MatchingIds(Where("2 < qty")), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds(Where("amount > 10.5")), (Ids{2, 3}));
  EXPECT_EQ(MatchingIds(Where("amount = 20")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("qty > -1")), (Ids{1, 2, 3, 4}));
  EXPECT_EQ(MatchingIds(Where("customer = 'bob'")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("customer >= 'a'")), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds(Where("id = 9999999999")), (Ids{}));
  EXPECT_EQ(MatchingIds(Where("qty = amount")), (Ids{}));
}

TEST(BinderTest, ThreeValuedLogic) {
  EXPECT_EQ(MatchingIds(Where("note = 'x' OR qty = 2")), (Ids{1, 2, 4}));
  EXPECT_EQ(MatchingIds(Where("note = 'x' AND qty > 1")), (Ids{4}));
  // NULL notes are neither equal nor unequal to 'x'.
  EXPECT_EQ(MatchingIds(Where("NOT (note = 'x')")), (Ids{3, 5}));
  EXPECT_EQ(MatchingIds(Where("NOT (note = 'x' AND qty > 1)")), (Ids{1, 3, 5}));
  EXPECT_EQ(MatchingIds(Where("(qty > 3) OR (amount > 25)")), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds(Where("qty = 1 OR qty = 2 OR qty = 3 OR id = 5")),
            (Ids{1, 2, 3, 5}));
  EXPECT_EQ(MatchingIds(Where("TRUE")), (Ids{1, 2, 3, 4, 5}));
  EXPECT_EQ(MatchingIds(Where("FALSE OR id = 1")), (Ids{1}));
  EXPECT_EQ(MatchingIds(Where("NULL")), (Ids{}));
  EXPECT_EQ(MatchingIds(Where("NULL OR id = 1")), (Ids{1}));
  EXPECT_EQ(MatchingIds(Where("qty = NULL")), (Ids{}));
}

TEST(BinderTest, BooleanColumnsAndTruthTests) {
  EXPECT_EQ(MatchingIds(Where("shipped")), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds(Where("NOT shipped")), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds(Where("shipped = TRUE")), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds(Where("shipped IS TRUE")), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds(Where("shipped IS NOT TRUE")), (Ids{2, 3, 5}));
  EXPECT_EQ(MatchingIds(Where("shipped IS FALSE")), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds(Where("shipped IS NOT FALSE")), (Ids{1, 3, 4}));
  EXPECT_EQ(MatchingIds(Where("shipped IS UNKNOWN")), (Ids{3}));
}

TEST(BinderTest, NullTests) {
  EXPECT_EQ(MatchingIds(Where("note IS NULL")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("note IS NOT NULL")), (Ids{1, 3, 4, 5}));
  EXPECT_EQ(MatchingIds(Where("qty IS NULL OR customer IS NULL")), (Ids{4, 5}));
  EXPECT_EQ(MatchingIds(Where("qty + 1 IS NULL")), (Ids{5}));
}

TEST(BinderTest, InLists) {
  EXPECT_EQ(MatchingIds(Where("qty IN (1, 3, 7)")), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds(Where("qty NOT IN (1, 3)")), (Ids{2, 4}));
  EXPECT_EQ(MatchingIds(Where("customer IN ('bob', 'carol')")), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds(Where("amount IN (10.5, 5)")), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds(Where("id IN (-1, 2)")), (Ids{2}));
  // SQL: x NOT IN (1, NULL) is never true; x IN (1, NULL) is true only on a match.
  EXPECT_EQ(MatchingIds(Where("qty NOT IN (1, NULL)")), (Ids{}));
  EXPECT_EQ(MatchingIds(Where("qty IN (1, NULL)")), (Ids{1}));
  EXPECT_EQ(MatchingIds(Where("(qty IN (1, NULL)) IS NULL")), (Ids{2, 3, 4, 5}));
  EXPECT_EQ(MatchingIds(Where("qty IN (1.5, 5000000000, 2.0)")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("qty NOT IN (1.5)")), (Ids{1, 2, 3, 4}));
  ExpectError(Where("qty IN ('a')"), ErrorCode::kSqlBind,
              "IN list value 'a' cannot be compared with int32");
  ExpectError(Where("qty IN (id, 2)"), ErrorCode::kSqlUnsupported,
              "IN list with non-constant values");
}

TEST(BinderTest, Between) {
  EXPECT_EQ(MatchingIds(Where("qty BETWEEN 2 AND 3")), (Ids{2, 3}));
  EXPECT_EQ(MatchingIds(Where("qty NOT BETWEEN 2 AND 3")), (Ids{1, 4}));
  EXPECT_EQ(MatchingIds(Where("amount BETWEEN 5 AND 10.5")), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds(Where("customer BETWEEN 'a' AND 'c'")), (Ids{2}));
  ExpectError(Where("qty BETWEEN 'a' AND 3"), ErrorCode::kSqlBind,
              "operator >= cannot compare int32 with utf8");
  ExpectError(Where("qty BETWEEN SYMMETRIC 3 AND 2"), ErrorCode::kSqlUnsupported,
              "BETWEEN SYMMETRIC");
}

TEST(BinderTest, Like) {
  EXPECT_EQ(MatchingIds(Where("customer LIKE 'A%'")), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds(Where("customer LIKE '_ob'")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("customer NOT LIKE 'A%'")), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds(Where("customer ILIKE 'alice'")), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds(Where("customer NOT ILIKE 'a%'")), (Ids{2, 5}));
  EXPECT_EQ(MatchingIds(Where("note LIKE '50\\%'")), (Ids{5}));
  ExpectError(Where("qty LIKE '1%'"), ErrorCode::kSqlBind,
              "operator LIKE cannot be applied to int32");
  ExpectError(Where("customer LIKE note"), ErrorCode::kSqlUnsupported,
              "non-constant pattern");
  ExpectError(Where("customer LIKE 'a!%' ESCAPE '!'"), ErrorCode::kSqlUnsupported,
              "ESCAPE");
}

TEST(BinderTest, Arithmetic) {
  EXPECT_EQ(MatchingIds(Where("qty * 2 > 5")), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds(Where("qty + 1 = 3")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("id - qty = 0")), (Ids{1, 2, 3, 4}));
  EXPECT_EQ(MatchingIds(Where("amount / 2 < 6")), (Ids{1, 5}));
  EXPECT_EQ(MatchingIds(Where("-qty < -2")), (Ids{3, 4}));
  EXPECT_EQ(MatchingIds(Where("(qty + 1) * 2 = 6")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("qty / 2 = 1")), (Ids{2, 3}));  // integer division
  ExpectError(Where("customer + 1 = 2"), ErrorCode::kSqlBind,
              "operator + cannot be applied to utf8 and int64");
  ExpectError(Where("qty % 2 = 1"), ErrorCode::kSqlUnsupported, "operator %");
}

TEST(BinderTest, DateAndTimestampLiterals) {
  EXPECT_EQ(MatchingIds(Where("order_date = '2024-01-02'")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("'2024-01-02' < order_date")), (Ids{3, 5}));
  EXPECT_EQ(MatchingIds(Where("order_date BETWEEN '2024-01-01' AND '2024-01-03'")),
            (Ids{1, 2, 3}));
  EXPECT_EQ(MatchingIds(Where("order_date IN ('2024-01-01', '2024-01-08')")),
            (Ids{1, 5}));
  EXPECT_EQ(MatchingIds(Where("order_date = DATE '2024-01-03'")), (Ids{3}));
  EXPECT_EQ(MatchingIds(Where("order_date = CAST('2024-01-03' AS date)")), (Ids{3}));
  EXPECT_EQ(MatchingIds(Where("created_at > '2024-01-01 12:00:00'")), (Ids{2, 3, 5}));
  EXPECT_EQ(MatchingIds(Where("created_at >= '2024-01-02'")), (Ids{3, 5}));
  EXPECT_EQ(MatchingIds(Where("created_utc < '2024-01-01 10:00:00'")), (Ids{1}));
  ExpectError(Where("order_date = 'garbage'"), ErrorCode::kSqlBind,
              "invalid date literal 'garbage'");
  ExpectError(Where("order_date IN ('2024-02-30')"), ErrorCode::kSqlBind,
              "invalid date literal '2024-02-30'");
  ExpectError(Where("created_at < 'soon'"), ErrorCode::kSqlBind,
              "invalid timestamp literal 'soon'");
  ExpectError(Where("order_date = 5"), ErrorCode::kSqlBind,
              "operator = cannot compare date32[day] with int64");
}

TEST(BinderTest, FunctionsAndCasts) {
  EXPECT_EQ(MatchingIds(Where("lower(customer) = 'alice'")), (Ids{1, 3}));
  EXPECT_EQ(MatchingIds(Where("UPPER(customer) = 'BOB'")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("length(customer) = 5")), (Ids{1, 3, 5}));
  EXPECT_EQ(MatchingIds(Where("abs(-qty) = 2")), (Ids{2}));
  EXPECT_EQ(MatchingIds(Where("coalesce(qty, 0) = 0")), (Ids{5}));
  EXPECT_EQ(MatchingIds(Where("coalesce(NULL, qty) = 1")), (Ids{1}));
  EXPECT_EQ(MatchingIds(Where("CAST(qty AS bigint) = 3")), (Ids{3}));
  EXPECT_EQ(MatchingIds(Where("qty = CAST('4' AS integer)")), (Ids{4}));
  EXPECT_EQ(MatchingIds(Where("qty::text = '1'")), (Ids{1}));
  ExpectError(Where("qty = CAST('x' AS integer)"), ErrorCode::kSqlBind,
              "cannot cast 'x' to int32");
  ExpectError(Where("lower(qty) = 'a'"), ErrorCode::kSqlBind,
              "function lower() cannot be applied to (int32)");
  ExpectError(Where("frobnicate(qty) = 1"), ErrorCode::kSqlUnsupported,
              "function frobnicate()");
  ExpectError(Where("CAST(qty AS interval) IS NULL"), ErrorCode::kSqlUnsupported,
              "CAST to interval");
}

TEST(BinderTest, TypeErrors) {
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
}

// Unsupported constructs are named.

TEST(BinderTest, UnsupportedConstructsAreNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"SELECT * FROM sales.orders a JOIN sales.orders b ON a.id = b.id", "JOIN"},
      {"SELECT * FROM sales.orders a LEFT JOIN sales.orders b USING (id)", "JOIN"},
      {"SELECT * FROM sales.orders a, sales.orders b", "JOIN"},
      {"SELECT qty FROM sales.orders GROUP BY qty", "GROUP BY"},
      {"SELECT * FROM sales.orders HAVING qty > 1", "HAVING"},
      {"SELECT * FROM sales.orders ORDER BY id", "ORDER BY"},
      {"SELECT DISTINCT qty FROM sales.orders", "DISTINCT"},
      {"SELECT DISTINCT ON (qty) qty FROM sales.orders", "DISTINCT"},
      {"SELECT * FROM sales.orders LIMIT 1 OFFSET 2", "OFFSET"},
      {"SELECT count(*) FROM sales.orders", "aggregate function count()"},
      {"SELECT sum(qty) FROM sales.orders", "aggregate function sum()"},
      {"SELECT * FROM sales.orders WHERE max(qty) > 1", "aggregate function max()"},
      {"SELECT lower(customer) FROM sales.orders", "function calls in the select list"},
      {"SELECT id + 1 FROM sales.orders", "expressions in the select list"},
      {"SELECT 1 FROM sales.orders", "expressions in the select list"},
      {"SELECT * FROM sales.orders WHERE id IN (SELECT id FROM sales.orders)",
       "a subquery is not supported yet"},
      {"SELECT * FROM sales.orders WHERE EXISTS (SELECT 1)", "subquery"},
      {"SELECT * FROM (SELECT * FROM sales.orders) s", "subquery in FROM"},
      {"WITH s AS (SELECT * FROM sales.orders) SELECT * FROM s", "WITH"},
      {"SELECT id FROM sales.orders UNION SELECT id FROM sales.orders", "UNION"},
      {"SELECT id FROM sales.orders INTERSECT SELECT id FROM sales.orders", "INTERSECT"},
      {"SELECT id FROM sales.orders EXCEPT SELECT id FROM sales.orders", "EXCEPT"},
      {"SELECT row_number() OVER () FROM sales.orders",
       "window function (row_number() OVER ...)"},
      {"SELECT * FROM sales.orders WHERE CASE WHEN qty > 1 THEN TRUE END", "CASE"},
      {"SELECT * FROM sales.orders WHERE qty = $1", "query parameter"},
      {"SELECT 1", "SELECT without FROM"},
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

// Syntax errors come from libpg_query with its message and position.

TEST(BinderTest, SyntaxErrors) {
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

TEST(BinderTest, TrailingSemicolonIsFine) {
  EXPECT_EQ(MustPlan("SELECT id FROM sales.orders;").source_columns.size(), 1u);
}

// Hostile input: errors, never crashes.

TEST(BinderTest, DeepNestingIsRefused) {
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
}

TEST(BinderTest, LongFlatListsAreFine) {
  std::string ors = "qty = 0";
  for (int i = 1; i < 1500; ++i) ors += " OR qty = " + std::to_string(i);
  EXPECT_EQ(MatchingIds(Where(ors)), (Ids{1, 2, 3, 4}));
  std::string in = "qty IN (0";
  for (int i = 1; i < 20000; ++i) in += ", " + std::to_string(i % 2 ? -i : i);
  EXPECT_EQ(MatchingIds(Where(in + ")")), (Ids{2, 4}));
  std::string sum = "qty";
  for (int i = 0; i < 150; ++i) sum += " + 0";
  EXPECT_EQ(MatchingIds(Where(sum + " = 3")), (Ids{3}));
}

TEST(BinderTest, TruncatedAndMutatedQueriesNeverCrash) {
  const std::string query =
      "SELECT o.id, \"Customer\" AS who FROM sales.orders o WHERE (qty + 1) * 2 > 3 AND "
      "customer NOT LIKE 'a%' OR note IS NULL AND order_date BETWEEN '2024-01-01' AND "
      "'2024-02-01' AND qty NOT IN (1, -2, NULL) LIMIT 10;";
  ASSERT_TRUE(Plan(query).ok()) << Plan(query).status().ToString();
  std::mt19937 rng(7);
  int attempts = 0;
  for (size_t n = 0; n <= query.size(); ++n, ++attempts) {
    (void)Plan(query.substr(0, n));
  }
  const std::string noise = "()'\",.;*=<>-+/%$:[]\\ \n\xc3\xa9\xff\x01";
  for (int i = 0; i < 400; ++i, ++attempts) {
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
    auto result = Plan(mutated);
    if (!result.ok()) {
      EXPECT_TRUE(IsUserError(ErrorCodeOf(result.status())))
          << mutated << ": " << result.status().ToString();
    }
  }
  EXPECT_GT(attempts, 500);
}

}  // namespace
}  // namespace warden::sql
