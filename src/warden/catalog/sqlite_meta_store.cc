#include "warden/catalog/sqlite_meta_store.h"

#include <sqlite3.h>

#include "warden/catalog/migrations.h"
#include "warden/catalog/sqlite_statement_internal.h"
#include "warden/common/arrow_codec.h"
#include "warden/common/error.h"

namespace warden::catalog {

using internal::InTransaction;
using internal::SqliteStatement;

namespace {

arrow::Status Exec(sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    std::string text = message ? message : "unknown error";
    sqlite3_free(message);
    return Error(ErrorCode::kInternal, "metadata store: " + text);
  }
  return arrow::Status::OK();
}

arrow::Result<DatasetInfo> ReadDataset(const SqliteStatement& row) {
  DatasetInfo dataset;
  dataset.database = row.Text(0);
  dataset.name = row.Text(1);
  dataset.location = row.Text(2);
  dataset.format = row.Text(3);
  ARROW_ASSIGN_OR_RAISE(dataset.schema, DecodeSchema(row.Text(4)));
  dataset.owner = row.Text(5);
  dataset.comment = row.Text(6);
  dataset.created_at_ms = row.Int(7);
  return dataset;
}

constexpr const char* kDatasetColumns =
    "SELECT database_name, name, location, format, schema_ipc, owner, comment, "
    "created_at_ms FROM datasets ";

}  // namespace

arrow::Result<std::unique_ptr<SqliteMetaStore>> SqliteMetaStore::Make(
    const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX,
                      nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error(ErrorCode::kUnavailable,
                 "cannot open metadata store " + path + ": " + message);
  }
  std::unique_ptr<SqliteMetaStore> store(new SqliteMetaStore(db));
  sqlite3_busy_timeout(db, 5000);
  ARROW_RETURN_NOT_OK(Exec(db, "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;"));
  ARROW_RETURN_NOT_OK(store->Migrate());
  return store;
}

SqliteMetaStore::~SqliteMetaStore() { sqlite3_close(db_); }

arrow::Status SqliteMetaStore::Migrate() {
  std::lock_guard lock(mutex_);
  ARROW_RETURN_NOT_OK(Exec(db_,
                           "CREATE TABLE IF NOT EXISTS schema_migrations ("
                           "version INTEGER PRIMARY KEY, applied_at_ms BIGINT NOT NULL)"));
  const auto& migrations = MetadataMigrations();
  return InTransaction(db_, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(
        auto current, SqliteStatement::Prepare(
                          db_, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
    ARROW_RETURN_NOT_OK(current.Step());
    const int64_t version = current.Int(0);
    if (version > static_cast<int64_t>(migrations.size())) {
      return Error(ErrorCode::kUnavailable,
                   "metadata store was written by a newer Warden (schema version " +
                       std::to_string(version) + ")");
    }
    for (size_t i = static_cast<size_t>(version); i < migrations.size(); ++i) {
      ARROW_RETURN_NOT_OK(Exec(db_, std::string(migrations[i]).c_str()));
      ARROW_ASSIGN_OR_RAISE(
          auto record,
          SqliteStatement::Prepare(
              db_, "INSERT INTO schema_migrations(version, applied_at_ms) VALUES (?, "
                   "CAST(strftime('%s','now') AS INTEGER) * 1000)"));
      ARROW_RETURN_NOT_OK(record.Bind(1, static_cast<int64_t>(i + 1)).Run());
    }
    return arrow::Status::OK();
  });
}

arrow::Result<bool> SqliteMetaStore::DatabaseExists(const std::string& name) {
  ARROW_ASSIGN_OR_RAISE(auto query,
                        SqliteStatement::Prepare(db_, "SELECT 1 FROM databases WHERE name = ?"));
  return query.Bind(1, name).Step();
}

arrow::Status SqliteMetaStore::CreateDatabase(const DatabaseInfo& database,
                                              bool if_not_exists) {
  std::lock_guard lock(mutex_);
  return InTransaction(db_, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(bool exists, DatabaseExists(database.name));
    if (exists) {
      if (if_not_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogAlreadyExists,
                   "database " + database.name + " already exists");
    }
    ARROW_ASSIGN_OR_RAISE(auto insert,
                          SqliteStatement::Prepare(
                              db_,
                              "INSERT INTO databases(name, owner, comment, created_at_ms) "
                              "VALUES (?, ?, ?, ?)"));
    return insert.Bind(1, database.name)
        .Bind(2, database.owner)
        .Bind(3, database.comment)
        .Bind(4, database.created_at_ms)
        .Run();
  });
}

arrow::Status SqliteMetaStore::DropDatabase(const std::string& name, bool if_exists,
                                            bool cascade) {
  std::lock_guard lock(mutex_);
  return InTransaction(db_, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(bool exists, DatabaseExists(name));
    if (!exists) {
      if (if_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogNotFound, "database " + name + " not found");
    }
    ARROW_ASSIGN_OR_RAISE(
        auto count,
        SqliteStatement::Prepare(db_, "SELECT COUNT(*) FROM datasets WHERE database_name = ?"));
    ARROW_RETURN_NOT_OK(count.Bind(1, name).Step());
    if (count.Int(0) > 0 && !cascade) {
      return Error(ErrorCode::kCatalogNotEmpty,
                   "database " + name + " is not empty; use DROP DATABASE … CASCADE");
    }
    ARROW_ASSIGN_OR_RAISE(
        auto drop_datasets,
        SqliteStatement::Prepare(db_, "DELETE FROM datasets WHERE database_name = ?"));
    ARROW_RETURN_NOT_OK(drop_datasets.Bind(1, name).Run());
    ARROW_ASSIGN_OR_RAISE(auto drop,
                          SqliteStatement::Prepare(db_, "DELETE FROM databases WHERE name = ?"));
    return drop.Bind(1, name).Run();
  });
}

arrow::Result<std::vector<DatabaseInfo>> SqliteMetaStore::ListDatabases() {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(
      auto query,
      SqliteStatement::Prepare(
          db_, "SELECT name, owner, comment, created_at_ms FROM databases ORDER BY name"));
  std::vector<DatabaseInfo> out;
  while (true) {
    ARROW_ASSIGN_OR_RAISE(bool row, query.Step());
    if (!row) break;
    out.push_back({query.Text(0), query.Text(1), query.Text(2), query.Int(3)});
  }
  return out;
}

arrow::Result<std::optional<DatabaseInfo>> SqliteMetaStore::GetDatabase(
    const std::string& name) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(auto query,
                        SqliteStatement::Prepare(db_,
                                                 "SELECT name, owner, comment, created_at_ms "
                                                 "FROM databases WHERE name = ?"));
  ARROW_ASSIGN_OR_RAISE(bool row, query.Bind(1, name).Step());
  if (!row) return std::nullopt;
  return DatabaseInfo{query.Text(0), query.Text(1), query.Text(2), query.Int(3)};
}

arrow::Status SqliteMetaStore::CreateDataset(const DatasetInfo& dataset, bool if_not_exists) {
  ARROW_ASSIGN_OR_RAISE(auto schema_text, EncodeSchema(*dataset.schema));
  std::lock_guard lock(mutex_);
  return InTransaction(db_, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(bool database_exists, DatabaseExists(dataset.database));
    if (!database_exists) {
      return Error(ErrorCode::kCatalogNotFound, "database " + dataset.database + " not found");
    }
    ARROW_ASSIGN_OR_RAISE(auto existing,
                          SqliteStatement::Prepare(
                              db_, "SELECT 1 FROM datasets WHERE database_name = ? AND name = ?"));
    ARROW_ASSIGN_OR_RAISE(bool exists,
                          existing.Bind(1, dataset.database).Bind(2, dataset.name).Step());
    if (exists) {
      if (if_not_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogAlreadyExists,
                   "table " + dataset.QualifiedName() + " already exists");
    }
    ARROW_ASSIGN_OR_RAISE(
        auto insert,
        SqliteStatement::Prepare(
            db_,
            "INSERT INTO datasets(database_name, name, location, format, schema_ipc, owner, "
            "comment, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
    return insert.Bind(1, dataset.database)
        .Bind(2, dataset.name)
        .Bind(3, dataset.location)
        .Bind(4, dataset.format)
        .Bind(5, schema_text)
        .Bind(6, dataset.owner)
        .Bind(7, dataset.comment)
        .Bind(8, dataset.created_at_ms)
        .Run();
  });
}

arrow::Status SqliteMetaStore::DropDataset(const std::string& database,
                                           const std::string& name, bool if_exists) {
  std::lock_guard lock(mutex_);
  return InTransaction(db_, [&]() -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(
        auto drop,
        SqliteStatement::Prepare(db_, "DELETE FROM datasets WHERE database_name = ? AND name = ?"));
    ARROW_RETURN_NOT_OK(drop.Bind(1, database).Bind(2, name).Run());
    if (sqlite3_changes(db_) == 0 && !if_exists) {
      return Error(ErrorCode::kCatalogNotFound, "table " + database + "." + name + " not found");
    }
    return arrow::Status::OK();
  });
}

arrow::Result<std::vector<DatasetInfo>> SqliteMetaStore::ListDatasets(
    const std::string& database) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(bool database_exists, DatabaseExists(database));
  if (!database_exists) {
    return Error(ErrorCode::kCatalogNotFound, "database " + database + " not found");
  }
  ARROW_ASSIGN_OR_RAISE(
      auto query, SqliteStatement::Prepare(
                      db_, std::string(kDatasetColumns) +
                               "WHERE database_name = ? ORDER BY name"));
  query.Bind(1, database);
  std::vector<DatasetInfo> out;
  while (true) {
    ARROW_ASSIGN_OR_RAISE(bool row, query.Step());
    if (!row) break;
    ARROW_ASSIGN_OR_RAISE(auto dataset, ReadDataset(query));
    out.push_back(std::move(dataset));
  }
  return out;
}

arrow::Result<std::optional<DatasetInfo>> SqliteMetaStore::GetDataset(
    const std::string& database, const std::string& name) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(
      auto query,
      SqliteStatement::Prepare(
          db_, std::string(kDatasetColumns) + "WHERE database_name = ? AND name = ?"));
  ARROW_ASSIGN_OR_RAISE(bool row, query.Bind(1, database).Bind(2, name).Step());
  if (!row) return std::nullopt;
  return ReadDataset(query);
}

arrow::Status SqliteMetaStore::PutUser(const UserRecord& user) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(
      auto upsert, SqliteStatement::Prepare(
                       db_,
                       "INSERT INTO users(name, password_hash) VALUES (?, ?) "
                       "ON CONFLICT(name) DO UPDATE SET password_hash = excluded.password_hash"));
  return upsert.Bind(1, user.name).Bind(2, user.password_hash).Run();
}

arrow::Result<std::optional<UserRecord>> SqliteMetaStore::GetUser(const std::string& name) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(
      auto query,
      SqliteStatement::Prepare(db_, "SELECT name, password_hash FROM users WHERE name = ?"));
  ARROW_ASSIGN_OR_RAISE(bool row, query.Bind(1, name).Step());
  if (!row) return std::nullopt;
  return UserRecord{query.Text(0), query.Text(1)};
}

arrow::Status SqliteMetaStore::GrantRoleToUser(const std::string& role,
                                               const std::string& user) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(
      auto insert, SqliteStatement::Prepare(
                       db_,
                       "INSERT INTO role_members(role, member_kind, member) VALUES (?, 'user', "
                       "?) ON CONFLICT DO NOTHING"));
  return insert.Bind(1, role).Bind(2, user).Run();
}

arrow::Result<std::vector<std::string>> SqliteMetaStore::RolesOfUser(const std::string& user) {
  std::lock_guard lock(mutex_);
  ARROW_ASSIGN_OR_RAISE(
      auto query,
      SqliteStatement::Prepare(db_,
                               "SELECT role FROM role_members WHERE member_kind = 'user' AND "
                               "member = ? ORDER BY role"));
  query.Bind(1, user);
  std::vector<std::string> roles;
  while (true) {
    ARROW_ASSIGN_OR_RAISE(bool row, query.Step());
    if (!row) break;
    roles.push_back(query.Text(0));
  }
  return roles;
}

}  // namespace warden::catalog
