#include "warden/sql/governance.h"
#include "warden/sql/testing/governance_parse.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "warden/common/error.h"

namespace warden::sql {
namespace {

using testing::ExpectError;
using testing::MustParse;

// CREATE DATABASE / SCHEMA

TEST(GovernanceTest, CreateDatabase) {
  auto create = MustParse<CreateDatabase>("CREATE DATABASE Sales");
  EXPECT_EQ(create.name, "sales");
  EXPECT_FALSE(create.if_not_exists);
  EXPECT_FALSE(create.comment.has_value());
}

TEST(GovernanceTest, CreateDatabaseIfNotExistsWithComment) {
  auto create = MustParse<CreateDatabase>(
      "create database if not exists sales comment 'Bob''s data';");
  EXPECT_EQ(create.name, "sales");
  EXPECT_TRUE(create.if_not_exists);
  ASSERT_TRUE(create.comment.has_value());
  EXPECT_EQ(*create.comment, "Bob's data");
}

TEST(GovernanceTest, CreateSchemaIsSynonym) {
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE SCHEMA s1").name, "s1");
  EXPECT_EQ(MustParse<DropDatabase>("DROP SCHEMA s1").name, "s1");
}

TEST(GovernanceTest, QuotedNamesKeepCase) {
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE \"My DB\"").name, "My DB");
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE `Hive Db`").name, "Hive Db");
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE \"a\"\"b\"").name, "a\"b");
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE `a``b`").name, "a`b");
}

TEST(GovernanceTest, UnquotedNamesAllowDollarDigitsAndUtf8) {
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE _Ab$9").name, "_ab$9");
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE Dätä").name, "dätä");
}

TEST(GovernanceTest, KeywordsAreCaseInsensitive) {
  EXPECT_TRUE(MustParse<CreateDatabase>("cReAtE dAtAbAsE If NoT ExIsTs x").if_not_exists);
}

TEST(GovernanceTest, CommentsAndWhitespaceAreSkipped) {
  auto create = MustParse<CreateDatabase>(
      "  -- leading comment\n CREATE /* inline */ DATABASE\n\tx -- trailing");
  EXPECT_EQ(create.name, "x");
}

TEST(GovernanceTest, IfCanBeAName) {
  EXPECT_EQ(MustParse<CreateDatabase>("CREATE DATABASE if").name, "if");
  EXPECT_EQ(MustParse<DropTable>("DROP TABLE if.t").table, (QualifiedName{"if", "t"}));
}

TEST(GovernanceTest, CreateDatabaseErrors) {
  ExpectError("CREATE DATABASE", ErrorCode::kSqlSyntax,
              "at end of input: expected a database name");
  ExpectError("CREATE DATABASE IF NOT x", ErrorCode::kSqlSyntax, "expected EXISTS");
  ExpectError("CREATE DATABASE 'x'", ErrorCode::kSqlSyntax, "expected a database name");
  ExpectError("CREATE DATABASE x COMMENT", ErrorCode::kSqlSyntax,
              "expected a comment string");
  ExpectError("CREATE DATABASE x COMMENT y", ErrorCode::kSqlSyntax,
              "near \"y\": expected a comment string");
  ExpectError("CREATE DATABASE a.b", ErrorCode::kSqlSyntax, "near \".\"");
  ExpectError("CREATE DATABASE \"\"", ErrorCode::kSqlSyntax, "zero-length");
  ExpectError("CREATE DATABASE \"abc", ErrorCode::kSqlSyntax, "unterminated");
  ExpectError("CREATE FOO", ErrorCode::kSqlSyntax,
              "syntax error at position 8 near \"FOO\": expected DATABASE");
}

// DROP DATABASE

TEST(GovernanceTest, DropDatabase) {
  auto drop = MustParse<DropDatabase>("DROP DATABASE sales");
  EXPECT_EQ(drop.name, "sales");
  EXPECT_FALSE(drop.if_exists);
  EXPECT_FALSE(drop.cascade);
  drop = MustParse<DropDatabase>("DROP DATABASE IF EXISTS Sales CASCADE;");
  EXPECT_EQ(drop.name, "sales");
  EXPECT_TRUE(drop.if_exists);
  EXPECT_TRUE(drop.cascade);
  EXPECT_FALSE(MustParse<DropDatabase>("DROP DATABASE x RESTRICT").cascade);
}

TEST(GovernanceTest, DropDatabaseErrors) {
  ExpectError("DROP DATABASE", ErrorCode::kSqlSyntax, "expected a database name");
  ExpectError("DROP DATABASE IF EXISTS", ErrorCode::kSqlSyntax,
              "expected a database name");
  ExpectError("DROP DATABASE x CASCADE CASCADE", ErrorCode::kSqlSyntax,
              "expected end of statement");
  ExpectError("DROP", ErrorCode::kSqlSyntax, "expected DATABASE, SCHEMA, TABLE");
}

// CREATE EXTERNAL TABLE

TEST(GovernanceTest, CreateExternalTable) {
  auto create = MustParse<CreateExternalTable>(
      "CREATE EXTERNAL TABLE Sales.Orders STORED AS PARQUET LOCATION 's3://b/orders/'");
  EXPECT_EQ(create.table, (QualifiedName{"sales", "orders"}));
  EXPECT_EQ(create.format, "parquet");
  EXPECT_EQ(create.location, "s3://b/orders/");
  EXPECT_FALSE(create.if_not_exists);
  EXPECT_FALSE(create.comment.has_value());
}

TEST(GovernanceTest, CreateExternalTableClausesInAnyOrder) {
  auto create = MustParse<CreateExternalTable>(
      "create external table if not exists \"S\".`T` comment 'c' location "
      "'file:///x' stored as csv;");
  EXPECT_EQ(create.table, (QualifiedName{"S", "T"}));
  EXPECT_TRUE(create.if_not_exists);
  EXPECT_EQ(create.format, "csv");
  EXPECT_EQ(create.location, "file:///x");
  EXPECT_EQ(create.comment.value_or(""), "c");
  for (const char* format : {"json", "ORC", "Parquet"}) {
    auto parsed = MustParse<CreateExternalTable>(
        std::string("CREATE EXTERNAL TABLE d.t ") + "LOCATION 'x' STORED AS " + format);
    EXPECT_EQ(parsed.format, NormalizeIdentifier(format, false));
  }
}

TEST(GovernanceTest, CreateExternalTableErrors) {
  ExpectError("CREATE EXTERNAL TABLE d.t LOCATION 'x'", ErrorCode::kSqlSyntax,
              "at end of input: expected STORED AS");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS PARQUET", ErrorCode::kSqlSyntax,
              "expected LOCATION");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS PARQUET FOO 'x'",
              ErrorCode::kSqlSyntax,
              "syntax error at position 45 near \"FOO\": expected");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS XML LOCATION 'x'",
              ErrorCode::kSqlSyntax, "expected PARQUET, CSV, JSON or ORC");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS AVRO LOCATION 'x'",
              ErrorCode::kSqlUnsupported, "STORED AS AVRO");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS PARQUET LOCATION 'x' STORED AS CSV",
              ErrorCode::kSqlSyntax, "duplicate STORED AS");
  ExpectError("CREATE EXTERNAL TABLE d.t LOCATION 'x' LOCATION 'y' STORED AS CSV",
              ErrorCode::kSqlSyntax, "duplicate LOCATION");
  ExpectError("CREATE EXTERNAL TABLE d.t COMMENT 'a' COMMENT 'b'", ErrorCode::kSqlSyntax,
              "duplicate COMMENT");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS CSV LOCATION ''",
              ErrorCode::kSqlSyntax, "must not be empty");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED AS CSV LOCATION x", ErrorCode::kSqlSyntax,
              "expected a location string");
  ExpectError("CREATE EXTERNAL TABLE d.t STORED PARQUET", ErrorCode::kSqlSyntax,
              "expected AS");
  ExpectError("CREATE EXTERNAL d.t", ErrorCode::kSqlSyntax, "expected TABLE");
  ExpectError("CREATE EXTERNAL TABLE t STORED AS CSV LOCATION 'x'", ErrorCode::kSqlSyntax,
              "near \"t\": expected a qualified name database.table");
  ExpectError("CREATE EXTERNAL TABLE a.b.c STORED AS CSV LOCATION 'x'",
              ErrorCode::kSqlSyntax, "expected a qualified name database.table");
  ExpectError("CREATE EXTERNAL TABLE a. 'x'", ErrorCode::kSqlSyntax,
              "expected a qualified name database.table");
  ExpectError("CREATE EXTERNAL TABLE IF EXISTS a.b STORED AS CSV LOCATION 'x'",
              ErrorCode::kSqlSyntax, "expected a qualified name database.table");
}

// DROP TABLE

TEST(GovernanceTest, DropTable) {
  auto drop = MustParse<DropTable>("DROP TABLE Sales.\"Orders\"");
  EXPECT_EQ(drop.table, (QualifiedName{"sales", "Orders"}));
  EXPECT_FALSE(drop.if_exists);
  EXPECT_TRUE(MustParse<DropTable>("drop table if exists a.b;").if_exists);
}

TEST(GovernanceTest, DropTableErrors) {
  ExpectError("DROP TABLE orders", ErrorCode::kSqlSyntax,
              "expected a qualified name database.table");
  ExpectError("DROP TABLE", ErrorCode::kSqlSyntax, "at end of input");
  ExpectError("DROP TABLE a.b CASCADE", ErrorCode::kSqlUnsupported, "DROP TABLE … CASCADE");
  ExpectError("DROP TABLE a.b PURGE", ErrorCode::kSqlSyntax, "expected end of statement");
}

// SHOW

TEST(GovernanceTest, ShowDatabases) {
  EXPECT_FALSE(MustParse<ShowDatabases>("SHOW DATABASES").like.has_value());
  EXPECT_EQ(MustParse<ShowDatabases>("show schemas like 'sa%'").like.value_or(""), "sa%");
  ExpectError("SHOW DATABASES LIKE", ErrorCode::kSqlSyntax, "expected a pattern string");
  ExpectError("SHOW DATABASES LIKE x", ErrorCode::kSqlSyntax,
              "expected a pattern string");
}

TEST(GovernanceTest, ShowTables) {
  auto show = MustParse<ShowTables>("SHOW TABLES");
  EXPECT_FALSE(show.database.has_value());
  EXPECT_FALSE(show.like.has_value());
  show = MustParse<ShowTables>("SHOW TABLES IN Sales");
  EXPECT_EQ(show.database.value_or(""), "sales");
  show = MustParse<ShowTables>("SHOW TABLES FROM \"Sales\" LIKE '%ord_r%';");
  EXPECT_EQ(show.database.value_or(""), "Sales");
  EXPECT_EQ(show.like.value_or(""), "%ord_r%");
  show = MustParse<ShowTables>("SHOW TABLES LIKE 'x'");
  EXPECT_FALSE(show.database.has_value());
  EXPECT_EQ(show.like.value_or(""), "x");
  ExpectError("SHOW TABLES IN", ErrorCode::kSqlSyntax, "expected a database name");
  ExpectError("SHOW TABLES sales", ErrorCode::kSqlSyntax, "near \"sales\"");
  ExpectError("SHOW", ErrorCode::kSqlSyntax, "expected DATABASES, TABLES");
  ExpectError("SHOW FOO", ErrorCode::kSqlSyntax, "expected DATABASES, TABLES");
}

// DESCRIBE

TEST(GovernanceTest, Describe) {
  auto describe = MustParse<DescribeTable>("DESCRIBE sales.orders");
  EXPECT_EQ(describe.table, (QualifiedName{"sales", "orders"}));
  EXPECT_FALSE(describe.formatted);
  describe = MustParse<DescribeTable>("desc formatted Sales.Orders;");
  EXPECT_EQ(describe.table, (QualifiedName{"sales", "orders"}));
  EXPECT_TRUE(describe.formatted);
  describe = MustParse<DescribeTable>("DESCRIBE formatted.t");
  EXPECT_EQ(describe.table, (QualifiedName{"formatted", "t"}));
  EXPECT_FALSE(describe.formatted);
}

TEST(GovernanceTest, DescribeErrors) {
  ExpectError("DESCRIBE orders", ErrorCode::kSqlSyntax,
              "expected a qualified name database.table");
  ExpectError("DESCRIBE", ErrorCode::kSqlSyntax, "at end of input");
  ExpectError("DESCRIBE FORMATTED", ErrorCode::kSqlSyntax, "at end of input");
  EXPECT_EQ(MustParse<DescribeDatabase>("DESCRIBE DATABASE Sales").name, "sales");
  EXPECT_EQ(MustParse<DescribeTable>("DESCRIBE database.t").table,
            (QualifiedName{"database", "t"}));
}

// Recognized, not yet supported

TEST(GovernanceTest, LaterStatementsAreUnsupportedAndNamed) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"ALTER TABLE a.b ADD COLUMNS (x INT)", "ALTER TABLE ADD COLUMNS"},
      {"alter role a", "ALTER ROLE"},
      {"GRANT SELECT ON TABLE a.b TO ROLE r WITH GRANT OPTION", "WITH GRANT OPTION"},
      {"CREATE TABLE a.b (x INT)", "CREATE TABLE"},
      {"CREATE EXTERNAL TABLE d.t ROW FORMAT SERDE 'x'", "ROW FORMAT SERDE"},
      {"CREATE EXTERNAL TABLE d.t (t TIME) STORED AS CSV LOCATION 'x'", "type TIME"},
  };
  for (const auto& [sql, name] : cases) {
    ExpectError(sql, ErrorCode::kSqlUnsupported, name + " is not supported");
  }
}

// SHOW MEMBERS OF ROLE and its Hive spelling SHOW PRINCIPALS

TEST(GovernanceTest, ShowRoleMembers) {
  EXPECT_EQ(MustParse<ShowRoleMembers>("SHOW MEMBERS OF ROLE analysts").role, "analysts");
  EXPECT_EQ(MustParse<ShowRoleMembers>("show members of role \"Ops\";").role, "Ops");
  EXPECT_EQ(MustParse<ShowRoleMembers>("SHOW PRINCIPALS analysts").role, "analysts");
  ExpectError("SHOW MEMBERS OF analysts", ErrorCode::kSqlSyntax, "ROLE");
  ExpectError("SHOW MEMBERS OF ROLE", ErrorCode::kSqlSyntax, "a role name");
  ExpectError("SHOW PRINCIPALS a b", ErrorCode::kSqlSyntax, "end of statement");
  ExpectError("SHOW MEMBERS", ErrorCode::kSqlSyntax, "MEMBERS OF ROLE");
}

// Statement boundaries

TEST(GovernanceTest, EmptyInputIsSyntaxError) {
  ExpectError("", ErrorCode::kSqlSyntax, "expected a statement");
  ExpectError("   -- nothing\n", ErrorCode::kSqlSyntax, "expected a statement");
  ExpectError(";", ErrorCode::kSqlSyntax, "expected CREATE");
}

TEST(GovernanceTest, OneStatementAtATime) {
  ExpectError("SHOW DATABASES; SHOW TABLES", ErrorCode::kSqlSyntax,
              "at position 17 near \"SHOW\": expected end of statement");
  ExpectError("SHOW DATABASES;;", ErrorCode::kSqlSyntax, "expected end of statement");
  EXPECT_FALSE(MustParse<ShowDatabases>("SHOW DATABASES ; -- done").like.has_value());
}

TEST(GovernanceTest, UnknownStatementIsSyntaxError) {
  ExpectError("SELECT 1", ErrorCode::kSqlSyntax,
              "syntax error at position 1 near \"SELECT\": expected CREATE, DROP");
}

TEST(GovernanceTest, LexicalErrors) {
  ExpectError("SHOW DATABASES LIKE 'abc", ErrorCode::kSqlSyntax,
              "position 21: unterminated quoted string");
  ExpectError("SHOW /* open", ErrorCode::kSqlSyntax, "unterminated /* comment");
  ExpectError(std::string("SHOW DATABASES\0", 15), ErrorCode::kSqlSyntax, "NUL");
  ExpectError("SHOW DATABASES LIKE '\xff'", ErrorCode::kSqlSyntax, "invalid UTF-8");
  ExpectError("CREATE DATABASE \xc3(", ErrorCode::kSqlSyntax, "invalid UTF-8");
}

TEST(GovernanceTest, LongTokenIsAbbreviatedInError) {
  const std::string long_name(500, 'z');
  auto result = ParseGovernance("SHOW " + long_name);
  ASSERT_FALSE(result.ok());
  EXPECT_LT(result.status().message().size(), 200u);
}

TEST(GovernanceTest, IsGovernanceStatement) {
  for (const char* sql :
       {"CREATE DATABASE x", "drop table a.b", " show tables", "DESCRIBE a.b", "desc a.b",
        "ALTER TABLE x", "grant x", "REVOKE x", "-- c\nSHOW DATABASES",
        "/* c */ show tables", "CREATE DATABASE 'unterminated"}) {
    EXPECT_TRUE(IsGovernanceStatement(sql)) << sql;
  }
  for (const char* sql :
       {"SELECT * FROM a.b", "", "  ", "(SELECT 1)", "WITH x AS (...)",
        "\"create\" database x", "createdatabase", "EXPLAIN SELECT 1", "describes"}) {
    EXPECT_FALSE(IsGovernanceStatement(sql)) << sql;
  }
}

// Hostile input: nothing crashes, hangs or succeeds by accident.

TEST(GovernanceTest, TruncationsOfValidStatementsNeverCrash) {
  const std::vector<std::string> statements = {
      "CREATE EXTERNAL TABLE IF NOT EXISTS \"S\".`t` STORED AS PARQUET LOCATION "
      "'s3://b/x' COMMENT 'it''s';",
      "DROP DATABASE IF EXISTS sales CASCADE;",
      "SHOW TABLES IN sales LIKE 'a%';",
      "DESCRIBE FORMATTED sales.orders;",
      "CREATE DATABASE IF NOT EXISTS d COMMENT 'x' /* c */ -- d",
  };
  int parsed = 0;
  for (const auto& sql : statements) {
    for (size_t n = 0; n <= sql.size(); ++n) {
      auto result = ParseGovernance(std::string_view(sql).substr(0, n));
      if (result.ok()) {
        ++parsed;
      } else {
        const ErrorCode code = ErrorCodeOf(result.status());
        EXPECT_TRUE(code == ErrorCode::kSqlSyntax || code == ErrorCode::kSqlUnsupported)
            << result.status().ToString();
      }
    }
    EXPECT_TRUE(ParseGovernance(sql).ok()) << sql;
  }
  EXPECT_GT(parsed, 5);
}

TEST(GovernanceTest, RandomInputsNeverCrash) {
  const std::vector<std::string> vocabulary = {
      "CREATE",   "DROP", "SHOW",   "DESCRIBE", "DATABASE", "TABLE",     "EXTERNAL",
      "IF",       "NOT",  "EXISTS", "STORED",   "AS",       "PARQUET",   "LOCATION",
      "COMMENT",  "LIKE", "IN",     "FROM",     "TABLES",   "DATABASES", "FORMATTED",
      "CASCADE",  ".",    ";",      "(",        ")",        "'s'",       "\"Q\"",
      "`b`",      "x",    "'",      "\"",       "`",        "/*",        "--",
      "\xc3\xa9", "\xff", "$",      "0",        "''",       "\n"};
  std::mt19937 rng(42);
  for (int i = 0; i < 600; ++i) {
    std::string sql;
    const int words = static_cast<int>(rng() % 12);
    for (int w = 0; w < words; ++w) {
      if (rng() % 2) sql += ' ';
      sql += vocabulary[rng() % vocabulary.size()];
    }
    if (i % 3 == 0) {
      for (int b = 0; b < 8; ++b) sql.push_back(static_cast<char>(rng() % 256));
    }
    auto result = ParseGovernance(sql);
    if (!result.ok()) {
      const ErrorCode code = ErrorCodeOf(result.status());
      EXPECT_TRUE(code == ErrorCode::kSqlSyntax || code == ErrorCode::kSqlUnsupported)
          << sql << ": " << result.status().ToString();
    }
    (void)IsGovernanceStatement(sql);
  }
}

}  // namespace
}  // namespace warden::sql
