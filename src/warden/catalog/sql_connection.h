#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include <arrow/result.h>
#include <arrow/status.h>

#include "warden/common/error.h"

/// The small SQL connection interface the metadata store is written against, with one driver
/// per database (sqlite_connection.h, postgres_connection.h). Statements use `?` positional
/// parameters in the SQL subset SQLite and PostgreSQL share; drivers translate as needed.
namespace warden::catalog {

/// A bound parameter: text, a 64-bit integer or NULL.
using SqlValue = std::variant<std::monostate, std::string, int64_t>;

/// The rows of one statement, fully read (catalog results are small), and how many rows an
/// INSERT/UPDATE/DELETE changed.
class SqlRows {
 public:
  std::vector<std::vector<std::optional<std::string>>> rows;
  int64_t affected = 0;

  bool empty() const { return rows.empty(); }
  size_t size() const { return rows.size(); }
  std::string Text(size_t row, size_t column) const {
    return rows[row][column].value_or(std::string());
  }
  int64_t Int(size_t row, size_t column) const;
};

enum class Isolation {
  kSerializable,   // every DDL: concurrent writers are serialized or retried
  kReadCommitted,  // migrations, which serialize themselves with a lock first
};

/// Marks a transaction that lost a race (PostgreSQL serialization failure or deadlock,
/// SQLite busy): the whole transaction may be retried.
class TransactionConflictDetail : public WardenErrorDetail {
 public:
  TransactionConflictDetail() : WardenErrorDetail(ErrorCode::kUnavailable) {}
  const char* type_id() const override { return "warden::TransactionConflictDetail"; }
};

arrow::Status TransactionConflict(const std::string& message);
bool IsTransactionConflict(const arrow::Status& status);

/// One connection to a SQL database. Not thread-safe: one thread at a time (the store's pool
/// hands a connection to one caller).
class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  /// Runs `sql` with parameters bound to its `?` placeholders. A unique-key violation is
  /// kCatalogAlreadyExists; a lost race is a TransactionConflict; other failures kInternal.
  virtual arrow::Result<SqlRows> Query(std::string_view sql,
                                       const std::vector<SqlValue>& params = {}) = 0;
  /// Runs a script of several statements without parameters (migrations).
  virtual arrow::Status ExecuteScript(std::string_view sql) = 0;

  virtual arrow::Status Begin(Isolation isolation) = 0;
  virtual arrow::Status Commit() = 0;
  virtual arrow::Status Rollback() = 0;

  /// Inside a transaction: blocks other connections' migrations until this one ends.
  virtual arrow::Status LockForMigration() = 0;

  /// "sqlite" or "postgresql".
  virtual std::string_view dialect() const = 0;
};

}  // namespace warden::catalog
