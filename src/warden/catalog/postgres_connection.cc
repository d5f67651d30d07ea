#include "warden/catalog/postgres_connection.h"

#include <libpq-fe.h>

#include <cstring>

namespace warden::catalog {

namespace {

// Type OIDs of PostgreSQL's built-in text and int8 types (pg_type.h), so that parameters
// need no casts in the shared SQL.
constexpr Oid kTextOid = 25;
constexpr Oid kInt8Oid = 20;

// Any constant works; it names Warden's migration lock among advisory locks.
constexpr int64_t kMigrationLockKey = 0x5741524445;  // "WARDE"

/// Frees a PGresult on every path.
struct ResultGuard {
  PGresult* result;
  ~ResultGuard() { PQclear(result); }
};

void IgnoreNotice(void*, const char*) {}

/// The Status for a failed command, classified by its SQLSTATE.
arrow::Status Failure(pg_conn* connection, const PGresult* result) {
  std::string message = result ? PQresultErrorMessage(result) : "";
  if (message.empty()) message = PQerrorMessage(connection);
  while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
    message.pop_back();
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    return Error(ErrorCode::kUnavailable, "metadata store connection lost: " + message);
  }
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const std::string sqlstate = state ? state : "";
  if (sqlstate == "40001" || sqlstate == "40P01") {
    return TransactionConflict("metadata store: " + message);
  }
  if (sqlstate == "23505") {
    return Error(ErrorCode::kCatalogAlreadyExists, "object already exists");
  }
  if (sqlstate == "23503") {
    return Error(ErrorCode::kCatalogNotFound, "a referenced catalog object is missing");
  }
  return Error(ErrorCode::kInternal, "metadata store: " + message);
}

}  // namespace

std::string NumberPlaceholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int next = 1;
  char quote = 0;
  for (char c : sql) {
    if (quote) {
      if (c == quote) quote = 0;
      out.push_back(c);
    } else if (c == '\'' || c == '"') {
      quote = c;
      out.push_back(c);
    } else if (c == '?') {
      out += "$" + std::to_string(next++);
    } else {
      out.push_back(c);
    }
  }
  return out;
}

arrow::Result<std::unique_ptr<PostgresConnection>> PostgresConnection::Make(
    const std::string& uri) {
  // connect_timeout first: a value in the URI (expanded from dbname) overrides it.
  const char* keywords[] = {"connect_timeout", "dbname", nullptr};
  const char* values[] = {"10", uri.c_str(), nullptr};
  pg_conn* connection = PQconnectdbParams(keywords, values, /*expand_dbname=*/1);
  if (connection == nullptr) {
    return Error(ErrorCode::kUnavailable, "cannot allocate a PostgreSQL connection");
  }
  if (PQstatus(connection) != CONNECTION_OK) {
    std::string message = PQerrorMessage(connection);
    PQfinish(connection);
    while (!message.empty() && message.back() == '\n') message.pop_back();
    return Error(ErrorCode::kUnavailable, "cannot connect to metadata store: " + message);
  }
  PQsetNoticeProcessor(connection, IgnoreNotice, nullptr);
  return std::unique_ptr<PostgresConnection>(new PostgresConnection(connection));
}

PostgresConnection::~PostgresConnection() { PQfinish(connection_); }

arrow::Result<SqlRows> PostgresConnection::Query(std::string_view sql,
                                                 const std::vector<SqlValue>& params) {
  const std::string text = NumberPlaceholders(sql);
  std::vector<Oid> types(params.size(), 0);
  std::vector<std::string> storage(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  for (size_t i = 0; i < params.size(); ++i) {
    if (const auto* string = std::get_if<std::string>(&params[i])) {
      types[i] = kTextOid;
      storage[i] = *string;
      values[i] = storage[i].c_str();
    } else if (const auto* number = std::get_if<int64_t>(&params[i])) {
      types[i] = kInt8Oid;
      storage[i] = std::to_string(*number);
      values[i] = storage[i].c_str();
    }
  }
  ResultGuard result{PQexecParams(connection_, text.c_str(), static_cast<int>(params.size()),
                                  types.data(), values.data(), nullptr, nullptr,
                                  /*resultFormat=text*/ 0)};
  const auto status = PQresultStatus(result.result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Failure(connection_, result.result);
  }
  SqlRows out;
  const int rows = PQntuples(result.result);
  const int columns = PQnfields(result.result);
  out.rows.resize(rows);
  for (int r = 0; r < rows; ++r) {
    out.rows[r].resize(columns);
    for (int c = 0; c < columns; ++c) {
      if (PQgetisnull(result.result, r, c)) continue;
      out.rows[r][c] = std::string(PQgetvalue(result.result, r, c),
                                   PQgetlength(result.result, r, c));
    }
  }
  const char* affected = PQcmdTuples(result.result);
  out.affected = (affected && *affected) ? std::atoll(affected) : 0;
  return out;
}

arrow::Status PostgresConnection::ExecuteScript(std::string_view sql) {
  const std::string text(sql);
  ResultGuard result{PQexec(connection_, text.c_str())};
  const auto status = PQresultStatus(result.result);
  if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK) {
    return Failure(connection_, result.result);
  }
  return arrow::Status::OK();
}

arrow::Status PostgresConnection::Begin(Isolation isolation) {
  return ExecuteScript(isolation == Isolation::kSerializable
                           ? "BEGIN ISOLATION LEVEL SERIALIZABLE"
                           : "BEGIN ISOLATION LEVEL READ COMMITTED");
}

arrow::Status PostgresConnection::Commit() { return ExecuteScript("COMMIT"); }

arrow::Status PostgresConnection::Rollback() {
  if (PQtransactionStatus(connection_) == PQTRANS_IDLE) return arrow::Status::OK();
  return ExecuteScript("ROLLBACK");
}

arrow::Status PostgresConnection::LockForMigration() {
  return Query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey}).status();
}

}  // namespace warden::catalog
