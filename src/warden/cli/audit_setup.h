#pragma once

#include <memory>
#include <string>

#include <arrow/result.h>
#include <CLI/CLI.hpp>

#include "warden/audit/audit_log.h"
#include "warden/cli/server_runtime.h"
#include "warden/planner/audit_hooks.h"
#include "warden/worker/task_audit.h"
#include "warden/worker/worker_service.h"
#include "warden/rest/health_checks.h"

/// The audit flags of `warden serve`, `planner` and `worker`, and opening the process's
/// one AuditLog from them (DESIGN §7).
namespace warden::cli {

struct AuditFlags {
  /// Path or URI (file://, s3://…); "none" turns audit off. Empty: the command's default
  /// (serve: <data-dir>/audit; planner and worker: off, with a warning).
  std::string location;
  std::string format = "parquet";
  std::string policy = "refuse";
  std::string spill_dir;  // default with --audit-policy spill: <location>-spill (local)
  std::string chain;      // default: <service>-<host>-<port>
  int roll_seconds = 60;
  int flush_ms = 200;
  int publish_ms = 2000;  // 0: events are queryable only once their segment rolls

  /// Adds --audit-location, --audit-format, --audit-policy, --audit-spill-dir,
  /// --audit-chain, --audit-roll-seconds, --audit-flush-ms, --audit-publish-ms (and
  /// WARDEN_AUDIT_* variables).
  void AddTo(CLI::App* command);
};

/// Opens the audit log of a `service` listening on host:port, or returns nullptr when
/// audit is off (a warning says so). `default_location` applies when none was given.
/// `on_rolled` runs after each rolled file (see AuditLogOptions).
arrow::Result<std::unique_ptr<audit::AuditLog>> OpenAuditLog(
    const AuditFlags& flags, const std::string& default_location,
    const std::string& service, const std::string& host, int port,
    std::function<void()> on_rolled = nullptr);

/// A callback for OpenAuditLog that makes `planner` list the trail's location afresh after
/// each roll, so warden_system.audit_logs shows new files at once (no-op when audit is
/// off or the location does not resolve).
std::function<void()> RefreshListingOnRoll(const AuditFlags& flags,
                                           const std::string& default_location,
                                           planner::Planner* planner);

/// Hooks the planner's services to `log` (nullptr: audit off, returns nullptr) and
/// registers warden_system.audit_logs and its report views over the log's location.
arrow::Result<std::unique_ptr<planner::PlannerAudit>> AttachPlannerAudit(
    audit::AuditLog* log, const AuditFlags& flags, PlannerStack* stack,
    const std::string& instance);

/// Hooks a worker to `log` (nullptr: audit off, returns nullptr).
std::unique_ptr<worker::WorkerAudit> AttachWorkerAudit(audit::AuditLog* log,
                                                       worker::WorkerService* worker,
                                                       const std::string& instance);

/// Readiness follows the log (not ready while events cannot be made durable) and
/// /metrics carries its counters. No-op without a log.
void ExposeAuditHealth(audit::AuditLog* log, rest::HealthChecks* http);

/// Flushes and closes the log at shutdown; logs what could not be written.
void CloseAuditLog(audit::AuditLog* log);

}  // namespace warden::cli
