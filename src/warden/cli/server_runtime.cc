#include "warden/cli/server_runtime.h"

#include "warden/exec/transform_functions.h"

#include <pthread.h>
#include <signal.h>

#include <cstdlib>
#include <iostream>

#include <arrow/flight/server_auth.h>

#include "warden/common/crypto.h"
#include "warden/common/error.h"
#include "warden/planner/auth_middleware.h"

namespace warden::cli {

static sigset_t StopSignals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  return signals;
}

void BlockStopSignals() {
  const sigset_t signals = StopSignals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
}

int WaitForStopSignal() {
  const sigset_t signals = StopSignals();
  int signal_number = 0;
  sigwait(&signals, &signal_number);
  return signal_number;
}

std::string FlightUri(const std::string& host, int port) {
  return "grpc://" + host + ":" + std::to_string(port);
}

arrow::Status StartFlightServer(
    arrow::flight::FlightServerBase* service, const std::string& host, int port,
    std::vector<std::pair<std::string,
                          std::shared_ptr<arrow::flight::ServerMiddlewareFactory>>>
        middleware) {
  ARROW_ASSIGN_OR_RAISE(auto location, arrow::flight::Location::ForGrpcTcp(host, port));
  arrow::flight::FlightServerOptions options(location);
  options.auth_handler = std::make_shared<arrow::flight::NoOpAuthHandler>();
  options.middleware = std::move(middleware);
  auto status = service->Init(options);
  if (!status.ok()) {
    return Error(ErrorCode::kUnavailable, "cannot listen on " + FlightUri(host, port) +
                                              ": " + status.message());
  }
  return arrow::Status::OK();
}

arrow::Status BootstrapAdmin(catalog::MetaStore* store) {
  ARROW_ASSIGN_OR_RAISE(auto existing, store->GetUser("admin"));
  if (existing) return arrow::Status::OK();
  std::string password;
  if (const char* from_env = std::getenv("WARDEN_ADMIN_PASSWORD"); from_env && *from_env) {
    password = from_env;
  } else {
    ARROW_ASSIGN_OR_RAISE(auto random, crypto::RandomBytes(12));
    password = crypto::Base64UrlEncode(random);
    std::cout << "Created user 'admin'. Its password, shown only this once: " << password
              << std::endl;
  }
  ARROW_ASSIGN_OR_RAISE(auto hash, crypto::HashPassword(password));
  ARROW_RETURN_NOT_OK(store->PutUser({"admin", hash}));
  return store->GrantRoleToUser(catalog::kAdminRole, "admin");
}

void UseTokenizeKeyFrom(const std::string& ticket_key) {
  exec::SetTokenizeKey(crypto::HmacSha256(ticket_key, "warden tokenize v1"));
}

arrow::Result<PlannerStack> MakePlannerStack(const PlannerConfig& config) {
  UseTokenizeKeyFrom(config.ticket_key);
  PlannerStack stack;
  ARROW_ASSIGN_OR_RAISE(stack.store, catalog::MetaStore::Open(config.metastore_uri));
  ARROW_RETURN_NOT_OK(BootstrapAdmin(stack.store.get()));
  stack.access = std::make_unique<policy::AccessController>(stack.store.get());
  ARROW_ASSIGN_OR_RAISE(auto codec,
                        MakeTokenCodec(config.token_secret, config.sso));
  stack.tokens = std::make_unique<BearerTokenCodec>(codec);
  stack.authenticator =
      std::make_unique<planner::Authenticator>(stack.store.get(), std::move(codec));
  ARROW_ASSIGN_OR_RAISE(auto signer, TicketSigner::Make(config.ticket_key));
  stack.planner = std::make_unique<planner::Planner>(stack.store.get(), stack.access.get(),
                                                     signer, config.options);
  stack.service = std::make_unique<planner::FlightSqlService>(
      stack.planner.get(), stack.store.get(), stack.access.get(), std::move(signer));
  return stack;
}

arrow::Result<SsoOptions> LoadSso(const SsoFlags& flags) {
  SsoOptions sso{nullptr, flags.groups_claim, flags.attributes_claim};
  if (!flags.jwks_file.empty()) {
    ARROW_ASSIGN_OR_RAISE(sso.jwks, JwksKeySet::Load(flags.jwks_file));
  }
  return sso;
}

arrow::Result<BearerTokenCodec> MakeTokenCodec(const std::string& token_secret,
                                               const SsoFlags& sso) {
  ARROW_ASSIGN_OR_RAISE(auto options, LoadSso(sso));
  return BearerTokenCodec::Make(token_secret, std::move(options));
}

arrow::Result<std::vector<std::string>> ParseWorkerList(const std::string& list) {
  std::vector<std::string> uris;
  size_t start = 0;
  while (start <= list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    std::string item = list.substr(start, end - start);
    if (!item.empty()) {
      const size_t colon = item.rfind(':');
      if (item.find("://") != std::string::npos) {
        uris.push_back(item);
      } else if (colon == std::string::npos || colon == 0 || colon + 1 == item.size()) {
        return Error(ErrorCode::kInvalidArgument,
                     "worker '" + item + "' must be host:port or a grpc:// URI");
      } else {
        uris.push_back("grpc://" + item);
      }
    }
    start = end + 1;
  }
  return uris;
}

}  // namespace warden::cli
