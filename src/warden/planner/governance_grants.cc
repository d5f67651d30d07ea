// Roles and grants (DESIGN §4): CREATE|DROP ROLE, GRANT|REVOKE ROLE, GRANT|REVOKE privilege,
// SHOW ROLES, SHOW GRANTS. Every GRANT is checked against the catalog when it is made
// (objects, columns, attributes, row filter, transform types), so reads never fail on it.

#include <algorithm>
#include <set>

#include <arrow/type.h>

#include "warden/common/error.h"
#include "warden/exec/transforms.h"
#include "warden/planner/governance_statements_internal.h"
#include "warden/planner/governed_table_provider.h"

namespace warden::planner::internal {

namespace {

policy::Principal Administrator() {
  return policy::Principal{"warden", {}, {catalog::kAdminRole}, {}, {}};
}

catalog::GrantInfo ToGrant(const sql::GrantPrivilege& statement) {
  catalog::GrantInfo grant;
  grant.role = statement.role;
  grant.privilege = statement.privilege;
  switch (statement.scope) {
    case sql::GrantPrivilege::Scope::kCatalog:
      grant.scope = catalog::GrantScope::kCatalog;
      break;
    case sql::GrantPrivilege::Scope::kDatabase:
      grant.scope = catalog::GrantScope::kDatabase;
      break;
    case sql::GrantPrivilege::Scope::kTable:
      grant.scope = catalog::GrantScope::kDataset;
      break;
  }
  grant.database = statement.database;
  grant.dataset = statement.table;
  grant.columns = statement.columns;
  for (const auto& attribute : statement.attributes) grant.attributes.push_back(ToCatalog(attribute));
  grant.attributes_negated = statement.attributes_negated;
  grant.row_filter = statement.row_filter;
  for (const auto& transform : statement.transforms) {
    grant.transforms.push_back(
        {transform.target, transform.on_attribute, transform.function, transform.args});
  }
  return grant;
}

/// A transform must fit each column it may apply to among `datasets`; one that applies to
/// no column yet must at least be a known function with valid arguments for some type.
arrow::Status ValidateTransforms(const catalog::GrantInfo& grant,
                                 const std::vector<catalog::DatasetInfo>& datasets,
                                 bool single_table) {
  for (const auto& transform : grant.transforms) {
    ARROW_ASSIGN_OR_RAISE(auto args, TransformArgs(transform));
    size_t applied = 0;
    for (const auto& dataset : datasets) {
      for (int i = 0; i < dataset.schema->num_fields(); ++i) {
        auto first = policy::TransformFor(grant, dataset, i);
        const auto& field = dataset.schema->field(i);
        const bool targets = transform.on_attribute ? (first && *first == transform)
                                                    : field->name() == transform.target;
        if (!targets) continue;
        ++applied;
        auto status = exec::ValidateTransform(transform.function, args, *field->type());
        if (!status.ok()) {
          return Error(ErrorCode::kPolicyInvalidTransform,
                       "TRANSFORM " + transform.ToString() + " does not fit column " +
                           dataset.QualifiedName() + "." + field->name() + ": " +
                           status.message());
        }
      }
    }
    if (applied > 0) continue;
    if (single_table && !transform.on_attribute) {
      return Error(ErrorCode::kCatalogNotFound,
                   "TRANSFORM names column " + transform.target + ", which " +
                       datasets.front().QualifiedName() + " does not have");
    }
    arrow::Status last;
    for (const auto& type : {arrow::utf8(), arrow::int64(), arrow::float64(), arrow::date32(),
                             arrow::timestamp(arrow::TimeUnit::MICRO)}) {
      last = exec::ValidateTransform(transform.function, args, *type);
      if (last.ok()) break;
    }
    ARROW_RETURN_NOT_OK(last);
  }
  return arrow::Status::OK();
}

/// The row filter binds over the table's raw columns and is boolean; session functions
/// are checked with empty values.
arrow::Status ValidateRowFilter(const GovernanceContext& context,
                                const catalog::GrantInfo& grant) {
  if (grant.row_filter.empty()) return arrow::Status::OK();
  const policy::Principal nobody{"", {}, {}, {}, {}};
  const policy::Principal admin = Administrator();
  GovernedTableProvider provider(context.access, admin);
  sql::NameGenerator names;
  ARROW_ASSIGN_OR_RAISE(auto base, provider.BindTable({grant.database, grant.dataset}, names));
  auto bound = BindRowFilters(
      base, {policy::SubstituteSessionFunctions(grant.row_filter, nobody)}, names);
  if (!bound.ok()) {
    return Error(ErrorCode::kSqlBind, "invalid row filter: " + bound.status().message());
  }
  return arrow::Status::OK();
}

arrow::Status ValidateGrant(const GovernanceContext& context, const catalog::GrantInfo& grant) {
  std::vector<catalog::DatasetInfo> datasets;
  switch (grant.scope) {
    case catalog::GrantScope::kCatalog: {
      ARROW_ASSIGN_OR_RAISE(auto databases, context.store->ListDatabases());
      for (const auto& database : databases) {
        ARROW_ASSIGN_OR_RAISE(auto more, context.store->ListDatasets(database.name));
        datasets.insert(datasets.end(), more.begin(), more.end());
      }
      break;
    }
    case catalog::GrantScope::kDatabase: {
      ARROW_ASSIGN_OR_RAISE(auto found, context.store->GetDatabase(grant.database));
      if (!found) {
        return Error(ErrorCode::kCatalogNotFound, "database " + grant.database + " not found");
      }
      ARROW_ASSIGN_OR_RAISE(datasets, context.store->ListDatasets(grant.database));
      break;
    }
    case catalog::GrantScope::kDataset: {
      ARROW_ASSIGN_OR_RAISE(auto found, context.store->GetDataset(grant.database, grant.dataset));
      if (!found) {
        return Error(ErrorCode::kCatalogNotFound,
                     "table " + grant.database + "." + grant.dataset + " not found");
      }
      for (const auto& column : grant.columns) {
        if (found->schema->GetFieldIndex(column) < 0) {
          return Error(ErrorCode::kCatalogNotFound, "column " + column + " of " +
                                                        found->QualifiedName() + " not found");
        }
      }
      datasets.push_back(std::move(*found));
      break;
    }
  }
  if (!grant.attributes.empty() || !grant.transforms.empty()) {
    ARROW_ASSIGN_OR_RAISE(auto defined, context.store->ListAttributes());
    auto require = [&](const catalog::AttributeName& attribute) -> arrow::Status {
      if (std::find(defined.begin(), defined.end(), attribute) != defined.end()) {
        return arrow::Status::OK();
      }
      return Error(ErrorCode::kCatalogNotFound,
                   "attribute " + attribute.ToString() + " not found");
    };
    for (const auto& attribute : grant.attributes) ARROW_RETURN_NOT_OK(require(attribute));
    for (const auto& transform : grant.transforms) {
      if (!transform.on_attribute) continue;
      const size_t dot = transform.target.find('.');
      ARROW_RETURN_NOT_OK(require(
          {transform.target.substr(0, dot), transform.target.substr(dot + 1)}));
    }
  }
  ARROW_RETURN_NOT_OK(ValidateTransforms(grant, datasets,
                                         grant.scope == catalog::GrantScope::kDataset));
  return ValidateRowFilter(context, grant);
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

}  // namespace

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::CreateRole& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  ARROW_RETURN_NOT_OK(context.store->CreateRole(statement.role, statement.if_not_exists));
  return StatusTable("role " + statement.role + " created");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::DropRole& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  if (statement.role == catalog::kAdminRole) {
    return Error(ErrorCode::kInvalidArgument, "the role warden_admin cannot be dropped");
  }
  ARROW_RETURN_NOT_OK(context.store->DropRole(statement.role, statement.if_exists));
  return StatusTable("role " + statement.role + " dropped");
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::GrantRole& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const catalog::RoleMember member{statement.role, statement.member_kind, statement.member};
  if (statement.revoke) {
    ARROW_RETURN_NOT_OK(context.store->RemoveRoleMember(member));
    return StatusTable("role " + statement.role + " revoked from " + statement.member_kind +
                       " " + statement.member);
  }
  ARROW_RETURN_NOT_OK(context.store->AddRoleMember(member));
  return StatusTable("role " + statement.role + " granted to " + statement.member_kind + " " +
                     statement.member);
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::GrantPrivilege& statement) {
  ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
  const catalog::GrantInfo grant = ToGrant(statement);
  if (statement.revoke) {
    ARROW_ASSIGN_OR_RAISE(auto removed, context.store->RemoveGrant(grant));
    return StatusTable(std::to_string(removed) + " grant(s) revoked from role " + grant.role);
  }
  ARROW_RETURN_NOT_OK(ValidateGrant(context, grant));
  ARROW_ASSIGN_OR_RAISE(auto id, context.store->AddGrant(grant));
  return StatusTable("grant " + std::to_string(id) + " to role " + grant.role + ": " +
                     grant.ToString());
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowRoles& statement) {
  StringTableBuilder builder({"role"});
  std::vector<std::string> roles;
  if (statement.group) {
    const bool own = std::find(principal.groups.begin(), principal.groups.end(),
                               *statement.group) != principal.groups.end();
    if (!own) ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
    ARROW_ASSIGN_OR_RAISE(roles, context.store->RolesOfPrincipal("", {*statement.group}));
  } else if (statement.current || !principal.IsAdmin()) {
    roles = principal.roles;
  } else {
    ARROW_ASSIGN_OR_RAISE(roles, context.store->ListRoles());
  }
  for (const auto& role : roles) ARROW_RETURN_NOT_OK(builder.AddRow({role}));
  return builder.Finish();
}

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowGrants& statement) {
  // Non-admins see the grants of their own roles only.
  std::optional<std::vector<std::string>> roles;
  if (statement.role) {
    roles = std::vector<std::string>{*statement.role};
  } else if (statement.user) {
    if (*statement.user != principal.user) ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
    if (*statement.user == principal.user) {
      roles = principal.roles;
    } else {
      ARROW_ASSIGN_OR_RAISE(roles, context.store->RolesOfPrincipal(*statement.user, {}));
    }
  }
  if (!principal.IsAdmin()) {
    std::vector<std::string> own;
    for (const auto& role : roles.value_or(principal.roles)) {
      if (principal.HasRole(role)) own.push_back(role);
    }
    roles = own;
  }
  ARROW_ASSIGN_OR_RAISE(auto grants, context.store->ListGrants(roles));
  StringTableBuilder builder({"id", "role", "privilege", "scope", "columns", "attributes",
                              "row_filter", "transforms"});
  for (const auto& grant : grants) {
    if (statement.on_database && !(grant.scope != catalog::GrantScope::kCatalog &&
                                   grant.database == *statement.on_database)) {
      continue;
    }
    if (statement.on_table &&
        !(grant.scope == catalog::GrantScope::kDataset &&
          grant.database == statement.on_table->database &&
          grant.dataset == statement.on_table->name)) {
      continue;
    }
    std::string attributes;
    if (!grant.attributes.empty()) {
      attributes = std::string(grant.attributes_negated ? "NOT IN (" : "IN (") +
                   JoinAttributes(grant.attributes) + ")";
    }
    std::vector<std::string> transforms;
    for (const auto& transform : grant.transforms) transforms.push_back(transform.ToString());
    ARROW_RETURN_NOT_OK(builder.AddRow({std::to_string(grant.id), grant.role, grant.privilege,
                                        grant.ScopeString(), Join(grant.columns), attributes,
                                        grant.row_filter, Join(transforms)}));
  }
  return builder.Finish();
}

}  // namespace warden::planner::internal
