#pragma once

#include <memory>
#include <string>

#include "warden/catalog/sql_connection.h"

struct pg_conn;

namespace warden::catalog {

/// SqlConnection to a PostgreSQL server through libpq. DDL transactions run SERIALIZABLE;
/// PostgreSQL aborts one of two conflicting transactions, which the store retries.
class PostgresConnection : public SqlConnection {
 public:
  /// Connects to `uri` (postgresql://user[:password]@host[:port]/database[?…], as libpq
  /// reads it). kUnavailable when the server cannot be reached or refuses the login.
  static arrow::Result<std::unique_ptr<PostgresConnection>> Make(const std::string& uri);
  ~PostgresConnection() override;

  arrow::Result<SqlRows> Query(std::string_view sql,
                               const std::vector<SqlValue>& params) override;
  arrow::Status ExecuteScript(std::string_view sql) override;
  arrow::Status Begin(Isolation isolation) override;
  arrow::Status Commit() override;
  arrow::Status Rollback() override;
  arrow::Status LockForMigration() override;
  std::string_view dialect() const override { return "postgresql"; }

 private:
  explicit PostgresConnection(pg_conn* connection) : connection_(connection) {}

  pg_conn* connection_;
};

/// `sql` with each `?` outside quotes replaced by $1, $2, … (PostgreSQL's placeholders).
std::string NumberPlaceholders(std::string_view sql);

}  // namespace warden::catalog
