// The catalog suite: every test runs against SQLite and against a real PostgreSQL server
// started for this binary (testing/postgres_server.h).
#include "warden/catalog/meta_store.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <set>
#include <mutex>
#include <thread>

#include <arrow/type.h>

#include "warden/catalog/migrations.h"
#include "warden/catalog/postgres_connection.h"
#include "warden/catalog/sqlite_connection.h"
#include "warden/catalog/testing/postgres_server.h"
#include "warden/common/arrow_codec.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"

namespace warden::catalog {
namespace {

class MetaStoreTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      uri_ = dir_.SqliteUri();
      return;
    }
    auto server = testing::SharedPostgresServer();
    ASSERT_TRUE(server.ok()) << server.status().ToString();
    static std::atomic<int> counter{0};
    auto uri = (*server)->CreateDatabase("catalog_" + std::to_string(counter++));
    ASSERT_TRUE(uri.ok()) << uri.status().ToString();
    uri_ = *uri;
  }

  std::unique_ptr<MetaStore> Open() {
    auto store = MetaStore::Open(uri_);
    EXPECT_TRUE(store.ok()) << store.status().ToString();
    return store.ok() ? std::move(*store) : nullptr;
  }

  /// A raw connection to the same database, for tests that write old schema versions.
  std::unique_ptr<SqlConnection> Connect() {
    arrow::Result<std::unique_ptr<SqlConnection>> connection =
        GetParam() == "sqlite"
            ? arrow::Result<std::unique_ptr<SqlConnection>>(
                  SqliteConnection::Make(uri_.substr(std::string("sqlite://").size())))
            : arrow::Result<std::unique_ptr<SqlConnection>>(PostgresConnection::Make(uri_));
    EXPECT_TRUE(connection.ok()) << connection.status().ToString();
    return connection.ok() ? std::move(*connection) : nullptr;
  }

  static DatasetInfo Table(const std::string& db, const std::string& name) {
    DatasetInfo table{db,
                      name,
                      "file:///data/" + name,
                      "parquet",
                      arrow::schema({arrow::field("id", arrow::int64()),
                                     arrow::field("ts", arrow::timestamp(
                                                            arrow::TimeUnit::MICRO, "UTC"))}),
                      "admin",
                      "a table",
                      42};
    return table;
  }

  warden::testing::TempDir dir_;
  std::string uri_;
};

INSTANTIATE_TEST_SUITE_P(Stores, MetaStoreTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(MetaStoreTest, DatabasesCreateListDrop) {
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
  EXPECT_EQ(databases[0].created_at_ms, 2);
  EXPECT_EQ(databases[1].name, "sales");

  EXPECT_TRUE(store->DropDatabase("hr", false, false).ok());
  EXPECT_EQ(ErrorCodeOf(store->DropDatabase("hr", false, false)),
            ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(store->DropDatabase("hr", true, false).ok());
  EXPECT_FALSE(store->GetDatabase("hr").ValueOrDie().has_value());
}

TEST_P(MetaStoreTest, DatasetsRoundTripEveryField) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateAttribute({"pii", "email"}, "admin", false).ok());
  ASSERT_TRUE(store->CreateAttribute({"finance", "restricted"}, "admin", false).ok());
  auto table = Table("sales", "orders");
  table.schema = arrow::schema({arrow::field("id", arrow::int64(), /*nullable=*/false),
                                arrow::field("email", arrow::utf8()),
                                arrow::field("year", arrow::int32())});
  table.format = "csv";
  table.format_options = {{"delimiter", "|"}, {"header", "true"}, {"null", "NA"}};
  table.partition_columns = {"year"};
  table.schema_declared = true;
  table.columns = {{"id", "", {}},
                   {"email", "contact address", {{"pii", "email"}}},
                   {"year", "", {}}};
  table.attributes = {{"finance", "restricted"}};
  ASSERT_TRUE(
      store->CreateDataset(table, false, {{"year=2024", {"2024"}}, {"year=2023", {"2023"}}})
          .ok());

  auto loaded = store->GetDataset("sales", "orders").ValueOrDie();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->schema->Equals(*table.schema));
  EXPECT_EQ(loaded->location, table.location);
  EXPECT_EQ(loaded->format, "csv");
  EXPECT_EQ(loaded->comment, "a table");
  EXPECT_EQ(loaded->created_at_ms, 42);
  EXPECT_EQ(loaded->kind, DatasetKind::kTable);
  EXPECT_EQ(loaded->format_options, table.format_options);
  EXPECT_EQ(loaded->partition_columns, table.partition_columns);
  EXPECT_TRUE(loaded->schema_declared);
  EXPECT_EQ(loaded->columns, table.columns);
  EXPECT_EQ(loaded->attributes, table.attributes);
  EXPECT_EQ(store->ListPartitions("sales", "orders").ValueOrDie(),
            (std::vector<PartitionInfo>{{"year=2023", {"2023"}}, {"year=2024", {"2024"}}}));

  EXPECT_EQ(ErrorCodeOf(store->CreateDataset(table, false)), ErrorCode::kCatalogAlreadyExists);
  EXPECT_TRUE(store->CreateDataset(table, true).ok());
  EXPECT_EQ(ErrorCodeOf(store->CreateDataset(Table("nope", "t"), false)),
            ErrorCode::kCatalogNotFound);
  auto listed = store->ListDatasets("sales").ValueOrDie();
  ASSERT_EQ(listed.size(), 1u);
  auto summaries = store->ListDatasetSummaries("sales").ValueOrDie();
  ASSERT_EQ(summaries.size(), 1u);
  EXPECT_EQ(summaries[0].QualifiedName(), "sales.orders");
  EXPECT_EQ(summaries[0].comment, "a table");
  EXPECT_EQ(summaries[0].owner, "admin");
  EXPECT_EQ(ErrorCodeOf(store->ListDatasetSummaries("nope").status()),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(listed[0].columns, table.columns);
  EXPECT_EQ(ErrorCodeOf(store->ListDatasets("nope").status()), ErrorCode::kCatalogNotFound);
}

TEST_P(MetaStoreTest, ViewsAreDatasetsOfTheirOwnKind) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  DatasetInfo view{"sales", "recent", "", "", arrow::schema({arrow::field("id", arrow::int64())}),
                   "alice", "", 7};
  view.kind = DatasetKind::kView;
  view.view_sql = "SELECT id FROM sales.orders WHERE id > 10";
  ASSERT_TRUE(store->CreateDataset(view, false).ok());
  auto loaded = store->GetDataset("sales", "recent").ValueOrDie();
  ASSERT_TRUE(loaded.has_value());
  EXPECT_TRUE(loaded->is_view());
  EXPECT_EQ(loaded->view_sql, view.view_sql);
  EXPECT_EQ(loaded->owner, "alice");
  // DROP VIEW on a table (and the converse) is refused and changes nothing.
  EXPECT_EQ(ErrorCodeOf(store->DropDataset("sales", "orders", false, DatasetKind::kView)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(store->DropDataset("sales", "recent", false, DatasetKind::kTable)),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(store->ListDatasets("sales").ValueOrDie().size(), 2u);
  EXPECT_TRUE(store->DropDataset("sales", "recent", false, DatasetKind::kView).ok());
  EXPECT_FALSE(store->GetDataset("sales", "recent").ValueOrDie().has_value());
}

TEST_P(MetaStoreTest, DropDatabaseNeedsCascadeWhenNotEmpty) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateAttribute({"pii", "email"}, "admin", false).ok());
  auto table = Table("sales", "orders");
  table.columns = {{"id", "the id", {{"pii", "email"}}}};
  ASSERT_TRUE(store->CreateDataset(table, false, {{"p=1", {"1"}}}).ok());
  EXPECT_EQ(ErrorCodeOf(store->DropDatabase("sales", false, false)),
            ErrorCode::kCatalogNotEmpty);
  // The failed drop left everything in place.
  EXPECT_TRUE(store->GetDataset("sales", "orders").ValueOrDie().has_value());
  EXPECT_TRUE(store->DropDatabase("sales", false, true).ok());
  EXPECT_FALSE(store->GetDataset("sales", "orders").ValueOrDie().has_value());
  // Children went with it: the same names can be created afresh, with no leftovers.
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  auto fresh = store->GetDataset("sales", "orders").ValueOrDie();
  EXPECT_TRUE(fresh->columns[0].attributes.empty());
  EXPECT_TRUE(store->ListPartitions("sales", "orders").ValueOrDie().empty());
}

TEST_P(MetaStoreTest, DropDataset) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  EXPECT_TRUE(store->DropDataset("sales", "orders", false).ok());
  EXPECT_EQ(ErrorCodeOf(store->DropDataset("sales", "orders", false)),
            ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(store->DropDataset("sales", "orders", true).ok());
}

TEST_P(MetaStoreTest, FailedDdlLeavesNoTrace) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  auto table = Table("sales", "orders");
  // The column attribute was never created: the dataset row inserted before it is rolled back.
  table.columns = {{"id", "", {{"pii", "missing"}}}};
  EXPECT_EQ(ErrorCodeOf(store->CreateDataset(table, false)), ErrorCode::kCatalogNotFound);
  EXPECT_FALSE(store->GetDataset("sales", "orders").ValueOrDie().has_value());
  EXPECT_TRUE(store->SearchDatasets({"orders"}).ValueOrDie().empty());
  DatabaseInfo database{"hr", "admin", "", 1, {{"pii", "missing"}}};
  EXPECT_EQ(ErrorCodeOf(store->CreateDatabase(database, false)), ErrorCode::kCatalogNotFound);
  EXPECT_FALSE(store->GetDatabase("hr").ValueOrDie().has_value());
}

TEST_P(MetaStoreTest, AttributesOnDatabasesDatasetsAndColumns) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  const AttributeName email{"pii", "email"};
  EXPECT_EQ(ErrorCodeOf(store->AddAttribute({"sales", "orders", "id"}, email)),
            ErrorCode::kCatalogNotFound);  // not created yet
  ASSERT_TRUE(store->CreateAttribute(email, "admin", false).ok());
  EXPECT_EQ(ErrorCodeOf(store->CreateAttribute(email, "admin", false)),
            ErrorCode::kCatalogAlreadyExists);
  EXPECT_TRUE(store->CreateAttribute(email, "admin", true).ok());
  ASSERT_TRUE(store->CreateAttribute({"finance", "restricted"}, "admin", false).ok());
  EXPECT_EQ(store->ListAttributes().ValueOrDie(),
            (std::vector<AttributeName>{{"finance", "restricted"}, email}));

  ASSERT_TRUE(store->AddAttribute({"sales", "orders", "id"}, email).ok());
  ASSERT_TRUE(store->AddAttribute({"sales", "orders", "id"}, email).ok());  // idempotent
  ASSERT_TRUE(store->AddAttribute({"sales", "orders", std::nullopt}, {"finance", "restricted"}).ok());
  ASSERT_TRUE(store->AddAttribute({"sales", std::nullopt, std::nullopt}, email).ok());
  EXPECT_EQ(ErrorCodeOf(store->AddAttribute({"sales", "orders", "nope"}, email)),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(store->AddAttribute({"sales", "nope", std::nullopt}, email)),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(store->AddAttribute({"nope", std::nullopt, std::nullopt}, email)),
            ErrorCode::kCatalogNotFound);

  auto orders = store->GetDataset("sales", "orders").ValueOrDie();
  EXPECT_EQ(orders->FindColumn("id")->attributes, std::vector<AttributeName>{email});
  EXPECT_TRUE(orders->FindColumn("ts")->attributes.empty());
  EXPECT_EQ(orders->attributes, (std::vector<AttributeName>{{"finance", "restricted"}}));
  EXPECT_EQ(store->GetDatabase("sales").ValueOrDie()->attributes,
            std::vector<AttributeName>{email});
  EXPECT_EQ(store->ListDatabases().ValueOrDie()[0].attributes,
            std::vector<AttributeName>{email});

  // The same assignments without the schemas (listings under HAVING ATTRIBUTE grants).
  ASSERT_TRUE(store->CreateDataset(Table("sales", "plain"), false).ok());
  auto assigned = store->ListDatasetAttributes("sales", /*all_columns=*/false).ValueOrDie();
  ASSERT_EQ(assigned.size(), 1u);  // plain has no attribute
  EXPECT_EQ(assigned[0].name, "orders");
  EXPECT_EQ(assigned[0].attributes, (std::vector<AttributeName>{{"finance", "restricted"}}));
  ASSERT_EQ(assigned[0].columns.size(), 1u);
  EXPECT_EQ(assigned[0].columns[0].name, "id");
  EXPECT_EQ(assigned[0].columns[0].attributes, std::vector<AttributeName>{email});
  auto every = store->ListDatasetAttributes("sales", /*all_columns=*/true).ValueOrDie();
  ASSERT_EQ(every.size(), 2u);
  EXPECT_EQ(every[0].name, "orders");
  EXPECT_EQ(every[1].name, "plain");
  EXPECT_EQ(every[0].columns, orders->columns);  // every column, in order, comments aside
  EXPECT_TRUE(every[1].attributes.empty());
  EXPECT_EQ(every[1].columns.size(), orders->columns.size());
  EXPECT_EQ(ErrorCodeOf(store->ListDatasetAttributes("nope", false).status()),
            ErrorCode::kCatalogNotFound);

  ASSERT_TRUE(store->RemoveAttribute({"sales", "orders", "id"}, email).ok());
  orders = store->GetDataset("sales", "orders").ValueOrDie();
  EXPECT_TRUE(orders->FindColumn("id")->attributes.empty());
  // Dropping the definition detaches it everywhere.
  ASSERT_TRUE(store->DropAttribute(email, false).ok());
  EXPECT_TRUE(store->GetDatabase("sales").ValueOrDie()->attributes.empty());
  EXPECT_EQ(ErrorCodeOf(store->DropAttribute(email, false)), ErrorCode::kCatalogNotFound);
  EXPECT_TRUE(store->DropAttribute(email, true).ok());
}

TEST_P(MetaStoreTest, Comments) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "orders"), false).ok());
  ASSERT_TRUE(store->SetComment({"sales", std::nullopt, std::nullopt}, "all sales").ok());
  ASSERT_TRUE(store->SetComment({"sales", "orders", std::nullopt}, "every order").ok());
  ASSERT_TRUE(store->SetComment({"sales", "orders", "ts"}, "when, in UTC").ok());
  EXPECT_EQ(store->GetDatabase("sales").ValueOrDie()->comment, "all sales");
  auto orders = store->GetDataset("sales", "orders").ValueOrDie();
  EXPECT_EQ(orders->comment, "every order");
  EXPECT_EQ(orders->FindColumn("ts")->comment, "when, in UTC");
  EXPECT_EQ(orders->FindColumn("id")->comment, "");
  EXPECT_EQ(ErrorCodeOf(store->SetComment({"sales", "orders", "nope"}, "x")),
            ErrorCode::kCatalogNotFound);
}

TEST_P(MetaStoreTest, RenameCarriesEverything) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDatabase({"archive", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateAttribute({"pii", "email"}, "admin", false).ok());
  auto table = Table("sales", "orders");
  table.columns = {{"id", "the id", {{"pii", "email"}}}, {"ts", "", {}}};
  ASSERT_TRUE(store->CreateDataset(table, false, {{"p=1", {"1"}}}).ok());
  ASSERT_TRUE(store->CreateDataset(Table("sales", "other"), false).ok());

  EXPECT_EQ(ErrorCodeOf(store->RenameDataset("sales", "orders", "sales", "other")),
            ErrorCode::kCatalogAlreadyExists);
  EXPECT_EQ(ErrorCodeOf(store->RenameDataset("sales", "nope", "sales", "x")),
            ErrorCode::kCatalogNotFound);
  EXPECT_EQ(ErrorCodeOf(store->RenameDataset("sales", "orders", "nope", "x")),
            ErrorCode::kCatalogNotFound);
  ASSERT_TRUE(store->RenameDataset("sales", "orders", "archive", "orders_2024").ok());
  EXPECT_FALSE(store->GetDataset("sales", "orders").ValueOrDie().has_value());
  auto moved = store->GetDataset("archive", "orders_2024").ValueOrDie();
  ASSERT_TRUE(moved.has_value());
  EXPECT_EQ(moved->columns, table.columns);
  EXPECT_EQ(store->ListPartitions("archive", "orders_2024").ValueOrDie().size(), 1u);
}

TEST_P(MetaStoreTest, SearchByNameWordsAttributeAndColumnWithStablePaging) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"sales", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDatabase({"hr", "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateAttribute({"pii", "email"}, "admin", false).ok());
  auto customers = Table("sales", "customers");
  customers.comment = "People who bought something";
  customers.schema = arrow::schema({arrow::field("id", arrow::int64()),
                                    arrow::field("email_address", arrow::utf8())});
  customers.columns = {{"email_address", "", {{"pii", "email"}}}};
  ASSERT_TRUE(store->CreateDataset(customers, false).ok());
  for (const char* name : {"orders_2023", "orders_2024", "orders_2022"}) {
    ASSERT_TRUE(store->CreateDataset(Table("sales", name), false).ok());
  }
  auto staff = Table("hr", "staff");
  staff.comment = "Employees (not customers)";
  ASSERT_TRUE(store->CreateDataset(staff, false).ok());

  auto names = [&](const DatasetSearch& search) {
    std::vector<std::string> out;
    auto found = store->SearchDatasets(search);
    EXPECT_TRUE(found.ok()) << found.status().ToString();
    for (const auto& hit : found.ValueOr({})) out.push_back(hit.QualifiedName());
    return out;
  };
  EXPECT_EQ(names({"ORDERS"}), (std::vector<std::string>{"sales.orders_2022", "sales.orders_2023",
                                                          "sales.orders_2024"}));
  EXPECT_EQ(names({"customers"}), (std::vector<std::string>{"hr.staff", "sales.customers"}));
  EXPECT_EQ(names({"bought people"}), std::vector<std::string>{"sales.customers"});
  EXPECT_EQ(names({"sales.cust"}), std::vector<std::string>{"sales.customers"});
  DatasetSearch by_attribute;
  by_attribute.attribute = AttributeName{"pii", "email"};
  EXPECT_EQ(names(by_attribute), std::vector<std::string>{"sales.customers"});
  DatasetSearch by_column;
  by_column.column = "EMAIL";
  EXPECT_EQ(names(by_column), std::vector<std::string>{"sales.customers"});
  by_column.column = "ts";
  by_column.database = "sales";
  EXPECT_EQ(names(by_column).size(), 3u);
  // Paging walks the same stable order without gaps or repeats.
  std::vector<std::string> paged;
  for (int64_t offset = 0; offset < 10; offset += 2) {
    DatasetSearch page;
    page.limit = 2;
    page.offset = offset;
    for (auto& name : names(page)) paged.push_back(name);
  }
  EXPECT_EQ(paged, (std::vector<std::string>{"hr.staff", "sales.customers", "sales.orders_2022",
                                             "sales.orders_2023", "sales.orders_2024"}));
  // LIKE wildcards in the text are literal characters.
  EXPECT_TRUE(names({"%"}).empty());
  EXPECT_EQ(names({"s_2"}).size(), 3u);  // orders_2022, … contain "s_2" literally
  EXPECT_TRUE(names({"x_y"}).empty());
  // The index follows renames, comment changes and drops.
  ASSERT_TRUE(store->RenameDataset("sales", "orders_2022", "hr", "payroll_2022").ok());
  EXPECT_EQ(names({"orders_2022"}).size(), 0u);
  EXPECT_EQ(names({"hr.payroll"}), std::vector<std::string>{"hr.payroll_2022"});
  ASSERT_TRUE(store->SetComment({"hr", "payroll_2022", std::nullopt}, "Salaries paid").ok());
  EXPECT_EQ(names({"salaries"}), std::vector<std::string>{"hr.payroll_2022"});
  ASSERT_TRUE(store->SetComment({"hr", "payroll_2022", "ts"}, "payment instant").ok());
  EXPECT_EQ(names({"instant"}), std::vector<std::string>{"hr.payroll_2022"});
  ASSERT_TRUE(store->DropDatabase("hr", false, true).ok());
  EXPECT_TRUE(names({"payroll"}).empty());
  EXPECT_TRUE(names({"staff"}).empty());
  // Needles of one or two characters, and of three or more, of several bytes each.
  EXPECT_EQ(names({"Ω"}).size(), 0u);
  EXPECT_EQ(names({"s.c"}), std::vector<std::string>{"sales.customers"});
  DatasetSearch negative;
  negative.limit = -1;
  EXPECT_EQ(ErrorCodeOf(store->SearchDatasets(negative).status()), ErrorCode::kInvalidArgument);
}

/// With thousands of hits a search walks the datasets in order instead of sorting the index
/// hits (SQLite); the pages must be the same either way.
TEST_P(MetaStoreTest, BroadSearchesPageLikeNarrowOnes) {
  auto store = Open();
  ASSERT_TRUE(store->CreateDatabase({"lake", "admin", "", 1}, false).ok());
  constexpr int kDatasets = 600;
  for (int i = 0; i < kDatasets; ++i) {
    char name[32];
    std::snprintf(name, sizeof(name), "events_%04d", i);
    ASSERT_TRUE(store->CreateDataset(Table("lake", name), false).ok());
  }
  std::vector<std::string> paged;
  for (int64_t offset = 0; offset < kDatasets; offset += 70) {
    DatasetSearch page;
    page.text = "events";  // every dataset: the broad path
    page.limit = 70;
    page.offset = offset;
    for (const auto& hit : store->SearchDatasets(page).ValueOrDie()) {
      paged.push_back(hit.QualifiedName());
    }
  }
  ASSERT_EQ(paged.size(), static_cast<size_t>(kDatasets));
  EXPECT_TRUE(std::is_sorted(paged.begin(), paged.end()));
  DatasetSearch both;
  both.text = "events";
  both.column = "ts";
  both.limit = 5;
  both.offset = 595;
  EXPECT_EQ(store->SearchDatasets(both).ValueOrDie().size(), 5u);
  DatasetSearch narrow;
  narrow.text = "s_0003";  // one dataset: the index path
  EXPECT_EQ(store->SearchDatasets(narrow).ValueOrDie().size(), 1u);
}

TEST_P(MetaStoreTest, SurvivesReopenAndMigratesOnce) {
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
  EXPECT_EQ(store->RolesOfUser("admin").ValueOrDie(), std::vector<std::string>{kAdminRole});
  EXPECT_TRUE(store->RolesOfUser("nobody").ValueOrDie().empty());
  EXPECT_FALSE(store->GetUser("nobody").ValueOrDie().has_value());
  auto connection = Connect();
  auto versions = connection->Query("SELECT COUNT(*), MAX(version) FROM schema_migrations");
  ASSERT_TRUE(versions.ok()) << versions.status().ToString();
  EXPECT_EQ(versions->Int(0, 0), static_cast<int64_t>(MetadataMigrations().size()));
  EXPECT_EQ(versions->Int(0, 1), static_cast<int64_t>(MetadataMigrations().size()));
}

TEST_P(MetaStoreTest, UserGroupsAreReplacedSortedAndDroppedWithTheUser) {
  auto store = Open();
  ASSERT_TRUE(store->PutUser({"ana", "hash"}).ok());
  ASSERT_TRUE(store->SetUserGroups("ana", {"eu", "analysts", "eu"}).ok());
  EXPECT_EQ(store->GetUserGroups("ana").ValueOrDie(),
            (std::vector<std::string>{"analysts", "eu"}));
  ASSERT_TRUE(store->PutUser({"ana", "hash2"}).ok());  // a new password keeps the groups
  EXPECT_EQ(store->GetUserGroups("ana").ValueOrDie().size(), 2u);
  ASSERT_TRUE(store->SetUserGroups("ana", {"ops"}).ok());
  EXPECT_EQ(store->GetUserGroups("ana").ValueOrDie(), std::vector<std::string>{"ops"});
  ASSERT_TRUE(store->DeleteUser("ana").ok());
  EXPECT_TRUE(store->GetUserGroups("ana").ValueOrDie().empty());
  EXPECT_TRUE(store->GetUserGroups("nobody").ValueOrDie().empty());
}

TEST_P(MetaStoreTest, PolicyVersionGrowsWithEveryPolicyChangeSeenByEveryStore) {
  auto store = Open();
  auto other = Open();  // another planner on the same database
  int64_t last = store->PolicyVersion().ValueOrDie();
  const auto expect_bumped = [&](const arrow::Status& status, const char* what) {
    ASSERT_TRUE(status.ok()) << what << ": " << status.ToString();
    const int64_t now = other->PolicyVersion().ValueOrDie();
    EXPECT_GT(now, last) << what;
    last = now;
  };
  const auto expect_same = [&](const arrow::Status&, const char* what) {
    EXPECT_EQ(other->PolicyVersion().ValueOrDie(), last) << what;
  };
  GrantInfo grant;
  grant.role = "analyst";
  grant.privilege = "SELECT";
  grant.scope = GrantScope::kDatabase;
  grant.database = "sales";
  expect_same(store->AddGrant(grant).status(), "grant to an absent role (refused)");
  expect_bumped(store->CreateRole("analyst", false), "CREATE ROLE");
  expect_bumped(store->AddRoleMember({"analyst", "group", "eu"}), "GRANT ROLE TO GROUP");
  expect_bumped(store->RemoveRoleMember({"analyst", "group", "eu"}), "REVOKE ROLE FROM GROUP");
  expect_bumped(store->GrantRoleToUser("analyst", "ana"), "GrantRoleToUser");
  expect_bumped(store->AddGrant(grant).status(), "GRANT");
  expect_bumped(store->RemoveGrant(grant).status(), "REVOKE");
  expect_same(store->RemoveGrant(grant).status(), "REVOKE of nothing");
  expect_same(store->CreateDatabase({"sales", "admin", "", 1}, false), "CREATE DATABASE");
  expect_same(store->PutUser({"ana", "hash"}), "a new password");
  expect_bumped(store->SetUserAttributes("ana", {{"regions", {"emea"}}}), "user attributes");
  expect_bumped(store->SetUserGroups("ana", {"eu"}), "user groups");
  expect_bumped(store->DeleteUser("ana"), "DeleteUser");
  expect_bumped(store->DropRole("analyst", false), "DROP ROLE");
}

TEST_P(MetaStoreTest, UpgradesAStoreWrittenAtVersion1) {
  auto table = Table("sales", "orders");
  {
    // What Warden 0.1 wrote: schema version 1, datasets without a column list.
    auto connection = Connect();
    ASSERT_TRUE(MigrateTo(*connection, 1).ok());
    ASSERT_TRUE(connection
                    ->Query("INSERT INTO databases(name, owner, comment, created_at_ms) "
                            "VALUES ('sales', 'admin', 'old', 5)")
                    .ok());
    ASSERT_TRUE(connection
                    ->Query("INSERT INTO datasets(database_name, name, location, format, "
                            "schema_ipc, owner, comment, created_at_ms) "
                            "VALUES ('sales', 'orders', ?, 'parquet', ?, 'admin', 'c', 6)",
                            {table.location, EncodeSchema(*table.schema).ValueOrDie()})
                    .ok());
    auto tables = connection->Query("SELECT COUNT(*) FROM schema_migrations");
    ASSERT_TRUE(tables.ok());
    EXPECT_EQ(tables->Int(0, 0), 1);
  }
  auto store = Open();
  ASSERT_NE(store, nullptr);
  auto orders = store->GetDataset("sales", "orders").ValueOrDie();
  ASSERT_TRUE(orders.has_value());
  EXPECT_TRUE(orders->schema->Equals(*table.schema));
  EXPECT_EQ(orders->kind, DatasetKind::kTable);
  EXPECT_TRUE(orders->format_options.empty());
  ASSERT_EQ(orders->columns.size(), 2u);
  // The columns were backfilled: search by column name and column comments work.
  DatasetSearch by_column;
  by_column.column = "ts";
  EXPECT_EQ(store->SearchDatasets(by_column).ValueOrDie().size(), 1u);
  EXPECT_EQ(store->SearchDatasets({"sales.orders"}).ValueOrDie().size(), 1u);
  ASSERT_TRUE(store->SetComment({"sales", "orders", "ts"}, "event time").ok());
  EXPECT_EQ(store->GetDataset("sales", "orders").ValueOrDie()->FindColumn("ts")->comment,
            "event time");
}

TEST_P(MetaStoreTest, RefusesAStoreFromANewerWarden) {
  ASSERT_NE(Open(), nullptr);
  auto connection = Connect();
  ASSERT_TRUE(connection->Query("INSERT INTO schema_migrations(version, applied_at_ms) "
                                "VALUES (999, 0)")
                  .ok());
  auto store = MetaStore::Open(uri_);
  EXPECT_EQ(ErrorCodeOf(store.status()), ErrorCode::kUnavailable);
  EXPECT_NE(store.status().message().find("newer Warden"), std::string::npos);
}

TEST_P(MetaStoreTest, PlannersStartingTogetherMigrateOnce) {
  std::vector<std::thread> threads;
  std::mutex mutex;
  std::vector<std::string> failures;  // why an Open failed (it failed once on a loaded machine)
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      auto store = MetaStore::Open(uri_);
      if (store.ok()) return;
      std::lock_guard<std::mutex> lock(mutex);
      failures.push_back(store.status().ToString());
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_TRUE(failures.empty()) << failures.size() << " failed, first: " << failures.front();
  auto connection = Connect();
  auto versions = connection->Query("SELECT COUNT(*) FROM schema_migrations");
  ASSERT_TRUE(versions.ok());
  EXPECT_EQ(versions->Int(0, 0), static_cast<int64_t>(MetadataMigrations().size()));
}

TEST_P(MetaStoreTest, NamesAreNotInterpretedAsSql) {
  auto store = Open();
  const std::string hostile = "x'); DROP TABLE databases; --";
  ASSERT_TRUE(store->CreateDatabase({hostile, "admin", "", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table(hostile, "?"), false).ok());
  EXPECT_EQ(store->ListDatabases().ValueOrDie().size(), 1u);
  EXPECT_TRUE(store->GetDatabase(hostile).ValueOrDie().has_value());
  EXPECT_TRUE(store->GetDataset(hostile, "?").ValueOrDie().has_value());
}

TEST_P(MetaStoreTest, UnicodeNamesKeepTheirBytes) {
  auto store = Open();
  const std::string database = "données";
  const std::string table = "客户_Ω";
  ASSERT_TRUE(store->CreateDatabase({database, "admin", "ünïcode ✓", 1}, false).ok());
  ASSERT_TRUE(store->CreateDataset(Table(database, table), false).ok());
  EXPECT_EQ(store->GetDatabase(database).ValueOrDie()->comment, "ünïcode ✓");
  EXPECT_EQ(store->ListDatasets(database).ValueOrDie()[0].name, table);
  EXPECT_EQ(store->SearchDatasets({"客户"}).ValueOrDie().size(), 1u);
}

/// Two stores on the same database (two planners) each run DDL from several threads on the
/// same database; every statement's effect must be there at the end, nothing else.
TEST_P(MetaStoreTest, ConcurrentDdlFromTwoStoresLosesNoUpdate) {
  auto first = Open();
  auto second = Open();
  ASSERT_TRUE(first->CreateDatabase({"shared", "admin", "", 1}, false).ok());
  constexpr int kThreads = 4;
  constexpr int kTablesPerThread = 12;
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    MetaStore* store = t % 2 == 0 ? first.get() : second.get();
    threads.emplace_back([store, t, &failures] {
      for (int i = 0; i < kTablesPerThread; ++i) {
        const std::string name = "t" + std::to_string(t) + "_" + std::to_string(i);
        if (!store->CreateDataset(Table("shared", name), false).ok()) ++failures;
        // Every third table is dropped again, and one comment is changed per table.
        if (!store->SetComment({"shared", name, std::nullopt}, "by " + std::to_string(t)).ok()) {
          ++failures;
        }
        if (i % 3 == 0 && !store->DropDataset("shared", name, false).ok()) ++failures;
        // Both stores also race on one database-level object.
        if (!store->CreateDatabase({"race", "admin", "", 1}, true).ok()) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  std::set<std::string> expected;
  for (int t = 0; t < kThreads; ++t) {
    for (int i = 0; i < kTablesPerThread; ++i) {
      if (i % 3 != 0) expected.insert("t" + std::to_string(t) + "_" + std::to_string(i));
    }
  }
  std::set<std::string> actual;
  for (const auto& dataset : second->ListDatasets("shared").ValueOrDie()) {
    actual.insert(dataset.name);
    EXPECT_EQ(dataset.comment, "by " + dataset.name.substr(1, dataset.name.find('_') - 1));
    EXPECT_EQ(dataset.columns.size(), 2u);
  }
  EXPECT_EQ(actual, expected);
  EXPECT_EQ(first->ListDatabases().ValueOrDie().size(), 2u);
}

TEST(MetaStoreOpenTest, RejectsBadUris) {
  EXPECT_EQ(ErrorCodeOf(MetaStore::Open("sqlite://relative.db").status()),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(ErrorCodeOf(MetaStore::Open("mysql://x").status()), ErrorCode::kInvalidArgument);
  EXPECT_FALSE(MetaStore::Open("sqlite:///nonexistent-dir/x/catalog.db").ok());
  // Nothing listens on port 1: a clear kUnavailable, not a hang.
  EXPECT_EQ(ErrorCodeOf(MetaStore::Open("postgresql://warden@127.0.0.1:1/x").status()),
            ErrorCode::kUnavailable);
}

}  // namespace
}  // namespace warden::catalog
