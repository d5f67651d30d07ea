#include <filesystem>
#include <iostream>
#include <memory>

#include <arrow/util/config.h>
#include <spdlog/spdlog.h>

#include "warden/cli/audit_setup.h"
#include "warden/cli/commands.h"
#include "warden/cli/identity_flags.h"
#include "warden/cli/object_storage_flags.h"
#include "warden/cli/server_runtime.h"
#include "warden/common/error.h"
#include "warden/common/key_file.h"
#include "warden/exec/executor.h"
#include "warden/exec/recycling_memory_pool.h"
#include "warden/planner/auth_middleware.h"
#include "warden/planner/worker_pool.h"
#include "warden/rest/gateway.h"
#include "warden/rest/health_server.h"
#include "warden/worker/bearer_echo.h"
#include "warden/worker/service_credential.h"
#include "warden/worker/worker_service.h"

namespace warden::cli {

namespace {

using MiddlewareList =
    std::vector<std::pair<std::string, std::shared_ptr<arrow::flight::ServerMiddlewareFactory>>>;

MiddlewareList AuthMiddleware(const PlannerStack& stack, planner::PlannerAudit* audit) {
  return {{planner::CallIdentity::kKey,
           std::make_shared<planner::AuthMiddlewareFactory>(stack.authenticator.get(), audit)}};
}

int Fail(const arrow::Status& status) {
  std::cerr << "warden: " << FormatError(status) << std::endl;
  return 1;
}

/// Stops the Flight servers on SIGINT/SIGTERM and waits for their calls to finish.
void ServeUntilStopped(const std::vector<arrow::flight::FlightServerBase*>& servers) {
  const int signal_number = WaitForStopSignal();
  spdlog::info("signal {} received, stopping", signal_number);
  for (auto* server : servers) (void)server->Shutdown();
  for (auto* server : servers) (void)server->Wait();
}

/// Settings of query planning that `serve` and `planner` both take.
struct PlanningFlags {
  int ticket_ttl_seconds = 300;
  int64_t query_memory_mb = 4096;

  void AddTo(CLI::App* command) {
    command->add_option("--ticket-ttl-seconds", ticket_ttl_seconds,
                        "How long a signed ticket stays valid")
        ->check(CLI::Range(1, 86400))
        ->capture_default_str();
    command->add_option("--query-memory-mb", query_memory_mb,
                        "Most memory one query may use on a worker (MiB)")
        ->envname("WARDEN_QUERY_MEMORY_MB")
        ->check(CLI::Range(int64_t{16}, int64_t{1} << 20))
        ->capture_default_str();
  }

  void ApplyTo(planner::PlannerOptions* options) const {
    options->ticket_ttl = std::chrono::seconds(ticket_ttl_seconds);
    options->query_memory_limit_bytes = query_memory_mb << 20;
  }
};

/// --buffer-cache-mib: how much freed scan memory a worker keeps for the next row groups
/// (exec::RecyclingMemoryPool); unused blocks go back after 10 s.
struct BufferCacheFlag {
  int64_t mib = exec::RecyclingMemoryPool::kDefaultSharedCacheBytes >> 20;

  void AddTo(CLI::App* command) {
    command->add_option("--buffer-cache-mib", mib,
                        "Freed scan buffers kept for reuse (MiB); unused ones go back to the "
                        "system after 10 s")
        ->envname("WARDEN_BUFFER_CACHE_MIB")
        ->check(CLI::Range(int64_t{0}, int64_t{1} << 20))
        ->capture_default_str();
  }

  void Apply() const { exec::RecyclingMemoryPool::Shared()->SetCacheLimit(mib << 20); }
};

/// A worker's Flight middleware: the caller's bearer goes back on every response, so that
/// the JDBC driver keeps it for the next worker (decision 0008).
MiddlewareList WorkerMiddleware() {
  return {{"warden-bearer-echo", std::make_shared<worker::BearerEchoMiddlewareFactory>()}};
}

/// Registers --worker-require-caller-token (decision 0008). On by default: every client we
/// test (pyarrow, ADBC, JDBC, the REST gateway) sends the caller's token to workers.
void AddRequireCallerTokenFlag(CLI::App* command, bool* require) {
  command->add_option("--worker-require-caller-token", *require,
                      "Workers refuse a DoGet without the caller's bearer token "
                      "(false: a DoGet without one is served on the ticket alone; a "
                      "token that is sent is always checked against the ticket's user)")
      ->envname("WARDEN_WORKER_REQUIRE_CALLER_TOKEN")
      ->capture_default_str();
}

struct ServeOptions {
  std::string data_dir = "./warden-data";
  std::string host = "127.0.0.1";
  int planner_port = 12050;
  int worker_port = 13050;
  int http_port = 8089;
  bool require_caller_token = true;
  SsoFlags sso;
  PlanningFlags planning;
  BufferCacheFlag buffer_cache;
  ObjectStorageFlags object_storage;
  AuditFlags audit;
};

arrow::Status RunServe(const ServeOptions& options) {
  BlockStopSignals();
  options.buffer_cache.Apply();
  ARROW_RETURN_NOT_OK(ApplyObjectStorageFlags(options.object_storage));
  std::error_code error;
  std::filesystem::create_directories(options.data_dir, error);
  if (error) {
    return Error(ErrorCode::kInvalidArgument,
                 "cannot create data directory " + options.data_dir + ": " + error.message());
  }
  const std::string dir = std::filesystem::absolute(options.data_dir).lexically_normal();
  PlannerConfig config;
  config.metastore_uri = "sqlite://" + dir + "/catalog.db";
  ARROW_ASSIGN_OR_RAISE(config.ticket_key, ReadOrCreateKeyFile(dir + "/ticket.key"));
  ARROW_ASSIGN_OR_RAISE(config.token_secret, ReadOrCreateKeyFile(dir + "/token.key"));
  config.sso = options.sso;
  config.options.worker_uris = {FlightUri(options.host, options.worker_port)};
  options.planning.ApplyTo(&config.options);
  ARROW_ASSIGN_OR_RAISE(auto stack, MakePlannerStack(config));
  ARROW_ASSIGN_OR_RAISE(auto audit_log, OpenAuditLog(options.audit, dir + "/audit", "serve",
                                                     options.host, options.planner_port,
                                                     RefreshListingOnRoll(options.audit, dir + "/audit",
                                                                          stack.planner.get())));
  const std::string instance = options.host + ":" + std::to_string(options.planner_port);
  ARROW_ASSIGN_OR_RAISE(auto planner_audit,
                        AttachPlannerAudit(audit_log.get(), options.audit, &stack, instance));

  ARROW_ASSIGN_OR_RAISE(auto worker_signer, TicketSigner::Make(config.ticket_key));
  ARROW_ASSIGN_OR_RAISE(auto planners, worker::ServiceCredential::Make(config.ticket_key));
  worker::WorkerService worker(
      std::move(worker_signer),
      worker::CallerBinding(*stack.tokens, options.require_caller_token),
      std::move(planners));
  auto worker_audit = AttachWorkerAudit(audit_log.get(), &worker, instance);
  if (planner_audit != nullptr && worker_audit != nullptr) {
    // One log for both: a task's durable event also makes its plan's event durable.
    planner_audit->ShareLogWithWorkers(config.options.worker_uris);
    worker_audit->RefuseTicketsOfEarlierRuns(config.options.ticket_ttl);
  }
  ARROW_RETURN_NOT_OK(
      StartFlightServer(&worker, options.host, options.worker_port, WorkerMiddleware()));
  ARROW_RETURN_NOT_OK(StartFlightServer(stack.service.get(), options.host, options.planner_port,
                                        AuthMiddleware(stack, planner_audit.get())));
  rest::GatewayOptions gateway_options;
  gateway_options.planner_uri = FlightUri(options.host, options.planner_port);
  gateway_options.token_secret = config.token_secret;
  gateway_options.sso = stack.tokens->sso();  // the JWKS the planner loaded, read once
  gateway_options.static_dir = DefaultWebDir();
  ARROW_ASSIGN_OR_RAISE(auto http, rest::Gateway::Make(std::move(gateway_options)));
  ExposeAuditHealth(audit_log.get(), &http->health());
  ARROW_RETURN_NOT_OK(http->Start(options.host, options.http_port));

  std::cout << "Warden is ready (data in " << dir << ")\n"
            << "  Flight SQL (planner): " << FlightUri(options.host, options.planner_port)
            << "\n  worker:               " << FlightUri(options.host, options.worker_port)
            << "\n  REST API and portal:  http://" << options.host << ":"
            << options.http_port << "/" << std::endl;
  ServeUntilStopped({stack.service.get(), &worker});
  http->Stop();
  CloseAuditLog(audit_log.get());
  return arrow::Status::OK();
}

struct PlannerOptions {
  std::string metastore;
  std::string host = "127.0.0.1";
  int port = 12050;
  std::string ticket_key_file;
  TokenVerificationFlags tokens;
  std::string workers;
  int worker_heartbeat_ms = 1000;
  int http_port = 0;
  PlanningFlags planning;
  ObjectStorageFlags object_storage;
  AuditFlags audit;
};

arrow::Status RunPlanner(const PlannerOptions& options) {
  BlockStopSignals();
  ARROW_RETURN_NOT_OK(ApplyObjectStorageFlags(options.object_storage));
  PlannerConfig config;
  config.metastore_uri = options.metastore;
  ARROW_ASSIGN_OR_RAISE(config.ticket_key, ReadKeyFile(options.ticket_key_file));
  ARROW_ASSIGN_OR_RAISE(config.token_secret,
                        ReadKeyFile(options.tokens.token_secret_file));
  config.sso = options.tokens.sso;
  ARROW_ASSIGN_OR_RAISE(config.options.worker_uris, ParseWorkerList(options.workers));
  if (!config.options.worker_uris.empty()) {
    // Heartbeats: tasks list only workers that answer, least loaded first. Workers answer
    // only a planner's service credential (signed under the shared ticket key).
    ARROW_ASSIGN_OR_RAISE(auto credential, worker::ServiceCredential::Make(config.ticket_key));
    config.options.worker_pool = std::make_shared<planner::WorkerPool>(
        config.options.worker_uris, std::chrono::milliseconds(options.worker_heartbeat_ms),
        [credential] {
          return std::make_pair(std::string(worker::kServiceCredentialHeader),
                                credential.Issue(NowMillis()));
        });
  }
  options.planning.ApplyTo(&config.options);
  ARROW_ASSIGN_OR_RAISE(auto stack, MakePlannerStack(config));
  ARROW_ASSIGN_OR_RAISE(auto audit_log,
                        OpenAuditLog(options.audit, "", "planner", options.host, options.port,
                                     RefreshListingOnRoll(options.audit, "", stack.planner.get())));
  ARROW_ASSIGN_OR_RAISE(auto planner_audit,
                        AttachPlannerAudit(audit_log.get(), options.audit, &stack,
                                           options.host + ":" + std::to_string(options.port)));
  rest::HealthServer http;
  ExposeAuditHealth(audit_log.get(), &http);
  if (options.http_port > 0) ARROW_RETURN_NOT_OK(http.Start(options.host, options.http_port));
  ARROW_RETURN_NOT_OK(StartFlightServer(stack.service.get(), options.host, options.port,
                                        AuthMiddleware(stack, planner_audit.get())));
  std::cout << "Warden planner is ready on " << FlightUri(options.host, options.port)
            << " with " << config.options.worker_uris.size() << " worker(s)" << std::endl;
  ServeUntilStopped({stack.service.get()});
  http.Stop();
  CloseAuditLog(audit_log.get());
  return arrow::Status::OK();
}

struct WorkerOptions {
  std::string host = "127.0.0.1";
  int port = 13050;
  int max_tasks = 8;
  std::string ticket_key_file;
  TokenVerificationFlags tokens;
  bool require_caller_token = true;
  int http_port = 0;
  BufferCacheFlag buffer_cache;
  ObjectStorageFlags object_storage;
  AuditFlags audit;
};

arrow::Status RunWorker(const WorkerOptions& options) {
  BlockStopSignals();
  options.buffer_cache.Apply();
  ARROW_RETURN_NOT_OK(ApplyObjectStorageFlags(options.object_storage));
  ARROW_ASSIGN_OR_RAISE(auto key, ReadKeyFile(options.ticket_key_file));
  UseTokenizeKeyFrom(key);
  ARROW_ASSIGN_OR_RAISE(auto signer, TicketSigner::Make(key));
  ARROW_ASSIGN_OR_RAISE(auto planners, worker::ServiceCredential::Make(key));
  // The planners' token settings: a ticket is honoured only for the user it names.
  ARROW_ASSIGN_OR_RAISE(auto token_secret, ReadKeyFile(options.tokens.token_secret_file));
  ARROW_ASSIGN_OR_RAISE(auto tokens,
                        MakeTokenCodec(token_secret, options.tokens.sso));
  worker::WorkerOptions worker_options;
  worker_options.max_concurrent_tasks = options.max_tasks;
  worker::WorkerService worker(
      std::move(signer),
      worker::CallerBinding(std::move(tokens), options.require_caller_token),
      std::move(planners), worker_options);
  ARROW_ASSIGN_OR_RAISE(auto audit_log,
                        OpenAuditLog(options.audit, "", "worker", options.host, options.port));
  auto worker_audit = AttachWorkerAudit(audit_log.get(), &worker,
                                        options.host + ":" + std::to_string(options.port));
  rest::HealthServer http;
  ExposeAuditHealth(audit_log.get(), &http);
  if (options.http_port > 0) ARROW_RETURN_NOT_OK(http.Start(options.host, options.http_port));
  ARROW_RETURN_NOT_OK(StartFlightServer(&worker, options.host, options.port, WorkerMiddleware()));
  std::cout << "Warden worker is ready on " << FlightUri(options.host, options.port)
            << std::endl;
  const int signal_number = WaitForStopSignal();
  // Leave cleanly: refuse new tasks (planners see "draining" and stop listing this worker),
  // let the running ones finish, then stop.
  spdlog::info("signal {} received, draining", signal_number);
  worker.Drain();
  (void)worker.Shutdown();
  (void)worker.Wait();
  http.Stop();
  CloseAuditLog(audit_log.get());
  return arrow::Status::OK();
}

}  // namespace

void AddServeCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<ServeOptions>();
  auto* command = app.add_subcommand(
      "serve", "Run planner, worker and HTTP gateway in one process (embedded SQLite catalog)");
  command->add_option("--data-dir", options->data_dir, "Catalog, keys and state")
      ->envname("WARDEN_DATA_DIR")
      ->capture_default_str();
  command->add_option("--host", options->host, "Address to listen on")
      ->envname("WARDEN_HOST")
      ->capture_default_str();
  command->add_option("--planner-port", options->planner_port, "Flight SQL port")
      ->capture_default_str();
  command->add_option("--worker-port", options->worker_port, "Worker Flight port")
      ->capture_default_str();
  command->add_option("--http-port", options->http_port, "HTTP port")->capture_default_str();
  AddRequireCallerTokenFlag(command, &options->require_caller_token);
  // Its planner, worker and REST gateway all verify tokens with these.
  options->sso.Register(command);
  options->planning.AddTo(command);
  options->buffer_cache.AddTo(command);
  AddObjectStorageFlags(command, &options->object_storage);
  options->audit.AddTo(command);
  command->callback([options, &exit_code] {
    auto status = RunServe(*options);
    if (!status.ok()) exit_code = Fail(status);
  });
}

void AddPlannerCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<PlannerOptions>();
  auto* command = app.add_subcommand("planner", "Run a planner (catalog, policy, Flight SQL)");
  command->add_option("--metastore", options->metastore,
                      "sqlite:///abs/path.db or postgresql://user@host:port/database")
      ->envname("WARDEN_METASTORE")
      ->required();
  command->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  command->add_option("--port", options->port, "Flight SQL port")->capture_default_str();
  command->add_option("--ticket-key-file", options->ticket_key_file,
                      "Key shared with the workers (hex)")
      ->envname("WARDEN_TICKET_KEY_FILE")
      ->required();
  options->tokens.Register(command);
  command->add_option("--workers", options->workers, "Workers as host:port,host:port")
      ->envname("WARDEN_WORKERS");
  command->add_option("--worker-heartbeat-ms", options->worker_heartbeat_ms,
                      "How often workers are asked for their status; three misses and a "
                      "worker gets no new tasks")
      ->check(CLI::Range(50, 60000))
      ->capture_default_str();
  command->add_option("--http-port", options->http_port,
                      "Health, readiness and metrics port (0: none)");
  options->planning.AddTo(command);
  AddObjectStorageFlags(command, &options->object_storage);
  options->audit.AddTo(command);
  command->callback([options, &exit_code] {
    auto status = RunPlanner(*options);
    if (!status.ok()) exit_code = Fail(status);
  });
}

void AddWorkerCommand(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<WorkerOptions>();
  auto* command = app.add_subcommand("worker", "Run a worker (executes signed scan tasks)");
  command->add_option("--host", options->host, "Address to listen on")->capture_default_str();
  command->add_option("--port", options->port, "Flight port")->capture_default_str();
  command->add_option("--max-tasks", options->max_tasks,
                      "Tasks streaming at once; more wait for a slot (back-pressure)")
      ->envname("WARDEN_WORKER_MAX_TASKS")
      ->check(CLI::Range(1, 4096))
      ->capture_default_str();
  command->add_option("--ticket-key-file", options->ticket_key_file,
                      "Key shared with the planners (hex)")
      ->envname("WARDEN_TICKET_KEY_FILE")
      ->required();
  options->tokens.Register(command);
  AddRequireCallerTokenFlag(command, &options->require_caller_token);
  command->add_option("--http-port", options->http_port,
                      "Health, readiness and metrics port (0: none)");
  options->buffer_cache.AddTo(command);
  AddObjectStorageFlags(command, &options->object_storage);
  options->audit.AddTo(command);
  command->callback([options, &exit_code] {
    auto status = RunWorker(*options);
    if (!status.ok()) exit_code = Fail(status);
  });
}

void AddVersionCommand(CLI::App& app, int& exit_code) {
  auto* command = app.add_subcommand("version", "Print the version");
  command->callback([] {
    std::cout << "warden " << WARDEN_VERSION << " (Arrow " << ARROW_VERSION_STRING << ")"
              << std::endl;
  });
}

}  // namespace warden::cli
