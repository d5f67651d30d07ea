#include "warden/rest/gateway.h"

namespace warden::rest {

// The one list of API routes. Its paths are the OpenAPI document's paths; gateway_test
// fails when they differ.
const std::vector<Gateway::Route>& Gateway::RouteTable() {
  static const std::vector<Route> kRoutes = {
      {{"GET", "/healthz", false}, &Gateway::Health},
      {{"GET", "/readyz", false}, &Gateway::Ready},
      {{"GET", "/metrics", false}, &Gateway::Metrics},
      {{"GET", "/api/v1/health", false}, &Gateway::Health},
      {{"GET", "/api/v1/openapi.json", false}, &Gateway::OpenApi},
      {{"POST", "/api/v1/login", false}, &Gateway::Login},
      {{"POST", "/api/v1/logout", false}, &Gateway::Logout},
      {{"POST", "/api/v1/token/refresh", true}, &Gateway::Refresh},
      {{"GET", "/api/v1/session", true}, &Gateway::Session},
      {{"GET", "/api/v1/databases", true}, &Gateway::ListDatabases},
      {{"GET", "/api/v1/databases/{database}/datasets", true},
       &Gateway::ListDatabaseDatasets},
      {{"GET", "/api/v1/datasets", true}, &Gateway::SearchDatasets},
      {{"GET", "/api/v1/datasets/{database}/{name}", true}, &Gateway::GetDataset},
      {{"GET", "/api/v1/datasets/{database}/{name}/preview", true},
       &Gateway::PreviewDataset},
      {{"GET", "/api/v1/datasets/{database}/{name}/statistics", true},
       &Gateway::DatasetStatistics},
      {{"POST", "/api/v1/query", true}, &Gateway::Query},
      {{"POST", "/api/v1/statements", true}, &Gateway::Statement},
      {{"GET", "/api/v1/roles", true}, &Gateway::ListRoles},
      {{"POST", "/api/v1/roles", true}, &Gateway::CreateRole},
      {{"DELETE", "/api/v1/roles/{role}", true}, &Gateway::DropRole},
      {{"GET", "/api/v1/roles/{role}/members", true}, &Gateway::ListRoleMembers},
      {{"POST", "/api/v1/roles/{role}/members", true}, &Gateway::AddRoleMember},
      {{"DELETE", "/api/v1/roles/{role}/members/{kind}/{member}", true},
       &Gateway::RemoveRoleMember},
      {{"GET", "/api/v1/grants", true}, &Gateway::ListGrants},
      {{"POST", "/api/v1/grants", true}, &Gateway::CreateGrant},
      {{"POST", "/api/v1/grants/revoke", true}, &Gateway::RevokeGrant},
      {{"GET", "/api/v1/access", true}, &Gateway::ExplainAccess},
      {{"GET", "/api/v1/audit", true}, &Gateway::SearchAudit},
  };
  return kRoutes;
}

}  // namespace warden::rest
