// Catalog latency at scale (issue: catalog, "Scale"): fills a metadata store with D datasets
// of C columns each, spread over N databases with attributes on some columns, then times the
// catalog calls the portal and the planner make: listing a database, describing a dataset,
// and searching (by words, by attribute, by column name). Prints p50/p99 per call.
//
//   catalog_bench --store sqlite|postgresql [--uri URI] [--datasets 100000] [--columns 10]
//                 [--databases 100] [--iterations 300]
//
// Without --uri, SQLite uses a fresh file under /tmp and PostgreSQL a throwaway server on
// loopback (catalog/testing/postgres_server.h). The fill goes through the store's own
// connection and schema in multi-row INSERTs (100,000 one-statement DDL transactions would
// time the disk, not the catalog); the timed calls all go through MetaStore.
#include <algorithm>
#include <chrono>
#include <filesystem>
#include <iostream>
#include <random>

#include <CLI/CLI.hpp>
#include <arrow/type.h>

#include "warden/catalog/meta_store.h"
#include "warden/catalog/migrations.h"
#include "warden/catalog/postgres_connection.h"
#include "warden/catalog/sql_catalog_internal.h"
#include "warden/catalog/sqlite_connection.h"
#include "warden/catalog/storage.h"
#include "warden/catalog/testing/postgres_server.h"
#include "warden/common/arrow_codec.h"
#include "warden/policy/access_controller.h"

namespace {

using warden::catalog::SqlConnection;
using warden::catalog::SqlValue;
using Clock = std::chrono::steady_clock;

struct Options {
  std::string store = "sqlite";
  std::string uri;
  int64_t datasets = 100000;
  int64_t columns = 10;
  int64_t databases = 100;
  int iterations = 300;
  bool reuse = false;  // --uri names a store this benchmark filled before: time only
};

const char* kWords[] = {"customer", "order", "payment", "invoice", "shipment", "refund",
                        "account", "ledger", "session", "campaign", "device", "inventory"};

std::string DatasetName(int64_t i) {
  return std::string(kWords[i % 12]) + "_" + kWords[(i / 12) % 12] + "_" + std::to_string(i);
}

/// Column 2 is unique to its dataset, so that no two datasets share a schema (as in a real
/// lake; shared schemas would flatter the store's per-listing schema cache).
std::string ColumnName(int64_t dataset, int64_t c) {
  if (c == 0) return "id";
  if (c == 2) return "ref_" + std::to_string(dataset);
  return std::string(kWords[(dataset + c) % 12]) + "_col_" + std::to_string(c);
}

void Check(const arrow::Status& status, const char* what) {
  if (!status.ok()) {
    std::cerr << what << ": " << status.ToString() << std::endl;
    std::exit(1);
  }
}

/// INSERTs `rows` (each `width` values) in statements of at most 400 rows.
void InsertRows(SqlConnection& connection, const std::string& head, int width,
                const std::vector<SqlValue>& values) {
  const std::string row = "(" + [&] {
    std::string marks;
    for (int i = 0; i < width; ++i) marks += i ? ", ?" : "?";
    return marks;
  }() + ")";
  const size_t rows = values.size() / width;
  for (size_t start = 0; start < rows; start += 400) {
    const size_t count = std::min<size_t>(400, rows - start);
    std::string sql = head + " VALUES ";
    for (size_t i = 0; i < count; ++i) sql += (i ? ", " : "") + row;
    std::vector<SqlValue> chunk(values.begin() + start * width,
                                values.begin() + (start + count) * width);
    Check(connection.Query(sql, chunk).status(), "insert");
  }
}

void Fill(SqlConnection& connection, const Options& options) {
  Check(warden::catalog::MigrateToLatest(connection), "migrate");
  Check(connection.Begin(warden::catalog::Isolation::kReadCommitted), "begin");
  Check(connection.Query("INSERT INTO attributes(attr_namespace, attr_key, owner, "
                         "created_at_ms) VALUES ('pii', 'email', 'bench', 0), "
                         "('finance', 'restricted', 'bench', 0)")
            .status(),
        "attributes");
  std::vector<SqlValue> databases;
  for (int64_t d = 0; d < options.databases; ++d) {
    databases.insert(databases.end(), {"db_" + std::to_string(d), std::string("bench"),
                                       std::string("database ") + std::to_string(d), int64_t{0}});
  }
  InsertRows(connection, "INSERT INTO databases(name, owner, comment, created_at_ms)", 4,
             databases);
  Check(connection.Commit(), "commit");
  const int64_t batch = 2000;
  for (int64_t first = 0; first < options.datasets; first += batch) {
    Check(connection.Begin(warden::catalog::Isolation::kReadCommitted), "begin");
    std::vector<SqlValue> datasets, columns, attributes;
    for (int64_t i = first; i < std::min(options.datasets, first + batch); ++i) {
      const std::string database = "db_" + std::to_string(i % options.databases);
      const std::string name = DatasetName(i);
      arrow::FieldVector fields;
      for (int64_t c = 0; c < options.columns; ++c) {
        fields.push_back(arrow::field(ColumnName(i, c), c == 0 ? arrow::int64() : arrow::utf8()));
        columns.insert(columns.end(), {database, name, c, ColumnName(i, c),
                                       std::string(c == 0 ? "bigint" : "string"),
                                       std::string(c == 1 ? "the " + std::string(kWords[i % 12]) : "")});
      }
      const std::string schema = warden::EncodeSchema(*arrow::schema(fields)).ValueOrDie();
      datasets.insert(datasets.end(),
                      {database, name, "file:///lake/" + name, std::string("parquet"), schema,
                       std::string("bench"), "dataset of " + std::string(kWords[i % 12]) + "s",
                       int64_t{0}});
      if (i % 10 == 0) {
        attributes.insert(attributes.end(), {database, name, ColumnName(i, 1), std::string("pii"),
                                             std::string("email")});
      }
    }
    InsertRows(connection,
               "INSERT INTO datasets(database_name, name, location, format, schema_ipc, owner, "
               "comment, created_at_ms)",
               8, datasets);
    InsertRows(connection,
               "INSERT INTO dataset_columns(database_name, dataset_name, position, name, "
               "type_name, comment)",
               6, columns);
    InsertRows(connection,
               "INSERT INTO dataset_attributes(database_name, dataset_name, column_name, "
               "attr_namespace, attr_key)",
               5, attributes);
    Check(connection.Commit(), "commit");
  }
  // The search index, built by the store's own code (as migration 3 does).
  Check(connection.Begin(warden::catalog::Isolation::kReadCommitted), "begin");
  Check(warden::catalog::internal::RefreshAllSearchEntries(connection), "search index");
  Check(connection.Commit(), "commit");
  // Both planners choose better with fresh statistics after a bulk load.
  Check(connection.ExecuteScript("ANALYZE"), "analyze");
}

template <typename Call>
void Time(const std::string& name, int iterations, Call&& call) {
  std::vector<double> ms;
  size_t results = 0;
  for (int i = 0; i < iterations; ++i) {
    const auto start = Clock::now();
    results += call(i);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  const auto at = [&](double q) { return ms[std::min(ms.size() - 1, size_t(q * ms.size()))]; };
  std::printf("| %-36s | %8.2f | %8.2f | %8.2f | %8.1f |\n", name.c_str(), at(0.5), at(0.99),
              ms.back(), double(results) / iterations);
}

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"Warden catalog latency benchmark"};
  app.add_option("--store", options.store, "sqlite or postgresql")
      ->check(CLI::IsMember({"sqlite", "postgresql"}));
  app.add_option("--uri", options.uri, "an existing, empty metadata store");
  app.add_option("--datasets", options.datasets);
  app.add_option("--columns", options.columns);
  app.add_option("--databases", options.databases);
  app.add_option("--iterations", options.iterations);
  app.add_flag("--reuse", options.reuse, "with --uri: the store is already filled");
  CLI11_PARSE(app, argc, argv);

  std::unique_ptr<warden::catalog::testing::PostgresServer> server;
  std::filesystem::path sqlite_file;
  if (options.uri.empty() && options.store == "sqlite") {
    sqlite_file = std::filesystem::temp_directory_path() / "warden_catalog_bench.db";
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(sqlite_file.string() + suffix);
    }
    options.uri = "sqlite://" + sqlite_file.string();
  } else if (options.uri.empty()) {
    server = warden::catalog::testing::PostgresServer::Start().ValueOrDie();
    options.uri = server->CreateDatabase("bench").ValueOrDie();
  }
  const auto fill_start = Clock::now();
  {
    auto connection =
        options.store == "sqlite"
            ? std::unique_ptr<SqlConnection>(
                  warden::catalog::SqliteConnection::Make(options.uri.substr(9)).ValueOrDie())
            : std::unique_ptr<SqlConnection>(
                  warden::catalog::PostgresConnection::Make(options.uri).ValueOrDie());
    if (!options.reuse) Fill(*connection, options);
  }
  std::printf("%s: %lld datasets, %lld columns, %lld databases, filled in %.0f s\n\n",
              options.store.c_str(), static_cast<long long>(options.datasets),
              static_cast<long long>(options.datasets * options.columns),
              static_cast<long long>(options.databases),
              std::chrono::duration<double>(Clock::now() - fill_start).count());
  auto store = warden::catalog::MetaStore::Open(options.uri).ValueOrDie();

  std::mt19937 random(42);
  const auto dataset = [&] { return std::uniform_int_distribution<int64_t>(0, options.datasets - 1)(random); };
  std::printf("| %-36s | %8s | %8s | %8s | %8s |\n", "call", "p50 ms", "p99 ms", "max ms",
              "results");
  std::printf("|%s|%s|%s|%s|%s|\n", std::string(38, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str(), std::string(10, '-').c_str(),
              std::string(10, '-').c_str());
  Time("ListDatabases", options.iterations,
       [&](int) { return store->ListDatabases().ValueOrDie().size(); });
  Time("ListDatasets (one database)", options.iterations, [&](int i) {
    return store->ListDatasets("db_" + std::to_string(i % options.databases)).ValueOrDie().size();
  });
  Time("ListDatasetSummaries (one database)", options.iterations, [&](int i) {
    return store->ListDatasetSummaries("db_" + std::to_string(i % options.databases))
        .ValueOrDie()
        .size();
  });
  Time("GetDataset (DESCRIBE)", options.iterations, [&](int) {
    const int64_t i = dataset();
    auto found = store->GetDataset("db_" + std::to_string(i % options.databases), DatasetName(i))
                     .ValueOrDie();
    return found ? found->columns.size() : size_t(0);
  });
  // SHOW TABLES IN db as the planner runs it (governance_executor.cc): summaries, then the
  // principal's visibility, for three shapes of grants.
  warden::policy::AccessController access(store.get());
  const auto show_tables = [&](const warden::policy::Principal& principal, int i) {
    const std::string database = "db_" + std::to_string(i % options.databases);
    auto summaries = store->ListDatasetSummaries(database).ValueOrDie();
    return access.VisibleDatasets(principal, database, std::move(summaries)).ValueOrDie().size();
  };
  const auto grant = [](warden::catalog::GrantScope scope, std::string database,
                        std::string dataset, std::vector<std::string> columns = {}) {
    warden::catalog::GrantInfo g;
    g.privilege = "SELECT";
    g.scope = scope;
    g.database = std::move(database);
    g.dataset = std::move(dataset);
    g.columns = std::move(columns);
    return g;
  };
  warden::policy::Principal by_database{"u", {}, {"r"}, {}, {}};
  for (int64_t d = 0; d < options.databases; ++d) {
    by_database.grants.push_back(
        grant(warden::catalog::GrantScope::kDatabase, "db_" + std::to_string(d), ""));
  }
  // 1,000 table grants, a tenth of them on a column list (their details are read).
  warden::policy::Principal by_table{"u", {}, {"r"}, {}, {}};
  for (int64_t i = 0; i < std::min<int64_t>(1000, options.datasets); ++i) {
    const int64_t k = i * std::max<int64_t>(1, options.datasets / 1000);
    by_table.grants.push_back(grant(warden::catalog::GrantScope::kDataset,
                                    "db_" + std::to_string(k % options.databases),
                                    DatasetName(k),
                                    i % 10 == 0 ? std::vector<std::string>{"id"}
                                                : std::vector<std::string>{}));
  }
  Time("SHOW TABLES, database grant", options.iterations,
       [&](int i) { return show_tables(by_database, i); });
  Time("SHOW TABLES, 1,000 table grants", options.iterations,
       [&](int i) { return show_tables(by_table, i); });
  warden::policy::Principal by_attribute{"u", {}, {"r"}, {}, {}};
  auto attribute_grant = grant(warden::catalog::GrantScope::kCatalog, "", "");
  attribute_grant.attributes = {warden::catalog::AttributeName{"pii", "email"}};
  by_attribute.grants.push_back(attribute_grant);
  Time("SHOW TABLES, HAVING ATTRIBUTE grant", options.iterations,
       [&](int i) { return show_tables(by_attribute, i); });
  // The same answer from every dataset's full details (how SHOW TABLES read them before
  // ListDatasetAttributes), for comparison in the same run.
  Time("  same from full details (ListDatasets)", options.iterations, [&](int i) {
    size_t visible = 0;
    for (const auto& dataset :
         store->ListDatasets("db_" + std::to_string(i % options.databases)).ValueOrDie()) {
      visible += access.CanSeeDataset(by_attribute, dataset);
    }
    return visible;
  });
  // NOT IN needs the column names as well: the wider of the two narrow reads.
  warden::policy::Principal by_negated = by_attribute;
  by_negated.grants[0].attributes_negated = true;
  Time("SHOW TABLES, HAVING ATTRIBUTE NOT IN", options.iterations,
       [&](int i) { return show_tables(by_negated, i); });

  warden::catalog::DatasetSearch search;
  search.limit = 50;
  Time("Search name substring", options.iterations, [&](int) {
    search = {};
    search.limit = 50;
    search.text = "_" + std::to_string(dataset());
    return store->SearchDatasets(search).ValueOrDie().size();
  });
  Time("Search two words", options.iterations, [&](int i) {
    search = {};
    search.limit = 50;
    search.text = std::string(kWords[i % 12]) + " " + kWords[(i + 5) % 12];
    return store->SearchDatasets(search).ValueOrDie().size();
  });
  Time("Search attribute pii.email", options.iterations, [&](int i) {
    search = {};
    search.limit = 50;
    search.offset = (i % 20) * 50;
    search.attribute = warden::catalog::AttributeName{"pii", "email"};
    return store->SearchDatasets(search).ValueOrDie().size();
  });
  Time("Search column name", options.iterations, [&](int i) {
    search = {};
    search.limit = 50;
    search.column = std::string(kWords[i % 12]) + "_col_" + std::to_string(3 + i % 7);
    return store->SearchDatasets(search).ValueOrDie().size();
  });
  Time("Search rare column (few hits)", options.iterations, [&](int) {
    search = {};
    search.limit = 50;
    search.column = "no_such_column_" + std::to_string(dataset());
    return store->SearchDatasets(search).ValueOrDie().size();
  });
  store.reset();
  if (!sqlite_file.empty()) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(sqlite_file.string() + suffix);
    }
  }
  return 0;
}
