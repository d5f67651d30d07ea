#include "warden/policy/access_controller.h"

#include <algorithm>

#include "warden/common/error.h"

namespace warden::policy {

bool Principal::IsAdmin() const {
  return std::find(roles.begin(), roles.end(), catalog::kAdminRole) != roles.end();
}

arrow::Result<Principal> AccessController::ResolvePrincipal(
    const std::string& user, const std::vector<std::string>& groups) const {
  ARROW_ASSIGN_OR_RAISE(auto roles, store_->RolesOfUser(user));
  return Principal{user, groups, std::move(roles)};
}

bool AccessController::CanSeeDatabase(const Principal& principal,
                                      const std::string& database) const {
  return principal.IsAdmin();
}

bool AccessController::CanSeeDataset(const Principal& principal,
                                     const catalog::DatasetInfo& dataset) const {
  return principal.IsAdmin();
}

arrow::Result<GovernedTable> AccessController::GovernedView(
    const Principal& principal, const sql::QualifiedName& table) const {
  const auto not_found = [&] {
    return Error(ErrorCode::kCatalogNotFound, "table " + table.ToString() + " not found");
  };
  if (!principal.IsAdmin()) return not_found();  // no store read for the unprivileged
  ARROW_ASSIGN_OR_RAISE(auto dataset, store_->GetDataset(table.database, table.name));
  if (!dataset || !CanSeeDataset(principal, *dataset)) return not_found();
  GovernedTable governed{*dataset, dataset->schema, std::nullopt};
  return governed;
}

arrow::Status AccessController::AuthorizeDdl(const Principal& principal) const {
  if (principal.IsAdmin()) return arrow::Status::OK();
  return Error(ErrorCode::kPermissionDenied,
               "user " + principal.user + " may not run governance statements");
}

}  // namespace warden::policy
