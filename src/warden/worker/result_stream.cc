#include "warden/worker/result_stream.h"

#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"

namespace warden::worker {

ResultStream::ResultStream(std::shared_ptr<arrow::RecordBatchReader> reader,
                           std::string query_id, std::unique_ptr<TaskAudit> audit)
    : audit_(std::move(audit)),
      inner_(audit_ ? audit_->Wrap(std::move(reader)) : std::move(reader)),
      query_id_(std::move(query_id)) {}

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
    spdlog::warn("task of query {} failed: {}", query_id_, FormatError(payload.status()));
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
  if (audit_) audit_->Cancel();  // no-op after Finish or Fail
  arrow::Status status = inner_.Close();
  if (!status.ok() && !failed_) {
    spdlog::warn("closing the result of query {}: {}", query_id_, FormatError(status));
  }
  return arrow::Status::OK();
}

}  // namespace warden::worker
