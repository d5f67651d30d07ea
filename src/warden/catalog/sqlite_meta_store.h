#pragma once

#include <memory>
#include <mutex>
#include <string>

#include "warden/catalog/meta_store.h"

struct sqlite3;

namespace warden::catalog {

/// MetaStore on one embedded SQLite database (WAL mode). Thread-safe: one connection,
/// every call serialized by `mutex_` — enough for a single planner; several planners use
/// the PostgreSQL store.
class SqliteMetaStore : public MetaStore {
 public:
  /// Opens or creates the database file at `path` and migrates it.
  static arrow::Result<std::unique_ptr<SqliteMetaStore>> Make(const std::string& path);
  ~SqliteMetaStore() override;

  arrow::Status CreateDatabase(const DatabaseInfo& database, bool if_not_exists) override;
  arrow::Status DropDatabase(const std::string& name, bool if_exists, bool cascade) override;
  arrow::Result<std::vector<DatabaseInfo>> ListDatabases() override;
  arrow::Result<std::optional<DatabaseInfo>> GetDatabase(const std::string& name) override;

  arrow::Status CreateDataset(const DatasetInfo& dataset, bool if_not_exists) override;
  arrow::Status DropDataset(const std::string& database, const std::string& name,
                            bool if_exists) override;
  arrow::Result<std::vector<DatasetInfo>> ListDatasets(const std::string& database) override;
  arrow::Result<std::optional<DatasetInfo>> GetDataset(const std::string& database,
                                                       const std::string& name) override;

  arrow::Status PutUser(const UserRecord& user) override;
  arrow::Result<std::optional<UserRecord>> GetUser(const std::string& name) override;
  arrow::Status GrantRoleToUser(const std::string& role, const std::string& user) override;
  arrow::Result<std::vector<std::string>> RolesOfUser(const std::string& user) override;

 private:
  explicit SqliteMetaStore(sqlite3* db) : db_(db) {}
  arrow::Status Migrate();
  arrow::Result<bool> DatabaseExists(const std::string& name);

  std::mutex mutex_;
  sqlite3* db_;  // GUARDED_BY(mutex_)
};

}  // namespace warden::catalog
