#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <arrow/flight/server.h>
#include <arrow/result.h>

#include "warden/audit/audit_log.h"
#include "warden/common/bearer_token.h"
#include "warden/planner/access_summary.h"
#include "warden/policy/access_controller.h"

namespace warden::planner {

/// What the audit event of one Flight SQL statement says, filled as planning goes (a
/// refusal or error stops early and leaves the rest empty).
struct PlannedStatement {
  int64_t started_us = 0;
  std::optional<TokenClaims> caller;
  std::string sql;
  std::optional<policy::Principal> principal;
  std::string query_id;
  AccessSummary access;
  /// The plan's tasks (the plan event carries the count) and where each may run: one
  /// entry per task, empty when the planner itself serves it (inline results).
  size_t tasks = 0;
  std::vector<std::vector<std::string>> task_locations;
};

/// The planner's audit hooks (DESIGN §7): one event per authentication, per statement
/// (plan, governance, grant change, refusal, error) and per refused ticket. A statement's
/// event is durable (RecordDurable) before its FlightInfo is returned, except the plan of a
/// query whose every task runs on a worker writing to this same log (`warden serve`): that
/// plan event is buffered, and the durable record of any of its tasks, which follows it in
/// the chain, makes it durable before the query's result is acknowledged (docs/audit.md,
/// Delivery guarantees). Other events are buffered. Thread-safe; the log outlives it.
class PlannerAudit {
 public:
  PlannerAudit(audit::AuditLog* log, std::string instance)
      : log_(log), instance_(std::move(instance)) {}

  /// Declares workers (by URI) whose task events go to this planner's log: plans whose
  /// tasks all run there need not be synced on their own. Call before serving.
  void ShareLogWithWorkers(std::vector<std::string> worker_uris) {
    log_sharing_workers_ = std::move(worker_uris);
  }

  /// kAuditUnavailable while the log cannot make events durable and its policy is to
  /// refuse: new queries are refused before any work is done.
  arrow::Status Admit() const;

  /// A Handshake: `authorization` is the Basic header (only its user name is recorded),
  /// `status` the outcome, `token` the token issued on success.
  void RecordLogin(const arrow::flight::ServerCallContext& context,
                   const std::string& authorization, const arrow::Status& status,
                   const std::string& token);
  /// A call refused because its bearer token is missing, invalid or expired.
  void RecordBearerRefusal(const arrow::flight::ServerCallContext& context,
                           const arrow::Status& status);

  /// Records the statement's event; returns `outcome`, or WARDEN-AUDIT-UNAVAILABLE in
  /// place of a success whose event could not be made durable.
  arrow::Status RecordStatement(const arrow::flight::ServerCallContext& context,
                                const PlannedStatement& statement,
                                const arrow::Status& outcome);

  /// Before the planner serves a ticket itself: every event recorded so far (the ticket's
  /// plan event among them) is made durable; WARDEN-AUDIT-UNAVAILABLE when it cannot be.
  arrow::Status BeforeServingTicket() const;

  /// A DoGet on the planner (inline results) that was refused or failed.
  void RecordDoGetFailure(const arrow::flight::ServerCallContext& context,
                          const arrow::Status& status);

 private:
  audit::AuditEvent NewEvent(const arrow::flight::ServerCallContext& context) const;
  void RecordBuffered(audit::AuditEvent event);
  /// True when a task's durable event will cover the plan event (see the class comment).
  bool TasksCoverPlan(const PlannedStatement& statement) const;

  audit::AuditLog* log_;
  const std::string instance_;
  std::vector<std::string> log_sharing_workers_;
};

}  // namespace warden::planner
