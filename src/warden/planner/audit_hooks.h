#pragma once

#include <memory>
#include <optional>
#include <string>

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
  size_t tasks = 0;
};

/// The planner's audit hooks (DESIGN §7): one event per authentication, per statement
/// (plan, governance, grant change, refusal, error) and per refused ticket. A statement's
/// event is durable (RecordDurable) before its FlightInfo is returned; other events are
/// buffered. Thread-safe; the log outlives it.
class PlannerAudit {
 public:
  PlannerAudit(audit::AuditLog* log, std::string instance)
      : log_(log), instance_(std::move(instance)) {}

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

  /// A DoGet on the planner (inline results) that was refused or failed.
  void RecordDoGetFailure(const arrow::flight::ServerCallContext& context,
                          const arrow::Status& status);

 private:
  audit::AuditEvent NewEvent(const arrow::flight::ServerCallContext& context) const;
  void RecordBuffered(audit::AuditEvent event);

  audit::AuditLog* log_;
  const std::string instance_;
};

}  // namespace warden::planner
