#pragma once

#include <memory>
#include <string>
#include <vector>

#include <arrow/flight/server.h>
#include <arrow/result.h>

#include "warden/catalog/meta_store.h"
#include "warden/cli/identity_flags.h"
#include "warden/common/ticket.h"
#include "warden/planner/authenticator.h"
#include "warden/planner/flight_sql_service.h"
#include "warden/planner/planner.h"
#include "warden/policy/access_controller.h"

/// What `warden serve`, `warden planner` and `warden worker` share: building the services,
/// binding them, and waiting for a stop signal.
namespace warden::cli {

/// Blocks SIGINT and SIGTERM in this thread and every thread it starts later, so that
/// WaitForStopSignal() receives them. Call first thing in a server command.
void BlockStopSignals();

/// Waits for SIGINT or SIGTERM and returns its number.
int WaitForStopSignal();

/// "grpc://host:port" (or grpc+tls:// when TLS is configured, later).
std::string FlightUri(const std::string& host, int port);

/// Starts `service` on host:port with `middleware` (may be empty) and a no-op Flight
/// auth handler (authentication happens in middleware).
arrow::Status StartFlightServer(
    arrow::flight::FlightServerBase* service, const std::string& host, int port,
    std::vector<std::pair<std::string,
                          std::shared_ptr<arrow::flight::ServerMiddlewareFactory>>>
        middleware);

/// Creates user `admin` with role warden_admin on first start: its password comes from
/// WARDEN_ADMIN_PASSWORD or is generated and printed once.
arrow::Status BootstrapAdmin(catalog::MetaStore* store);

/// Everything a planner process owns, built in dependency order.
struct PlannerStack {
  std::unique_ptr<catalog::MetaStore> store;
  std::unique_ptr<policy::AccessController> access;
  std::unique_ptr<planner::Authenticator> authenticator;
  std::unique_ptr<planner::Planner> planner;
  std::unique_ptr<planner::FlightSqlService> service;
  /// How the planner verifies bearer tokens; a worker in the same process binds
  /// tickets to their callers with a copy.
  std::unique_ptr<BearerTokenCodec> tokens;
};

struct PlannerConfig {
  std::string metastore_uri;
  std::string ticket_key;
  std::string token_secret;
  /// SSO: the identity provider's JWKS file (empty: HS256 tokens only) and token claims.
  SsoFlags sso;
  planner::PlannerOptions options;
};

arrow::Result<PlannerStack> MakePlannerStack(const PlannerConfig& config);

/// The SSO settings of `flags` with the JWKS file loaded (none when it is not given);
/// kInvalidArgument for an unreadable or malformed JWKS.
arrow::Result<SsoOptions> LoadSso(const SsoFlags& flags);

/// The bearer token verifier of planners, workers and REST gateways: HS256 under
/// `token_secret`, plus RS256/ES256 against the JWKS file of `sso` when it is given.
arrow::Result<BearerTokenCodec> MakeTokenCodec(const std::string& token_secret,
                                               const SsoFlags& sso);

/// Keys tokenize() with a secret derived from the ticket key, which every planner and worker
/// of a deployment shares: tokens are then equal on every process (joins on them match),
/// and change when the ticket key is rotated.
void UseTokenizeKeyFrom(const std::string& ticket_key);

/// Parses "host:port,host:port" into Flight URIs.
arrow::Result<std::vector<std::string>> ParseWorkerList(const std::string& list);

}  // namespace warden::cli
