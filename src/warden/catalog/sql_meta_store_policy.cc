// Roles, grants, users and user attributes of the SQL metadata store (migration 4).

#include <algorithm>
#include <chrono>
#include <set>

#include <nlohmann/json.hpp>

#include "warden/catalog/sql_catalog_internal.h"
#include "warden/catalog/sql_meta_store.h"
#include "warden/common/error.h"

namespace warden::catalog {

using internal::BumpPolicyVersion;

namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

const char* ScopeName(GrantScope scope) {
  switch (scope) {
    case GrantScope::kCatalog:
      return "catalog";
    case GrantScope::kDatabase:
      return "database";
    case GrantScope::kDataset:
      return "dataset";
  }
  return "catalog";
}

GrantScope ParseScope(const std::string& text) {
  if (text == "database") return GrantScope::kDatabase;
  if (text == "dataset") return GrantScope::kDataset;
  return GrantScope::kCatalog;
}

std::string AttributesJson(const std::vector<AttributeName>& attributes) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& attribute : attributes) out.push_back(attribute.ToString());
  return out.dump();
}

std::string TransformsJson(const std::vector<GrantTransform>& transforms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& transform : transforms) {
    out.push_back({{"target", transform.target},
                   {"on_attribute", transform.on_attribute},
                   {"function", transform.function},
                   {"args", transform.args}});
  }
  return out.dump();
}

arrow::Result<GrantInfo> GrantFromRow(const SqlRows& rows, size_t row) {
  GrantInfo grant;
  grant.id = rows.Int(row, 0);
  grant.role = rows.Text(row, 1);
  grant.privilege = rows.Text(row, 2);
  grant.scope = ParseScope(rows.Text(row, 3));
  grant.database = rows.Text(row, 4);
  grant.dataset = rows.Text(row, 5);
  try {
    for (const auto& column : nlohmann::json::parse(rows.Text(row, 6))) {
      grant.columns.push_back(column.get<std::string>());
    }
    for (const auto& attribute : nlohmann::json::parse(rows.Text(row, 7))) {
      const auto text = attribute.get<std::string>();
      const size_t dot = text.find('.');
      grant.attributes.push_back({text.substr(0, dot), text.substr(dot + 1)});
    }
    for (const auto& transform : nlohmann::json::parse(rows.Text(row, 10))) {
      grant.transforms.push_back({transform.at("target").get<std::string>(),
                                  transform.at("on_attribute").get<bool>(),
                                  transform.at("function").get<std::string>(),
                                  transform.at("args").get<std::vector<std::string>>()});
    }
  } catch (const nlohmann::json::exception& error) {
    return Error(ErrorCode::kInternal,
                 "grant " + std::to_string(grant.id) + " is corrupt: " + error.what());
  }
  grant.attributes_negated = rows.Int(row, 8) != 0;
  grant.row_filter = rows.Text(row, 9);
  grant.created_at_ms = rows.Int(row, 11);
  return grant;
}

constexpr const char* kGrantColumns =
    "id, role, privilege, scope, database_name, dataset_name, columns, attributes, "
    "attributes_negated, row_filter, transforms, created_at_ms";

arrow::Status RequireRole(SqlConnection& connection, const std::string& role) {
  ARROW_ASSIGN_OR_RAISE(auto rows,
                        connection.Query("SELECT 1 FROM roles WHERE name = ?", {role}));
  if (rows.empty()) return Error(ErrorCode::kCatalogNotFound, "role " + role + " not found");
  return arrow::Status::OK();
}

}  // namespace

std::string GrantTransform::ToString() const {
  std::string out = target + " WITH " + function + "(";
  for (size_t i = 0; i < args.size(); ++i) out += (i ? ", " : "") + args[i];
  return out + ")";
}

std::string GrantInfo::ScopeString() const {
  switch (scope) {
    case GrantScope::kCatalog:
      return "CATALOG";
    case GrantScope::kDatabase:
      return "DATABASE " + database;
    case GrantScope::kDataset:
      return "TABLE " + database + "." + dataset;
  }
  return "CATALOG";
}

std::string GrantInfo::ToString() const {
  std::string out = privilege;
  if (!columns.empty()) {
    out += " (";
    for (size_t i = 0; i < columns.size(); ++i) out += (i ? ", " : "") + columns[i];
    out += ")";
  }
  out += " ON " + ScopeString();
  if (!attributes.empty()) {
    out += std::string(" HAVING ATTRIBUTE ") + (attributes_negated ? "NOT IN (" : "IN (");
    for (size_t i = 0; i < attributes.size(); ++i) {
      out += (i ? ", " : "") + attributes[i].ToString();
    }
    out += ")";
  }
  if (!row_filter.empty()) out += " WHERE " + row_filter;
  for (const auto& transform : transforms) out += " TRANSFORM " + transform.ToString();
  return out;
}

bool GrantInfo::SameAs(const GrantInfo& other) const {
  return role == other.role && privilege == other.privilege && scope == other.scope &&
         database == other.database && dataset == other.dataset &&
         columns == other.columns && attributes == other.attributes &&
         attributes_negated == other.attributes_negated &&
         row_filter == other.row_filter && transforms == other.transforms;
}

// --- users

arrow::Status SqlMetaStore::DeleteUser(const std::string& name) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query("DELETE FROM users WHERE name = ?", {name}));
    if (rows.affected == 0) {
      return Error(ErrorCode::kCatalogNotFound, "user " + name + " not found");
    }
    ARROW_RETURN_NOT_OK(
        connection.Query("DELETE FROM user_attributes WHERE user_name = ?", {name}).status());
    ARROW_RETURN_NOT_OK(
        connection.Query("DELETE FROM user_groups WHERE user_name = ?", {name}).status());
    ARROW_RETURN_NOT_OK(
        connection
            .Query("DELETE FROM role_members WHERE member_kind = 'user' AND member = ?", {name})
            .status());
    return BumpPolicyVersion(connection);
  });
}

arrow::Result<std::vector<std::string>> SqlMetaStore::ListUsers() {
  return QueryNames("SELECT name FROM users ORDER BY name");
}

arrow::Status SqlMetaStore::SetUserAttributes(const std::string& user,
                                              const UserAttributes& attributes) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(
        connection.Query("DELETE FROM user_attributes WHERE user_name = ?", {user}).status());
    for (const auto& [key, values] : attributes) {
      for (size_t i = 0; i < values.size(); ++i) {
        ARROW_RETURN_NOT_OK(
            connection
                .Query("INSERT INTO user_attributes(user_name, attr_key, position, attr_value) "
                       "VALUES (?, ?, ?, ?)",
                       {user, key, static_cast<int64_t>(i), values[i]})
                .status());
      }
    }
    return BumpPolicyVersion(connection);
  });
}

arrow::Result<UserAttributes> SqlMetaStore::GetUserAttributes(const std::string& user) {
  UserAttributes out;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(
        auto rows, connection.Query("SELECT attr_key, attr_value FROM user_attributes WHERE "
                                    "user_name = ? ORDER BY attr_key, position",
                                    {user}));
    out.clear();
    for (size_t i = 0; i < rows.size(); ++i) out[rows.Text(i, 0)].push_back(rows.Text(i, 1));
    return arrow::Status::OK();
  }));
  return out;
}

arrow::Status SqlMetaStore::SetUserGroups(const std::string& user,
                                          const std::vector<std::string>& groups) {
  const std::set<std::string> unique(groups.begin(), groups.end());
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(
        connection.Query("DELETE FROM user_groups WHERE user_name = ?", {user}).status());
    for (const auto& group : unique) {
      ARROW_RETURN_NOT_OK(
          connection
              .Query("INSERT INTO user_groups(user_name, group_name) VALUES (?, ?)",
                     {user, group})
              .status());
    }
    return BumpPolicyVersion(connection);
  });
}

arrow::Result<std::vector<std::string>> SqlMetaStore::GetUserGroups(const std::string& user) {
  return QueryNames("SELECT group_name FROM user_groups WHERE user_name = ? ORDER BY group_name",
                    {user});
}

// --- roles

arrow::Status SqlMetaStore::CreateRole(const std::string& role, bool if_not_exists) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto rows,
                          connection.Query("SELECT 1 FROM roles WHERE name = ?", {role}));
    if (!rows.empty()) {
      if (if_not_exists) return arrow::Status::OK();
      return Error(ErrorCode::kCatalogAlreadyExists, "role " + role + " already exists");
    }
    ARROW_RETURN_NOT_OK(
        connection
            .Query("INSERT INTO roles(name, created_at_ms) VALUES (?, ?)", {role, NowMs()})
            .status());
    return BumpPolicyVersion(connection);
  });
}

arrow::Status SqlMetaStore::DropRole(const std::string& role, bool if_exists) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(connection.Query("DELETE FROM grants WHERE role = ?", {role}).status());
    ARROW_RETURN_NOT_OK(
        connection.Query("DELETE FROM role_members WHERE role = ?", {role}).status());
    ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query("DELETE FROM roles WHERE name = ?", {role}));
    if (rows.affected == 0 && !if_exists) {
      return Error(ErrorCode::kCatalogNotFound, "role " + role + " not found");
    }
    return BumpPolicyVersion(connection);
  });
}

arrow::Result<std::vector<std::string>> SqlMetaStore::ListRoles() {
  return QueryNames("SELECT name FROM roles ORDER BY name");
}

arrow::Status SqlMetaStore::AddRoleMember(const RoleMember& member) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireRole(connection, member.role));
    ARROW_RETURN_NOT_OK(
        connection
            .Query("INSERT INTO role_members(role, member_kind, member) VALUES (?, ?, ?) "
                   "ON CONFLICT DO NOTHING",
                   {member.role, member.kind, member.member})
            .status());
    return BumpPolicyVersion(connection);
  });
}

arrow::Status SqlMetaStore::RemoveRoleMember(const RoleMember& member) {
  return Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireRole(connection, member.role));
    ARROW_RETURN_NOT_OK(
        connection
            .Query("DELETE FROM role_members WHERE role = ? AND member_kind = ? AND member = ?",
                   {member.role, member.kind, member.member})
            .status());
    return BumpPolicyVersion(connection);
  });
}

arrow::Result<std::vector<RoleMember>> SqlMetaStore::ListRoleMembers() {
  std::vector<RoleMember> members;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_ASSIGN_OR_RAISE(auto rows,
                          connection.Query("SELECT role, member_kind, member FROM role_members "
                                           "ORDER BY role, member_kind, member"));
    members.clear();
    for (size_t i = 0; i < rows.size(); ++i) {
      members.push_back({rows.Text(i, 0), rows.Text(i, 1), rows.Text(i, 2)});
    }
    return arrow::Status::OK();
  }));
  return members;
}

arrow::Result<std::vector<std::string>> SqlMetaStore::RolesOfPrincipal(
    const std::string& user, const std::vector<std::string>& groups) {
  std::set<std::string> roles;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    roles.clear();
    ARROW_ASSIGN_OR_RAISE(auto rows,
                          connection.Query("SELECT role FROM role_members WHERE "
                                           "member_kind = 'user' AND member = ?",
                                           {user}));
    for (size_t i = 0; i < rows.size(); ++i) roles.insert(rows.Text(i, 0));
    for (const auto& group : groups) {
      ARROW_ASSIGN_OR_RAISE(auto group_rows,
                            connection.Query("SELECT role FROM role_members WHERE "
                                             "member_kind = 'group' AND member = ?",
                                             {group}));
      for (size_t i = 0; i < group_rows.size(); ++i) roles.insert(group_rows.Text(i, 0));
    }
    return arrow::Status::OK();
  }));
  return std::vector<std::string>(roles.begin(), roles.end());
}

// --- grants

namespace {

/// Ids of `grant.role`'s stored grants that are the same grant as `grant` (GrantInfo::SameAs),
/// oldest first.
arrow::Result<std::vector<int64_t>> IdsOfSameGrants(SqlConnection& connection,
                                                    const GrantInfo& grant) {
  ARROW_ASSIGN_OR_RAISE(auto existing,
                        connection.Query(std::string("SELECT ") + kGrantColumns +
                                             " FROM grants WHERE role = ? ORDER BY id",
                                         {grant.role}));
  std::vector<int64_t> ids;
  for (size_t i = 0; i < existing.size(); ++i) {
    ARROW_ASSIGN_OR_RAISE(auto other, GrantFromRow(existing, i));
    if (other.SameAs(grant)) ids.push_back(other.id);
  }
  return ids;
}

}  // namespace

arrow::Result<int64_t> SqlMetaStore::AddGrant(const GrantInfo& grant) {
  int64_t id = 0;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    ARROW_RETURN_NOT_OK(RequireRole(connection, grant.role));
    ARROW_ASSIGN_OR_RAISE(auto same, IdsOfSameGrants(connection, grant));
    if (!same.empty()) {
      id = same.front();
      return arrow::Status::OK();
    }
    // Ids come from MAX+1 inside the serializable transaction: the same on both drivers.
    ARROW_ASSIGN_OR_RAISE(auto max, connection.Query("SELECT COALESCE(MAX(id), 0) FROM grants"));
    id = max.Int(0, 0) + 1;
    nlohmann::json columns = grant.columns;
    ARROW_RETURN_NOT_OK(
        connection
            .Query(std::string("INSERT INTO grants(") + kGrantColumns +
                       ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   {id, grant.role, grant.privilege, std::string(ScopeName(grant.scope)),
                    grant.database, grant.dataset, columns.dump(),
                    AttributesJson(grant.attributes), int64_t{grant.attributes_negated},
                    grant.row_filter, TransformsJson(grant.transforms), NowMs()})
            .status());
    return BumpPolicyVersion(connection);
  }));
  return id;
}

arrow::Result<int64_t> SqlMetaStore::RemoveGrant(const GrantInfo& grant) {
  int64_t removed = 0;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    removed = 0;
    ARROW_RETURN_NOT_OK(RequireRole(connection, grant.role));
    ARROW_ASSIGN_OR_RAISE(auto same, IdsOfSameGrants(connection, grant));
    for (int64_t id : same) {
      ARROW_RETURN_NOT_OK(connection.Query("DELETE FROM grants WHERE id = ?", {id}).status());
      ++removed;
    }
    return removed > 0 ? BumpPolicyVersion(connection) : arrow::Status::OK();
  }));
  return removed;
}

arrow::Result<std::vector<GrantInfo>> SqlMetaStore::ListGrants(
    const std::optional<std::vector<std::string>>& roles) {
  std::vector<GrantInfo> grants;
  ARROW_RETURN_NOT_OK(Transact([&](SqlConnection& connection) -> arrow::Status {
    grants.clear();
    std::string sql = std::string("SELECT ") + kGrantColumns + " FROM grants";
    std::vector<SqlValue> params;
    if (roles) {
      if (roles->empty()) return arrow::Status::OK();
      sql += " WHERE role IN (";
      for (size_t i = 0; i < roles->size(); ++i) {
        sql += i ? ", ?" : "?";
        params.push_back((*roles)[i]);
      }
      sql += ")";
    }
    sql += " ORDER BY id";
    ARROW_ASSIGN_OR_RAISE(auto rows, connection.Query(sql, params));
    for (size_t i = 0; i < rows.size(); ++i) {
      ARROW_ASSIGN_OR_RAISE(auto grant, GrantFromRow(rows, i));
      grants.push_back(std::move(grant));
    }
    return arrow::Status::OK();
  }));
  return grants;
}

arrow::Result<int64_t> SqlMetaStore::PolicyVersion() {
  // One statement is atomic by itself: no transaction around it, which on SQLite would
  // take the write lock for a read that every statement of every planner makes.
  ARROW_ASSIGN_OR_RAISE(auto connection, Acquire());
  auto rows = connection->Query("SELECT version FROM policy_version WHERE id = 1");
  Release(std::move(connection),
          rows.ok() || ErrorCodeOf(rows.status()) != ErrorCode::kUnavailable);
  ARROW_RETURN_NOT_OK(rows.status());
  if (rows->empty()) return Error(ErrorCode::kInternal, "the policy version row is missing");
  return rows->Int(0, 0);
}

}  // namespace warden::catalog
