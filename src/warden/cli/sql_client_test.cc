#include "warden/cli/sql_client.h"

#include <gtest/gtest.h>

#include <sstream>

#include <arrow/api.h>

#include "warden/cli/server_runtime.h"
#include "warden/cli/table_printer.h"

namespace warden::cli {
namespace {

TEST(SplitStatementsTest, SplitsOutsideQuotesAndComments) {
  auto statements = SplitStatements(
      "SHOW DATABASES; SELECT ';' AS x FROM a.b -- c;d\n;  ;\nDESCRIBE \"x;y\".t");
  ASSERT_EQ(statements.size(), 3u);
  EXPECT_EQ(statements[0], "SHOW DATABASES");
  EXPECT_NE(statements[1].find("';'"), std::string::npos);
  EXPECT_EQ(statements[1].find("c;d"), std::string::npos);
  EXPECT_NE(statements[2].find("\"x;y\""), std::string::npos);
}

TEST(EndsStatementTest, NeedsASemicolonOutsideQuotes) {
  EXPECT_TRUE(EndsStatement("SHOW DATABASES;"));
  EXPECT_TRUE(EndsStatement("SELECT 1;  -- done\n"));
  EXPECT_FALSE(EndsStatement("SELECT 1"));
  EXPECT_FALSE(EndsStatement("SELECT ';"));
  EXPECT_FALSE(EndsStatement("SELECT 1 -- ;"));
  EXPECT_FALSE(EndsStatement("SELECT 1; SELECT"));
  EXPECT_FALSE(EndsStatement(""));
}

TEST(ParseWorkerListTest, AcceptsHostPortAndUris) {
  auto uris = ParseWorkerList("127.0.0.1:1,grpc://h:2,,").ValueOrDie();
  EXPECT_EQ(uris, (std::vector<std::string>{"grpc://127.0.0.1:1", "grpc://h:2"}));
  EXPECT_FALSE(ParseWorkerList("nohost").ok());
  EXPECT_FALSE(ParseWorkerList("h:").ok());
  EXPECT_TRUE(ParseWorkerList("").ValueOrDie().empty());
}

TEST(TablePrinterTest, AlignsAndShowsNulls) {
  arrow::StringBuilder names;
  ASSERT_TRUE(names.Append("Zoë").ok());
  ASSERT_TRUE(names.AppendNull().ok());
  arrow::Int64Builder ids;
  ASSERT_TRUE(ids.AppendValues({1, 22}).ok());
  auto table = arrow::Table::Make(
      arrow::schema({arrow::field("name", arrow::utf8()), arrow::field("id", arrow::int64())}),
      {names.Finish().ValueOrDie(), ids.Finish().ValueOrDie()});
  std::ostringstream out;
  PrintTable(*table, out);
  EXPECT_EQ(out.str(),
            " name | id\n"
            "------+----\n"
            " Zoë  | 1 \n"
            " NULL | 22\n"
            "(2 rows)\n");
}

TEST(ClientErrorTextTest, KeepsWardenCode) {
  arrow::Status status = arrow::Status::Invalid(
      "WARDEN-SQL-SYNTAX: syntax error at position 3. gRPC client debug context: xyz");
  EXPECT_EQ(ClientErrorText(status), "WARDEN-SQL-SYNTAX: syntax error at position 3");
}

}  // namespace
}  // namespace warden::cli
