#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include <arrow/result.h>
#include <arrow/status.h>
#include <nlohmann/json.hpp>

#include "warden/common/bearer_token.h"
#include "warden/rest/health_checks.h"
#include "warden/rest/metrics.h"
#include "warden/rest/planner_client.h"

namespace httplib {
class Server;
struct Request;
struct Response;
}  // namespace httplib

namespace warden::rest {

struct GatewayOptions {
  /// The planner this gateway is a client of ("grpc://host:port").
  std::string planner_uri;
  /// The secret the planners sign bearer tokens with: the gateway verifies tokens before
  /// forwarding them, refreshes them, and derives each session's CSRF token from it.
  std::string token_secret;
  /// SSO: the identity provider's keys and claims, as the planners have them, so that the
  /// gateway accepts the RS256/ES256 tokens the planners accept.
  SsoOptions sso;
  /// The portal's built static files (web/dist); empty: no portal.
  std::string static_dir;
  std::chrono::seconds token_ttl{3600};
  /// Adds `Secure` to the session cookie (set when the portal is served over TLS).
  bool secure_cookies = false;
};

/// One API route: its method, its path as written in the OpenAPI document, and whether it
/// needs a signed-in caller.
struct RouteSpec {
  std::string method;
  std::string path;
  bool authenticated;
};

/// State of one API request, handed to each handler.
struct ApiCall {
  const httplib::Request& request;
  httplib::Response& response;
  std::string request_id;
  std::string token;           // the caller's bearer token (authenticated routes)
  TokenClaims claims;          // who the caller is (authenticated routes)
  std::vector<std::string> params;  // the path parameters, in order
};

/// The REST gateway and web portal (DESIGN §8): `/api/v1/…` as described by
/// `/api/v1/openapi.json`, health, metrics and the portal's static files. Every data and
/// catalog call becomes SQL sent to the planner with the caller's own token, so the
/// gateway sees only what the caller may see. Start() and Stop() from one thread; the
/// handlers run on the HTTP server's threads.
class Gateway {
 public:
  static arrow::Result<std::unique_ptr<Gateway>> Make(GatewayOptions options);
  ~Gateway();

  arrow::Status Start(const std::string& host, int port);
  void Stop();

  /// Readiness checks and metrics of the service the gateway runs in; add before Start().
  HealthChecks& health() { return health_; }

  /// Every API route; a test checks it against the OpenAPI document.
  static std::vector<RouteSpec> Routes();
  /// The OpenAPI 3 document served at /api/v1/openapi.json.
  static const std::string& OpenApiDocument();

 private:
  using Handler = void (Gateway::*)(ApiCall&);
  struct Route {
    RouteSpec spec;
    Handler handler;
  };
  static const std::vector<Route>& RouteTable();

  Gateway(GatewayOptions options, BearerTokenCodec codec,
          std::unique_ptr<PlannerClient> client);
  void RegisterRoutes();
  void Dispatch(const Route& route, const httplib::Request& request,
                httplib::Response& response);
  arrow::Status Authenticate(ApiCall* call) const;
  std::string CsrfTokenFor(const std::string& token) const;
  void SetSessionCookie(httplib::Response& response, const std::string& token,
                        int64_t max_age) const;
  /// Runs a statement whose result is small: its first `max_rows` rows as
  /// {"columns":[names],"rows":[[values]]}.
  arrow::Result<nlohmann::json> RunSmall(const ApiCall& call, const std::string& sql,
                                         int64_t max_rows = 100'000);
  /// Sends a JSON body with status 200 (or `status`).
  static void SendJson(ApiCall& call, const nlohmann::json& body, int status = 200);
  /// Streams the result of `sql` in the format the Accept header asks for.
  void StreamQuery(ApiCall& call, const std::string& sql, int64_t offset, int64_t limit);

  // --- handlers (gateway_session.cc)
  void Login(ApiCall& call);
  void Logout(ApiCall& call);
  void Refresh(ApiCall& call);
  void Session(ApiCall& call);
  void Health(ApiCall& call);
  void Ready(ApiCall& call);
  void Metrics(ApiCall& call);
  void OpenApi(ApiCall& call);
  // --- (gateway_catalog.cc)
  void ListDatabases(ApiCall& call);
  void ListDatabaseDatasets(ApiCall& call);
  void SearchDatasets(ApiCall& call);
  void GetDataset(ApiCall& call);
  void PreviewDataset(ApiCall& call);
  void DatasetStatistics(ApiCall& call);
  // --- (gateway_query.cc)
  void Query(ApiCall& call);
  void Statement(ApiCall& call);
  // --- (gateway_admin.cc)
  void ListRoles(ApiCall& call);
  void CreateRole(ApiCall& call);
  void DropRole(ApiCall& call);
  void ListRoleMembers(ApiCall& call);
  void AddRoleMember(ApiCall& call);
  void RemoveRoleMember(ApiCall& call);
  void ListGrants(ApiCall& call);
  void CreateGrant(ApiCall& call);
  void RevokeGrant(ApiCall& call);
  void ExplainAccess(ApiCall& call);
  void SearchAudit(ApiCall& call);

  GatewayOptions options_;
  BearerTokenCodec codec_;
  std::unique_ptr<PlannerClient> client_;
  GatewayMetrics metrics_;
  HealthChecks health_;
  std::unique_ptr<httplib::Server> server_;
  std::thread thread_;
};

}  // namespace warden::rest
