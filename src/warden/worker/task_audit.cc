#include "warden/worker/task_audit.h"

#include <spdlog/spdlog.h>

#include "warden/audit/service_events.h"
#include "warden/common/error.h"

namespace warden::worker {

namespace {

/// Counts the rows of the batches it hands out.
class CountingReader : public arrow::RecordBatchReader {
 public:
  CountingReader(std::shared_ptr<arrow::RecordBatchReader> inner,
                 std::shared_ptr<std::atomic<int64_t>> rows)
      : inner_(std::move(inner)), rows_(std::move(rows)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return inner_->schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>* batch) override {
    ARROW_RETURN_NOT_OK(inner_->ReadNext(batch));
    if (*batch) rows_->fetch_add((*batch)->num_rows(), std::memory_order_relaxed);
    return arrow::Status::OK();
  }
  arrow::Status Close() override { return inner_->Close(); }

 private:
  std::shared_ptr<arrow::RecordBatchReader> inner_;
  std::shared_ptr<std::atomic<int64_t>> rows_;
};

/// Fails at its first batch: a task refused after its stream started sends no rows.
class RefusingReader : public arrow::RecordBatchReader {
 public:
  RefusingReader(std::shared_ptr<arrow::RecordBatchReader> inner, arrow::Status refusal)
      : inner_(std::move(inner)), refusal_(std::move(refusal)) {}

  std::shared_ptr<arrow::Schema> schema() const override { return inner_->schema(); }
  arrow::Status ReadNext(std::shared_ptr<arrow::RecordBatch>*) override { return refusal_; }
  arrow::Status Close() override { return inner_->Close(); }

 private:
  std::shared_ptr<arrow::RecordBatchReader> inner_;
  arrow::Status refusal_;
};

void RecordBuffered(audit::AuditLog* log, audit::AuditEvent event) {
  auto recorded = log->Record(std::move(event));
  if (!recorded.ok()) spdlog::error("audit event not recorded: {}", FormatError(recorded));
}

}  // namespace

TaskAudit::TaskAudit(audit::AuditLog* log, audit::AuditEvent event, arrow::Status refusal)
    : log_(log), event_(std::move(event)), refusal_(std::move(refusal)) {}

TaskAudit::~TaskAudit() { Cancel(); }

std::shared_ptr<arrow::RecordBatchReader> TaskAudit::Wrap(
    std::shared_ptr<arrow::RecordBatchReader> reader) {
  if (!refusal_.ok()) return std::make_shared<RefusingReader>(std::move(reader), refusal_);
  return std::make_shared<CountingReader>(std::move(reader), rows_);
}

void TaskAudit::OnPayload(const arrow::flight::FlightPayload& payload) {
  bytes_ += payload.ipc_message.body_length;
}

audit::AuditEvent TaskAudit::Completed() {
  done_ = true;
  audit::AuditEvent event = std::move(event_);
  event.rows = rows_->load(std::memory_order_relaxed);
  event.bytes = bytes_;
  event.duration_us = audit::NowMicros() - event.time_us;
  return event;
}

arrow::Status TaskAudit::Finish() {
  if (done_) return arrow::Status::OK();
  const std::string query_id = event_.request_id;
  auto durable = log_->RecordDurable(Completed());
  if (!durable.ok()) {
    spdlog::error("task of query {} not acknowledged: its audit event is not durable: {}",
                  query_id, FormatError(durable));
    return Error(ErrorCode::kAuditUnavailable,
                 "the audit trail cannot record this task right now; try again later");
  }
  return arrow::Status::OK();
}

void TaskAudit::Fail(const arrow::Status& status) {
  if (done_) return;
  audit::AuditEvent event = Completed();
  audit::FillOutcome(status, &event);
  event.kind = audit::EventKind::kTask;
  RecordBuffered(log_, std::move(event));
}

void TaskAudit::Cancel() {
  if (done_) return;
  audit::AuditEvent event = Completed();
  event.status = audit::EventStatus::kFailed;
  event.error_message = "the client closed the stream before its end";
  RecordBuffered(log_, std::move(event));
}

arrow::Status WorkerAudit::Admit() const {
  if (log_->healthy()) return arrow::Status::OK();
  return Error(ErrorCode::kAuditUnavailable,
               "the audit trail cannot record tasks right now; try again later");
}

audit::AuditEvent WorkerAudit::NewEvent(
    const arrow::flight::ServerCallContext& context) const {
  audit::AuditEvent event;
  event.time_us = audit::NowMicros();
  event.kind = audit::EventKind::kTask;
  event.service = "worker";
  event.instance = instance_;
  audit::FillCallFields(context, &event);
  return event;
}

std::unique_ptr<TaskAudit> WorkerAudit::StartTask(
    const arrow::flight::ServerCallContext& context, const TicketPayload& ticket) {
  audit::AuditEvent event = NewEvent(context);
  event.request_id = ticket.query_id;
  event.user = ticket.user;
  arrow::Status refusal;
  if (ticket_ttl_ms_ > 0 && ticket.expires_at_ms - ticket_ttl_ms_ < earliest_issue_ms_) {
    refusal = Error(ErrorCode::kTicketExpired,
                    "the ticket was issued before the server restarted; run the query again");
  }
  return std::make_unique<TaskAudit>(log_, std::move(event), std::move(refusal));
}

void WorkerAudit::RefuseTicketsOfEarlierRuns(std::chrono::milliseconds ticket_ttl) {
  earliest_issue_ms_ = audit::NowMicros() / 1000;
  ticket_ttl_ms_ = ticket_ttl.count();
}

void WorkerAudit::RecordRefusal(const arrow::flight::ServerCallContext& context,
                                const arrow::Status& status, const TicketPayload* ticket,
                                const std::string& caller, const std::string& statement) {
  audit::AuditEvent event = NewEvent(context);
  if (ticket != nullptr) {
    event.request_id = ticket->query_id;
    event.user = ticket->user;
  }
  event.statement = statement;
  audit::FillOutcome(status, &event);
  if (ErrorCodeOf(status) == ErrorCode::kTicketForeign) {
    // The event belongs to the user who tried; its message (the caller is told less)
    // names the user the ticket was issued to.
    event.kind = audit::EventKind::kRefusal;
    event.status = audit::EventStatus::kRefused;
    if (ticket != nullptr) {
      event.error_message += " (ticket issued to " + ticket->user + ")";
    }
  }
  if (!caller.empty()) event.user = caller;
  RecordBuffered(log_, std::move(event));
}

}  // namespace warden::worker
