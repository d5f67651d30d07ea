#include "warden/catalog/sqlite_meta_store.h"

#include <gtest/gtest.h>

#include <filesystem>

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::catalog {
namespace {

class SqliteMetaStoreTest : public ::testing::Test {
 protected:
  std::unique_ptr<MetaStore> Open() {
    auto store = MetaStore::Open(dir_.SqliteUri());
    EXPECT_TRUE(store.ok()) << store.status();
    return std::move(*store);
  }

  static DatasetInfo Table(const std::string& db, const std::string& name) {
    return DatasetInfo{db,
                       name,
                       "file:///data/" + name,
                       "parquet",
                       arrow::schema({arrow::field("id", arrow::int64()),
                                      arrow::field("ts", arrow::timestamp(
                                                             arrow::TimeUnit::MICRO, "UTC"))}),
                       "admin",
                       "a table",
                       42};
  }

  warden::testing::TempDir dir_;
};

TEST_F(SqliteMetaStoreTest, DatabasesCreateListDrop) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDatabase({"hr", "admin", "people", 2}, false).ok());
  auto duplicate = store->CreateDatabase({"sales", "admin", "", 3}, false);
  EXPECT_EQ(ErrorCodeOf(duplicate), ErrorCode::kCatalogAlreadyExists);
  EXPECT_TRUE(store->CreateDatabase({"sales", "admin", "", 3}, true).ok());

  auto databases = store->ListDatabases().ValueOrDie();
  ASSERT_EQ(databases.size(), 2u);
  EXPECT_EQ(databases[0].name, "hr");
  EXPECT_EQ(databases[0].comment, "people");
  EXPECT_EQ(databases[1].name, "sales");

  EXPECT_TRUE(store->DropDatabase("hr", false, false).ok());
  EXPECT_EQ(ErrorCodeOf(store->DropDatabase("hr", false, false)),
            ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(store->DropDatabase("hr", true, false).ok());
  EXPECT_FALSE(store->GetDatabase("hr").ValueOrDie().has_value());
}

TEST_F(SqliteMetaStoreTest, DatasetsRoundTripSchemaExactly) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  auto table = Table("sales", "orders");
  ASSERT_TRUE(store->CreateDataset(table, false).ok());
  auto loaded = store->GetDataset("sales", "orders").ValueOrDie();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->schema->Equals(*table.schema));
  EXPECT_EQ(loaded->location, table.location);
  EXPECT_EQ(loaded->comment, "a table");
  EXPECT_EQ(ErrorCodeOf(store->CreateDataset(table, false)),
            ErrorCode::kCatalogAlreadyExists);
  EXPECT_TRUE(store->CreateDataset(table, true).ok());
  EXPECT_EQ(ErrorCodeOf(store->CreateDataset(Table("nope", "t"), false)),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(store->ListDatasets("sales").ValueOrDie().size(), 1u);
  EXPECT_EQ(ErrorCodeOf(store->ListDatasets("nope").status()), ErrorCode::kCatalogNotFound);
}

TEST_F(SqliteMetaStoreTest, DropDatabaseNeedsCascadeWhenNotEmpty) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  EXPECT_EQ(ErrorCodeOf(store->DropDatabase("sales", false, false)),
            ErrorCode::kCatalogNotEmpty);
  // The failed drop left everything in place.
  EXPECT_TRUE(store->GetDataset("sales", "orders").ValueOrDie().has_value());
  EXPECT_TRUE(store->DropDatabase("sales", false, true).ok());
  EXPECT_FALSE(store->GetDataset("sales", "orders").ValueOrDie().has_value());
}

TEST_F(SqliteMetaStoreTest, DropDataset) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  EXPECT_TRUE(store->DropDataset("sales", "orders", false).ok());
  EXPECT_EQ(ErrorCodeOf(store->DropDataset("sales", "orders", false)),
            ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(store->DropDataset("sales", "orders", true).ok());
}

TEST_F(SqliteMetaStoreTest, SurvivesReopenAndMigratesOnce) {
  {
    auto store = Open();
    ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
    ASSERT_TRUE(store->PutUser({"admin", "hash1"}).ok());
    ASSERT_TRUE(store->GrantRoleToUser(kAdminRole, "admin").ok());
  }
  auto store = Open();
  EXPECT_TRUE(store->GetDatabase("sales").ValueOrDie().has_value());
  EXPECT_EQ(store->GetUser("admin").ValueOrDie()->password_hash, "hash1");
  ASSERT_TRUE(store->PutUser({"admin", "hash2"}).ok());
  EXPECT_EQ(store->GetUser("admin").ValueOrDie()->password_hash, "hash2");
  ASSERT_TRUE(store->GrantRoleToUser(kAdminRole, "admin").ok());  // idempotent
  EXPECT_EQ(store->RolesOfUser("admin").ValueOrDie(),
            std::vector<std::string>{kAdminRole});
  EXPECT_TRUE(store->RolesOfUser("nobody").ValueOrDie().empty());
  EXPECT_FALSE(store->GetUser("nobody").ValueOrDie().has_value());
}

TEST_F(SqliteMetaStoreTest, NamesAreNotInterpretedAsSql) {
  auto store = Open();
  const std::string hostile = "x'); DROP TABLE databases; --";
  ASSERT_TRUE(store->CreateDatabase({hostile, "admin", "", 1}, false).ok());
  EXPECT_EQ(store->ListDatabases().ValueOrDie().size(), 1u);
  EXPECT_TRUE(store->GetDatabase(hostile).ValueOrDie().has_value());
}

TEST(MetaStoreOpenTest, RejectsBadUris) {
  EXPECT_EQ(ErrorCodeOf(MetaStore::Open("sqlite://relative.db").status()),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(MetaStore::Open("mysql://x").status()), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(MetaStore::Open("sqlite:///nonexistent-dir/x/catalog.db").ok());
}

}  // namespace
}  // namespace warden::catalog
