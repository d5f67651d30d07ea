#pragma once

#include <memory>
#include <string>

#include "warden/catalog/sql_connection.h"

struct sqlite3;

namespace warden::catalog {

/// SqlConnection over one embedded SQLite database file (WAL mode, foreign keys on).
/// Transactions are BEGIN IMMEDIATE: writers are serialized by SQLite's file lock.
class SqliteConnection : public SqlConnection {
 public:
  /// Opens or creates the database file at `path`.
  static arrow::Result<std::unique_ptr<SqliteConnection>> Make(const std::string& path);
  ~SqliteConnection() override;

  arrow::Result<SqlRows> Query(std::string_view sql,
                               const std::vector<SqlValue>& params) override;
  arrow::Status ExecuteScript(std::string_view sql) override;
  arrow::Status Begin(Isolation isolation) override;
  arrow::Status Commit() override;
  arrow::Status Rollback() override;
  arrow::Status LockForMigration() override { return arrow::Status::OK(); }
  std::string_view dialect() const override { return "sqlite"; }

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  arrow::Status Failure(int code) const;
  arrow::Status UseWriteAheadLog();

  sqlite3* db_;
};

}  // namespace warden::catalog
