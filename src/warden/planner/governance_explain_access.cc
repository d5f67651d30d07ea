// EXPLAIN ACCESS [FOR USER u] ON db.t: what a user sees of a dataset and why — each
// visible column with its mask and the grants (and roles, attributes) behind it, the
// effective row filter, and the roles and groups that led there. Admins may ask for any
// user (roles from the store; groups are only known from a token, so none); others only
// for themselves.

#include <algorithm>

#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"

namespace warden::planner::internal {

namespace {

std::string Join(const std::vector<std::string>& items, const std::string& separator = ", ") {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : separator) + item;
  return out;
}

std::string GrantLabel(const catalog::GrantInfo& grant) {
  return "grant " + std::to_string(grant.id) + " (role " + grant.role + ")";
}

/// Why `grant` exposes `column`: its column list, its attributes or its scope.
std::string Reason(const catalog::GrantInfo& grant) {
  if (!grant.columns.empty()) return "column list";
  if (!grant.attributes.empty()) {
    return std::string("attribute ") + (grant.attributes_negated ? "NOT IN (" : "IN (") +
           JoinAttributes(grant.attributes) + ")";
  }
  return "all columns of " + grant.ScopeString();
}

}  // namespace

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ExplainAccess& statement) {
  policy::Principal subject = principal;
  if (statement.user && *statement.user != principal.user) {
    ARROW_RETURN_NOT_OK(context.access->AuthorizeDdl(principal));
    ARROW_ASSIGN_OR_RAISE(subject, context.access->ResolvePrincipal(*statement.user, {}));
  }
  // The caller must see the dataset too: an admin sees all, others ask about themselves.
  ARROW_ASSIGN_OR_RAISE(auto governed, context.access->GovernedView(subject, statement.table));
  StringTableBuilder builder({"item", "name", "access", "reason"});
  ARROW_RETURN_NOT_OK(builder.AddRow({"user", subject.user, "", ""}));
  ARROW_RETURN_NOT_OK(builder.AddRow({"groups", Join(subject.groups), "", ""}));
  ARROW_RETURN_NOT_OK(builder.AddRow({"roles", Join(subject.roles), "", ""}));
  if (governed.unrestricted) {
    ARROW_RETURN_NOT_OK(builder.AddRow({"rows", "", "all rows", "role warden_admin"}));
  } else {
    for (size_t g = 0; g < governed.grants.size(); ++g) {
      const auto& grant = governed.grants[g];
      ARROW_RETURN_NOT_OK(builder.AddRow({"grant", std::to_string(grant.id),
                                          grant.ToString(), "role " + grant.role}));
    }
    std::vector<std::string> filters;
    for (const auto& filter : governed.row_filters) {
      if (filter.empty()) {
        filters.clear();
        break;
      }
      filters.push_back("(" + filter + ")");
    }
    ARROW_RETURN_NOT_OK(builder.AddRow(
        {"rows", "", filters.empty() ? "all rows" : Join(filters, " OR "),
         filters.empty() ? "a grant without row filter" : "union of the grants' row filters"}));
  }
  for (const auto& column : governed.columns) {
    const auto& name = column.field->name();
    if (governed.unrestricted) {
      ARROW_RETURN_NOT_OK(builder.AddRow({"column", name, "unmasked", "role warden_admin"}));
      continue;
    }
    std::vector<std::string> access, reasons;
    for (const auto& rule : column.rules) {
      const auto& grant = governed.grants[rule.grant];
      const auto& filter = governed.row_filters[rule.grant];
      std::string what = rule.transform ? rule.transform->function + "(" +
                                              Join(rule.transform->args) + ")"
                                        : "unmasked";
      if (!filter.empty() && !column.plain) what += " where " + filter;
      access.push_back(what);
      std::string reason = GrantLabel(grant) + ": " + Reason(grant);
      if (rule.transform && rule.transform->on_attribute) {
        reason += "; mask by attribute " + rule.transform->target;
      }
      reasons.push_back(reason);
      if (column.plain) break;
    }
    ARROW_RETURN_NOT_OK(builder.AddRow({"column", name,
                                        column.plain ? "unmasked" : Join(access, "; else "),
                                        Join(reasons, "; ")}));
  }
  if (governed.hidden_columns > 0) {
    std::string names;
    if (principal.IsAdmin()) {
      std::vector<std::string> hidden;
      for (const auto& field : governed.dataset.schema->fields()) {
        if (governed.visible_schema->GetFieldIndex(field->name()) < 0) {
          hidden.push_back(field->name());
        }
      }
      names = Join(hidden);
    }
    ARROW_RETURN_NOT_OK(builder.AddRow({"hidden columns", std::to_string(governed.hidden_columns),
                                        names, "no grant exposes them"}));
  }
  return builder.Finish();
}

}  // namespace warden::planner::internal
