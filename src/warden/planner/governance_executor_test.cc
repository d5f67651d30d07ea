#include "warden/planner/governance_executor.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <arrow/api.h>
#include <arrow/io/file.h>
#include <parquet/arrow/writer.h>

#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::planner {
namespace {

namespace fs = std::filesystem;

class GovernanceExecutorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::create_directories(dir_.path() / "orders");
    auto table = arrow::Table::Make(
        arrow::schema({arrow::field("id", arrow::int64()), arrow::field("note", arrow::utf8())}),
        {MakeIds(), MakeNotes()});
    auto out =
        arrow::io::FileOutputStream::Open((dir_.path() / "orders" / "p0.parquet").string())
            .ValueOrDie();
    ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out).ok());
    store_ = catalog::MetaStore::Open(dir_.SqliteUri()).ValueOrDie();
    ASSERT_TRUE(store_->GrantRoleToUser(catalog::kAdminRole, "root").ok());
    access_ = std::make_unique<policy::AccessController>(store_.get());
    executor_ = std::make_unique<GovernanceExecutor>(store_.get(), access_.get());
    admin_ = access_->ResolvePrincipal("root", {}).ValueOrDie();
    guest_ = access_->ResolvePrincipal("guest", {}).ValueOrDie();
  }
  void TearDown() override {
    executor_.reset();
    access_.reset();
    store_.reset();
  }

  static std::shared_ptr<arrow::Array> MakeIds() {
    arrow::Int64Builder builder;
    (void)builder.AppendValues({1, 2});
    return builder.Finish().ValueOrDie();
  }
  static std::shared_ptr<arrow::Array> MakeNotes() {
    arrow::StringBuilder builder;
    (void)builder.AppendValues({"a", "b"});
    return builder.Finish().ValueOrDie();
  }

  arrow::Result<std::shared_ptr<arrow::Table>> Run(const policy::Principal& who,
                                                   const std::string& sql) {
    ARROW_ASSIGN_OR_RAISE(auto statement, sql::ParseGovernance(sql));
    return executor_->Execute(who, statement);
  }

  std::vector<std::string> Column(const std::shared_ptr<arrow::Table>& table, int index) {
    std::vector<std::string> out;
    auto column = table->column(index);
    for (int64_t i = 0; i < column->length(); ++i) {
      out.push_back(column->GetScalar(i).ValueOrDie()->ToString());
    }
    return out;
  }

  std::string Location() { return dir_.Uri("orders"); }

  warden::testing::TempDir dir_;
  std::unique_ptr<catalog::MetaStore> store_;
  std::unique_ptr<policy::AccessController> access_;
  std::unique_ptr<GovernanceExecutor> executor_;
  policy::Principal admin_, guest_;
};

TEST_F(GovernanceExecutorTest, CreateShowDescribeDrop) {
  ASSERT_TRUE(Run(admin_, "CREATE DATABASE sales").ok());
  ASSERT_TRUE(Run(admin_, "CREATE DATABASE hr").ok());
  auto created = Run(admin_, "CREATE EXTERNAL TABLE sales.orders STORED AS PARQUET LOCATION '" +
                                 Location() + "'");
  ASSERT_TRUE(created.ok()) << created.status();
  EXPECT_EQ(Column(*created, 0), std::vector<std::string>{"table sales.orders created"});

  EXPECT_EQ(Column(Run(admin_, "SHOW DATABASES").ValueOrDie(), 0),
            (std::vector<std::string>{"hr", "sales"}));
  EXPECT_EQ(Column(Run(admin_, "SHOW DATABASES LIKE 'S%'").ValueOrDie(), 0),
            (std::vector<std::string>{"sales"}));
  EXPECT_EQ(Column(Run(admin_, "SHOW TABLES IN sales").ValueOrDie(), 0),
            (std::vector<std::string>{"orders"}));
  EXPECT_EQ(Column(Run(admin_, "SHOW TABLES").ValueOrDie(), 0),
            (std::vector<std::string>{"sales.orders"}));

  auto describe = Run(admin_, "DESCRIBE sales.orders").ValueOrDie();
  EXPECT_EQ(Column(describe, 0), (std::vector<std::string>{"id", "note"}));
  EXPECT_EQ(Column(describe, 1), (std::vector<std::string>{"bigint", "string"}));
  auto formatted = Run(admin_, "DESCRIBE FORMATTED sales.orders").ValueOrDie();
  EXPECT_GT(formatted->num_rows(), 2);

  EXPECT_EQ(ErrorCodeOf(Run(admin_, "DROP DATABASE sales").status()),
            ErrorCode::kCatalogNotEmpty);
  EXPECT_TRUE(Run(admin_, "DROP TABLE sales.orders").ok());
  EXPECT_EQ(ErrorCodeOf(Run(admin_, "DESCRIBE sales.orders").status()),
            ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(Run(admin_, "DROP DATABASE sales").ok());
  EXPECT_EQ(Column(Run(admin_, "SHOW DATABASES").ValueOrDie(), 0),
            (std::vector<std::string>{"hr"}));
}

TEST_F(GovernanceExecutorTest, ErrorsHaveStableCodes) {
  ASSERT_TRUE(Run(admin_, "CREATE DATABASE sales").ok());
  EXPECT_EQ(ErrorCodeOf(Run(admin_, "CREATE DATABASE sales").status()),
            ErrorCode::kCatalogAlreadyExists);
  EXPECT_TRUE(Run(admin_, "CREATE DATABASE IF NOT EXISTS sales").ok());
  EXPECT_EQ(ErrorCodeOf(Run(admin_, "CREATE EXTERNAL TABLE nope.t STORED AS PARQUET "
                                    "LOCATION '" + Location() + "'")
                            .status()),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(Run(admin_, "CREATE EXTERNAL TABLE sales.t STORED AS PARQUET "
                                    "LOCATION 'file:///no/such/dir'")
                            .status()),
            ErrorCode::kStorage);
  EXPECT_EQ(ErrorCodeOf(Run(admin_, "SHOW TABLES IN nope").status()),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(Run(admin_, "DROP TABLE sales.nope").status()),
            ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(Run(admin_, "DROP TABLE IF EXISTS sales.nope").ok());
}

TEST_F(GovernanceExecutorTest, NonAdminSeesNothingAndChangesNothing) {
  ASSERT_TRUE(Run(admin_, "CREATE DATABASE sales").ok());
  ASSERT_TRUE(Run(admin_, "CREATE EXTERNAL TABLE sales.orders STORED AS PARQUET LOCATION '" +
                              Location() + "'")
                  .ok());
  EXPECT_EQ(Run(guest_, "SHOW DATABASES").ValueOrDie()->num_rows(), 0);
  EXPECT_EQ(Run(guest_, "SHOW TABLES").ValueOrDie()->num_rows(), 0);
  // Existing and missing objects are indistinguishable.
  auto existing = Run(guest_, "DESCRIBE sales.orders").status();
  auto missing = Run(guest_, "DESCRIBE sales.nothing").status();
  EXPECT_EQ(ErrorCodeOf(existing), ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(missing), ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(Run(guest_, "SHOW TABLES IN sales").status()),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(Run(guest_, "DROP TABLE sales.orders").status()),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorCodeOf(Run(guest_, "CREATE DATABASE mine").status()),
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(store_->GetDataset("sales", "orders").ValueOrDie().has_value());
}

TEST(LikePatternTest, Matches) {
  EXPECT_TRUE(MatchesLikePattern("sales", "sales"));
  EXPECT_TRUE(MatchesLikePattern("sales", "SA%"));
  EXPECT_TRUE(MatchesLikePattern("sales", "%le%"));
  EXPECT_TRUE(MatchesLikePattern("sales", "s_les"));
  EXPECT_TRUE(MatchesLikePattern("", "%"));
  EXPECT_FALSE(MatchesLikePattern("sales", "sale"));
  EXPECT_FALSE(MatchesLikePattern("sales", "_sales"));
  EXPECT_TRUE(MatchesLikePattern("abcabc", "%abc"));
  // With an escape character the escaped wildcard is literal.
  EXPECT_TRUE(MatchesLikePattern("my_table", "my\\_table", '\\'));
  EXPECT_FALSE(MatchesLikePattern("myXtable", "my\\_table", '\\'));
  EXPECT_TRUE(MatchesLikePattern("myXtable", "my_table", '\\'));
  EXPECT_TRUE(MatchesLikePattern("100%", "100\\%", '\\'));
  EXPECT_FALSE(MatchesLikePattern("1000", "100\\%", '\\'));
}

}  // namespace
}  // namespace warden::planner
