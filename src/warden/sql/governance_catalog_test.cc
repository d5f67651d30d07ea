// Parser tests for the catalog statements: column lists, formats and options, partitions,
// views, attributes, comments, renames, SHOW CREATE, SEARCH and identifier rules.
#include <gtest/gtest.h>

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/sql/governance.h"
#include "warden/sql/testing/governance_parse.h"

namespace warden::sql {
namespace {

using testing::ExpectError;
using testing::MustParse;

TEST(GovernanceCatalogTest, CreateExternalTableWithColumns) {
  auto create = MustParse<CreateExternalTable>(
      "CREATE EXTERNAL TABLE sales.customers ("
      "  id BIGINT NOT NULL COMMENT 'key',"
      "  email STRING ATTRIBUTE pii.email ATTRIBUTE Pii.Contact,"
      "  \"Amount\" DECIMAL(12, 2),"
      "  ts TIMESTAMP(3) WITH TIME ZONE,"
      "  tags ARRAY<STRING>, props MAP<STRING, INT>, addr STRUCT<city: STRING, zip INT>)"
      " COMMENT 'people' STORED AS PARQUET LOCATION 'file:///x'"
      " ATTRIBUTES (finance.restricted)");
  ASSERT_EQ(create.columns.size(), 7u);
  EXPECT_EQ(create.columns[0].name, "id");
  EXPECT_TRUE(create.columns[0].type->Equals(arrow::int64()));
  EXPECT_FALSE(create.columns[0].nullable);
  EXPECT_EQ(create.columns[0].comment.value_or(""), "key");
  EXPECT_EQ(create.columns[1].attributes,
            (std::vector<AttributeKey>{{"pii", "email"}, {"pii", "contact"}}));
  EXPECT_EQ(create.columns[2].name, "Amount");
  EXPECT_TRUE(create.columns[2].type->Equals(arrow::decimal128(12, 2)));
  EXPECT_TRUE(create.columns[3].type->Equals(arrow::timestamp(arrow::TimeUnit::MILLI, "UTC")));
  EXPECT_TRUE(create.columns[4].type->Equals(arrow::list(arrow::utf8())));
  EXPECT_TRUE(create.columns[5].type->Equals(arrow::map(arrow::utf8(), arrow::int32())));
  EXPECT_TRUE(create.columns[6].type->Equals(arrow::struct_(
      {arrow::field("city", arrow::utf8()), arrow::field("zip", arrow::int32())})));
  EXPECT_EQ(create.comment.value_or(""), "people");
  EXPECT_EQ(create.attributes, (std::vector<AttributeKey>{{"finance", "restricted"}}));
}

TEST(GovernanceCatalogTest, CreateExternalTableLikeParquetPartitionsAndOptions) {
  auto create = MustParse<CreateExternalTable>(
      "CREATE EXTERNAL TABLE IF NOT EXISTS s.t LIKE PARQUET 'file:///x/a.parquet' "
      "PARTITIONED BY (year INT, region) STORED AS PARQUET LOCATION 'file:///x'");
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.like_parquet.value_or(""), "file:///x/a.parquet");
  ASSERT_TRUE(create.partitioned_by.has_value());
  ASSERT_EQ(create.partitioned_by->size(), 2u);
  EXPECT_TRUE((*create.partitioned_by)[0].type->Equals(arrow::int32()));
  EXPECT_EQ((*create.partitioned_by)[1].type, nullptr);  // inferred from folder names

  create = MustParse<CreateExternalTable>(
      "CREATE EXTERNAL TABLE s.t ROW FORMAT DELIMITED FIELDS TERMINATED BY '|' "
      "NULL DEFINED AS 'NA' STORED AS TEXTFILE LOCATION 'file:///x' "
      "TBLPROPERTIES ('skip.header.line.count'='1') OPTIONS (Quote '\"', escape = '\\')");
  EXPECT_EQ(create.format, "csv");
  EXPECT_EQ(create.options, (std::map<std::string, std::string>{
                                {"escape", "\\"},
                                {"field.delim", "|"},
                                {"quote", "\""},
                                {"serialization.null.format", "NA"},
                                {"skip.header.line.count", "1"}}));
  ExpectError("CREATE EXTERNAL TABLE s.t STORED AS CSV LOCATION 'x' "
              "OPTIONS ('a'='1') TBLPROPERTIES ('a'='2')",
              ErrorCode::kSqlSyntax, "option 'a' given twice");
  ExpectError("CREATE EXTERNAL TABLE s.t (a INT) LIKE PARQUET 'p' STORED AS PARQUET "
              "LOCATION 'x'",
              ErrorCode::kSqlSyntax, "either a column list or LIKE PARQUET");
  ExpectError("CREATE EXTERNAL TABLE s.t (a) STORED AS CSV LOCATION 'x'",
              ErrorCode::kSqlSyntax, "expected a type for column a");
  ExpectError("CREATE EXTERNAL TABLE s.t (a FOO) STORED AS CSV LOCATION 'x'",
              ErrorCode::kSqlSyntax, "unknown type 'FOO'");
  ExpectError("CREATE EXTERNAL TABLE s.t (a TIMESTAMP(4)) STORED AS CSV LOCATION 'x'",
              ErrorCode::kSqlSyntax, "precision must be 0, 3, 6 or 9");
  ExpectError("CREATE EXTERNAL TABLE s.t (a DECIMAL(5,7)) STORED AS CSV LOCATION 'x'",
              ErrorCode::kSqlSyntax, "scale at most the precision");
  ExpectError("CREATE EXTERNAL TABLE s.t STORED AS CSV LOCATION 'x' (a INT)",
              ErrorCode::kSqlSyntax, "column list goes right after the table name");
}

TEST(GovernanceCatalogTest, Views) {
  auto view = MustParse<CreateView>(
      "CREATE VIEW IF NOT EXISTS sales.recent COMMENT 'last week' AS\n"
      "  SELECT id, 'a;b' AS x FROM sales.orders WHERE ts > '2024-01-01' ;  ");
  EXPECT_TRUE(view.if_not_exists);
  EXPECT_EQ(view.view, (QualifiedName{"sales", "recent"}));
  EXPECT_EQ(view.comment.value_or(""), "last week");
  EXPECT_EQ(view.query, "SELECT id, 'a;b' AS x FROM sales.orders WHERE ts > '2024-01-01'");
  auto drop = MustParse<DropTable>("DROP VIEW IF EXISTS sales.recent");
  EXPECT_TRUE(drop.view);
  EXPECT_TRUE(drop.if_exists);
  ExpectError("CREATE VIEW sales.v AS", ErrorCode::kSqlSyntax, "expected a query");
  ExpectError("CREATE VIEW sales.v SELECT 1", ErrorCode::kSqlSyntax, "expected AS");
}

TEST(GovernanceCatalogTest, Attributes) {
  auto create = MustParse<CreateAttribute>("CREATE ATTRIBUTE IF NOT EXISTS PII.Email");
  EXPECT_EQ(create.attribute, (AttributeKey{"pii", "email"}));
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_TRUE(MustParse<DropAttribute>("DROP ATTRIBUTE IF EXISTS pii.email").if_exists);
  MustParse<ShowAttributes>("SHOW ATTRIBUTES");

  auto add = MustParse<AlterAttribute>("ALTER TABLE s.t ADD ATTRIBUTE pii.email ON COLUMN Email");
  EXPECT_TRUE(add.add);
  EXPECT_EQ(add.target.database, "s");
  EXPECT_EQ(add.target.dataset.value_or(""), "t");
  EXPECT_EQ(add.target.column.value_or(""), "email");
  auto remove = MustParse<AlterAttribute>("ALTER VIEW s.v REMOVE ATTRIBUTE a.b");
  EXPECT_FALSE(remove.add);
  EXPECT_FALSE(remove.target.column.has_value());
  auto on_database = MustParse<AlterAttribute>("ALTER DATABASE s ADD ATTRIBUTE a.b");
  EXPECT_FALSE(on_database.target.dataset.has_value());
  ExpectError("ALTER TABLE s.t ADD ATTRIBUTE pii", ErrorCode::kSqlSyntax,
              "expected an attribute namespace.key");
  ExpectError("ALTER TABLE s.t ADD ATTRIBUTE a.b.c", ErrorCode::kSqlSyntax,
              "expected an attribute namespace.key");
  ExpectError("ALTER TABLE s.t ADD ATTRIBUTE a.b ON c", ErrorCode::kSqlSyntax,
              "expected COLUMN");
}

TEST(GovernanceCatalogTest, CommentsInEverySpelling) {
  auto check = [](std::string_view sql, const std::string& database,
                  std::optional<std::string> dataset, std::optional<std::string> column,
                  const std::string& comment) {
    auto set = MustParse<SetComment>(sql);
    EXPECT_EQ(set.target.database, database) << sql;
    EXPECT_EQ(set.target.dataset, dataset) << sql;
    EXPECT_EQ(set.target.column, column) << sql;
    EXPECT_EQ(set.comment, comment) << sql;
  };
  check("ALTER TABLE s.t SET COMMENT 'x'", "s", "t", std::nullopt, "x");
  check("ALTER TABLE s.t SET TBLPROPERTIES ('comment' = 'x')", "s", "t", std::nullopt, "x");
  check("ALTER TABLE s.t ALTER COLUMN c COMMENT 'x'", "s", "t", "c", "x");
  check("ALTER TABLE s.t CHANGE c SET COMMENT 'x'", "s", "t", "c", "x");
  check("ALTER DATABASE s SET COMMENT 'x'", "s", std::nullopt, std::nullopt, "x");
  check("ALTER DATABASE s SET DBPROPERTIES ('comment'='x')", "s", std::nullopt, std::nullopt,
        "x");
  check("COMMENT ON TABLE s.t IS 'x'", "s", "t", std::nullopt, "x");
  check("COMMENT ON COLUMN s.t.c IS 'x'", "s", "t", "c", "x");
  check("COMMENT ON DATABASE s IS NULL", "s", std::nullopt, std::nullopt, "");
  ExpectError("ALTER TABLE s.t SET TBLPROPERTIES ('owner'='x')", ErrorCode::kSqlUnsupported,
              "other than 'comment'");
  EXPECT_TRUE(IsGovernanceStatement("comment on table s.t is 'x'"));
}

TEST(GovernanceCatalogTest, RenameRecoverShowCreateSearch) {
  auto rename = MustParse<RenameTable>("ALTER TABLE s.t RENAME TO t2");
  EXPECT_EQ(rename.from, (QualifiedName{"s", "t"}));
  EXPECT_EQ(rename.to, (QualifiedName{"s", "t2"}));
  rename = MustParse<RenameTable>("ALTER VIEW s.v RENAME TO other.v");
  EXPECT_EQ(rename.to, (QualifiedName{"other", "v"}));
  EXPECT_EQ(MustParse<RecoverPartitions>("ALTER TABLE s.t RECOVER PARTITIONS").table,
            (QualifiedName{"s", "t"}));
  EXPECT_EQ(MustParse<RecoverPartitions>("MSCK REPAIR TABLE s.t").table,
            (QualifiedName{"s", "t"}));
  EXPECT_EQ(MustParse<ShowPartitions>("SHOW PARTITIONS s.t").table, (QualifiedName{"s", "t"}));
  EXPECT_EQ(MustParse<ShowCreateTable>("SHOW CREATE TABLE s.t").table,
            (QualifiedName{"s", "t"}));

  auto search = MustParse<SearchDatasets>(
      "SEARCH DATASETS 'credit card' IN sales ATTRIBUTE pii.ccn COLUMN number "
      "LIMIT 20 OFFSET 40");
  EXPECT_EQ(search.text, "credit card");
  EXPECT_EQ(search.database.value_or(""), "sales");
  EXPECT_EQ(search.attribute, (AttributeKey{"pii", "ccn"}));
  EXPECT_EQ(search.column.value_or(""), "number");
  EXPECT_EQ(search.limit, 20);
  EXPECT_EQ(search.offset, 40);
  search = MustParse<SearchDatasets>("SEARCH DATASETS");
  EXPECT_EQ(search.text, "");
  EXPECT_EQ(search.limit, 100);
  ExpectError("SEARCH DATASETS 'x' LIMIT -1", ErrorCode::kSqlSyntax, "expected a LIMIT count");
  ExpectError("SEARCH DATASETS 'x' LIMIT 1.5", ErrorCode::kSqlSyntax, "a whole number");
  ExpectError("SEARCH DATASETS 'x' ATTRIBUTE a.b ATTRIBUTE c.d", ErrorCode::kSqlSyntax,
              "duplicate ATTRIBUTE");
}

TEST(GovernanceCatalogTest, IdentifierRules) {
  // Unquoted names fold to lower case; quoted keep their case; unicode is kept as written.
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE Données").name, "données");
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE \"Données\"").name, "Données");
  EXPECT_EQ(MustParse<DropTable>("DROP TABLE 客户.订单").table, (QualifiedName{"客户", "订单"}));
  const std::string longest(128, 'a');
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE " + longest).name, longest);
  ExpectError("CREATE DATABASE " + longest + "b", ErrorCode::kInvalidName,
              "database name is 129 bytes long; the limit is 128");
  ExpectError("CREATE EXTERNAL TABLE d." + std::string(200, 'x') +
                  " STORED AS CSV LOCATION 'x'",
              ErrorCode::kInvalidName, "table name is 200 bytes long");
  ExpectError("CREATE EXTERNAL TABLE d.t (\"" + std::string(129, 'c') +
                  "\" INT) STORED AS CSV LOCATION 'x'",
              ErrorCode::kInvalidName, "column name");
  ExpectError("CREATE ATTRIBUTE pii." + std::string(129, 'k'), ErrorCode::kInvalidName,
              "attribute key");
  ExpectError("CREATE DATABASE \"tab\there\"", ErrorCode::kInvalidName,
              "contains a control character");
}

}  // namespace
}  // namespace warden::sql
