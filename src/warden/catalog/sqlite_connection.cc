#include "warden/catalog/sqlite_connection.h"

#include <sqlite3.h>

#include <chrono>
#include <thread>

namespace warden::catalog {

namespace {

/// How long a connection waits for another one's lock (sqlite3_busy_timeout).
constexpr int kBusyTimeoutMs = 10000;

/// Finalizes a prepared statement on every path out of Query.
struct StatementGuard {
  sqlite3_stmt* stmt = nullptr;
  ~StatementGuard() { sqlite3_finalize(stmt); }
};

}  // namespace

arrow::Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Make(
    const std::string& path) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE,
                      nullptr) != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error(ErrorCode::kUnavailable,
                 "cannot open metadata store " + path + ": " + message);
  }
  std::unique_ptr<SqliteConnection> connection(new SqliteConnection(db));
  sqlite3_busy_timeout(db, kBusyTimeoutMs);
  ARROW_RETURN_NOT_OK(connection->UseWriteAheadLog());
  // A 64 MiB page cache and memory-mapped reads keep a large catalog's hot pages out of
  // read(2) calls (SQLite's defaults are sized for phones).
  ARROW_RETURN_NOT_OK(connection->ExecuteScript(
      "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536; PRAGMA mmap_size=268435456;"));
  return connection;
}

arrow::Status SqliteConnection::UseWriteAheadLog() {
  // Switching a new database file to WAL takes an exclusive lock, and SQLite reports
  // SQLITE_BUSY at once, without its busy handler, when processes opening the same new
  // file at the same moment hold it: planners starting together failed "database is
  // locked". Retry for as long as the busy timeout would have waited.
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
  auto pause = std::chrono::milliseconds(1);
  while (true) {
    const int rc = sqlite3_exec(db_, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    if (rc == SQLITE_OK) return arrow::Status::OK();
    if ((rc & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline) {
      return Failure(sqlite3_extended_errcode(db_));
    }
    std::this_thread::sleep_for(pause);
    pause = std::min(pause * 2, std::chrono::milliseconds(50));
  }
}

SqliteConnection::~SqliteConnection() { sqlite3_close(db_); }

arrow::Status SqliteConnection::Failure(int code) const {
  const std::string message = std::string("metadata store: ") + sqlite3_errmsg(db_);
  switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return TransactionConflict(message);
    case SQLITE_CONSTRAINT:
      if (code == SQLITE_CONSTRAINT_PRIMARYKEY || code == SQLITE_CONSTRAINT_UNIQUE) {
        return Error(ErrorCode::kCatalogAlreadyExists, "object already exists");
      }
      if (code == SQLITE_CONSTRAINT_FOREIGNKEY) {
        return Error(ErrorCode::kCatalogNotFound, "a referenced catalog object is missing");
      }
      return Error(ErrorCode::kInternal, message);
    default: return Error(ErrorCode::kInternal, message);
  }
}

arrow::Result<SqlRows> SqliteConnection::Query(std::string_view sql,
                                               const std::vector<SqlValue>& params) {
  StatementGuard statement;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()),
                              &statement.stmt, nullptr);
  if (rc != SQLITE_OK) return Failure(rc);
  for (size_t i = 0; i < params.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (const auto* text = std::get_if<std::string>(&params[i])) {
      sqlite3_bind_text(statement.stmt, index, text->data(), static_cast<int>(text->size()),
                        SQLITE_TRANSIENT);
    } else if (const auto* number = std::get_if<int64_t>(&params[i])) {
      sqlite3_bind_int64(statement.stmt, index, *number);
    } else {
      sqlite3_bind_null(statement.stmt, index);
    }
  }
  SqlRows out;
  while (true) {
    rc = sqlite3_step(statement.stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return Failure(sqlite3_extended_errcode(db_));
    const int columns = sqlite3_column_count(statement.stmt);
    auto& row = out.rows.emplace_back(columns);
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(statement.stmt, c) == SQLITE_NULL) continue;
      auto* text = reinterpret_cast<const char*>(sqlite3_column_text(statement.stmt, c));
      row[c] = std::string(text, sqlite3_column_bytes(statement.stmt, c));
    }
  }
  out.affected = sqlite3_changes(db_);
  return out;
}

arrow::Status SqliteConnection::ExecuteScript(std::string_view sql) {
  char* message = nullptr;
  const std::string text(sql);
  const int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (rc != SQLITE_OK) return Failure(sqlite3_extended_errcode(db_));
  return arrow::Status::OK();
}

arrow::Status SqliteConnection::Begin(Isolation) {
  // IMMEDIATE takes the write lock up front, so two writers never deadlock on an upgrade.
  return ExecuteScript("BEGIN IMMEDIATE");
}

arrow::Status SqliteConnection::Commit() { return ExecuteScript("COMMIT"); }

arrow::Status SqliteConnection::Rollback() {
  if (sqlite3_get_autocommit(db_)) return arrow::Status::OK();  // already rolled back
  return ExecuteScript("ROLLBACK");
}

}  // namespace warden::catalog
