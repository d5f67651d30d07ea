#include "warden/catalog/meta_store.h"

#include "warden/catalog/postgres_connection.h"
#include "warden/catalog/sql_meta_store.h"
#include "warden/catalog/sqlite_connection.h"
#include "warden/common/error.h"

namespace warden::catalog {

namespace {

// SQLite serializes writers on its file lock anyway; one connection avoids busy waits.
constexpr size_t kSqliteConnections = 1;
// Enough for a planner's concurrent DDL and catalog reads without crowding the server.
constexpr size_t kPostgresConnections = 8;

}  // namespace

arrow::Result<std::unique_ptr<MetaStore>> MetaStore::Open(const std::string& uri) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (uri.rfind(kSqlite, 0) == 0) {
    const std::string path = uri.substr(kSqlite.size());
    if (path.empty() || path[0] != '/') {
      return Error(ErrorCode::kInvalidArgument,
                   "metadata store URI needs an absolute path: sqlite:///abs/path.db");
    }
    ARROW_ASSIGN_OR_RAISE(
        auto store,
        SqlMetaStore::Make(
            [path]() -> arrow::Result<std::unique_ptr<SqlConnection>> {
              ARROW_ASSIGN_OR_RAISE(auto connection, SqliteConnection::Make(path));
              return std::unique_ptr<SqlConnection>(std::move(connection));
            },
            kSqliteConnections));
    return std::unique_ptr<MetaStore>(std::move(store));
  }
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    ARROW_ASSIGN_OR_RAISE(
        auto store,
        SqlMetaStore::Make(
            [uri]() -> arrow::Result<std::unique_ptr<SqlConnection>> {
              ARROW_ASSIGN_OR_RAISE(auto connection, PostgresConnection::Make(uri));
              return std::unique_ptr<SqlConnection>(std::move(connection));
            },
            kPostgresConnections));
    return std::unique_ptr<MetaStore>(std::move(store));
  }
  return Error(ErrorCode::kInvalidArgument,
               "unsupported metadata store URI (use sqlite:///abs/path.db or "
               "postgresql://user@host:port/database)");
}

}  // namespace warden::catalog
