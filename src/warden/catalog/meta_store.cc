#include "warden/catalog/meta_store.h"

#include "warden/catalog/sqlite_meta_store.h"
#include "warden/common/error.h"

namespace warden::catalog {

arrow::Result<std::unique_ptr<MetaStore>> MetaStore::Open(const std::string& uri) {
  constexpr std::string_view kSqlite = "sqlite://";
  if (uri.rfind(kSqlite, 0) == 0) {
    const std::string path = uri.substr(kSqlite.size());
    if (path.empty() || path[0] != '/') {
      return Error(ErrorCode::kInvalidArgument,
                   "metadata store URI needs an absolute path: sqlite:///abs/path.db");
    }
    ARROW_ASSIGN_OR_RAISE(auto store, SqliteMetaStore::Make(path));
    return std::unique_ptr<MetaStore>(std::move(store));
  }
  if (uri.rfind("postgresql://", 0) == 0 || uri.rfind("postgres://", 0) == 0) {
    return Error(ErrorCode::kInvalidArgument,
                 "the PostgreSQL metadata store is not built yet (issue: catalog)");
  }
  return Error(ErrorCode::kInvalidArgument, "unsupported metadata store URI: " + uri);
}

}  // namespace warden::catalog
