#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/result.h>
#include <arrow/status.h>

#include "warden/catalog/model.h"

namespace warden::catalog {

/// The durable metadata of Warden: catalog objects and identities. Each call is one
/// transaction: it happens whole or leaves no trace. Implementations are thread-safe.
/// Names passed in are already normalized (sql::NormalizeIdentifier).
class MetaStore {
 public:
  virtual ~MetaStore() = default;

  /// Opens the store at `uri`: "sqlite:///abs/path.db" (created if absent). Applies pending
  /// schema migrations.
  static arrow::Result<std::unique_ptr<MetaStore>> Open(const std::string& uri);

  /// kCatalogAlreadyExists unless `if_not_exists`.
  virtual arrow::Status CreateDatabase(const DatabaseInfo& database, bool if_not_exists) = 0;
  /// kCatalogNotFound unless `if_exists`; kCatalogNotEmpty when it has datasets and not
  /// `cascade` (which drops them in the same transaction).
  virtual arrow::Status DropDatabase(const std::string& name, bool if_exists,
                                     bool cascade) = 0;
  virtual arrow::Result<std::vector<DatabaseInfo>> ListDatabases() = 0;
  virtual arrow::Result<std::optional<DatabaseInfo>> GetDatabase(const std::string& name) = 0;

  /// kCatalogNotFound when the database is absent; kCatalogAlreadyExists unless
  /// `if_not_exists`.
  virtual arrow::Status CreateDataset(const DatasetInfo& dataset, bool if_not_exists) = 0;
  virtual arrow::Status DropDataset(const std::string& database, const std::string& name,
                                    bool if_exists) = 0;
  /// kCatalogNotFound when the database is absent.
  virtual arrow::Result<std::vector<DatasetInfo>> ListDatasets(
      const std::string& database) = 0;
  virtual arrow::Result<std::optional<DatasetInfo>> GetDataset(const std::string& database,
                                                               const std::string& name) = 0;

  /// Creates the user or replaces its password hash.
  virtual arrow::Status PutUser(const UserRecord& user) = 0;
  virtual arrow::Result<std::optional<UserRecord>> GetUser(const std::string& name) = 0;
  virtual arrow::Status GrantRoleToUser(const std::string& role, const std::string& user) = 0;
  virtual arrow::Result<std::vector<std::string>> RolesOfUser(const std::string& user) = 0;
};

}  // namespace warden::catalog
