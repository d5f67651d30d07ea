#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "warden/catalog/meta_store.h"
#include "warden/catalog/sql_catalog_internal.h"
#include "warden/catalog/sql_connection.h"

namespace warden::catalog {

/// The MetaStore on a SQL database, the same queries for every driver (SQLite, PostgreSQL).
/// Each call runs in one transaction on a pooled connection; a transaction that loses a race
/// with another writer (possibly another planner) is rolled back and retried whole.
/// Thread-safe: the pool hands each connection to one caller at a time.
class SqlMetaStore : public MetaStore {
 public:
  using ConnectionFactory =
      std::function<arrow::Result<std::unique_ptr<SqlConnection>>()>;

  /// Opens a first connection, migrates the schema, and keeps up to `max_connections`.
  static arrow::Result<std::unique_ptr<SqlMetaStore>> Make(ConnectionFactory factory,
                                                           size_t max_connections);

  arrow::Status CreateDatabase(const DatabaseInfo& database, bool if_not_exists) override;
  arrow::Status DropDatabase(const std::string& name, bool if_exists, bool cascade) override;
  arrow::Result<std::vector<DatabaseInfo>> ListDatabases() override;
  arrow::Result<std::optional<DatabaseInfo>> GetDatabase(const std::string& name) override;

  arrow::Status CreateDataset(const DatasetInfo& dataset, bool if_not_exists,
                              const std::vector<PartitionInfo>& partitions) override;
  arrow::Status DropDataset(const std::string& database, const std::string& name,
                            bool if_exists, std::optional<DatasetKind> kind) override;
  arrow::Status RenameDataset(const std::string& database, const std::string& name,
                              const std::string& new_database,
                              const std::string& new_name) override;
  arrow::Result<std::vector<DatasetInfo>> ListDatasets(const std::string& database) override;
  arrow::Result<std::optional<DatasetInfo>> GetDataset(const std::string& database,
                                                       const std::string& name) override;
  arrow::Result<std::vector<DatasetSummary>> ListDatasetSummaries(
      const std::string& database) override;
  arrow::Result<std::vector<DatasetAttributes>> ListDatasetAttributes(
      const std::string& database, bool all_columns) override;
  arrow::Status ReplacePartitions(const std::string& database, const std::string& name,
                                  const std::vector<PartitionInfo>& partitions) override;
  arrow::Result<std::vector<PartitionInfo>> ListPartitions(const std::string& database,
                                                           const std::string& name) override;

  arrow::Status CreateAttribute(const AttributeName& attribute, const std::string& owner,
                                bool if_not_exists) override;
  arrow::Status DropAttribute(const AttributeName& attribute, bool if_exists) override;
  arrow::Result<std::vector<AttributeName>> ListAttributes() override;
  arrow::Status AddAttribute(const CatalogObjectRef& target,
                             const AttributeName& attribute) override;
  arrow::Status RemoveAttribute(const CatalogObjectRef& target,
                                const AttributeName& attribute) override;
  arrow::Status SetComment(const CatalogObjectRef& target, const std::string& comment) override;
  arrow::Result<std::vector<DatasetSummary>> SearchDatasets(
      const DatasetSearch& search) override;

  arrow::Status PutUser(const UserRecord& user) override;
  arrow::Result<std::optional<UserRecord>> GetUser(const std::string& name) override;
  arrow::Status GrantRoleToUser(const std::string& role, const std::string& user) override;
  arrow::Result<std::vector<std::string>> RolesOfUser(const std::string& user) override;
  arrow::Status DeleteUser(const std::string& name) override;
  arrow::Result<std::vector<std::string>> ListUsers() override;
  arrow::Status SetUserAttributes(const std::string& user,
                                  const UserAttributes& attributes) override;
  arrow::Result<UserAttributes> GetUserAttributes(const std::string& user) override;
  arrow::Status SetUserGroups(const std::string& user,
                              const std::vector<std::string>& groups) override;
  arrow::Result<std::vector<std::string>> GetUserGroups(const std::string& user) override;

  arrow::Status CreateRole(const std::string& role, bool if_not_exists) override;
  arrow::Status DropRole(const std::string& role, bool if_exists) override;
  arrow::Result<std::vector<std::string>> ListRoles() override;
  arrow::Status AddRoleMember(const RoleMember& member) override;
  arrow::Status RemoveRoleMember(const RoleMember& member) override;
  arrow::Result<std::vector<RoleMember>> ListRoleMembers() override;
  arrow::Result<std::vector<std::string>> RolesOfPrincipal(
      const std::string& user, const std::vector<std::string>& groups) override;
  arrow::Result<int64_t> AddGrant(const GrantInfo& grant) override;
  arrow::Result<int64_t> RemoveGrant(const GrantInfo& grant) override;
  arrow::Result<std::vector<GrantInfo>> ListGrants(
      const std::optional<std::vector<std::string>>& roles) override;
  arrow::Result<int64_t> PolicyVersion() override;

 private:
  using Body = std::function<arrow::Status(SqlConnection&)>;

  SqlMetaStore(ConnectionFactory factory, size_t max_connections)
      : factory_(std::move(factory)), max_connections_(max_connections) {}

  /// Runs `body` in one serializable transaction, retrying it whole on a conflict.
  arrow::Status Transact(const Body& body);
  /// The first column of `sql`'s rows, as text, read in one transaction (name listings).
  arrow::Result<std::vector<std::string>> QueryNames(std::string_view sql,
                                                     const std::vector<SqlValue>& params = {});

  arrow::Result<std::unique_ptr<SqlConnection>> Acquire();
  void Release(std::unique_ptr<SqlConnection> connection, bool healthy);

  const ConnectionFactory factory_;
  const size_t max_connections_;
  std::mutex mutex_;
  std::condition_variable idle_changed_;
  std::vector<std::unique_ptr<SqlConnection>> idle_;  // GUARDED_BY(mutex_)
  size_t open_ = 0;                                    // GUARDED_BY(mutex_)
  internal::DecodedSchemas schemas_;
};

}  // namespace warden::catalog
