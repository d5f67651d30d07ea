#include "warden/cli/audit_setup.h"

#include <unistd.h>

#include <spdlog/spdlog.h>

#include "warden/audit/audit_metrics.h"
#include "warden/catalog/filesystems.h"
#include "warden/common/error.h"
#include "warden/planner/audit_dataset.h"

namespace warden::cli {

namespace {

/// A chain id from the host name: characters outside [A-Za-z0-9._-] become '-'.
std::string DefaultChain(const std::string& service, int port) {
  char host[256] = {0};
  if (::gethostname(host, sizeof(host) - 1) != 0) std::snprintf(host, sizeof(host), "host");
  std::string chain = service + "-" + host + "-" + std::to_string(port);
  for (char& c : chain) {
    const bool ok = std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' ||
                    c == '-';
    if (!ok) c = '-';
  }
  return chain.substr(0, 100);
}

}  // namespace

void AuditFlags::AddTo(CLI::App* command) {
  command
      ->add_option("--audit-location", location,
                   "Audit trail: a local folder or s3://bucket/prefix; 'none' turns audit off")
      ->envname("WARDEN_AUDIT_LOCATION");
  command->add_option("--audit-format", format, "Rolled audit files: parquet or jsonl")
      ->envname("WARDEN_AUDIT_FORMAT")
      ->check(CLI::IsMember({"parquet", "jsonl"}))
      ->capture_default_str();
  command
      ->add_option("--audit-policy", policy,
                   "When the audit sink fails: refuse new requests, or spill to a local folder")
      ->envname("WARDEN_AUDIT_POLICY")
      ->check(CLI::IsMember({"refuse", "spill"}))
      ->capture_default_str();
  command->add_option("--audit-spill-dir", spill_dir,
                      "Local spill folder for --audit-policy spill")
      ->envname("WARDEN_AUDIT_SPILL_DIR");
  command->add_option("--audit-chain", chain,
                      "This writer's chain id, unique per replica and stable across restarts "
                      "(default <service>-<host>-<port>)")
      ->envname("WARDEN_AUDIT_CHAIN");
  command->add_option("--audit-roll-seconds", roll_seconds,
                      "Roll open audit segments into dataset files this often")
      ->check(CLI::Range(1, 86400))
      ->capture_default_str();
  command->add_option("--audit-flush-ms", flush_ms,
                      "Most time a buffered audit event waits before it is written")
      ->check(CLI::Range(1, 60000))
      ->capture_default_str();
  command->add_option("--audit-publish-ms", publish_ms,
                      "Events become queryable in warden_system.audit_logs within about "
                      "this long (0: once their segment rolls)")
      ->check(CLI::Range(0, 3600000))
      ->capture_default_str();
}

arrow::Result<std::unique_ptr<audit::AuditLog>> OpenAuditLog(
    const AuditFlags& flags, const std::string& default_location,
    const std::string& service, const std::string& host, int port,
    std::function<void()> on_rolled) {
  const std::string location = flags.location.empty() ? default_location : flags.location;
  if (location.empty() || location == "none") {
    spdlog::warn("audit is OFF for this {}: no event is recorded (set --audit-location)",
                 service);
    return nullptr;
  }
  audit::AuditLogOptions options;
  options.location = location;
  ARROW_ASSIGN_OR_RAISE(options.format, audit::ParseFormatName(flags.format));
  ARROW_ASSIGN_OR_RAISE(options.failure_policy, audit::ParseFailurePolicy(flags.policy));
  options.spill_dir = flags.spill_dir;
  if (options.failure_policy == audit::FailurePolicy::kSpill && options.spill_dir.empty()) {
    if (location.find("://") != std::string::npos) {
      return Error(ErrorCode::kInvalidArgument,
                   "--audit-policy spill on an object store needs --audit-spill-dir");
    }
    options.spill_dir = location + "-spill";
  }
  options.chain_id = flags.chain.empty() ? DefaultChain(service, port) : flags.chain;
  (void)host;
  options.roll_interval = std::chrono::seconds(flags.roll_seconds);
  options.flush_interval = std::chrono::milliseconds(flags.flush_ms);
  options.publish_interval = std::chrono::milliseconds(flags.publish_ms);
  options.on_rolled = std::move(on_rolled);
  ARROW_ASSIGN_OR_RAISE(auto log, audit::AuditLog::Open(std::move(options)));
  spdlog::info("audit trail at {} (chain {}, {}, policy {})", location, log->chain_id(),
               flags.format, flags.policy);
  return log;
}

std::function<void()> RefreshListingOnRoll(const AuditFlags& flags,
                                           const std::string& default_location,
                                           planner::Planner* planner) {
  const std::string location = flags.location.empty() ? default_location : flags.location;
  if (location.empty() || location == "none") return nullptr;
  auto resolved = audit::AuditLocation::Open(location);
  if (!resolved.ok()) return nullptr;  // OpenAuditLog reports it
  auto uri = catalog::LocationUri(*resolved->filesystem(), resolved->root());
  if (!uri.ok()) return nullptr;
  return [planner, uri = *uri] { planner->InvalidateListing(uri); };
}

arrow::Result<std::unique_ptr<planner::PlannerAudit>> AttachPlannerAudit(
    audit::AuditLog* log, const AuditFlags& flags, PlannerStack* stack,
    const std::string& instance) {
  if (log == nullptr) return nullptr;
  ARROW_ASSIGN_OR_RAISE(auto format, audit::ParseFormatName(flags.format));
  auto hooks = std::make_unique<planner::PlannerAudit>(log, instance);
  stack->service->set_audit(hooks.get());
  ARROW_ASSIGN_OR_RAISE(auto definer, stack->access->ResolvePrincipal("admin", {}));
  ARROW_RETURN_NOT_OK(planner::RegisterAuditDataset(stack->store.get(), stack->planner.get(),
                                                    definer, log->location(), format));
  return hooks;
}

std::unique_ptr<worker::WorkerAudit> AttachWorkerAudit(audit::AuditLog* log,
                                                       worker::WorkerService* worker,
                                                       const std::string& instance) {
  if (log == nullptr) return nullptr;
  auto hooks = std::make_unique<worker::WorkerAudit>(log, instance);
  worker->set_audit(hooks.get());
  return hooks;
}

void ExposeAuditHealth(audit::AuditLog* log, rest::HealthChecks* http) {
  if (log == nullptr || http == nullptr) return;
  http->AddReadinessCheck([log]() -> std::string {
    if (log->healthy()) return {};
    return "audit sink unavailable: " + log->last_error();
  });
  http->AddMetrics([log] { return audit::AuditMetricsText(log->counters(), log->healthy()); });
}

void CloseAuditLog(audit::AuditLog* log) {
  if (log == nullptr) return;
  auto closed = log->Close();
  if (!closed.ok()) spdlog::error("audit log could not write everything at shutdown: {}", FormatError(closed));
}

}  // namespace warden::cli
