// SHOW MEMBERS OF ROLE r (and Hive's SHOW PRINCIPALS r): the users and groups a role is
// granted to. The admin sees every role's members; a member of the role (directly or
// through a group) sees its fellow members; to anyone else the role behaves as absent.

#include <algorithm>

#include "warden/common/error.h"
#include "warden/planner/governance_statements_internal.h"

namespace warden::planner::internal {

TableResult RunStatement(const GovernanceContext& context, const policy::Principal& principal,
                         const sql::ShowRoleMembers& statement) {
  const auto not_found = [&] {
    return Error(ErrorCode::kCatalogNotFound, "role " + statement.role + " not found");
  };
  if (!principal.IsAdmin() && !principal.HasRole(statement.role)) return not_found();
  ARROW_ASSIGN_OR_RAISE(auto roles, context.store->ListRoles());
  if (std::find(roles.begin(), roles.end(), statement.role) == roles.end()) {
    return not_found();
  }
  ARROW_ASSIGN_OR_RAISE(auto members, context.store->ListRoleMembers());
  StringTableBuilder builder({"kind", "member"});
  for (const auto& member : members) {
    if (member.role != statement.role) continue;
    ARROW_RETURN_NOT_OK(builder.AddRow({member.kind, member.member}));
  }
  return builder.Finish();
}

}  // namespace warden::planner::internal
