#include "warden/worker/result_stream.h"

#include <spdlog/spdlog.h>

#include "warden/common/error.h"
#include "warden/common/flight_status.h"

namespace warden::worker {

ResultStream::ResultStream(std::shared_ptr<arrow::RecordBatchReader> reader,
                           std::string query_id)
    : inner_(std::move(reader)), query_id_(std::move(query_id)) {}

arrow::Result<arrow::flight::FlightPayload> ResultStream::GetSchemaPayload() {
  auto payload = inner_.GetSchemaPayload();
  if (!payload.ok()) {
    failed_ = true;
    return ToFlightStatus(payload.status());
  }
  return payload;
}

arrow::Result<arrow::flight::FlightPayload> ResultStream::Next() {
  auto payload = inner_.Next();
  if (!payload.ok()) {
    failed_ = true;
    spdlog::warn("task of query {} failed: {}", query_id_, FormatError(payload.status()));
    return ToFlightStatus(payload.status());
  }
  return payload;
}

arrow::Status ResultStream::Close() {
  if (closed_) return arrow::Status::OK();
  closed_ = true;
  arrow::Status status = inner_.Close();
  if (!status.ok() && !failed_) {
    spdlog::warn("closing the result of query {}: {}", query_id_, FormatError(status));
  }
  return arrow::Status::OK();
}

}  // namespace warden::worker
