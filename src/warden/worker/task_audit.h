#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

#include <arrow/flight/server.h>
#include <arrow/record_batch.h>

#include "warden/audit/audit_log.h"
#include "warden/common/ticket.h"

namespace warden::worker {

/// The audit event of one task as it streams: rows and IPC body bytes actually sent,
/// duration and outcome (DESIGN §7). Used by one stream (one thread at a time).
class TaskAudit {
 public:
  /// `refusal`, when not OK, fails the task before its first batch (see WorkerAudit).
  TaskAudit(audit::AuditLog* log, audit::AuditEvent event,
            arrow::Status refusal = arrow::Status::OK());
  ~TaskAudit();

  /// Wraps the task's reader so that the rows of each batch handed out are counted (or,
  /// for a refused task, so that it fails before sending any).
  std::shared_ptr<arrow::RecordBatchReader> Wrap(
      std::shared_ptr<arrow::RecordBatchReader> reader);
  /// Counts the body bytes of one payload about to be sent.
  void OnPayload(const arrow::flight::FlightPayload& payload);

  /// The stream reached its end: the event is made durable before the end is reported to
  /// the client (at-least-once); on error the client sees the stream fail instead.
  arrow::Status Finish();
  /// The task failed with `status` (buffered event).
  void Fail(const arrow::Status& status);
  /// The stream was closed before its end (the client stopped reading).
  void Cancel();

 private:
  audit::AuditEvent Completed();

  audit::AuditLog* log_;
  audit::AuditEvent event_;
  arrow::Status refusal_;
  std::shared_ptr<std::atomic<int64_t>> rows_ = std::make_shared<std::atomic<int64_t>>(0);
  int64_t bytes_ = 0;
  bool done_ = false;
};

/// The worker's audit hooks. Thread-safe; the log outlives it.
class WorkerAudit {
 public:
  WorkerAudit(audit::AuditLog* log, std::string instance)
      : log_(log), instance_(std::move(instance)) {}

  /// kAuditUnavailable while the log cannot make events durable: refuse the task.
  arrow::Status Admit() const;
  /// For a worker sharing its log with the planner (`warden serve`), whose plan events are
  /// then only made durable by their tasks' events: refuses tickets issued before this
  /// call (by an earlier run of the process, whose crash may have lost their plan event).
  /// `ticket_ttl` is the planner's, to tell when a ticket was issued from its expiry.
  void RefuseTicketsOfEarlierRuns(std::chrono::milliseconds ticket_ttl);
  /// The audit of a task starting for a verified ticket.
  std::unique_ptr<TaskAudit> StartTask(const arrow::flight::ServerCallContext& context,
                                       const TicketPayload& ticket);
  /// A DoGet refused (bad, expired or foreign ticket, bad caller token, audit
  /// unavailable) or failed to start; `ticket` when it verified, `caller` (the user of
  /// the caller's verified token) when there is one. `statement` names the call (an
  /// action refused for want of a planner credential is recorded here too).
  void RecordRefusal(const arrow::flight::ServerCallContext& context,
                     const arrow::Status& status, const TicketPayload* ticket = nullptr,
                     const std::string& caller = "", const std::string& statement = "DoGet");

 private:
  audit::AuditEvent NewEvent(const arrow::flight::ServerCallContext& context) const;

  audit::AuditLog* log_;
  const std::string instance_;
  int64_t earliest_issue_ms_ = 0;  // tickets issued before this are refused
  int64_t ticket_ttl_ms_ = 0;
};

}  // namespace warden::worker
