#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <string>
#include <string_view>

#include <arrow/result.h>
#include <arrow/status.h>

#include "warden/common/error.h"

namespace warden::catalog::internal {

/// A prepared SQLite statement with positional binding (1-based) and RAII finalization.
/// Not thread-safe; used under the store's mutex.
class SqliteStatement {
 public:
  static arrow::Result<SqliteStatement> Prepare(sqlite3* db, std::string_view sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK) {
      return Error(ErrorCode::kInternal,
                   std::string("metadata store: ") + sqlite3_errmsg(db));
    }
    return SqliteStatement(db, stmt);
  }
  SqliteStatement(SqliteStatement&& other) noexcept
      : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)) {}
  SqliteStatement(const SqliteStatement&) = delete;
  ~SqliteStatement() { sqlite3_finalize(stmt_); }

  SqliteStatement& Bind(int index, std::string_view text) {
    sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()),
                      SQLITE_TRANSIENT);
    return *this;
  }
  SqliteStatement& Bind(int index, int64_t value) {
    sqlite3_bind_int64(stmt_, index, value);
    return *this;
  }

  /// Advances: true when a row is available, false when done.
  arrow::Result<bool> Step() {
    int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW) return true;
    if (rc == SQLITE_DONE) return false;
    if (rc == SQLITE_CONSTRAINT) {
      return Error(ErrorCode::kCatalogAlreadyExists, "object already exists");
    }
    return Error(ErrorCode::kInternal, std::string("metadata store: ") + sqlite3_errmsg(db_));
  }
  arrow::Status Run() { return Step().status(); }

  std::string Text(int column) const {
    auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    return text ? std::string(text, sqlite3_column_bytes(stmt_, column)) : std::string();
  }
  int64_t Int(int column) const { return sqlite3_column_int64(stmt_, column); }

 private:
  SqliteStatement(sqlite3* db, sqlite3_stmt* stmt) : db_(db), stmt_(stmt) {}
  sqlite3* db_;
  sqlite3_stmt* stmt_;
};

/// Runs `body` inside BEGIN IMMEDIATE … COMMIT, rolling back when it fails.
template <typename Body>
arrow::Status InTransaction(sqlite3* db, Body&& body) {
  ARROW_ASSIGN_OR_RAISE(auto begin, SqliteStatement::Prepare(db, "BEGIN IMMEDIATE"));
  ARROW_RETURN_NOT_OK(begin.Run());
  arrow::Status status = body();
  const char* end_sql = status.ok() ? "COMMIT" : "ROLLBACK";
  ARROW_ASSIGN_OR_RAISE(auto end, SqliteStatement::Prepare(db, end_sql));
  arrow::Status end_status = end.Run();
  return status.ok() ? end_status : status;
}

}  // namespace warden::catalog::internal
