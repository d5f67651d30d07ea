#include "warden/worker/result_stream.h"

#include <chrono>

#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"
#include "warden/exec/executor.h"

namespace warden::worker {

namespace {
/// How often the watcher looks at the call: a cancelled query stops within this
/// (plus the time to its plan's next allocation).
constexpr auto kPollInterval = std::chrono::milliseconds(50);
}  // namespace

ResultStream::ResultStream(std::shared_ptr<arrow::RecordBatchReader> reader,
                           std::string query_id,
                           const arrow::flight::ServerCallContext* context,
                           std::unique_ptr<TaskAudit> audit)
    : audit_(std::move(audit)),
      reader_(reader),
      inner_(audit_ ? audit_->Wrap(std::move(reader)) : std::move(reader)),
      query_id_(std::move(query_id)) {
  if (context != nullptr) watcher_ = std::thread([this, context] { Watch(context); });
}

ResultStream::~ResultStream() { ARROW_UNUSED(Close()); }

void ResultStream::Watch(const arrow::flight::ServerCallContext* context) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_watching_) {
    if (context->is_cancelled()) {
      cancelled_ = true;
      exec::CancelExecution(reader_.get());
      spdlog::info("task of query {} cancelled by the client; stopping its plan", query_id_);
      return;
    }
    wake_.wait_for(lock, kPollInterval);
  }
}

void ResultStream::StopWatching() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stop_watching_ = true;
  }
  wake_.notify_all();
  if (watcher_.joinable()) watcher_.join();
}

arrow::Result<arrow::flight::FlightPayload> ResultStream::GetSchemaPayload() {
  auto payload = inner_.GetSchemaPayload();
  if (!payload.ok()) {
    failed_ = true;
    if (audit_) audit_->Fail(payload.status());
    return ToFlightStatus(payload.status());
  }
  return payload;
}

arrow::Result<arrow::flight::FlightPayload> ResultStream::Next() {
  auto payload = inner_.Next();
  if (!payload.ok()) {
    failed_ = true;
    bool cancelled;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      cancelled = cancelled_;
    }
    if (!cancelled) {
      spdlog::warn("task of query {} failed: {}", query_id_, FormatError(payload.status()));
    }
    if (audit_) audit_->Fail(payload.status());
    return ToFlightStatus(payload.status());
  }
  if (audit_) {
    if (payload->ipc_message.metadata == nullptr) {  // the end: durable before reported
      if (auto finished = audit_->Finish(); !finished.ok()) {
        failed_ = true;
        return ToFlightStatus(finished);
      }
    } else {
      audit_->OnPayload(*payload);
    }
  }
  return payload;
}

arrow::Status ResultStream::Close() {
  if (closed_) return arrow::Status::OK();
  closed_ = true;
  StopWatching();
  if (audit_) audit_->Cancel();  // no-op after Finish or Fail
  arrow::Status status = inner_.Close();
  if (!status.ok() && !failed_) {
    spdlog::warn("closing the result of query {}: {}", query_id_, FormatError(status));
  }
  // Dropping the last reference stops the plan and waits for it (ConformingReader).
  reader_.reset();
  spdlog::info("task of query {} stopped; {} plan(s) still running on this worker",
               query_id_, exec::RunningPlans());
  return arrow::Status::OK();
}

}  // namespace warden::worker
