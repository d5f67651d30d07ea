#include "warden/catalog/sql_meta_store.h"

#include <chrono>
#include <random>
#include <thread>

#include "warden/catalog/migrations.h"
#include "warden/catalog/sql_catalog_internal.h"
#include "warden/common/error.h"

namespace warden::catalog {

using internal::RequireAttribute;
using internal::RequireDatabase;

namespace {

/// How often one call retries a transaction that lost a race before giving up.
constexpr int kMaxAttempts = 40;

void BackOff(int attempt) {
  thread_local std::mt19937 random(std::random_device{}());
  const int ceiling_ms = std::min(2 << std::min(attempt, 6), 100);
  std::this_thread::sleep_for(
      std::chrono::milliseconds(std::uniform_int_distribution<int>(1, ceiling_ms)(random)));
}

arrow::Result<std::vector<AttributeName>> DatabaseAttributes(SqlConnection& connection,
                                                             const std::string& database) {
  ARROW_ASSIGN_OR_RAISE(
      auto rows, connection.Query("SELECT attr_namespace, attr_key FROM database_attributes "
                                  "WHERE database_name = ? ORDER BY attr_namespace, attr_key",
                                  {database}));
  std::vector<AttributeName> out;
  for (size_t i = 0; i < rows.size(); ++i) out.push_back({rows.Text(i, 0), rows.Text(i, 1)});
  return out;
}

arrow::Result<DatabaseInfo> ReadDatabase(SqlConnection& connection, const SqlRows& rows,
                                         size_t row) {
  DatabaseInfo database{rows.Text(row, 0), rows.Text(row, 1), rows.Text(row, 2),
                        rows.Int(row, 3), {}};
  ARROW_ASSIGN_OR_RAISE(database.attributes, DatabaseAttributes(connection, database.name));
  return database;
}

/// The dataset row must exist; for a column target, the column too.
arrow::Status RequireTarget(SqlConnection& connection, const CatalogObjectRef& target) {
  if (!target.dataset) return RequireDatabase(connection, target.database);
  ARROW_ASSIGN_OR_RAISE(auto kind,
                        internal::DatasetKindOf(connection, target.database, *target.dataset));
  if (!kind) {
    return Error(ErrorCode::kCatalogNotFound,
                 "table " + target.database + "." + *target.dataset + " not found");
  }
  if (!target.column) return arrow::Status::OK();
  ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query(
                                       "SELECT 1 FROM dataset_columns WHERE database_name = ? "
                                       "AND dataset_name = ? AND name = ?",
                                       {target.database, *target.dataset, *target.column}));
  if (rows.empty()) {
    return Error(ErrorCode::kCatalogNotFound, "column " + *target.column + " not found in " +
                                                  target.database + "." + *target.dataset);
  }
  return arrow::Status::OK();
}

}  // namespace

arrow::Result<std::unique_ptr<SqlMetaStore>> SqlMetaStore::Make(ConnectionFactory factory,
                                                                 size_t max_connections) {
  std::unique_ptr<SqlMetaStore> store(
      new SqlMetaStore(std::move(factory), std::max<size_t>(max_connections, 1)));
  ARROW_ASSIGN_OR_RAISE(auto connection, store->Acquire());
  arrow::Status migrated = MigrateToLatest(*connection);
  store->Release(std::move(connection), migrated.ok());
  ARROW_RETURN_NOT_OK(migrated);
  return store;
}

arrow::Result<std::unique_ptr<SqlConnection>> SqlMetaStore::Acquire() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (!idle_.empty()) {
      auto connection = std::move(idle_.back());
      idle_.pop_back();
      return connection;
    }
    if (open_ < max_connections_) break;
    idle_changed_.wait(lock);
  }
  ++open_;
  lock.unlock();
  auto connection = factory_();
  if (!connection.ok()) {
    lock.lock();
    --open_;
    idle_changed_.notify_one();
  }
  return connection;
}

void SqlMetaStore::Release(std::unique_ptr<SqlConnection> connection, bool healthy) {
  std::lock_guard lock(mutex_);
  if (healthy) {
    idle_.push_back(std::move(connection));
  } else {
    --open_;  // a broken connection is closed; the next caller opens a fresh one
  }
  idle_changed_.notify_one();
}

arrow::Status SqlMetaStore::Transact(const Body& body) {
  for (int attempt = 1;; ++attempt) {
    ARROW_ASSIGN_OR_RAISE(auto connection, Acquire());
    arrow::Status status = connection->Begin(Isolation::kSerializable);
    if (status.ok()) {
      status = body(*connection);
      if (status.ok()) status = connection->Commit();
    }
    bool healthy = true;
    if (!status.ok()) {
      healthy = connection->Rollback().ok() &&
                (IsTransactionConflict(status) || ErrorCodeOf(status) != ErrorCode::kUnavailable);
    }
    Release(std::move(connection), healthy);
    if (status.ok() || !IsTransactionConflict(status)) return status;
    if (attempt == kMaxAttempts) {
      return Error(ErrorCode::kUnavailable,
                   "metadata store too busy: gave up after " + std::to_string(kMaxAttempts) +
                       " conflicting attempts (" + status.message() + ")");
    }
    BackOff(attempt);
  }
}

// --- databases

arrow::Status SqlMetaStore::CreateDatabase(const DatabaseInfo& database, bool if_not_exists) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(bool exists, internal::DatabaseExists(connection, database.name));
    if (exists) {
      if (if_not_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogAlreadyExists,
                   "database " + database.name + " already exists");
    }
    ARROW_RETURN_NOT_OK(
        connection
            .Query("INSERT INTO databases(name, owner, comment, created_at_ms) "
                   "VALUES (?, ?, ?, ?)",
                   {database.name, database.owner, database.comment, database.created_at_ms})
            .status());
    for (const auto& attribute : database.attributes) {
      ARROW_RETURN_NOT_OK(RequireAttribute(connection, attribute));
      ARROW_RETURN_NOT_OK(connection
                              .Query("INSERT INTO database_attributes(database_name, "
                                     "attr_namespace, attr_key) VALUES (?, ?, ?) "
                                     "ON CONFLICT DO NOTHING",
                                     {database.name, attribute.name_space, attribute.key})
                              .status());
    }
    return arrow::Status::OK();
  });
}

arrow::Status SqlMetaStore::DropDatabase(const std::string& name, bool if_exists,
                                         bool cascade) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(bool exists, internal::DatabaseExists(connection, name));
    if (!exists) {
      if (if_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogNotFound, "database " + name + " not found");
    }
    ARROW_ASSIGN_OR_RAISE(
        auto count,
        connection.Query("SELECT COUNT(*) FROM datasets WHERE database_name = ?", {name}));
    if (count.Int(0, 0) > 0 && !cascade) {
      return Error(ErrorCode::kCatalogNotEmpty,
                   "database " + name + " is not empty (" + count.Text(0, 0) +
                       " datasets); use DROP DATABASE … CASCADE");
    }
    // Columns, attributes and partitions of the datasets go with them (ON DELETE CASCADE).
    ARROW_RETURN_NOT_OK(
        connection.Query("DELETE FROM datasets WHERE database_name = ?", {name}).status());
    return connection.Query("DELETE FROM databases WHERE name = ?", {name}).status();
  });
}

arrow::Result<std::vector<DatabaseInfo>> SqlMetaStore::ListDatabases() {
  std::vector<DatabaseInfo> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    out.clear();
    ARROW_ASSIGN_OR_RAISE(
        auto rows, connection.Query(
                       "SELECT name, owner, comment, created_at_ms FROM databases ORDER BY name"));
    ARROW_ASSIGN_OR_RAISE(
        auto attributes,
        connection.Query("SELECT database_name, attr_namespace, attr_key FROM "
                         "database_attributes ORDER BY database_name, attr_namespace, attr_key"));
    std::map<std::string, std::vector<AttributeName>> by_database;
    for (size_t i = 0; i < attributes.size(); ++i) {
      by_database[attributes.Text(i, 0)].push_back(
          {attributes.Text(i, 1), attributes.Text(i, 2)});
    }
    for (size_t i = 0; i < rows.size(); ++i) {
      out.push_back({rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2), rows.Int(i, 3),
                     by_database[rows.Text(i, 0)]});
    }
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Result<std::optional<DatabaseInfo>> SqlMetaStore::GetDatabase(const std::string& name) {
  std::optional<DatabaseInfo> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    out.reset();
    ARROW_ASSIGN_OR_RAISE(
        auto rows, connection.Query("SELECT name, owner, comment, created_at_ms FROM "
                                    "databases WHERE name = ?",
                                    {name}));
    if (rows.empty()) return arrow::Status::OK();
    ARROW_ASSIGN_OR_RAISE(out, ReadDatabase(connection, rows, 0));
    return arrow::Status::OK();
  }));
  return out;
}

// --- attributes and comments

arrow::Status SqlMetaStore::CreateAttribute(const AttributeName& attribute,
                                            const std::string& owner, bool if_not_exists) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(
        auto rows, connection.Query(
                       "SELECT 1 FROM attributes WHERE attr_namespace = ? AND attr_key = ?",
                       {attribute.name_space, attribute.key}));
    if (!rows.empty()) {
      if (if_not_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogAlreadyExists,
                   "attribute " + attribute.ToString() + " already exists");
    }
    const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::system_clock::now().time_since_epoch())
                            .count();
    return connection
        .Query("INSERT INTO attributes(attr_namespace, attr_key, owner, created_at_ms) "
               "VALUES (?, ?, ?, ?)",
               {attribute.name_space, attribute.key, owner, now})
        .status();
  });
}

arrow::Status SqlMetaStore::DropAttribute(const AttributeName& attribute, bool if_exists) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    const std::vector<SqlValue> key = {attribute.name_space, attribute.key};
    ARROW_RETURN_NOT_OK(connection
                            .Query("DELETE FROM dataset_attributes WHERE attr_namespace = ? "
                                   "AND attr_key = ?",
                                   key)
                            .status());
    ARROW_RETURN_NOT_OK(connection
                            .Query("DELETE FROM database_attributes WHERE attr_namespace = ? "
                                   "AND attr_key = ?",
                                   key)
                            .status());
    ARROW_ASSIGN_OR_RAISE(
        auto deleted,
        connection.Query("DELETE FROM attributes WHERE attr_namespace = ? AND attr_key = ?", key));
    if (deleted.affected == 0 && !if_exists) {
      return Error(ErrorCode::kCatalogNotFound,
                   "attribute " + attribute.ToString() + " not found");
    }
    return arrow::Status::OK();
  });
}

arrow::Result<std::vector<AttributeName>> SqlMetaStore::ListAttributes() {
  std::vector<AttributeName> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    out.clear();
    ARROW_ASSIGN_OR_RAISE(auto rows,
                          connection.Query("SELECT attr_namespace, attr_key FROM attributes "
                                           "ORDER BY attr_namespace, attr_key"));
    for (size_t i = 0; i < rows.size(); ++i) out.push_back({rows.Text(i, 0), rows.Text(i, 1)});
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Status SqlMetaStore::AddAttribute(const CatalogObjectRef& target,
                                         const AttributeName& attribute) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireTarget(connection, target));
    ARROW_RETURN_NOT_OK(RequireAttribute(connection, attribute));
    if (!target.dataset) {
      return connection
          .Query("INSERT INTO database_attributes(database_name, attr_namespace, attr_key) "
                 "VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                 {target.database, attribute.name_space, attribute.key})
          .status();
    }
    return connection
        .Query("INSERT INTO dataset_attributes(database_name, dataset_name, column_name, "
               "attr_namespace, attr_key) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
               {target.database, *target.dataset, target.column.value_or(""),
                attribute.name_space, attribute.key})
        .status();
  });
}

arrow::Status SqlMetaStore::RemoveAttribute(const CatalogObjectRef& target,
                                            const AttributeName& attribute) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireTarget(connection, target));
    if (!target.dataset) {
      return connection
          .Query("DELETE FROM database_attributes WHERE database_name = ? AND "
                 "attr_namespace = ? AND attr_key = ?",
                 {target.database, attribute.name_space, attribute.key})
          .status();
    }
    return connection
        .Query("DELETE FROM dataset_attributes WHERE database_name = ? AND dataset_name = ? "
               "AND column_name = ? AND attr_namespace = ? AND attr_key = ?",
               {target.database, *target.dataset, target.column.value_or(""),
                attribute.name_space, attribute.key})
        .status();
  });
}

arrow::Status SqlMetaStore::SetComment(const CatalogObjectRef& target,
                                       const std::string& comment) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireTarget(connection, target));
    if (!target.dataset) {
      return connection
          .Query("UPDATE databases SET comment = ? WHERE name = ?", {comment, target.database})
          .status();
    }
    if (!target.column) {
      ARROW_RETURN_NOT_OK(
          connection
              .Query("UPDATE datasets SET comment = ? WHERE database_name = ? AND name = ?",
                     {comment, target.database, *target.dataset})
              .status());
    } else {
      ARROW_RETURN_NOT_OK(
          connection
              .Query("UPDATE dataset_columns SET comment = ? WHERE database_name = ? AND "
                     "dataset_name = ? AND name = ?",
                     {comment, target.database, *target.dataset, *target.column})
              .status());
    }
    return internal::RefreshSearchEntry(connection, target.database, *target.dataset);
  });
}

// --- identities

arrow::Status SqlMetaStore::PutUser(const UserRecord& user) {
  return Transact([&](SqlConnection& connection) {
    return connection
        .Query("INSERT INTO users(name, password_hash) VALUES (?, ?) ON CONFLICT(name) DO "
               "UPDATE SET password_hash = excluded.password_hash",
               {user.name, user.password_hash})
        .status();
  });
}

arrow::Result<std::optional<UserRecord>> SqlMetaStore::GetUser(const std::string& name) {
  std::optional<UserRecord> out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(
        auto rows,
        connection.Query("SELECT name, password_hash FROM users WHERE name = ?", {name}));
    out.reset();
    if (!rows.empty()) out = UserRecord{rows.Text(0, 0), rows.Text(0, 1)};
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Status SqlMetaStore::GrantRoleToUser(const std::string& role, const std::string& user) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(
        connection
            .Query("INSERT INTO role_members(role, member_kind, member) VALUES (?, 'user', ?) "
                   "ON CONFLICT DO NOTHING",
                   {role, user})
            .status());
    return internal::BumpPolicyVersion(connection);
  });
}

arrow::Result<std::vector<std::string>> SqlMetaStore::RolesOfUser(const std::string& user) {
  return QueryNames(
      "SELECT role FROM role_members WHERE member_kind = 'user' AND member = ? ORDER BY role",
      {user});
}

arrow::Result<std::vector<std::string>> SqlMetaStore::QueryNames(
    std::string_view sql, const std::vector<SqlValue>& params) {
  std::vector<std::string> names;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query(sql, params));
    names.clear();
    for (size_t i = 0; i < rows.size(); ++i) names.push_back(rows.Text(i, 0));
    return arrow::Status::OK();
  }));
  return names;
}

}  // namespace warden::catalog
