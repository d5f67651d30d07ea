// Governance statements end to end over a real store (SQLite and PostgreSQL): formats,
// partitions, attributes, comments, views, SHOW CREATE round trips, search, bad input.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include <arrow/adapters/orc/adapter.h>
#include <arrow/api.h>
#include <arrow/dataset/api.h>
#include <arrow/io/file.h>
#include <arrow/util/key_value_metadata.h>
#include <parquet/arrow/writer.h>

#include "warden/catalog/format_options.h"
#include "warden/catalog/testing/postgres_server.h"
#include "warden/common/compute_init.h"
#include "warden/common/error.h"
#include "warden/common/testing/temp_dir.h"
#include "warden/planner/governance_executor.h"
#include "warden/planner/governed_table_provider.h"
#include "warden/sql/binder.h"

namespace warden::planner {
namespace {

namespace fs = std::filesystem;

std::shared_ptr<arrow::Table> People(int64_t first_id) {
  arrow::Int64Builder ids;
  arrow::StringBuilder emails;
  for (int64_t i = 0; i < 3; ++i) {
    (void)ids.Append(first_id + i);
    (void)emails.Append("p" + std::to_string(first_id + i) + "@example.com");
  }
  return arrow::Table::Make(
      arrow::schema({arrow::field("id", arrow::int64()), arrow::field("email", arrow::utf8())}),
      {ids.Finish().ValueOrDie(), emails.Finish().ValueOrDie()});
}

void WriteParquet(const fs::path& path, const std::shared_ptr<arrow::Table>& table) {
  fs::create_directories(path.parent_path());
  auto out = arrow::io::FileOutputStream::Open(path.string()).ValueOrDie();
  ASSERT_TRUE(parquet::arrow::WriteTable(*table, arrow::default_memory_pool(), out).ok());
}

void WriteText(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

class GovernanceCatalogTest : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    ASSERT_TRUE(InitializeArrowCompute().ok());
    OpenCatalog(&main_);
  }

  struct Catalog {
    std::unique_ptr<catalog::MetaStore> store;
    std::unique_ptr<policy::AccessController> access;
    std::unique_ptr<GovernanceExecutor> executor;
    policy::Principal admin;
  };

  void OpenCatalog(Catalog* catalog) {
    std::string uri;
    if (GetParam() == "sqlite") {
      uri = "sqlite://" + (dir_.path() / ("catalog" + std::to_string(counter_++) + ".db")).string();
    } else {
      auto server = catalog::testing::SharedPostgresServer();
      ASSERT_TRUE(server.ok()) << server.status().ToString();
      static std::atomic<int> databases{0};
      auto created = (*server)->CreateDatabase("governance_" + std::to_string(databases++));
      ASSERT_TRUE(created.ok()) << created.status().ToString();
      uri = *created;
    }
    catalog->store = catalog::MetaStore::Open(uri).ValueOrDie();
    ASSERT_TRUE(catalog->store->GrantRoleToUser(catalog::kAdminRole, "root").ok());
    catalog->access = std::make_unique<policy::AccessController>(catalog->store.get());
    catalog->executor = std::make_unique<GovernanceExecutor>(
        catalog->store.get(), catalog->access.get(), GovernedViewValidator(catalog->access.get()));
    catalog->admin = catalog->access->ResolvePrincipal("root", {}).ValueOrDie();
  }

  arrow::Result<std::shared_ptr<arrow::Table>> Run(const std::string& sql,
                                                   Catalog* catalog = nullptr) {
    catalog = catalog ? catalog : &main_;
    ARROW_ASSIGN_OR_RAISE(auto statement, sql::ParseGovernance(sql));
    return catalog->executor->Execute(catalog->admin, statement);
  }

  void MustRun(const std::string& sql, Catalog* catalog = nullptr) {
    auto result = Run(sql, catalog);
    ASSERT_TRUE(result.ok()) << sql << "\n" << result.status().ToString();
  }

  static std::vector<std::string> Column(const std::shared_ptr<arrow::Table>& table,
                                         const std::string& name) {
    std::vector<std::string> out;
    auto column = table->GetColumnByName(name);
    for (int64_t i = 0; column && i < column->length(); ++i) {
      out.push_back(column->GetScalar(i).ValueOrDie()->ToString());
    }
    return out;
  }

  /// DESCRIBE FORMATTED's detail rows as name -> value.
  std::map<std::string, std::string> Details(const std::string& table) {
    auto described = Run("DESCRIBE FORMATTED " + table).ValueOrDie();
    auto names = Column(described, "name");
    auto values = Column(described, "type");
    std::map<std::string, std::string> out;
    for (size_t i = 0; i < names.size(); ++i) out[names[i]] = values[i];
    return out;
  }

  /// Every database, dataset (with columns, comments, attributes) and attribute, as text:
  /// what "the catalog is unchanged" compares.
  std::string Snapshot() {
    std::string text;
    for (const auto& database : main_.store->ListDatabases().ValueOrDie()) {
      text += "db " + database.name + " '" + database.comment + "'\n";
      for (const auto& dataset : main_.store->ListDatasets(database.name).ValueOrDie()) {
        text += "  " + dataset.name + " " + dataset.schema->ToString() + " '" +
                dataset.comment + "'\n";
        for (const auto& column : dataset.columns) {
          text += "    " + column.name + " '" + column.comment + "'";
          for (const auto& attribute : column.attributes) text += " " + attribute.ToString();
          text += "\n";
        }
      }
    }
    for (const auto& attribute : main_.store->ListAttributes().ValueOrDie()) {
      text += "attribute " + attribute.ToString() + "\n";
    }
    return text;
  }

  /// `sql` fails with `code`, and the catalog is exactly as before.
  void ExpectRefused(const std::string& sql, ErrorCode code, const std::string& fragment = "") {
    const std::string before = Snapshot();
    auto result = Run(sql);
    ASSERT_FALSE(result.ok()) << sql;
    EXPECT_EQ(ErrorCodeOf(result.status()), code) << sql << "\n" << result.status().ToString();
    EXPECT_NE(result.status().message().find(fragment), std::string::npos)
        << result.status().ToString();
    EXPECT_EQ(Snapshot(), before) << sql;
  }

  std::string Uri(const std::string& relative) { return dir_.Uri(relative); }

  warden::testing::TempDir dir_;
  Catalog main_;
  int counter_ = 0;
};

INSTANTIATE_TEST_SUITE_P(Stores, GovernanceCatalogTest,
                         ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

TEST_P(GovernanceCatalogTest, DeclaredColumnsWithAttributesAndComments) {
  WriteParquet(dir_.path() / "people" / "p.parquet", People(1));
  MustRun("CREATE DATABASE crm COMMENT 'customers'");
  MustRun("CREATE ATTRIBUTE pii.email");
  ExpectRefused("CREATE EXTERNAL TABLE crm.people (id BIGINT, email STRING ATTRIBUTE "
                "pii.missing) STORED AS PARQUET LOCATION '" + Uri("people") + "'",
                ErrorCode::kCatalogNotFound, "attribute pii.missing not found");
  MustRun("CREATE EXTERNAL TABLE crm.people (id BIGINT COMMENT 'the key', "
          "email STRING ATTRIBUTE pii.email) COMMENT 'everyone' STORED AS PARQUET "
          "LOCATION '" + Uri("people") + "'");
  auto described = Run("DESCRIBE crm.people").ValueOrDie();
  EXPECT_EQ(Column(described, "name"), (std::vector<std::string>{"id", "email"}));
  EXPECT_EQ(Column(described, "comment"), (std::vector<std::string>{"the key", ""}));
  EXPECT_EQ(Column(described, "attributes"), (std::vector<std::string>{"", "pii.email"}));
  auto details = Details("crm.people");
  EXPECT_EQ(details["Location"], Uri("people"));
  EXPECT_EQ(details["Format"], "parquet");
  EXPECT_EQ(details["Owner"], "root");
  EXPECT_EQ(details["Comment"], "everyone");
  EXPECT_EQ(details["Schema"], "declared");
  EXPECT_EQ(details["Type"], "EXTERNAL_TABLE");

  // ALTER: attributes on table, column and database; comments; rename.
  MustRun("CREATE ATTRIBUTE finance.restricted");
  MustRun("ALTER TABLE crm.people ADD ATTRIBUTE finance.restricted");
  MustRun("ALTER TABLE crm.people ADD ATTRIBUTE finance.restricted ON COLUMN id");
  MustRun("ALTER TABLE crm.people REMOVE ATTRIBUTE pii.email ON COLUMN email");
  MustRun("ALTER DATABASE crm ADD ATTRIBUTE pii.email");
  MustRun("ALTER TABLE crm.people SET COMMENT 'all people'");
  MustRun("ALTER TABLE crm.people ALTER COLUMN email COMMENT 'primary address'");
  MustRun("COMMENT ON DATABASE crm IS 'sales crm'");
  described = Run("DESCRIBE crm.people").ValueOrDie();
  EXPECT_EQ(Column(described, "attributes"),
            (std::vector<std::string>{"finance.restricted", ""}));
  EXPECT_EQ(Column(described, "comment"),
            (std::vector<std::string>{"the key", "primary address"}));
  EXPECT_EQ(Details("crm.people")["Attributes"], "finance.restricted");
  EXPECT_EQ(Details("crm.people")["Comment"], "all people");
  auto database = Run("DESCRIBE DATABASE crm").ValueOrDie();
  EXPECT_EQ(Column(database, "value"),
            (std::vector<std::string>{"crm", "root", "sales crm", "pii.email", "1"}));
  ExpectRefused("ALTER TABLE crm.people ADD ATTRIBUTE pii.email ON COLUMN nope",
                ErrorCode::kCatalogNotFound, "column nope not found");
  MustRun("CREATE DATABASE archive");
  MustRun("ALTER TABLE crm.people RENAME TO archive.people_2024");
  EXPECT_EQ(Column(Run("SHOW TABLES").ValueOrDie(), "name"),
            std::vector<std::string>{"archive.people_2024"});
  EXPECT_EQ(Column(Run("DESCRIBE archive.people_2024").ValueOrDie(), "attributes"),
            (std::vector<std::string>{"finance.restricted", ""}));
  EXPECT_EQ(Column(Run("SHOW ATTRIBUTES").ValueOrDie(), "name"),
            (std::vector<std::string>{"finance.restricted", "pii.email"}));
}

TEST_P(GovernanceCatalogTest, CsvOptionsArePersistedAndReadTheFiles) {
  WriteText(dir_.path() / "csv" / "a.csv", "1|ann|NA\n2|NA|x\n");
  MustRun("CREATE DATABASE raw");
  MustRun("CREATE EXTERNAL TABLE raw.pipes STORED AS CSV LOCATION '" + Uri("csv") +
          "' TBLPROPERTIES ('skip.header.line.count'='0', 'field.delim'='|', "
          "'serialization.null.format'='NA')");
  auto dataset = main_.store->GetDataset("raw", "pipes").ValueOrDie();
  ASSERT_TRUE(dataset.has_value());
  EXPECT_EQ(dataset->format_options, (std::map<std::string, std::string>{
                                         {"delimiter", "|"}, {"header", "false"}, {"null", "NA"}}));
  EXPECT_EQ(dataset->schema->field_names(), (std::vector<std::string>{"f0", "f1", "f2"}));
  // The persisted options read the files as the executor will: NA is NULL.
  auto format = catalog::MakeFileFormatFor(*dataset).ValueOrDie();
  auto factory = arrow::dataset::FileSystemDatasetFactory::Make(
                     dataset->location, format, arrow::dataset::FileSystemFactoryOptions{})
                     .ValueOrDie();
  auto table = factory->Finish(dataset->schema)
                   .ValueOrDie()
                   ->NewScan()
                   .ValueOrDie()
                   ->Finish()
                   .ValueOrDie()
                   ->ToTable()
                   .ValueOrDie();
  ASSERT_EQ(table->num_rows(), 2);
  EXPECT_EQ(table->GetColumnByName("f1")->null_count(), 1);
  EXPECT_EQ(table->GetColumnByName("f2")->null_count(), 1);

  // Declared columns with a header row; Spark-style OPTIONS; quote and escape.
  WriteText(dir_.path() / "quoted" / "a.csv", "id;name\n1;'a;b'\n");
  MustRun("CREATE EXTERNAL TABLE raw.quoted (id INT, name STRING) STORED AS CSV LOCATION '" +
          Uri("quoted") + "' OPTIONS (header 'true', delimiter ';', quote '''')");
  dataset = main_.store->GetDataset("raw", "quoted").ValueOrDie();
  format = catalog::MakeFileFormatFor(*dataset).ValueOrDie();
  factory = arrow::dataset::FileSystemDatasetFactory::Make(
                dataset->location, format, arrow::dataset::FileSystemFactoryOptions{})
                .ValueOrDie();
  table = factory->Finish(dataset->schema).ValueOrDie()->NewScan().ValueOrDie()->Finish()
              .ValueOrDie()->ToTable().ValueOrDie();
  ASSERT_EQ(table->num_rows(), 1);
  EXPECT_EQ(table->GetColumnByName("name")->GetScalar(0).ValueOrDie()->ToString(), "a;b");

  ExpectRefused("CREATE EXTERNAL TABLE raw.bad STORED AS CSV LOCATION '" + Uri("csv") +
                    "' OPTIONS ('delimiter'='||')",
                ErrorCode::kInvalidArgument, "exactly one character");
  ExpectRefused("CREATE EXTERNAL TABLE raw.bad STORED AS CSV LOCATION '" + Uri("csv") +
                    "' OPTIONS ('colour'='red')",
                ErrorCode::kInvalidArgument, "'colour' is not a CSV option");
  ExpectRefused("CREATE EXTERNAL TABLE raw.bad STORED AS PARQUET LOCATION '" + Uri("csv") +
                    "' OPTIONS ('header'='true')",
                ErrorCode::kInvalidArgument, "takes no options");
}

TEST_P(GovernanceCatalogTest, JsonLinesAndOrcAreInferred) {
  WriteText(dir_.path() / "json" / "a.jsonl", "{\"id\": 1, \"tag\": \"x\"}\n{\"id\": 2}\n");
  WriteText(dir_.path() / "json" / "b.jsonl", "{\"id\": 3, \"tag\": \"y\"}\n");
  fs::create_directories(dir_.path() / "orc");
  {
    auto out = arrow::io::FileOutputStream::Open((dir_.path() / "orc" / "a.orc").string())
                   .ValueOrDie();
    auto writer = arrow::adapters::orc::ORCFileWriter::Open(out.get()).ValueOrDie();
    ASSERT_TRUE(writer->Write(*People(1)).ok());
    ASSERT_TRUE(writer->Close().ok());
  }
  MustRun("CREATE DATABASE raw");
  MustRun("CREATE EXTERNAL TABLE raw.events STORED AS JSON LOCATION '" + Uri("json") + "'");
  MustRun("CREATE EXTERNAL TABLE raw.people STORED AS ORC LOCATION '" + Uri("orc") + "'");
  auto events = Run("DESCRIBE raw.events").ValueOrDie();
  EXPECT_EQ(Column(events, "name"), (std::vector<std::string>{"id", "tag"}));
  EXPECT_EQ(Column(events, "type"), (std::vector<std::string>{"bigint", "string"}));
  EXPECT_EQ(Column(Run("DESCRIBE raw.people").ValueOrDie(), "type"),
            (std::vector<std::string>{"bigint", "string"}));
}

TEST_P(GovernanceCatalogTest, HivePartitionsAreColumnsAndRecoverPicksUpNewFolders) {
  WriteParquet(dir_.path() / "sales" / "year=2023" / "region=eu" / "a.parquet", People(1));
  WriteParquet(dir_.path() / "sales" / "year=2024" / "region=us%2Fwest" / "a.parquet", People(4));
  WriteText(dir_.path() / "sales" / "_SUCCESS", "");
  MustRun("CREATE DATABASE s");
  MustRun("CREATE EXTERNAL TABLE s.sales STORED AS PARQUET LOCATION '" + Uri("sales") + "'");
  auto dataset = main_.store->GetDataset("s", "sales").ValueOrDie();
  EXPECT_EQ(dataset->partition_columns, (std::vector<std::string>{"year", "region"}));
  EXPECT_EQ(dataset->schema->ToString(),
            arrow::schema({arrow::field("id", arrow::int64()), arrow::field("email", arrow::utf8()),
                           arrow::field("year", arrow::int64()),
                           arrow::field("region", arrow::utf8())})
                ->ToString());
  auto partitions = main_.store->ListPartitions("s", "sales").ValueOrDie();
  ASSERT_EQ(partitions.size(), 2u);
  EXPECT_EQ(partitions[1].path, "year=2024/region=us%2Fwest");
  EXPECT_EQ(partitions[1].values, (std::vector<std::string>{"2024", "us/west"}));
  EXPECT_EQ(Details("s.sales")["Partition Columns"], "year, region");
  EXPECT_EQ(Details("s.sales")["Partitions"], "2");

  WriteParquet(dir_.path() / "sales" / "year=2025" / "region=eu" / "a.parquet", People(7));
  auto recovered = Run("ALTER TABLE s.sales RECOVER PARTITIONS").ValueOrDie();
  EXPECT_EQ(Column(recovered, "status"),
            std::vector<std::string>{"table s.sales: 3 partitions (+1)"});
  EXPECT_EQ(Column(Run("SHOW PARTITIONS s.sales").ValueOrDie(), "partition"),
            (std::vector<std::string>{"year=2023/region=eu", "year=2024/region=us%2Fwest",
                                      "year=2025/region=eu"}));
  MustRun("MSCK REPAIR TABLE s.sales");

  // Declared: types as given, names must match the folders.
  MustRun("CREATE EXTERNAL TABLE s.typed (id BIGINT, email STRING) PARTITIONED BY "
          "(year INT, region STRING) STORED AS PARQUET LOCATION '" + Uri("sales") + "'");
  EXPECT_TRUE(main_.store->GetDataset("s", "typed").ValueOrDie()->schema->GetFieldByName(
      "year")->type()->Equals(arrow::int32()));
  ExpectRefused("CREATE EXTERNAL TABLE s.wrong PARTITIONED BY (region, year) STORED AS "
                "PARQUET LOCATION '" + Uri("sales") + "'",
                ErrorCode::kStorage, "PARTITIONED BY does not match");
  ExpectRefused("CREATE EXTERNAL TABLE s.wrong PARTITIONED BY (year, region INT) STORED AS "
                "PARQUET LOCATION '" + Uri("sales") + "'",
                ErrorCode::kStorage, "region=eu is not a int32 value");
  // Folders that disagree are refused.
  WriteParquet(dir_.path() / "sales" / "year=2026" / "a.parquet", People(9));
  ExpectRefused("ALTER TABLE s.sales RECOVER PARTITIONS", ErrorCode::kStorage, "disagree");
  ExpectRefused("CREATE EXTERNAL TABLE s.other STORED AS PARQUET LOCATION '" + Uri("sales") +
                    "'",
                ErrorCode::kStorage, "partition folders");
}

TEST_P(GovernanceCatalogTest, LikeParquet) {
  WriteParquet(dir_.path() / "template.parquet", People(1));
  WriteText(dir_.path() / "later" / ".keep", "");
  MustRun("CREATE DATABASE s");
  MustRun("CREATE EXTERNAL TABLE s.t LIKE PARQUET '" + Uri("template.parquet") +
          "' STORED AS PARQUET LOCATION '" + Uri("later") + "'");
  EXPECT_EQ(Column(Run("DESCRIBE s.t").ValueOrDie(), "name"),
            (std::vector<std::string>{"id", "email"}));
}

/// SHOW CREATE TABLE's statements, run on an empty catalog, recreate an identical object.
TEST_P(GovernanceCatalogTest, ShowCreateTableRoundTrips) {
  WriteParquet(dir_.path() / "t" / "day=1" / "a.parquet", People(1));
  WriteText(dir_.path() / "csv" / "a.csv", "a,b\n1,x\n");
  MustRun("CREATE DATABASE \"Sales Db\"");
  MustRun("CREATE ATTRIBUTE pii.email");
  MustRun("CREATE ATTRIBUTE finance.restricted");
  MustRun("CREATE EXTERNAL TABLE \"Sales Db\".declared (id BIGINT NOT NULL COMMENT 'it''s the "
          "key', email STRING ATTRIBUTE pii.email) PARTITIONED BY (day INT COMMENT 'day') "
          "COMMENT 'declared one' STORED AS PARQUET LOCATION '" + Uri("t") +
          "' ATTRIBUTES (finance.restricted)");
  MustRun("CREATE EXTERNAL TABLE \"Sales Db\".inferred STORED AS PARQUET LOCATION '" +
          Uri("t") + "'");
  MustRun("ALTER TABLE \"Sales Db\".inferred ALTER COLUMN email COMMENT 'mail'");
  MustRun("ALTER TABLE \"Sales Db\".inferred ADD ATTRIBUTE pii.email ON COLUMN email");
  MustRun("CREATE EXTERNAL TABLE \"Sales Db\".csv STORED AS CSV LOCATION '" + Uri("csv") +
          "' OPTIONS ('delimiter'=',', 'null'='NA')");
  MustRun("CREATE VIEW \"Sales Db\".v COMMENT 'ids' AS SELECT id, email AS mail FROM "
          "\"Sales Db\".declared WHERE id > 1");

  Catalog fresh;
  OpenCatalog(&fresh);
  for (const std::string name : {"declared", "inferred", "csv", "v"}) {
    auto shown = Run("SHOW CREATE TABLE \"Sales Db\"." + name).ValueOrDie();
    for (const auto& statement : Column(shown, "statement")) MustRun(statement, &fresh);
    auto original = main_.store->GetDataset("Sales Db", name).ValueOrDie();
    auto copy = fresh.store->GetDataset("Sales Db", name).ValueOrDie();
    ASSERT_TRUE(copy.has_value()) << name;
    EXPECT_TRUE(copy->schema->Equals(*original->schema)) << name << "\n"
                                                         << copy->schema->ToString();
    EXPECT_EQ(copy->columns, original->columns) << name;
    EXPECT_EQ(copy->attributes, original->attributes) << name;
    EXPECT_EQ(copy->comment, original->comment) << name;
    EXPECT_EQ(copy->location, original->location) << name;
    EXPECT_EQ(copy->format, original->format) << name;
    EXPECT_EQ(copy->format_options, original->format_options) << name;
    EXPECT_EQ(copy->partition_columns, original->partition_columns) << name;
    EXPECT_EQ(copy->schema_declared, original->schema_declared) << name;
    EXPECT_EQ(copy->kind, original->kind) << name;
    EXPECT_EQ(copy->view_sql, original->view_sql) << name;
    EXPECT_EQ(copy->owner, original->owner) << name;
    EXPECT_EQ(fresh.store->ListPartitions("Sales Db", name).ValueOrDie(),
              main_.store->ListPartitions("Sales Db", name).ValueOrDie());
  }
}

TEST_P(GovernanceCatalogTest, ViewsAreValidatedAndInheritColumnAttributes) {
  WriteParquet(dir_.path() / "people" / "p.parquet", People(1));
  MustRun("CREATE DATABASE crm");
  MustRun("CREATE ATTRIBUTE pii.email");
  MustRun("CREATE EXTERNAL TABLE crm.people (id BIGINT, email STRING ATTRIBUTE pii.email) "
          "STORED AS PARQUET LOCATION '" + Uri("people") + "'");
  MustRun("CREATE VIEW crm.contacts COMMENT 'who to mail' AS SELECT email AS address, id "
          "FROM crm.people WHERE id > 1");
  auto view = main_.store->GetDataset("crm", "contacts").ValueOrDie();
  ASSERT_TRUE(view.has_value());
  EXPECT_TRUE(view->is_view());
  EXPECT_EQ(view->owner, "root");
  EXPECT_EQ(view->view_sql, "SELECT email AS address, id FROM crm.people WHERE id > 1");
  EXPECT_EQ(view->schema->field_names(), (std::vector<std::string>{"address", "id"}));
  EXPECT_EQ(view->schema->field(0)->metadata(), nullptr);
  EXPECT_EQ(view->FindColumn("address")->attributes,
            (std::vector<catalog::AttributeName>{{"pii", "email"}}));
  EXPECT_TRUE(view->FindColumn("id")->attributes.empty());
  EXPECT_EQ(Details("crm.contacts")["Type"], "VIEW");
  EXPECT_EQ(Details("crm.contacts")["View Text"], view->view_sql);

  ExpectRefused("CREATE VIEW crm.broken AS SELECT id FROM crm.nope",
                ErrorCode::kCatalogNotFound, "crm.nope");
  ExpectRefused("CREATE VIEW crm.broken AS SELECT nope FROM crm.people", ErrorCode::kSqlBind);
  ExpectRefused("CREATE VIEW crm.contacts AS SELECT id FROM crm.people",
                ErrorCode::kCatalogAlreadyExists);
  ExpectRefused("DROP TABLE crm.contacts", ErrorCode::kInvalidArgument, "use DROP VIEW");
  ExpectRefused("DROP VIEW crm.people", ErrorCode::kInvalidArgument, "use DROP TABLE");
  MustRun("DROP VIEW crm.contacts");
  EXPECT_FALSE(main_.store->GetDataset("crm", "contacts").ValueOrDie().has_value());

  // Without a binder, CREATE VIEW is refused and nothing is stored.
  GovernanceExecutor no_binder(main_.store.get(), main_.access.get());
  auto statement = sql::ParseGovernance("CREATE VIEW crm.v AS SELECT id FROM crm.people");
  EXPECT_EQ(ErrorCodeOf(no_binder.Execute(main_.admin, *statement).status()),
            ErrorCode::kSqlUnsupported);
}

TEST_P(GovernanceCatalogTest, SearchDatasets) {
  WriteParquet(dir_.path() / "people" / "p.parquet", People(1));
  MustRun("CREATE DATABASE crm");
  MustRun("CREATE DATABASE hr");
  MustRun("CREATE ATTRIBUTE pii.email");
  for (const char* name : {"customers", "prospects", "leads"}) {
    MustRun(std::string("CREATE EXTERNAL TABLE crm.") + name +
            " STORED AS PARQUET LOCATION '" + Uri("people") + "'");
  }
  MustRun("CREATE EXTERNAL TABLE hr.staff (id BIGINT, email STRING ATTRIBUTE pii.email) "
          "COMMENT 'Employees of the company' STORED AS PARQUET LOCATION '" + Uri("people") +
          "'");
  auto names = [&](const std::string& sql) {
    auto found = Run(sql).ValueOrDie();
    auto databases = Column(found, "database");
    auto tables = Column(found, "name");
    std::vector<std::string> out;
    for (size_t i = 0; i < tables.size(); ++i) out.push_back(databases[i] + "." + tables[i]);
    return out;
  };
  EXPECT_EQ(names("SEARCH DATASETS 'employees company'"), std::vector<std::string>{"hr.staff"});
  EXPECT_EQ(names("SEARCH DATASETS ATTRIBUTE pii.email"), std::vector<std::string>{"hr.staff"});
  EXPECT_EQ(names("SEARCH DATASETS COLUMN email IN crm"),
            (std::vector<std::string>{"crm.customers", "crm.leads", "crm.prospects"}));
  EXPECT_EQ(names("SEARCH DATASETS LIMIT 2"),
            (std::vector<std::string>{"crm.customers", "crm.leads"}));
  EXPECT_EQ(names("SEARCH DATASETS LIMIT 2 OFFSET 2"),
            (std::vector<std::string>{"crm.prospects", "hr.staff"}));
  EXPECT_TRUE(names("SEARCH DATASETS 'nothing-like-this'").empty());
}

/// Bad input: each refused with a stable code, leaving the catalog exactly as it was.
TEST_P(GovernanceCatalogTest, BadInputIsRefusedAndLeavesNoTrace) {
  WriteParquet(dir_.path() / "good" / "a.parquet", People(1));
  MustRun("CREATE DATABASE s");
  MustRun("CREATE EXTERNAL TABLE s.good STORED AS PARQUET LOCATION '" + Uri("good") + "'");
  const auto create = [&](const std::string& name, const std::string& location,
                          const std::string& format = "PARQUET") {
    return "CREATE EXTERNAL TABLE s." + name + " STORED AS " + format + " LOCATION '" +
           location + "'";
  };
  // Nonexistent location.
  ExpectRefused(create("t", Uri("missing")), ErrorCode::kStorage, "does not exist");
  // Corrupt Parquet, and files that are not Parquet at all.
  WriteText(dir_.path() / "corrupt" / "a.parquet", "PAR1 this is not a footer PAR1");
  ExpectRefused(create("t", Uri("corrupt")), ErrorCode::kStorage, "cannot read a.parquet");
  WriteText(dir_.path() / "text" / "a.parquet", "id,name\n1,x\n");
  ExpectRefused(create("t", Uri("text")), ErrorCode::kStorage, "as parquet");
  // Files whose schemas disagree.
  WriteParquet(dir_.path() / "mixed" / "a.parquet", People(1));
  WriteParquet(dir_.path() / "mixed" / "b.parquet",
               People(1)->RenameColumns({"id", "mail"}).ValueOrDie());
  ExpectRefused(create("t", Uri("mixed")), ErrorCode::kStorage, "different schemas");
  WriteText(dir_.path() / "csvmixed" / "a.csv", "a,b\n1,2\n");
  WriteText(dir_.path() / "csvmixed" / "b.csv", "a,c\n1,2\n");
  ExpectRefused(create("t", Uri("csvmixed"), "CSV"), ErrorCode::kStorage, "different schemas");
  // Declared columns the files do not have.
  ExpectRefused("CREATE EXTERNAL TABLE s.t (nope INT) STORED AS PARQUET LOCATION '" +
                    Uri("good") + "'",
                ErrorCode::kStorage, "column nope is not in the files");
  // Duplicate names.
  ExpectRefused(create("good", Uri("good")), ErrorCode::kCatalogAlreadyExists);
  ExpectRefused("CREATE DATABASE s", ErrorCode::kCatalogAlreadyExists);
  ExpectRefused("CREATE EXTERNAL TABLE s.t (a INT, A BIGINT) STORED AS PARQUET LOCATION '" +
                    Uri("good") + "'",
                ErrorCode::kInvalidName, "column a is defined twice");
  ExpectRefused("CREATE EXTERNAL TABLE s.t (id BIGINT) PARTITIONED BY (id INT) STORED AS "
                "PARQUET LOCATION '" + Uri("good") + "'",
                ErrorCode::kStorage);
  MustRun("CREATE ATTRIBUTE a.b");
  ExpectRefused("CREATE ATTRIBUTE a.b", ErrorCode::kCatalogAlreadyExists);
  ExpectRefused("ALTER TABLE s.good RENAME TO good", ErrorCode::kCatalogAlreadyExists);
  // Invalid and over-long identifiers.
  ExpectRefused(create(std::string(129, 'x'), Uri("good")), ErrorCode::kInvalidName,
                "the limit is 128");
  ExpectRefused("CREATE DATABASE \"a\x01\"", ErrorCode::kInvalidName, "control character");
  ExpectRefused("CREATE DATABASE \"\"", ErrorCode::kSqlSyntax, "zero-length");
  // A view over a missing table.
  ExpectRefused("CREATE VIEW s.v AS SELECT * FROM s.missing", ErrorCode::kCatalogNotFound);
  // Dropping a database that is not empty without CASCADE.
  ExpectRefused("DROP DATABASE s", ErrorCode::kCatalogNotEmpty, "CASCADE");
  // Locations that are not URIs Warden reads.
  ExpectRefused(create("t", "relative/path"), ErrorCode::kInvalidArgument);
  MustRun("DROP DATABASE s CASCADE");
  EXPECT_TRUE(main_.store->ListDatabases().ValueOrDie().empty());
}

}  // namespace
}  // namespace warden::planner
