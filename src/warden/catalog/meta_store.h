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
/// transaction: it happens whole or leaves no trace, also when several planners share the
/// store. Implementations are thread-safe. Names passed in are already normalized
/// (sql::NormalizeIdentifier).
class MetaStore {
 public:
  virtual ~MetaStore() = default;

  /// Opens the store at `uri` and applies pending schema migrations:
  /// "sqlite:///abs/path.db" (created if absent) or
  /// "postgresql://user[:password]@host[:port]/database[?options]" (the database must exist).
  static arrow::Result<std::unique_ptr<MetaStore>> Open(const std::string& uri);

  // --- databases

  /// kCatalogAlreadyExists unless `if_not_exists`; the database's attributes must exist.
  virtual arrow::Status CreateDatabase(const DatabaseInfo& database, bool if_not_exists) = 0;
  /// kCatalogNotFound unless `if_exists`; kCatalogNotEmpty when it has datasets and not
  /// `cascade` (which drops them in the same transaction).
  virtual arrow::Status DropDatabase(const std::string& name, bool if_exists,
                                     bool cascade) = 0;
  /// Sorted by name.
  virtual arrow::Result<std::vector<DatabaseInfo>> ListDatabases() = 0;
  virtual arrow::Result<std::optional<DatabaseInfo>> GetDatabase(const std::string& name) = 0;

  // --- datasets (tables and views)

  /// Stores the dataset with its columns, attributes and partitions. kCatalogNotFound when
  /// the database or an attribute is absent; kCatalogAlreadyExists unless `if_not_exists`.
  virtual arrow::Status CreateDataset(const DatasetInfo& dataset, bool if_not_exists,
                                      const std::vector<PartitionInfo>& partitions = {}) = 0;
  /// kCatalogNotFound unless `if_exists`. With `kind`, a dataset of the other kind is
  /// refused (kInvalidArgument: DROP VIEW on a table) and left in place.
  virtual arrow::Status DropDataset(const std::string& database, const std::string& name,
                                    bool if_exists,
                                    std::optional<DatasetKind> kind = std::nullopt) = 0;
  /// Renames (and possibly moves to another database) a dataset, with its columns,
  /// attributes and partitions. kCatalogNotFound / kCatalogAlreadyExists.
  virtual arrow::Status RenameDataset(const std::string& database, const std::string& name,
                                      const std::string& new_database,
                                      const std::string& new_name) = 0;
  /// Sorted by name. kCatalogNotFound when the database is absent.
  virtual arrow::Result<std::vector<DatasetInfo>> ListDatasets(
      const std::string& database) = 0;
  virtual arrow::Result<std::optional<DatasetInfo>> GetDataset(const std::string& database,
                                                               const std::string& name) = 0;
  /// The datasets of a database without their schemas, columns and attributes, sorted by
  /// name: one narrow read for listings of large databases (REST API, portal).
  /// kCatalogNotFound when the database is absent.
  virtual arrow::Result<std::vector<DatasetSummary>> ListDatasetSummaries(
      const std::string& database) = 0;

  /// The attribute assignments of the datasets of a database, sorted by name, without
  /// schemas: with `all_columns`, every dataset with every column in order; otherwise only
  /// datasets and columns that carry an attribute. One narrow read for listings under a
  /// HAVING ATTRIBUTE grant. kCatalogNotFound when the database is absent.
  virtual arrow::Result<std::vector<DatasetAttributes>> ListDatasetAttributes(
      const std::string& database, bool all_columns) = 0;

  /// Replaces the partition list of a table (RECOVER PARTITIONS). kCatalogNotFound.
  virtual arrow::Status ReplacePartitions(const std::string& database,
                                          const std::string& name,
                                          const std::vector<PartitionInfo>& partitions) = 0;
  /// Sorted by path. kCatalogNotFound when the dataset is absent.
  virtual arrow::Result<std::vector<PartitionInfo>> ListPartitions(
      const std::string& database, const std::string& name) = 0;

  // --- attributes, comments, search

  /// Defines `namespace.key`. kCatalogAlreadyExists unless `if_not_exists`.
  virtual arrow::Status CreateAttribute(const AttributeName& attribute,
                                        const std::string& owner, bool if_not_exists) = 0;
  /// Removes the definition and every assignment of it. kCatalogNotFound unless `if_exists`.
  virtual arrow::Status DropAttribute(const AttributeName& attribute, bool if_exists) = 0;
  /// Sorted.
  virtual arrow::Result<std::vector<AttributeName>> ListAttributes() = 0;
  /// Attaches (idempotently) a defined attribute to a database, dataset or column.
  /// kCatalogNotFound when the attribute or the object is absent.
  virtual arrow::Status AddAttribute(const CatalogObjectRef& target,
                                     const AttributeName& attribute) = 0;
  /// Detaches it (no-op when not attached); kCatalogNotFound when the object is absent.
  virtual arrow::Status RemoveAttribute(const CatalogObjectRef& target,
                                        const AttributeName& attribute) = 0;
  /// Sets the comment of a database, dataset or column. kCatalogNotFound.
  virtual arrow::Status SetComment(const CatalogObjectRef& target,
                                   const std::string& comment) = 0;

  /// Datasets matching every criterion of `search`, ordered by (database, name), one page.
  virtual arrow::Result<std::vector<DatasetSummary>> SearchDatasets(
      const DatasetSearch& search) = 0;

  // --- identities

  /// Creates the user or replaces its password hash.
  virtual arrow::Status PutUser(const UserRecord& user) = 0;
  virtual arrow::Result<std::optional<UserRecord>> GetUser(const std::string& name) = 0;
  virtual arrow::Status GrantRoleToUser(const std::string& role, const std::string& user) = 0;
  virtual arrow::Result<std::vector<std::string>> RolesOfUser(const std::string& user) = 0;
  /// Removes the user, its attributes, groups and direct role memberships; kCatalogNotFound
  /// unless it exists.
  virtual arrow::Status DeleteUser(const std::string& name) = 0;
  /// Names, sorted.
  virtual arrow::Result<std::vector<std::string>> ListUsers() = 0;
  /// Replaces the attributes of a user (user_attribute('k') in row filters).
  virtual arrow::Status SetUserAttributes(const std::string& user,
                                          const UserAttributes& attributes) = 0;
  virtual arrow::Result<UserAttributes> GetUserAttributes(const std::string& user) = 0;
  /// Replaces the groups of a local user (carried in the tokens its logins get).
  virtual arrow::Status SetUserGroups(const std::string& user,
                                      const std::vector<std::string>& groups) = 0;
  /// Sorted, unique; empty for an unknown user.
  virtual arrow::Result<std::vector<std::string>> GetUserGroups(const std::string& user) = 0;

  // --- roles and grants (DESIGN §4)

  /// kCatalogAlreadyExists unless `if_not_exists`.
  virtual arrow::Status CreateRole(const std::string& role, bool if_not_exists) = 0;
  /// Drops the role with its memberships and grants. kCatalogNotFound unless `if_exists`.
  virtual arrow::Status DropRole(const std::string& role, bool if_exists) = 0;
  /// Every role (created ones and the admin role), sorted.
  virtual arrow::Result<std::vector<std::string>> ListRoles() = 0;
  /// Adds (idempotently) or removes a member; kCatalogNotFound when the role is absent.
  virtual arrow::Status AddRoleMember(const RoleMember& member) = 0;
  virtual arrow::Status RemoveRoleMember(const RoleMember& member) = 0;
  /// Every membership, sorted by role, kind, member.
  virtual arrow::Result<std::vector<RoleMember>> ListRoleMembers() = 0;
  /// The roles of a user: direct ones and those of each of `groups`; sorted, unique.
  virtual arrow::Result<std::vector<std::string>> RolesOfPrincipal(
      const std::string& user, const std::vector<std::string>& groups) = 0;
  /// Stores a grant (its id is assigned); kCatalogNotFound when the role is absent. An
  /// identical grant already present is kept (idempotent) and its id returned.
  virtual arrow::Result<int64_t> AddGrant(const GrantInfo& grant) = 0;
  /// Removes the grants equal to `grant` (GrantInfo::SameAs); returns how many.
  virtual arrow::Result<int64_t> RemoveGrant(const GrantInfo& grant) = 0;
  /// The grants of `roles` (every grant when `roles` is nullopt), ordered by id.
  virtual arrow::Result<std::vector<GrantInfo>> ListGrants(
      const std::optional<std::vector<std::string>>& roles) = 0;
  /// A counter that every change of roles, role members, grants and user attributes or
  /// groups increases in its own transaction: equal values mean the same policy. One
  /// cheap read, so that planners may cache policy per version and still apply a change
  /// to the next statement.
  virtual arrow::Result<int64_t> PolicyVersion() = 0;
};

}  // namespace warden::catalog
